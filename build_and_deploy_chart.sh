#!/usr/bin/env bash
# Builds the image where it deploys, checks a proxy configuration, and installs or upgrades the release.
#
#   ./build_and_deploy_chart.sh [config.yaml] [--no-build] [--dry-run] [helm upgrade flags...]
#
#   ./build_and_deploy_chart.sh                                   # config.yaml of the repository
#   ./build_and_deploy_chart.sh my-config.yaml --set flags.demo=true
#   NAMESPACE=proxy ./build_and_deploy_chart.sh my-config.yaml --wait --timeout 5m
#   ./build_and_deploy_chart.sh my-config.yaml --no-build --dry-run   # no cluster needed: print what it would install
#
# 1. The image: when kubectl's context is minikube, `minikube image build -t paralarva:$(cat VERSION) .`
#    builds it inside the cluster (the chart's default image, which no registry holds). Elsewhere, or with
#    --no-build, nothing is built: push the image to a registry the cluster pulls from and set
#    image.repository (and image.tag or image.digest).
# 2. The configuration: the proxy's own validator (`--check-config`) reports every problem with its line;
#    nothing is deployed from an invalid file.
# 3. helm: `helm upgrade --install <release> helm_chart --values chart_base_values.yaml
#    --set-file configFile=<config>`: helm reads the file itself, as YAML, and the chart puts it in the
#    ConfigMap; its checksum/config annotation rolls the pods when it changed. With --dry-run,
#    `helm install --dry-run=client` instead: the same values, rendered and validated without a cluster
#    (upgrade --install needs one to look up the release).
#
# Needs helm, and either dotnet (the repository's proxy checks the file) or $PARALARVA. No python.
#
# Environment:
#   RELEASE_NAME   the release (default paralarva)
#   NAMESPACE      install into this namespace, creating it if needed (default: kubectl's current)
#   BASE_VALUES    the base values (default chart_base_values.yaml beside this script)
#   PARALARVA      the command that runs the proxy, e.g. "dotnet /app/Paralarva.Host.dll"
#                  (default: dotnet run --project Paralarva.Host)
set -euo pipefail

usage() {
    echo "usage: $0 [config_file.yaml] [--no-build] [--dry-run] [helm upgrade flags...]" >&2
}

base_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chart_dir="$base_dir/helm_chart"
release="${RELEASE_NAME:-paralarva}"
base_values="${BASE_VALUES:-$base_dir/chart_base_values.yaml}"
version="$(tr -d '[:space:]' < "$base_dir/VERSION")"

config="$base_dir/config.yaml"
if [ $# -gt 0 ] && [ "${1:0:1}" != "-" ]; then
    config="$1"
    shift
fi

build=true
dry_run=false
helm_args=()
for argument in "$@"; do
    case "$argument" in
        -h | --help) usage; exit 0 ;;
        --no-build) build=false ;;
        --dry-run) dry_run=true ;;
        *) helm_args+=("$argument") ;;
    esac
done

if [ ! -f "$config" ]; then
    echo "configuration file $config not found" >&2
    usage
    exit 1
fi
if [ ! -f "$base_values" ]; then
    echo "base values $base_values not found" >&2
    exit 1
fi

# 1. The image.
if [ "$build" = true ]; then
    context="$(kubectl config current-context 2>/dev/null || true)"
    if [ "$context" = "minikube" ]; then
        echo "building paralarva:$version inside minikube..."
        minikube image build -t "paralarva:$version" "$base_dir"
    else
        echo "not building the image: kubectl's context is '${context:-none}', not minikube;" \
             "the cluster must be able to pull image.repository:image.tag (or use --no-build)" >&2
    fi
fi

# 2. The configuration, checked by the proxy itself.
if [ -n "${PARALARVA:-}" ]; then
    read -r -a paralarva <<< "$PARALARVA"
else
    paralarva=(dotnet run --project "$base_dir/Paralarva.Host" -c Release --)
fi
echo "checking $config"
if ! "${paralarva[@]}" --check-config --file "$config"; then
    echo "build_and_deploy_chart: $config is not a valid configuration; nothing deployed" >&2
    exit 1
fi

# 3. helm.
namespace_args=()
if [ -n "${NAMESPACE:-}" ]; then
    namespace_args=(--namespace "$NAMESPACE" --create-namespace)
fi
values_args=(--values "$base_values" --set-file "configFile=$config")

if [ "$dry_run" = true ]; then
    echo "rendering helm release $release (dry run, no cluster)..."
    helm install "$release" "$chart_dir" --dry-run=client "${values_args[@]}" "${namespace_args[@]}" "${helm_args[@]}"
else
    echo "installing or upgrading helm release $release..."
    helm upgrade --install "$release" "$chart_dir" "${values_args[@]}" "${namespace_args[@]}" "${helm_args[@]}"
fi
