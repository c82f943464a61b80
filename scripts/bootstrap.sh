#!/usr/bin/env bash
# Idempotent set-up shared by ./fakelens and ./test: installs the Debian packages FakeLens needs (only those
# missing), checks the .NET SDK, restores NuGet packages and builds once. Re-running does nothing when all is
# in place and no source changed since the last build. Usage: scripts/bootstrap.sh [cli|tests]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-cli}"
state="$root/.fakelens"
mkdir -p "$state"

log() { [ "${FAKELENS_QUIET:-0}" = 1 ] || echo "fakelens setup: $*" >&2; }

# Installs Debian packages, waiting (up to 10 min) for another apt/dpkg run to finish instead of failing at once:
# fresh cloud machines often run unattended upgrades in their first minutes.
apt_install() {
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  if command -v fuser >/dev/null 2>&1 && fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1; then
    log "another apt or dpkg process is running; waiting for it (up to 10 minutes) before installing $*"
  fi
  log "installing Debian packages: $*"
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >&2
}

# 1. Debian packages. libfontconfig1: SkiaSharp's native library links it. ffmpeg: audio decoding and the
#    codec attacks of the audio watermark and the speech augmentation. libgtk-3-0: OpenCV's native library
#    (OpenCvSharp4 official runtime) links it. opencv-data: Haar cascades (face/object regions for lighting).
#    espeak-ng, flite: classic synthetic speech for tests and training fakes. libjpeg-turbo-progs: jpegtran makes
#    progressive JPEGs losslessly from baseline ones for the progressive coefficient-reader tests.
packages=(libfontconfig1 ffmpeg libgtk-3-0 opencv-data espeak-ng flite libjpeg-turbo-progs)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi

# 2. The .NET 10 SDK.
if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "fakelens setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download); 'dotnet' was not found or is older." >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 3. Tests only: the Node packages of the independent C2PA checks (c2pa-rs as WebAssembly, c2pa-ts).
checks="$root/tools/c2pa-check"
if [ "$mode" = tests ] && [ -f "$checks/package-lock.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    log "Node.js and npm (Debian) are needed for the C2PA cross-checks"
    apt_install nodejs npm
  fi
  if [ ! -d "$checks/node_modules" ] || [ "$checks/package-lock.json" -nt "$checks/node_modules/.package-lock.json" ]; then
    # npm install (not npm ci): npm 11 leaves cbor-extract's optional platform packages out of the lock file, which
    # npm ci then rejects; install keeps to the committed lock file for everything else.
    log "installing the C2PA cross-check packages (npm install)"
    (cd "$checks" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
fi

# 3b. Both modes: model files that registry packages ship (the CLI's detectors and the tests use them); npm fetches them.
if ! command -v npm >/dev/null 2>&1; then
  log "Node.js and npm (Debian) are needed to fetch the speech and face models from the npm registry"
  apt_install nodejs npm
fi

# Silero VAD v5 (issue 14): silero_vad_v5.onnx (MIT) from the npm package @ricky0123/vad-web 0.0.31 (ISC), fetched
# with `npm pack` (no dependencies installed) into .fakelens/models/ and checked by SHA-256. Without it the speech
# detector falls back to its energy VAD and says so in its evidence.
silero="$state/models/silero_vad_v5.onnx"
silero_sha=2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f
if [ ! -f "$silero" ] || [ "$(sha256sum "$silero" | cut -d' ' -f1)" != "$silero_sha" ]; then
  log "fetching the Silero VAD v5 model (npm pack @ricky0123/vad-web@0.0.31)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack @ricky0123/vad-web@0.0.31 --silent >/dev/null && tar xzf ricky0123-vad-web-0.0.31.tgz package/dist/silero_vad_v5.onnx)
  mkdir -p "$state/models"
  if [ "$(sha256sum "$tmp/package/dist/silero_vad_v5.onnx" | cut -d' ' -f1)" != "$silero_sha" ]; then
    rm -rf "$tmp"
    echo "fakelens setup: silero_vad_v5.onnx from @ricky0123/vad-web@0.0.31 does not match its SHA-256" >&2
    exit 1
  fi
  mv "$tmp/package/dist/silero_vad_v5.onnx" "$silero"
  rm -rf "$tmp"
fi

# Face models (issue 15): BlazeFace and the 468-point face mesh (Apache-2.0) from the npm packages
# @mediapipe/face_detection and @mediapipe/face_mesh (pinned in tools/face-models/package-lock.json);
# tools/face-models/extract.mjs copies BlazeFace and unpacks face_landmark.tflite and the canonical face from the mesh
# package's asset pack into .fakelens/models/faces, where FakeLens.Faces finds them (FAKELENS_FACE_MODELS overrides).
# Without them the face detectors report "not applicable".
faces_tool="$root/tools/face-models"
faces_dir="$state/models/faces"
if [ -f "$faces_tool/package-lock.json" ] && { [ ! -f "$faces_dir/face_landmark.tflite" ] || [ ! -f "$faces_dir/face_detection_short_range.tflite" ] \
    || [ "$faces_tool/package-lock.json" -nt "$faces_dir/face_landmark.tflite" ]; }; then
  log "installing the face models (npm @mediapipe/face_detection, @mediapipe/face_mesh)"
  (cd "$faces_tool" && npm ci --no-audit --no-fund --loglevel=error >&2 && node extract.mjs "$faces_dir" >&2)
fi

# Tests only: Debian's chromium for the end-to-end browser tests of the web page (tests/FakeLens.Server.Tests/Web).
# Microsoft.Playwright ships its driver in the NuGet package and launches /usr/bin/chromium; Playwright's own
# browser download is never used.
if [ "$mode" = tests ] && ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  log "Debian chromium is needed for the browser tests"
  apt_install chromium
fi

# ---- Scale-out tests (issue 21) -------------------------------------------------------------------------------
# Tests only: Debian's PostgreSQL and RabbitMQ for tests/FakeLens.Server.Tests/Distributed (real servers, real faults).
# Installing does not start them (no systemd here); ./test starts them on loopback with scripts/services.sh start and
# stops them at exit (a trap), so they never outlive the run.
if [ "$mode" = tests ]; then
  scale_missing=()
  for p in postgresql rabbitmq-server; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || scale_missing+=("$p")
  done
  if [ "${#scale_missing[@]}" -gt 0 ]; then
    log "PostgreSQL and RabbitMQ are needed for the scale-out tests"
    apt_install "${scale_missing[@]}"
  fi
fi
# ---- end of the scale-out block ----------------------------------------------------------------------------------

# 4. Restore and build once; rebuild only when a source or project file is newer than the last build. (bin/ and obj/ are
#    pruned, not walked: issue 19, the launcher's check. ./fakelens repeats this test as its fast path.)
stamp="$state/build-$mode.stamp"
newer() {
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$root/src" "$root/models" "$root/Directory.Build.props" "$root/Directory.Build.targets" "$root/Directory.Packages.props" "$root/nuget.config" \
      $([ "$mode" = tests ] && echo "$root/tests" "$root/bench") \
      \( -name bin -o -name obj \) -prune -o -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.config' -o -name '*.json' -o -name '*.zip' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) \
      -print -quit 2>/dev/null)" ]
}
if newer; then
  buildlog="$state/build-$mode.log"
  if [ "$mode" = tests ]; then
    log "restoring and building the solution (first run takes a minute)"
    target=("$root/FakeLens.slnx")
  else
    log "building the fakelens command (first run takes a minute)"
    target=("$root/src/FakeLens.Cli/FakeLens.Cli.csproj" -o "$state/cli")
  fi
  if [ "$mode" = cli ]; then
    # ReadyToRun (precompiled) halves start-up and JIT time of a one-shot scan; plain build if that is not possible.
    dotnet publish "$root/src/FakeLens.Cli/FakeLens.Cli.csproj" -c Release -r linux-x64 --self-contained false \
      -p:PublishReadyToRun=true -o "$state/cli" -nologo > "$buildlog" 2>&1 \
      || dotnet build "${target[@]}" -c Release -nologo >> "$buildlog" 2>&1 \
      || { cat "$buildlog" >&2; echo "fakelens setup: the build failed (log: $buildlog)" >&2; exit 1; }
  elif ! dotnet build "${target[@]}" -c Release -nologo > "$buildlog" 2>&1; then
    cat "$buildlog" >&2
    echo "fakelens setup: the build failed (log: $buildlog)" >&2
    exit 1
  fi
  touch "$stamp"
fi
