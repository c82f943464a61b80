#!/usr/bin/env python3
"""Round 10's repositories as an unseen test (issue 13, docs/image-model.md round 11).

Reads the per-file CSV of `fakelens eval image --real $R10/real --fake $R10/ai --model M --csv FILE` (one or more models)
and prints, per model: pooled AUC (every AI image against the real *photos*), TPR at the model's shipped threshold and the
photos' FPR at it; AUC and TPR per leave-one-out fold, per `family` and per AI repository (each against all the real
photos); the share of each real repository and of the scans / screenshots (the hard negatives, never pooled with the
photos) at or above the threshold ("called_fake" column, written by eval image from the model's own 1 %-FPR threshold).

Real files are matched to `data/image-corpus.csv` (rows 6,140 on) by the rebuild script's naming, so their `family`
(camera-photo, portrait, people, scan, screenshot) comes from the manifest, not from this script.

Round 14 (an unseen batch in corpus-r14, rows 7,408 on) reads the same way: the corpus folder is taken from the CSV's
paths (corpus-r10, corpus-r14, ...), and --from-row names the batch's first manifest row.
Round 15 (the second unseen batch, corpus-r15) is read with --from-row 8158.

usage: unseen-repos.py [--exclude-list FILE] [--from-row N] [--list K] NAME=CSV [NAME=CSV ...]
  --exclude-list FILE   real files (one path a line) to leave out of the real photos (e.g. ones a model trained on)
  --from-row N          first manifest data row of the batch (default 6140, round 10; 7408 for round 14, 8158 for round 15)
  --list K              also list the K highest-scoring real photos and the K lowest-scoring AI images
"""
import csv, os, re, sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
FIRST_ROW = 6140  # manifest rows 6,140-7,407 (1-based data rows) are round 10


def safe(s):
    return re.sub(r'[^A-Za-z0-9._-]+', '_', s)


def auc(pos, neg):
    """Mann-Whitney AUC with ties counted half."""
    if not pos or not neg:
        return float('nan')
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i, n = 0.0, 0, len(allv)
    while i < n:
        j = i
        while j < n and allv[j][0] == allv[i][0]:
            j += 1
        r = (i + 1 + j) / 2.0
        rank_sum += r * sum(1 for k in range(i, j) if allv[k][1] == 1)
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2.0) / (len(pos) * len(neg))


def manifest_real_families(first_row=FIRST_ROW):
    fam = {}
    with open(os.path.join(ROOT, "data", "image-corpus.csv"), newline="") as f:
        for n, r in enumerate(csv.DictReader(f), start=1):
            if n < first_row or r["label"] != "real":
                continue
            fam[safe(r["group"]) + "/" + safe(r["path"])] = r["family"]
    return fam


def ai_labels(r10):
    out = {}
    with open(os.path.join(r10, "ai", "labels.csv"), newline="") as f:
        for r in csv.DictReader(f):
            out[r["file"]] = (r["generator"], r["family"], r["source"])
    return out


def main(argv):
    excluded, first_row, listing = set(), FIRST_ROW, 0
    while argv and argv[0].startswith("--"):
        if argv[0] == "--exclude-list":
            excluded = {l.strip() for l in open(argv[1]) if l.strip()}
        elif argv[0] == "--from-row":
            first_row = int(argv[1])
        elif argv[0] == "--list":
            listing = int(argv[1])
        else:
            raise SystemExit(f"unknown option {argv[0]}")
        argv = argv[2:]
    runs = [a.split("=", 1) for a in argv]
    fam = manifest_real_families(first_row)
    for name, path in runs:
        rows = list(csv.DictReader(open(path, newline="")))
        r10 = None
        for r in rows:
            m = re.match(r'(.*corpus-r\d+)/(ai|real)/', r["file"])
            if m:
                r10 = m.group(1)
                break
        labels = ai_labels(r10)
        folder = "/" + os.path.basename(r10) + "/"
        scored = []
        photos, hard, ai = [], defaultdict(list), []
        real_by_repo = defaultdict(list)
        real_by_family = defaultdict(list)
        skipped = 0
        for r in rows:
            if r["probability"] in ("", "NaN"):
                skipped += 1
                continue
            p, called = float(r["probability"]), r["called_fake"] == "1"
            rel = r["file"].split(folder, 1)[1]
            kind, rest = rel.split("/", 1)
            if kind == "ai":
                gen, family, source = labels[rest]
                ai.append((p, called, gen, family, source))
                scored.append((p, "ai", rest))
                continue
            if r["file"] in excluded:
                continue
            f = fam.get(rest)
            if f is None:
                raise SystemExit(f"{rest}: not in the manifest's rows from {first_row} on")
            scored.append((p, f, rest))
            repo = rest.split("/", 1)[0]
            if f in ("scan", "screenshot"):
                hard[f].append((p, called, repo))
            else:
                photos.append(p)
                real_by_repo[repo].append((p, called))
                real_by_family[f].append((p, called))
        photo_called = sum(1 for v in real_by_repo.values() for _, c in v if c)
        ai_p = [a[0] for a in ai]
        print(f"## {name}: {len(ai)} AI images, {len(photos)} real photos, "
              f"{sum(len(v) for v in hard.values())} scans/screenshots ({skipped} unscored)\n")
        print("| measure | value |\n|---|---|")
        print(f"| pooled AUC (all AI vs all real photos) | {auc(ai_p, photos):.3f} |")
        print(f"| TPR at the shipped threshold | {100.0 * sum(a[1] for a in ai) / len(ai):.1f} % ({sum(a[1] for a in ai)} / {len(ai)}) |")
        cut = sorted(photos, reverse=True)[max(0, int(len(photos) * 0.01) - 1)]  # the 1 % of photos above it, ties included
        print(f"| TPR at 1 % FPR of these photos (probability > {cut:.3f}) | {100.0 * sum(1 for v in ai_p if v > cut) / len(ai_p):.1f} % |")
        print(f"| real-photo FPR at the shipped threshold | {100.0 * photo_called / len(photos):.1f} % ({photo_called} / {len(photos)}) |")
        for h, v in sorted(hard.items()):
            n = sum(1 for x in v if x[1])
            print(f"| {h}s above the threshold | {n} / {len(v)} (AUC of all AI vs them {auc(ai_p, [x[0] for x in v]):.3f}) |")
        print()
        for title, key in (("leave-one-out fold", 2), ("family", 3), ("AI repository", 4)):
            groups = defaultdict(list)
            for a in ai:
                groups[a[key]].append(a)
            print(f"| {title} | images | AUC vs the {len(photos)} photos | TPR at threshold | mean probability |\n|---|---|---|---|---|")
            for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):
                v = groups[g]
                print(f"| {g} | {len(v)} | {auc([x[0] for x in v], photos):.3f} | {100.0 * sum(x[1] for x in v) / len(v):.1f} % | {sum(x[0] for x in v) / len(v):.3f} |")
            print()
        print("| real repository (family) | photos | above threshold | mean probability |\n|---|---|---|---|")
        for g in sorted(real_by_repo, key=lambda g: (-len(real_by_repo[g]), g)):
            v = real_by_repo[g]
            print(f"| {g} | {len(v)} | {sum(1 for _, c in v if c)} | {sum(p for p, _ in v) / len(v):.3f} |")
        for f, v in sorted(real_by_family.items()):
            print(f"| *all {f}* | {len(v)} | {sum(1 for _, c in v if c)} | {sum(p for p, _ in v) / len(v):.3f} |")
        for h, v in sorted(hard.items()):
            print(f"| *{h}s* ({', '.join(sorted({x[2] for x in v}))}) | {len(v)} | {sum(1 for x in v if x[1])} | {sum(x[0] for x in v) / len(v):.3f} |")
        print()
        if listing:
            real_s = sorted((x for x in scored if x[1] not in ("ai", "scan", "screenshot")), reverse=True)[:listing]
            ai_s = sorted(x for x in scored if x[1] == "ai")[:listing]
            print(f"| highest-scoring real photos ({name}) | family | probability |\n|---|---|---|")
            for p, f, rest in real_s:
                print(f"| {rest} | {f} | {p:.3f} |")
            print(f"\n| lowest-scoring AI images ({name}) | probability |\n|---|---|")
            for p, _, rest in ai_s:
                print(f"| {rest} | {p:.3f} |")
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
