#!/usr/bin/env bash
# Installs what NetKit needs on a fresh Debian machine (run as root): the C libraries the
# CNetlink module links, iproute2 (the tests' independent reader of kernel state) and the
# reference CNI plugins; util-linux for setpriv, unshare and nsenter (privilege and namespace
# tests, bench.sh); gcc and libc6-dev for `cc`, which builds bench.sh's libmnl peer; g++ for
# libstdc++.a, which Scripts/release-build.sh links into the release executables; python3 for
# bench.sh's pyroute2 column; git for check-consumer.sh's tagged clone; containerd, runc,
# podman, busybox-static (the container image) and strace (latency figures) for
# cni-runtimes-test.sh; bird2 (BIRD 2, the BGP daemon Calico runs) for the calico-node example.
# Idempotent and quick when everything is present.
set -euo pipefail
packages=(libnl-3-dev libnl-route-3-dev libmnl-dev pkg-config iproute2 procps iptables containernetworking-plugins nftables util-linux
          gcc g++ libc6-dev python3 git containerd runc podman busybox-static strace bird2)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # The containerd and bird2 packages start their services (containerd, BIRD) in the machine's
    # own namespace; cni-runtimes-test.sh and the calico-node example run their own daemons inside
    # throwaway namespaces, so none is started here (policy-rc.d's 101:
    # "action forbidden"), unless the machine already has a policy of its own.
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
    fi
    status=0
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
    [ -n "$policy" ] && rm -f "$policy"
    [ "$status" = 0 ] || exit "$status"
fi
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
command -v swift >/dev/null || { echo "setup: swift not found (expected at /opt/swift)" >&2; exit 1; }
