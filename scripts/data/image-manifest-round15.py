#!/usr/bin/env python3
"""Appends the issue-13 round-15 rows ("round 15 unseen batch", manifest rows 8,158 on) to data/image-corpus.csv.

Round 15 is the second unseen batch: repositories that no earlier round used (none in data/image-corpus.csv, none
reserved), gathered to measure the shipped model (v10) on data it never trained on, and to become the round after
next's training data (v11 trains on round 14's batch). It follows scripts/data/image-manifest-round14.py: reads the
fetched snapshots under /work/.mirror (FAKELENS_MIRRORS overrides) at their HEAD, writes one manifest row per file, and
skips any file whose SHA-256 is already in the manifest or in ../shared/data/images. Files were chosen on contact sheets
(/work/data-cache/image/logs/imgdata15-sheets/; the lists below are the result): photographic single pictures, no text
layouts, screenshots, side-by-side comparisons or collages of several models. Galleries that re-host a training
repository's pictures (dbt94's copy of muset-ai's Nano Banana Pro cases, xianyu110's of jamez-bondos' GPT-4o cases: 159
and 81 perceptual-hash matches against the corpus) are left out, and HiAPIAI's GPT Image 2 pictures that match one of
EvoLinkAI's (104 of 202, dHash distance <= 20) are not listed. No repository gives more than 80 rows.
Needs python3 with Pillow (Debian: python3-pil). Usage: scripts/data/image-manifest-round15.py [--write]
(without --write it prints the rows it would add, per repository and family).
"""
import csv, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, 'data', 'image-corpus.csv')
SHARED = os.environ.get('FAKELENS_DATA', os.path.join(os.path.dirname(ROOT), 'shared', 'data'))
NOTE = 'round 15 unseen batch'
CAP = 80
ROWS_BEFORE = 8157  # manifest data rows before round 15
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snapshot_rows  # noqa: E402  (the helpers every round-14-on manifest script shares)
from snapshot_rows import NOLIC, PERSON, add, ai, blob, fixed_grid, gitdir, head, ls, present, real, rows, seen, width  # noqa: E402,F401
snapshot_rows.configure(NOTE)


# =====================================================================================================================
# GPT Image 2 (OpenAI, April 2026), collection 1: EvoLinkAI's prompt gallery (pictures posted on X, CC0 collection).
# Photographic portraits, characters and scenes; posters, UI mock-ups, infographics, newspaper pages, collages and the
# "comparison" cases (several models side by side) left out.
EV_REPO = 'EvoLinkAI/awesome-gpt-image-2-prompts'
EV = [
    'case_case101/output.jpg', 'case_case102/output1.jpg', 'case_case107/output.jpg', 'case_case108/output.jpg',
    'case_case109/output.jpg', 'case_case110/output.jpg', 'case_case111/output1.jpg', 'case_case113/output.jpg',
    'case_case65/output.jpg', 'case_case67/output.jpg', 'case_case69/output.jpg', 'case_case74/output.jpg',
    'case_case74/output1.jpg', 'case_case94/output.jpg', 'case_case96/output.jpg', 'case_case96/output1.jpg',
    'case_case98/output.jpg', 'case_case98/output1.jpg', 'character_case11/output.jpg',
    'character_case15/output.jpg', 'character_case2/output.jpg', 'character_case3/output.jpg',
    'character_case6/output.jpg', 'character_case7/output.jpg', 'character_case8/output.jpg',
    'character_case9/output.jpg', 'portrait_case1/output.jpg', 'portrait_case10/output.jpg',
    'portrait_case100/output.jpg', 'portrait_case102/output.jpg', 'portrait_case103/output.jpg',
    'portrait_case104/output.jpg', 'portrait_case105/output.jpg', 'portrait_case106/output.jpg',
    'portrait_case107/output.jpg', 'portrait_case11/output.jpg', 'portrait_case110/output.jpg',
    'portrait_case111/output.jpg', 'portrait_case112/output.jpg', 'portrait_case113/output.jpg',
    'portrait_case114/output.jpg', 'portrait_case116/output.jpg', 'portrait_case14/output.jpg',
    'portrait_case15/output.jpg', 'portrait_case16/output.jpg', 'portrait_case17/output.jpg',
    'portrait_case18/output.jpg', 'portrait_case2/output.jpg', 'portrait_case27/output.jpg',
    'portrait_case28/output.jpg', 'portrait_case29/output.jpg', 'portrait_case3/output.jpg',
    'portrait_case30/output.jpg', 'portrait_case4/output.jpg', 'portrait_case5/output.jpg',
    'portrait_case6/output.jpg', 'portrait_case7/output.jpg', 'portrait_case78/output.jpg',
    'portrait_case79/output.jpg', 'portrait_case81/output.jpg', 'portrait_case82/output.jpg',
    'portrait_case84/output.jpg', 'portrait_case86/output.jpg', 'portrait_case88/output.jpg',
    'portrait_case89/output.jpg', 'portrait_case9/output.jpg', 'portrait_case91/output.jpg',
    'portrait_case97/output.jpg', 'portrait_case98/output.jpg', 'portrait_case99/output.jpg']

ai(EV_REPO, ['images/' + p for p in EV], 'CC0-1.0 (collection); GPT Image 2 outputs (OpenAI terms)', 'gpt-image-2',
   'GPT Image 2 output (EvoLinkAI gallery, posted on X)', people={'images/' + p for p in EV if 'portrait' in p or 'character' in p})

# GPT Image 2, collection 2: HiAPIAI's gallery (CC BY 4.0). Only pictures with no perceptual match in EvoLinkAI's;
# e-commerce product shots (text-to-image, studio look: the retouched-product case on the AI side), portrait
# photography, photographic characters and ads without text.
HI_REPO = 'HiAPIAI/awesome-gpt-image-2-prompts'
HI = [
    'ad_creative_case12/output.png', 'ad_creative_case7/output.png', 'character_design_case10/output.png',
    'character_design_case11/output.png', 'character_design_case15/output.png',
    'character_design_case16/output.png', 'character_design_case17/output.png',
    'character_design_case19/output.png', 'community_reference/reddit-05/output.jpg',
    'community_reference/reddit-09/output.jpg', 'community_reference/xhs-07/output.jpg',
    'community_reference/xhs-08/output.jpg', 'e_commerce_case1/output.png', 'e_commerce_case10/output.png',
    'e_commerce_case11/output.png', 'e_commerce_case12/output.png', 'e_commerce_case13/output.png',
    'e_commerce_case14/output.png', 'e_commerce_case15/output.png', 'e_commerce_case16/output.png',
    'e_commerce_case17/output.png', 'e_commerce_case18/output.png', 'e_commerce_case19/output.png',
    'e_commerce_case2/output.png', 'e_commerce_case20/output.png', 'e_commerce_case3/output.png',
    'e_commerce_case4/output.png', 'e_commerce_case5/output.png', 'e_commerce_case6/output.png',
    'e_commerce_case7/output.png', 'e_commerce_case8/output.png', 'e_commerce_case9/output.png',
    'portrait_photography_case19/output.png', 'portrait_photography_case20/output.png',
    'portrait_photography_case21/output.png', 'portrait_photography_case22/output.png',
    'portrait_photography_case23/output.png', 'portrait_photography_case24/output.png',
    'portrait_photography_case25/output.png', 'portrait_photography_case26/output.png']

ai(HI_REPO, ['images/' + p for p in HI], 'CC BY 4.0 (collection); GPT Image 2 outputs (OpenAI terms)', 'gpt-image-2',
   'GPT Image 2 output (HiAPIAI gallery)', people={'images/' + p for p in HI if 'portrait' in p or 'character' in p})

# Nano Banana Pro (Gemini 3 Pro Image): aimikoda's own outputs (one creator, Jan 2026). Chat-bubble, infographic, comic,
# game-map and poster-text items left out. Several prompts take an uploaded face as "identity anchor only": the
# picture is generated whole (no pasted photo), so they stay, noted.
AM_REPO = 'aimikoda/awesome-nano-banana-pro'
AM = [
    'anime-eyes-through-phone-01.jpg', 'anime-eyes-through-phone-02.jpg', 'anime-eyes-through-phone-03.jpg',
    'anime-eyes-through-phone-04.jpg', 'bullet-dodge-kitchen-01.jpg', 'bullet-dodge-kitchen-02.jpg',
    'bullet-dodge-kitchen-03.jpg', 'cartoon-accessory-add-on-01.jpg', 'cartoon-accessory-add-on-02.jpg',
    'cartoon-accessory-add-on-03.jpg', 'city-tree-monument-01.jpg', 'city-tree-monument-02.jpg',
    'city-tree-monument-03.jpg', 'city-tree-monument-04.jpg', 'clearshell-product-transformation-01.jpg',
    'clearshell-product-transformation-02.jpg', 'clearshell-product-transformation-03.jpg',
    'clearshell-product-transformation-04.jpg', 'dish-as-world-scene-01.jpg', 'dish-as-world-scene-02.jpg',
    'dish-as-world-scene-03.jpg', 'dish-as-world-scene-04.jpg', 'flag-myth-diorama-01.jpg',
    'flag-myth-diorama-02.jpg', 'flag-myth-diorama-03.jpg', 'flag-myth-diorama-04.jpg',
    'flat-lay-outfit-builder-01.jpg', 'flat-lay-outfit-builder-02.jpg', 'flat-lay-outfit-builder-03.jpg',
    'flat-lay-outfit-builder-04.jpg', 'fragmented-identity-prints-01.jpg', 'fragmented-identity-prints-02.jpg',
    'fragmented-identity-prints-03.jpg', 'fragmented-identity-prints-04.jpg', 'fragmented-identity-prints-05.jpg',
    'frozen-moment-in-ice-01.jpg', 'frozen-moment-in-ice-02.jpg', 'frozen-moment-in-ice-03.jpg',
    'imax-aerial-creature-shot-01.jpg', 'imax-aerial-creature-shot-02.jpg', 'imax-aerial-creature-shot-03.jpg',
    'imax-aerial-creature-shot-04.jpg', 'imax-aerial-creature-shot-05.jpg', 'impact-splash-ad-01.jpg',
    'impact-splash-ad-02.jpg', 'impact-splash-ad-03.jpg', 'impact-splash-ad-04.jpg', 'impact-splash-ad-05.jpg',
    'landmark-re-designed-01.jpg', 'landmark-re-designed-02.jpg', 'life-size-collectible-box-01.jpg',
    'life-size-collectible-box-02.jpg', 'life-size-collectible-box-03.jpg', 'life-size-collectible-box-04.jpg',
    'make-anything-bloom-01.jpg', 'make-anything-bloom-02.jpg', 'make-anything-bloom-03.jpg',
    'make-anything-bloom-04.jpg', 'mixed-media-portrait-trio-01.jpg', 'mixed-media-portrait-trio-02.jpg',
    'mood-poster-generator-02.jpg', 'name-meaning-portrait-01.jpg', 'name-meaning-portrait-02.jpg',
    'name-meaning-portrait-03.jpg', 'new-year-photo-booth-strip-01.jpg', 'new-year-photo-booth-strip-02.jpg',
    'orange-cat-eye-cover-01.jpg', 'parallel-storyboard-grid-01.jpg', 'parallel-storyboard-grid-02.jpg',
    'parallel-storyboard-grid-03.jpg', 'parallel-storyboard-grid-04.jpg', 'primal-archetype-portrait-01.jpg',
    'primal-archetype-portrait-02.jpg', 'primal-archetype-portrait-03.jpg', 'primal-archetype-portrait-04.jpg',
    'sand-form-beauty-ad-01.jpg', 'sand-form-beauty-ad-02.jpg', 'stacked-megacity-sculpture-01.jpg',
    'stacked-megacity-sculpture-02.jpg', 'stacked-megacity-sculpture-03.jpg']

ai(AM_REPO, ['images/' + p for p in AM], NOLIC + '; Nano Banana Pro outputs (Google terms)', 'gemini-nano-banana-pro',
   'Nano Banana Pro output (aimikoda, README names the model)',
   people={'images/' + p for p in AM if re.search(r'portrait|identity|phone|kitchen|booth|storyboard|bullet|frozen|sand-form|cartoon', p)})

# Ideogram 4.0: EvoLinkAI's gallery (CC BY 4.0); portraits and the photographic "poster" cases without lettering
# (the comparison cases hold several models' pictures and are left out).
IDE_REPO = 'EvoLinkAI/awesome-ideogram-4.0-prompts'
IDE = [
    'portrait_case1/output.jpg', 'portrait_case1/output2.jpg', 'portrait_case1/output3.jpg',
    'portrait_case1/output4.jpg', 'portrait_case2/output.jpg', 'portrait_case2/output2.jpg',
    'poster_case1/output4.jpg', 'poster_case2/output2.jpg', 'poster_case2/output3.jpg', 'poster_case5/output2.jpg',
    'poster_case6/output.jpg', 'poster_case7/output.jpg', 'poster_case7/output2.jpg']
ai(IDE_REPO, ['images/' + p for p in IDE], 'CC BY 4.0 (collection); Ideogram 4.0 outputs (Ideogram terms)', 'ideogram4',
   'Ideogram 4.0 output (EvoLinkAI gallery)', people={'images/' + p for p in IDE if 'portrait' in p or p in ('poster_case2/output2.jpg',)})

# Seedream 5 Pro (ByteDance): ImagineVid's official-case pictures that are photographs (signs in scenes, a boxer, a
# knitted label); the video thumbnails, game and 3-D animation cases left out.
SD_REPO = 'imaginevid-ai/Awesome-seedream-5-pro-prompts-and-skills'
ai(SD_REPO, ['public/official-cases/case-%s.png' % s for s in ('17-cinematic-boxing-action', '19-visual-concept-art', '21-arabic-english-welcome-sign',
                                                          '22-korean-open-24-hours-sign', '23-thai-cleanliness-sign', '24-french-creation-poster',
                                                          '25-russian-future-poster')],
   'CC BY 4.0 (collection); Seedream 5 Pro outputs (ByteDance terms)', 'seedream-5', 'Seedream 5 Pro official case (ImagineVid)',
   people={'public/official-cases/case-17-cinematic-boxing-action.png'})

# InstantStyle (style injection on SDXL): its generated results; the style references, masks, figures and the
# photograph of Yann LeCun (a reference) left out.
IS_REPO = 'instantX-research/InstantStyle'
ai(IS_REPO, ['assets/%s' % s for s in ('0.jpg', '2.jpg', '3.jpg', 'example1.png', 'example2.png', 'example3.png', 'ip_background.png',
                                      'ip_female_style.png', 'ip_male_style.png')],
   NOLIC + '; SDXL outputs (CreativeML OpenRAIL++-M)', 'sdxl', 'InstantStyle result (SDXL + IP-Adapter style injection)',
   people={'assets/3.jpg', 'assets/ip_female_style.png', 'assets/ip_male_style.png'})

# StyleGAN3 (NVIDIA, alias-free GAN) through its editing methods (yuval-alaluf/stylegan3-editing, FFHQ generators):
# the figures are strips of 1024 px cells (512 px for StyleGAN-NADA) with no gutter. Only cells the generator drew are
# taken: the inversions beside their real inputs, the edited faces beside their originals; the first (input) cells,
# which are photographs of public figures or the unedited picture, are left out.
SG = 'yuval-alaluf/stylegan3-editing'
sg_cells = {'docs/inversion.jpg': [(1024, 1024, 1024 * i, 0) for i in (1, 3, 5)],
            'docs/interfacegan_edits.jpg': [(1024, 1024, 1024 * i, 1024 * j) for j in (0, 1) for i in (1, 3, 5, 7)],
            'docs/styleclip_ffhq.jpg': [(1024, 1024, 1024 * i, 0) for i in (1, 2, 3, 4)],
            'docs/stylegan_nada_ffhq.jpg': [(512, 512, 512 * i, 0) for i in (1, 2, 3, 4)],
            'docs/interfacegan_smith.jpg': [(1024, 1024, 1024 * i, 0) for i in (1, 4, 7)],
            'docs/interfacegan_witherspoon.jpg': [(1024, 1024, 1024 * i, 0) for i in (1, 4, 7)]}
ai(SG, list(sg_cells), 'MIT (repository); StyleGAN3 model (NVIDIA Source Code License, **non-commercial**)', 'stylegan3',
   'StyleGAN3 face (inversion or latent edit, FFHQ generator)', people='all', crops=lambda p: sg_cells[p])

# =====================================================================================================================
# Real photos
# =====================================================================================================================
# Strecha et al.'s multi-view sets (EPFL, 2008) as openMVG keeps them: 3072 x 2048 camera JPEGs of four buildings.
# Herz-Jesu-P8 and castle-P19 repeat P25's and P30's views and are left out.
SF = 'openMVG/SfM_quality_evaluation'
real(SF, [p for p in ls(SF, 'Benchmarking_Camera_Calibration_2008/') if re.search(r'/(fountain-P11|entry-P10|castle-P30|Herz-Jesus-P25)/', p)][:CAP],
     NOLIC + '; Strecha et al. multi-view benchmark photos (EPFL, research use)', 'real photo (multi-view benchmark, camera JPEG)')

# PyTorch's transfer-learning tutorial set (hymenoptera_data: ImageNet ants and bees, small web JPEGs), as one
# repository commits it; 40 of each class.
HY = 'zhangtao7750/syn'
_hy = ls(HY, 'hymenoptera_data/')
real(HY, [p for p in _hy if '/ants/' in p][:40] + [p for p in _hy if '/bees/' in p][:40], NOLIC + '; ImageNet photos (Flickr and web; their own terms)',
     'real photo (small web photo, ImageNet ants/bees)', family='web-photo')

# Desktop wallpapers that are photographs (Unsplash, NASA, SpaceX): smooth, saturated, heavily graded landscapes and
# architecture, the hard negatives of the brief. Illustrations and renders left out; files over the snapshot's size
# limit are absent and skipped.
PO = 'pop-os/wallpapers'
real(PO, ['original/%s' % s for s in ('ahmadreza-sajadi-10140-edit.jpg', 'galen-crout-175291.jpg', 'jad-limcaco-183877.jpg', 'jake-hills-36605.jpg',
                                      'jared-evans-119758.jpg', 'kait-herzog-8242.jpg', 'nasa-45068.jpg', 'nasa-53884.jpg', 'ng-32703.jpg',
                                      'samuel-zeller-337041.jpg', 'sean-afnan-244576.jpg', 'sebastien-gabriel-232361.jpg', 'spacex-81773.jpg',
                                      'tony-webster-97532.jpg')],
     'no licence file (public repository); Unsplash photos (public domain per its README; one colour-edited by a contributor)', 'real photo (desktop wallpaper, graded)', family='wallpaper-photo')
EL = 'elementary/wallpapers'
real(EL, [p for p in ls(EL, 'backgrounds/') if not re.search(r'Low Poly|Mesh Gradient|Circular Metal', p)],
     'per-file licences (debian/copyright; Unsplash licence)', 'real photo (desktop wallpaper, graded)', family='wallpaper-photo')

# Detectron's demo pictures (Flickr, 2048 px "_k" size).
real('facebookresearch/Detectron', [p for p in ls('facebookresearch/Detectron', 'demo/') if re.match(r'demo/\d+_\w+_k\.jpg$', p)],
     'Apache-2.0 (repository); Flickr photos (their own terms)', 'real photo (Flickr, detection demo)', family='web-photo',
     people='all')

# Camera JPEGs with their maker notes (PHP EXIF library test pictures, 2000-2012 cameras), a film scan and two photos of
# printed notices.
PE = 'lsolesen/pel'
real(PE, ['test/imagetests/%s.jpg' % s for s in ('canon-eos-650d', 'canon-ixus-ii', 'canon-powershot-s60', 'leica-d-lux', 'nikon-e5000', 'nikon-e950',
                                                 'olympus-c50z', 'olympus-c765uz', 'sony-dsc-v1')] + ['test/images/gh-77.jpg'],
     'GPL-2.0 (repository); test photos (their own terms)', 'real photo (camera JPEG with EXIF)')
real(PE, ['test/imagetests/nikon-coolscan-iv.jpg'], 'GPL-2.0 (repository); test scan', 'scan (film scanner)', family='scan')
real(PE, ['test/imagetests/olympus-c5050z.jpg', 'test/imagetests/pentax-istDS.jpg'], 'GPL-2.0 (repository); test photos',
     'photo of a printed notice (camera JPEG with EXIF)', family='document-photo')
real('dsoprea/go-exif', ['assets/gps.jpg'],
     'MIT (repository); test photos', 'real photo (camera JPEG with EXIF)')

# Low-light photographs: LOL's dark frames (RetinexNet's evaluation set) and KinD's test picture.
real('weichen582/RetinexNet', ls('weichen582/RetinexNet', 'data/eval/low/'), 'MIT (repository); LOL dataset photos (research use)',
     'real photo (low light, LOL)', family='low-light-photo')
real('zhangyhuaee/KinD', ['test/04.JPG'], NOLIC + '; test photo', 'real photo (low light)', family='low-light-photo')

# Depth Anything's example photos (the renders, anime, paintings and side-by-side figures left out).
DA = 'LiheYoung/Depth-Anything'
real(DA, ['assets/examples/demo%d.png' % i for i in (1, 10, 17, 2, 3, 8)],
     'Apache-2.0 (repository); example photos (their own terms)', 'real photo (depth-estimation example)', family='web-photo',
     people={'assets/examples/demo1.png', 'assets/examples/demo3.png'})

# mPLUG-Owl's evaluation pictures that are photographs (memes, charts, drawings, screenshots and AI pictures left out).
OW = 'X-PLUG/mPLUG-Owl'
OW_REAL = (16, 18, 19, 24, 25, 26, 3, 30, 33, 37, 39, 40, 42, 43, 46, 47, 5)
real(OW, ['mPLUG-Owl/OwlEval/cases/%d.jpg' % i for i in OW_REAL], 'MIT (repository); web photos (their own terms)',
     'real photo (web picture, evaluation case)', family='web-photo', people={'mPLUG-Owl/OwlEval/cases/%d.jpg' % i for i in (16, 18, 19, 26, 3, 33, 47, 5)})


# =====================================================================================================================
def main():
    snapshot_rows.finish(ROOT, MANIFEST, SHARED, 'round 15', CAP, rows_before=ROWS_BEFORE, cap_over_all_rows=True)


if __name__ == '__main__':
    main()
