#!/usr/bin/env bash
# Proves NetKit builds as a *versioned* dependency (where SwiftPM rejects unsafeFlags, which
# path: dependencies would hide): tags a temporary clone, builds a throwaway consumer that
# depends on it with .package(url: "file://…", from:), and runs one call.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
work=$(mktemp -d /tmp/netkit-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/NetKit"
# Include uncommitted work so the check matches the tree being tested.
git diff HEAD --binary | (cd "$work/NetKit" && git apply --allow-empty 2>/dev/null || true)
(cd "$work/NetKit" && git add -A && git -c user.name=ci -c user.email=ci@localhost commit -qm snapshot --allow-empty && git tag 99.0.0)
mkdir -p "$work/Consumer/Sources/Consumer"
cat > "$work/Consumer/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "Consumer",
    dependencies: [.package(url: "file://$work/NetKit", from: "99.0.0")],
    targets: [.executableTarget(name: "Consumer", dependencies: [.product(name: "NetKit", package: "NetKit")])]
)
SWIFT
cat > "$work/Consumer/Sources/Consumer/main.swift" <<'SWIFT'
import NetKit
let ns = try Namespace.anonymous()
let links = try ns.netlink().links()
print("consumer: NetKit as a versioned dependency works; anonymous namespace has \(links.map(\.name))")
SWIFT
(cd "$work/Consumer" && swift build -q 2>&1 | tail -20 && ./.build/debug/Consumer)
