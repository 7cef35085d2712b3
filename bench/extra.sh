#!/usr/bin/env bash
# Issue 7's further workloads, with the origin and proxy configurations of bench/run.sh (bench/lib.sh):
#   idle           5,000 idle keep-alive client connections: resident memory per connection
#   rate           latency at a fixed request rate (h2load --rps): p50 ... p99.9
#   connections    1,000 connections with wrk: requests/s, p99, errors
#   observability  Paralarva with metrics and a file access log vs with both off
# Each prints a Markdown table; all of them also go to bench/results/extra.md. See bench/README.md.
#
#   bash bench/extra.sh
#   BENCH_WORKLOADS="idle rate" bash bench/extra.sh
#
# Environment (all optional):
#   BENCH_WORKLOADS     which workloads (default "idle rate connections observability")
#   BENCH_TARGETS       which proxies (default "nginx haproxy yarp paralarva"; observability is Paralarva only)
#   BENCH_DURATION      measured duration of rate, connections, observability runs (default 10s)
#   BENCH_WARMUP        warm-up before each of them (default 10s)
#   BENCH_THREADS       wrk threads (default 1)
#   BENCH_IDLE_CONNS    idle connections held open (default 5000)
#   BENCH_IDLE_BATCH    connections being opened at once by the idle client (default 100)
#   BENCH_SETTLE        seconds to let a proxy settle before reading its memory (default 10)
#   BENCH_RATE          total requests/s offered by h2load (default 10000)
#   BENCH_RATE_CONNS    h2load clients sharing that rate (default 64)
#   BENCH_RATE_ROUNDS   alternating rounds of the rate workload, medians reported (default 3)
#   BENCH_MANY_CONNS    wrk connections of the connections workload (default 1000)
#   BENCH_SMALL_CONNS   wrk connections of the observability workload (default 64)
#   BENCH_OBS_ROUNDS    off/on pairs in the observability workload (default 1)
#   BENCH_PARALARVA_ARGS, BENCH_SKIP_PUBLISH as in run.sh
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_WORKLOADS="${BENCH_WORKLOADS:-idle rate connections observability}"
BENCH_TARGETS="${BENCH_TARGETS:-nginx haproxy yarp paralarva}"
BENCH_DURATION="${BENCH_DURATION:-10s}"
BENCH_WARMUP="${BENCH_WARMUP:-10s}"
BENCH_IDLE_CONNS="${BENCH_IDLE_CONNS:-5000}"
BENCH_IDLE_BATCH="${BENCH_IDLE_BATCH:-100}"
BENCH_SETTLE="${BENCH_SETTLE:-10}"
BENCH_RATE="${BENCH_RATE:-10000}"
BENCH_RATE_CONNS="${BENCH_RATE_CONNS:-64}"
BENCH_RATE_ROUNDS="${BENCH_RATE_ROUNDS:-3}"
BENCH_MANY_CONNS="${BENCH_MANY_CONNS:-1000}"
BENCH_SMALL_CONNS="${BENCH_SMALL_CONNS:-64}"
BENCH_OBS_ROUNDS="${BENCH_OBS_ROUNDS:-1}"

# The idle client holds its connections at most this long: under HAProxy's 60 s client timeout, the
# shortest keep-alive timeout of the proxies (nginx 75 s, Kestrel's default 130 s); the script ends the
# hold as soon as it has measured.
IDLE_HOLD_SECONDS=50

for workload in $BENCH_WORKLOADS; do
    case "$workload" in
        idle | rate | connections | observability) ;;
        *) echo "unknown workload in BENCH_WORKLOADS: $workload (idle, rate, connections, observability)" >&2; exit 2 ;;
    esac
done
for target in $BENCH_TARGETS; do
    case "$target" in
        nginx | haproxy | yarp | paralarva) ;;
        *) echo "unknown target in BENCH_TARGETS: $target (nginx, haproxy, yarp, paralarva)" >&2; exit 2 ;;
    esac
done

# Room for the many-connection workloads: client connections plus as many member connections.
most_conns=64
[[ " $BENCH_WORKLOADS " == *" idle "* ]] && most_conns=$(( BENCH_IDLE_CONNS > most_conns ? BENCH_IDLE_CONNS : most_conns ))
[[ " $BENCH_WORKLOADS " == *" connections "* ]] && most_conns=$(( BENCH_MANY_CONNS > most_conns ? BENCH_MANY_CONNS : most_conns ))
NGINX_WORKER_CONNECTIONS=$(( 2 * most_conns + 1024 > 4096 ? 2 * most_conns + 1024 : 4096 ))
HAPROXY_MAXCONN=$(( most_conns + 512 > 4096 ? most_conns + 512 : 4096 ))

bench_init extra
raise_fd_limit $(( 2 * most_conns + 1024 ))

log "dependencies: nginx haproxy wrk h2load"
bash scripts/install-deps.sh nginx:/usr/sbin/nginx haproxy:/usr/sbin/haproxy wrk:/usr/bin/wrk \
    nghttp2-client:/usr/bin/h2load python3:python3 curl:curl

report_file="$results_dir/extra.md"
# Tables go to stdout as each workload ends, and to bench/results/extra.md.
emit() { tee -a "$report_file"; }

{
    echo "# Paralarva benchmark: idle memory, fixed-rate latency, many connections, observability cost"
    echo
    machine_line
    echo "origin: one nginx worker on two ports; nginx proxy: 1 worker; HAProxy: nbthread 1;"
    echo "YARP: Yarp.ReverseProxy 2.3.0 on Kestrel, server GC; Paralarva: .NET thread pool;"
    echo "each proxy is started afresh for each workload and stopped after it."
} > "$report_file"
cat "$report_file"

start_origin

# ---------------------------------------------------------------- idle connections
kib_to_mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
status_field() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$1" | tail -n 1; }

workload_idle() {
    local target pid port start_kib before after status per_conn opened failed still base="" yarp_base="" line
    local -A row=() per=()
    for target in $BENCH_TARGETS; do
        start_proxy "$target" || { row[$target]="| ${LABEL[$target]} | ${FAILED[$target]} | | | | | | | |"; continue; }
        pid="${PIDS[$target]}"
        port="${PORT_OF[$target]}"
        sleep "$BENCH_SETTLE"
        start_kib="$(rss_kib "$pid")"

        log "$target: warm-up, $BENCH_IDLE_BATCH connections opened, answered and closed"
        run_bounded idle-client 60 python3 bench/idle_clients.py "$port" "$HOST_HEADER" "$BENCH_IDLE_BATCH" "$BENCH_IDLE_BATCH" 0 \
            "$run/idle-$target-warmup.status" 2>> "$run/idle-$target-client.log" || true
        sleep "$BENCH_SETTLE"
        before="$(rss_kib "$pid")"

        log "$target: $BENCH_IDLE_CONNS keep-alive connections, one request each, then held idle"
        status="$run/idle-$target.status"
        python3 bench/idle_clients.py "$port" "$HOST_HEADER" "$BENCH_IDLE_CONNS" "$BENCH_IDLE_BATCH" "$IDLE_HOLD_SECONDS" \
            "$status" 2>> "$run/idle-$target-client.log" </dev/null &
        PIDS[idle-client]=$!
        # Bounded: every connection attempt gives up after 3 x 10 s, BATCH at a time.
        for _ in $(seq 1 $(( (BENCH_IDLE_CONNS / BENCH_IDLE_BATCH + 1) * 300 ))); do
            grep -q '^ready' "$status" 2>/dev/null && break
            kill -0 "${PIDS[idle-client]}" 2>/dev/null || break
            sleep 0.1
        done
        sleep "$BENCH_SETTLE"
        after="$(rss_kib "$pid")"
        stop_target idle-client
        opened="$(status_field "$status" opened)"
        failed="$(status_field "$status" failed)"
        still="$(status_field "$status" still_open)"
        if ! kill -0 "$pid" 2>/dev/null; then
            row[$target]="| ${LABEL[$target]} | exited during the run (log: ${run#"$repo"/}/$target.log) | | | | | | | |"
            unset "PIDS[$target]"
            continue
        fi
        stop_target "$target"
        if [ -z "$opened" ] || [ "$opened" = 0 ]; then
            row[$target]="| ${LABEL[$target]} | no idle connection opened (see ${run#"$repo"/}/idle-$target-client.log) | | | | | | | |"
            continue
        fi
        per_conn="$(awk -v a="$after" -v b="$before" -v n="$opened" 'BEGIN { printf "%.2f", (a - b) / n }')"
        per[$target]="$per_conn"
        row[$target]="| ${LABEL[$target]} | $(kib_to_mib "$start_kib") | $(kib_to_mib "$before") | $(kib_to_mib "$after") | $per_conn | %RATIO% | %RATIO_YARP% | $opened / ${failed:-?} | ${still:-?} |"
        case "$target" in
            paralarva) PARALARVA_START_KIB="$start_kib" ;;
            yarp) YARP_START_KIB="$start_kib" ;;
        esac
    done
    base="${per[nginx]:-}"
    yarp_base="${per[yarp]:-}"

    {
        echo
        echo "## Idle keep-alive connections: $BENCH_IDLE_CONNS, one GET / each, then idle"
        echo
        echo "| Proxy | RSS after start MiB | RSS after warm-up MiB | RSS with the idle connections MiB | KiB per idle connection | ÷ nginx | ÷ YARP | Opened / failed | Still open at the end |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        for target in $BENCH_TARGETS; do
            line="${row[$target]//%RATIO_YARP%/$(ratio "${per[$target]:-}" "$yarp_base")}"
            echo "${line//%RATIO%/$(ratio "${per[$target]:-}" "$base")}"
        done
        echo
        echo "KiB per idle connection = (RSS with the connections - RSS after warm-up) / connections opened (VmRSS)."
        if [ -n "${per[paralarva]:-}" ]; then
            echo "Issue 7 targets: at most 4 KB per idle connection (Paralarva: ${per[paralarva]} KiB);" \
                "at most 60 MB (57.2 MiB) at idle after start (Paralarva: $(kib_to_mib "$PARALARVA_START_KIB") MiB)."
        fi
        if [ -n "${per[paralarva]:-}" ] && [ -n "$yarp_base" ]; then
            echo "Paralarva ÷ YARP: KiB per idle connection $(ratio "${per[paralarva]}" "$yarp_base")," \
                "RSS after start $(ratio "$PARALARVA_START_KIB" "$YARP_START_KIB")."
        fi
    } | emit
}

# ---------------------------------------------------------------- latency at a fixed rate
# Prints "p50 p90 p99 p99.9 max" in ms from an h2load --log-file (third column: microseconds), nearest rank.
log_percentiles() {
    sort -n -k3,3 "$1" | awk '
        { t[NR] = $3 }
        function at(q,   i) { i = int(q * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; return t[i] / 1000 }
        END {
            if (NR == 0) { print "-"; exit }
            printf "%.2f %.2f %.2f %.2f %.2f\n", at(0.50), at(0.90), at(0.99), at(0.999), t[NR] / 1000
        }'
}

workload_rate() {
    local target port per_client offered file achieved failed non2xx pcts base="" yarp_base="" line round count i
    local p50 p90 p99v p999 max
    local -a targets
    local -A result=() p99=() started=() rounds=()
    per_client=$(( BENCH_RATE / BENCH_RATE_CONNS ))
    (( per_client >= 1 )) || per_client=1
    offered=$(( per_client * BENCH_RATE_CONNS ))
    read -r -a targets <<<"$BENCH_TARGETS"
    # All proxies run at once and the rounds alternate them, each round starting with another, so that the
    # machine's drift over minutes moves every row alike; the table gives the medians of the rounds.
    for target in "${targets[@]}"; do
        if start_proxy "$target"; then
            started[$target]=1
        else
            result[$target]="| ${LABEL[$target]} | ${FAILED[$target]} | | | | | | | | | | |"
        fi
    done
    count="${#targets[@]}"
    for round in $(seq 1 "$BENCH_RATE_ROUNDS"); do
        for i in $(seq 0 $(( count - 1 ))); do
            target="${targets[$(( (i + round - 1) % count ))]}"
            [ -n "${started[$target]:-}" ] || continue
            port="${PORT_OF[$target]}"
            file="$run/h2load-$target-$round"
            rm -f "$file.tsv"
            log "$target: round $round of $BENCH_RATE_ROUNDS, h2load --h1 -c$BENCH_RATE_CONNS --rps=$per_client (${offered} req/s), warm-up $BENCH_WARMUP, measured $BENCH_DURATION"
            run_bounded h2load $(( $(seconds_of "$BENCH_WARMUP") + $(seconds_of "$BENCH_DURATION") + 30 )) \
                h2load --h1 -t1 -c"$BENCH_RATE_CONNS" --rps="$per_client" -D "$BENCH_DURATION" --warm-up-time="$BENCH_WARMUP" \
                --log-file="$file.tsv" -H ":authority: $HOST_HEADER" "http://127.0.0.1:$port/" > "$file.txt" 2>&1 </dev/null \
                || echo "h2load exit status $?" >> "$file.txt"
            achieved="$(awk '/^finished in/ { print $4 }' "$file.txt")"
            failed="$(awk '/^requests:/ { print $10 }' "$file.txt")"
            non2xx="$(awk '/^status codes:/ { print $5 + $7 + $9 }' "$file.txt")"
            pcts="$( [ -s "$file.tsv" ] && log_percentiles "$file.tsv" || echo -)"
            [ -n "$achieved" ] && [ "$pcts" != "-" ] || continue
            read -r p50 p90 p99v p999 max <<<"$pcts"
            rounds[$target/achieved]+=" $achieved"
            rounds[$target/p50]+=" $p50"
            rounds[$target/p90]+=" $p90"
            rounds[$target/p99]+=" $p99v"
            rounds[$target/p999]+=" $p999"
            rounds[$target/max]+=" $max"
            rounds[$target/failed]+=" ${failed:-0}"
            rounds[$target/non2xx]+=" ${non2xx:-0}"
        done
    done
    for target in "${targets[@]}"; do
        [ -n "${started[$target]:-}" ] || continue
        stop_target "$target"
        if [ -z "${rounds[$target/p99]:-}" ]; then
            result[$target]="| ${LABEL[$target]} | no h2load result (see ${run#"$repo"/}/h2load-$target-*.txt) | | | | | | | | | | |"
            continue
        fi
        p99[$target]="$(median_of <<<"${rounds[$target/p99]}")"
        result[$target]="| ${LABEL[$target]} | $offered | $(printf '%.0f' "$(median_of <<<"${rounds[$target/achieved]}")")\
 | $(median_of <<<"${rounds[$target/p50]}") | $(median_of <<<"${rounds[$target/p90]}") | ${p99[$target]}\
 | $(median_of <<<"${rounds[$target/p999]}") | $(median_of <<<"${rounds[$target/max]}") | %RATIO% | %RATIO_YARP%\
 | $(sum_of <<<"${rounds[$target/failed]}") | $(sum_of <<<"${rounds[$target/non2xx]}") |"
    done
    base="${p99[nginx]:-}"
    yarp_base="${p99[yarp]:-}"

    {
        echo
        echo "## Latency at a fixed rate: GET /, $offered requests/s from $BENCH_RATE_CONNS connections (h2load --rps)"
        echo
        echo "| Proxy | Offered req/s | Achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | p99 ÷ nginx | p99 ÷ YARP | Failed (incl. non-2xx) | Non-2xx |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for target in $BENCH_TARGETS; do
            line="${result[$target]//%RATIO_YARP%/$(ratio "${p99[$target]:-}" "$yarp_base")}"
            echo "${line//%RATIO%/$(ratio "${p99[$target]:-}" "$base")}"
        done
        echo
        echo "Percentiles of h2load's per-request times (--log-file, measured phase only), each the median of"
        echo "$BENCH_RATE_ROUNDS rounds with the proxies alternating (failures summed). Each connection sends its"
        echo "next request when its timer is due and the previous answer is in, so a stall delays later requests."
        if [ -n "${p99[paralarva]:-}" ]; then
            echo "Issue 7 target: p99 no worse than 1.5x nginx's (Paralarva: $(ratio "${p99[paralarva]}" "$base")x)."
        fi
    } | emit
}

# ---------------------------------------------------------------- many connections
workload_connections() {
    local target pid port file r base_rps="" base_p99="" yarp_rps="" yarp_p99=""
    local -A result=() rss_of=()
    for target in $BENCH_TARGETS; do
        start_proxy "$target" || continue
        pid="${PIDS[$target]}"
        port="${PORT_OF[$target]}"
        file="$run/wrk-$target-connections"
        log "$target: warm-up $BENCH_WARMUP, then wrk -t$BENCH_THREADS -c$BENCH_MANY_CONNS -d$BENCH_DURATION"
        run_wrk "$file-warmup.txt" "$port" / "$BENCH_MANY_CONNS" "$BENCH_WARMUP"
        run_wrk "$file.txt" "$port" / "$BENCH_MANY_CONNS" "$BENCH_DURATION"
        result[$target]="$(parse_wrk "$file.txt")"
        rss_of[$target]="$(peak_rss_mib "$pid")"
        kill -0 "$pid" 2>/dev/null || FAILED[$target]="exited during the run (log: ${run#"$repo"/}/$target.log)"
        stop_target "$target"
    done
    if [ -n "${result[nginx]:-}" ] && [ "${result[nginx]}" != "-" ]; then
        read -r base_rps _ _ base_p99 _ <<<"${result[nginx]}"
    fi
    if [ -n "${result[yarp]:-}" ] && [ "${result[yarp]}" != "-" ]; then
        read -r yarp_rps _ _ yarp_p99 _ <<<"${result[yarp]}"
    fi

    {
        echo
        echo "## Many connections: GET / (13 bytes), $BENCH_MANY_CONNS connections (wrk)"
        echo
        echo "| Proxy | Requests/s | rps ÷ nginx | rps ÷ YARP | p50 ms | p99 ms | p99 ÷ nginx | p99 ÷ YARP | Non-2xx | Socket errors | Peak RSS MiB |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for target in $BENCH_TARGETS; do
            r="${result[$target]:-}"
            if [ -z "$r" ] || [ "$r" = "-" ] || [ -n "${FAILED[$target]:-}" ]; then
                echo "| ${LABEL[$target]} | ${FAILED[$target]:-no wrk result (see ${run#"$repo"/}/wrk-$target-connections.txt)} | | | | | | | | | |"
                continue
            fi
            local rps p50 p99 non2xx sock
            read -r rps _ p50 p99 non2xx sock _ <<<"$r"
            printf '| %s | %.0f | %s | %s | %.2f | %.2f | %s | %s | %s | %s | %s |\n' \
                "${LABEL[$target]}" "$rps" "$(ratio "$rps" "$base_rps")" "$(ratio "$rps" "$yarp_rps")" \
                "$p50" "$p99" "$(ratio "$p99" "$base_p99")" "$(ratio "$p99" "$yarp_p99")" \
                "$non2xx" "$sock" "${rss_of[$target]}"
        done
    } | emit
}

# ---------------------------------------------------------------- observability cost
# Prints "<requests counted> <access-log lines dropped>" from Paralarva's /metrics on port $1.
metrics_counts() {
    curl -s --max-time 5 "http://127.0.0.1:$1/metrics" | awk '
        /^paralarva_requests_total[{ ]/ { requests += $NF }
        /^paralarva_access_log_dropped_total[{ ]/ { dropped += $NF }
        END { printf "%d %d\n", requests, dropped }' || echo "- -"
}

workload_observability() {
    local round mode name config file counts lines r rps p50 p99 non2xx sock reqs ticks cpu
    local -A sum_rps=() sum_p99=() sum_cpu=() runs=()
    local rows=()
    # off: both off; metrics: metrics only; on: metrics and the access log to a file.
    for mode in off metrics on; do
        config="$run/paralarva-metrics-$mode.yaml"
        cat bench/paralarva.yaml > "$config"
        case "$mode" in
            off) printf '  metrics: off\n  access_log: off\n' >> "$config" ;;
            metrics) printf '  metrics: on\n  access_log: off\n' >> "$config" ;;
            on) printf '  metrics: on\n  access_log: "%s"\n' "$run/access.log" >> "$config" ;;
        esac
    done
    for round in $(seq 1 "$BENCH_OBS_ROUNDS"); do
        for mode in off metrics on; do
            name="paralarva-$mode"
            rm -f "$run/access.log"
            start_paralarva "$name" "$run/paralarva-metrics-$mode.yaml" || { rows+=("| $mode | $round | ${FAILED[$name]} | | | | | | | | |"); continue; }
            file="$run/wrk-$name-$round"
            log "$name (round $round): warm-up $BENCH_WARMUP, then wrk -t$BENCH_THREADS -c$BENCH_SMALL_CONNS -d$BENCH_DURATION"
            run_wrk "$file-warmup.txt" "$PARALARVA_PORT" / "$BENCH_SMALL_CONNS" "$BENCH_WARMUP"
            ticks="$(cpu_ticks "${PIDS[$name]}")"
            run_wrk "$file.txt" "$PARALARVA_PORT" / "$BENCH_SMALL_CONNS" "$BENCH_DURATION"
            ticks="$(( $(cpu_ticks "${PIDS[$name]}") - ticks ))"
            counts="$(metrics_counts "${MONITORING_PORT_OF[$name]}")"
            stop_target "$name"
            # Counted after the stop: lines the access log still held when the proxy stopped show as a gap.
            lines="$( [ -f "$run/access.log" ] && wc -l < "$run/access.log" || echo 0)"
            r="$(parse_wrk "$file.txt")"
            if [ "$r" = "-" ]; then
                rows+=("| $mode | $round | no wrk result (see ${run#"$repo"/}/wrk-$name-$round.txt) | | | | | | | | |")
                continue
            fi
            read -r rps _ p50 p99 non2xx sock reqs <<<"$r"
            cpu="$(cpu_us_per_request "$ticks" "$reqs")"
            sum_cpu[$mode]="$(awk -v a="${sum_cpu[$mode]:-0}" -v b="$cpu" 'BEGIN { print a + b }')"
            sum_rps[$mode]="$(awk -v a="${sum_rps[$mode]:-0}" -v b="$rps" 'BEGIN { print a + b }')"
            sum_p99[$mode]="$(awk -v a="${sum_p99[$mode]:-0}" -v b="$p99" 'BEGIN { print a + b }')"
            runs[$mode]=$(( ${runs[$mode]:-0} + 1 ))
            rows+=("$(printf '| %s | %s | %.0f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |' "$mode" "$round" "$rps" "$p50" "$p99" \
                "$non2xx" "$sock" "${counts% *}" "$lines" "${counts#* }" "$cpu")")
        done
    done

    {
        echo
        echo "## Observability cost: Paralarva, GET / (13 bytes), $BENCH_SMALL_CONNS connections (wrk)"
        echo
        echo "off: \`metrics: off\`, \`access_log: off\`; metrics: \`metrics: on\`, \`access_log: off\`;"
        echo "on: \`metrics: on\`, \`access_log\` to a file. Runs alternate in this order within each round."
        echo
        echo "| Metrics and access log | Round | Requests/s | p50 ms | p99 ms | Non-2xx | Socket errors | Requests in /metrics | Access-log lines | Lines dropped | CPU µs/request |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${rows[@]}"
        echo
        if [ -n "${runs[metrics]:-}" ] && [ -n "${runs[off]:-}" ]; then
            echo "metrics ÷ off: requests/s $(ratio "${sum_rps[metrics]}" "${sum_rps[off]}")," \
                "p99 $(ratio "${sum_p99[metrics]}" "${sum_p99[off]}") (means over ${runs[metrics]} round(s))."
        fi
        if [ -n "${runs[on]:-}" ] && [ -n "${runs[off]:-}" ]; then
            echo "on ÷ off: requests/s $(ratio "${sum_rps[on]}" "${sum_rps[off]}") (issue 7 target: at least 0.9)," \
                "p99 $(ratio "${sum_p99[on]}" "${sum_p99[off]}") (means over ${runs[on]} round(s))."
            # Requests per CPU-second with both on, relative to both off: what the same CPU serves, steadier than rps.
            echo "CPU per request, off ÷ on: $(ratio "${sum_cpu[off]}" "${sum_cpu[on]}") (the requests one CPU-second serves with both on," \
                "relative to both off; issue 7 target: at least 0.9); off ÷ metrics: $(ratio "${sum_cpu[off]}" "${sum_cpu[metrics]:-}")."
        fi
    } | emit
}

for workload in $BENCH_WORKLOADS; do
    "workload_$workload"
done
echo
echo "Raw output and process logs: ${run#"$repo"/}/; these tables: ${report_file#"$repo"/}."
