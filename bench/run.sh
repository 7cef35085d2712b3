#!/usr/bin/env bash
# Benchmarks Paralarva against nginx and HAProxy as reverse proxies, on one machine,
# in one run, with wrk. See bench/README.md.
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION      wrk duration of each measured run (default 10s)
#   BENCH_WARMUP        wrk duration of the warm-up before each measured run (default 3s)
#   BENCH_THREADS       wrk threads (default 1)
#   BENCH_SMALL_CONNS   connections for the small response (default 64)
#   BENCH_LARGE_CONNS   connections for the 1 MiB response (default 16)
#   BENCH_TARGETS       which rows to run (default "origin nginx haproxy paralarva")
#   BENCH_PARALARVA_ARGS extra Paralarva flags (default "-l warn": no per-request logging)
#   BENCH_SKIP_PUBLISH  1 to reuse bench/.out/paralarva from an earlier run
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# Fixed loopback ports, outside the ephemeral range (32768-60999). The Paralarva ones
# must match bench/paralarva.yaml.
ORIGIN_PORTS=(18081 18082)
PARALARVA_PORT=18080
NGINX_PORT=18090
HAPROXY_PORT=18091
MONITORING_PORTS=(18079 18078 18077 18076)

BENCH_DURATION="${BENCH_DURATION:-10s}"
BENCH_WARMUP="${BENCH_WARMUP:-3s}"
BENCH_THREADS="${BENCH_THREADS:-1}"
BENCH_SMALL_CONNS="${BENCH_SMALL_CONNS:-64}"
BENCH_LARGE_CONNS="${BENCH_LARGE_CONNS:-16}"
BENCH_TARGETS="${BENCH_TARGETS:-origin nginx haproxy paralarva}"
BENCH_PARALARVA_ARGS="${BENCH_PARALARVA_ARGS:--l warn}"
HOST_HEADER="bench.local"

out="$repo/bench/.out"
run="$out/run"
results_dir="$repo/bench/results"

log() { echo "==> $*" >&2; }

# ---------------------------------------------------------------- processes
declare -A PIDS=()

stop_pid() {
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local name
    for name in "${!PIDS[@]}"; do
        stop_pid "${PIDS[$name]}"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# True when something listens on 127.0.0.1/0.0.0.0/:: port $1 (reads /proc, no ss needed).
port_in_use() {
    local hex
    hex="$(printf '%04X' "$1")"
    awk -v p=":$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Waits (bounded to $3 seconds) until port $1 accepts connections while pid $2 lives.
wait_for_port() {
    local port="$1" pid="$2" seconds="$3" i
    for i in $(seq 1 $((seconds * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Prints the status line of GET $2 on port $1 (Host: bench.local), or nothing.
probe() {
    local port="$1" path="$2"
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" "$2" "$3" >&3
        head -n 1 <&3' _ "$port" "$path" "$HOST_HEADER" 2>/dev/null | tr -d '\r' || true
}

# Starts "$@" in the background as target $name with its output in $run/$name.log.
# On failure returns 1 with the reason in START_ERROR.
START_ERROR=""
start_target() {
    local name="$1" port="$2" status
    shift 2
    START_ERROR=""
    if port_in_use "$port"; then
        START_ERROR="port $port is already in use"
        return 1
    fi
    "$@" > "$run/$name.log" 2>&1 </dev/null &
    PIDS[$name]=$!
    if ! wait_for_port "$port" "${PIDS[$name]}" 20; then
        if kill -0 "${PIDS[$name]}" 2>/dev/null; then
            START_ERROR="not listening on $port after 20 s"
        else
            status=0
            wait "${PIDS[$name]}" || status=$?
            unset "PIDS[$name]"
            START_ERROR="exited with status $status before listening on $port"
        fi
        return 1
    fi
    status="$(probe "$port" /)"
    if [[ "$status" != "HTTP/1.1 200"* ]]; then
        START_ERROR="GET / answered: ${status:-nothing}"
        return 1
    fi
}

fail_target() {
    local name="$1"
    FAILED[$name]="not run: ${START_ERROR:-failed to start} (log: bench/.out/run/$name.log)"
    log "$name: ${FAILED[$name]}"
    echo "----- $name.log (last 40 lines) -----" >&2
    tail -n 40 "$run/$name.log" >&2 || true
    echo "-----" >&2
    if [ -n "${PIDS[$name]:-}" ]; then
        stop_pid "${PIDS[$name]}"
        unset "PIDS[$name]"
    fi
}

# ---------------------------------------------------------------- configs
write_origin_conf() {
    local dir="$1"
    mkdir -p "$dir/tmp"
    head -c 1048576 /dev/zero | tr '\0' 'x' > "$dir/1m"
    cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 75s;
  keepalive_requests 10000000;
  server {
    listen 127.0.0.1:${ORIGIN_PORTS[0]};
    listen 127.0.0.1:${ORIGIN_PORTS[1]};
    location = / { default_type text/plain; return 200 "hello, world\n"; }
    location = /1m { alias $dir/1m; }
  }
}
CONF
}

write_nginx_proxy_conf() {
    local dir="$1"
    mkdir -p "$dir/tmp"
    cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_timeout 75s;
  keepalive_requests 10000000;
  upstream bench {
    server 127.0.0.1:${ORIGIN_PORTS[0]};
    server 127.0.0.1:${ORIGIN_PORTS[1]};
    keepalive 64;
    keepalive_requests 10000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    server_name $HOST_HEADER;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_buffer_size 64k;
      proxy_buffers 16 64k;
      proxy_busy_buffers_size 128k;
      proxy_max_temp_file_size 0;
    }
  }
}
CONF
}

write_haproxy_conf() {
    local dir="$1"
    mkdir -p "$dir"
    cat > "$dir/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096

defaults
  mode http
  option http-keep-alive
  http-reuse always
  timeout connect 5s
  timeout client 60s
  timeout server 60s

frontend bench_in
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend bench

backend bench
  balance roundrobin
  server o1 127.0.0.1:${ORIGIN_PORTS[0]}
  server o2 127.0.0.1:${ORIGIN_PORTS[1]}
CONF
}

# ---------------------------------------------------------------- wrk and parsing
seconds_of() {
    local d="$1"
    case "$d" in
        *ms) echo 1 ;;
        *s) echo "${d%s}" ;;
        *m) echo $(( ${d%m} * 60 )) ;;
        *h) echo $(( ${d%h} * 3600 )) ;;
        *) echo "$d" ;;
    esac
}

# run_wrk <file> <port> <path> <connections> <duration>
run_wrk() {
    local file="$1" port="$2" path="$3" conns="$4" duration="$5" bound
    bound=$(( $(seconds_of "$duration") + 30 ))
    timeout --kill-after=5s "$bound" \
        wrk -t"$BENCH_THREADS" -c"$conns" -d"$duration" -H "Host: $HOST_HEADER" --latency \
        "http://127.0.0.1:$port$path" > "$file" 2>&1 </dev/null || echo "wrk exit status $?" >> "$file"
}

# Prints "rps transfer_bytes_per_s p50_ms p99_ms non2xx socket_errors requests" from a wrk output file.
parse_wrk() {
    awk '
        function bytes(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "KB") n *= 1024; else if (u == "MB") n *= 1048576
            else if (u == "GB") n *= 1073741824; else if (u == "TB") n *= 1099511627776
            return n
        }
        function ms(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "us") n /= 1000; else if (u == "s") n *= 1000
            else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
            return n
        }
        /^Requests\/sec:/ { rps = $2 }
        /^Transfer\/sec:/ { tps = bytes($2) }
        /^ +50% / { p50 = ms($2) }
        /^ +99% / { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(/,/, ""); sock = $4 + $6 + $8 + $10 }
        / requests in / { reqs = $1 }
        END {
            if (rps == "") { print "-"; exit }
            printf "%s %s %s %s %d %d %s\n", rps, tps, p50, p99, non2xx, sock, reqs
        }' "$1"
}

peak_rss_mib() {
    awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "-"
}

# ---------------------------------------------------------------- main
mkdir -p "$out" "$results_dir"
rm -rf "$run"
mkdir -p "$run"

log "dependencies: nginx haproxy wrk"
bash scripts/install-deps.sh nginx:/usr/sbin/nginx haproxy:/usr/sbin/haproxy wrk:/usr/bin/wrk

declare -A FAILED=()
declare -A PORT_OF=([origin]="${ORIGIN_PORTS[0]}" [nginx]="$NGINX_PORT" [haproxy]="$HAPROXY_PORT" [paralarva]="$PARALARVA_PORT")
declare -A RESULT=()
declare -A RSS=()

log "origin: nginx on 127.0.0.1:${ORIGIN_PORTS[0]} and :${ORIGIN_PORTS[1]}"
write_origin_conf "$run/origin-nginx"
if ! start_target origin "${ORIGIN_PORTS[0]}" /usr/sbin/nginx -p "$run/origin-nginx" -c "$run/origin-nginx/nginx.conf" -e "$run/origin-nginx/error.log"; then
    fail_target origin
    echo "the origin did not start; nothing to benchmark" >&2
    exit 1
fi
if [[ "$(probe "${ORIGIN_PORTS[1]}" /1m)" != "HTTP/1.1 200"* ]]; then
    echo "the origin does not serve /1m on :${ORIGIN_PORTS[1]}" >&2
    exit 1
fi

for target in $BENCH_TARGETS; do
    case "$target" in
        origin) ;;
        nginx)
            log "nginx reverse proxy on 127.0.0.1:$NGINX_PORT"
            write_nginx_proxy_conf "$run/nginx-proxy"
            start_target nginx "$NGINX_PORT" /usr/sbin/nginx -p "$run/nginx-proxy" -c "$run/nginx-proxy/nginx.conf" -e "$run/nginx-proxy/error.log" \
                || fail_target nginx
            ;;
        haproxy)
            log "HAProxy reverse proxy on 127.0.0.1:$HAPROXY_PORT"
            write_haproxy_conf "$run/haproxy"
            start_target haproxy "$HAPROXY_PORT" /usr/sbin/haproxy -db -f "$run/haproxy/haproxy.cfg" || fail_target haproxy
            ;;
        paralarva)
            log "Paralarva on 127.0.0.1:$PARALARVA_PORT (dotnet publish -c Release)"
            published=1
            if [ "${BENCH_SKIP_PUBLISH:-0}" != "1" ] || [ ! -x "$out/paralarva/Paralarva.Host" ]; then
                if ! dotnet publish Paralarva.Host -c Release -o "$out/paralarva" > "$run/publish.log" 2>&1 </dev/null; then
                    published=0
                    START_ERROR="dotnet publish failed"
                    cp "$run/publish.log" "$run/paralarva.log"
                fi
            fi
            monitoring=""
            [ "$published" = 1 ] && START_ERROR="no free monitoring port among ${MONITORING_PORTS[*]}"
            for candidate in "${MONITORING_PORTS[@]}"; do
                if ! port_in_use "$candidate"; then monitoring="$candidate"; break; fi
            done
            # shellcheck disable=SC2086 # BENCH_PARALARVA_ARGS is a list of flags
            if [ "$published" = 1 ] && [ -n "$monitoring" ] \
                && start_target paralarva "$PARALARVA_PORT" "$out/paralarva/Paralarva.Host" \
                    --file bench/paralarva.yaml -p "$monitoring" $BENCH_PARALARVA_ARGS; then
                :
            else
                fail_target paralarva
            fi
            ;;
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
        run_wrk "$run/wrk-$target-$workload.txt" "$port" "$path" "$conns" "$BENCH_DURATION"
        RESULT[$target/$workload]="$(parse_wrk "$run/wrk-$target-$workload.txt")"
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
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
human_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1073741824) printf "%.2f GiB/s", b / 1073741824; else if (b >= 1048576) printf "%.1f MiB/s", b / 1048576; else printf "%.0f KiB/s", b / 1024 }'; }

declare -A LABEL=([origin]="origin (nginx, direct)" [nginx]="nginx proxy" [haproxy]="HAProxy" [paralarva]="Paralarva")

report() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "# Paralarva benchmark"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (${cpu:-unknown CPU}), $(uname -r);"
    echo "wrk $BENCH_THREADS thread(s), warm-up $BENCH_WARMUP, measured $BENCH_DURATION, Host: $HOST_HEADER;"
    echo "origin: one nginx worker on two ports; nginx proxy: 1 worker; HAProxy: nbthread 1; Paralarva: .NET thread pool."
    for workload in "${WORKLOADS[@]}"; do
        echo
        if [ "$workload" = small ]; then
            echo "## Small response: GET / (13 bytes), $BENCH_SMALL_CONNS connections"
        else
            echo "## Large response: GET /1m (1 MiB), $BENCH_LARGE_CONNS connections"
        fi
        echo
        echo "| Target | Requests/s | rps ÷ nginx | Transfer/s | transfer ÷ nginx | p50 ms | p99 ms | Non-2xx | Socket errors | Peak RSS MiB |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        local base_rps="" base_tps=""
        if [ -n "${RESULT[nginx/$workload]:-}" ] && [ "${RESULT[nginx/$workload]}" != "-" ]; then
            read -r base_rps base_tps _ <<<"${RESULT[nginx/$workload]}"
        fi
        for target in $BENCH_TARGETS; do
            local r="${RESULT[$target/$workload]:-}"
            if [ -z "$r" ] || [ "$r" = "-" ]; then
                echo "| ${LABEL[$target]} | ${FAILED[$target]:-no wrk result (see bench/.out/run/wrk-$target-$workload.txt)} | | | | | | | | |"
                continue
            fi
            local rps tps p50 p99 non2xx sock reqs
            read -r rps tps p50 p99 non2xx sock reqs <<<"$r"
            printf '| %s | %.0f | %s | %s | %s | %.2f | %.2f | %s | %s | %s |\n' \
                "${LABEL[$target]}" "$rps" "$(ratio "$rps" "$base_rps")" "$(human_bytes "$tps")" "$(ratio "$tps" "$base_tps")" \
                "$p50" "$p99" "$non2xx" "$sock" "${RSS[$target/$workload]}"
        done
    done
    echo
    echo "Raw wrk output and process logs: bench/.out/run/."
}

report | tee "$results_dir/latest.md"
