#!/usr/bin/env python3
"""Two-model map rules for the AI-image map, offline (issue 13, docs/image-model.md round 10, "Cascade").

Reads the window scores that `fakelens train image-map --windows-csv … --window-density 1` wrote for v9 and for v7 on
the same photos (setting photos, Kodak24, kodak-q90, cam7-q90) and counts, per group, photos with an area under:
v7 alone (median baseline, weighted-mean cells, contrast 6.0), v9 alone (its stored 5.64), "cascade" (a v7 area cell
that overlaps a v9 candidate cell: one at v9's threshold while v9's median window is below it) and "trigger" (v7's
areas, computed only when v9 has a candidate). A fill's area is "on the mask" when a flagged cell is > 25 % masked.
Uses scripts/eval/map-rules.py's geometry. Paths are this project's data cache; edit L/C/T to run elsewhere.
"""
import importlib.util, sys, os, csv, math
from collections import defaultdict
spec = importlib.util.spec_from_file_location("mr", os.path.join(os.path.dirname(os.path.abspath(__file__)), "map-rules.py")); mr = importlib.util.module_from_spec(spec); spec.loader.exec_module(mr)
L="/work/data-cache/image/logs/img11"; C="/work/data-cache/image"; T=C+"/tamper"
def read(path):
    im={}
    for r in csv.DictReader(open(path)):
        k=r["path"]
        if "/masks/" in k: continue
        if k not in im: im[k]=dict(sets=r["sets_contrast"]=="1",w=int(r["width"]),h=int(r["height"]),side=int(r["side"]),win=[])
        im[k]["win"].append((int(r["x"]),int(r["y"]),r["coarse"]=="1",float(r["raw_score"])))
    return im
i9=read(L+"/map-v9-windows1.csv"); i7=read(L+"/map-v7-windows1.csv")
a9,b9,t9=mr.model_params(C+"/default-image-v9-loo.zip"); a7,b7,t7=mr.model_params(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "default-image-v7.zip"))
kinds={}; masks={}
for t in (T+"/kodak-q90",T+"/cam7-q90"):
    for r in csv.DictReader(open(os.path.join(t,"manifest.csv"))):
        p=os.path.join(t,r["file"]); kinds[p]=r["kind"]
        if r["kind"]!="control" and p in i9: masks[p]=mr.mask_of(os.path.join(t,r["mask"]),i9[p]["w"],i9[p]["h"])
def group(p):
    if p in kinds: return "fill" if kinds[p]!="control" else "control"
    return "set" if i9[p]["sets"] else "check"
def on_mask(p,cells):
    if p not in masks: return False
    m=masks[p]; w=i9[p]["w"]
    for (x0,y0,x1,y1,_,_) in cells:
        tot=sum(1 for y in range(y0,y1) for x in range(x0,x1) if m[y*w+x]>127)
        if tot > 0.25*(x1-x0)*(y1-y0): return True
    return False
common=[p for p in i9 if p in i7]
print(len(i9),len(i7),len(common))
res=defaultdict(lambda: defaultdict(int))
for p in common:
    g=group(p)
    c9,base9,pm9,n9=mr.build(i9[p]["win"],i9[p]["w"],i9[p]["h"],i9[p]["side"],False,"mean",0.5,a9,b9,t9)
    c7,base7,pm7,n7=mr.build(i7[p]["win"],i7[p]["w"],i7[p]["h"],i7[p]["side"],False,"mean",0.5,a7,b7,t7)
    v7=mr.area_cells(c7,base7,pm7,n7,t7,6.0)
    v9=mr.area_cells(c9,base9,pm9,n9,t9,5.64)
    cand=[c for c in c9 if c[5]>=t9] if (n9>=3 and pm9<t9) else []
    def overl(a,b): return min(a[2],b[2])>max(a[0],b[0]) and min(a[3],b[3])>max(a[1],b[1])
    casc=[c for c in v7 if any(overl(c,d) for d in cand)]
    trig=v7 if cand else []
    res[g]["n"]+=1; res[g]["cand"]+= bool(cand)
    for name,cells in (("v7",v7),("v9",v9),("cascade",casc),("trigger",trig)):
        res[g][name]+=bool(cells)
        if g=="fill": res[g][name+"_mask"]+=on_mask(p,cells)
for g,d in res.items(): print(g, dict(d))
