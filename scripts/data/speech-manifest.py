#!/usr/bin/env python3
"""Writes data/speech-corpus.csv from fetched snapshots of public TTS / vocoder / voice-conversion demo repositories.

Usage: scripts/data/speech-manifest.py MIRROR_DIR OUT_CSV [--append]
With --append, OUT_CSV is kept as it is and the seventh round's repositories (ROUND7, not yet in it) are appended as
one block (clips >= 1 s, at most ROUND7_CAP per system, no file already in the manifest).
Without --append it writes the demo-page rows and the ROUND7 block only: the committed manifest also holds the 392 real
rows of speech-manifest-real7.py between them, so the committed file is reproduced by running this script (rounds 1-6),
then speech-manifest-real7.py, then this script with --append - not by one run of this script.
MIRROR_DIR holds one bare git directory per repository, named owner+name/repo (the layout of the `fetch` tool).

Each repository has one labelling rule below, written from its demo page's own file naming (ground truth /
source / target / prompt / reference = real; every system output = fake, named by the system that made it).
Files that are not speech (music, singing, noise demos) or whose origin the page does not make clear are left out.
`group` is the voice (or, where the page does not name speakers, the whole demo page): evaluation keeps a group
on one side of every split. The reserved repositories of ../shared/DATA.md (styletts2/styletts2.github.io,
resemble-ai/Resemblyzer) are never read; the check below refuses them.
"""
import csv
import hashlib
import os
import re
import subprocess
import sys

RESERVED = {"styletts2/styletts2.github.io", "resemble-ai/resemblyzer"}
AUDIO = re.compile(r"\.(wav|mp3|flac)$", re.I)


def lj(_):
    return "lj"


def rule_hifigan(p):
    m = re.match(r"samples/(ss|ms|e2e|as|as2)/([^/]+)/", p)
    if not m:
        return None
    part, sysdir = m.group(1), m.group(2).upper()
    group = "hifigan-demo:vctk" if part == "ms" else "lj"
    if sysdir == "GT":
        return "real", "real", group, ""
    if part in ("as", "as2") or sysdir.startswith("HGAN") or sysdir.startswith("V1") or sysdir in ("BASELINE",):
        system = "hifigan"
    elif sysdir.startswith("MG"):
        system = "hifigan" if "MPD" in sysdir else "melgan"
    elif sysdir.startswith("WG"):
        system = "waveglow"
    elif sysdir.startswith("WN"):
        system = "wavenet"
    else:
        system = "hifigan"
    if part == "e2e":
        return "fake", "tacotron2+" + system, group, "Tacotron 2 mel → vocoder"
    return "fake", system, group, "copy-synthesis from ground-truth mel"


def rule_glowtts(p):
    n = os.path.basename(p)
    group = "glowtts-demo:libritts" if n.startswith(("lb_", "vc_")) else "lj"
    if re.search(r"_gt\.wav$", n):
        return "real", "real", group, ""
    if "_taco" in n:
        return "fake", "tacotron2", group, ""
    if re.search(r"_wg\.wav$", n):
        return "fake", "waveglow", group, "copy-synthesis"
    return "fake", "glow-tts", group, "Glow-TTS + WaveGlow"


def rule_vits(p):
    n = os.path.basename(p)
    group = "vits-demo:vctk" if n.startswith(("ms_", "vc_")) else "lj"
    if re.search(r"_gt\.wav$", n):
        return "real", "real", group, ""
    if re.search(r"_thf?\.wav$", n):
        return "fake", "tacotron2", group, "Tacotron 2 + HiFi-GAN"
    if re.search(r"_ghf?\.wav$", n):
        return "fake", "glow-tts", group, "Glow-TTS + HiFi-GAN"
    return "fake", "vits", group, ""


def rule_freevc(p):
    parts = p.split("/")
    if parts[1] == "sr":
        return None
    n = os.path.splitext(parts[-1])[0].replace("_gen", "")

    def spk(tok):
        t = tok.split("_")
        return ("vctk:" + t[1]) if t[1].startswith("p") else ("libritts:" + t[1])

    if parts[1] == "wavs":
        return "real", "real", spk(n), ""
    system = {"freevc": "freevc", "freevc-spk": "freevc", "freevc-sr": "freevc", "vqmivc": "vqmivc",
              "bne-ppg-vc": "bne-ppg-vc", "yourtts": "yourtts"}.get(parts[1])
    if system is None:
        return None
    target = n.split("-", 1)[1] if "-" in n else n
    return "fake", system, spk(target), "voice conversion to the target voice"


def rule_bigvgan(p):
    parts = p.split("/")
    n = parts[-1]
    if not re.match(r"(celeb|korean|ltclean|ltother|noisytedx|media)", n):
        return None  # music, instruments and singing
    d = parts[1]
    if d == "gt":
        return "real", "real", "bigvgan-demo", ""
    system = {"bigvgan": "bigvgan", "bigvgan-base": "bigvgan", "mrd_snake": "bigvgan", "hifigan": "hifigan",
              "hifigan_mrd": "hifigan", "bighifigan": "hifigan", "univnet": "univnet",
              "sc-wavernn": "wavernn"}.get(d)
    return ("fake", system, "bigvgan-demo", "copy-synthesis") if system else None


def rule_diffwave(p):
    d = p.split("/")[1]
    if d == "ljspeech-ground-truth":
        return "real", "real", "lj", ""
    for key, system in (("diffwave", "diffwave"), ("wavenet", "wavenet"), ("waveflow", "waveflow"),
                        ("clarinet", "clarinet")):
        if d.startswith("ljspeech-" + key):
            return "fake", system, "lj", "copy-synthesis"
    return None


def rule_gradtts(p):
    n = os.path.basename(p)
    if p.startswith("assets/test/"):
        return None
    if p.startswith("assets/mos/"):
        if re.match(r"\d+\.wav$", n):
            return "real", "real", "lj", ""
        if "glow-tts" in n:
            return "fake", "glow-tts", "lj", "Glow-TTS + HiFi-GAN"
        if "taco2" in n:
            return "fake", "tacotron2", "lj", "Tacotron 2 + HiFi-GAN"
    return "fake", "grad-tts", "lj", "Grad-TTS + HiFi-GAN"


def rule_univnet(p):
    d = p.split("/")[3]
    if d == "ground_truth":
        return "real", "real", "univnet-demo:libritts", ""
    return "fake", "univnet", "univnet-demo:libritts", "copy-synthesis"


def rule_stargan(p):
    if "/Singing/" in p:
        return None
    n = os.path.splitext(os.path.basename(p))[0].lower()
    if re.match(r"(source|target|reference|original)(_\d+)?$", n):
        return "real", "real", "starganv2-demo", ""
    if "autovc" in n or "auto-vc" in n:
        return "fake", "autovc", "starganv2-demo", ""
    return "fake", "starganv2-vc", "starganv2-demo", "StarGANv2-VC + Parallel WaveGAN"


def rule_megatts(p):
    parts = p.split("/")
    d, n = parts[2], parts[-1].lower()
    if d in ("gt", "prompt", "prompt_chinese") or "prompt" in n:
        return "real", "real", "megatts-demo", ""
    key = n if parts[1].startswith("celebrity") else d
    for k, system in (("mega-tts", "megatts"), ("vallex", "valle"), ("valle", "valle"), ("yourtts", "yourtts"),
                      ("a3t", "a3t"), ("editspeech", "editspeech"), ("tacotron", "tacotron")):
        if k in key:
            return "fake", system, "megatts-demo", ""
    return None


def rule_mobilespeech(p):
    if "/waves/" not in p:
        return None
    n = os.path.splitext(os.path.basename(p))[0]
    if n == "gtexample":
        return "real", "real", "mobilespeech-demo", ""
    system = {"gtcodec": "codec-resynthesis", "valle": "valle", "mobilespeech": "mobilespeech",
              "megatts": "megatts", "yourtts": "yourtts"}.get(n)
    return ("fake", system, "mobilespeech-demo", "") if system else None


def rule_vstts(p):
    n = os.path.basename(p).lower()
    if n.startswith("audio_prompt"):
        return "real", "real", "vstts-demo", ""
    if n.startswith("instruct"):
        return "fake", "instructtts", "vstts-demo", ""
    if n.startswith("style"):
        return "fake", "promptstyle", "vstts-demo", ""
    if n.startswith(("vstts", "gen")):
        return "fake", "vs-tts", "vstts-demo", ""
    return None


def rule_modeloutputs(p):
    n = os.path.basename(p)
    if "griffinlim" in n:
        return "fake", "griffin-lim", "lj", "ForwardTacotron + Griffin-Lim"
    return "fake", "wavernn", "lj", "ForwardTacotron + WaveRNN"


def rule_instructtts(p):
    d = p.split("/")[0]
    if d in ("InstructTTS_sample", "InstructTTS_mel"):
        return "fake", "instructtts", "instructtts-demo", d
    return None


def rule_winter(p):
    d = p.split("/")[1]
    if d in ("src", "ref"):
        return "real", "real", "winter-demo", ""
    if d in ("one", "res1", "res2", "res3"):
        return "fake", "winter-vc", "winter-demo", "unnamed voice conversion demo"
    return None


def rule_mandarin(p):
    if p.startswith("docs/data/"):
        return "fake", "waveglow", "mandarin-tts", "FastSpeech-style + WaveGlow (Mandarin)"
    return "fake", "mandarin-tts", "mandarin-tts", "Mandarin TTS outputs"


R9_EXCLUDE = ("nnsvs", "svcc2023", "/SVS", "interspeech2019", "/slt/", "tacotron/lj/", "hts_", "nit-atr503")


def rule_r9y9(p):
    if any(x in p for x in R9_EXCLUDE):
        return None
    top = p.split("/")[1]
    n = os.path.basename(p)
    group = "lj" if ("LJSpeech" in p or "mixture_lj" in p or top in ("tacotron", "tacotron2")) else "r9y9:" + top
    if re.search(r"Ground truth|Recording|/Reference/|/src/|/tgt/", p):
        return "real", "real", group, ""
    low = n.lower()
    if "clarinet" in low:
        system = "clarinet"
    elif "parallel wavegan" in low or "pwg" in low:
        system = "parallel-wavegan"
    elif "wavenet" in low or top == "wavenet_vocoder":
        system = "wavenet"
    elif top.startswith("deepvoice3"):
        system = "deepvoice3"
    elif top in ("gantts", "jp-gantts", "ganvc", "jp-01-tts", "jp-02-tts"):
        system = "world-spss"
    elif top == "tacotron":
        system = "tacotron"
    elif top == "tacotron2":
        system = "tacotron2"
    elif top == "nyanko":
        system = "dctts"
    elif top == "nansyttspp":
        system = "prompttts++" if "PromptTTS" in p else "nansy-tts"
    else:
        return None
    return "fake", system, group, top


def rule_autovc(p):
    return "real", "real", "vctk:" + p.split("/")[1], "VCTK"


def rule_rtvc(p):
    return "real", "real", "rtvc-samples", "LibriSpeech / VCTK samples"


def rule_valle_reimpl(p):
    if "/prompts/" in p:
        return "real", "real", "valle-reimpl", ""
    if "/demos/" in p:
        return "fake", "valle", "valle-reimpl", "lifeiteng VALL-E re-implementation"
    return None


# --- rules added in the fourth round (issue 14): more vocoders, codec models and voice conversion ---

LVC_SYSTEMS = {"adain": "adain-vc", "again": "again-vc", "autovc": "autovc", "autovc_f0": "autovc", "blow": "blow",
               "lvc_vc": "lvc-vc", "lvc_vc_xl": "lvc-vc", "nvcnet": "nvc-net"}


def rule_lvcvc(p):
    parts = p.split("/")
    n = os.path.splitext(parts[-1])[0]
    d = parts[1]
    if d in ("vctk_orig", "vctk_anon"):
        spk = "vctk:" + n.split("_")[0]
        if n.endswith("_anon"):
            return "fake", "lvc-vc", spk, "LVC-VC speaker anonymisation of this VCTK clip"
        return "real", "real", spk, "VCTK"
    if d == "lvn_anon":
        spk = "lvc-demo:" + n.split("_")[0]
        if n.endswith("_anon"):
            return "fake", "lvc-vc", spk, "LVC-VC speaker anonymisation"
        return "real", "real", spk, ""
    system = LVC_SYSTEMS.get(d)
    m = re.match(r"p\d+_\d+_(p\d+)_\d+$", n)
    if system is None or m is None:
        return None
    return "fake", system, "vctk:" + m.group(1), "voice conversion to the target voice (" + parts[2] + ")"


def rule_vocos(p):
    parts = p.split("/")
    n = os.path.splitext(parts[-1])[0]
    if parts[1] == "bark":
        dec = "Vocos" if n.startswith("vocos") else "EnCodec"
        return "fake", "bark", "vocos-demo:bark", "Bark tokens decoded by " + dec
    if parts[1] == "encodec":
        spk = "daps:" + n.split("_")[0]
        if parts[2] == "gt":
            return "real", "real", spk, "DAPS clean"
        system = "vocos" if parts[3] == "vocos" else "encodec"
        return "fake", system, spk, "EnCodec tokens at " + parts[2] + " decoded by " + parts[3]
    if parts[1] == "mel":
        spk = "libritts:" + n.split("_")[0]
        if parts[2] == "gt":
            return "real", "real", spk, "LibriTTS"
        return "fake", parts[2], spk, "copy-synthesis from ground-truth mel"
    return None


def rule_pwg(p):
    parts = p.split("/")
    corpus, d = parts[1], parts[2]
    group = {"ljspeech": "lj", "jsut": "jsut", "csmsc": "csmsc"}.get(corpus)
    if group is None:
        return None
    if d == "raw":
        return "real", "real", group, ""
    name = d.split("_", 1)[1] if "_" in d else d
    if name.startswith("style-melgan"):
        system = "style-melgan"
    elif "melgan" in name:
        system = "melgan"
    elif name.startswith("hifigan"):
        system = "hifigan"
    elif name.startswith("wavegan"):
        system = "parallel-wavegan"
    else:
        return None
    return "fake", system, group, d + ", copy-synthesis"


def rule_openseq2seq(p):
    if not p.startswith("docs/samples/"):
        return None
    n = os.path.splitext(os.path.basename(p))[0]
    group = {"LJ": "lj", "US": "mailabs:elizabeth-klett", "UK": "mailabs:mary-ann"}[n.split("_")[0]]
    if "/centaur/" in p:
        return "fake", "centaur", group, "OpenSeq2Seq Centaur + Griffin-Lim"
    return "fake", "openseq2seq-tacotron2", group, "OpenSeq2Seq Tacotron 2 + Griffin-Lim"


def rule_vqvc(p):
    n = os.path.basename(p)
    if n in ("inp.wav", "inp2.wav"):
        return "real", "real", "vqvc-demo", "source" if n == "inp.wav" else "target"
    if n == "convert.wav":
        return "fake", "vqvc+", "vqvc-demo", "voice conversion"
    return None


def rule_cotatron(p):
    if "/bonus/" in p:
        return None  # a public figure's speech and a Korean corpus clip, outside the VCTK / LibriTTS tables
    n = os.path.splitext(os.path.basename(p))[0]
    m = re.search(r"_to_p?(\d+)$", n)
    if n.startswith(("source_", "target_")):
        tok = n.split("_")[1]
        spk = ("vctk:" + tok) if tok.startswith("p") else ("libritts:" + tok)
        return "real", "real", spk, n.split("_")[0]
    if m and n.startswith(("cota_", "blow_")):
        system = "cotatron" if n.startswith("cota_") else "blow"
        return "fake", system, "vctk:p" + m.group(1), "voice conversion to the target voice"
    return None


TORTOISE_PUBLIC = {"angie", "applejack", "daniel", "deniro", "emma", "freeman", "geralt", "halle", "jlaw", "lj",
                   "rainbow", "snakes", "weaver"}


def rule_tortoise_voices(p):
    parts = p.split("/")
    if len(parts) != 4 or parts[:2] != ["tortoise", "voices"] or parts[2] not in TORTOISE_PUBLIC:
        return None  # private or unclear voices (the author's family, "train_*" clips) are left out
    group = "lj" if parts[2] == "lj" else "tortoise-voices:" + parts[2]
    return "real", "real", group, "reference clip of a public voice (film, game, cartoon, LJSpeech)"


def rule_hierspeech(p):
    if p.startswith("example/"):
        return "real", "real", "hierspeech-demo", "prompt"
    if p.startswith("results/"):
        return "fake", "hierspeech++", "hierspeech-demo", "zero-shot TTS / VC output"
    return None


def _yourtts_voice(n):
    """A YourTTS demo file name to its voice group: VCTK pNNN, LibriTTS spk_chapter_utt_seg, MLS-PT spk_book_utt,
    or the page's four speaker-adaptation voices EN-F / EN-M / PT-F / PT-M."""
    n = os.path.splitext(n)[0]
    m = re.match(r"(EN|PT)-(F|M)", n)
    if m:
        return "yourtts-demo:" + m.group(0)
    tok = n.split("_")
    if tok[0].startswith("p"):
        return "vctk:" + tok[0]
    return ("libritts:" if len(tok) >= 4 else "mls-pt:") + tok[0]


def rule_yourtts(p):
    parts = p.split("/")
    if parts[0] != "audios_demo" or len(parts) < 3:
        return None
    n = parts[-1]
    if parts[1] == "GT":
        if parts[2] == "Libri-TTS":
            return "real", "real", "libritts:" + parts[3].split("_")[0], "LibriTTS ground truth"
        if parts[2] == "VCTK":
            return "real", "real", "vctk:" + parts[3], "VCTK ground truth"
        if parts[2] == "MLS-PT":
            return "real", "real", "mls-pt:" + parts[3], "Multilingual LibriSpeech Portuguese ground truth"
        if parts[2] == "Speaker_Adaptation":
            return "real", "real", _yourtts_voice(n), "speaker-adaptation recording (Common Voice / page's own)"
        return None
    if parts[1] == "reference" or (parts[1] == "Exp.6" and parts[-2] == "reference"):
        return "real", "real", _yourtts_voice(n), "reference (prompt) recording"
    if parts[1] == "SC-GlowTTS-Trans":
        return "fake", "sc-glowtts", "vctk:" + parts[2], "SC-GlowTTS (Transformer) zero-shot TTS + HiFi-GAN"
    if parts[1] == "Exp.6" and parts[-2] == "generated":
        m = re.match(r".+?_to_(p?\d+)_", n)
        if not m:
            return None
        tgt = m.group(1)
        return "fake", "yourtts", ("vctk:" if tgt.startswith("p") else "mls-pt:") + tgt, \
            "YourTTS zero-shot voice conversion to the target voice (" + parts[2] + ")"
    if parts[1] == "Exp.5":
        return "fake", "yourtts", _yourtts_voice(n), "YourTTS " + "/".join(parts[2:-1])
    if re.match(r"Exp\.[1-4]$", parts[1]):
        return "fake", "yourtts", _yourtts_voice(n), "YourTTS zero-shot TTS, " + parts[1] + " " + parts[2]
    return None


def rule_espnet_sample(p):
    parts = p.split("/")
    if len(parts) < 4 or parts[0] != "data":
        return None
    n = os.path.splitext(parts[-1])[0]
    if parts[1] == "libritts":
        group, d = "libritts:" + n.split("_")[0], parts[3]
    elif parts[1] == "ljspeech":
        group, d = "lj", parts[2] + "/" + parts[3]
    else:
        return None
    if d.startswith("ground_truth"):
        return "real", "real", group, ""
    model = d.split(".")[0]
    system = {"tacotron2": "tacotron2", "transformer": "transformer-tts", "fastspeech": "fastspeech"}.get(model)
    if system is None:
        return None
    return "fake", system, group, "ESPnet " + d + (" (Griffin-Lim)" if "GL" in d else " (WaveNet vocoder)")


def rule_matcha(p):
    if not p.startswith("stimuli/"):
        return None
    tag = os.path.basename(p).rsplit("_", 1)[0].split("-")[0]
    system = {"MAT": "matcha-tts", "GCFM": "matcha-tts", "GRAD": "grad-tts", "FS2": "fastspeech2",
              "VITS": "vits", "VOC": "hifigan"}.get(tag)
    if system is None:
        return None
    note = {"GCFM": "Grad-TTS decoder trained with conditional flow matching (Matcha ablation)",
            "VOC": "HiFi-GAN copy-synthesis"}.get(tag, "")
    return "fake", system, "lj", (note + "; " if note else "") + os.path.basename(os.path.dirname(p))


UMELGAN_SYSTEMS = {"melgan_orig": "melgan", "melgan_ours": "universal-melgan", "waveglow": "waveglow",
                   "wavenet": "wavenet", "wavernn": "wavernn"}


def rule_universal_melgan(p):
    # wav_for_demo|wav_for_mos / eng|kor / gt|<vocoder> / <scenario> / file: copy-synthesis from the recording's mel
    # (the *_tts scenarios: Tacotron 2 (eng) or JDI-T (kor) mels, no recording). Voices are grouped per language and
    # scenario (the MOS files are numbered, not named by speaker); LJSpeech scenarios join the shared "lj" group.
    parts = p.split("/")
    if len(parts) != 5 or parts[0] not in ("wav_for_demo", "wav_for_mos"):
        return None
    lang, d, scen = parts[1], parts[2], parts[3]
    group = "lj" if scen == "eng_seen_single" else "umelgan-demo:" + scen
    if scen.startswith("kor_tts"):
        group = "umelgan-demo:kor_tts"
    if d == "gt":
        return "real", "real", group, scen + (" (noisy recording)" if "noisy" in scen else
                                              " (reverberant recording)" if "reverb" in scen else "")
    system = UMELGAN_SYSTEMS.get(d)
    if system is None:
        return None
    how = "TTS mel (Tacotron 2 / JDI-T)" if "_tts" in scen else "copy-synthesis"
    return "fake", system, group, d + ", " + scen + ", " + how


def rule_tensortract(p):
    n = os.path.splitext(os.path.basename(p))[0]
    m = re.match(r"(lttsr|mls_[a-z]{2})_(gt|rs)_(\d+)_", n)
    if m:
        corpus, kind, spk = m.groups()
        group = ("libritts:" if corpus == "lttsr" else corpus.replace("_", "-") + ":") + spk
        if kind == "gt":
            return "real", "real", group, "LibriTTS-R" if corpus == "lttsr" else "Multilingual LibriSpeech"
        return "fake", "articulatory-resynthesis", group, "re-synthesised through an articulatory model (TensorTract 2)"
    return None  # analysis-synthesis tables and control demos: too few, unclear references



# --- rules added in the seventh round (issue 14): 2023-2025 zero-shot TTS, codec language models, flow matching ---
# StyleTTS 2 outputs are never taken, from any page (it is a held-out system and its own demo page is reserved), nor
# clips a page says it copied from the official VALL-E / NaturalSpeech 2 / Voicebox demo pages (the reserved StyleTTS 2
# page copies from the same pages), nor LibriSpeech prompts/ground truth in the tables laid out like those pages.
# Public voices (celebrities, film and cartoon characters) are grouped as celeb:<name> on every page, so a voice
# cloned on two pages stays on one side of a split.

def rule_prosodyeval(p):
    parts = p.split("/")
    if len(parts) != 3 or parts[0] != "audios":
        return None
    d = parts[1]
    if d == "librispeech_prompt":
        return "real", "real", "prosodyeval-demo", "LibriSpeech test-clean prompt"
    system = {"librispeech_cosyvoice": "cosyvoice", "librispeech_cosyvoice2": "cosyvoice2",
              "librispeech_cosyvoice2_dpo": "cosyvoice2", "librispeech_e2tts": "e2-tts",
              "librispeech_f5tts": "f5-tts", "librispeech_f5tts_duration_perturb": "f5-tts",
              "librispeech_maskgct": "maskgct", "librispeech_maskgct_dpo": "maskgct",
              "librispeech_maskgct_duration_perturb": "maskgct", "librispeech_xtts2": "xtts",
              "librispeech_zipvoice": "zipvoice"}.get(d)
    if system is None:
        return None
    return "fake", system, "prosodyeval-demo", d.replace("librispeech_", "") + ", zero-shot TTS of a LibriSpeech voice"


MASKGCT_CELEB = {"trump": "celeb:trump", "Ben": "celeb:benedict-cumberbatch", "jay": "celeb:jay-chou",
                 "dingzhen": "celeb:ding-zhen", "rick": "celeb:rick", "morty": "celeb:morty", "houyi": "celeb:houyi",
                 "yae": "celeb:yae-miko"}


def rule_maskgct(p):
    parts = p.split("/")
    if parts[0] != "audios" or len(parts) < 3:
        return None
    sec, n = parts[1], os.path.splitext(parts[-1])[0]
    page = "maskgct-demo"
    if sec == "icl_smaples":
        return ("real", "real", page, "prompt") if n.endswith("0") else \
            ("fake", "maskgct", page, "zero-shot TTS (same / cross language)")
    if sec == "celeb_samples":
        who, k = n.rsplit("_", 1)
        group = MASKGCT_CELEB.get(who, page)
        return ("real", "real", group, "prompt (public voice)") if k == "0" else \
            ("fake", "maskgct", group, "zero-shot TTS of a public voice")
    if sec == "emotion_samples":
        if n == "prompt":
            return "real", "real", page, "emotion prompt"
        return "fake", "maskgct", page, "emotional zero-shot TTS"
    if sec == "style_samples":
        return ("real", "real", page, "style prompt") if parts[2] == "prompt" else \
            ("fake", "maskgct", page, "speech style imitation")
    if sec == "tempo_samples":
        return ("real", "real", page, "prompt") if n.endswith("0") else \
            ("fake", "maskgct", page, "duration-controlled zero-shot TTS")
    if sec == "robustness_samples":
        return ("fake", "maskgct", page, "hard sentences") if parts[2] == "maskgct" else None
    if sec == "edit_samples":
        spk = "vctk:" + n.replace("edited_", "").split("_")[0]
        return ("fake", "maskgct", spk, "speech editing of this VCTK clip (partly synthetic)") \
            if n.startswith("edited_") else ("real", "real", spk, "VCTK")
    if sec == "vc_samples":
        return ("fake", "maskgct", page, "voice conversion") if n.endswith("2") else \
            ("real", "real", page, "VC source / prompt")
    return None


DITTO_SYSTEMS = {"ns3": "naturalspeech3", "ns3_zs_emo": "naturalspeech3", "ns2": "naturalspeech2",
                 "voiceboxr": "voicebox", "valler": "valle", "megatts2": "megatts2", "hierspeechpp": "hierspeech++"}
DITTO_CELEB = {"caine": "celeb:michael-caine", "jessie": "celeb:jessie", "optimusprime": "celeb:optimus-prime",
               "rachel": "celeb:rachel", "robert": "celeb:robert", "sherlock": "celeb:sherlock", "zuck": "celeb:zuckerberg",
               "morty": "celeb:morty", "rick": "celeb:rick", "petergriffin": "celeb:peter-griffin",
               "spongebob": "celeb:spongebob"}
MLS_LANG = {"dutch": "nl", "english": "en", "french": "fr", "german": "de", "italian": "it", "polish": "pl",
            "portuguese": "pt", "spanish": "es"}


def _ditto_system(n):
    if re.search(r"_ours(_all|_prompt|_\d+)?$", n) or n.endswith("_ditto_all"):
        return "ditto-tts"
    if re.search(r"_clam(_all)?$", n):
        return "clam-tts"
    if re.search(r"_mega(tts)?$", n):
        return "megatts"
    if n.endswith("_voicecraft"):
        return "voicecraft"
    return None


def rule_ditto(p):
    parts = p.split("/")
    if parts[0] != "audios" or len(parts) < 3:
        return None
    sec, n = parts[1], os.path.splitext(parts[-1])[0]
    page = "ditto-demo"
    if sec == "ravdess":
        group = "ditto-demo:ravdess"
        if len(parts) == 3:
            return "real", "real", group, "RAVDESS prompt / ground truth (CC BY-NC-SA 4.0)"
        d = parts[2]
        if d == "styletts2":
            return None
        if n.endswith("_wav_p"):
            return "real", "real", group, "RAVDESS prompt (CC BY-NC-SA 4.0)"
        if n.endswith("_ours"):
            return "fake", "ditto-tts", group, "emotional zero-shot TTS (RAVDESS prompt)"
        if d in ("gt", "zs_emo"):
            return ("real", "real", group, "RAVDESS ground truth (CC BY-NC-SA 4.0)") if d == "gt" else None
        system = DITTO_SYSTEMS.get(d)
        return ("fake", system, group, "RAVDESS emotional zero-shot benchmark as shown on the page ("
                + d + ")") if system else None
    if sec in ("famous", "anime"):
        who = n.split("_")[0]
        group = DITTO_CELEB.get(who, page)
        if n.endswith("_prompt"):
            return "real", "real", group, "prompt (public voice)"
        system = _ditto_system(n)
        return ("fake", system, group, "zero-shot TTS of a public voice") if system else None
    if sec == "librispeech":
        # laid out like the official VALL-E page (its YourTTS / VALL-E columns and LibriSpeech prompts): only the
        # page's own DiTTo and CLaM outputs are taken
        system = _ditto_system(n)
        spk = "libritts:" + n.split("_")[1].split("-")[0]
        return ("fake", system, spk, "zero-shot TTS of a LibriSpeech test-clean voice") if system else None
    if sec == "librispeech_16kHz":
        d = parts[2]
        system = {"clam": "clam-tts", "ours": "ditto-tts"}.get(d)
        return ("fake", system, "ditto-demo:librispeech16k", "zero-shot TTS, LibriSpeech test-clean prompts") \
            if system else None
    if sec == "mls":
        m = re.match(r"mls_([a-z]+)_(\d+)_", n)
        group = "mls-" + MLS_LANG.get(m.group(1), m.group(1)) + ":" + m.group(2)
        if n.endswith("_gt"):
            return "real", "real", group, "Multilingual LibriSpeech ground truth"
        if n.endswith("_prompt") and not n.endswith("_ours_prompt"):
            return "real", "real", group, "Multilingual LibriSpeech prompt"
        system = _ditto_system(n)
        return ("fake", system, group, "multilingual zero-shot TTS") if system else None
    if sec == "multi":
        if n.endswith(("_gt", "_prompt")):
            return "real", "real", "ditto-demo:multi", "prompt / ground truth"
        system = _ditto_system(n)
        return ("fake", system, "ditto-demo:multi", "multilingual zero-shot TTS") if system else None
    if sec == "robust":
        system = _ditto_system(n)
        return ("fake", system, page, "hard sentences") if system else None
    if sec in ("speaker_diversity", "speech_rate"):
        return "fake", "ditto-tts", page, sec
    if sec == "speech_editing":
        if re.fullmatch(r"\d+", n):
            return "real", "real", "ditto-demo:editing", "original recording"
        system = _ditto_system(n)  # the bare N_0 clips are Voicebox's, copied from its page: left out
        return ("fake", system, "ditto-demo:editing", "speech editing (partly synthetic)") if system else None
    if sec == "comparison":
        d = parts[2]
        if d == "voicebox":
            return None  # copied from the official Voicebox demo page
        group = "ditto-demo:compare-" + d
        if n.endswith("_wav_p"):
            return "real", "real", group, "prompt"
        if n.endswith("_ours"):
            return "fake", "ditto-tts", group, "zero-shot TTS"
        system = {"ns3": "naturalspeech3", "e3tts": "e3-tts", "simpletts": "simple-tts"}.get(d)
        return ("fake", system, group, "sample of the compared system as shown on the page") if system else None
    return None


TTSDB_SYSTEMS = {"e2-tts": "e2-tts", "f5-tts": "f5-tts", "fish-speech": "fish-speech", "gpt-sovits": "gpt-sovits",
                 "hierspeech": "hierspeech++", "indextts": "indextts", "maskgct": "maskgct", "metavoice": "metavoice",
                 "openvoice": "openvoice", "pheme": "pheme", "tortoise": "tortoise", "vevo": "vevo",
                 "vibevoice": "vibevoice", "voicecraft": "voicecraft", "whisperspeech": "whisperspeech",
                 "xtts": "xtts"}


def rule_ttsdb(p):
    parts = p.split("/")
    if parts[:3] == ["assets", "reference_audio", "daisy"]:
        lang = os.path.splitext(parts[3])[0]
        return "real", "real", "ttsdb-ref:" + lang, "reference clip (broadcast / podcast speech) for " + lang
    if parts[0] != "models" or len(parts) < 4 or parts[2] not in ("audio_examples", "outputs"):
        return None
    system = TTSDB_SYSTEMS.get(parts[1])  # styletts2 is left out
    if system is None:
        return None
    m = re.match(r"([a-z]{2,3})_test_\d+$", os.path.splitext(parts[-1])[0])
    lang = {"en": "eng", "zh": "zho"}.get(m.group(1), m.group(1)) if m else "eng"
    return "fake", system, "ttsdb-ref:" + lang, "integration-test sample, " + "/".join(parts[1:-1])


def rule_gspo_sparktts(p):
    parts = p.split("/")
    if parts[:3] != ["docs", "assets", "audio"] or len(parts) != 5:
        return None
    system = {"f5tts": "f5-tts", "valtec-tts": "valtec-tts", "viettts": "viettts",
              "visparkRL_2800": "spark-tts"}.get(parts[3])
    note = {"f5tts": "Vietnamese F5-TTS", "visparkRL_2800": "Vi-SparkTTS-0.5B fine-tuned with GSPO"}.get(parts[3], "")
    return ("fake", system, "gspo-demo:vi", (note + "; " if note else "") + "Vietnamese TTS") if system else None


def _gigaspeech_group(stem):
    m = re.match(r"(\d+)_\d+_\d+_\d+$", stem)
    if m:
        return "libritts:" + m.group(1)
    if stem.startswith("YOU"):
        return "gigaspeech:" + stem.split("_")[0]
    if stem.startswith("show_"):
        return "gigaspeech:" + stem.split("-")[0]
    return "voicecraft-demo"


VOICECRAFT_TEASER = {"oprah": "celeb:oprah-winfrey", "miley": "celeb:miley-cyrus", "pam": "celeb:pam",
                     "bible": "celeb:samuel-l-jackson", "caribbean": "celeb:pirates-of-the-caribbean"}


def rule_voicecraft_web(p):
    parts = p.split("/")
    if parts[:2] != ["static", "audio_sample"] or len(parts) != 4:
        return None
    sec, n = parts[2], os.path.splitext(parts[3])[0]
    if sec == "teaser":
        who = n.replace("concat_", "")
        if who not in VOICECRAFT_TEASER:
            return None  # concat_caribbean_before: not on the page
        if n.startswith("concat_"):
            return "fake", "voicecraft", VOICECRAFT_TEASER[who], "original start + VoiceCraft-edited continuation"
        return "real", "real", VOICECRAFT_TEASER[who], "original (public voice)"
    if sec == "VoiceCraft_Voicebox":
        # originals and Voicebox outputs are copied from the official Voicebox page: only VoiceCraft's edits
        return ("fake", "voicecraft", "voicecraft-demo:voicebox-set", "speech editing") \
            if parts[2] == "VoiceCraft_Voicebox" and "/voicecraft/" in p else None
    m = re.match(r"(.+?)(?:_(fs|ve|orig|prompt|valle|xtts|yourtts))?$", n)
    stem, tag = m.group(1), m.group(2)
    group = _gigaspeech_group(stem)
    if sec == "speech_editing":
        if tag is None:
            return "real", "real", group, "original recording (RealEdit: audiobook / YouTube / podcast)"
        system = {"ve": "voicecraft", "fs": "fluentspeech"}.get(tag)
        return ("fake", system, group, "speech editing (partly synthetic)") if system else None
    if sec == "tts":
        if tag in ("orig", "prompt"):
            return "real", "real", group, "ground truth" if tag == "orig" else "voice prompt"
        system = {"ve": "voicecraft", "fs": "fluentspeech", "valle": "valle", "xtts": "xtts",
                  "yourtts": "yourtts"}.get(tag)
        return ("fake", system, group, "zero-shot TTS (GigaSpeech / LibriTTS voices)") if system else None
    return None


UNIAUDIO_FAMOUS = {"obama": "celeb:obama", "May": "celeb:theresa-may", "ts": "uniaudio-demo:ts",
                   "yy": "uniaudio-demo:yy", "dc": "uniaudio-demo:dc"}


def rule_uniaudio(p):
    parts = p.split("/")
    n = os.path.splitext(parts[-1])[0]
    if parts[0] == "zero_shot_tts":
        if parts[1] == "famous":
            group = UNIAUDIO_FAMOUS.get(parts[2], "uniaudio-demo")
            if "_sampling_sample" in n:
                return "fake", "uniaudio", group, "zero-shot TTS of this voice"
            return "real", "real", group, "prompt"
        if parts[1] == "long":
            spk = "libritts:" + n.replace("tts_", "").split("-")[0]
            return ("fake", "uniaudio", spk, "zero-shot TTS, long") if parts[2] == "gen" else \
                ("real", "real", spk, "LibriSpeech test-clean")
        if parts[1] in ("gen", "gt", "ref"):
            spk = "libritts:" + re.split(r"[-_]", n.replace("tts_", ""))[0]
            return ("fake", "uniaudio", spk, "zero-shot TTS") if parts[1] == "gen" else \
                ("real", "real", spk, "LibriSpeech test-clean " + ("ground truth" if parts[1] == "gt" else "prompt"))
        return None  # chinese/: file names say "sing", left out
    if parts[0] == "zero_shot_vc":
        return ("fake", "uniaudio", "uniaudio-demo:vc", "zero-shot voice conversion") if parts[1] == "gen" else \
            ("real", "real", "uniaudio-demo:vc", "VCTK " + parts[1])
    if parts[0] == "speech_edit_sample":
        spk = "libritts:" + n.split("_")[0]
        return ("fake", "uniaudio", spk, "speech editing (partly synthetic)") if parts[1] == "gen" else \
            ("real", "real", spk, "LibriSpeech test-clean original")
    if parts[0] == "ITTS" and parts[1] == "gen":
        return "fake", "uniaudio", "uniaudio-demo:itts", "instructed TTS (its 'gt' column is a commercial TTS voice)"
    return None  # music, singing, sound, enhancement, extraction, RIR tasks


RULES = {
    "jik876/hifi-gan-demo": rule_hifigan,
    "jaywalnut310/glow-tts-demo": rule_glowtts,
    "jaywalnut310/vits-demo": rule_vits,
    "OlaWod/FreeVC-demo": rule_freevc,
    "bigvgan-demo/bigvgan-demo.github.io": rule_bigvgan,
    "diffwave-demo/diffwave-demo.github.io": rule_diffwave,
    "grad-tts/grad-tts.github.io": rule_gradtts,
    "mindslab-ai/univnet": rule_univnet,
    "starganv2-vc/starganv2-vc.github.io": rule_stargan,
    "Mega-TTS/demo-page": rule_megatts,
    "MobileSpeech/MobileSpeech.github.io": rule_mobilespeech,
    "vs-tts123/VSTTS-Demo": rule_vstts,
    "cschaefer26/model_outputs": rule_modeloutputs,
    "yangdongchao/InstructTTS": rule_instructtts,
    "zhouyong64/winter": rule_winter,
    "ranchlai/mandarin-tts": rule_mandarin,
    "r9y9/r9y9.github.io": rule_r9y9,
    "auspicious3000/autovc": rule_autovc,
    "CorentinJ/Real-Time-Voice-Cloning": rule_rtvc,
    "lifeiteng/valle": rule_valle_reimpl,
    "lvc-vc/lvc-vc-demo": rule_lvcvc,
    "gemelo-ai/vocos": rule_vocos,
    "kan-bayashi/ParallelWaveGAN": rule_pwg,
    "NVIDIA/OpenSeq2Seq": rule_openseq2seq,
    "ericwudayi/vqvc": rule_vqvc,
    "mindslab-ai/cotatron": rule_cotatron,
    "neonbjb/tortoise-tts": rule_tortoise_voices,
    "sh-lee-prml/HierSpeechpp": rule_hierspeech,
    "Edresson/YourTTS": rule_yourtts,
    "espnet/espnet-tts-sample": rule_espnet_sample,
    "shivammehta25/Matcha-TTS": rule_matcha,
    "kallavinka8045/icassp2021": rule_universal_melgan,
    "TensorTract2/TensorTract2.github.io": rule_tensortract,
    # seventh round
    "prosodyeval/prosodyeval.github.io": rule_prosodyeval,
    "maskgct/maskgct.github.io": rule_maskgct,
    "ditto-tts/ditto-tts.github.io": rule_ditto,
    "ttsds/ttsdb": rule_ttsdb,
    "anonymous-tts-demo/gspo_sparktts": rule_gspo_sparktts,
    "jasonppy/VoiceCraft_web": rule_voicecraft_web,
    "yangdongchao/UniAudio_demo": rule_uniaudio,
}

# Repositories of the seventh round: their rows form one block appended with --append (below), keep clips >= 1 s and
# at most ROUND7_CAP clips per system (evenly spaced over the page's files in path order when a system has more).
ROUND7 = ["prosodyeval/prosodyeval.github.io", "maskgct/maskgct.github.io", "ditto-tts/ditto-tts.github.io",
          "ttsds/ttsdb", "anonymous-tts-demo/gspo_sparktts", "jasonppy/VoiceCraft_web", "yangdongchao/UniAudio_demo"]
ROUND7_CAP = 150
MIN_SECONDS = 1.0

# Demo pages served from a branch other than the default one.
REFS = {"lvc-vc/lvc-vc-demo": "gh-pages", "gemelo-ai/vocos": "gh-pages", "kan-bayashi/ParallelWaveGAN": "gh-pages",
        "Edresson/YourTTS": "gh-pages", "shivammehta25/Matcha-TTS": "docs"}

LICENCES = {
    "MobileSpeech/MobileSpeech.github.io": "CC0-1.0",
    "mindslab-ai/univnet": "BSD-3-Clause",
    "auspicious3000/autovc": "MIT (audio: VCTK, CC BY 4.0)",
    "CorentinJ/Real-Time-Voice-Cloning": "MIT (audio: LibriSpeech CC BY 4.0 / VCTK CC BY 4.0)",
    "lifeiteng/valle": "Apache-2.0",
    "gemelo-ai/vocos": "MIT (audio: DAPS CC BY-NC 4.0, LibriTTS CC BY 4.0)",
    "kan-bayashi/ParallelWaveGAN": "MIT (audio: LJSpeech public domain, JSUT/CSMSC non-commercial)",
    "NVIDIA/OpenSeq2Seq": "Apache-2.0",
    "mindslab-ai/cotatron": "BSD-3-Clause (audio: VCTK / LibriTTS CC BY 4.0)",
    "neonbjb/tortoise-tts": "Apache-2.0 (clips of public voices)",
    "sh-lee-prml/HierSpeechpp": "MIT",
    "Edresson/YourTTS": "CC BY-NC-ND 4.0 (non-commercial; audio: LibriTTS / VCTK CC BY 4.0, MLS CC BY 4.0)",
    "espnet/espnet-tts-sample": "Apache-2.0 (ESPnet; audio: LJSpeech public domain, LibriTTS CC BY 4.0)",
    "shivammehta25/Matcha-TTS": "MIT (audio: LJSpeech public domain)",
    "prosodyeval/prosodyeval.github.io": "none stated (research demo page; prompts: LibriSpeech CC BY 4.0)",
    "ditto-tts/ditto-tts.github.io": "none stated (research demo page; RAVDESS clips CC BY-NC-SA 4.0, non-commercial; "
                                     "LibriSpeech / MLS CC BY 4.0)",
    "ttsds/ttsdb": "none stated for the audio (each model's own licence applies; references are broadcast clips)",
    "jasonppy/VoiceCraft_web": "none stated (research demo page; outputs of VoiceCraft, CC BY-NC-SA 4.0 model weights)",
    "yangdongchao/UniAudio_demo": "none stated (research demo page; LibriSpeech / VCTK CC BY 4.0)",
}


def gitdir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"), "repo")
    return os.path.join(base, ".git") if os.path.isdir(os.path.join(base, ".git")) else base


def repo_rows(mirror, repo):
    """Every labelled audio file of one repository, in path order (LFS pointers and tiny files skipped)."""
    assert repo.lower() not in RESERVED, repo
    rule = RULES[repo]
    gd = gitdir(mirror, repo)
    commit = subprocess.check_output(["git", "--git-dir", gd, "rev-parse", REFS.get(repo, "HEAD")],
                                     text=True).strip()
    listing = subprocess.check_output(["git", "--git-dir", gd, "ls-tree", "-r", "-l", commit], text=True)
    rows = []
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        if not AUDIO.search(path):
            continue
        size = meta.split()[3]
        if size == "-" or int(size) < 2000:
            continue
        r = rule(path)
        if r is None:
            continue
        label, system, group, notes = r
        blob = subprocess.check_output(["git", "--git-dir", gd, "show", f"{commit}:{path}"])
        if blob.startswith(b"version https://git-lfs"):
            continue
        row = {
            "repo": repo, "commit": commit, "path": path, "sha256": hashlib.sha256(blob).hexdigest(),
            "bytes": len(blob), "licence": LICENCES.get(repo, "none stated (research demo page)"),
            "label": "real" if label == "real" else "fake",
            "family": "real" if label == "real" else system, "group": group,
            "system": "real" if label == "real" else system, "speaker": group, "notes": notes}
        if repo in ROUND7:
            row["_blob"] = blob
        rows.append(row)
    return rows


def seconds(blob, suffix):
    """Duration by ffprobe (None when it cannot tell: such files are left out)."""
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(blob)
        f.flush()
        r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", f.name],
                           capture_output=True, text=True)
    try:
        return float(r.stdout.strip())
    except ValueError:
        return None


def select_round7(rows, seen):
    """Seventh-round rules: no exact duplicates (of the corpus or each other), speech >= MIN_SECONDS, and at most
    ROUND7_CAP clips per synthetic system, evenly spaced in manifest order when a system has more."""
    kept = []
    for r in rows:
        if r["sha256"] in seen:
            continue
        d = seconds(r.pop("_blob"), os.path.splitext(r["path"])[1])
        if d is None or d < MIN_SECONDS:
            continue
        seen.add(r["sha256"])
        kept.append(r)
    by_system = {}
    for i, r in enumerate(kept):
        if r["label"] == "fake":
            by_system.setdefault(r["system"], []).append(i)
    drop = set()
    for idx in by_system.values():
        if len(idx) > ROUND7_CAP:
            keep = {idx[int(k * len(idx) / ROUND7_CAP)] for k in range(ROUND7_CAP)}
            drop.update(i for i in idx if i not in keep)
    return [r for i, r in enumerate(kept) if i not in drop]


def main():
    mirror, out = sys.argv[1], sys.argv[2]
    append = "--append" in sys.argv[3:]
    if append:
        # Append the seventh-round block to an existing manifest, leaving every existing row as it is.
        existing = list(csv.DictReader(open(out)))
        fields = list(existing[0].keys())
        seen = {r["sha256"] for r in existing}
        done = {r["repo"] for r in existing}
        rows = [r for repo in ROUND7 if repo not in done for r in repo_rows(mirror, repo)]
        block = select_round7(rows, seen)
        with open(out, "a", newline="") as f:
            csv.DictWriter(f, fieldnames=fields).writerows(block)
        print(f"appended {len(block)} files ({len(rows) - len(block)} duplicates, short clips or over the cap)",
              file=sys.stderr)
        return
    rows = []
    for repo in RULES:
        if repo not in ROUND7:
            rows.extend(repo_rows(mirror, repo))
    # One copy of each exact file: demo pages often reuse the same recording in several tables.
    seen, unique = set(), []
    for r in rows:
        if r["sha256"] in seen:
            continue
        seen.add(r["sha256"])
        unique.append(r)
    round7 = select_round7([r for repo in ROUND7 for r in repo_rows(mirror, repo)], seen)
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(unique[0].keys()))
        w.writeheader()
        w.writerows(unique + round7)
    print(f"{len(unique) + len(round7)} files ({len(rows) - len(unique)} duplicates dropped)", file=sys.stderr)


if __name__ == "__main__":
    main()
