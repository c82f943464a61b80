#!/usr/bin/env bash
# One-time set-up for fuzzing (not needed by ./fakelens or ./test): Debian afl++ and the SharpFuzz
# instrumenter (a local dotnet tool, fuzz/dotnet-tools.json, SharpFuzz.CommandLine 2.3.0, MIT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++ (Debian package afl++; waits for another apt/dpkg run if needed)"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends afl++
fi
(cd "$here" && dotnet tool restore)
echo "fuzzing set up: run fuzz/run.sh"
