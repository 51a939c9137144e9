// netkit-bench: NetKit's side of the side-by-side benchmark (Scripts/bench.sh). It acts in the
// network namespace of the calling process — a harness runs it with `nsenter --net=/run/netns/NS`
// or `ip netns exec NS` — and refuses the machine's root namespace.
//
//   netkit-bench [-b BATCH] veth-add N | veth-del N
//   netkit-bench [-b BATCH] macvlan-add N PARENT | macvlan-del N
//   netkit-bench [-b BATCH] route-add N IFNAME PLEN | route-del N IFNAME PLEN
//   netkit-bench route-dump | link-dump
//   netkit-bench [-b BATCH] pods-add N PREFIX | pods-del N PREFIX
//   netkit-bench [-b BATCH] tbf-add N
//   netkit-bench [-b BATCH] fdb-append N IFNAME
//
// `-b 1` uses the one-request-per-operation API (one request + ACK each); the default uses
// NetKit's batch API; `-b B` hands the batch API B operations per call. Exit status 1 if any
// operation failed, 2 for bad usage or a refused namespace.
import NetKit
#if canImport(Glibc)
    import Glibc
#endif

let arguments: BenchArguments
do {
    // argv read directly: `CommandLine.arguments` costs a runtime type lookup at start-up,
    // and start-up is part of every number the benchmark reports.
    var words: [String] = []
    for index in 1..<Int(CommandLine.argc) {
        if let word = CommandLine.unsafeArgv[index] { words.append(String(cString: word)) }
    }
    arguments = try BenchArguments(words)
} catch {
    BenchArguments.printUsage(error)
    exit(2)
}
if let reason = RootNamespaceGuard.refusal() {
    printError("netkit-bench: \(reason)")
    exit(2)
}

var tally = Tally()
do {
    let net = try Namespace.initial().netlink()
    switch arguments.command {
    case .vethAdd(let count): try LinkWorkload.addVeths(count, batch: arguments.batch, net: net, tally: &tally)
    case .vethDelete(let count): try LinkWorkload.deleteVeths(count, batch: arguments.batch, net: net, tally: &tally)
    case .macvlanAdd(let count, let parent):
        try LinkWorkload.addMACVLANs(count, parent: InterfaceName(parsing: parent), batch: arguments.batch, net: net, tally: &tally)
    case .macvlanDelete(let count):
        try LinkWorkload.deleteLinks(
            (0..<count).map { try InterfaceName(parsing: "mv\($0)") }, batch: arguments.batch, net: net, tally: &tally)
    case .routeAdd(let count, let device, let prefixLength):
        try RouteWorkload.change(.add, count, device, prefixLength, batch: arguments.batch, net: net, tally: &tally)
    case .routeDelete(let count, let device, let prefixLength):
        try RouteWorkload.change(.delete, count, device, prefixLength, batch: arguments.batch, net: net, tally: &tally)
    case .routeDump: finish(holding: try net.routes(filter: .mainIPv4))
    case .linkDump: finish(holding: try net.links())
    case .podsAdd(let count, let prefix): try PodWorkload.add(count, prefix: prefix, batch: arguments.batch, host: net, tally: &tally)
    case .podsDelete(let count, let prefix): try PodWorkload.delete(count, prefix: prefix, batch: arguments.batch, host: net, tally: &tally)
    case .tbfAdd(let count): try QdiscWorkload.addTokenBuckets(count, batch: arguments.batch, net: net, tally: &tally)
    case .fdbAppend(let count, let device):
        try ForwardingWorkload.append(count, device: device, batch: arguments.batch, net: net, tally: &tally)
    }
} catch {
    tally.record(error)
}
if tally.failures > 0 {
    printError("netkit-bench: \(tally.failures) operation(s) failed")
    exit(1)
}

/// Prints the count of a dump and exits with the values still in hand, as a program that goes on
/// to use them would be at this point; releasing 100k `Route`s one by one is not part of the
/// dump (mnl-peer likewise exits without freeing its array).
func finish<Element>(holding values: [Element]) -> Never {
    let line = "\(values.count)\n"
    _ = line.utf8.withContiguousStorageIfAvailable { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    withExtendedLifetime(values) { exit(0) }
}
