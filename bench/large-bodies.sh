#!/usr/bin/env bash
# Streams a 1 GiB response and 1 GiB uploads (Content-Length and chunked) through Paralarva and
# prints the proxy's resident memory before, during (peak) and after: it must stay flat, since
# bodies are relayed piece by piece with write acks, never buffered whole. See bench/README.md.
#
#   bash bench/large-bodies.sh            # BENCH_BODY_BYTES=1073741824 by default
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BYTES="${BENCH_BODY_BYTES:-1073741824}"
PROXY_PORT=18180
ORIGIN_PORT=18181
MONITORING_PORT=18179
bench_init large
out_large="$run"
bash scripts/install-deps.sh curl:curl

publish_paralarva || { tail -n 40 "$run/publish.log" >&2; exit 1; }

cat > "$out_large/config.yaml" <<YAML
proxy:
  listen:
    address: "127.0.0.1"
    port: $PROXY_PORT
  services:
    - name: large
      domain: large.local
      hosts:
        - address: "127.0.0.1"
          port: $ORIGIN_PORT
YAML

for port in "$ORIGIN_PORT" "$PROXY_PORT" "$MONITORING_PORT"; do
    port_in_use "$port" && { echo "port $port is already in use" >&2; exit 1; }
done
python3 bench/large_origin.py "$ORIGIN_PORT" > "$out_large/origin.log" 2>&1 </dev/null &
PIDS[origin]=$!
"$out/paralarva/Paralarva.Host" -f "$out_large/config.yaml" -p "$MONITORING_PORT" -l warn -t 60 > "$out_large/proxy.log" 2>&1 </dev/null &
PIDS[paralarva]=$!
proxy=${PIDS[paralarva]}
wait_for_port "$ORIGIN_PORT" "${PIDS[origin]}" 20 || { echo "the origin did not start (${out_large#"$repo"/}/origin.log)" >&2; exit 1; }
wait_for_port "$PROXY_PORT" "$proxy" 20 || { echo "Paralarva did not start (${out_large#"$repo"/}/proxy.log)" >&2; exit 1; }

# Samples the proxy's RSS every 100 ms while a transfer runs; prints the peak in KiB.
measure() {
    local peak=0 rss
    "$@" > "$out_large/transfer.txt" & local transfer=$!
    while kill -0 "$transfer" 2>/dev/null; do
        rss=$(rss_kib "$proxy"); [ "$rss" -gt "$peak" ] && peak=$rss
        sleep 0.1
    done
    wait "$transfer"
    echo "$peak"
}

curl -s -o /dev/null -H 'Host: large.local' "http://127.0.0.1:$PROXY_PORT/bytes/1024"   # warm-up
idle=$(rss_kib "$proxy")
down_peak=$(measure curl -s -o /dev/null -w '%{size_download} %{speed_download}' -H 'Host: large.local' "http://127.0.0.1:$PROXY_PORT/bytes/$BYTES")
down=$(cat "$out_large/transfer.txt")
truncate -s "$BYTES" "$out_large/upload.bin"
up_peak=$(measure curl -s -w ' %{speed_upload}' -H 'Host: large.local' -T "$out_large/upload.bin" -X POST "http://127.0.0.1:$PROXY_PORT/upload")
up=$(cat "$out_large/transfer.txt")
chunked_peak=$(measure sh -c "head -c $BYTES /dev/zero | curl -s -w ' %{speed_upload}' -H 'Host: large.local' -H 'Transfer-Encoding: chunked' -T - -X POST http://127.0.0.1:$PROXY_PORT/upload")
chunked=$(cat "$out_large/transfer.txt")
rm -f "$out_large/upload.bin"
after=$(rss_kib "$proxy")

mib() { echo "$(( $1 / 1024 )) MiB"; }
echo "| transfer | bytes through | rate (B/s) | proxy RSS peak |"
echo "|---|---|---|---|"
echo "| idle after warm-up | - | - | $(mib "$idle") |"
echo "| download, Content-Length | ${down% *} | ${down#* } | $(mib "$down_peak") |"
echo "| upload, Content-Length | ${up% *} | ${up#* } | $(mib "$up_peak") |"
echo "| upload, chunked | ${chunked% *} | ${chunked#* } | $(mib "$chunked_peak") |"
echo "| after | - | - | $(mib "$after") |"
[ "${down% *}" = "$BYTES" ] && [ "${up% *}" = "$BYTES" ] && [ "${chunked% *}" = "$BYTES" ] \
    || { echo "a transfer did not carry all $BYTES bytes" >&2; exit 1; }
