#!/usr/bin/env python3
"""Independent check of FakeLens's Photoshop quantisation-table identification (jpeg.encoder).

Photoshop records its own "Save As" quality in the image resource 0x0406 of its APP13 segment. This script reads
that record straight from each file and sets it beside what `fakelens scan` said about the file's tables, so the
tables are judged on files they were not read from. Usage:

  ./fakelens scan $(find CORPUS/real -iname '*.jp*g') --detectors file,jpeg.structure,metadata -q --json scan.json
  python3 scripts/eval/jpeg-encoder-check.py scan.json
"""
import json,struct,sys,collections
def irb_quality(path):
    b=open(path,'rb').read()
    i=2; q=None; has_ps=False
    while i+4<=len(b) and b[i]==0xFF:
        m=b[i+1]
        if m in (0xD8,0x01) or 0xD0<=m<=0xD7: i+=2; continue
        if m==0xDA: break
        L=struct.unpack('>H',b[i+2:i+4])[0]; seg=b[i+4:i+2+L]
        if m==0xED and seg.startswith(b'Photoshop 3.0\0'):
            has_ps=True; j=14
            while j+12<=len(seg) and seg[j:j+4]==b'8BIM':
                rid=struct.unpack('>H',seg[j+4:j+6])[0]; nl=seg[j+6]; k=j+7+nl; k+= (k-j)%2
                sz=struct.unpack('>I',seg[k:k+4])[0]; data=seg[k+4:k+4+sz]
                if rid==0x0406 and len(data)>=2: q=struct.unpack('>h',data[:2])[0]
                j=k+4+sz+(sz%2)
        i+=2+L
    return has_ps,q
r=json.load(open(sys.argv[1]))
rows=collections.Counter(); detail=[]
for f in r['files']:
    p=f['path']; ps,q=irb_quality(p)
    enc=[e for e in f.get('evidence',[]) if e['id']=='jpeg.encoder']
    sw=[e for e in f.get('evidence',[]) if e['id'].startswith('metadata.software') or e['id']=='metadata.editor']
    et=enc[0]['title'] if enc else '-'
    said_ps='Photoshop' in et
    key=('IRB q' if q is not None else 'no IRB q', 'tables say Photoshop' if said_ps else 'tables other/none')
    rows[key]+=1
    if q is not None or said_ps: detail.append((p.split('/')[-1], q, et))
for k,v in sorted(rows.items()): print(k,v)
for d in detail: print(d)
