#!/usr/bin/env bash
# Rebuilds the issue-13 AI-image training corpus from data/image-corpus.csv and checks every SHA-256.
# Each row names a file in a public GitHub repository at a commit. The file is read from a fetched snapshot
# (/work/.mirror/<owner>+<name>/repo, as the fetch tool leaves it) when there is one, otherwise from a
# `git clone` of https://github.com/<owner>/<name> into $CLONES. A row whose notes say crop=W:H:X:Y is one
# cell of a sample grid: the cell is cut out losslessly with ffmpeg into a PNG. Files land in
#   $OUT/ai/<family>/<group>__<path>          (fakelens train image --fake $OUT/ai: family = first folder)
#   $OUT/real/<group>/<path>                  (fakelens train image --real $OUT/real: folder = source group)
#   $OUT/ai/labels.csv                       (file, generator = leave-one-out family, family, source repository)
#   $OUT/real/labels.csv                     (file, source repository: per-source weight caps and splits)
# Rows from manifest row 3,027 on (added in round 4 of issue 13) go to $OUT-r4 instead, laid out the same way: the
# training command lists that folder after the earlier ones, so the earlier rounds' folders stay exactly as they were
# (v3's command still finds its files). Rows from manifest row 4,311 on (round 6: real portraits, people photos,
# screenshots, scans) go to $OUT-r6, which the training command lists with --real-late (after the AI folders), so no
# earlier image moves in the listing and every earlier image keeps its crops and cached features. Rows from manifest row
# 4,930 on (round 7: modern generator families, AI pictures of people) go to $OUT-r7, laid out the same way, so no
# earlier file moves. Rows from manifest row 6,140 on (round 10: weak and missing families, varied real photos, scans
# and screenshots) go to $OUT-r10, laid out the same way. Rows from manifest row 7,408 on (round 14: an unseen batch of
# new repositories, notes "round 14 unseen batch") go to $OUT-r14, laid out the same way, and rows from manifest row
# 8,158 on (round 15: the second unseen batch, notes "round 15 unseen batch") to $OUT-r15. An image's random augmentation stream is keyed by its index in the collected
# list (real folders first, then AI folders), so the round-4 real folder shifts the AI images' indices: their
# training patches differ from v3's (same recipe, other random crops).
# Usage: scripts/data/rebuild-image-corpus.sh [manifest.csv] [out-dir]
# FAKELENS_IMAGE_FROM_ROW=N rebuilds only manifest data rows N and later (row 1 = first line after the header) and
# rewrites only the labels.csv files of the folders those rows land in, e.g. FAKELENS_IMAGE_FROM_ROW=4930 for round 7
# alone, without touching (or needing the snapshots of) the earlier rounds' folders.
# Needs git, python3, sha256sum and ffmpeg (for grid cells). Idempotent: existing verified files are kept.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
manifest="${1:-$root/data/image-corpus.csv}"
out="${2:-${FAKELENS_IMAGE_CORPUS:-/work/data-cache/image/corpus}}"
mirrors="${FAKELENS_MIRRORS:-/work/.mirror}"
clones="${CLONES:-$out/.clones}"
mkdir -p "$out"
python3 - "$manifest" "$out" "$mirrors" "$clones" "${FAKELENS_IMAGE_FROM_ROW:-1}" <<'PY'
import csv, hashlib, os, re, subprocess, sys
manifest, out, mirrors, clones = sys.argv[1:5]
first = int(sys.argv[5]) - 1  # index of the first data row to rebuild
def safe(s): return re.sub(r'[^A-Za-z0-9._-]+', '_', s)
gitdirs = {}
def gitdir(repo, commit):
    if repo in gitdirs: return gitdirs[repo]
    d = os.path.join(mirrors, repo.replace('/', '+'), 'repo')
    if os.path.isdir(os.path.join(d, '.git')):
        d = os.path.join(d, '.git')  # some snapshots arrive as a work-tree-less checkout rather than a bare directory
    if not os.path.isdir(d):
        d = os.path.join(clones, repo.replace('/', '+'))
        if not os.path.isdir(d):
            subprocess.run(['git', 'clone', '--bare', '--filter=blob:none', f'https://github.com/{repo}.git', d], check=True)
    gitdirs[repo] = d
    return d
rows = list(csv.DictReader(open(manifest, newline='')))
ROUND4 = 3026  # data rows before round 4
ROUND6 = 4310  # data rows before round 6
ROUND7 = 4929  # data rows before round 7
ROUND10 = 6139  # data rows before round 10
ROUND14 = 7407  # data rows before round 14
ROUND15 = 8157  # data rows before round 15
base = out
def root_of(n):
    return base if n < ROUND4 else base + '-r4' if n < ROUND6 else base + '-r6' if n < ROUND7 else base + '-r7' if n < ROUND10 else base + '-r10' if n < ROUND14 else base + '-r14' if n < ROUND15 else base + '-r15'
bad = made = kept = 0
cache = {}
for n, r in enumerate(rows):
    if n < first:
        continue
    out = root_of(n)
    if r['label'] == 'ai':
        dest = os.path.join(out, 'ai', safe(r['family']), safe(r['group']) + '__' + safe(r['path']))
    else:
        dest = os.path.join(out, 'real', safe(r['group']), safe(r['path']))
    crop = re.search(r'crop=(\d+):(\d+):(\d+):(\d+)', r['notes'] or '')
    if crop:
        dest = re.sub(r'\.[A-Za-z]+$', '', dest) + '__' + '_'.join(crop.groups()) + '.png'
    if os.path.exists(dest):
        kept += 1
        continue
    key = (r['repo'], r['path'])
    if key not in cache:
        blob = subprocess.run(['git', '--git-dir', gitdir(r['repo'], r['commit']), 'show', f"{r['commit']}:{r['path']}"], capture_output=True, check=True).stdout
        cache.clear()
        cache[key] = blob
    blob = cache[key]
    digest = hashlib.sha256(blob).hexdigest()
    if digest != r['sha256'] or len(blob) != int(r['bytes']):
        print(f"SHA-256 MISMATCH {r['repo']}@{r['commit']}:{r['path']} ({digest}, {len(blob)} bytes)", file=sys.stderr)
        bad += 1
        continue
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if crop:
        w, h, x, y = crop.groups()
        subprocess.run(['ffmpeg', '-v', 'error', '-y', '-i', '-', '-vf', f'crop={w}:{h}:{x}:{y}', '-frames:v', '1', '-pix_fmt', 'rgb24', dest], input=blob, check=True)
    else:
        with open(dest + '.part', 'wb') as f: f.write(blob)
        os.replace(dest + '.part', dest)
    made += 1
# Leave-one-generator-out families: generators with under 10 images are folded into their lineage so that each
# held-out fold has enough images to measure (written to ai/labels.csv, which `fakelens train/eval image` read).
lineage = {'auraflow': 'recent-dit-flow', 'cosmos-predict2': 'recent-dit-flow', 'flux': 'recent-dit-flow',
           'lumina': 'recent-dit-flow', 'omnigen2': 'recent-dit-flow', 'pixart-sigma': 'recent-dit-flow', 'qwen-image': 'recent-dit-flow',
           'z-image': 'recent-dit-flow', 'sd3': 'recent-dit-flow', 'lcm-sd15': 'sd15-comfy', 'sd15-merge': 'sd15-comfy',
           'sd21-unclip': 'sd2', 'sdxl-turbo': 'sdxl',
           # round 4: autoregressive / masked-token generators, 2025 DiT/MoT generators and GANs each form one fold
           'hart': 'autoregressive', 'janusflow': 'autoregressive', 'lumina-mgpt': 'autoregressive', 'show-o': 'autoregressive',
           'emu3': 'autoregressive', 'hidream': 'dit-2025', 'hunyuanimage-2.1': 'dit-2025', 'bagel': 'dit-2025',
           'cogview4': 'dit-2025', 'stylegan-xl': 'gan', 'stylegan-ffhq': 'gan', 'biggan': 'gan',
           # round 7 (rows 4,930 on). GPT-4o image and StyleGAN2 are folds of their own; the three Gemini image models form
           # one fold; single previews of 2024-2025 open models (SD.Next, SwarmUI, stable-diffusion.cpp) join their lineage
           'gemini-2.5-flash-image': 'gemini', 'gemini-nano-banana-pro': 'gemini', 'gemini-3.1-flash-image': 'gemini',
           'stylegan1': 'gan', 'lightningdit': 'dit', 'midjourney-v7': 'midjourney', 'sd15-controlnet': 'sd15-comfy',
           'chroma': 'recent-dit-flow', 'flux2': 'recent-dit-flow', 'krea2': 'recent-dit-flow', 'wan': 'recent-dit-flow',
           'sana': 'recent-dit-flow', 'shuttle': 'recent-dit-flow', 'flex': 'recent-dit-flow', 'f-lite': 'recent-dit-flow',
           'prx': 'recent-dit-flow', 'bria': 'recent-dit-flow', 'pony-v7': 'recent-dit-flow', 'omnigen': 'recent-dit-flow',
           'pixart-alpha': 'recent-dit-flow',
           'boogu': 'dit-2025', 'ernie-image': 'dit-2025', 'hidream-o1': 'dit-2025', 'ideogram4': 'dit-2025',
           'lens': 'dit-2025', 'longcat-image': 'dit-2025', 'mage-flow': 'dit-2025', 'ovis-image': 'dit-2025',
           'sefi-image': 'dit-2025', 'hunyuanimage-3.0': 'dit-2025', 'firered-image-edit': 'dit-2025', 'chronoedit': 'dit-2025',
           'glm-image': 'dit-2025', 'x-omni': 'dit-2025', 'unipic': 'dit-2025', 'nucleus-image': 'dit-2025', 'anima': 'dit-2025',
           'hdm': 'dit-2025', 'cogview3': 'dit-2025', 'kandinsky5': 'dit-2025', 'lumina-dimoo': 'dit-2025',
           'meissonic': 'autoregressive', 'amused': 'autoregressive',
           'sdxl-finetune': 'sdxl', 'sdxl-anime': 'sdxl', 'segmind': 'sdxl', 'koala': 'sdxl', 'sdxs': 'sdxl', 'playground': 'sdxl',
           'instaflow': 'sd15-comfy', 'blip-diffusion': 'sd15-comfy', 'sd15-finetune': 'sd15-comfy',
           # 2022-2023 UNet latent-diffusion models with one or two previews each share the SD 2 fold
           'kandinsky2': 'sd2', 'kandinsky3': 'sd2', 'unidiffuser': 'sd2',
           # round 10 (rows 6,140 on): class-conditional ImageNet diffusion transformers join DiT's fold, VQGAN+CLIP joins
           # pixray's, Bria's FIBO the DiT/flow fold; Gemini-app and Imagen 3 images (Google) join the Gemini fold
           'sit': 'dit', 'u-vit': 'dit', 'vqgan-clip': 'pixray-vqgan', 'fibo': 'recent-dit-flow', 'gemini-app': 'gemini', 'imagen3': 'gemini',
           # round 14 (rows 7,408 on, an unseen batch): OpenAI's later image models join GPT-4o's fold and DALL-E 3 DALL-E 2's;
           # closed 2025 services join the 2025 fold, FLUX variants and Stable Image Ultra the DiT/flow fold, SD 1.5 add-ons the
           # SD 1.5 fold, minDALL-E (VQGAN + transformer) DALL-E mini's
           'gpt-image-1': 'gpt-4o-image', 'gpt-image-2': 'gpt-4o-image', 'dalle3': 'dalle2', 'ideogram3': 'dit-2025',
           'luma-photon': 'dit-2025', 'runway-gen4-image': 'dit-2025', 'stable-image-ultra': 'recent-dit-flow',
           'flux-kontext': 'recent-dit-flow', 'flux-lora': 'recent-dit-flow', 'sd15-lora': 'sd15-comfy', 'sd15-iclight': 'sd15-comfy',
           'mindalle': 'dalle-mini',
           # round 15 (rows 8,158 on, the second unseen batch): StyleGAN3 joins the GAN fold
           'stylegan3': 'gan'}
# ComfyUI's 4 HiDream images moved from recent-dit-flow to the dit-2025 fold in round 4.
for root in sorted({root_of(n) for n in range(first, len(rows))}):
    mine = [r for n, r in enumerate(rows) if root_of(n) == root]
    for label in ('ai', 'real'):
        if not any(r['label'] == label for r in mine):
            continue
        os.makedirs(os.path.join(root, label), exist_ok=True)
        with open(os.path.join(root, label, 'labels.csv'), 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['file', 'generator', 'family', 'source'] if label == 'ai' else ['file', 'source'])
            for r in mine:
                if r['label'] != label:
                    continue
                rel = (safe(r['family']) + '/' + safe(r['group']) + '__' + safe(r['path'])) if label == 'ai' else (safe(r['group']) + '/' + safe(r['path']))
                crop = re.search(r'crop=(\d+):(\d+):(\d+):(\d+)', r['notes'] or '')
                if crop:
                    rel = re.sub(r'\.[A-Za-z]+$', '', rel) + '__' + '_'.join(crop.groups()) + '.png'
                w.writerow([rel, lineage.get(r['family'], r['family']), r['family'], r['repo']] if label == 'ai' else [rel, r['repo']])
print(f"image corpus: {len(rows)} manifest rows ({len(rows) - first} from row {first + 1}), {made} written, {kept} already present, {bad} SHA-256 mismatches -> {base} (+ {base}-r4, {base}-r6, {base}-r7, {base}-r10, {base}-r14, {base}-r15)", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
