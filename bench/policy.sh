#!/usr/bin/env bash
# The cost of traffic policy (issue 17): the small workload through Paralarva on its plain benchmark
# configuration and on one with a route table of 1,000 path prefixes, header rules on both directions,
# a rate limit, a per-client connection limit and allow/deny lists, in alternating rounds on one
# machine. Prints requests/s and CPU per request of each, and their ratio. See bench/README.md.
#
#   bash bench/policy.sh
#
# Environment (all optional, besides those of bench/run.sh):
#   BENCH_ROUNDS        alternating plain/policy rounds (default 3); the medians are compared
#   BENCH_PREFIXES      path prefixes in the route table (default 1000)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BENCH_DURATION="${BENCH_DURATION:-10s}"
BENCH_WARMUP="${BENCH_WARMUP:-5s}"
BENCH_SMALL_CONNS="${BENCH_SMALL_CONNS:-64}"
BENCH_ROUNDS="${BENCH_ROUNDS:-3}"
BENCH_PREFIXES="${BENCH_PREFIXES:-1000}"

# Ten prefixes per service; the measured request takes the middle service's middle prefix, stripped to
# "/" so that the origin answers exactly what it answers to the plain run.
PER_SERVICE=10
SERVICES=$(( (BENCH_PREFIXES + PER_SERVICE - 1) / PER_SERVICE ))
POLICY_PATH="/s$(( SERVICES / 2 ))/p$(( PER_SERVICE / 2 ))"

bench_init policy

log "dependencies: nginx wrk"
bash scripts/install-deps.sh nginx:/usr/sbin/nginx wrk:/usr/bin/wrk

# The policy configuration: bench/paralarva.yaml's service keeps the rest of the domain; the prefixed
# services share its domain and members. Limits are set high enough never to refuse the benchmark,
# so what is measured is the checking, not the refusing.
write_policy_config() {
    local file="$1" s p paths
    {
        echo "proxy:"
        echo "  listen: { address: \"127.0.0.1\", port: $PARALARVA_PORT }"
        echo "  rate_limit: { requests_per_second: 1000000, burst: 1000000 }"
        echo "  max_connections_per_client: 10000"
        echo "  allow: [\"127.0.0.0/8\", \"::1/128\"]"
        echo "  deny: [\"10.0.0.0/8\"]"
        echo "  services:"
        echo "    - name: bench"
        echo "      domain: $HOST_HEADER"
        echo "      strategy: round_robin"
        echo "      hosts: [{ address: \"127.0.0.1\", port: ${ORIGIN_PORTS[0]} }, { address: \"127.0.0.1\", port: ${ORIGIN_PORTS[1]} }]"
        for (( s = 0; s < SERVICES; s++ )); do
            paths=""
            for (( p = 0; p < PER_SERVICE; p++ )); do
                paths+="${paths:+, }\"/s$s/p$p\""
            done
            echo "    - name: s$s"
            echo "      domain: $HOST_HEADER"
            echo "      paths: [$paths]"
            echo "      strip_path_prefix: true"
            echo "      strategy: round_robin"
            echo "      request_headers: { set: { X-Env: bench }, append: { X-Zone: a }, remove: [X-Debug] }"
            echo "      response_headers: { set: { X-Frame-Options: DENY }, remove: [X-Powered-By] }"
            echo "      rate_limit: { requests_per_second: 1000000, burst: 1000000 }"
            echo "      hosts: [{ address: \"127.0.0.1\", port: ${ORIGIN_PORTS[0]} }, { address: \"127.0.0.1\", port: ${ORIGIN_PORTS[1]} }]"
        done
    } > "$file"
}

write_policy_config "$run/policy.yaml"
declare -A CONFIG_OF=([plain]=bench/paralarva.yaml [policy]="$run/policy.yaml")
declare -A PATH_OF=([plain]=/ [policy]="$POLICY_PATH")
declare -A RPS=() CPU=()

start_origin
for (( round = 1; round <= BENCH_ROUNDS; round++ )); do
    for variant in plain policy; do
        start_paralarva paralarva "${CONFIG_OF[$variant]}" || { tail -n 40 "$run/paralarva.log" >&2; exit 1; }
        pid="${PIDS[paralarva]}"
        if [[ "$(probe "$PARALARVA_PORT" "${PATH_OF[$variant]}")" != "HTTP/1.1 200"* ]]; then
            echo "Paralarva ($variant) does not answer 200 on ${PATH_OF[$variant]}" >&2
            exit 1
        fi
        log "$variant round $round: ${PATH_OF[$variant]}, warm-up $BENCH_WARMUP, then wrk -c$BENCH_SMALL_CONNS -d$BENCH_DURATION"
        run_wrk "$run/wrk-$variant-$round-warmup.txt" "$PARALARVA_PORT" "${PATH_OF[$variant]}" "$BENCH_SMALL_CONNS" "$BENCH_WARMUP"
        ticks_before="$(cpu_ticks "$pid")"
        run_wrk "$run/wrk-$variant-$round.txt" "$PARALARVA_PORT" "${PATH_OF[$variant]}" "$BENCH_SMALL_CONNS" "$BENCH_DURATION"
        ticks="$(( $(cpu_ticks "$pid") - ticks_before ))"
        result="$(parse_wrk "$run/wrk-$variant-$round.txt")"
        read -r rps _ _ _ non2xx _ <<<"$result"
        if [ "$non2xx" != "0" ]; then
            echo "Paralarva ($variant) answered $non2xx non-2xx responses (see ${run#"$repo"/}/wrk-$variant-$round.txt)" >&2
            exit 1
        fi
        RPS[$variant]+=" $rps"
        CPU[$variant]+=" $(cpu_us_per_request "$ticks" "$(awk '{ print $7 }' <<<"$result")")"
        stop_target paralarva
    done
done

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

{
    echo "# Paralarva: the cost of traffic policy"
    echo
    machine_line
    echo "wrk $BENCH_THREADS thread(s), $BENCH_SMALL_CONNS connections, warm-up $BENCH_WARMUP, measured $BENCH_DURATION, $BENCH_ROUNDS alternating rounds;"
    echo "policy: $BENCH_PREFIXES path prefixes over $SERVICES services sharing the domain, request and response header rules,"
    echo "global and per-service rate limits, a per-client connection limit, allow and deny lists (none refusing)."
    echo
    echo "| configuration | path | requests/s per round | median | CPU µs/request per round | median |"
    echo "|---|---|---|---:|---|---:|"
    for variant in plain policy; do
        echo "| $variant | ${PATH_OF[$variant]} |${RPS[$variant]} | $(median "${RPS[$variant]}") |${CPU[$variant]} | $(median "${CPU[$variant]}") |"
    done
    echo
    echo "policy ÷ plain: requests/s $(ratio "$(median "${RPS[policy]}")" "$(median "${RPS[plain]}")") (issue 17 target: at least 0.95)," \
        "CPU per request $(ratio "$(median "${CPU[policy]}")" "$(median "${CPU[plain]}")")."
} | tee "$results_dir/policy.md"
