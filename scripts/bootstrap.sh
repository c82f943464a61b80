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
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
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
    log "installing Node.js and npm (Debian) for the C2PA cross-checks"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >&2
  fi
  if [ ! -d "$checks/node_modules" ] || [ "$checks/package-lock.json" -nt "$checks/node_modules/.package-lock.json" ]; then
    # npm install (not npm ci): npm 11 leaves cbor-extract's optional platform packages out of the lock file, which
    # npm ci then rejects; install keeps to the committed lock file for everything else.
    log "installing the C2PA cross-check packages (npm install)"
    (cd "$checks" && npm install --no-audit --no-fund --loglevel=error >&2)
  fi
fi

# --- service (issue 16) ---------------------------------------------------------------------------------------
# Tests only: Debian's chromium for the end-to-end browser tests of the web page (tests/FakeLens.Server.Tests/Web).
# Microsoft.Playwright ships its driver in the NuGet package and launches /usr/bin/chromium; Playwright's own
# browser download is never used.
if [ "$mode" = tests ] && ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  log "installing Debian chromium for the browser tests"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
fi
# --- end service -----------------------------------------------------------------------------------------------

# 4. Restore and build once; rebuild only when a source or project file is newer than the last build.
stamp="$state/build-$mode.stamp"
newer() {
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$root/src" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/nuget.config" \
      $([ "$mode" = tests ] && echo "$root/tests" "$root/bench") \
      -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.config' -o -name '*.json' -o -name '*.zip' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]
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
