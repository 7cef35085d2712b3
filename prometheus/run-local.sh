#!/usr/bin/env bash
# Starts a local Prometheus scraping a Paralarva running on this machine, to look at the graphs.
#
#   bash prometheus/run-local.sh [paralarva-monitoring-port] [prometheus-port]
#
# Defaults: Paralarva's monitoring endpoints on 8000 (its --prometheus-port), Prometheus on 9090.
# Uses the distribution's prometheus (installed with apt via scripts/install-deps.sh when missing),
# this folder's recording and alerting rules, and a temporary storage directory deleted on exit.
# Ctrl-C stops it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target_port="${1:-8000}"
web_port="${2:-9090}"

for port in "$target_port" "$web_port"; do
    if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
        echo "usage: $0 [paralarva-monitoring-port] [prometheus-port]  (ports 1-65535)" >&2
        exit 2
    fi
done

if ! command -v prometheus >/dev/null 2>&1 && [ ! -x /usr/bin/prometheus ]; then
    bash "$here/../scripts/install-deps.sh" prometheus:/usr/bin/prometheus
fi
prometheus_bin="$(command -v prometheus || echo /usr/bin/prometheus)"

work="$(mktemp -d -t paralarva-prometheus.XXXXXX)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# prometheus.yml with the target port given; rule files referenced by absolute path.
sed -e "s#localhost:8000#localhost:${target_port}#" \
    -e "s#- rules/#- ${here}/rules/#" \
    "$here/prometheus.yml" > "$work/prometheus.yml"

echo "Scraping Paralarva at http://localhost:${target_port}/metrics"
echo "Prometheus UI: http://localhost:${web_port}/graph  (targets: http://localhost:${web_port}/targets, alerts: http://localhost:${web_port}/alerts)"
echo "Try: service:paralarva_requests:rate1m, service:paralarva_request_duration_seconds:p99_1m. Ctrl-C stops."

# Not exec: the EXIT trap removes the storage directory once prometheus has stopped.
"$prometheus_bin" \
    --config.file="$work/prometheus.yml" \
    --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:${web_port}" \
    --log.level=warn &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
wait "$pid" || true
wait "$pid" 2>/dev/null || true
