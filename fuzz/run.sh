#!/usr/bin/env bash
# Fuzzes every FakeLens parser with afl++ and SharpFuzz (not part of CI; see docs/fuzzing.md).
#
#   fuzz/run.sh [TARGET...]           every target (or the ones named), 1,000,000 executions each
#   FUZZ_EXECS=200000 fuzz/run.sh jpeg
#   FUZZ_SECONDS=600 fuzz/run.sh      stop each target after 10 minutes instead (whichever comes first)
#
# Needs Debian's afl++ (fuzz/setup.sh installs it and the sharpfuzz tool). Work goes to $FUZZ_WORK
# (default ../data-cache/fuzz beside the checkout): the instrumented build, seeds, and afl-fuzz output per target.
# Each target runs alone under `nice -n 15`, one after another (the machine is shared). At the end each target's
# executions, paths and crashes/hangs are printed; copy new crashes, minimised with
#   afl-tmin -i CRASH -o MIN -t 5000 -m none -- dotnet $FUZZ_WORK/bin/FakeLens.Fuzz.dll TARGET
# into tests/FakeLens.Fuzz.Tests/Findings/TARGET/ with the fix.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${FUZZ_WORK:-$root/../data-cache/fuzz}"
execs="${FUZZ_EXECS:-1000000}"
seconds="${FUZZ_SECONDS:-0}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: run fuzz/setup.sh" >&2; exit 1; }

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  echo "== building and instrumenting the harness into $work/bin"
  nice -n 10 dotnet build "$root/fuzz/FakeLens.Fuzz" -c Release -nologo -v quiet
  rm -rf "$work/bin"
  cp -r "$root/fuzz/FakeLens.Fuzz/bin/Release/net10.0" "$work/bin"
  for lib in Core Imaging Provenance Watermark; do
    (cd "$root/fuzz" && dotnet sharpfuzz "$work/bin/FakeLens.$lib.dll" >/dev/null)
  done
  # FakeLens.Audio without its Dsp namespace: the FFT's branches are the same whatever the input, and instrumenting
  # them (every butterfly a counted edge) made the watermark decoders several times slower under afl++.
  (cd "$root/fuzz" && dotnet sharpfuzz "$work/bin/FakeLens.Audio.dll" FakeLens.Audio.Augmentation FakeLens.Audio.Cues \
    FakeLens.Audio.Decoding FakeLens.Audio.Features FakeLens.Audio.Vocoding >/dev/null)
fi

if [ ! -d "$work/seeds" ] || [ "${FUZZ_RESEED:-0}" = 1 ]; then
  echo "== seeds into $work/seeds"
  rm -rf "$work/seeds"
  # The seed helper runs the uninstrumented build (instrumented code needs afl-fuzz around it).
  python3 "$root/fuzz/seeds.py" "$work/seeds" "$root/fuzz/FakeLens.Fuzz/bin/Release/net10.0/FakeLens.Fuzz.dll"
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(dotnet "$work/bin/FakeLens.Fuzz.dll" --list | awk '{print $1}')
fi

limit=(-E "$execs")
[ "$seconds" != 0 ] && limit+=(-V "$seconds")
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
for t in "${targets[@]}"; do
  out="$work/out/$t"
  mkdir -p "$work/out"
  in="$work/seeds/$t"
  # Resume a target already started ("-i -"), so repeated runs add executions rather than start over.
  [ -f "$out/default/fuzzer_stats" ] && in="-"
  echo "== $t ($(date -u +%H:%M:%S) UTC)"
  nice -n 15 afl-fuzz -i "$in" -o "$out" -t 5000 -m none "${limit[@]}" -- "$(command -v dotnet)" "$work/bin/FakeLens.Fuzz.dll" "$t" \
    > "$work/$t.log" 2>&1 || echo "   afl-fuzz exited with $? (see $work/$t.log)"
done

echo "== summary"
printf '%-16s %12s %8s %8s %6s\n' target executions paths crashes hangs
for t in "${targets[@]}"; do
  s="$work/out/$t/default/fuzzer_stats"
  [ -f "$s" ] || { printf '%-16s %12s\n' "$t" "(no run)"; continue; }
  v() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$s"; }
  printf '%-16s %12s %8s %8s %6s\n' "$t" "$(v execs_done)" "$(v corpus_count)" "$(v saved_crashes)" "$(v saved_hangs)"
done
