#!/usr/bin/env python3
"""Appends the issue-13 round-14 rows ("round 14 unseen batch", manifest rows 7,408 on) to data/image-corpus.csv.

Round 14 is an unseen batch: repositories that no earlier round used (none in data/image-corpus.csv, none reserved),
gathered to measure the shipped model (v10) and its predecessor (v9) on data neither trained on, and to become the next
round's training data. It follows scripts/data/image-manifest-round10.py: reads the fetched snapshots under /work/.mirror
(FAKELENS_MIRRORS overrides) at their HEAD, writes one manifest row per file or per grid cell (notes `crop=W:H:X:Y`, cut
losslessly by scripts/data/rebuild-image-corpus.sh), and skips any file or cell whose SHA-256 (and crop) is already in the
manifest or in ../shared/data/images. Files were chosen on contact sheets (folder by folder; the lists below are the
result); the Nano Banana Pro collections are chosen from their own metadata (model field, no reference images, no
editing cases), prompts naming a person mark `people;`. No repository gives more than 80 rows.
Needs python3 with Pillow (Debian: python3-pil). Usage: scripts/data/image-manifest-round14.py [--write]
(without --write it prints the rows it would add, per repository and family).
"""
import collections, csv, json, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, 'data', 'image-corpus.csv')
SHARED = os.environ.get('FAKELENS_DATA', os.path.join(os.path.dirname(ROOT), 'shared', 'data'))
NOTE = 'round 14 unseen batch'
CAP = 80
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import snapshot_rows  # noqa: E402  (the helpers every round-14-on manifest script shares)
from snapshot_rows import NOLIC, PERSON, add, ai, blob, fixed_grid, gitdir, head, ls, present, real, rows, seen, width  # noqa: E402,F401
snapshot_rows.configure(NOTE)


# =====================================================================================================================
# Nano Banana Pro (Gemini 3 Pro Image), collection 1: muset-ai's cases (Reddit / X posts of 2025-11-19..21; case.yml names
# the picture, ATTRIBUTION.yml the tool). Editing cases and cases with reference images are left out (their output keeps
# a real photo); photographic capability types first, typography and map-layout cases (mostly text) last, up to 80.
MU = 'muset-ai/awesome-nano-banana-pro'
ORDER = ['Cinematic Photo', 'Multi Character', 'Physics', 'Surreal Concepts', 'Stylized Characters', '', 'Pattern Design', 'Maps Layout', 'Typography']


def _muset():
    cases = []
    files = collections.defaultdict(list)
    for f in ls(MU, 'cases/'):
        files[f.split('/')[1]].append(f)
    for d in sorted({p.split('/')[1] for p in ls(MU, 'cases/')}, key=lambda s: int(s) if s.isdigit() else 10 ** 9):
        y = blob(MU, f'cases/{d}/case.yml').decode('utf-8', 'replace')
        try:
            a = blob(MU, f'cases/{d}/ATTRIBUTION.yml').decode('utf-8', 'replace')
        except subprocess.CalledProcessError:
            a = ''
        tool = (re.search(r'^creation_tool:\s*(.*)$', a, re.M) or re.search(r'^creation_tool:\s*(.*)$', y, re.M))
        cap = re.search(r'^capability_type:\s*(.*)$', y, re.M)
        img = re.search(r'^image:\s*(.*)$', y, re.M)
        refs = re.search(r'^reference_images:\s*(\[\])?', y, re.M)
        prompt = (re.search(r'^prompt:\s*\|?\s*\n((?:\s+.*\n?)*)', y, re.M) or re.search(r'^prompt:(.*)$', y, re.M))
        cap = cap.group(1).strip().strip('"') if cap else ''
        if not tool or tool.group(1).strip().strip('"') not in ('nano-banana-pro', 'nano-banana 2') or not img:
            continue
        if cap not in ORDER or (refs and refs.group(1) is None):
            continue
        want = f'cases/{d}/' + img.group(1).strip().strip('"')
        have = [f for f in files[d] if f.lower() == want.lower()] or \
               [f for f in files[d] if re.search(r'/(case\.|[^/]*\.ou?tput\.)', f)]  # the named file under another spelling
        if not have:
            continue
        cases.append((ORDER.index(cap), int(d), have[0], bool(prompt and PERSON.search(prompt.group(1)))))
    cases.sort()
    return cases[:CAP]


_mu = _muset()
ai(MU, [c[2] for c in _mu], 'CC BY 4.0 (collection; each case\'s ATTRIBUTION.yml); Nano Banana Pro outputs (Google terms)',
   'gemini-nano-banana-pro', 'Nano Banana Pro output (creation_tool nano-banana-pro / "nano-banana 2", dated 2025-11-19..21, before '
   'Gemini 3.1 Flash Image took that name), no reference image', people={c[2] for c in _mu if c[3]})

# Nano Banana Pro, collection 2: songguoxs's prompt gallery, items whose model field is "Nano banana pro" with a single
# image (two-image items hold a reference photo), prompts asking for a photograph first, up to 80.
SG = 'songguoxs/gpt4o-image-prompts'
_sg_items = json.loads(blob(SG, 'data/prompts.json'))['items']
_sg = [i for i in _sg_items if i.get('model') == 'Nano banana pro' and len(i['images']) == 1]
PHOTO = re.compile(r'photo|realistic|camera|selfie|shot on|35mm|cinematic|iphone|dslr', re.I)
_sg.sort(key=lambda i: (0 if PHOTO.search(' '.join(i['prompts'])) else 1, -i['id']))
_sg = _sg[:CAP]
ai(SG, [i['images'][0] for i in _sg], NOLIC + '; Nano Banana Pro outputs (Google terms)', 'gemini-nano-banana-pro',
   'Nano Banana Pro output (prompts.json model "Nano banana pro", single image)',
   people={i['images'][0] for i in _sg if PERSON.search(' '.join(i['prompts']))})

# StyleGAN2 faces of seeprettyface.com's generators (one repository per trained generator; NVIDIA StyleGAN2 code).
# generators-with-stylegan2: the six 1024 px single samples and seven 256 px cells of each 4 x 4 example grid (no gutters).
SP = 'a312863063/generators-with-stylegan2'
SPL = 'NVIDIA Source Code License-NC (**non-commercial**; seeprettyface.com)'
ai(SP, ['examples/%s.png' % s for s in ('kid', 'mixed-blood', 'model', 'star', 'wanghong', 'yellow')] +
   ['examples/%s.jpg' % s for s in ('chinese-style', 'example_kids', 'example_mixed-blood', 'example_model', 'example_star',
                                    'example_wanghong', 'example_yellow', 'hongkong-style', 'japanese-style', 'korean-style')],
   SPL, 'stylegan2', 'StyleGAN2 face (seeprettyface generator)', people='all',
   crops=lambda p: [None] if p.endswith('.png') else fixed_grid(4, 4, 256, 256, [0, 3, 5, 6, 10, 12, 15])(p))
for gen in ('yellow', 'star', 'babies', 'wanghong'):
    r = 'a312863063/seeprettyface-generator-' + gen
    ai(r, [p for p in ls(r, 'examples/') if re.search(r'/(256px_)?example\d\.png$', p)], NOLIC + '; StyleGAN2 model (' + SPL + ')',
       'stylegan2', 'StyleGAN2 face (seeprettyface generator, ' + gen + ')', people='all')

# minDALL-E (VQGAN + 1.3B transformer, 256 px): its 36 README samples (six per prompt).
MD = 'kakaobrain/minDALL-E'
ai(MD, [p for p in ls(MD, 'assets/') if re.search(r'_\d\.png$', p)], 'Apache-2.0 (code); model weights CC BY-NC-SA 4.0 (**non-commercial**)',
   'mindalle', 'minDALL-E sample (256 px)')

# ComfyUI's example workflows: outputs of hosted models (the PNGs embed their workflow). Inputs, edits, grids, upscales and
# the files stored as Git LFS pointers are left out.
CO = 'Comfy-Org/example_workflows'
co = {'api_nodes/GPT-Image-1/text2image.png': 'gpt-image-1', 'api_nodes/GPT-Image-1/image2image.png': 'gpt-image-1',
      'api_nodes/ideogram/v3/ideogram_v3_t2i.png': 'ideogram3', 'api_nodes/luma/t2i/luma_t2i.png': 'luma-photon',
      'api_nodes/openai-dall-e-2/text2image.png': 'dalle2', 'api_nodes/openai-dall-e-3/text2image.png': 'dalle3',
      'api_nodes/openai/gpt_image_2/gpt_image_2_t2i_1.jpg': 'gpt-image-2',
      'api_nodes/runway/image/reference_to_image/runway_reference_to_image.png': 'runway-gen4-image',
      'api_nodes/runway/image/text_to_image.png': 'runway-gen4-image',
      'api_nodes/stability_ai/stable_image_ultra_t2i.png': 'stable-image-ultra',
      'api_nodes/stability_ai/i2i/stable_image_ultra_i2i.png': 'stable-image-ultra',
      'api_nodes/stability_ai/sd3-5-i2i/stable_diffusion_3_5-i2i.png': 'sd3', 'flux/kontext/flux1_kontext.png': 'flux-kontext',
      'image/qwen/qwen-image.png': 'qwen-image', 'image/basic/text-to-image-workflow.png': 'sd1'}
ai(CO, list(co), NOLIC + '; each service\'s output terms (OpenAI, Ideogram, Luma, Runway, Stability AI, BFL FLUX.1 Kontext, Qwen)',
   lambda p: co[p], 'ComfyUI example-workflow output (hosted or open model named by family)',
   people={'api_nodes/luma/t2i/luma_t2i.png', 'api_nodes/stability_ai/stable_image_ultra_t2i.png',
           'api_nodes/runway/image/reference_to_image/runway_reference_to_image.png', 'api_nodes/runway/image/text_to_image.png'})

# Regional prompting on FLUX.1-dev (with LoRA, ControlNet and PuLID variants): results only; masks, layouts, the
# identity references (photos of public figures) and figures left out.
RP = 'instantX-research/Regional-Prompting-FLUX'
ai(RP, ['assets/demo_%s.jpg' % s for s in ('controlnet_0', 'controlnet_1', 'custom_0', 'custom_1', 'custom_2', 'custom_3', 'custom_5',
                                           'lora_0', 'lora_1', 'lora_2', 'pulid_0', 'pulid_1')],
   NOLIC + '; FLUX.1-dev outputs (FLUX.1-dev non-commercial licence)', 'flux', 'Regional-Prompting-FLUX result (FLUX.1-dev; LoRA / ControlNet / PuLID demos)',
   people={'assets/demo_custom_0.jpg', 'assets/demo_custom_2.jpg', 'assets/demo_pulid_0.jpg', 'assets/demo_pulid_1.jpg', 'assets/demo_controlnet_1.jpg'})

# EasyControl (condition LoRAs on FLUX.1-dev): results and generated training targets; control maps, the inpainting
# input, the GPT-4o source picture and the real photo of its style pair left out.
EC = 'Xiaojiu-z/EasyControl'
ai(EC, ['assets/CFG-Zero/image_CFG.webp', 'assets/CFG-Zero/image_CFG_zero_star.webp', 'assets/result_canny.png', 'assets/result_ghibli.png',
        'assets/result_subject.png', 'assets/result_subject_inpainting.png', 'train/examples/openpose_data/1.png',
        'train/examples/style_data/6.png', 'train/examples/subject_data/4.png'],
   'Apache-2.0; FLUX.1-dev outputs (FLUX.1-dev non-commercial licence)', 'flux', 'EasyControl result (FLUX.1-dev + condition LoRA)',
   people={'assets/CFG-Zero/image_CFG.webp', 'assets/CFG-Zero/image_CFG_zero_star.webp', 'assets/result_ghibli.png',
           'train/examples/openpose_data/1.png', 'train/examples/style_data/6.png'})

# LoRA fine-tuning of SD 1.5 (cloneofsimo/lora): single results, both halves of the side-by-side pairs, six cells of the
# PTI grid and the last (most trained) row of the training-progress grid. The Vermeer inpainting (a real painting) and
# the scale-sweep figure left out.
LO = 'cloneofsimo/lora'
lo_cells = {'contents/lora_some_tweaks.jpg': [(512, 512, 0, 0), (512, 512, 512, 0)],
            'contents/mixing_schedule.png': [(512, 640, 0, 0), (512, 640, 512, 0)],
            'contents/lora_pti_example.jpg': [(512, 512, 512 * i, 512 * j) for j, i in ((0, 0), (0, 2), (1, 1), (1, 3), (2, 0), (2, 2))],
            'contents/lora_with_clip_4x4_training_progress.jpg': [(512, 512, 512 * i, 1536) for i in range(4)]}
ai(LO, ['contents/%s.jpg' % s for s in ('disney_lora', 'lion_illust', 'lora_just_text_encoder', 'lora_just_unet', 'lora_with_clip_and_illust', 'pop_art')] +
   list(lo_cells), 'Apache-2.0; SD 1.5 outputs (CreativeML OpenRAIL-M)', 'sd15-lora', 'SD 1.5 + LoRA result (cloneofsimo/lora README)',
   crops=lambda p: lo_cells.get(p, [None]), people='all')

# IC-Light (relighting with SD 1.5): its results (o*.png); the inputs and backgrounds (of unstated origin) left out.
IC = 'lllyasviel/IC-Light'
ai(IC, ['imgs/o%d.png' % i for i in range(1, 17)] + ['imgs/alter/o%d.png' % i for i in range(1, 6)], 'Apache-2.0; SD 1.5-based outputs (CreativeML OpenRAIL-M)',
   'sd15-iclight', 'IC-Light relit result (SD 1.5, the whole picture regenerated)', people='all')

# USO (style / subject / identity on FLUX.1-dev): results only (references and the show-case collages left out).
US = 'bytedance/USO'
ai(US, ['assets/gradio_examples/%s' % s for s in ('identity1_result.png', 'identity2_style2_result.webp', 'style1_result.webp', 'style3_style4_result.webp')] +
   ['workflow/example%d.png' % i for i in range(1, 7)], 'Apache-2.0; FLUX.1-dev outputs (FLUX.1-dev non-commercial licence)', 'flux',
   'USO result (FLUX.1-dev)', people='all')

# In-Context LoRA (FLUX.1-dev): the panels of two generated multi-panel pictures (fish/toy pair, film storyboard).
IL = 'ali-vilab/In-Context-LoRA'
il_cells = {'static/ComfyUI_00026_.jpeg': [(704, 704, 0, 0), (704, 704, 704, 0)]}
ai(IL, list(il_cells), NOLIC + '; FLUX.1-dev outputs (FLUX.1-dev non-commercial licence)', 'flux-lora', 'In-Context LoRA panel (FLUX.1-dev)',
   crops=lambda p: il_cells[p])

# =====================================================================================================================
# Real photos
# =====================================================================================================================
# jetson-inference's test pictures (web and dataset photos: animals, people, street, rooms, fruit). The drone-video PNG
# frames, the fruit PNGs, cut-outs on white, and most of the dash-cam (Cityscapes) and trail (video) frames left out.
JI = 'dusty-nv/jetson-inference'
ji = [p for p in ls(JI, 'data/images/') if p.count('/') == 2 and p.lower().endswith(('.jpg', '.jpeg'))]
ji = [p for p in ji if not re.search(r'/(banana_0|granny_smith_\d|fruit_11)\.jpg$', p)
      and not (re.search(r'/city_\d', p) and not p.endswith(('city_0.jpg', 'city_3.jpg')))
      and not (re.search(r'/trail_\d', p) and not p.endswith(('trail_0.jpg', 'trail_5.jpg')))]
real(JI, ji[:CAP], 'MIT (NVIDIA); test photos from the web and public datasets (their own terms)', 'real photo (inference test picture)',
     people={p for p in ji if re.search(r'/(humans|peds|airplane_0)', p)},
     family=lambda p: 'people' if re.search(r'/(humans|peds)_', p) else 'camera-photo')

# ImageNet DET sample (ajschumacher/imagen: five photos of each of 200 categories): the first photo of 80 categories,
# evenly spaced in name order.
IM = 'ajschumacher/imagen'
_im = ls(IM, 'imagen/')
_cat = collections.OrderedDict()
for p in _im:
    c = re.sub(r'^imagen/n\d+_\d+_', '', p).rsplit('.', 1)[0]
    _cat.setdefault(c, p)
_cats = sorted(_cat)
_im_pick = [_cat[_cats[int(i * len(_cats) / CAP)]] for i in range(CAP)]
real(IM, _im_pick, NOLIC + '; ImageNet photos (Flickr and web; their own terms)', 'real photo (ImageNet DET sample)',
     people={p for p in _im_pick if re.search(r'_(person|tie|sunglasses|swimming_trunks|bow_tie|maillot|miniskirt|brassiere|hat_with_a_wide_brim|lipstick|face_powder)\.', p)})

# Underwater photos: the ground-truth side of FUnIE-GAN's EUVP test pairs (256 px). The distorted side (test/A) is left
# out: EUVP's paired distortions were made with a CycleGAN, so they are generated pixels.
FU = 'xahidbuffon/FUnIE-GAN'
real(FU, ls(FU, 'data/test/GTr_A/'), 'MIT; EUVP underwater photos (their own terms)', 'real photo (underwater, EUVP ground truth, 256 px)',
     family='underwater-photo')

# Azure Cognitive Services sample data: the photos (travel, family stock photos, landmarks, tree photos for Custom
# Vision); graphics, handwriting, labels, licence plates and the small face crops left out.
AZ = 'Azure-Samples/cognitive-services-sample-data-files'
az = ['ComputerVision/Images/%s' % s for s in ('celebrities.jpg', 'dog.jpg', 'faces.jpg', 'house.jpg', 'landmark.jpg', 'objects.jpg')] + \
     ['ComputerVision/storage-lab-tutorial/photos/%s.jpg' % s for s in ('Amy', 'Colmar', 'Dubai', 'Innsbruck', 'Jerusalem', 'Rome', 'Switzerland', 'Thailand')]
az += [p for p in ls(AZ, 'CustomVision/ImageClassification/Images/') if '/Test/' not in p]
az += [p for p in ls(AZ, 'Face/images/') if '/used-by-sample-code/' not in p and width(AZ, p) >= 600]
real(AZ, az, 'MIT (Microsoft); sample photos (stock, their own terms)', 'real photo (cloud-vision sample)',
     people={p for p in az if '/Face/' in '/' + p or re.search(r'(celebrities|faces|Amy)\.jpg$', p)},
     family=lambda p: 'people' if p.startswith('Face/') or p.endswith(('faces.jpg', 'celebrities.jpg')) else 'camera-photo')

# FaceONNX examples: press photos of public figures, red-carpet group selfies, a child's portrait (the 350 px face crops,
# spoofing test faces and depth maps left out).
FO = 'FaceONNX/FaceONNX'
NS = 'netstandard/Examples/'
fo = [NS + 'EyeBlinkDetection/images/open_open.jpg'] + [NS + 'FaceDetection/images/%s.jpg' % s for s in ('oscar', 'oscar2', 'selfie', 'selfie2')] + \
     [NS + 'FaceEmbeddingsClassification/images/score/%s_%d.jpg' % (s, i) for s in ('brad', 'nicole', 'sarah') for i in (1, 2, 3)] + \
     [NS + 'FaceLandmarksExtraction/images/%s.jpg' % s for s in ('bruce', 'jake', 'kid')] + \
     ['netstandard/Experiments/RealSenseFaceID/Images/%s.jpg' % s for s in ('Brad', 'Nicole')]
real(FO, fo, 'MIT; press photos of public figures (their photographers\' terms)', 'real photo (face-recognition example)', people='all',
     family='portrait')

# pigallery2's demo gallery (landscape and wildlife photos); the orientation, timestamp and broken-file test images left out.
PG = 'bpatrik/pigallery2'
pg = [p for p in ls(PG, 'demo/images/') if p.count('/') == 2 and p.lower().endswith(('.jpg', '.jpeg'))]
real(PG, [p for p in pg if width(PG, p) >= 400], 'MIT; demo photos (their own terms)', 'real photo (photo-gallery demo)')

# ImageAI's test and demo photos (street, office, animals); detection visualisations and video frames left out.
IA = 'OlafenwaMoses/ImageAI'
real(IA, ['test-images/%d.jpg' % i for i in range(1, 14)] + ['data-images/%s.jpg' % s for s in ('1', '2', '3', '4', '5', 'image2', 'image3', 'headsets', 'holo1')],
     'MIT; demo photos (their own terms)', 'real photo (detector demo input)',
     people={'data-images/%s.jpg' % s for s in ('1', '2', '3', '4', 'image2', 'image3', 'headsets', 'holo1')})

# albumentations' example photos (the augmented examples, scans, X-rays, spectrograms, masks and Mapillary images left out).
AL = 'albumentations-team/albumentations_examples'
real(AL, ['images/%s' % s for s in ('alina_rossoshanska.jpeg', 'boats.webp', 'cat1.jpeg', 'original_parrot.jpg', 'tiger.jpeg', 'woman.jpeg')] +
     ['notebooks/images/%s' % s for s in ('000000386298.jpg', 'cats.jpg', 'image_1.jpg', 'image_2.jpg', 'keypoints_image.jpg', 'mosaic/billy.jpg',
                                           'park1.jpeg', 'parrot.jpg', 'rain2.jpeg', 'weather_example.jpg')],
     'MIT; example photos (their own terms)', 'real photo (augmentation example input)',
     people={'images/alina_rossoshanska.jpeg', 'images/woman.jpeg', 'notebooks/images/000000386298.jpg'})

# Dive into Deep Learning's photos (figures, screenshots, the Waldo page and Pikachu renderings left out).
DL = 'd2l-ai/d2l-en'
real(DL, ['img/%s' % s for s in ('autumn-oak.jpg', 'banana.jpg', 'cat1.jpg', 'cat2.jpg', 'cat3.jpg', 'catdog.jpg', 'death-cap.jpg', 'dog1.jpg',
                                 'dog2.jpg', 'kaggle-dog.jpg', 'koebel.jpg', 'rainier.jpg')],
     'CC BY-SA 4.0; photos (their own terms)', 'real photo (textbook example)')

# Kornia's test data: its photos (banners, logos, renders, SD strips, drawings and matching pairs left out).
KO = 'kornia/data'
real(KO, ['%s.jpg' % s for s in ('arturito', 'crowd', 'mountains', 'panda', 'prtn00', 'prtn01', 'simple_car', 'soccer', 'squirrel')] + ['dog.jpeg'],
     NOLIC + '; test photos (their own terms)', 'real photo (vision-library test picture)', people={'crowd.jpg', 'prtn00.jpg', 'prtn01.jpg', 'soccer.jpg'})

# Structure-from-motion sets: camera JPEGs with EXIF (Canon), one building each.
real('openMVG/ImageDataset_SceauxCastle', ls('openMVG/ImageDataset_SceauxCastle'), NOLIC + '; photos of the openMVG authors',
     'real photo (SfM set, camera JPEG with EXIF)')
real('cdcseacave/openMVS_sample', ls('cdcseacave/openMVS_sample', 'images/'), 'AGPL-3.0 (repository); photos of the openMVS authors',
     'real photo (SfM set)')

# Edge-TPU and cloud-vision test photos, libvips' test photos, facenet-pytorch's press photos.
real('google-coral/test_data', ['cat_1080p.jpg', 'face.jpg', 'hot_dog.jpg', 'owl.jpg', 'parrot.jpg', 'pets.jpg'], 'Apache-2.0; test photos (their own terms)',
     'real photo (model test picture)', people={'face.jpg'})
real('GoogleCloudPlatform/cloud-vision', ['data/face_detection/face.jpg', 'data/label/cat.jpg', 'data/text/mountain.jpg', 'data/text/no-text.jpg'],
     'Apache-2.0; sample photos (their own terms)', 'real photo (API sample)', people={'data/face_detection/face.jpg'})
real('GoogleCloudPlatform/cloud-vision', ['data/label/faulkner.jpg'], 'Apache-2.0; archive portrait (its own terms)', 'old portrait (scan of a print)',
     people='all', family='scan')
real('libvips/libvips', ['doc/images/owl.jpg', 'test/test-suite/images/sample.jpg'] + ['test/test-suite/images/cd%d.1.jpg' % i for i in (1, 2, 3, 4)],
     'LGPL-2.1 (repository); test photos', 'real photo (image-library test picture)')
# (timesler/facenet-pytorch's five press photos are the unseen-portrait test's files: left out, that test stays unseen.)

# Udacity's deep-learning course photos: dog-breed examples, style-transfer content photos, lane photos (paintings left out).
UD = 'udacity/deep-learning-v2-pytorch'
real(UD, ['convolutional-neural-networks/conv-visualization/data/%s.jpg' % s for s in ('bridge_trees_example', 'curved_lane', 'white_lines')] +
     ['intro-to-pytorch/assets/cat.70.jpg', 'intro-to-pytorch/assets/dog.128.jpg', 'keras/transfer-learning/images/sopa.jpg'] +
     ['project-dog-classification/images/%s.jpg' % s for s in ('American_water_spaniel_00648', 'Brittany_02625', 'Curly-coated_retriever_03896',
                                                               'Labrador_retriever_06449', 'Labrador_retriever_06455', 'Labrador_retriever_06457',
                                                               'Welsh_springer_spaniel_08203')] +
     ['style-transfer/images/%s.jpg' % s for s in ('octavia', 'octopus', 'sotomayor', 'space_needle')],
     'MIT; course photos (their own terms)', 'real photo (course example)',
     people={'style-transfer/images/octavia.jpg', 'style-transfer/images/sotomayor.jpg'})


# =====================================================================================================================
def main():
    snapshot_rows.finish(ROOT, MANIFEST, SHARED, 'round 14', CAP)


if __name__ == '__main__':
    main()
