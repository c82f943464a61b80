"""Shared by scripts/data/image-manifest-round14.py and later rounds: reads fetched repository snapshots under
/work/.mirror (FAKELENS_MIRRORS overrides) at their HEAD and collects data/image-corpus.csv rows.

A round's script calls configure(note) once, then ai()/real()/add() per file; `rows` holds the rows in order, `seen` the
(SHA-256, crop) keys already taken (a script pre-fills it with the manifest's and the shared data's files). Every file is
decoded with Pillow before its row is kept, so LFS pointers and truncated files stop the run.
Needs python3 with Pillow (Debian: python3-pil).
"""
import hashlib, io, os, re, subprocess, sys

from PIL import Image

MIRROR = os.environ.get('FAKELENS_MIRRORS', '/work/.mirror')
NOLIC = 'no licence file (public repository)'
NOTE = ''
rows, seen = [], set()


def configure(note):
    """The notes prefix of every row of this round (e.g. "round 15 unseen batch")."""
    global NOTE
    NOTE = note


def gitdir(repo):
    d = os.path.join(MIRROR, repo.replace('/', '+'), 'repo')
    return d + '/.git' if os.path.isdir(d + '/.git') else d


_heads = {}


def head(repo):
    if repo not in _heads:
        _heads[repo] = subprocess.run(['git', '--git-dir', gitdir(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True).stdout.strip()
    return _heads[repo]


def blob(repo, path):
    return subprocess.run(['git', '--git-dir', gitdir(repo), 'show', f'{head(repo)}:{path}'], capture_output=True, check=True).stdout


def width(repo, path):
    try:
        return Image.open(io.BytesIO(blob(repo, path))).width
    except Exception:  # the broken-file test images of photo apps
        return 0


def present(repo, path):
    """False for files whose blob the snapshot lacks (large files are often absent)."""
    return subprocess.run(['git', '--git-dir', gitdir(repo), 'cat-file', '-e', f'{head(repo)}:{path}'], capture_output=True).returncode == 0


def ls(repo, under=''):
    out = subprocess.run(['git', '--git-dir', gitdir(repo), 'ls-tree', '-r', '--name-only', head(repo)] + ([under] if under else []),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return sorted(p for p in out if p.lower().endswith(('.jpg', '.jpeg', '.png', '.webp')) and present(repo, p))


def add(repo, path, licence, label, family, group, notes, crop=None):
    if not present(repo, path):
        print('absent from the snapshot, skipped:', repo, path, file=sys.stderr)
        return
    b = blob(repo, path)
    Image.open(io.BytesIO(b)).convert('RGB')  # decodes, or the run stops here (no LFS pointers, no truncated files)
    sha = hashlib.sha256(b).hexdigest()
    key = (sha, 'crop=%d:%d:%d:%d' % crop if crop else '')
    if key in seen:
        return
    seen.add(key)
    notes = NOTE + '; ' + (('crop=%d:%d:%d:%d; ' % crop) if crop else '') + notes
    rows.append([repo, head(repo), path, sha, len(b), licence, label, family, group, notes])


def ai(repo, paths, licence, family, note, people=(), crops=None):
    for p in paths:
        pre = 'people; ' if p in people or people == 'all' else ''
        for c in (crops(p) if crops else [None]):
            add(repo, p, licence, 'ai', family(p) if callable(family) else family, repo, pre + note, c)


def real(repo, paths, licence, note, people=(), family='camera-photo'):
    for p in paths:
        add(repo, p, licence, 'real', family(p) if callable(family) else family, repo,
            ('people; ' if p in people or people == 'all' else '') + note)


def fixed_grid(cols, rows_, w, h, pick=None):
    cells = [(w, h, i * w, j * h) for j in range(rows_) for i in range(cols)]
    return lambda p: [cells[k] for k in (pick(p) if callable(pick) else pick or range(len(cells)))]


PERSON = re.compile(r'\b(man|men|woman|women|girl|boy|person|people|portrait|selfie|child|kid|couple|crowd|face|he|she|his|her)\b', re.I)

# =====================================================================================================================
# AI images
