#!/usr/bin/env bash
# Benchmarks Paralarva against nginx, HAProxy and YARP as reverse proxies, on one machine,
# in one run, with wrk. See bench/README.md.
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION      wrk duration of each measured run (default 10s)
#   BENCH_WARMUP        wrk duration of the warm-up before each measured run (default 10s)
#   BENCH_THREADS       wrk threads (default 1)
#   BENCH_SMALL_CONNS   connections for the small response (default 64)
#   BENCH_LARGE_CONNS   connections for the 1 MiB response (default 16)
#   BENCH_TARGETS       which rows to run (default "origin nginx haproxy yarp paralarva")
#   BENCH_PARALARVA_ARGS extra Paralarva flags (default "-l warn": no per-request logging)
#   BENCH_SKIP_PUBLISH  1 to reuse bench/.out/paralarva and bench/.out/yarp from an earlier run
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DURATION="${BENCH_DURATION:-10s}"
BENCH_WARMUP="${BENCH_WARMUP:-10s}"
BENCH_SMALL_CONNS="${BENCH_SMALL_CONNS:-64}"
BENCH_LARGE_CONNS="${BENCH_LARGE_CONNS:-16}"
BENCH_TARGETS="${BENCH_TARGETS:-origin nginx haproxy yarp paralarva}"

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

for target in $BENCH_TARGETS; do
    [ -n "${FAILED[$target]:-}" ] && continue
    pid="${PIDS[$target]}"
    for workload in "${WORKLOADS[@]}"; do
        port="${PORT_OF[$target]}"
        path="${PATH_OF[$workload]}"
        conns="${CONNS_OF[$workload]}"
        log "$target $path: warm-up $BENCH_WARMUP, then wrk -t$BENCH_THREADS -c$conns -d$BENCH_DURATION"
        run_wrk "$run/wrk-$target-$workload-warmup.txt" "$port" "$path" "$conns" "$BENCH_WARMUP"
        ticks_before="$(cpu_ticks "$pid")"
        run_wrk "$run/wrk-$target-$workload.txt" "$port" "$path" "$conns" "$BENCH_DURATION"
        ticks="$(( $(cpu_ticks "$pid") - ticks_before ))"
        RESULT[$target/$workload]="$(parse_wrk "$run/wrk-$target-$workload.txt")"
        CPU[$target/$workload]="$(cpu_us_per_request "$ticks" "$(awk '{ print $7 }' <<<"${RESULT[$target/$workload]}")")"
        RSS[$target/$workload]="$(peak_rss_mib "$pid")"
        if ! kill -0 "$pid" 2>/dev/null; then
            FAILED[$target]="exited during the $workload run (log: bench/.out/run/$target.log)"
            log "$target: ${FAILED[$target]}"
            tail -n 40 "$run/$target.log" >&2 || true
            break
        fi
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
    if [ -n "$(field_of yarp 1 "$1")" ]; then
        echo
        echo "Paralarva ÷ YARP: requests/s $(ratio "$(field_of paralarva 1 "$1")" "$(field_of yarp 1 "$1")")," \
            "CPU per request $(ratio "${CPU[paralarva/$1]:-}" "${CPU[yarp/$1]:-}")" \
            "(issue 13 target: at most $( [ "$1" = small ] && echo 0.7 || echo 0.8 ))."
    fi
}

report() {
    echo "# Paralarva benchmark"
    echo
    machine_line
    echo "wrk $BENCH_THREADS thread(s), warm-up $BENCH_WARMUP, measured $BENCH_DURATION, Host: $HOST_HEADER;"
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
    done
    echo
    echo "Raw wrk output and process logs: bench/.out/run/."
}

report | tee "$results_dir/latest.md"
