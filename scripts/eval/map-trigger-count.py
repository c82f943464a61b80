#!/usr/bin/env python3
"""Counts the built two-model map rule per group from `fakelens train image-map --csv` (issue 13, round 11).

The CSV's candidate / map_drawn_by / shown_regions / shown_cells columns come from the scan's own code (AiMapTrigger: the
scoring model's map, and the map model's where the scoring model has a candidate window); this script only groups them
like scripts/eval/map-cascade.py's table: setting photos, check photos, and for AI-fill sets (folders holding
manifest.csv and masks/, given as arguments; the CSV may name them through a folder of symlinks, matched by file name)
controls and fills, a fill counting "on the mask" when a flagged cell of the shown map is more than 25 % masked.
Usage: map-trigger-count.py photos.csv TAMPER_DIR...
"""
import csv, os, subprocess, sys
from collections import defaultdict


def mask_of(path):
    # width/height from ffprobe, grey pixels from ffmpeg (no imaging package needed)
    wh = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], capture_output=True, check=True, text=True).stdout.strip().split(",")
    w, h = int(wh[0]), int(wh[1])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    assert len(raw) == w * h, (path, len(raw), w, h)
    return raw, w


def on_mask(cells, mask):
    raw, w = mask
    for x, y, cw, ch in cells:
        hit = sum(1 for yy in range(y, y + ch) for xx in range(x, x + cw) if raw[yy * w + xx] > 127)
        if hit > 0.25 * cw * ch:
            return True
    return False


def main():
    rows_path, tamper = sys.argv[1], sys.argv[2:]
    kinds = {}
    for t in tamper:
        for r in csv.DictReader(open(os.path.join(t, "manifest.csv"))):
            kinds[(os.path.basename(t.rstrip("/")), r["file"])] = (r["kind"], os.path.join(t, r["mask"]))
    res = defaultdict(lambda: defaultdict(int))
    drawn = defaultdict(int)
    for r in csv.DictReader(open(rows_path)):
        name = os.path.basename(r["path"])
        folder = os.path.basename(os.path.dirname(r["path"])).removesuffix("-files")
        cells = [tuple(int(v) for v in c.split(":")) for c in r["shown_cells"].split(";") if c]
        if (folder, name) in kinds:
            kind, mask = kinds[(folder, name)]
            g = "control" if kind == "control" else "fill"
        else:
            g, mask = ("setting photos" if r["sets_contrast"] == "1" else "check photos"), None
        d = res[g]
        d["pictures"] += 1
        d["with a candidate"] += r["candidate"] == "1"
        d["with an area"] += int(r["shown_regions"]) > 0
        drawn[r["map_drawn_by"]] += 1
        if g == "fill" and cells:
            d["area on the mask"] += on_mask(cells, mask_of(mask))
    for g, d in res.items():
        print(g, dict(d))
    print("map drawn by:", dict(drawn))


if __name__ == "__main__":
    main()
