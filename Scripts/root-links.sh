#!/usr/bin/env bash
# Prints the names of the machine's root namespace links on one line, sorted, without the
# fallback devices a tunnel module adds to every namespace when it loads (probing for IPIP or
# running an IPIP example loads ipip where it is a module, as on any Calico node): the names listed
# in Tests/NetKitTestSupport/KernelFallbackDevices.swift. For before/after comparisons in
# .ci/run and Scripts/run-examples.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
fallback_devices=$(grep -oE '"[a-z0-9_]+"' Tests/NetKitTestSupport/KernelFallbackDevices.swift | tr -d '"')
ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | { grep -vxF "$fallback_devices" || true; } | sort | tr '\n' ' '
