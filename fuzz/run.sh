#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers: SharpFuzz instruments Paralarva.Actors, AFL++ drives each target.
#
#   bash fuzz/run.sh [seconds-per-target] [target...]
#
# Targets (fuzz/Paralarva.Fuzz/FuzzTargets.cs): request-head, response-head, chunked, config; all by default.
# Each runs for the given seconds (default 60) from its seed corpus fuzz/corpus/<target>/, one after the other on
# one core. Prints per target: executions, executions per second, paths (corpus entries AFL++ kept for new
# coverage), crashes and hangs. Findings stay in $FUZZ_OUT (default <repo>/.fuzz-out, git-ignored); a crash is
# replayed with
#   dotnet $FUZZ_OUT/bin/Paralarva.Fuzz.dll <target> <crash-file>
# and, once fixed, copied into fuzz/regressions/<target>/, which the test suite replays for ever
# (Paralarva.Tests/Fuzz/FuzzCorpusTests.cs).
#
# Installs what it needs when missing: afl++ (apt, via scripts/install-deps.sh) and the sharpfuzz tool (NuGet,
# pinned below, into <repo>/.tools/sharpfuzz).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(request-head response-head chunked config)
fi
out="${FUZZ_OUT:-$repo/.fuzz-out}"
sharpfuzz_version=2.3.0

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
bash scripts/install-deps.sh "afl++:afl-fuzz"
tools="$repo/.tools/sharpfuzz"
if [ ! -x "$tools/sharpfuzz" ]; then
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version "$sharpfuzz_version" >/dev/null
    printf '*\n' >"$repo/.tools/.gitignore"
fi

mkdir -p "$out"
printf '*\n' >"$out/.gitignore"
echo "==> building and instrumenting into $out/bin"
rm -rf "$out/bin"
dotnet publish fuzz/Paralarva.Fuzz -c Release -o "$out/bin" --nologo -v quiet >/dev/null
# Only the proxy's own code is instrumented: coverage of the runtime or Akka would only be noise.
"$tools/sharpfuzz" "$out/bin/Paralarva.Actors.dll"

# The dotnet host is not instrumented (SharpFuzz's assembly is); start-up of the runtime is slow; no CPU pinning on
# a shared machine; no crash reporter is needed for managed exceptions.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000

printf '%-14s %10s %10s %7s %8s %6s\n' target execs execs/s paths crashes hangs
for target in "${targets[@]}"; do
    findings="$out/findings/$target"
    rm -rf "$findings"
    mkdir -p "$out/findings"
    timeout --kill-after=30s "$((seconds + 120))" \
        "$(command -v afl-fuzz)" -i "fuzz/corpus/$target" -o "$findings" -V "$seconds" -t 5000 -m none \
            -- "$(command -v dotnet)" "$out/bin/Paralarva.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 </dev/null || true
    stats="$findings/default/fuzzer_stats"
    if [ ! -f "$stats" ]; then
        echo "ERROR: afl-fuzz did not run $target; see $out/$target.log" >&2
        tail -n 20 "$out/$target.log" >&2
        exit 1
    fi
    stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
    printf '%-14s %10s %10s %7s %8s %6s\n' "$target" "$(stat execs_done)" "$(stat execs_per_sec)" \
        "$(stat corpus_count)" "$(stat saved_crashes)" "$(stat saved_hangs)"
done

crashes=$(find "$out/findings" -path '*/crashes/id:*' -type f | wc -l)
if [ "$crashes" -ne 0 ]; then
    echo "$crashes crash(es): $out/findings/<target>/default/crashes/" >&2
    exit 1
fi
