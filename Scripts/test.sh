#!/usr/bin/env bash
# The whole test suite: unit tests, privileged integration tests (each in its own namespace,
# cross-checked with iproute2) on this kernel, then the IPIP suites under a stock Debian kernel
# in qemu (shared/kernel-lane), where IPIP exists and they must pass for real.
# Run as root. Usage: Scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
export PATH=/opt/swift/usr/bin:$PATH
[ "$(id -u)" = 0 ] || { echo "test.sh: the privileged tests need root" >&2; exit 1; }

swift build --build-tests
bundle=.build/debug/NetKitPackageTests.xctest

echo "== unit and integration tests (host kernel $(uname -r))"
swift test --skip-build

lane=${NETKIT_KERNEL_LANE:-../shared/kernel-lane/run-in-kernel.sh}
[ -x "$lane" ] || lane=$(cd .. && pwd)/shared/kernel-lane/run-in-kernel.sh
if [ ! -x "$lane" ]; then
    echo "test.sh: kernel lane not found ($lane); the IPIP suites cannot run" >&2
    exit 1
fi
echo "== IPIP suites in the kernel lane (stock Debian kernel, IPIP required)"
NETKIT_REQUIRE_IPIP=1 "$lane" -t 900 -- env NETKIT_REQUIRE_IPIP=1 "$bundle" --testing-library swift-testing --filter 'IPIP|BridgeVLANTests|DummyLinkTests'
