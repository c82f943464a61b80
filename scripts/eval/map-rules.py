#!/usr/bin/env python3
"""Compare AI-map area rules offline on the window scores of `fakelens train image-map --windows-csv`.

For each rule (window density, how a cell takes its value from the windows, the picture's baseline) it sets the
contrast on the setting photos (sets_contrast = 1) exactly as `train image-map` does (the --quantile, 0.99, of each
photo's best area contrast, linear between order statistics), then counts areas on the setting photos, on the check
photos, on tamper controls and on tamper AI fills (any area; an area on the fill's mask). Nothing here reads the
localisation test's composite.

usage: map-rules.py WINDOWS.csv MANIFEST_MODEL.json TAMPER_DIR [--quantile 0.99] [--only RULE]
"""
import csv
import json
import math
import os
import subprocess
import sys
import zipfile
from collections import defaultdict


def model_params(model_zip):
    with zipfile.ZipFile(model_zip) as z:
        manifest = json.loads(z.read("manifest.json"))
        calibration = json.loads(z.read("calibration.json"))
    cal = calibration["calibrator"]
    assert cal["kind"] == "platt", cal["kind"]
    return cal["a"], cal["b"], manifest["Threshold"]


def quantile(values, q):
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    if s[lo] == -math.inf:
        return s[hi]
    return s[lo] + (pos - lo) * (s[hi] - s[lo])


def positions(vals):
    return sorted(set(vals))


def build(win, w, h, side, dense, agg, base_q, a, b, thr):
    """Cells and their calibrated log-odds, the baseline and median log-odds (AiPatchMap.Build's geometry)."""
    ws = [v for v in win if dense or v[2]]
    xs, ys = positions([v[0] for v in ws]), positions([v[1] for v in ws])
    stride = max(1, side // 2)
    fine = max(1, side // 4) if dense else stride

    def spacing(p):
        return stride if len(p) < 2 else p[1] - p[0]

    cell = max(fine, min(spacing(xs), spacing(ys)))
    gw = min(max(int(round(w / cell)), 1), 128)
    gh = min(max(int(round(h / cell)), 1), 128)
    raw = sorted(v[3] for v in ws)
    n = len(raw)
    median = raw[n // 2] if n % 2 else 0.5 * (raw[n // 2 - 1] + raw[n // 2])
    base = quantile(raw, base_q)
    cells = []
    for cy in range(gh):
        y0, y1 = cy * h // gh, (cy + 1) * h // gh
        for cx in range(gw):
            x0, x1 = cx * w // gw, (cx + 1) * w // gw
            s = wt = 0.0
            best = None
            full = []
            nearest = None
            for (x, y, _, logit) in ws:
                d = ((x0 + x1) / 2 - (x + side / 2)) ** 2 + ((y0 + y1) / 2 - (y + side / 2)) ** 2
                if nearest is None or d < nearest[0]:
                    nearest = (d, logit)
                ox = min(x1, x + side) - max(x0, x)
                oy = min(y1, y + side) - max(y0, y)
                if ox > 0 and oy > 0:
                    s += ox * oy * logit
                    wt += ox * oy
                    if best is None or ox * oy > best[0] or (ox * oy == best[0] and logit > best[1]):
                        best = (ox * oy, logit)
                    if ox == x1 - x0 and oy == y1 - y0:
                        full.append(logit)
            if wt == 0:
                v = nearest[1]
            elif agg == "mean":
                v = s / wt
            elif agg == "best":
                v = best[1]
            elif agg == "maxfull":
                v = max(full) if full else s / wt
            else:
                raise ValueError(agg)
            cells.append((x0, y0, x1, y1, v))
    lo = lambda r: -(a * r + b)
    p_med = 1 / (1 + math.exp(a * median + b))
    return [(c[0], c[1], c[2], c[3], lo(c[4]), 1 / (1 + math.exp(a * c[4] + b))) for c in cells], lo(base), p_med, n


def area_cells(cells, base, p_med, n, thr, contrast):
    if n < 3 or p_med >= thr:
        return []
    return [c for c in cells if c[5] >= thr and c[4] - base >= contrast]


def area_score(cells, base, p_med, n, thr):
    if n < 3 or p_med >= thr:
        return -math.inf
    vals = [c[4] - base for c in cells if c[5] >= thr]
    return max(vals) if vals else -math.inf


def top_score(cells, base):
    return max(c[4] for c in cells) - base


def mask_of(path, w, h):
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    assert len(out) == w * h, (path, len(out), w, h)
    return out


def main():
    args = sys.argv[1:]
    q = 0.99
    only = None
    if "--quantile" in args:
        i = args.index("--quantile")
        q = float(args[i + 1])
        del args[i:i + 2]
    probe = None
    if "--probe" in args:
        i = args.index("--probe")
        probe = args[i + 1]
        del args[i:i + 2]
    if "--only" in args:
        i = args.index("--only")
        only = args[i + 1]
        del args[i:i + 2]
    windows_csv, model_zip, tamper_dirs = args[0], args[1], args[2:]
    a, b, thr = model_params(model_zip)
    images = {}
    probes = {}

    def read(path, into):
        for r in csv.DictReader(open(path)):
            key = r["path"]
            if "/masks/" in key:
                continue
            if key not in into:
                into[key] = dict(sets=r["sets_contrast"] == "1", w=int(r["width"]), h=int(r["height"]), side=int(r["side"]), win=[])
            into[key]["win"].append((int(r["x"]), int(r["y"]), r["coarse"] == "1", float(r["raw_score"])))

    if probe:
        read(probe, probes)
    for r in []:
        key = r["path"]
        if "/masks/" in key:
            continue
        if key not in images:
            images[key] = dict(sets=r["sets_contrast"] == "1", w=int(r["width"]), h=int(r["height"]), side=int(r["side"]), win=[])
        pass
    read(windows_csv, images)
    dense_available = any(not v[2] for im in images.values() for v in im["win"])
    kinds = {}
    masks = {}
    for t in tamper_dirs:
        for r in csv.DictReader(open(os.path.join(t, "manifest.csv"))):
            p = os.path.join(t, r["file"])
            kinds[p] = r["kind"]
            if r["kind"] != "control" and p in images:
                im = images[p]
                masks[p] = mask_of(os.path.join(t, r["mask"]), im["w"], im["h"])

    def group(p):
        if p in kinds:
            return "fill" if kinds[p] != "control" else "control"
        return "set" if images[p]["sets"] else "check"

    rules = [(d, g, bq) for d in ((False, True) if dense_available else (False,)) for g in ("mean", "best", "maxfull") for bq in (0.5, 0.25, 0.1, 0.0)]
    tamper_of = {p: os.path.basename(os.path.dirname(p)) for p in kinds}
    print(f"threshold {thr:.4f}; {sum(1 for p in images if group(p) == 'set')} setting photos, "
          f"{sum(1 for p in images if group(p) == 'check')} check photos, {sum(1 for p in images if group(p) == 'control')} controls, "
          f"{sum(1 for p in images if group(p) == 'fill')} fills; quantile {q}")
    print("| windows | cell | baseline | contrast (by area score) | setting photos with an area | check photos | controls | fills with an area | fills with an area on the mask | fills on the mask per set | contrast by top-cell rule | fills on the mask at it | probe's area contrast (not used to choose) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (dense, agg, bq) in rules:
        name = f"{'dense' if dense else 'map'}/{agg}/q{bq}"
        if only and name != only:
            continue
        built = {p: build(im["win"], im["w"], im["h"], im["side"], dense, agg, bq, a, b, thr) for p, im in images.items()}
        setting = [area_score(*built[p], thr) for p in images if group(p) == "set"]
        tops = [top_score(built[p][0], built[p][1]) for p in images if group(p) == "set"]
        rows = []
        for c in (quantile(setting, q), quantile(tops, q)):
            counts = defaultdict(int)
            placed = 0
            per_set = defaultdict(int)
            for p, im in images.items():
                found = area_cells(*built[p], thr, c)
                if found:
                    counts[group(p)] += 1
                if p in masks and found:
                    m = masks[p]
                    w = im["w"]
                    for (x0, y0, x1, y1, _, _) in found:
                        inside = sum(1 for y in range(y0, y1, 4) for x in range(x0, x1, 4) if m[y * w + x] > 127)
                        total = len(range(y0, y1, 4)) * len(range(x0, x1, 4))
                        if inside >= 0.25 * total:
                            placed += 1
                            per_set[tamper_of[p]] += 1
                            break
            rows.append((c, counts, placed, per_set))
        (c, counts, placed, per_set), (ct, countst, placedt, _) = rows
        sets_text = ", ".join(f"{k} {v}" for k, v in sorted(per_set.items())) or "-"
        probe_text = ", ".join(f"{area_score(*build(im['win'], im['w'], im['h'], im['side'], dense, agg, bq, a, b, thr), thr):.2f}" for im in probes.values()) or "-"
        print(f"| {'dense' if dense else 'map'} | {agg} | q{bq} | {c:.2f} | {counts['set']} | {counts['check']} | {counts['control']} | "
              f"{counts['fill']} | {placed} | {sets_text} | {ct:.2f} | {placedt} (set {countst['set']}) | {probe_text} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
