#!/usr/bin/env bash
# Installs what NetKit needs on a fresh Debian machine (run as root): the C libraries the
# CNetlink module links, iproute2 (the tests' independent reader of kernel state) and the
# reference CNI plugins; util-linux for setpriv, unshare and nsenter (privilege and namespace
# tests, bench.sh); gcc and libc6-dev for `cc`, which builds bench.sh's libmnl peer; python3 for
# bench.sh's pyroute2 column; git for check-consumer.sh's tagged clone; bird2 (BIRD 2, the BGP
# daemon Calico runs) for the calico-node example. Idempotent and quick when everything is present.
set -euo pipefail
packages=(libnl-3-dev libnl-route-3-dev libmnl-dev pkg-config iproute2 procps iptables containernetworking-plugins nftables util-linux
          gcc libc6-dev python3 git bird2)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Under systemd the package enables and starts bird.service in the machine's own namespace,
    # where BIRD's kernel protocol would remove `proto bird` routes it did not install. The
    # example starts its own BIRD in throwaway namespaces: stop the service this install started.
    if [[ " ${missing[*]} " == *" bird2 "* ]] && [ -d /run/systemd/system ]; then
        systemctl disable --now bird.service >/dev/null 2>&1 || true
    fi
fi
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
command -v swift >/dev/null || { echo "setup: swift not found (expected at /opt/swift)" >&2; exit 1; }
