#!/usr/bin/env python3
"""Appends the seventh round's real speech (issue 14) to data/speech-corpus.csv: recordings from ASR, diarisation,
VAD, speech-enhancement and pronunciation projects, not from TTS demo pages.

Usage: scripts/data/speech-manifest-real7.py MIRROR_DIR CSV
MIRROR_DIR holds one bare git directory per repository, named owner+name/repo (the layout of the `fetch` tool).
Rows of the repositories below are replaced, every other row of CSV is kept as it is. One rule per repository
lists the files taken (paths or a selection), their voice group and a note; lossy originals (MP3, Ogg, M4A) are left
out so that no real clip carries a codec the synthetic side lacks, and so are LDC material (TIMIT, WSJ, TIDIGITS),
music, singing, noise-only files and files whose origin the repository does not make clear. Exact duplicates
(same SHA-256, in these repositories or in the rest of the corpus) are kept once. At most CAP clips per repository.
"""
import csv
import hashlib
import os
import re
import subprocess
import sys

CAP = 150
RESERVED = {"styletts2/styletts2.github.io", "resemble-ai/resemblyzer"}


def speechocean(files):
    # 250 non-native (Mandarin L1) English speakers, children and adults; one clip each of 150 speakers spread
    # evenly over the speaker list (the file with the middle name of the speaker's folder).
    by_spk = {}
    for p in files:
        m = re.match(r"WAVE/(SPEAKER\d+)/[^/]+\.WAV$", p)
        if m:
            by_spk.setdefault(m.group(1), []).append(p)
    spk = sorted(by_spk)
    chosen = [spk[i * len(spk) // CAP] for i in range(min(CAP, len(spk)))]
    for s in chosen:
        ps = sorted(by_spk[s])
        yield ps[len(ps) // 2], "speechocean762:" + s, "non-native English read speech (Mandarin L1), 16 kHz"


def emodb(files):
    # Berlin EmoDB: 10 actors (5 female, 5 male), ten German sentences in seven acted emotions, anechoic room; 15 clips
    # per actor spread evenly over the actor's sorted file list.
    by_spk = {}
    for p in files:
        m = re.match(r"wav/(\d\d)[ab]\d\d[A-Z][a-z]\.wav$", p)
        if m:
            by_spk.setdefault(m.group(1), []).append(p)
    for s in sorted(by_spk):
        ps = sorted(by_spk[s])
        for i in range(min(15, len(ps))):
            yield ps[i * len(ps) // 15], "emodb:" + s, "Berlin EmoDB acted emotional German speech"


def listed(paths):
    def rule(files):
        present = set(files)
        for p, group, note in paths:
            if p in present:
                yield p, group, note
    return rule


RULES = {
    "jimbozhang/speechocean762": (
        "CC BY 4.0 (speechocean762, OpenSLR SLR101; the repository states no licence)", speechocean),
    "facebookresearch/denoiser": ("CC BY-NC 4.0 (repository); VCTK / Valentini noisy set CC BY 4.0", listed(
        [(f"dataset/debug/{k}/p287_00{i}.wav", "vctk:p287", "Valentini VCTK " + ("clean" if k == "clean" else "with recorded DEMAND noise"))
         for k in ("clean", "noisy") for i in range(1, 7)])),
    "LCAV/pyroomacoustics": ("MIT (repository); CMU ARCTIC free licence", listed(
        [(f"examples/input_samples/cmu_arctic_us_aew_a000{i}.wav", "cmu-arctic:aew", "CMU ARCTIC") for i in (1, 2, 3)]
        + [(f"examples/input_samples/cmu_arctic_us_axb_a000{i}.wav", "cmu-arctic:axb", "CMU ARCTIC") for i in (4, 5, 6)]
        + [("examples/input_samples/german_speech_8000.wav", "pyroomacoustics:german", "German speech, 8 kHz phone band")])),
    "mozilla/DeepSpeech": ("MPL-2.0 (repository)", listed(
        [("data/smoke_test/new-home-in-the-stars-16k.wav", "deepspeech:new-home", "English test recording"),
         ("data/smoke_test/russian_sample_data/ru.wav", "deepspeech:ru", "Russian test recording")])),
    "cmusphinx/sphinx4": ("BSD-style (CMU Sphinx licence.terms)", listed(
        [("sphinx4-core/src/test/resources/edu/cmu/sphinx/frontend/test.wav", "sphinx4", "test recording"),
         ("sphinx4-core/src/test/resources/edu/cmu/sphinx/frontend/test-feat.wav", "sphinx4", "test recording"),
         ("sphinx4-core/src/test/resources/edu/cmu/sphinx/frontend/test8k.wav", "sphinx4", "test recording, 8 kHz"),
         ("sphinx4-core/src/test/resources/edu/cmu/sphinx/result/green.wav", "sphinx4", "test recording"),
         ("sphinx4-core/src/test/resources/edu/cmu/sphinx/tools/bandwidth/10001-90210-01803.wav", "sphinx4", "read speech"),
         ("sphinx4-core/src/test/resources/edu/cmu/sphinx/tools/bandwidth/10001-90210-01803-8khz.wav", "sphinx4", "read speech, 8 kHz band"),
         ("sphinx4-samples/src/main/resources/edu/cmu/sphinx/demo/speakerid/test.wav", "sphinx4:speakerid", "several speakers")])),
    "pyannote/pyannote-audio": ("MIT (repository)", listed(
        [("src/pyannote/audio/sample/sample.wav", "pyannote", "two-speaker conversation (diarisation sample)")]
        + [(f"tests/data/{n}.wav", "pyannote", "diarisation test recording, 60 s")
           for n in ["dev00", "dev01", "tst00", "tst01"] + [f"trn0{i}" for i in range(1, 10)]])),
    "SYSTRAN/faster-whisper": ("MIT (repository); JFK inaugural address public domain", listed(
        [("tests/data/jfk.flac", "jfk", "1961 inaugural address, public domain"),
         ("tests/data/stereo_diarization.wav", "faster-whisper:diarization", "two speakers, stereo")])),
    "tyiannak/pyAudioAnalysis": ("Apache-2.0 (repository)", listed(
        [(f"pyAudioAnalysis/data/{n}.wav", "pyaudioanalysis", "the project's own recording")
         for n in ("count", "count2", "3WORDS", "recording1", "recording2", "recording3", "diarizationExample", "diarizationExample2")])),
    "Picovoice/eagle": ("Apache-2.0 (repository)", listed(
        [(f"resources/audio_samples/{n}.wav", "picovoice-eagle:" + n.split("_")[1], "speaker-recognition sample")
         for n in ("speaker_1_utt_1", "speaker_1_utt_2", "speaker_1_test_utt", "speaker_2_test_utt")])),
    "Picovoice/falcon": ("Apache-2.0 (repository)", listed(
        [("resources/audio_samples/test.wav", "picovoice-falcon", "diarisation sample, several speakers")])),
    "Picovoice/cheetah": ("Apache-2.0 (repository)", listed(
        [(f"resources/audio_samples/test_{lang}.wav", "picovoice-cheetah:" + lang, f"streaming-ASR test recording ({lang})")
         for lang in ("de", "en", "es", "fr", "it", "pt")])),
    "Uberi/speech_recognition": ("BSD-3-Clause (repository)", listed(
        [("examples/english.wav", "speech-recognition:en", "English example"),
         ("examples/french.aiff", "speech-recognition:fr", "French example"),
         ("examples/chinese.flac", "speech-recognition:zh", "Mandarin example")])),
    "sylaschacko/voice-emotion-analysis": (
        "EmoDB (Burkhardt et al. 2005, TU Berlin), free for research; the repository states no licence", emodb),
    "snakers4/silero-vad": ("MIT (repository); recordings' origin not stated", listed(
        [("tests/data/test.wav", "silero-vad:test", "VAD test recording, 60 s"),
         ("examples/c++/aepyx_8k.wav", "silero-vad:aepyx", "VAD example recording, 8 kHz phone band")])),
    "Rikorose/DeepFilterNet": ("MIT / Apache-2.0 (repository); Freesound clip 33711", listed(
        [("assets/clean_freesound_33711.wav", "deepfilternet:freesound-33711", "Freesound speech recording"),
         ("assets/noisy_snr0.wav", "deepfilternet:freesound-33711", "the same recording with noise at 0 dB SNR")])),
    "speechbrain/speechbrain": ("Apache-2.0 (repository); LibriSpeech CC BY 4.0", listed(
        [(f"tests/samples/single-mic/{n}", "speechbrain:single-mic", "LibriSpeech sample")
         for n in ("example1.wav", "example2.flac", "example5.wav", "example6.wav")]
        + [(f"tests/samples/VAD/{n}.wav", "speechbrain:vad", "VAD test recording") for n in ("train", "valid")]
        + [("tests/samples/multi-mic/speech_-0.82918_0.55279_-0.082918.flac", "speechbrain:multi-mic", "multi-microphone sample"),
           ("tests/samples/multi-mic/speech_-0.98894_0_0.14834.flac", "speechbrain:multi-mic", "multi-microphone sample")])),
    "cmusphinx/pocketsphinx": ("BSD-2-Clause (CMU)", listed(
        [(f"test/data/cards/00{i}.wav", "pocketsphinx:cards", "test recording") for i in range(1, 6)]
        + [(f"test/data/forever/input_{i}_16k.wav", "pocketsphinx:forever", "test recording") for i in (2, 4)]
        + [(f"test/data/librivox/sense_and_sensibility_01_austen_64kb-0{n}.wav", "librivox:sense-and-sensibility",
            "LibriVox reading (public domain)") for n in ("870", "880", "890", "920", "930")]
        + [("test/data/vad/leak-test.wav", "pocketsphinx:vad", "VAD test recording"),
           ("test/regression/chan3.wav", "pocketsphinx:chan3", "regression recording")])),
}


def gitdir(mirror, repo):
    base = os.path.join(mirror, repo.replace("/", "+"), "repo")
    return os.path.join(base, ".git") if os.path.isdir(os.path.join(base, ".git")) else base


def main():
    mirror, out = sys.argv[1:3]
    rows = list(csv.DictReader(open(out, newline="")))
    header = list(rows[0].keys())
    keep = [r for r in rows if r["repo"] not in RULES]
    seen = {r["sha256"] for r in keep}
    added = []
    for repo, (licence, rule) in RULES.items():
        assert repo.lower() not in RESERVED, repo
        g = gitdir(mirror, repo)
        commit = subprocess.check_output(["git", "--git-dir", g, "rev-parse", "HEAD"], text=True).strip()
        files = subprocess.check_output(["git", "--git-dir", g, "ls-tree", "-r", "--name-only", commit], text=True).splitlines()
        n = 0
        for path, group, note in rule(files):
            if n >= CAP:
                break
            data = subprocess.check_output(["git", "--git-dir", g, "show", f"{commit}:{path}"])
            sha = hashlib.sha256(data).hexdigest()
            if sha in seen or len(data) < 1000:
                continue
            seen.add(sha)
            added.append({"repo": repo, "commit": commit, "path": path, "sha256": sha, "bytes": str(len(data)),
                          "licence": licence, "label": "real", "family": "real", "group": group, "system": "real",
                          "speaker": group, "notes": "round 7 real speech: " + note})
            n += 1
        print(f"{repo}: {n} clips", file=sys.stderr)
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\r\n")
        w.writeheader()
        w.writerows(keep + added)
    print(f"{len(added)} real clips from {len(RULES)} repositories appended; {len(keep) + len(added)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
