#!/usr/bin/env python3
# Issue 19, round 10: folds `perf script` output of a scan recorded with managed symbols (DOTNET_PerfMapEnabled=1,
# DOTNET_ReadyToRun=0, DOTNET_TieredCompilation=0, DOTNET_EnableWriteXorExecute=0, perf record -F 999 -g): for each
# anchor (comma-separated method names), the samples whose stack holds it (innermost anchor wins), by the callee below it.
# Usage: fold-perf.py perf-script.txt "ShadowAnalyzer::Analyze,LightingAnalyzer::Analyze"
import sys, re, collections
anchors = sys.argv[2].split(',')
lines = open(sys.argv[1], errors='replace').read().split('\n\n')
tot = collections.Counter(); sub = collections.defaultdict(collections.Counter)
n=0
def short(s):
    s = re.sub(r'\[[^\]]*\]', '', s)
    m = re.search(r'([\w.`<>+]+::[\w.`<>+]+)\(', s)
    return (m.group(1) if m else s.strip())[:90]
for blk in lines:
    fr = [l.strip() for l in blk.split('\n')[1:] if l.strip()]
    if not fr: continue
    n+=1
    syms = [re.sub(r'^[0-9a-f]+\s+', '', f) for f in fr]
    hit=None; idx=None
    for i,s in enumerate(syms):
        for a in anchors:
            if a in s: hit=a; idx=i; break
        if hit: break
    if not hit: continue
    tot[hit]+=1
    # child frame just below anchor (callee), and leaf
    callee = short(syms[idx-1]) if idx>0 else '(self)'
    sub[hit][callee]+=1
print('samples', n)
for a,c in tot.most_common():
    print(f'== {a}: {c}')
    for k,v in sub[a].most_common(14): print(f'   {v:6d} {k}')
