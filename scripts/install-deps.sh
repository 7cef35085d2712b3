#!/usr/bin/env bash
# Installs Debian packages that tests or benchmarks need, only when missing.
#
#   scripts/install-deps.sh nginx haproxy wrk
#
# Each argument is "package" or "package:probe". The probe proves the package
# is installed: an absolute path that must exist, or a command looked up on
# PATH, /usr/sbin and /usr/bin (default: the package name). Nothing is done
# when every probe succeeds.
# Package services are never started: a temporary policy-rc.d refuses them, so
# installing nginx does not try to bind :80.
set -euo pipefail

missing=()
for spec in "$@"; do
    pkg="${spec%%:*}"
    probe="${spec#*:}"
    if [ "${probe:0:1}" = "/" ]; then
        [ -e "$probe" ] || missing+=("$pkg")
    elif ! command -v "$probe" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$probe" ] && [ ! -x "/usr/bin/$probe" ]; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi

policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, from paralarva scripts/install-deps.sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
    "${SUDO[@]}" chmod 755 "$policy"
    created_policy=1
fi
cleanup() {
    if [ "$created_policy" -eq 1 ]; then
        "${SUDO[@]}" rm -f "$policy"
    fi
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q </dev/null
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
