#!/usr/bin/env bash
# Rebuilds the video development corpus from data/video-corpus.csv and checks every SHA-256.
#   scripts/data/rebuild-video-corpus.sh [OUT]      (default OUT: ../data-cache/video beside the checkout)
# Sources: fetched snapshots under $FAKELENS_MIRROR (default /work/.mirror/<owner>+<name>/repo), else a shallow
# `git clone` of the public repository at the manifest's commit into OUT/repos. Writes
#   OUT/raw/<label>/<family>/<file>      the files exactly as published (SHA-256 checked)
#   OUT/clips/real/<family>/<name_ext>.mp4 and OUT/clips/fake/<family>/<name_ext>.mp4: both classes normalised alike
# (first 4 s, 8 fps, centre square crop, 320x320, H.264 CRF 23 yuv420p, no audio, no metadata), so a model cannot
# learn GIF palettes, frame rates, sizes, audio presence or tags instead of content (issue 15, "Data").
# A row whose notes start with "segment from N s;" makes a further clip of the same file from N s on (name suffix
# _sN); the manifest gives every file of 14 s or more such a row at 10 s (and at 20 s from 24 s on), whatever its
# class, so long recordings add clips without any source being cut differently from another.
# Two rows of one label and family whose files share a base name (results/result_voice.mp4 of a dozen Wav2Lip forks)
# would overwrite each other's raw file and share one clip: the first keeps the base name, each later one is named
# <owner>_<repo>__<path with / as _> instead (segment rows of one file keep that file's name).
# ROWS_FILTER=REGEX: only the manifest lines grep -E matches (e.g. 'round 14 face video', or ',real,' for the real rows).
# REAL_RAW_ONLY=1: only the real rows' raw files (OUT/raw/real, SHA-256 checked), no clips — all that
# `fakelens eval face-blend --clips OUT/raw/real` needs (docs/faces.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=fetch-checked.sh
. "$root/scripts/data/fetch-checked.sh"
out="${1:-$root/../data-cache/video}"
manifest="${VIDEO_MANIFEST:-$root/data/video-corpus.csv}"   # VIDEO_MANIFEST: another manifest (the script's tests)
mkdir -p "$out/raw" "$out/clips/real" "$out/clips/fake" "$out/repos"
fail=0
declare -A first_file=()
while IFS=, read -r repo commit path sha bytes licence label family group notes; do
  [ "$repo" = "repo" ] && continue
  [ -n "${REAL_RAW_ONLY:-}" ] && [ "$label" != "real" ] && continue
  name="$(basename "$path")"
  key="$label/$family/$name"
  if [ -z "${first_file[$key]:-}" ]; then
    first_file[$key]="$repo:$path"
  elif [ "${first_file[$key]}" != "$repo:$path" ]; then
    name="${repo//\//_}__${path//\//_}"
  fi
  if [ -n "${ROWS_FILTER:-}" ]; then
    grep -qE -- "$ROWS_FILTER" <<< "$repo,$commit,$path,$sha,$bytes,$licence,$label,$family,$group,$notes" || continue
  fi
  raw="$out/raw/$label/$family/$name"
  mkdir -p "$(dirname "$raw")"
  if ! fetch_checked "$repo" "$commit" "$path" "$sha" "$raw" "$out/repos"; then
    fail=1
    continue
  fi
  [ -n "${REAL_RAW_ONLY:-}" ] && continue
  class=$([ "$label" = "real" ] && echo real || echo fake)
  stem="${name//./_}"                                   # test.mp4 and test.avi must not share a clip
  start=0
  if [[ "$notes" =~ ^\"?segment\ from\ ([0-9]+)\ s\; ]]; then start="${BASH_REMATCH[1]}"; stem="${stem}_s$start"; fi
  clip="$out/clips/$class/$family/${stem// /_}.mp4"
  mkdir -p "$(dirname "$clip")"
  if [ ! -f "$clip" ]; then
    ffmpeg -hide_banner -loglevel error -nostdin -y -ss "$start" -i "$raw" -t 4 -map 0:v:0 -an -sn -dn -map_metadata -1 \
      -vf "fps=8,crop='min(iw,ih)':'min(iw,ih)',scale=320:320:flags=area,format=yuv420p" \
      -c:v libx264 -preset medium -crf 23 -movflags +faststart "$clip"
  fi
done < "$manifest"
[ "$fail" = 0 ] || { echo "some files did not match the manifest" >&2; exit 1; }
[ -z "${REAL_RAW_ONLY:-}" ] || { echo "real raw files ready: $(find "$out/raw/real" -type f | wc -l) under $out/raw/real"; exit 0; }
echo "corpus ready: $(find "$out/clips/real" -name '*.mp4' | wc -l) real, $(find "$out/clips/fake" -name '*.mp4' | wc -l) fake clips in $out/clips"
