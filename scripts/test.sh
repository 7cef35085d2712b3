#!/usr/bin/env bash
# The one command that tests everything: bash scripts/test.sh
#
# On a fresh Debian machine with only the .NET SDK it installs what the tests need
# (TEST_PACKAGES below, via apt; helm via scripts/install-helm.sh, pinned), builds
# and runs every test of Paralarva.sln in Release, and ends with exactly one summary
# line "N passed, M failed, K skipped" computed from the TRX results. Exit status is
# non-zero if the build failed, any test failed or was skipped or not run, or no
# test ran at all (a TEST_FILTER that matches nothing).
#
# Environment:
#   TEST_FILTER   optional dotnet test --filter expression (e.g. FullyQualifiedName~Infra)
#   TEST_TIMEOUT  overall bound for dotnet test (default 80m, CI allows 90m)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# Debian packages the tests use, as "package:probe" (see install-deps.sh).
# Add new ones here, e.g. "prometheus:prometheus".
TEST_PACKAGES=(
    "nginx:/usr/sbin/nginx"
    "libnginx-mod-http-echo:/usr/lib/nginx/modules/ngx_http_echo_module.so"
    "python3-yaml:/usr/lib/python3/dist-packages/yaml/__init__.py"
    "prometheus:/usr/bin/promtool"
    "chromium:/usr/bin/chromium"
)

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> dependencies: ${TEST_PACKAGES[*]%%:*}"
bash scripts/install-deps.sh "${TEST_PACKAGES[@]}"
bash scripts/install-helm.sh

results="$repo/TestResults/test-sh"
rm -rf "$results"
mkdir -p "$results"

filter_args=()
if [ -n "${TEST_FILTER:-}" ]; then
    filter_args=(--filter "$TEST_FILTER")
fi

echo "==> dotnet test Paralarva.sln -c Release ${filter_args[*]}"
set +e
timeout --kill-after=30s "${TEST_TIMEOUT:-80m}" \
    dotnet test Paralarva.sln -c Release "${filter_args[@]}" \
        --results-directory "$results" \
        --logger "trx;LogFilePrefix=paralarva" \
        --logger "console;verbosity=normal" \
        --blame-hang-timeout 5m --blame-hang-dump-type none \
        </dev/null
test_status=$?
set -e

shopt -s nullglob globstar
trx_files=("$results"/**/*.trx)
if [ "${#trx_files[@]}" -eq 0 ]; then
    echo "ERROR: no TRX results in $results: the build failed or no test project ran (dotnet test exit $test_status)" >&2
    exit 1
fi

# <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".." aborted=".." ...>
counter() {
    local line="$1" name="$2" value
    value="$(grep -o " $name=\"[0-9]*\"" <<<"$line" | grep -o '[0-9][0-9]*' || true)"
    echo "${value:-0}"
}

passed=0
failed=0
total=0
for trx in "${trx_files[@]}"; do
    line="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
    if [ -z "$line" ]; then
        echo "ERROR: $trx has no Counters element" >&2
        exit 1
    fi
    total=$((total + $(counter "$line" total)))
    passed=$((passed + $(counter "$line" passed)))
    failed=$((failed + $(counter "$line" failed) + $(counter "$line" error) + $(counter "$line" timeout) + $(counter "$line" aborted)))
done
# Skipped ([Fact(Skip=...)], NotExecuted in the TRX) and every other test that was found but neither passed nor
# failed (not runnable, inconclusive, cut short by a hang) count as skipped: the summary never hides one.
skipped=$((total - passed - failed))
if [ "$skipped" -lt 0 ]; then
    skipped=0
fi

echo "$passed passed, $failed failed, $skipped skipped"

if [ $((passed + failed)) -eq 0 ]; then
    echo "ERROR: no test ran${TEST_FILTER:+ (TEST_FILTER='$TEST_FILTER' matches no test?)}" >&2
    exit 1
fi
if [ "$skipped" -ne 0 ]; then
    echo "ERROR: $skipped test(s) skipped or not run: the suite has no skipped tests; see the TRX in $results" >&2
    exit 1
fi
if [ "$failed" -ne 0 ] || [ "$test_status" -ne 0 ]; then
    exit 1
fi
