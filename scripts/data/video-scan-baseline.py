#!/usr/bin/env python3
"""What `fakelens scan` says today on the video corpus: per-video scores read from scan JSON reports, AUC per fake
family (against all real clips) and per real source (mean score, share called AI).

    fakelens scan $C --json scan.json -q            # C = OUT/clips from rebuild-video-corpus.sh
    scripts/data/video-scan-baseline.py scan.json [more.json ...]
    scripts/data/video-scan-baseline.py scores.csv   # `eval video --scores` CSV: the same per-frame model's
                                                      # max and mean over the clip's 2-fps frames (ai_p_max, ai_p_mean)

Scores per video (no training, no fitting; the scan's own figures):
  verdict   the per-video verdict's AI-generated probability (all detectors fused)
  frame_max the video.frames.ai-image.model finding's highest frame score (0 when the finding is absent)
  frame_mean its mean frame score
The family is the folder below clips/real or clips/fake (the layout of the rebuild script). Standard library only.
"""
import json
import sys
from collections import defaultdict


def auc(pos, neg):
    """Mann-Whitney AUC with ties counted half."""
    if not pos or not neg:
        return float("nan")
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum, i = 0.0, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0
        rank_sum += mid * sum(1 for k in range(i, j) if allv[k][1] == 1)
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2.0) / (len(pos) * len(neg))


def fact(evidence, name):
    for f in evidence.get("facts", []):
        if f.get("name") == name:
            try:
                return float(f.get("value"))
            except (TypeError, ValueError):
                return None
    return None


def rows(paths):
    for p in paths:
        if p.endswith(".csv"):
            import csv
            with open(p, encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(fh):
                    yield r["path"], r["label"] == "fake", r["family"], None, "", float(r["ai_p_max"]), float(r["ai_p_mean"])
            continue
        with open(p, encoding="utf-8") as fh:
            report = json.load(fh)
        for f in report["files"]:
            parts = f["path"].split("/")
            if "clips" not in parts:
                continue
            k = len(parts) - 1 - parts[::-1].index("clips")
            cls, family = parts[k + 1], parts[k + 2]
            verdict = (f.get("verdict") or {}).get("probabilities", {}).get("aiGenerated")
            band = (f.get("verdict") or {}).get("band", "")
            ev = next((e for e in f.get("evidence", []) if e.get("id") == "video.frames.ai-image.model"), None)
            fmax = fact(ev, "highest frame score") if ev else None
            fmean = fact(ev, "mean frame score") if ev else None
            yield f["path"], cls == "fake", family, verdict, band, fmax or 0.0, fmean or 0.0


def main():
    data = {r[0]: r for r in rows(sys.argv[1:])}.values()
    if not data:
        sys.exit("no clips found in the reports")
    scores = {"verdict": 3, "frame_max": 5, "frame_mean": 6}
    real = [r for r in data if not r[1]]
    fake = [r for r in data if r[1]]
    print(f"{len(fake)} AI clips, {len(real)} real clips")
    for name, col in scores.items():
        pos = [r[col] for r in fake if r[col] is not None]
        neg = [r[col] for r in real if r[col] is not None]
        if pos and neg:
            print(f"pooled AUC ({name}): {auc(pos, neg):.3f}")
    fams = defaultdict(list)
    for r in data:
        fams[(r[1], r[2])].append(r)
    print(f"{'family/source':34} {'class':5} {'n':>4} {'AUC verdict':>11} {'AUC max':>8} {'AUC mean':>8} {'mean p':>7} {'called AI':>9}")
    macro = defaultdict(list)
    for (is_fake, fam), rs in sorted(fams.items()):
        has_verdict = any(r[3] is not None for r in rs)
        called = f"{sum(1 for r in rs if 'ai' in r[4].lower()) / len(rs):9.0%}" if has_verdict else f"{'—':>9}"
        meanp = f"{sum(r[3] or 0 for r in rs) / len(rs):7.3f}" if has_verdict else f"{'—':>7}"
        if is_fake:
            a = [auc([r[c] for r in rs if r[c] is not None], [r[c] for r in real if r[c] is not None]) for c in (3, 5, 6)]
            for n, v in zip(scores, a):
                macro[n].append(v)
            print(f"{fam:34} fake  {len(rs):4} {a[0]:11.3f} {a[1]:8.3f} {a[2]:8.3f} {meanp} {called}")
        else:
            print(f"{fam:34} real  {len(rs):4} {'':>11} {'':>8} {'':>8} {meanp} {called}")
    for n, v in macro.items():
        v = [x for x in v if x == x]
        if v:
            print(f"mean per-family AUC ({n}): {sum(v) / len(v):.3f} over {len(v)} families")


if __name__ == "__main__":
    main()
