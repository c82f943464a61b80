#!/usr/bin/env python3
"""How often each face cue fires on real faces and footage, and how its raw statistic separates real from AI
(docs/faces.md, "Face cues on real faces and footage (round 13)").

Stills: give scan JSON reports (`fakelens scan DIR --detectors faces.found,faces.surroundings,faces.corneal-highlights
--json F`) as real=F or ai=F (repeatable). The group of a face is the first folder under the scanned folder (the source
repository of the real face-blend corpus, the generator family of the AI people set); files straight in the scanned
folder are grouped by their file-name prefix before the last '_' (ml72's people_3, gan_2, diffusion1_4, ...).
Per cue it prints, per group: faces, faces measured (reliability > 0), flagged (direction not neutral), and for the
whole real and AI sides the AUC (AI vs real, per face) of the cue's raw statistics.

Video: give `fakelens eval face-cues --json F` files as video=F (repeatable): per cue, tracks, measured, flagged, per
source, and per measured track the key facts; blink rates against the human range.

  python3 scripts/eval/face_cues_tables.py real=still-real.json ai=still-ai.json video=cues.jsonl

A report may be given as both real= and ai=: files under a folder named 'ai' count only on the AI side and files
under one named 'real' only on the real side (ml72 holds both).
"""
import collections
import json
import math
import os
import re
import sys


def num(v):
    """A fact value as a number: '1.23×' -> 1.23, 'n/a' / 'NaN' -> None."""
    if v is None:
        return None
    v = v.replace('×', '').replace('°', '').strip()
    try:
        x = float(v)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def auc(pos, neg):
    """P(score of an AI face > score of a real face), ties half (Mann-Whitney)."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    ranks = {}
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks.setdefault(allv[k][0], (i + j) / 2 + 1)
        i = j + 1
    rs = sum(ranks[v] for v in pos)
    return (rs - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def group_of(path, roots):
    for r in roots:
        if path.startswith(r + '/'):
            rel = path[len(r) + 1:]
            if '/' in rel:
                return rel.split('/')[0]
            stem = os.path.splitext(rel)[0]
            return stem.rsplit('_', 1)[0] if '_' in stem else stem
    return os.path.basename(os.path.dirname(path))


def path_side(path, side):
    """The side of a file of a mixed report (ml72: .../ai/... and .../real/...): the last 'ai' or 'real' folder."""
    parts = path.split('/')
    for p in reversed(parts[:-1]):
        if p in ('ai', 'real'):
            return p
    return side


def still_rows(report, side, seen):
    """One row per face and cue: (side, group, cue, measured, flagged, stats dict, title). A file whose SHA-256 was
    in an earlier report is skipped (the 109 portraits are also in the face-blend corpus)."""
    r = json.load(open(report))
    files = [f for f in r['files'] if f.get('sha256') not in seen and path_side(f['path'], side) == side]
    seen.update(f.get('sha256') for f in files)
    roots = sorted({os.path.dirname(f['path']) for f in files}, key=len)
    # the scanned folders: the shortest common directories (first level above the groups)
    tops = []
    for d in roots:
        if not any(d.startswith(t + '/') or d == t for t in tops):
            tops.append(d)
    # a group folder's parent is the scanned folder when files sit one level down
    parents = collections.Counter(os.path.dirname(d) for d in roots)
    scanned = [p for p, c in parents.items() if c >= 2] or tops
    rows = []
    nfiles = collections.Counter()
    nface = collections.Counter()
    for f in files:
        g = group_of(f['path'], scanned + tops)
        nfiles[(side, g)] += 1
        for e in f.get('evidence', []):
            if e['id'] not in ('faces.surroundings', 'faces.corneal-highlights'):
                continue
            if not e['facts']:
                continue  # "not applicable: no face"
            facts = {x['name']: x['value'] for x in e['facts']}
            stats = {}
            if e['id'] == 'faces.surroundings':
                n = num(facts.get('face/surroundings noise'))
                b = num(facts.get('outline band noise vs both sides'))
                if n is not None and n > 0:
                    ln = math.log(n)
                    stats['|ln noise ratio|'] = abs(ln)
                    stats['noise rule score'] = max(ln / math.log(2.5), -ln / math.log(6))
                if b is not None and b > 0:
                    stats['-ln band ratio'] = -math.log(b)
            else:
                hl = facts.get('highlight in right / left eye', '')
                iou = num(facts.get('highlight overlap (IoU)'))
                off = num(facts.get('highlight offset difference (eye widths)'))
                if hl == 'yes / yes' and iou is not None:
                    stats['1 - IoU'] = 1 - iou
                    if off is not None:
                        stats['offset difference'] = off
            if e['id'] == 'faces.surroundings':
                nface[(side, g)] += 1
            # corneal highlights are weighed only where both eyes show a highlight (reliability 0.1 for one eye is a
            # neutral note): that is "measured" for this cue
            measured = bool(stats) if e['id'] == 'faces.corneal-highlights' else e['reliability'] > 0
            # since round 13 the corneal disagreement is shown but not weighed (neutral): count it by its title
            flagged = e['direction'] != 'neutral' or 'reflect different lights' in e['title']
            rows.append((side, g, e['id'], measured, flagged, stats, e['title']))
    return rows, nfiles, nface


def still_tables(reals, ais):
    rows = []
    nfiles = collections.Counter()
    nface = collections.Counter()
    seen = set()
    for side, reps in (('real', reals), ('ai', ais)):
        for rep in reps:
            r, nf, nfa = still_rows(rep, side, seen)
            rows += r
            nfiles.update(nf)
            nface.update(nfa)
    for cue in ('faces.surroundings', 'faces.corneal-highlights'):
        print(f'\n## {cue}')
        print('| side | group | files | faces | measured | flagged | share of measured |')
        print('|---|---|---|---|---|---|---|')
        for side in ('real', 'ai'):
            groups = sorted({g for (s, g) in nfiles if s == side})
            tot = [0, 0, 0, 0]
            for g in groups:
                sel = [x for x in rows if x[0] == side and x[1] == g and x[2] == cue]
                m = sum(1 for x in sel if x[3])
                fl = sum(1 for x in sel if x[4])
                tot = [tot[0] + nfiles[(side, g)], tot[1] + len(sel), tot[2] + m, tot[3] + fl]
                if len(sel) == 0:
                    continue
                print(f'| {side} | {g} | {nfiles[(side, g)]} | {len(sel)} | {m} | {fl} | {pct(fl, m)} |')
            print(f'| **{side}** | **all** ({len(groups)} groups) | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} | **{pct(tot[3], tot[2])}** |')
        # which rule fired
        titles = collections.Counter((x[0], re.sub(r"(?i)\b(the face|face \d+)('s)?", 'FACE', x[6])) for x in rows if x[2] == cue and x[4])
        for (side, t), c in sorted(titles.items()):
            print(f'- {side}, "{t}": {c}')
        # AUC of raw statistics (faces where the statistic exists)
        keys = sorted({k for x in rows if x[2] == cue for k in x[5]})
        for k in keys:
            pos = [x[5][k] for x in rows if x[2] == cue and x[0] == 'ai' and k in x[5]]
            neg = [x[5][k] for x in rows if x[2] == cue and x[0] == 'real' and k in x[5]]
            a = auc(pos, neg)
            print(f'- AUC of {k} (AI {len(pos)} vs real {len(neg)} faces): {"n/a" if a is None else f"{a:.3f}"}'
                  + (f'; real 95th / 98th / 99th percentile {q(neg, .95):.3f} / {q(neg, .98):.3f} / {q(neg, .99):.3f}' if len(neg) >= 20 else ''))
        # per-side flag share at the real 2 % point of the main statistic
        main = 'noise rule score' if cue == 'faces.surroundings' else '1 - IoU'
        neg = [x[5][main] for x in rows if x[2] == cue and x[0] == 'real' and main in x[5]]
        pos = [x[5][main] for x in rows if x[2] == cue and x[0] == 'ai' and main in x[5]]
        if len(neg) >= 20 and pos:
            for p in (0.98, 0.99):
                t = q(neg, p)
                print(f'- {main} above the real {p:.0%} point ({t:.3f}): real {pct(sum(v > t for v in neg), len(neg))}, AI {pct(sum(v > t for v in pos), len(pos))}')


def q(v, p):
    s = sorted(v)
    if not s:
        return float('nan')
    k = min(len(s) - 1, max(0, int(math.ceil(p * len(s))) - 1))
    return s[k]


def pct(a, b):
    return '–' if b == 0 else f'{a}/{b} = {100 * a / b:.1f} %'


VIDEO_KEYS = {
    'faces.blink': ['blinks', 'seconds watched', 'blinks per minute', 'mean blink duration (s)', 'open-eye aspect ratio'],
    'faces.flicker': ['frames', 'face noise flicker', 'surroundings noise flicker', 'face vs surroundings flicker', 'landmark jitter (eye spans)'],
    'faces.surroundings': ['face/surroundings noise', 'outline band noise vs both sides', 'frames'],
    'faces.lip-sync': ['best correlation', 'at lag (s, + = voice later)', 'mouth movement (std)', 'speech share', 'seconds'],
    'faces.pulse': ['peak (beats per minute)', 'peak share of band power', 'forehead–cheek coherence', 'seconds'],
    'faces.head-pose': ['frames with a pose', 'inner face vs head (median °)', 'inner face vs head (spread °)', 'head turn between frames (median °)'],
    'faces.expression': ['frames', 'smile variation (eye spans)', 'brow variation (eye spans)', 'asymmetry (eye spans)', 'smoothness (2nd/1st difference)', 'expression movements'],
}


def video_tables(files):
    clips = []
    for fn in files:
        for line in open(fn):
            if line.strip():
                clips.append(json.loads(line))
    print(f'\n## Video cues: {len(clips)} clips, {sum(1 for c in clips if c["tracks"] > 0)} with a face track, '
          f'{sum(1 for c in clips if c["envelope"])} with an audio envelope')
    for cue, keys in VIDEO_KEYS.items():
        sel = [(c, e) for c in clips for e in c['evidence'] if e['id'] == cue]
        meas = [(c, e) for c, e in sel if e['reliability'] > 0]
        fl = [(c, e) for c, e in sel if e['direction'] != 'Neutral']
        print(f'\n### {cue}: {len(sel)} tracks, {len(meas)} measured, {len(fl)} flagged ({pct(len(fl), len(meas))} of measured)')
        bysrc = collections.defaultdict(lambda: [0, 0, 0])
        for c, e in sel:
            b = bysrc[c['source']]
            b[0] += 1
            b[1] += e['reliability'] > 0
            b[2] += e['direction'] != 'Neutral'
        print('| source | tracks | measured | flagged |')
        print('|---|---|---|---|')
        for s, (t, m, f) in sorted(bysrc.items()):
            print(f'| {s} | {t} | {m} | {f} |')
        if meas:
            print('| clip | face | ' + ' | '.join(keys) + ' | finding |')
            print('|---|---|' + '---|' * len(keys) + '---|')
            for c, e in meas:
                print(f'| {c["clip"]} | {e["facts"].get("face", "-")} | ' + ' | '.join(e['facts'].get(k, '-') for k in keys)
                      + f' | {"**" + e["title"] + "**" if e["direction"] != "Neutral" else e["title"]} (LR {e["lr"]:.2f}, rel {e["reliability"]:.2f}) |')
    # blinks against the human range (Li, Chang & Lyu 2018; Bentivoglio et al. 1997: ~8-21 a minute at rest)
    rates = []
    for c in clips:
        for e in c['evidence']:
            if e['id'] == 'faces.blink':
                s = num(e['facts'].get('seconds watched'))
                r = num(e['facts'].get('blinks per minute'))
                if s is not None and s >= 8 and r is not None:
                    rates.append((c['clip'], e['facts'].get('face'), s, int(e['facts'].get('blinks', '0')), r))
    if rates:
        tot_s = sum(x[2] for x in rates)
        tot_b = sum(x[3] for x in rates)
        print(f'\n### Blinks on tracks watched >= 8 s: {len(rates)} tracks, {tot_s:.0f} s, {tot_b} blinks = {tot_b / tot_s * 60:.1f} a minute pooled; '
              f'tracks under 8 a minute: {sum(1 for x in rates if x[4] < 8)}, within 8-30: {sum(1 for x in rates if 8 <= x[4] <= 30)}, above 30: {sum(1 for x in rates if x[4] > 30)}')


def main(args):
    reals, ais, videos = [], [], []
    for a in args:
        k, _, v = a.partition('=')
        {'real': reals, 'ai': ais, 'video': videos}[k].append(v)
    if reals or ais:
        still_tables(reals, ais)
    if videos:
        video_tables(videos)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    main(sys.argv[1:])
