#!/usr/bin/env bash
# Fuzzes SocketGen with libFuzzer: the harness (fuzz/SocketGen.Fuzz) is published, its SocketGen.dll and the
# generated decoders are instrumented with SharpFuzz, and fuzz/driver's libFuzzer driver runs each target
# for a bounded time, starting from the checked-in seeds (fuzz/corpus) plus what earlier runs found.
#
#   fuzz/run.sh [seconds per target] [target...]      targets: preface frames reader decoders (default: all)
#
# CI runs 12 s per target. A long soak: fuzz/run.sh 3600. The grown corpus and any crash inputs stay in
# fuzz/.work (not checked in); a crash is printed with the harness's exception and fails the run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-12}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(preface frames reader decoders)
work="$root/fuzz/.work"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# libFuzzer comes with clang's runtime libraries (Debian: clang-14 and libclang-rt-14-dev).
clang=$(command -v clang-14 || command -v clang || true)
fuzzer_lib() { [ -n "$clang" ] && [ -f "$("$clang" -print-file-name=libclang_rt.fuzzer-x86_64.a)" ]; }
if ! fuzzer_lib; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "fuzz: installing clang-14 and libclang-rt-14-dev"
    { apt-get install -y -q clang-14 libclang-rt-14-dev || { apt-get update -q && apt-get install -y -q clang-14 libclang-rt-14-dev; }; } >"$work/apt.log" 2>&1
    clang=$(command -v clang-14 || command -v clang || true)
  fi
  if ! fuzzer_lib; then
    echo "fuzz: libFuzzer is not available (install clang-14 and libclang-rt-14-dev); see $work/apt.log" >&2
    exit 1
  fi
fi

set -e
if [ ! -x "$work/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
fi

# Instrumentation rewrites the assemblies in place: always on a fresh publish, never on a build the tests use.
rm -rf "$work/harness"
dotnet publish "$root/fuzz/SocketGen.Fuzz/SocketGen.Fuzz.csproj" -c Release -o "$work/harness" --nologo -v q >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; exit 1; }
"$work/tools/sharpfuzz" "$work/harness/SocketGen.dll" >/dev/null
"$work/tools/sharpfuzz" "$work/harness/SocketGen.Fuzz.dll" SocketGen.Generators.Tests.EndToEnd >/dev/null
"$clang" -O1 -fsanitize=fuzzer "$root/fuzz/driver/socketgen-libfuzzer.c" -o "$work/socketgen-libfuzzer"
set +e

failed=0
for target in "${targets[@]}"; do
  mkdir -p "$work/corpus/$target" "$work/findings"
  log="$work/$target.log"
  "$work/socketgen-libfuzzer" --target_path="$work/harness/SocketGen.Fuzz" --target_arg="$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/findings/$target-" "$work/corpus/$target" "$root/fuzz/corpus/$target" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  features=$(grep -o 'ft: [0-9]*' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz: $target FOUND A CRASH after ${runs:-?} runs (input in $work/findings/):"
    grep -v '^#\|^INFO\|^stat::\|^MS:\|^\s*$' "$log" | tail -40
  else
    echo "fuzz: $target ok: ${runs:-?} runs in ${seconds} s, ${rate:-?} exec/s, ${features:-ft: ?} coverage features"
  fi
done
exit "$failed"
