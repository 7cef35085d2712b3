#!/usr/bin/env bash
# Streams a 1 GiB response and 1 GiB uploads (Content-Length and chunked) through Paralarva and
# prints the proxy's resident memory before, during (peak) and after: it must stay flat, since
# bodies are relayed piece by piece with write acks, never buffered whole. See bench/README.md.
#
#   bash bench/large-bodies.sh            # BENCH_BODY_BYTES=1073741824 by default
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
BYTES="${BENCH_BODY_BYTES:-1073741824}"
PROXY_PORT=18180
ORIGIN_PORT=18181
MONITORING_PORT=18179
out="$repo/bench/.out/large"
mkdir -p "$out"
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ "${BENCH_SKIP_PUBLISH:-0}" != 1 ] || [ ! -x bench/.out/paralarva/Paralarva.Host ]; then
    dotnet publish Paralarva.Host -c Release -o bench/.out/paralarva -v quiet >/dev/null
fi

cat > "$out/config.yaml" <<YAML
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

python3 bench/large_origin.py "$ORIGIN_PORT" & pids+=($!)
bench/.out/paralarva/Paralarva.Host -f "$out/config.yaml" -p "$MONITORING_PORT" -l warn -t 60 > "$out/proxy.log" 2>&1 & proxy=$!
pids+=($proxy)
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT") 2>/dev/null && break
    sleep 0.1
done

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$proxy/status"; }
# Samples the proxy's RSS every 100 ms while a transfer runs; prints the peak in KiB.
measure() {
    local peak=0 rss
    "$@" > "$out/transfer.txt" & local transfer=$!
    while kill -0 "$transfer" 2>/dev/null; do
        rss=$(rss_kib); [ "$rss" -gt "$peak" ] && peak=$rss
        sleep 0.1
    done
    wait "$transfer"
    echo "$peak"
}

curl -s -o /dev/null -H 'Host: large.local' "http://127.0.0.1:$PROXY_PORT/bytes/1024"   # warm-up
idle=$(rss_kib)
down_peak=$(measure curl -s -o /dev/null -w '%{size_download} %{speed_download}' -H 'Host: large.local' "http://127.0.0.1:$PROXY_PORT/bytes/$BYTES")
down=$(cat "$out/transfer.txt")
truncate -s "$BYTES" "$out/upload.bin"
up_peak=$(measure curl -s -w ' %{speed_upload}' -H 'Host: large.local' -T "$out/upload.bin" -X POST "http://127.0.0.1:$PROXY_PORT/upload")
up=$(cat "$out/transfer.txt")
chunked_peak=$(measure sh -c "head -c $BYTES /dev/zero | curl -s -w ' %{speed_upload}' -H 'Host: large.local' -H 'Transfer-Encoding: chunked' -T - -X POST http://127.0.0.1:$PROXY_PORT/upload")
chunked=$(cat "$out/transfer.txt")
rm -f "$out/upload.bin"
after=$(rss_kib)

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
