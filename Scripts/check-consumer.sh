#!/usr/bin/env bash
# Proves NetKit builds as a *versioned* dependency (where SwiftPM rejects unsafeFlags, which
# path: dependencies would hide): tags a temporary clone, builds throwaway consumers that
# depend on it with .package(url: "file://…", from:), and runs them: one uses NetKit (and
# compiles every Swift block of README.md and Documentation/*.md), the other only the NetKitCNI
# library product (a plugin author's view: a minimal CNI plugin, asked VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
work=$(mktemp -d /tmp/netkit-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/NetKit"
# Include uncommitted work so the check matches the tree being tested.
git diff HEAD --binary | (cd "$work/NetKit" && git apply --allow-empty 2>/dev/null || true)
(cd "$work/NetKit" && git add -A && git -c user.name=ci -c user.email=ci@localhost commit -qm snapshot --allow-empty && git tag 99.0.0)
# consumer PACKAGE TARGET PRODUCT...: a package in $work/PACKAGE whose one executable TARGET uses
# only the PRODUCTs of the tagged clone; its main.swift is written by the caller.
consumer() {
    local package=$1 target=$2 products="" product
    shift 2
    for product in "$@"; do products+=".product(name: \"$product\", package: \"NetKit\"), "; done
    mkdir -p "$work/$package/Sources/$target"
    cat > "$work/$package/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "$package",
    dependencies: [.package(url: "file://$work/NetKit", from: "99.0.0")],
    targets: [.executableTarget(name: "$target", dependencies: [$products])]
)
SWIFT
}
consumer Consumer Consumer NetKit NetKitCNI
# Every Swift block of the README and the guides, compiled with the consumer (never run): the
# documentation must build against the API as it is.
awk -f Scripts/snippets/extract.awk README.md Documentation/*.md > "$work/Consumer/Sources/Consumer/Snippets.swift"
cat > "$work/Consumer/Sources/Consumer/main.swift" <<'SWIFT'
import NetKit
let ns = try Namespace.anonymous()
let links = try ns.netlink().links()
print("consumer: NetKit as a versioned dependency works; anonymous namespace has \(links.map(\.name))")
SWIFT
# Only errors are shown: the snippets leave values unused, which the compiler warns about.
(cd "$work/Consumer" && swift build -q 2>&1 | { grep -E -A8 "error:" || true; } && ./.build/debug/Consumer)

# The CNI types and runner alone: a plugin that depends on NetKitCNI and nothing else.
consumer PluginConsumer noop-plugin NetKitCNI
cat > "$work/PluginConsumer/Sources/noop-plugin/main.swift" <<'SWIFT'
import NetKitCNI

/// Passes prevResult through: the smallest plugin that speaks the whole protocol.
struct Noop: CNIPlugin {
    let about = "noop CNI plugin (NetKitCNI consumer check)"
    func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { request.configuration.prevResult ?? CNIResult() }
    func check(_ request: CNIRequest) throws(CNIError) {}
    func delete(_ request: CNIRequest) throws(CNIError) {}
}
CNIPluginRunner.main(Noop())
SWIFT
(cd "$work/PluginConsumer" && swift build -q 2>&1 | tail -20)
plugin=$work/PluginConsumer/.build/debug/noop-plugin
# Only NetKitCNI was compiled (SwiftPM lays out a directory for every target, but NetKit's has
# no object files), and the plugin does not load libnl.
if compgen -G "$work/PluginConsumer/.build/debug/NetKit.build/*.o" > /dev/null || ldd "$plugin" | grep -q libnl; then
    echo "check-consumer: the NetKitCNI-only consumer pulled in NetKit or libnl" >&2
    exit 1
fi
answer=$(echo '{"cniVersion": "1.0.0"}' | CNI_COMMAND=VERSION "$plugin" | tr -d ' \n')
echo "consumer: NetKitCNI alone as a versioned dependency works; VERSION → $answer"
case "$answer" in
    '{"cniVersion":"1.0.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}') ;;
    *) echo "check-consumer: unexpected VERSION answer from the NetKitCNI consumer: $answer" >&2; exit 1 ;;
esac
add=$(echo '{"cniVersion": "1.0.0", "name": "n", "type": "noop-plugin"}' |
      CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_NETNS=/run/netns/none CNI_IFNAME=eth0 CNI_PATH=/nowhere "$plugin" | tr -d ' \n')
echo "consumer: ADD → $add"
case "$add" in *'"cniVersion":"1.0.0"'*) ;; *) echo "check-consumer: unexpected ADD result: $add" >&2; exit 1 ;; esac
