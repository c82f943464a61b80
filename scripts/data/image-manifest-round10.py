#!/usr/bin/env python3
"""Appends the issue-13 round-10 rows (manifest rows 6,140 on) to data/image-corpus.csv; kept to show how they were chosen.

Reads the fetched snapshots under /work/.mirror (the fetch tool's layout; FAKELENS_MIRRORS overrides) at their HEAD and
writes one manifest row per file, or per cell of a sample grid or screenshot (notes `crop=W:H:X:Y`, cut losslessly by
scripts/data/rebuild-image-corpus.sh). Every file was chosen by eye on contact sheets; the cell boxes of grids are found
here by an XY cut on the grid's uniform separators, and those of the ControlNet Gradio screenshots by cutting the
output gallery on its dark gutters (the first cell, the control map, is dropped). A file (or cell) whose SHA-256 (and
crop) is already in the manifest or in ../shared/data/images is skipped, so the run repeats nothing; one that is the
same file as an unseen-portrait test picture is kept and marked (scripts/data/portrait-test-duplicates.py, round 12).
Needs python3 with Pillow (Debian: python3-pil). Usage: scripts/data/image-manifest-round10.py [--write]
(without --write it prints the rows it would add, per repository and family).
"""
import collections, csv, hashlib, importlib.util, io, os, subprocess, sys

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, 'data', 'image-corpus.csv')
MIRROR = os.environ.get('FAKELENS_MIRRORS', '/work/.mirror')
SHARED = os.environ.get('FAKELENS_DATA', os.path.join(os.path.dirname(ROOT), 'shared', 'data'))
NOLIC = 'no licence file (public repository)'
rows, seen = [], set()


def gitdir(repo):
    d = os.path.join(MIRROR, repo.replace('/', '+'), 'repo')
    return d + '/.git' if os.path.isdir(d + '/.git') else d


_heads = {}


def head(repo):
    if repo not in _heads:
        _heads[repo] = subprocess.run(['git', '--git-dir', gitdir(repo), 'rev-parse', 'HEAD'], capture_output=True, text=True, check=True).stdout.strip()
    return _heads[repo]


def blob(repo, path):
    return subprocess.run(['git', '--git-dir', gitdir(repo), 'show', f'{head(repo)}:{path}'], capture_output=True, check=True).stdout


def image(repo, path):
    return Image.open(io.BytesIO(blob(repo, path))).convert('RGB')


def add(repo, path, licence, label, family, group, notes, crop=None):
    b = blob(repo, path)
    sha = hashlib.sha256(b).hexdigest()
    key = (sha, 'crop=%d:%d:%d:%d' % crop if crop else '')
    if key in seen:
        return
    seen.add(key)
    if crop:
        notes = 'crop=%d:%d:%d:%d; ' % crop + notes
    rows.append([repo, head(repo), path, sha, len(b), licence, label, family, group, notes])


def ai(repo, paths, licence, family, note, people=(), crops=None):
    for p in paths:
        pre = 'people; ' if p in people else ''
        for c in (crops(p) if crops else [None]):
            add(repo, p, licence, 'ai', family(p) if callable(family) else family, repo, pre + note, c)


def real(repo, paths, licence, note, people=(), group=None, family='camera-photo'):
    for p in paths:
        add(repo, p, licence, 'real', family(p) if callable(family) else family, group or repo,
            ('people; ' if p in people or people == 'all' else '') + note)


# ---------- grid cutting ----------
def _runs(flags):
    out, s = [], None
    for i, f in enumerate(list(flags) + [True]):
        if not f and s is None:
            s = i
        if f and s is not None:
            out.append((s, i))
            s = None
    return out


def _split(px, box, isbg, step=2):
    x0, y0, x1, y1 = box
    rows_ = [all(isbg(px[x, y]) for x in range(x0, x1, step)) for y in range(y0, y1)]
    out = []
    for a, b in _runs(rows_):
        cols = [all(isbg(px[x, y]) for y in range(y0 + a, y0 + b, step)) for x in range(x0, x1)]
        out += [(x0 + c, y0 + a, x0 + d, y0 + b) for c, d in _runs(cols)]
    return out


def xycut(repo, path, minside=200, tol=12, margin=2, depth=3):
    """Cells of a grid whose cells are separated by lines of the top-left pixel's colour: (w, h, x, y), reading order."""
    im = image(repo, path)
    px = im.load()
    bg = px[0, 0]
    isbg = lambda p: all(abs(p[k] - bg[k]) <= tol for k in range(3))
    boxes = [(0, 0, im.width, im.height)]
    for _ in range(depth):
        boxes = [c for b in boxes for c in _split(px, b, isbg)]
    return [(b[2] - b[0] - 2 * margin, b[3] - b[1] - 2 * margin, b[0] + margin, b[1] + margin)
            for b in boxes if b[2] - b[0] >= minside and b[3] - b[1] >= minside]


def fixed_grid(cols, rows_, w, h, x0=0, y0=0, gap=0):
    return lambda p: [(w, h, x0 + i * (w + gap), y0 + j * (h + gap)) for j in range(rows_) for i in range(cols)]


def gradio_outputs(repo, path, minside=150, minout=215):
    """Output cells of a Gradio demo screenshot (ControlNet): the right half's gallery, cut on its dark gutters; each
    light cell shrunk to the picture inside it; the first cell (top-left: the control map) dropped; 3 px margin."""
    im = image(repo, path)
    px = im.load()
    W, H = im.size
    dark = lambda p: sum(p[:3]) < 150
    panels = [(W // 2, 0, W, H)]
    for level in range(4):
        panels = [b for p in panels for b in _split(px, (p[0] + 3, p[1] + 3, p[2] - 3, p[3] - 3) if level else p, dark)
                  if b[2] - b[0] > minside and b[3] - b[1] > minside]
    cells = []
    for g in panels:
        ref = px[g[0] + 2, g[1] + 2]
        light = lambda q: all(abs(q[k] - ref[k]) <= 10 for k in range(3))
        x0, y0, x1, y1 = g[0] + 2, g[1] + 2, g[2] - 2, g[3] - 2
        xs = [x for x in range(x0, x1) if any(not light(px[x, y]) for y in range(y0, y1, 3))]
        ys = [y for y in range(y0, y1) if any(not light(px[x, y]) for x in range(x0, x1, 3))]
        if xs and ys and xs[-1] + 1 - xs[0] >= minside and ys[-1] + 1 - ys[0] >= minside:
            cells.append((xs[0], ys[0], xs[-1] + 1, ys[-1] + 1))
    if not cells:
        return []
    h = sorted(b[3] - b[1] for b in cells)[len(cells) // 2]
    top = min(b[1] for b in cells)
    first = min((b for b in cells if b[1] < top + h / 2), key=lambda b: b[0])
    return [(b[2] - b[0] - 6, b[3] - b[1] - 6, b[0] + 3, b[1] + 3) for b in cells
            if b is not first and min(b[2] - b[0], b[3] - b[1]) - 6 >= minout]


# =====================================================================================================================
# AI images
# =====================================================================================================================
# SiT (scalable interpolant transformers; DiT's layout): two figures of 3 x 512 px and 12 x 256 px class-conditional
# ImageNet samples on black, same layout as DiT's sample grids.
ai('willisma/SiT', ['visuals/visual.png', 'visuals/visual_2.png'], 'MIT', 'sit',
   'SiT-XL/2 class-conditional ImageNet sample (cell of the README figure)', crops=lambda p: xycut('willisma/SiT', p, minside=240))
# U-ViT: 8 x 4 class-conditional ImageNet 256 px samples, no gutters.
ai('baofff/U-ViT', ['sample.png'], 'MIT', 'u-vit', 'U-ViT class-conditional ImageNet 256 px sample (grid cell)',
   crops=fixed_grid(8, 4, 256, 256))

# ControlNet 1.0 and 1.1 (SD 1.5 + ControlNet): output cells of the authors' Gradio screenshots. The browser shows
# each output scaled to the gallery cell (~230-340 px), so the cells are resampled, and a screenshot's PNG.
CN = 'lllyasviel/ControlNet'
cn_pages = ['github_page/p%d.png' % i for i in range(1, 21) if i != 16] + ['github_page/p16b.png', 'github_page/ram12.jpg'] + \
           ['github_page/uc%s.png' % s for s in ('1', '2a', '2b', '3', '4', '6')]
cn_people = {'github_page/p11.png', 'github_page/p12.png', 'github_page/p5.png', 'github_page/ram12.jpg', 'github_page/uc1.png'}
ai(CN, cn_pages, 'Apache-2.0; SD 1.5 outputs (CreativeML OpenRAIL-M)', 'sd15-controlnet',
   'ControlNet 1.0 output cell of a Gradio screenshot (browser-scaled, ~230-340 px)', people=cn_people, crops=lambda p: gradio_outputs(CN, p))
CN11 = 'lllyasviel/ControlNet-v1-1-nightly'
cn11_pages = ['github_docs/imgs/%s.png' % s for s in (
    'anime_3', 'anime_4', 'anime_6', 'canny_1', 'depth_1', 'ip2p_1', 'ip2p_2', 'ip2p_3', 'lineart_1', 'lineart_2', 'lineart_3',
    'mlsd_1', 'normal_1', 'normal_2', 'openpose_1', 'openpose_2', 'scribble_1', 'scribble_2', 'seg_1', 'seg_2', 'shuffle_1',
    'shuffle_2', 'shuffle_3', 'softedge_1', 'tile_new_1', 'tile_new_2', 'tile_new_4')]
cn11_people = {'github_docs/imgs/%s.png' % s for s in ('anime_3', 'anime_4', 'anime_6', 'depth_1', 'lineart_2', 'openpose_1',
                                                         'openpose_2', 'scribble_1', 'softedge_1')}
ai(CN11, cn11_pages, NOLIC + '; SD 1.5 / Anything v3 outputs (CreativeML OpenRAIL-M)', 'sd15-controlnet',
   'ControlNet 1.1 output cell of a Gradio screenshot (browser-scaled, ~230-340 px)', people=cn11_people, crops=lambda p: gradio_outputs(CN11, p))

# mflux (MLX ports): the test suite's reference outputs, one per model; depth maps, upscales of a low-res input and the
# text poster left out.
MF = 'filipstrand/mflux'
mflux_family = {'controlnet_dev_lora': 'flux', 'dev_image_to_image': 'flux', 'ernie_image': 'ernie-image', 'ernie_image_turbo': 'ernie-image',
                'fibo': 'fibo', 'fibo_edit_fistbump': 'fibo', 'fibo_lite': 'fibo', 'fibo_white_owl': 'fibo',
                'flux2_klein_9b_kv_edit_dalmatian': 'flux2', 'flux2_klein_9b_tiger_swim': 'flux2', 'flux2_klein_edit_dalmatian': 'flux2',
                'flux2_klein_edit_glasses_wide': 'flux2', 'flux2_klein_edit_sunglasses_wide': 'flux2', 'flux2_klein_tiger_swim': 'flux2',
                'krea2_turbo': 'krea2', 'qwen_edit': 'qwen-image', 'qwen_edit_multiple_images': 'qwen-image', 'qwen_img2img': 'qwen-image',
                'qwen_lora': 'qwen-image', 'qwen_txt2img': 'qwen-image', 'z_image_turbo': 'z-image', 'z_image_turbo_lora': 'z-image'}
mf_paths = ['tests/resources/reference_%s.png' % k for k in mflux_family]
ai(MF, mf_paths, 'MIT; each model\'s own licence (FLUX.1-dev non-commercial)', lambda p: mflux_family[p[len('tests/resources/reference_'):-4]],
   'mflux test reference output', people={'tests/resources/reference_%s.png' % k for k in (
       'fibo_edit_fistbump', 'flux2_klein_edit_glasses_wide', 'flux2_klein_edit_sunglasses_wide', 'qwen_edit', 'qwen_edit_multiple_images', 'krea2_turbo')})

# RPG-DiffusionMaster (regional prompting with an LLM planner over SDXL-based checkpoints): single outputs; control
# maps, FAQ comparisons and the method figure left out.
RPG = 'YangLing0818/RPG-DiffusionMaster'
rpg = ['__asset__/demo/Controlnet/Canny_town.png', '__asset__/demo/Controlnet/Depth_valley.png', '__asset__/demo/Controlnet/Pose_girl.png'] + \
      ['__asset__/demo/Demo_imgs/demo_%d.png' % i for i in range(4)] + \
      ['__asset__/demo/IterComp/%s.png' % s for s in ('image1', 'image2', 'itercomp1', 'rpg1')] + \
      ['__asset__/demo/new_llms/prompt%d_%s.png' % (i, m) for i in (1, 2, 3) for m in ('deepseekr1', 'openaio1', 'openaio3mini')] + \
      ['__asset__/demo/object/%s.png' % s for s in ('apple', 'girl', 'icefire', 'mug', 'ragdoll', 'watermelon')] + \
      ['__asset__/demo/people/%s.png' % s for s in ('cafe', 'couple', 'cowboy', 'tea', 'three')]
ai(RPG, rpg, 'MIT; SDXL-based checkpoints (CreativeML OpenRAIL++-M)', 'sdxl-finetune', 'RPG-DiffusionMaster output (SDXL-based)',
   people={p for p in rpg if '/people/' in p or p.endswith(('Pose_girl.png', 'girl.png', 'demo_1.png', 'demo_2.png', 'demo_3.png'))})

# VQGAN+CLIP (Crowson's notebook, nerdyrodent's CLI): its sample outputs.
VQ = 'nerdyrodent/VQGAN-CLIP'
vq = ['samples/%s' % s for s in ('A_painting_of_an_apple_in_a_fruitbowl.png', 'Apple_weird.png', 'Bedroom.png', 'Cartoon.png', 'Cartoon2.png',
                                  'Cartoon3.png', 'DemonBiscuits.png', 'Football.png', 'Fractal_Landscape3.png', 'Games_5.png', 'VanGogh.jpg',
                                  'pencil_sketch_2.png', 'vvg_picasso.png', 'vvg_psychedelic.png', 'vvg_sketch.png')]
ai(VQ, vq, 'MIT', 'vqgan-clip', 'VQGAN+CLIP sample output', people={p for p in vq if any(k in p for k in ('Cartoon', 'Football', 'VanGogh', 'vvg_', 'pencil'))})

# Gemini app outputs of a prompt collection (Gemini sparkle mark in a corner); labelled grids, sticker sheets, a comic
# page, a screenshot, a plain product shot and two portraits that may be the author's reference photos left out.
KK = 'kokcheng/genAI-prompt'
kk = ['images/%s' % s for s in ('bag-bg.png', 'bag-person.png', 'bottle.png', 'bottle2.png', 'celebrity.jpg', 'chick.png', 'disney.jpg',
                                 'doraemon.png', 'dragon.jpg', 'figurine.png', 'figurine2.jpg', 'gundam.jpg', 'gundam2.jpg', 'gundam3.jpg',
                                 'gundam3.png', 'gundam4.png', 'simpson.jpg', 'superhero.jpg')]
ai(KK, kk, NOLIC + '; Gemini outputs (Google terms)', 'gemini-app', 'Gemini app image (prompt sample)',
   people=set(kk) - {'images/gundam.jpg'})
# Imagen 3 through the Gemini API: the three example outputs.
ai('antrixsh/iimagen3-image-generation', ['Example-Output/Output-%d.png' % i for i in (1, 2, 3)], NOLIC + '; Imagen 3 outputs (Google terms)',
   'imagen3', 'Imagen 3 example output (imagen-3.0-generate)')

# Latent diffusion (LDM-KL-8-G text-to-image, 256 px): the README strips of six 256 px samples with 2 px gutters that
# ../shared/data/images/ai/ldm does not already hold.
LD = 'CompVis/latent-diffusion'
ai(LD, ['assets/%s' % s for s in ("a-shirt-with-the-inscription-'fire'.png", 'a-watercolor-painting-of-a-fire.png', 'fire.png',
                                   'the-earth-is-on-fire,-oil-on-canvas.png')], 'MIT', 'latent-diffusion',
   'LDM text-to-image 256 px sample (strip cell)', crops=lambda p: xycut(LD, p, minside=200))

# Stable Diffusion 1.5 Cheat-Sheet: one 1024 px WebP per artist style, each a 2 x 2 grid of 512 px SD 1.5 outputs (no
# gutters). 200 of the 906 sheets, evenly spaced in name order, one cell each (top-left, top-right, bottom-left,
# bottom-right in turn), so the repository stays at 200 rows.
SC = 'SupaGruen/StableDiffusion-CheatSheet'


def _sheets():
    out = subprocess.run(['git', '--git-dir', gitdir(SC), 'ls-tree', '--name-only', head(SC), 'img/'], capture_output=True, text=True, check=True).stdout.split()
    return sorted(p for p in out if p.endswith('.webp'))


_sc = _sheets()
_sc_pick = [_sc[int(i * len(_sc) / 200)] for i in range(200)]
_sc_cell = {p: [(512, 512, 512 * (i % 2), 512 * ((i // 2) % 2))] for i, p in enumerate(_sc_pick)}
ai(SC, _sc_pick, 'MIT; SD 1.5 outputs (CreativeML OpenRAIL-M)', 'sd1', 'SD 1.5 artist-style sample (one 512 px cell of a lossy WebP 2 x 2 sheet)',
   crops=lambda p: _sc_cell[p])

# Stable Diffusion 3.5 Large in 129 artist styles, one prompt (Churchill reading a phone): the gallery's PNGs.
S35 = 'EnragedAntelope/Artists-SD35L'
s35 = sorted(subprocess.run(['git', '--git-dir', gitdir(S35), 'ls-tree', '--name-only', head(S35), 'gallery-assets/'], capture_output=True, text=True,
                            check=True).stdout.split())
s35 = [p for p in s35 if p.endswith('.png')]
ai(S35, s35, 'MIT; SD 3.5 Large outputs (Stability AI Community Licence)', 'sd3', 'SD 3.5 Large artist-style output (one prompt: a public figure)',
   people=set(s35))

# Seedream 5.0 official cases (edits' inputs, a board game diagram, a poster pair and the comparison strip left out).
SD5 = 'imaginevid-ai/Awesome-seedream-5-pro-prompts-and-skills'
ai(SD5, ['public/official-cases/%s.png' % s for s in (
    'case-15-seven-reference-output', 'case-17-cinematic-boxing-action', 'case-18-3d-animation-style-scene',
    'case-19-visual-concept-art', 'case-20-game-scene-visual', 'case-21-arabic-english-welcome-sign', 'case-22-korean-open-24-hours-sign',
    'case-23-thai-cleanliness-sign', 'case-24-french-creation-poster', 'case-25-russian-future-poster')], NOLIC + '; Seedream 5.0 outputs (ByteDance terms)',
   'seedream-5', 'Seedream 5.0 official case output', people={'public/official-cases/case-17-cinematic-boxing-action.png', 'public/official-cases/case-18-3d-animation-style-scene.png'})

# UNO (subject-driven FLUX.1-dev fine-tune): its results (the reference images left out).
UNO = 'bytedance/UNO'
ai(UNO, ['assets/examples/%s' % s for s in ('0_0.png', '1_0.png', '2_0.png', '1one2one/result.png', '2one2one/result.png', '3two2one/result.png',
                                            '4two2one/result.png', '5many2one/result.png', '6t2i/result.png')],
   'Apache-2.0; FLUX.1-dev outputs (FLUX.1-dev non-commercial licence)', 'flux', 'UNO (FLUX.1-dev) result',
   people={'assets/examples/3two2one/result.png', 'assets/examples/5many2one/result.png'})

# BigGAN-deep (pytorch-pretrained-BigGAN): the three 256 px class-conditional samples.
ai('huggingface/pytorch-pretrained-BigGAN', ['assets/output_%d.png' % i for i in range(3)], 'MIT (code); BigGAN-deep weights Apache-2.0 (DeepMind)', 'biggan', 'BigGAN-deep 256 px ImageNet sample')

# ELLA / EMMA (SD 1.5 with an LLM text connector): the README's comparison strips (SD 1.5 and ELLA outputs side by side,
# all generated) and EMMA's four-image strips, cut on their white gutters; the ELLA penguin whole.
EL = 'TencentQQGYLab/ELLA'
ella = ['assets/ella-sd1.5-notes/%s.jpg' % s for s in ('crocodile_sweater', 'crocodile_sweater-gpt4_refined_caption', 'racoon_apple',
                                                        'racoon_apple_Qwen-72B-Chat-refined')] + ['assets/emma/emma_%d.jpg' % i for i in range(1, 7)]
ai(EL, ella, 'Apache-2.0; SD 1.5 outputs (CreativeML OpenRAIL-M)', 'sd15-finetune', 'ELLA / EMMA (SD 1.5) output, cell of a README strip',
   people={p for p in ella if '/emma/' in p}, crops=lambda p: xycut(EL, p, minside=300, tol=30))
ai(EL, ['assets/ELLA-Diffusion.jpg'], 'Apache-2.0; SD 1.5 outputs (CreativeML OpenRAIL-M)', 'sd15-finetune', 'ELLA (SD 1.5) output')

# StyleGAN2 LSUN Church (config-f) samples from rosinality's port: 4 x 4 grid of 256 px with 2 px gutters.
RG = 'rosinality/alias-free-gan-pytorch'
ai(RG, ['stylegan2/doc/stylegan2-church-config-f.png'], 'MIT (code); NVIDIA StyleGAN2 LSUN Church model (NVIDIA Source Code License-NC, **non-commercial**)',
   'stylegan2', 'StyleGAN2 LSUN Church 256 px sample (grid cell)', crops=lambda p: xycut(RG, p, minside=200))

# Phased Consistency Model: SD 3 Medium distilled to 2-4 steps, three 1024 px portraits.
PCM = 'G-U-N/Phased-Consistency-Model'
pcm = ['_assets_/imgs/%s.png' % s for s in ('sd3_2step', 'sd3_4step_deterministic', 'sd3_4step_stochastic')]
ai(PCM, pcm, 'Apache-2.0; SD 3 Medium outputs (Stability AI licence)', 'sd3', 'PCM-distilled SD 3 Medium output (2-4 steps)', people=set(pcm))

# =====================================================================================================================
# Real photos
# =====================================================================================================================
# latent-diffusion's inpainting examples (the photos; masks left out): stock photos of people on benches.
real(LD, ['data/inpainting_examples/%s.png' % s for s in (
    'bench2', 'bertrand-gabioud-CpuFzIsHYJ0', 'billow926-12-Wc-Zgx6Y', 'overture-creations-5sI6fQgYIuo', 'photo-1583445095369-9c651e7e5d34')],
    'MIT; Unsplash photos (Unsplash licence)', 'real photo (Unsplash), 512 x 512 PNG crop', people='all')
real(LD, ['data/inpainting_examples/%s.png' % s for s in ('6458524847_2f4c361183_k', '8399166846_f6fb4e4b8e_k', 'alex-iby-G_Pk4D9rMLs', 'bench2',
                                                          'billow926-12-Wc-Zgx6Y', 'photo-1583445095369-9c651e7e5d34')],
     'MIT; Flickr / Unsplash photos (their own licences)', 'real photo (inpainting example input, masks left out), 512 x 512 PNG', people='all')
real(LD, ['data/inpainting_examples/%s.png' % s for s in ('bertrand-gabioud-CpuFzIsHYJ0', 'overture-creations-5sI6fQgYIuo')],
     'MIT; Unsplash photos (Unsplash licence)', 'real photo (inpainting example input, masks left out), 512 x 512 PNG')

# AFHQ (StarGAN v2's animal faces): Flickr and Pixabay photos, cropped and resized to 512 px JPEG by the authors.
SG = 'clovaai/stargan-v2'
afhq = ('ref/cat/flickr_cat_000495 ref/cat/flickr_cat_000557 ref/cat/pixabay_cat_000355 ref/cat/pixabay_cat_000491 ref/cat/pixabay_cat_000535 '
        'ref/cat/pixabay_cat_000623 ref/cat/pixabay_cat_000730 ref/cat/pixabay_cat_001479 ref/cat/pixabay_cat_001699 ref/cat/pixabay_cat_003046 '
        'ref/dog/flickr_dog_001072 ref/dog/pixabay_dog_000121 ref/dog/pixabay_dog_000322 ref/dog/pixabay_dog_000357 ref/dog/pixabay_dog_000409 '
        'ref/dog/pixabay_dog_000799 ref/dog/pixabay_dog_000890 ref/dog/pixabay_dog_001082 ref/wild/flickr_wild_000731 ref/wild/flickr_wild_001223 '
        'ref/wild/flickr_wild_002020 ref/wild/flickr_wild_002092 ref/wild/flickr_wild_002933 ref/wild/flickr_wild_003137 ref/wild/flickr_wild_003355 '
        'ref/wild/flickr_wild_003796 ref/wild/flickr_wild_003969 ref/wild/pixabay_wild_000637 src/cat/flickr_cat_000253 src/cat/pixabay_cat_000181 '
        'src/cat/pixabay_cat_000241 src/cat/pixabay_cat_000276 src/cat/pixabay_cat_004826 src/dog/flickr_dog_000094 src/dog/pixabay_dog_000321 '
        'src/dog/pixabay_dog_000322 src/dog/pixabay_dog_001082 src/dog/pixabay_dog_002066 src/wild/flickr_wild_000432 src/wild/flickr_wild_000814 '
        'src/wild/flickr_wild_002036 src/wild/flickr_wild_002159 src/wild/pixabay_wild_000558').split()
real(SG, ['assets/representative/afhq/%s.jpg' % s for s in afhq], 'CC BY-NC 4.0 (**non-commercial**; AFHQ: Flickr / Pixabay photos)',
     'real photo (AFHQ animal face, cropped and resized to 512 px JPEG by the dataset authors)')
# (StarGAN v2's CelebA-HQ references are left out: CelebA-HQ was made with a super-resolution network.)

# DeepFace's unit-test faces: press and event photos of public figures (web JPEGs of many sizes).
DF = 'serengil/deepface'
df = ['couple'] + ['img%d' % i for i in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31, 32,
                                         33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 53, 54, 55, 56, 57, 58, 59, 61, 67)] + ['selfie-many-people']
real(DF, ['tests/unit/dataset/%s.jpg' % s for s in df], 'MIT; press photos of public figures (their photographers\' terms)',
     'real photo (public figure, web JPEG)', people='all', group=DF, family='portrait')

# U-2-Net's test images: web photos of people, animals and objects (one Meitu-edited file left out).
U2 = 'xuebinqin/U-2-Net'
u2 = ['test_data/test_human_images/%s' % s for s in (
    '19035828_web1__12294096_web1_180615-PNR-newmayorchallenge.jpg', '2019-LADIES-NIGHT-2ND-GOMES.jpg', '480112-637286191695715805-16x9.jpg',
    '5-mental-skills-of-successful-athletes-image.jpg', 'Athlete-Intake.jpg', 'Two_dancers.jpg', 'f2dc6965e31f7ff0bb54618d53437006.jpg',
    'image1440x560cropped.jpg', 'julia+trotti_17.jpg', 'language_1280p.jpg', 'lionel-messi-athletes-fashion.jpg',
    'olympic-athletes-need-to-know-2018-winter-1.jpg', 'photo-1552374196-c4e7ffc6e126.jpeg', 'track-runners-hurdles-1280.jpg')]
u2 += ['test_data/test_images/%s' % s for s in ('0002-01.jpg', '0003.jpg', 'bike.jpg', 'boat.jpg', 'girl.png', 'hockey.png', 'horse.jpg', 'im_01.png',
                                                 'im_14.png', 'im_21.png', 'im_27.png', 'long.jpg', 'rifle1.jpg', 'sailboat3.jpg', 'vangogh.jpeg', 'whisk.png')]
u2 += ['test_data/test_portrait_images/your_portrait_im/%s.jpg' % s for s in ('GalGadot', 'guliNazha3', 'kid1', 'kid2', 'kid3', 'man2', 'man4', 'man5')]
real(U2, u2, 'Apache-2.0; web photos (their own terms)', 'real photo (web image, U-2-Net test input)',
     people={p for p in u2 if 'human' in p or 'portrait' in p or p.endswith(('girl.png', 'hockey.png', 'horse.jpg', '0003.jpg'))},
     family=lambda p: 'portrait' if 'portrait' in p else 'people' if 'human' in p else 'camera-photo')

# rembg's example inputs (outputs and anime pictures left out).
RB = 'danielgatis/rembg'
rb = ['examples/%s.jpg' % s for s in ('animal-1', 'animal-2', 'animal-3', 'car-1', 'car-2', 'car-3', 'girl-2', 'girl-3', 'plants-1')] + ['tests/fixtures/cloth-1.jpg']
real(RB, rb, 'MIT; stock photos (their own terms)', 'real photo (background-removal example input)', people={'examples/girl-2.jpg', 'examples/girl-3.jpg', 'tests/fixtures/cloth-1.jpg'})

# Old photographs, scanned (hard negatives: scan texture, fading, scratches).
BOP = 'microsoft/Bringing-Old-Photos-Back-to-Life'
bop = ['test_images/old/%s.png' % c for c in 'abcdefgh'] + ['test_images/old_w_scratch/%s.png' % c for c in 'abcd']
for p in bop:
    add(BOP, p, 'MIT; old photographs (their owners\' terms)', 'real', 'scan', BOP, 'people; scan of an old photograph (restoration test input)')

# Pillow's test JPEGs that are camera photos (EXIF, ICC, MPO and broken-header variants; tiny and synthetic ones left out).
PIL_ = 'python-pillow/Pillow'
real(PIL_, ['Tests/images/%s.jpg' % s for s in ('exif-72dpi-int', 'exif_gps_typeerror', 'exif_typeerror', 'flower', 'flower2', 'icc_profile_big',
                                                'jpeg_ff00_header', 'junk_jpeg_header', 'sugarshack_bad_mpo_header', 'xmp_test')],
     'MIT-CMU (HPND) test data', 'camera JPEG (Pillow test file, metadata kept)')

# face_recognition's examples: photos of public figures (the 240p-720p rescales of one Obama photo and partial-face crops left out).
FR = 'ageitgey/face_recognition'
fr = ['examples/alex-lacamoire.png', 'examples/biden.jpg', 'examples/lin-manuel-miranda.png', 'examples/obama-1080p.jpg', 'examples/obama2.jpg',
      'examples/two_people.jpg', 'tests/test_images/obama3.jpg'] + \
     ['examples/knn_examples/%s' % s for s in ('test/alex_lacamoire1.jpg', 'test/johnsnow_test1.jpg', 'test/kit_with_rose.jpg', 'test/obama1.jpg',
                                               'test/obama_and_biden.jpg', 'train/alex_lacamoire/img1.jpg', 'train/biden/biden.jpg', 'train/biden/biden2.jpg',
                                               'train/kit_harington/john1.jpeg', 'train/kit_harington/john2.jpeg', 'train/obama/obama.jpg',
                                               'train/obama/obama2.jpg', 'train/rose_leslie/img1.jpg', 'train/rose_leslie/img2.jpg')]
real(FR, fr, 'MIT; press photos of public figures (their photographers\' terms)', 'real photo (public figure)', people='all', family='portrait')

# dlib's example photos (PASCAL VOC Flickr photos with faces, a framed print, car parks; collages left out).
DL = 'davisking/dlib'
dl = ['examples/faces/%s.jpg' % s for s in ('2007_007763', '2008_001009', '2008_001322', '2008_002079', '2008_002470', '2008_002506', '2008_004176',
                                             '2008_007676', '2009_004587', 'Tom_Cruise_avp_2014_4')] + \
     ['examples/mmod_cars_test_image.jpg', 'examples/mmod_cars_test_image2.jpg', 'docs/docs/images/extract_image_4points_source.jpg']
real(DL, dl, 'Boost Software License 1.0; PASCAL VOC Flickr photos (their own terms)', 'real photo (dlib example)', people={p for p in dl if '/faces/' in p},
     family=lambda p: 'people' if '/faces/' in p else 'camera-photo')

# Darknet's sample photos (The Scream left out: a painting).
real('pjreddie/darknet', ['data/%s.jpg' % s for s in ('dog', 'eagle', 'giraffe', 'horses', 'kite', 'person')], 'YOLO licence (public domain dedication)',
     'real photo (detector sample)', people={'data/person.jpg', 'data/kite.jpg'})

# Piexif's camera test JPEGs (the 80 px maker-note stubs left out).
real('hMatoba/Piexif', ['tests/images/%s.jpg' % s for s in ('02', 'L01', 'L02', 'large')], 'MIT test data', 'camera JPEG (EXIF test file)')

# imageio's standard images that are photos (Kodak, Hubble, microscopy, cube maps and drawings left out); one text page scan.
IO = 'imageio/imageio-binaries'
real(IO, ['images/%s' % s for s in ('Ankylosaurus_&_Stegosaurus_Thumbnail.jpg', 'bricks.jpg', 'camera.png', 'chelsea.png', 'coffee.png', 'coins.png',
                                    'rommel.jpg', 'wikkie.png', 'wood.jpg')], NOLIC + '; public-domain and CC photos (scikit-image data)',
     'real photo (imageio standard image)', people={'images/camera.png'})
add(IO, 'images/page.png', NOLIC + '; scikit-image data', 'real', 'scan', IO, 'scan of a printed page (grey, text)')

# Terminal screenshots (hard negatives: flat colour, text).
RICH = 'Textualize/rich'
for s in ('columns', 'features', 'hello_world', 'inspect', 'log', 'logging', 'markdown', 'print', 'progress', 'repl', 'syntax', 'table', 'table2',
          'traceback', 'tree', 'where_there_is_a_will'):
    add(RICH, 'imgs/%s.png' % s, 'MIT', 'real', 'screenshot', RICH, 'screenshot of a terminal (macOS, PNG)')


# Low-light camera photos: DICM (64) and LIME (9) test sets as Zero-DCE ships them (JPEG).
ZD = 'Li-Chongyi/Zero-DCE'
zd = sorted(subprocess.run(['git', '--git-dir', gitdir(ZD), 'ls-tree', '-r', '--name-only', head(ZD), 'Zero-DCE_code/data/test_data/'], capture_output=True,
                           text=True, check=True).stdout.split())
real(ZD, [p for p in zd if p.lower().endswith('.jpg')], NOLIC + '; DICM / LIME test photos (their authors\' terms)',
     'real photo (low-light test set: DICM or LIME)')
# SICE multi-exposure photos as Zero-DCE++ ships them for training (resized to 512 x 512 JPEG): 90 of 1,862, every 20th by number.
ZX = 'Li-Chongyi/Zero-DCE_extension'
real(ZX, ['Zero-DCE++/data/train_data/%d.jpg' % (1 + 20 * k) for k in range(90)], NOLIC + '; SICE photos (their authors\' terms)',
     'real photo (SICE multi-exposure sequence member, under- to over-exposed, resized to 512 x 512 JPEG)')

# Detector and vision-language demo photos.
real('tensorflow/tfjs-models', ['coco-ssd/demo/image1.jpg', 'coco-ssd/demo/image2.jpg', 'deeplab/demo/src/examples/cityscapes.jpg',
                                'deeplab/demo/src/examples/pascal.jpg'], 'Apache-2.0; demo photos', 'real photo (demo input)',
     people={'coco-ssd/demo/image1.jpg', 'deeplab/demo/src/examples/pascal.jpg'})
real('xinyu1205/recognize-anything', ['images/1641173_2291260800.jpg', 'images/demo/demo2.jpg', 'images/demo/demo3.jpg', 'images/demo/demo4.jpg'],
     'Apache-2.0; demo photos', 'real photo (demo input)', people={'images/demo/demo2.jpg'})
real('THUDM/CogVLM', ['openai_demo/demo.jpg'], 'Apache-2.0 (code); demo photo', 'real photo (demo input)')
IQA = 'idealo/image-quality-assessment'
real(IQA, ['readme_figures/images_aesthetic/aesthetic%d.jpg' % i for i in (1, 3, 4, 5, 6)] + ['readme_figures/images_technical/techncial2.jpg'] +
     ['src/tests/test_images/%d.jpg' % i for i in (42039, 42040, 42041, 42042, 42044)], 'Apache-2.0; AVA / TID example photos (their own terms)',
     'real photo (image-quality example)')
real('WongKinYiu/yolov7', ['inference/images/%s.jpg' % s for s in ('bus', 'horses', 'image1', 'image2', 'image3', 'zidane')], 'GPL-3.0; demo photos',
     'real photo (detector demo input)', people={'inference/images/%s.jpg' % s for s in ('bus', 'image1', 'image2', 'zidane')})
real('OpenBMB/MiniCPM-V', ['assets/airplane.jpeg', 'assets/hk_OCR.jpg', 'assets/minicpmo2_6/show_demo.jpg'], 'Apache-2.0; demo photos',
     'real photo (vision-language demo input)')
QW = 'QwenLM/Qwen-VL'
real(QW, ['assets/demo.jpeg', 'assets/demo_highfive.jpg', 'assets/demo_spotting_caption.jpg'] +
     ['assets/mm_tutorial/%s' % s for s in ('Beijing_Small.jpeg', 'Chongqing.jpeg', 'Hospital.jpg', 'Menu.jpeg', 'Shanghai.jpg')],
     'Tongyi Qianwen licence; demo photos', 'real photo (vision-language demo input)',
     people={'assets/demo.jpeg', 'assets/demo_highfive.jpg', 'assets/demo_spotting_caption.jpg'})
real('jcjohnson/neural-style', ['examples/inputs/%s.jpg' % s for s in ('brad_pitt', 'golden_gate', 'hoovertowernight', 'tubingen')],
     'MIT; content photos (their own terms)', 'real photo (style-transfer content input)', people={'examples/inputs/brad_pitt.jpg'})
real('PKU-YuanGroup/Video-LLaVA', ['videollava/serve/examples/%s.jpg' % s for s in ('desert', 'extreme_ironing', 'waterview')], 'Apache-2.0; demo photos',
     'real photo (vision-language demo input)', people={'videollava/serve/examples/extreme_ironing.jpg'})
real('DAMO-NLP-SG/Video-LLaMA', ['examples/Iron_clothes.jpg', 'examples/United_States_Capitol.jpg', 'examples/dog.jpg',
                                 'video_llama/models/ImageBind/.assets/car_image.jpg', 'video_llama/models/ImageBind/.assets/dog_image.jpg'],
     'BSD-3-Clause; demo photos (ImageBind assets: CC BY-NC 4.0)', 'real photo (demo input)', people={'examples/Iron_clothes.jpg'})
# (z-x-yang/Segment-and-Track-Anything is left out: its sam/notebooks/images are copies of the reserved facebookresearch/segment-anything samples.)

# =====================================================================================================================
def main():
    known = set()
    for r in csv.DictReader(open(MANIFEST, newline='')):
        import re
        m = re.search(r'crop=\d+:\d+:\d+:\d+', r['notes'] or '')
        known.add((r['sha256'], m.group(0) if m else ''))
    shared = set()
    for d, _, files in os.walk(os.path.join(SHARED, 'images')):
        for f in files:
            shared.add(hashlib.sha256(open(os.path.join(d, f), 'rb').read()).hexdigest())
    keep = []
    for r in rows:
        crop = r[9].split(';')[0] if r[9].startswith('crop=') else ''
        if (r[3], crop) in known or r[3] in shared:
            print('already in the manifest or shared data, skipped:', r[0], r[2], crop, file=sys.stderr)
            continue
        keep.append(r)
    # Round 12: a row that is the same file as an unseen-portrait test picture (data/unseen-portrait-repositories.txt) is
    # kept but marked, so training can exclude it (round 10's run missed this check: 78 rows were marked afterwards).
    spec = importlib.util.spec_from_file_location('ptd', os.path.join(ROOT, 'scripts', 'data', 'portrait-test-duplicates.py'))
    ptd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ptd)
    tests = ptd.test_files()
    for r in keep:
        if r[3] in tests and ptd.MARK not in r[9]:
            r[9] = (r[9] + '; ' if r[9] else '') + ptd.note(tests[r[3]])
            print('same file as an unseen-portrait test picture, marked:', r[0], r[2], file=sys.stderr)
    by = collections.Counter((r[0], r[6], r[7]) for r in keep)
    for (repo, label, fam), n in sorted(by.items()):
        print(f'{n:4d} {label:4s} {fam:20s} {repo}', file=sys.stderr)
    print('rows:', len(keep), 'ai', sum(r[6] == 'ai' for r in keep), 'real', sum(r[6] == 'real' for r in keep), file=sys.stderr)
    if '--write' in sys.argv:
        with open(MANIFEST, 'a', newline='') as f:
            csv.writer(f, lineterminator='\n').writerows(keep)


if __name__ == '__main__':
    main()