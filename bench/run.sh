#!/usr/bin/env bash
# Benchmarks Paralarva against nginx, HAProxy and YARP as reverse proxies, on one machine,
# in one run, with wrk. See bench/README.md.
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION      wrk duration of each measured run (default 8s)
#   BENCH_WARMUP        wrk duration of each target's warm-up, once per workload (default 10s)
#   BENCH_ROUNDS        measured runs per target and workload, targets alternating; medians reported (default 4)
#   BENCH_THREADS       wrk threads (default 1)
#   BENCH_SMALL_CONNS   connections for the small response (default 64)
#   BENCH_LARGE_CONNS   connections for the 1 MiB response (default 16)
#   BENCH_TARGETS       which rows to run (default "origin nginx haproxy yarp paralarva")
#   BENCH_PARALARVA_ARGS extra Paralarva flags (default "-l warn": no per-request logging)
#   BENCH_SKIP_PUBLISH  1 to reuse bench/.out/paralarva and bench/.out/yarp from an earlier run
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DURATION="${BENCH_DURATION:-8s}"
BENCH_WARMUP="${BENCH_WARMUP:-10s}"
BENCH_SMALL_CONNS="${BENCH_SMALL_CONNS:-64}"
BENCH_LARGE_CONNS="${BENCH_LARGE_CONNS:-16}"
BENCH_TARGETS="${BENCH_TARGETS:-origin nginx haproxy yarp paralarva}"
BENCH_ROUNDS="${BENCH_ROUNDS:-4}"

# ---------------------------------------------------------------- main
bench_init run

log "dependencies: nginx haproxy wrk"
bash scripts/install-deps.sh nginx:/usr/sbin/nginx haproxy:/usr/sbin/haproxy wrk:/usr/bin/wrk

declare -A RESULT=()
declare -A RSS=()
declare -A CPU=()

start_origin
for target in $BENCH_TARGETS; do
    case "$target" in
        origin) ;;
        nginx | haproxy | yarp | paralarva) start_proxy "$target" || true ;;
        *) echo "unknown target in BENCH_TARGETS: $target" >&2; exit 2 ;;
    esac
done

WORKLOADS=(small large)
declare -A PATH_OF=([small]=/ [large]=/1m)
declare -A CONNS_OF=([small]="$BENCH_SMALL_CONNS" [large]="$BENCH_LARGE_CONNS")

# Each round's figures, space-separated, per target/workload; the report gives their medians (median_of, lib.sh).
declare -A RPS_OF=() TPS_OF=() P50_OF=() P99_OF=() CPU_OF=() NON2XX_OF=() SOCK_OF=()
# The same per target/workload/round, for ratios taken within each round (round_ratios).
declare -A ROUND_RPS=() ROUND_CPU=()

# One measured wrk run of target $1 in workload $2, round $3, added to the per-round figures.
measure() {
    local target="$1" workload="$2" round="$3" pid ticks_before ticks result rps tps p50 p99 non2xx sock reqs cpu
    pid="${PIDS[$target]}"
    ticks_before="$(cpu_ticks "$pid")"
    run_wrk "$run/wrk-$target-$workload-$round.txt" "${PORT_OF[$target]}" "${PATH_OF[$workload]}" "${CONNS_OF[$workload]}" "$BENCH_DURATION"
    ticks="$(( $(cpu_ticks "$pid") - ticks_before ))"
    result="$(parse_wrk "$run/wrk-$target-$workload-$round.txt")"
    if ! kill -0 "$pid" 2>/dev/null; then
        FAILED[$target]="exited during the $workload run (log: bench/.out/run/$target.log)"
        log "$target: ${FAILED[$target]}"
        tail -n 40 "$run/$target.log" >&2 || true
        return
    fi
    [ "$result" = "-" ] && return
    read -r rps tps p50 p99 non2xx sock reqs <<<"$result"
    RPS_OF[$target/$workload]+=" $rps"
    TPS_OF[$target/$workload]+=" $tps"
    P50_OF[$target/$workload]+=" $p50"
    P99_OF[$target/$workload]+=" $p99"
    cpu="$(cpu_us_per_request "$ticks" "$reqs")"
    CPU_OF[$target/$workload]+=" $cpu"
    ROUND_RPS[$target/$workload/$round]="$rps"
    ROUND_CPU[$target/$workload/$round]="$cpu"
    NON2XX_OF[$target/$workload]+=" $non2xx"
    SOCK_OF[$target/$workload]+=" $sock"
}

# Rounds alternate the targets, so that a machine that speeds up or slows down over minutes (this one drifts by 20%
# or more) moves every row alike; each round starts with a different target.
read -r -a TARGET_LIST <<<"$BENCH_TARGETS"
for workload in "${WORKLOADS[@]}"; do
    for target in "${TARGET_LIST[@]}"; do
        [ -n "${FAILED[$target]:-}" ] && continue
        log "$target ${PATH_OF[$workload]}: warm-up $BENCH_WARMUP (wrk -t$BENCH_THREADS -c${CONNS_OF[$workload]})"
        run_wrk "$run/wrk-$target-$workload-warmup.txt" "${PORT_OF[$target]}" "${PATH_OF[$workload]}" "${CONNS_OF[$workload]}" "$BENCH_WARMUP"
    done
    for round in $(seq 1 "$BENCH_ROUNDS"); do
        count="${#TARGET_LIST[@]}"
        for i in $(seq 0 $(( count - 1 ))); do
            target="${TARGET_LIST[$(( (i + round - 1) % count ))]}"
            [ -n "${FAILED[$target]:-}" ] && continue
            log "$target ${PATH_OF[$workload]}: round $round of $BENCH_ROUNDS, wrk -d$BENCH_DURATION"
            measure "$target" "$workload" "$round"
        done
    done
    for target in "${TARGET_LIST[@]}"; do
        if [ -z "${RPS_OF[$target/$workload]:-}" ]; then
            RESULT[$target/$workload]="-"
            continue
        fi
        RESULT[$target/$workload]="$(median_of <<<"${RPS_OF[$target/$workload]}") $(median_of <<<"${TPS_OF[$target/$workload]}")\
 $(median_of <<<"${P50_OF[$target/$workload]}") $(median_of <<<"${P99_OF[$target/$workload]}")\
 $(sum_of <<<"${NON2XX_OF[$target/$workload]}") $(sum_of <<<"${SOCK_OF[$target/$workload]}")"
        CPU[$target/$workload]="$(median_of <<<"${CPU_OF[$target/$workload]}")"
        RSS[$target/$workload]="$(peak_rss_mib "${PIDS[$target]}")"
    done
done

# ---------------------------------------------------------------- report
# Field $2 (1-based, of parse_wrk's output) of target $1 in workload $3, or nothing.
field_of() {
    local r="${RESULT[$1/$3]:-}"
    [ -n "$r" ] && [ "$r" != "-" ] && awk -v f="$2" '{ print $f }' <<<"$r"
}

# Paralarva's figures against issue 7's targets, under the workload's table.
target_line() {
    [ -n "$(field_of paralarva 1 "$1")" ] || return 0
    echo
    if [ "$1" = small ]; then
        echo "Issue 7 targets: Paralarva rps ÷ nginx $(ratio "$(field_of paralarva 1 small)" "$(field_of nginx 1 small)") (at least 1.0)," \
            "p99 ÷ nginx $(ratio "$(field_of paralarva 4 small)" "$(field_of nginx 4 small)") (at most 1.5)."
    else
        echo "Issue 7 target: Paralarva transfer ÷ HAProxy $(ratio "$(field_of paralarva 2 large)" "$(field_of haproxy 2 large)") (at least 1.0)."
    fi
}

# The ratio A ÷ B of figure $3 (ROUND_RPS or ROUND_CPU) in workload $4, one per round that measured both, space-separated.
round_ratios() {
    local -n figures="$3"
    local round a b
    for round in $(seq 1 "$BENCH_ROUNDS"); do
        a="${figures[$1/$4/$round]:-}"
        b="${figures[$2/$4/$round]:-}"
        [ -n "$a" ] && [ -n "$b" ] && printf ' %s' "$(ratio "$a" "$b")"
    done
}

# "median (lowest–highest of N rounds)" of round_ratios $1 $2 $3 $4, or "-".
round_ratio_summary() {
    local ratios
    ratios="$(round_ratios "$@" | tr ' ' '\n' | grep -E '^[0-9.]+$' || true)"
    [ -n "$ratios" ] || { echo "-"; return; }
    echo "$(printf '%.2f' "$(median_of <<<"$(tr '\n' ' ' <<<"$ratios")")") ($(sort -g <<<"$ratios" | head -n 1)–$(sort -g <<<"$ratios" | tail -n 1) in $(wc -l <<<"$ratios") rounds)"
}

# Issue 13's targets for the workload: each ratio as the table gives it (of medians), then taken within each round.
# A round measures the targets within a minute of each other, so its ratio is not moved by a machine that drifts
# between rounds; the spread of the rounds' ratios shows how far one run can be trusted.
issue13_lines() {
    local workload="$1" base="nginx" cpu_max="1.6" rps_min="0.8" yarp_max="0.7"
    [ -n "$(field_of paralarva 1 "$workload")" ] || return 0
    if [ "$workload" = large ]; then
        base="haproxy" cpu_max="1.3" rps_min="1.0" yarp_max="0.8"
    fi
    echo
    echo "Issue 13 targets, ratio of medians / median of the rounds' own ratios (their range):"
    echo "- CPU per request ÷ YARP $(ratio "${CPU[paralarva/$workload]:-}" "${CPU[yarp/$workload]:-}")" \
        "/ $(round_ratio_summary paralarva yarp ROUND_CPU "$workload"), at most $yarp_max;"
    echo "- CPU per request ÷ ${LABEL[$base]} $(ratio "${CPU[paralarva/$workload]:-}" "${CPU[$base/$workload]:-}")" \
        "/ $(round_ratio_summary paralarva "$base" ROUND_CPU "$workload"), at most $cpu_max;"
    echo "- requests/s ÷ ${LABEL[$base]} $(ratio "$(field_of paralarva 1 "$workload")" "$(field_of "$base" 1 "$workload")")" \
        "/ $(round_ratio_summary paralarva "$base" ROUND_RPS "$workload"), at least $rps_min."
}

report() {
    echo "# Paralarva benchmark"
    echo
    machine_line
    echo "wrk $BENCH_THREADS thread(s), warm-up $BENCH_WARMUP, then $BENCH_ROUNDS rounds of $BENCH_DURATION with the targets alternating;"
    echo "each figure is the median of the rounds (non-2xx and socket errors: their sum), Host: $HOST_HEADER;"
    echo "origin: one nginx worker on two ports; nginx proxy: 1 worker; HAProxy: nbthread 1;"
    echo "YARP: Yarp.ReverseProxy 2.3.0 on Kestrel, server GC; Paralarva: actors run inline on the socket threads, workstation GC."
    for workload in "${WORKLOADS[@]}"; do
        echo
        if [ "$workload" = small ]; then
            echo "## Small response: GET / (13 bytes), $BENCH_SMALL_CONNS connections"
        else
            echo "## Large response: GET /1m (1 MiB), $BENCH_LARGE_CONNS connections"
        fi
        echo
        echo "| Target | Requests/s | rps ÷ nginx | rps ÷ YARP | Transfer/s | transfer ÷ nginx | p50 ms | p99 ms | Non-2xx | Socket errors | Peak RSS MiB | CPU µs/request | CPU ÷ nginx | CPU ÷ YARP |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        local base_rps="" base_tps="" base_cpu="${CPU[nginx/$workload]:-}" yarp_rps="" yarp_cpu="${CPU[yarp/$workload]:-}"
        if [ -n "${RESULT[nginx/$workload]:-}" ] && [ "${RESULT[nginx/$workload]}" != "-" ]; then
            read -r base_rps base_tps _ <<<"${RESULT[nginx/$workload]}"
        fi
        if [ -n "${RESULT[yarp/$workload]:-}" ] && [ "${RESULT[yarp/$workload]}" != "-" ]; then
            read -r yarp_rps _ <<<"${RESULT[yarp/$workload]}"
        fi
        for target in $BENCH_TARGETS; do
            local r="${RESULT[$target/$workload]:-}"
            if [ -z "$r" ] || [ "$r" = "-" ]; then
                echo "| ${LABEL[$target]} | ${FAILED[$target]:-no wrk result (see bench/.out/run/wrk-$target-$workload.txt)} | | | | | | | | | | | | |"
                continue
            fi
            local rps tps p50 p99 non2xx sock
            read -r rps tps p50 p99 non2xx sock _ <<<"$r"
            printf '| %s | %.0f | %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n' \
                "${LABEL[$target]}" "$rps" "$(ratio "$rps" "$base_rps")" "$(ratio "$rps" "$yarp_rps")" \
                "$(human_bytes "$tps")" "$(ratio "$tps" "$base_tps")" \
                "$p50" "$p99" "$non2xx" "$sock" "${RSS[$target/$workload]}" \
                "${CPU[$target/$workload]}" "$(ratio "${CPU[$target/$workload]}" "$base_cpu")" \
                "$(ratio "${CPU[$target/$workload]}" "$yarp_cpu")"
        done
        target_line "$workload"
        issue13_lines "$workload"
    done
    echo
    echo "Raw wrk output and process logs: bench/.out/run/."
}

report | tee "$results_dir/latest.md"
