#!/usr/bin/env bash
# The whole test suite: unit tests, privileged integration tests (each in its own namespace,
# cross-checked with iproute2) on this kernel, then the IPIP suites under a stock Debian kernel
# in qemu (shared/kernel-lane), where IPIP exists and they must pass for real, with the
# namespace-safety suites (threads and tasks stay in the initial namespace on that kernel too).
# Run as root. Usage: Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
export PATH=/opt/swift/usr/bin:$PATH
[ "$(id -u)" = 0 ] || { echo "test.sh: the privileged tests need root" >&2; exit 1; }

swift build --build-tests
bundle=.build/debug/NetKitPackageTests.xctest

# Runs a test command, showing its output, and fails unless the test process's exit hook
# (Tests/NetKitIntegrationTests/Support/TestNamespace.swift) printed that every thread was still in
# the initial namespace after the suite: a run whose hook never ran proves nothing.
invariant_checked() {
    local log status=0
    log=$(mktemp)
    "$@" 2>&1 | tee "$log" || status=$?
    if [ "$status" -eq 0 ] && ! grep -q 'thread-namespace invariant: all ' "$log"; then
        echo "test.sh: no 'thread-namespace invariant: all …' line from: $*" >&2
        status=1
    fi
    rm -f "$log"
    return "$status"
}

echo "== unit and integration tests (host kernel $(uname -r))"
invariant_checked swift test --skip-build

# The kernel lane: $NETKIT_KERNEL_LANE (which must then exist), else shared/kernel-lane next to
# this clone, else the machine's copy in /work/shared.
lane=""
if [ -n "${NETKIT_KERNEL_LANE:-}" ]; then
    [ -x "$NETKIT_KERNEL_LANE" ] || { echo "test.sh: NETKIT_KERNEL_LANE=$NETKIT_KERNEL_LANE is not an executable" >&2; exit 1; }
    lane=$NETKIT_KERNEL_LANE
fi
for candidate in "$(cd .. && pwd)/shared/kernel-lane/run-in-kernel.sh" /work/shared/kernel-lane/run-in-kernel.sh; do
    if [ -z "$lane" ] && [ -x "$candidate" ]; then lane=$candidate; fi
done
if [ -z "$lane" ]; then
    echo "test.sh: kernel lane not found (set NETKIT_KERNEL_LANE, or clone next to shared/kernel-lane); the IPIP suites cannot run" >&2
    exit 1
fi
echo "== IPIP and namespace-safety suites in the kernel lane (stock Debian kernel, IPIP required)"
invariant_checked env NETKIT_REQUIRE_IPIP=1 "$lane" -t 900 -- env NETKIT_REQUIRE_IPIP=1 "$bundle" --testing-library swift-testing --filter 'IPIP|BridgeVLANTests|DummyLinkTests|IdlePoolTests|ThreadInvariantTests'
echo "== Traffic-control suites in the kernel lane (netem, fq_codel, sfq, prio required)"
invariant_checked env NETKIT_REQUIRE_IPIP=1 "$lane" -t 900 -- env NETKIT_REQUIRE_IPIP=1 "$bundle" --testing-library swift-testing --filter 'QdiscTests|FilterTests|trafficControlEvents'
