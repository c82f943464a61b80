#!/usr/bin/env python3
"""Per-family table of two `fakelens train image --loo` (or `eval image --loo`) runs, and the v9 -> v10 selection rule.

Reads each run's printed output: the leave-one-out table (`| held-out generator | fake images | unseen real images | AUC
| TPR at 5 % FPR |`), its **mean** row, the "Pooled held-out scores" line and the cross-fitted "ECE" line. A run that was
stopped before its table still has the per-family lines `train image --loo` writes to stderr as each fold ends
(`loo HH:MM:SS (+m min) family: n AI / m real, AUC a, TPR@5% t`); those are read when the table is missing, and the
summary says how many families it covers. Recomputes nothing.

Usage: scripts/eval/loo-compare.py OLD.log NEW.log [--names v9,v10] [--portraits N_ABOVE/N] [--rule mean,pooled,tpr1,ece]
                                   [--tpr-slack 0.01]
  --rule: the old run's figures the rule compares against (default: the old run's own figures);
  --tpr-slack: how far (as a fraction, 0.01 = 1 point) the pooled TPR at 1 % FPR may fall below the old run's (default 0;
  round 15's v10 -> v11 rule allows 1 point);
  the rule (docs/image-model.md, round 11 decision 5): mean and pooled AUC may not fall by more than 0.01, the pooled TPR
  at 1 % FPR may not be lower, the cross-fitted ECE must be <= 0.02, and ~0 unseen portraits above the threshold.
"""
import re, sys

ROW = re.compile(r'^\| ([^|*][^|]*?) \| (\d+) \| (\d+) \| ([0-9.]+|NaN) \| ([0-9.]+|NaN) \|$')
PROGRESS = re.compile(r'^loo \S+ \(\+[0-9.]+ min\) (.+): (\d+) AI / (\d+) real, AUC ([0-9.]+|NaN), TPR@5% ([0-9.]+|NaN)$')
MEAN = re.compile(r'^\| \*\*mean\*\* \| \| \| \*\*([0-9.]+)\*\* \(min ([0-9.]+)\)')
POOLED = re.compile(r'Pooled held-out scores \((\d+) AI, (\d+) real images.*AUC ([0-9.]+), TPR ([0-9.]+) at 1 % FPR, ([0-9.]+) at 5 % FPR')
ECE = re.compile(r'Held-out scores calibrated across folds .*: ECE ([0-9.]+)')


def read(path):
    run = {'families': {}, 'progress': {}}
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if m := ROW.match(line):
            run['families'][m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5)))
        elif m := PROGRESS.match(line):
            run['progress'][m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5)))
        elif m := MEAN.match(line):
            run['mean'], run['min'] = float(m.group(1)), float(m.group(2))
        elif m := POOLED.search(line):
            run['ai'], run['real'], run['pooled'], run['tpr1'], run['tpr5'] = int(m.group(1)), int(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(5))
        elif m := ECE.search(line):
            run['ece'] = float(m.group(1))
    if not run['families'] and run['progress']:
        run['families'], run['partial'] = run['progress'], True
        aucs = [v[2] for v in run['families'].values() if v[2] == v[2]]
        run['mean'], run['min'] = sum(aucs) / len(aucs), min(aucs)
    return run


def fmt(x, pct=False):
    return '–' if x is None else f'{100 * x:.1f} %' if pct else f'{x:.3f}'


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    opt = {sys.argv[i][2:]: sys.argv[i + 1] for i in range(1, len(sys.argv) - 1) if sys.argv[i].startswith('--')}
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = read(args[0]), read(args[1])
    a, b = (opt.get('names') or 'old,new').split(',')
    print(f'| family | AI images {a} / {b} | held-out real {a} / {b} | {a} AUC | {b} AUC | change | {a} TPR at 5 % FPR | {b} TPR at 5 % FPR |')
    print('|---|---|---|---|---|---|---|---|')
    for fam in sorted(set(old['families']) | set(new['families'])):
        o, n = old['families'].get(fam), new['families'].get(fam)
        d = f'{n[2] - o[2]:+.3f}' if o and n else '–'
        print(f"| {fam} | {o[0] if o else '–'} / {n[0] if n else '–'} | {o[1] if o else '–'} / {n[1] if n else '–'} | {fmt(o[2] if o else None)} | "
              f"{fmt(n[2] if n else None)} | {d} | {fmt(o[3] if o else None, True)} | {fmt(n[3] if n else None, True)} |")
    shared = sorted(set(old['families']) & set(new['families']))
    print()
    print(f'families: {a} {len(old["families"])}, {b} {len(new["families"])}' + (' (PARTIAL: from the per-family progress lines)' if new.get('partial') else '') + f', shared {len(shared)}')
    if shared:
        print(f'mean AUC over the {len(shared)} shared families: {a} {sum(old["families"][f][2] for f in shared) / len(shared):.3f}, '
              f'{b} {sum(new["families"][f][2] for f in shared) / len(shared):.3f}')
    print()
    print(f'| run | AI / real | mean AUC (min) | pooled AUC | TPR at 1 % FPR | TPR at 5 % FPR | ECE (cross-fitted) |')
    print('|---|---|---|---|---|---|---|')
    for name, r in ((a, old), (b, new)):
        print(f"| {name} | {r.get('ai', '–')} / {r.get('real', '–')} | {fmt(r.get('mean'))} ({fmt(r.get('min'))}) | {fmt(r.get('pooled'))} | "
              f"{fmt(r.get('tpr1'), True)} | {fmt(r.get('tpr5'), True)} | {fmt(r.get('ece'))} |")
    ref = dict(zip(('mean', 'pooled', 'tpr1', 'ece'), map(float, opt['rule'].split(',')))) if 'rule' in opt else old
    slack = float(opt.get('tpr-slack', 0))
    tpr_label = 'pooled TPR at 1 % FPR not lower' + (f' than {a}\'s minus {100 * slack:.1f} point{"s" if slack != 0.01 else ""}' if slack else '')
    print()
    checks = []
    for key, label, ok in (('mean', 'mean AUC may not fall by > 0.01', lambda x: x >= ref['mean'] - 0.01 - 1e-9),
                           ('pooled', 'pooled AUC may not fall by > 0.01', lambda x: x >= ref['pooled'] - 0.01 - 1e-9),
                           ('tpr1', tpr_label, lambda x: x >= ref['tpr1'] - slack - 1e-9),
                           ('ece', 'cross-fitted ECE <= 0.02', lambda x: x <= 0.02 + 1e-9)):
        x = new.get(key)
        state = 'NOT MEASURED' if x is None else 'pass' if ok(x) else 'FAIL'
        change = f'{100 * (x - ref[key]):+.1f} points' if key == 'tpr1' and x is not None and ref.get(key) is not None else f'{x - ref[key]:+.3f}' if x is not None and ref.get(key) is not None else ''
        against = f" ({a} {fmt(ref.get(key), key == 'tpr1')}, change {change})" if x is not None and ref.get(key) is not None and key != 'ece' else ''
        checks.append(state)
        print(f"- {label}: {b} {fmt(x, key == 'tpr1')}{against} -> {state}")
    if 'portraits' in opt:
        above, total = map(int, opt['portraits'].split('/'))
        state = 'pass' if above == 0 else 'borderline (1 of 109 is within the 1 % the threshold is set for)' if above == 1 else 'FAIL'
        checks.append('pass' if above == 0 else 'borderline' if above == 1 else 'FAIL')
        print(f'- unseen portraits above the threshold: {above} / {total} -> {state}')
    else:
        checks.append('NOT MEASURED')
        print('- unseen portraits above the threshold: NOT MEASURED')
    verdict = 'PASSES' if all(c == 'pass' for c in checks) else 'FAILS' if 'FAIL' in checks else \
        'BORDERLINE (one unseen portrait above the threshold; the decision is the lead\'s)' if 'borderline' in checks and 'NOT MEASURED' not in checks else \
        'OPEN (not all conditions measured)'
    if new.get('partial'):  # a mean over the families that finished is not the rule's figure
        verdict = 'OPEN: partial run, the rule cannot be applied'
    print(f'\nrule: {b} {verdict}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
