#!/usr/bin/env bash
# Two Paralarva builds side by side against one origin: CPU per request of each, paired round by round.
# For changes whose effect is smaller than this machine's drift between runs (bench/README.md).
#
#   dotnet publish Paralarva.Host -c Release -o /tmp/before     # on the commit before
#   dotnet publish Paralarva.Host -c Release -o /tmp/after      # on the change
#   bash bench/pair.sh /tmp/before /tmp/after
#
# Both builds run at once, so both see the same machine; wrk drives one at a time, A then B in odd rounds and B
# then A in even ones. Then both restart with their slots (ports, start order) swapped and the rounds repeat, so
# that nothing tied to a slot can pass for a difference between the builds. Each figure is given twice: all CPU, and
# user CPU alone (the proxy's own code; the kernel's share moves most with the machine's load). On 2026-12-07 one build against itself
# gave medians of −0.45 and −0.9 µs per small request (~38 µs): a difference counts only when it is larger than
# that and holds in both arrangements. Prints each round and the median of B − A per
# arrangement and over all.
#
# Environment (all optional):
#   BENCH_PAIR_ROUNDS     rounds per arrangement (default 8)
#   BENCH_PAIR_DURATION   wrk duration of each measured run (default 6s)
#   BENCH_PAIR_WARMUP     wrk warm-up of each build after each start (default 5s)
#   BENCH_PAIR_PATH       / (13 bytes, default) or /1m (1 MiB)
#   BENCH_PAIR_CONNS      wrk connections (default 64)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ $# -ne 2 ] || [ ! -x "$1/Paralarva.Host" ] || [ ! -x "$2/Paralarva.Host" ]; then
    echo "usage: bash bench/pair.sh <build A> <build B> (directories with a published Paralarva.Host)" >&2
    exit 2
fi
BUILD_A="$(cd "$1" && pwd)"
BUILD_B="$(cd "$2" && pwd)"
ROUNDS="${BENCH_PAIR_ROUNDS:-8}"
DURATION="${BENCH_PAIR_DURATION:-6s}"
WARMUP="${BENCH_PAIR_WARMUP:-5s}"
REQUEST_PATH="${BENCH_PAIR_PATH:-/}"
CONNS="${BENCH_PAIR_CONNS:-64}"
SLOT_PORTS=(18180 18280)

bench_init pair
log "dependencies: nginx wrk"
bash scripts/install-deps.sh nginx:/usr/sbin/nginx wrk:/usr/bin/wrk
start_origin

# start_slot <slot 0|1> <name> <build>: that build on the slot's port, as target <name>.
start_slot() {
    local slot="$1" name="$2" build="$3" config="$run/$2.yaml"
    sed "s/port: $PARALARVA_PORT\$/port: ${SLOT_PORTS[$slot]}/" bench/paralarva.yaml > "$config"
    log "$name: $build on 127.0.0.1:${SLOT_PORTS[$slot]}"
    # shellcheck disable=SC2086 # BENCH_PARALARVA_ARGS is a list of flags
    start_target "$name" "${SLOT_PORTS[$slot]}" "$build/Paralarva.Host" --file "$config" \
        -p "${MONITORING_PORTS[$slot]}" $BENCH_PARALARVA_ARGS || { fail_target "$name"; exit 1; }
}

# measure <name> <port> <label>: one wrk run; prints "<CPU µs per request> <user CPU µs per request>".
measure() {
    local name="$1" port="$2" label="$3" before user_before reqs
    before="$(cpu_ticks "${PIDS[$name]}")"
    user_before="$(user_ticks "${PIDS[$name]}")"
    run_wrk "$run/wrk-$label.txt" "$port" "$REQUEST_PATH" "$CONNS" "$DURATION"
    reqs="$(parse_wrk "$run/wrk-$label.txt" | awk '{ print $7 }')"
    echo "$(cpu_us_per_request "$(( $(cpu_ticks "${PIDS[$name]}") - before ))" "${reqs:-0}")" \
        "$(cpu_us_per_request "$(( $(user_ticks "${PIDS[$name]}") - user_before ))" "${reqs:-0}")"
}

# difference <a> <b>: b − a, one decimal.
difference() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

all_differences=""
all_user_differences=""
for arrangement in 1 2; do
    if [ "$arrangement" = 1 ]; then slot_a=0; slot_b=1; else slot_a=1; slot_b=0; fi
    if [ "$slot_a" = 0 ]; then start_slot 0 a "$BUILD_A"; start_slot 1 b "$BUILD_B"; else start_slot 0 b "$BUILD_B"; start_slot 1 a "$BUILD_A"; fi
    port_a="${SLOT_PORTS[$slot_a]}"
    port_b="${SLOT_PORTS[$slot_b]}"
    run_wrk "$run/warmup-a.txt" "$port_a" "$REQUEST_PATH" "$CONNS" "$WARMUP"
    run_wrk "$run/warmup-b.txt" "$port_b" "$REQUEST_PATH" "$CONNS" "$WARMUP"
    differences=""
    user_differences=""
    for round in $(seq 1 "$ROUNDS"); do
        if (( round % 2 )); then
            a="$(measure a "$port_a" "$arrangement-$round-a")"
            b="$(measure b "$port_b" "$arrangement-$round-b")"
        else
            b="$(measure b "$port_b" "$arrangement-$round-b")"
            a="$(measure a "$port_a" "$arrangement-$round-a")"
        fi
        read -r a_cpu a_user <<< "$a"
        read -r b_cpu b_user <<< "$b"
        total="$(difference "$a_cpu" "$b_cpu")"
        user="$(difference "$a_user" "$b_user")"
        echo "arrangement $arrangement (A in slot $((slot_a + 1))), round $round: A $a_cpu µs (user $a_user), B $b_cpu µs (user $b_user), B − A $total (user $user)"
        differences="$differences $total"
        user_differences="$user_differences $user"
    done
    echo "arrangement $arrangement: median B − A $(echo "$differences" | median_of) µs per request (user $(echo "$user_differences" | median_of))"
    all_differences="$all_differences$differences"
    all_user_differences="$all_user_differences$user_differences"
    stop_target a
    stop_target b
done
echo "both arrangements: median B − A $(echo "$all_differences" | median_of) µs per request, user CPU alone $(echo "$all_user_differences" | median_of) ($REQUEST_PATH, $CONNS connections)"
