# Shared by bench/run.sh and bench/extra.sh (sourced, not run): fixed ports, starting and stopping
# processes, the configurations of the origin and of the four proxies (nginx, HAProxy, YARP,
# Paralarva), wrk and its parsing.
# Sourcing it sets $repo and changes to it; then call bench_init <name> before anything else.
# shellcheck shell=bash

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo" || exit 1

# Fixed loopback ports, outside the ephemeral range (32768-60999). The Paralarva ones
# must match bench/paralarva.yaml.
ORIGIN_PORTS=(18081 18082)
PARALARVA_PORT=18080
NGINX_PORT=18090
HAPROXY_PORT=18091
YARP_PORT=18092
MONITORING_PORTS=(18079 18078 18077 18076)
HOST_HEADER="bench.local"

# Connection capacity of the origin and proxies; extra.sh raises them for its many-connection runs.
NGINX_WORKER_CONNECTIONS=4096
HAPROXY_MAXCONN=4096

BENCH_THREADS="${BENCH_THREADS:-1}"
BENCH_PARALARVA_ARGS="${BENCH_PARALARVA_ARGS:--l warn}"

out="$repo/bench/.out"
results_dir="$repo/bench/results"
run=""

log() { echo "==> $*" >&2; }

# ---------------------------------------------------------------- processes
declare -A PIDS=()
declare -A FAILED=()
# shellcheck disable=SC2034
declare -A MONITORING_PORT_OF=()

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

# Stops one process started by start_target or run_bounded, by its name.
stop_target() {
    local name="$1"
    if [ -n "${PIDS[$name]:-}" ]; then
        stop_pid "${PIDS[$name]}"
        unset "PIDS[$name]"
    fi
}

cleanup() {
    local name
    for name in "${!PIDS[@]}"; do
        stop_pid "${PIDS[$name]}"
    done
}

# Creates bench/.out/<name> afresh as $run and makes every started process stop on exit or Ctrl-C.
bench_init() {
    run="$out/$1"
    mkdir -p "$out" "$results_dir"
    rm -rf "$run"
    mkdir -p "$run"
    trap cleanup EXIT
    trap 'exit 130' INT TERM
}

# run_bounded <name> <seconds> <command...>: runs the command in the background under timeout, so that
# Ctrl-C reaches the trap at once and cleanup stops the command too; returns its exit status.
run_bounded() {
    local name="$1" seconds="$2" status=0
    shift 2
    timeout --kill-after=5s "$seconds" "$@" &
    PIDS[$name]=$!
    wait "${PIDS[$name]}" || status=$?
    unset "PIDS[$name]"
    return "$status"
}

# Raises the soft open-files limit to the hard one; fails unless it reaches $1.
raise_fd_limit() {
    local need="$1" hard
    hard="$(ulimit -Hn)"
    [ "$hard" = unlimited ] && hard=1048576
    ulimit -n "$hard" 2>/dev/null || true
    if [ "$(ulimit -n)" -lt "$need" ]; then
        echo "open-files limit is $(ulimit -n) (hard $(ulimit -Hn)); this run needs $need: raise the hard limit (ulimit -Hn)" >&2
        return 1
    fi
}

# True when something listens on 127.0.0.1/0.0.0.0/:: port $1 (reads /proc, no ss needed).
port_in_use() {
    local hex
    hex="$(printf '%04X' "$1")"
    awk -v p=":$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Waits (bounded to $3 seconds) until port $1 accepts connections while pid $2 lives.
wait_for_port() {
    local port="$1" pid="$2" seconds="$3"
    for _ in $(seq 1 $((seconds * 10))); do
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
    # shellcheck disable=SC2016 # the inner script expands its own arguments
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
    unset "FAILED[$name]"
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
    FAILED[$name]="not run: ${START_ERROR:-failed to start} (log: ${run#"$repo"/}/$name.log)"
    log "$name: ${FAILED[$name]}"
    if [ -f "$run/$name.log" ]; then
        echo "----- $name.log (last 40 lines) -----" >&2
        tail -n 40 "$run/$name.log" >&2
        echo "-----" >&2
    fi
    stop_target "$name"
}

rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

peak_rss_mib() {
    awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "-"
}

# User plus system CPU time of process $1 (all its threads) so far, in clock ticks.
cpu_ticks() {
    # The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0
}

# User CPU time alone of process $1 so far, in clock ticks: the proxy's own code, without the kernel's share, which
# moves most with the machine's load (the hypervisor's interrupt handling is counted there).
user_ticks() {
    sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 }' || echo 0
}

# Microseconds of CPU per request: ticks $1 spent over $2 requests.
cpu_us_per_request() {
    awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.1f", t * 1000000 / hz / n; else printf "-" }'
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
events { worker_connections $NGINX_WORKER_CONNECTIONS; }
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
events { worker_connections $NGINX_WORKER_CONNECTIONS; }
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
  maxconn $HAPROXY_MAXCONN

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

# ---------------------------------------------------------------- starting the origin and the proxies
# shellcheck disable=SC2034 # PORT_OF, LABEL and MONITORING_PORT_OF are read by the scripts sourcing this file
declare -A PORT_OF=([origin]="${ORIGIN_PORTS[0]}" [nginx]="$NGINX_PORT" [haproxy]="$HAPROXY_PORT" [yarp]="$YARP_PORT" [paralarva]="$PARALARVA_PORT")
# shellcheck disable=SC2034
declare -A LABEL=([origin]="origin (nginx, direct)" [nginx]="nginx proxy" [haproxy]="HAProxy" [yarp]="YARP" [paralarva]="Paralarva")

# Starts the origin nginx on both origin ports, or exits: without it nothing can be measured.
start_origin() {
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
}

# Builds bench/.out/paralarva once per script run (or not at all with BENCH_SKIP_PUBLISH=1).
PUBLISHED=""
publish_paralarva() {
    if [ -n "$PUBLISHED" ]; then
        [ "$PUBLISHED" = ok ]
        return
    fi
    PUBLISHED=ok
    if [ "${BENCH_SKIP_PUBLISH:-0}" != "1" ] || [ ! -x "$out/paralarva/Paralarva.Host" ]; then
        log "dotnet publish Paralarva.Host -c Release"
        if ! run_bounded publish 900 dotnet publish Paralarva.Host -c Release -o "$out/paralarva" > "$run/publish.log" 2>&1 </dev/null; then
            PUBLISHED=failed
            return 1
        fi
    fi
}

# Builds bench/.out/yarp (bench/yarp, Yarp.ReverseProxy on Kestrel) once per script run, or not at all with
# BENCH_SKIP_PUBLISH=1 when it is there.
YARP_PUBLISHED=""
publish_yarp() {
    if [ -n "$YARP_PUBLISHED" ]; then
        [ "$YARP_PUBLISHED" = ok ]
        return
    fi
    YARP_PUBLISHED=ok
    if [ "${BENCH_SKIP_PUBLISH:-0}" != "1" ] || [ ! -x "$out/yarp/YarpProxy" ]; then
        log "dotnet publish bench/yarp -c Release"
        if ! run_bounded publish 900 dotnet publish bench/yarp/YarpProxy.csproj -c Release -o "$out/yarp" > "$run/publish-yarp.log" 2>&1 </dev/null; then
            YARP_PUBLISHED=failed
            return 1
        fi
    fi
}

# YARP on $YARP_PORT as target yarp: bench/yarp/appsettings.json, with the listening address and the two
# members' addresses given on the command line from the ports above.
start_yarp() {
    log "YARP reverse proxy on 127.0.0.1:$YARP_PORT"
    if ! publish_yarp; then
        START_ERROR="dotnet publish bench/yarp failed"
        cp "$run/publish-yarp.log" "$run/yarp.log"
        fail_target yarp
        return 1
    fi
    start_target yarp "$YARP_PORT" "$out/yarp/YarpProxy" --urls "http://127.0.0.1:$YARP_PORT" \
        "--ReverseProxy:Clusters:bench:Destinations:o1:Address=http://127.0.0.1:${ORIGIN_PORTS[0]}/" \
        "--ReverseProxy:Clusters:bench:Destinations:o2:Address=http://127.0.0.1:${ORIGIN_PORTS[1]}/" \
        || { fail_target yarp; return 1; }
}

# start_paralarva <name> <config file>: Paralarva on $PARALARVA_PORT (which the file must name) as target $name.
start_paralarva() {
    local name="$1" config="$2" monitoring="" candidate
    log "Paralarva on 127.0.0.1:$PARALARVA_PORT ($name, ${config#"$repo"/})"
    if ! publish_paralarva; then
        START_ERROR="dotnet publish failed"
        cp "$run/publish.log" "$run/$name.log"
        fail_target "$name"
        return 1
    fi
    for candidate in "${MONITORING_PORTS[@]}"; do
        if ! port_in_use "$candidate"; then monitoring="$candidate"; break; fi
    done
    if [ -z "$monitoring" ]; then
        START_ERROR="no free monitoring port among ${MONITORING_PORTS[*]}"
        fail_target "$name"
        return 1
    fi
    # shellcheck disable=SC2034 # read by extra.sh
    MONITORING_PORT_OF[$name]="$monitoring"
    # shellcheck disable=SC2086 # BENCH_PARALARVA_ARGS is a list of flags
    start_target "$name" "$PARALARVA_PORT" "$out/paralarva/Paralarva.Host" \
        --file "$config" -p "$monitoring" $BENCH_PARALARVA_ARGS || { fail_target "$name"; return 1; }
}

# start_proxy <nginx|haproxy|yarp|paralarva>: the proxy with the configuration of run.sh; 1 when it did not start.
start_proxy() {
    case "$1" in
        nginx)
            log "nginx reverse proxy on 127.0.0.1:$NGINX_PORT"
            write_nginx_proxy_conf "$run/nginx-proxy"
            start_target nginx "$NGINX_PORT" /usr/sbin/nginx -p "$run/nginx-proxy" -c "$run/nginx-proxy/nginx.conf" -e "$run/nginx-proxy/error.log" \
                || { fail_target nginx; return 1; }
            ;;
        haproxy)
            log "HAProxy reverse proxy on 127.0.0.1:$HAPROXY_PORT"
            write_haproxy_conf "$run/haproxy"
            start_target haproxy "$HAPROXY_PORT" /usr/sbin/haproxy -db -f "$run/haproxy/haproxy.cfg" || { fail_target haproxy; return 1; }
            ;;
        yarp)
            start_yarp
            ;;
        paralarva)
            start_paralarva paralarva bench/paralarva.yaml
            ;;
        *) echo "unknown target: $1" >&2; exit 2 ;;
    esac
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
    run_bounded wrk "$bound" \
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

# ---------------------------------------------------------------- report helpers
# The median of the numbers on stdin (one per line); "-" when there are none.
median() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# median_of and sum_of take a space-separated list on stdin.
median_of() { tr ' ' '\n' | grep -E '^-?[0-9.e+]+$' | median; }
sum_of() { tr ' ' '\n' | awk '{ s += $1 } END { print s + 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "" && a != "-") printf "%.2f", a / b; else printf "-" }'; }
human_bytes() { awk -v b="$1" 'BEGIN { if (b >= 1073741824) printf "%.2f GiB/s", b / 1073741824; else if (b >= 1048576) printf "%.1f MiB/s", b / 1048576; else printf "%.0f KiB/s", b / 1024 }'; }

# The first lines of every report: date, machine, kernel.
machine_line() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (${cpu:-unknown CPU}), $(uname -r);"
}
