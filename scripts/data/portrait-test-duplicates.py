#!/usr/bin/env python3
"""Finds data/image-corpus.csv rows that are byte-identical (SHA-256) to a file of the unseen-portrait test set.

The unseen-portrait check (issue 13, round 8 on) scores the image models on the rows of data/video-face-blend.csv whose
repository is listed in data/unseen-portrait-repositories.txt. Round 10's manifest script checked new rows only against
the image corpus and the shared data, so 78 of its real photos (all 59 of serengil/deepface's, 10 of davisking/dlib's,
9 of ageitgey/face_recognition's) are the same files as test portraits. They are not dropped from the manifest (the
corpus rebuild and its folder layout, which the training listing and the feature cache depend on, stay as they are):
their notes end with MARK, and training keeps them out with --exclude (this script prints the paths).

Usage: scripts/data/portrait-test-duplicates.py [--mark] [--excludes CORPUS_ROOT]
  (no option)          list the duplicates; exit 1 if one is not marked, or a marked row is not a duplicate
  --mark               append MARK (and the test file it repeats) to the notes of unmarked duplicates, in place
  --excludes ROOT      print the rebuilt corpus paths of the marked rows under ROOT (e.g. /work/data-cache/image),
                       whole source folders where every file of the folder is marked, for `train image --exclude`
scripts/data/image-manifest-round10.py applies the same check (and mark) to the rows it adds.
"""
import collections, csv, io, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE = os.path.join(ROOT, 'data', 'image-corpus.csv')
BLEND = os.path.join(ROOT, 'data', 'video-face-blend.csv')
REPOS = os.path.join(ROOT, 'data', 'unseen-portrait-repositories.txt')
MARK = 'unseen-portrait test file'
# first data row of each rebuilt round folder (scripts/data/rebuild-image-corpus.sh)
ROUNDS = [(6140, 'corpus-r10'), (4930, 'corpus-r7'), (4311, 'corpus-r6'), (3027, 'corpus-r4'), (1, 'corpus')]


def test_files():
    repos = {l.strip() for l in open(REPOS) if l.strip() and not l.startswith('#')}
    return {r['sha256']: r for r in csv.DictReader(open(BLEND, newline='')) if r['repo'] in repos}


def note(test):
    return f"{MARK} ({test['repo']}:{test['path']}): not for training"


def check(rows, tests):
    """(row number, row, test row or None) for every duplicate and every marked row."""
    out = []
    for n, r in enumerate(rows, 1):
        t = tests.get(r['sha256'])
        if t is not None or MARK in (r['notes'] or ''):
            out.append((n, r, t))
    return out


def safe(s):
    return re.sub(r'[^A-Za-z0-9._-]+', '_', s)


def main():
    header, rows = None, []
    with open(IMAGE, newline='') as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    tests = test_files()
    found = check(rows, tests)
    if '--excludes' in sys.argv:
        root = sys.argv[sys.argv.index('--excludes') + 1]
        by_folder = collections.defaultdict(list)
        for n, r, _ in found:
            if r['label'] != 'real' or MARK not in r['notes']:
                continue
            folder = os.path.join(root, next(d for first, d in ROUNDS if n >= first), 'real', safe(r['group']))
            by_folder[folder].append(os.path.join(folder, safe(r['path'])))
        sizes = collections.Counter(next(d for first, d in ROUNDS if n >= first) + '/' + safe(r['group']) for n, r in enumerate(rows, 1) if r['label'] == 'real')
        for folder, files in sorted(by_folder.items()):
            key = os.path.basename(os.path.dirname(os.path.dirname(folder))) + '/' + os.path.basename(folder)
            print(folder if len(files) == sizes[key] else '\n'.join(sorted(files)))
        return 0
    bad = 0
    for n, r, t in found:
        marked = MARK in (r['notes'] or '')
        state = 'marked' if marked and t else 'NOT MARKED' if t else 'MARKED BUT NOT A DUPLICATE'
        bad += state != 'marked'
        print(f"row {n}: {r['repo']}:{r['path']} = {t['repo'] + ':' + t['path'] if t else '-'} [{state}]")
        if '--mark' in sys.argv and t and not marked:
            r['notes'] = (r['notes'] + '; ' if r['notes'] else '') + note(t)
    by = collections.Counter(r['repo'] for _, r, t in found if t)
    print(f"{sum(by.values())} image-corpus rows repeat an unseen-portrait test file: " + ', '.join(f'{k} {v}' for k, v in by.most_common()), file=sys.stderr)
    if '--mark' in sys.argv:
        # only the marked lines are rewritten; every other line keeps its bytes (the manifest's quoting is not csv's default)
        lines = open(IMAGE, newline='').read().split('\n')
        for n, r, t in found:
            if t and MARK in r['notes']:
                buf = io.StringIO()
                csv.writer(buf, lineterminator='').writerow([r[h] for h in header])
                lines[n] = buf.getvalue()
        with open(IMAGE, 'w', newline='') as f:
            f.write('\n'.join(lines))
        return 0
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
