#!/usr/bin/env bash
# Rebuilds the real-face corpus for the self-blended face detector (faces.blend) from data/video-face-blend.csv
# and checks every SHA-256.
#   scripts/data/rebuild-video-face-blend.sh [OUT]     (default OUT: ../data-cache/video/faceblend beside the checkout)
# Only REAL faces: the fake class is made from them at training time (self-blended images, Shiohara & Yamasaki 2022),
# never from another identity. Sources: fetched snapshots under $FAKELENS_MIRROR (default /work/.mirror/<owner>+<name>/repo),
# else a `git clone` of the public repository at the manifest's commit into OUT/repos. Writes
#   OUT/raw/<group>/<file>                 the files exactly as published (SHA-256 checked)
#   OUT/images/<owner+name>/<file>         stills as published; videos as PNG frames at 1 fps over the first 10 s
# The folder under images/ is the source group: `fakelens train face-blend` holds whole groups out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=fetch-checked.sh
. "$root/scripts/data/fetch-checked.sh"
out="${1:-$root/../data-cache/video/faceblend}"
manifest="$root/data/video-face-blend.csv"
mkdir -p "$out/raw" "$out/images" "$out/repos"
fail=0
while IFS=, read -r repo commit path sha bytes licence label family group notes; do
  [ "$repo" = "repo" ] && continue
  g="${group/\//+}"
  name="$(echo "$path" | tr '/ ' '__')"
  raw="$out/raw/$g/$name"
  mkdir -p "$(dirname "$raw")" "$out/images/$g"
  if ! fetch_checked "$repo" "$commit" "$path" "$sha" "$raw" "$out/repos"; then
    fail=1
    continue
  fi
  case "$notes" in
    *video:*)
      stem="${name%.*}"
      if ! ls "$out/images/$g/$stem"-f*.png >/dev/null 2>&1; then
        ffmpeg -hide_banner -loglevel error -nostdin -y -i "$raw" -t 10 -map 0:v:0 -vf fps=1 "$out/images/$g/$stem-f%02d.png"
      fi ;;
    *) cp -f "$raw" "$out/images/$g/$name" ;;
  esac
done < "$manifest"
[ "$fail" = 0 ] || { echo "some files did not match the manifest" >&2; exit 1; }
echo "real-face corpus ready: $(find "$out/images" -type f | wc -l) images in $(ls "$out/images" | wc -l) source groups under $out/images"
