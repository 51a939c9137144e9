#!/usr/bin/env bash
# NetKitCNI's JSON coder against FoundationEssentials' JSONDecoder/JSONEncoder, in the shape of
# one CNI ADD: two release executables, identical but for the coder, each read a bridge +
# host-local configuration (stdin, or the file named as the first argument), decode it as a
# plugin does (the runner's PluginConfiguration, then the plugin's own bridge and IPAM fields),
# and write a CNI result. hyperfine runs them in alternating rounds (wall time; user and system
# CPU) in one session. The temporary package (mktemp -d, depending on this one by path) is
# removed on exit.
# Usage: Scripts/bench-json.sh [RUNS]   (RUNS in all, default 2000; needs hyperfine; figures in Documentation/Performance.md)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-2000}
export PATH=/opt/swift/usr/bin:$PATH
command -v hyperfine >/dev/null || { echo "bench-json.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/Sources/Shared" "$work/Sources/json-netkitcni" "$work/Sources/json-foundation"
cat > "$work/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "BenchJSON",
    dependencies: [.package(path: "$repo")],
    targets: [
        .target(name: "Shared", dependencies: [.product(name: "NetKitCNI", package: "$(basename "$repo")")]),
        .executableTarget(name: "json-netkitcni", dependencies: ["Shared"]),
        .executableTarget(name: "json-foundation", dependencies: ["Shared"]),
    ]
)
SWIFT
cat > "$work/Sources/Shared/Shared.swift" <<'SWIFT'
@_exported import NetKitCNI
#if canImport(Glibc)
import Glibc
#endif

/// The bridge plugin's own fields and host-local's, as the plugins decode them.
public struct BridgeFields: Codable {
    public var bridge: String?
    public var isGateway: Bool?
    public var ipMasq: Bool?
    public var mtu: Int?
    public var hairpinMode: Bool?
    public var ipam: HostLocalFields?
}
public struct HostLocalFields: Codable {
    public struct Range: Codable { public var subnet: String; public var rangeStart: String?; public var gateway: String? }
    public struct RouteEntry: Codable { public var dst: String; public var gw: String? }
    public var type: String
    public var ranges: [[Range]]
    public var routes: [RouteEntry]?
    public var dataDir: String?
}

/// Standard input, or the file named by the first argument (so hyperfine can run the
/// executable without a shell for the redirect).
public func readStandardInput() -> [UInt8] {
    if CommandLine.arguments.count > 1 {
        let fd = open(CommandLine.arguments[1], O_RDONLY)
        if fd >= 0 { dup2(fd, 0); close(fd) }
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(0, &chunk, chunk.count)
        if count <= 0 { break }
        bytes += chunk[..<count]
    }
    return bytes
}

public func writeStandardOutput(_ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// The result an ADD prints, from what was decoded.
public func result(_ configuration: PluginConfiguration, _ fields: BridgeFields) -> CNIResult {
    let subnet = fields.ipam?.ranges.first?.first
    return CNIResult(cniVersion: configuration.cniVersion,
                     interfaces: [.init(name: fields.bridge ?? "cni0", mac: "02:42:0a:f4:01:01"),
                                  .init(name: "veth1a2b3c4d", mac: "02:42:0a:f4:01:02"),
                                  .init(name: "eth0", mac: "02:42:0a:f4:01:0b", sandbox: "/var/run/netns/pod")],
                     ips: [.init(address: "10.244.1.11/24", gateway: subnet?.gateway, interface: 2)],
                     routes: (fields.ipam?.routes ?? []).map { .init(dst: $0.dst, gw: $0.gw) })
}
SWIFT
cat > "$work/Sources/json-netkitcni/main.swift" <<'SWIFT'
import Shared
let input = readStandardInput()
let configuration = try CNIJSON.decode(PluginConfiguration.self, from: input, what: "configuration")
let fields = try CNIJSON.decode(BridgeFields.self, from: input, what: "bridge configuration")
writeStandardOutput(try CNIJSON.encode(result(configuration, fields)))
SWIFT
cat > "$work/Sources/json-foundation/main.swift" <<'SWIFT'
import FoundationEssentials
import Shared
let input = Data(readStandardInput())
let decoder = JSONDecoder()
let configuration = try decoder.decode(PluginConfiguration.self, from: input)
let fields = try decoder.decode(BridgeFields.self, from: input)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
writeStandardOutput([UInt8](try encoder.encode(result(configuration, fields))))
SWIFT
cat > "$work/config.json" <<'JSON'
{
  "cniVersion": "1.0.0",
  "name": "k8s-pod-network",
  "type": "netkit-bridge",
  "bridge": "cni0",
  "isGateway": true,
  "ipMasq": true,
  "mtu": 1450,
  "hairpinMode": true,
  "ipam": {
    "type": "netkit-host-local",
    "ranges": [[{"subnet": "10.244.1.0/24", "rangeStart": "10.244.1.10", "gateway": "10.244.1.1"}]],
    "routes": [{"dst": "0.0.0.0/0"}, {"dst": "10.96.0.0/12", "gw": "10.244.1.1"}],
    "dataDir": "/var/lib/cni/networks"
  },
  "runtimeConfig": {"portMappings": [], "bandwidth": {"ingressRate": 1000000, "egressRate": 1000000}}
}
JSON

(cd "$work" && swift build -c release --product json-netkitcni >/dev/null && swift build -c release --product json-foundation >/dev/null)
bin=$(cd "$work" && swift build -c release --show-bin-path)
for tool in json-netkitcni json-foundation; do
    "$bin/$tool" < "$work/config.json" > "$work/$tool.out"
    printf '%s: %s bytes, links %s\n' "$tool" "$(stat -c %s "$bin/$tool")" \
        "$(ldd "$bin/$tool" | awk '/swift|Foundation|icu/ {print $1}' | tr '\n' ' ')"
done
# Alternating rounds, so that a change in the machine's load hits both executables alike.
rounds=5
for round in $(seq 1 $rounds); do
    hyperfine -N --warmup 100 --runs $((runs / rounds)) --export-json "$work/times-$round.json" \
        "$bin/json-netkitcni $work/config.json" "$bin/json-foundation $work/config.json" >&2
done
# Per executable: the median of all runs' wall times, and the mean CPU (hyperfine reports user
# and system time as a mean per round), over all rounds.
python3 - "$work"/times-*.json <<'PY'
import json, statistics, sys
wall, cpu = {}, {}
for path in sys.argv[1:]:
    for r in json.load(open(path))["results"]:
        name = r["command"].split()[0].rsplit("/", 1)[-1]
        wall.setdefault(name, []).extend(r["times"])
        cpu.setdefault(name, []).append((r["user"] + r["system"]) * len(r["times"]))
for name in wall:
    runs = len(wall[name])
    print(f"{name}: {runs} runs, wall median {statistics.median(wall[name])*1e3:.3f} ms, "
          f"CPU (user+system) mean {sum(cpu[name]) / runs * 1e3:.3f} ms")
PY
