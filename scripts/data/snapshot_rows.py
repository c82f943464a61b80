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


def finish(root, manifest, shared, round_name, cap, rows_before=None, cap_over_all_rows=False):
    """Checks and writes the round's rows: every repository new to the manifest (its first `rows_before` data rows, or all
    of them) and not reserved; files already in the manifest (same SHA-256 and crop) or in the shared images skipped;
    unseen-portrait test files marked; at most `cap` rows per repository (over the kept rows, or over every row of the
    round with `cap_over_all_rows`, so a re-run that appends additions still counts the rows written before). Prints the
    rows per repository and family; appends them to the manifest with --write."""
    import collections, csv, importlib.util
    known = set()
    earlier = set()
    for n, r in enumerate(csv.DictReader(open(manifest, newline='')), start=1):
        m = re.search(r'crop=\d+:\d+:\d+:\d+', r['notes'] or '')
        known.add((r['sha256'], m.group(0) if m else ''))
        known.add((r['sha256'], ''))
        if rows_before is None or n <= rows_before:  # rows of this round already written are skipped below
            earlier.add(r['repo'].lower())
    reserved = {l.strip().lower() for l in open(os.path.join(root, 'data', 'reserved-repositories.txt')) if l.strip() and not l.startswith('#')}
    shared_files = set()
    for d, _, files in os.walk(os.path.join(shared, 'images')):
        for f in files:
            shared_files.add(hashlib.sha256(open(os.path.join(d, f), 'rb').read()).hexdigest())
    keep = []
    for r in rows:
        assert r[0].lower() not in earlier, f'{r[0]} is already in the manifest: {round_name} takes new repositories only'
        assert r[0].lower() not in reserved, f'{r[0]} is reserved'
        crop = re.search(r'crop=\d+:\d+:\d+:\d+', r[9])
        if (r[3], crop.group(0) if crop else '') in known or (not crop and (r[3], '') in known) or r[3] in shared_files:
            print('already in the manifest or shared data, skipped:', r[0], r[2], crop.group(0) if crop else '', file=sys.stderr)
            continue
        keep.append(r)
    spec = importlib.util.spec_from_file_location('ptd', os.path.join(root, 'scripts', 'data', 'portrait-test-duplicates.py'))
    ptd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ptd)
    tests = ptd.test_files()
    for r in keep:
        if r[3] in tests and ptd.MARK not in r[9]:
            r[9] = r[9] + '; ' + ptd.note(tests[r[3]])
            print('same file as an unseen-portrait test picture, marked:', r[0], r[2], file=sys.stderr)
    by = collections.Counter((r[0], r[6], r[7]) for r in keep)
    for (repo, label, fam), n in sorted(by.items()):
        print(f'{n:4d} {label:4s} {fam:24s} {repo}', file=sys.stderr)
    per = collections.Counter(r[0] for r in (rows if cap_over_all_rows else keep))
    assert max(per.values()) <= cap, per.most_common(3)
    print('rows:', len(keep), 'ai', sum(r[6] == 'ai' for r in keep), 'real', sum(r[6] == 'real' for r in keep),
          'repositories ai', len({r[0] for r in keep if r[6] == 'ai'}), 'real', len({r[0] for r in keep if r[6] == 'real'}), file=sys.stderr)
    if '--write' in sys.argv:
        with open(manifest, 'a', newline='') as f:
            csv.writer(f, lineterminator='\n').writerows(keep)
