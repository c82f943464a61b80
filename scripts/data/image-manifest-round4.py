#!/usr/bin/env python3
"""Appends the issue-13 round-4 rows to data/image-corpus.csv (run once; kept to show how the rows were chosen).

Reads the fetched snapshots under /work/.mirror (the fetch tool's layout) and writes one manifest row per file or per
cell of a sample collage (notes `crop=W:H:X:Y`, cut losslessly by scripts/data/rebuild-image-corpus.sh). Collage cells
were located by eye on a downscaled copy (box in thumbnail pixels, scaled back, shrunk by 4 % a side to stay inside
the cell, capped at 768 px); every repository was checked against the reserved list in ../shared/DATA.md first.
"""
import csv, hashlib, random, subprocess, sys, os

MIRROR = os.environ.get('FAKELENS_MIRRORS', '/work/.mirror')
rows = []

def git(repo):
    return os.path.join(MIRROR, repo.replace('/', '+'), 'repo')

def head(repo):
    return subprocess.run(['git', '--git-dir', git(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True).stdout.strip()

def blob(repo, commit, path):
    return subprocess.run(['git', '--git-dir', git(repo), 'show', f'{commit}:{path}'], capture_output=True, check=True).stdout

def add(repo, path, licence, label, family, group, notes=''):
    c = head(repo)
    b = blob(repo, c, path)
    rows.append([repo, c, path, hashlib.sha256(b).hexdigest(), len(b), licence, label, family, group, notes])

def cells(repo, path, licence, family, group, full_w, thumb_w, boxes, note, cap=768, margin=0.04):
    s = full_w / thumb_w
    for (x0, y0, x1, y1) in boxes:
        X0, Y0, X1, Y1 = x0 * s, y0 * s, x1 * s, y1 * s
        mx, my = (X1 - X0) * margin, (Y1 - Y0) * margin
        X0, Y0, X1, Y1 = X0 + mx, Y0 + my, X1 - mx, Y1 - my
        w, h = min(cap, int(X1 - X0)), min(cap, int(Y1 - Y0))
        x, y = int((X0 + X1 - w) / 2), int((Y0 + Y1 - h) / 2)
        add(repo, path, licence, 'ai', family, group, f'crop={w}:{h}:{x}:{y}; {note}')

def fixed(repo, path, licence, family, group, crops, note):
    for (w, h, x, y) in crops:
        add(repo, path, licence, 'ai', family, group, f'crop={w}:{h}:{x}:{y}; {note}')

# ---------- AI: autoregressive / masked-token generators (new leave-one-out family "autoregressive") ----------
cells('mit-han-lab/hart', 'assets/teaser.jpg', 'MIT', 'hart', 'mit-han-lab/hart', 5412, 900,
      [(0, 0, 365, 355), (370, 0, 540, 170), (550, 0, 720, 170), (730, 0, 900, 170), (370, 178, 540, 355), (550, 178, 720, 355),
       (730, 178, 900, 355), (0, 365, 175, 541), (185, 365, 355, 541), (370, 365, 540, 541)], 'HART teaser cell')
cells('deepseek-ai/Janus', 'images/teaser_janusflow.png', 'MIT code, DeepSeek model licence', 'janusflow', 'deepseek-ai/Janus', 3084, 900,
      [(405 + 97 * i, 20 + 96.5 * j, 502 + 97 * i, 115 + 96.5 * j) for j in range(3) for i in range(5)], 'JanusFlow teaser grid cell')
cells('Alpha-VLLM/Lumina-mGPT', 'assets/demos.png', 'MIT', 'lumina-mgpt', 'Alpha-VLLM/Lumina-mGPT', 1125, 862,
      [(0, 0, 200, 460), (205, 0, 462, 240), (465, 0, 727, 240), (205, 265, 420, 460), (423, 265, 642, 460), (645, 265, 862, 460),
       (0, 485, 543, 800), (546, 485, 862, 800), (0, 825, 285, 1090), (290, 825, 570, 1090), (573, 825, 862, 1090),
       (0, 1112, 285, 1378), (290, 1112, 570, 1378)], 'Lumina-mGPT demo cell (above the size label)')
cells('showlab/Show-o', 'docs/show-o-512x512-t2i.png', 'Apache-2.0', 'show-o', 'showlab/Show-o', 3075, 900,
      [(0, 0, 295, 294), (303, 0, 597, 294), (605, 0, 900, 294)], 'Show-o 512 px text-to-image cell')
add('baaivision/Emu3', 'assets/demo.png', 'Apache-2.0', 'ai', 'emu3', 'baaivision/Emu3', 'Emu3 generation demo')
# taming-transformers (VQGAN + transformer, Esser et al. 2021): make_grid(padding=2) rows of 256 px ImageNet samples,
# FacesHQ samples, and S-FLCKR scene syntheses (new leave-one-out family "vqgan-transformer").
fixed('CompVis/taming-transformers', 'assets/imagenet.png', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(256, 256, 2 + 258 * i, 2) for i in range(8)], 'class-conditional ImageNet sample (make_grid cell)')
fixed('CompVis/taming-transformers', 'assets/faceshq.jpg', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(376, 376, int(i * 3191 / 8) + 10, 10) for i in range(8)], 'FacesHQ sample cell')
fixed('CompVis/taming-transformers', 'assets/mountain.jpeg', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(460, 460, 0, 0), (460, 460, 820, 0)], 'S-FLCKR scene synthesis, two crops')
fixed('CompVis/taming-transformers', 'assets/lake_in_the_mountains.png', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(352, 352, 0, 0), (352, 352, 560, 0)], 'S-FLCKR scene synthesis, two crops')
fixed('CompVis/taming-transformers', 'assets/stormy.jpeg', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(640, 640, 0, 96), (640, 640, 640, 96)], 'S-FLCKR scene synthesis, two crops')
fixed('CompVis/taming-transformers', 'assets/sunset_and_ocean.jpg', 'MIT', 'taming-vqgan', 'CompVis/taming-transformers',
      [(512, 512, 0, 0), (512, 512, 512, 0), (512, 512, 1024, 0)], 'S-FLCKR scene synthesis, three crops')

# ---------- AI: 2025 DiT / MoT generators (new leave-one-out family "dit-2025") ----------
cells('HiDream-ai/HiDream-I1', 'assets/demo.jpg', 'MIT', 'hidream', 'HiDream-ai/HiDream-I1', 5130, 900,
      [(0, 0, 155, 275), (158, 0, 612, 238), (615, 0, 900, 275), (0, 278, 155, 436), (158, 240, 350, 436), (353, 240, 612, 436),
       (615, 278, 900, 436)], 'HiDream-I1 demo cell')
cells('Tencent-Hunyuan/HunyuanImage-2.1', 'assets/more_cases.jpg', 'Tencent Hunyuan Community License', 'hunyuanimage-2.1',
      'Tencent-Hunyuan/HunyuanImage-2.1', 1860, 900,
      [(0, 0, 222, 222), (225, 0, 446, 222), (449, 0, 672, 222), (675, 0, 900, 222), (0, 225, 212, 580), (215, 225, 610, 460),
       (613, 225, 900, 700), (215, 463, 610, 700), (0, 583, 212, 935), (215, 703, 365, 935), (368, 703, 610, 935),
       (613, 703, 900, 1186), (0, 938, 365, 1186), (368, 938, 610, 1186)], 'HunyuanImage 2.1 case cell')
cells('ByteDance-Seed/Bagel', 'assets/teaser.webp', 'Apache-2.0', 'bagel', 'ByteDance-Seed/Bagel', 3000, 900,
      [(37, 45, 178, 190), (180, 45, 323, 190), (326, 45, 468, 190), (470, 45, 612, 190), (615, 45, 757, 190)],
      'BAGEL image-generation row cell')
for i in (1, 2, 3):
    add('THUDM/CogView4', f'inference/img/img_{i}.png', 'Apache-2.0', 'ai', 'cogview4', 'THUDM/CogView4', 'CogView4 inference example output')

# ---------- AI: latent consistency model (new leave-one-out family "lcm") ----------
xs4 = [(5, 225), (230, 448), (452, 670), (673, 895)]
ys3 = [(0, 222), (225, 443), (447, 665)]
xb = [(3, 225), (228, 448), (452, 673), (676, 897)]
yb = [(690, 910), (913, 1133)]
cells('luosiallen/latent-consistency-model', 'teaser.png', 'MIT', 'lcm-dreamshaper', 'luosiallen/latent-consistency-model', 1946, 900,
      [(a, c, b, d) for (c, d) in ys3 for (a, b) in xs4] + [(a, c, b, d) for (c, d) in yb for (a, b) in xb], 'LCM-Dreamshaper 1-4 step teaser cell')

# ---------- AI: StyleGAN-XL (GAN) ----------
fixed('autonomousvision/stylegan-xl', 'media/teaser.png', 'MIT', 'stylegan-xl', 'autonomousvision/stylegan-xl',
      [(336, 336, int(i * 2080 / 6) + 5, 5) for i in range(6)], 'StyleGAN-XL ImageNet sample cell')

fixed('NVlabs/stylegan', 'stylegan-teaser.png', 'CC BY-NC 4.0', 'stylegan-ffhq', 'NVlabs/stylegan',
      [(256, 256, 256 * i, 256 * j) for j in range(3) for i in range(5)], 'StyleGAN FFHQ teaser grid cell')
fixed('ajbrock/BigGAN-PyTorch', 'imgs/header_image.jpg', 'MIT', 'biggan', 'ajbrock/BigGAN-PyTorch',
      [(256, 256, 257 * i, 1) for i in range(5)], 'BigGAN ImageNet sample cell')

# ---------- AI: more sources for existing families ----------
for name in ('a_green_train_is_coming_down_the_tracks', 'a_high_quality_image_of_a_napkin_stained_with_dark_red_liquid',
             'a_photorealistic_image_of_a_man_holding_a_lemon_near_his_face', 'an_oil_painting_of_a_bowl_of_cherries',
             'park_bench_happy_people', 'photo_of_a_horse_sleeping_in_a_pool_of_red_liquid', 'smoke_rising_from_a_building'):
    add('openai/dalle-2-preview', f'assets/Model2_{name}.png', 'no licence file (OpenAI system card assets)', 'ai', 'dalle2',
        'openai/dalle-2-preview', 'crop=768:768:128:128; DALL-E 2 1024 px output, centre crop leaves out the colour-bar signature')
import re
for p in subprocess.run(['git', '--git-dir', git('apple/ml-stable-diffusion'), 'ls-tree', '-r', '--name-only', 'HEAD', 'assets'], capture_output=True, text=True, check=True).stdout.split('\n'):
    m = re.search(r'modelVersion_(.*)\.png$', p)
    if m and 'astronaut' in p:
        fam = 'sd2' if 'stable-diffusion-2' in m.group(1) else 'sd1'
        add('apple/ml-stable-diffusion', p, 'MIT code, CreativeML OpenRAIL-M', 'ai', 'sd-coreml', 'apple/ml-stable-diffusion', f'Core ML {m.group(1)} ({fam} lineage)')
for p in subprocess.run(['git', '--git-dir', git('invoke-ai/InvokeAI'), 'ls-tree', '-r', '--name-only', 'HEAD', 'invokeai/app/services/style_preset_images/default_style_preset_images'], capture_output=True, text=True, check=True).stdout.split('\n'):
    if p.endswith('.png'):
        add('invoke-ai/InvokeAI', p, 'Apache-2.0', 'ai', 'invokeai-preset', 'invoke-ai/InvokeAI', 'InvokeAI default style-preset preview, 256 px (SD-family model, not stated)')
for i in (1, 2, 3):
    add('instantX-research/InstantID', f'assets/kolor/demo_{i}.jpg', 'Apache-2.0', 'ai', 'kolors', 'instantX-research/InstantID', 'Kolors + InstantID demo output')

# ---------- real: Open Images, COCO, ADE20K, S-FLCKR and ImageNet-val photos shipped as taming-transformers test data ----------
tt = subprocess.run(['git', '--git-dir', git('CompVis/taming-transformers'), 'ls-tree', '-r', '--name-only', 'HEAD', 'data'], capture_output=True, text=True, check=True).stdout.split('\n')
for p in tt:
    if not re.search(r'\.(jpe?g|png)$', p, re.I) or 'segmentation' in p or 'drin_depth' in p:
        continue
    part = p.split('/')[1]
    add('CompVis/taming-transformers', p, 'MIT repository; photos: Open Images CC BY 2.0 / COCO Flickr terms / ADE20K / Flickr', 'real', 'camera-photo',
        f'CompVis/taming-transformers_{part}', 'dataset sample photo (Flickr), as shipped for tests')

# ---------- real: clothing-dataset (CC0; phone photos by 351 contributors), at most 2 per contributor, 8 groups by contributor ----------
cd = 'alexeygrigorev/clothing-dataset'
meta = list(csv.DictReader(__import__('io').StringIO(blob(cd, head(cd), 'images.csv').decode())))
have = set(subprocess.run(['git', '--git-dir', git(cd), 'ls-tree', '-r', '--name-only', 'HEAD', 'images'], capture_output=True, text=True, check=True).stdout.split('\n'))
per = {}
for m in sorted(meta, key=lambda m: m['image']):
    p = f"images/{m['image']}.jpg"
    if p in have and len(per.setdefault(m['sender_id'], [])) < 2:
        per[m['sender_id']].append(p)
for sender, paths in sorted(per.items(), key=lambda kv: int(kv[0])):
    for p in paths:
        add(cd, p, 'CC0-1.0', 'real', 'camera-photo', f'{cd}_part{int(sender) % 8}', f'phone photo of clothing, contributor {sender}')

out = sys.argv[1]
with open(out, 'a', newline='') as f:
    csv.writer(f).writerows(rows)
print(len(rows), 'rows appended', file=sys.stderr)
