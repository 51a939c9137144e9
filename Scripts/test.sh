#!/usr/bin/env bash
# The whole test suite: unit tests and privileged integration tests (each in its own namespace,
# cross-checked with iproute2) on this machine's kernel; the IPIP suites where IPIP exists (this
# kernel when it can make an IPIP link, else the kernel lane); then the whole test bundle once
# more under the distribution's stock kernel in the project's kernel lane (Scripts/kernel-lane.sh),
# with ipip and ip_gre loaded: the stock-kernel pass, where IPIP, dummy, bridge VLAN filtering and
# the traffic-control kinds the host may lack (netem, fq_codel, sfq, prio) must work.
# Each step prints how long it took.
# Run as root. Usage: Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
export PATH=/opt/swift/usr/bin:$PATH
[ "$(id -u)" = 0 ] || { echo "test.sh: the privileged tests need root" >&2; exit 1; }

started=$SECONDS
step_started=$SECONDS
step() { echo "== $* (test.sh at $((SECONDS - started)) s)"; step_started=$SECONDS; }
took() { echo "-- took $((SECONDS - step_started)) s"; }

step "build"
swift build --build-tests
bundle=.build/debug/NetKitPackageTests.xctest
took

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

# Whether this kernel can make an IPIP link, tried in a namespace that vanishes with the
# command. Where ipip is a module this loads it, which gives every namespace (the machine's
# too) the fallback device tunl0, as on any Calico node.
host_has_ipip() {
    unshare --net ip link add nkprobe0 type ipip local 192.0.2.1 remote 192.0.2.2 > /dev/null 2>&1
}

step "unit and integration tests (host kernel $(uname -r))"
invariant_checked swift test --skip-build
took

# The lane's runs need more time than the host's: under TCG (no usable /dev/kvm) the guest is
# emulated; see Documentation/Testing.md for the figures.
lane_timeout=${NETKIT_LANE_TEST_TIMEOUT:-2400}
if host_has_ipip; then
    step "IPIP suites on the host kernel (it makes IPIP links; IPIP required)"
    invariant_checked env NETKIT_REQUIRE_IPIP=1 swift test --skip-build --filter 'IPIP'
    took
else
    echo "== IPIP suites: this kernel cannot make an IPIP link, so they run (IPIP required) in the stock-kernel pass below"
fi

step "stock-kernel pass: the whole test bundle in the kernel lane (ipip and ip_gre loaded; IPIP, dummy, bridge VLAN filtering and netem, fq_codel, sfq, prio required)"
invariant_checked Scripts/kernel-lane.sh -t "$lane_timeout" -- \
    env NETKIT_REQUIRE_IPIP=1 "$bundle" --testing-library swift-testing
took
echo "test.sh: all passed in $((SECONDS - started)) s"
