#!/usr/bin/env python3
"""Per-system EER, AUC and false-negative rate at the model's threshold from a `fakelens eval speech --csv` file.

Usage: scripts/data/speech-scores-by-system.py SCORES.csv THRESHOLD [--known SYSTEM,SYSTEM,...]
Every synthetic system (the `family` column) is scored against all real clips of the same file and condition, so a
system's EER is "this system's fakes vs the real clips shown beside them". FNR = share of the system's clips scored
below THRESHOLD (called real); the real clips' FPR at THRESHOLD is printed once per condition. Systems named in
--known are marked as already in the training corpus (not an unseen-system figure). Output: a Markdown table.
"""
import csv
import sys
from collections import defaultdict


def eer_auc(real, fake):
    """Equal error rate (threshold sweep over all scores, mean of FPR and FNR where they cross) and AUC."""
    pairs = sorted([(s, 0) for s in real] + [(s, 1) for s in fake])
    n_r, n_f = len(real), len(fake)
    best, eer = 2.0, 1.0
    # threshold just above each score: real below it are correct, fake below it are missed
    fn, tn = 0, 0
    for s, y in pairs:
        if y:
            fn += 1
        else:
            tn += 1
        fnr, fpr = fn / n_f, 1 - tn / n_r
        if abs(fnr - fpr) < best:
            best, eer = abs(fnr - fpr), (fnr + fpr) / 2
    # AUC by ranks (ties count half)
    wins = 0.0
    for f in fake:
        for r in real:
            wins += 1.0 if f > r else 0.5 if f == r else 0.0
    return eer, wins / (n_r * n_f)


def main():
    path, thr = sys.argv[1], float(sys.argv[2])
    known = set()
    if "--known" in sys.argv:
        known = set(sys.argv[sys.argv.index("--known") + 1].split(","))
    real = defaultdict(list)
    fake = defaultdict(lambda: defaultdict(list))
    for row in csv.DictReader(open(path)):
        s = float(row["model_score"])
        if row["label"] == "real":
            real[row["condition"]].append(s)
        else:
            fake[row["condition"]][row["family"]].append(s)
    conds = list(real)
    print("| system | clips | " + " | ".join(f"EER {c} | AUC {c} | FNR@{thr:g} {c}" for c in conds) + " |")
    print("|---|---|" + "---|---|---|" * len(conds))
    systems = sorted(fake[conds[0]], key=lambda k: (-len(fake[conds[0]][k]), k))
    for name in systems:
        cells = []
        for c in conds:
            f = fake[c][name]
            e, a = eer_auc(real[c], f)
            fnr = sum(1 for s in f if s < thr) / len(f)
            cells.append(f"{100 * e:.1f} % | {a:.3f} | {100 * fnr:.1f} %")
        label = name + (" (in training corpus)" if name in known else "")
        print(f"| {label} | {len(fake[conds[0]][name])} | " + " | ".join(cells) + " |")
    for c in conds:
        allf = [s for v in fake[c].values() for s in v]
        e, a = eer_auc(real[c], allf)
        fpr = sum(1 for s in real[c] if s >= thr) / len(real[c])
        fnr = sum(1 for s in allf if s < thr) / len(allf)
        print(f"\n{c}: {len(real[c])} real, {len(allf)} synthetic; pooled EER {100 * e:.1f} %, AUC {a:.3f}; "
              f"at {thr:g}: FPR {100 * fpr:.1f} %, FNR {100 * fnr:.1f} %")
        unseen = [k for k in fake[c] if k not in known]
        if known and unseen:
            uf = [s for k in unseen for s in fake[c][k]]
            ue, ua = eer_auc(real[c], uf)
            mean = sum(eer_auc(real[c], fake[c][k])[0] for k in unseen) / len(unseen)
            ufnr = sum(1 for s in uf if s < thr) / len(uf)
            print(f"{c}, the {len(unseen)} systems not in --known ({len(uf)} clips): mean per-system EER "
                  f"{100 * mean:.1f} %, pooled EER {100 * ue:.1f} %, AUC {ua:.3f}, FNR at {thr:g} {100 * ufnr:.1f} %")


if __name__ == "__main__":
    main()
