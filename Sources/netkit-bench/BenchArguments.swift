import NetKit
#if canImport(Glibc)
    import Glibc
#endif

/// The command line, exactly as the performance issue specifies it.
struct BenchArguments {
    enum Command {
        case vethAdd(Int), vethDelete(Int)
        case macvlanAdd(Int, String), macvlanDelete(Int)
        case routeAdd(Int, String, UInt8), routeDelete(Int, String, UInt8)
        case routeDump, linkDump
        case podsAdd(Int, String), podsDelete(Int, String)
        case tbfAdd(Int)
        case fdbAppend(Int, String)
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    /// `nil`: NetKit's batch path as it sizes it; 1: one request + ACK per operation; B > 1:
    /// the batch API called with B operations at a time.
    var batch: Int?
    var command: Command

    static let usage = """
        usage: netkit-bench [-b BATCH] veth-add N | veth-del N
               netkit-bench [-b BATCH] macvlan-add N PARENT | macvlan-del N
               netkit-bench [-b BATCH] route-add N IFNAME PLEN | route-del N IFNAME PLEN
               netkit-bench route-dump | link-dump
               netkit-bench [-b BATCH] pods-add N PREFIX | pods-del N PREFIX
               netkit-bench [-b BATCH] tbf-add N      (a tbf on each of va0 … vaN-1)
               netkit-bench [-b BATCH] fdb-append N IFNAME  (N vxlan forwarding entries, one per remote)
        """

    init(_ words: [String]) throws(UsageError) {
        var words = words[...]
        if words.first == "-b" {
            words.removeFirst()
            guard let text = words.popFirst(), let value = Int(text), value >= 1 else {
                throw UsageError(description: "-b takes a batch size of at least 1")
            }
            batch = value
        }
        guard let name = words.popFirst() else { throw UsageError(description: "no command") }
        let rest = Array(words)
        switch (name, rest.count) {
        case ("veth-add", 1): command = .vethAdd(try Self.count(rest[0]))
        case ("veth-del", 1): command = .vethDelete(try Self.count(rest[0]))
        case ("macvlan-add", 2): command = .macvlanAdd(try Self.count(rest[0]), rest[1])
        case ("macvlan-del", 1): command = .macvlanDelete(try Self.count(rest[0]))
        case ("route-add", 3): command = .routeAdd(try Self.count(rest[0]), rest[1], try Self.prefixLength(rest[2]))
        case ("route-del", 3): command = .routeDelete(try Self.count(rest[0]), rest[1], try Self.prefixLength(rest[2]))
        case ("route-dump", 0): command = .routeDump
        case ("link-dump", 0): command = .linkDump
        case ("pods-add", 2): command = .podsAdd(try Self.count(rest[0]), rest[1])
        case ("pods-del", 2): command = .podsDelete(try Self.count(rest[0]), rest[1])
        case ("tbf-add", 1): command = .tbfAdd(try Self.count(rest[0]))
        case ("fdb-append", 2): command = .fdbAppend(try Self.count(rest[0]), rest[1])
        default: throw UsageError(description: "unknown command or wrong number of arguments: \(([name] + rest).joined(separator: " "))")
        }
    }

    private static func count(_ text: String) throws(UsageError) -> Int {
        guard let value = Int(text), (0...100_000_000).contains(value) else {
            throw UsageError(description: "N must be a count from 0 to 100000000, not \"\(text)\"")
        }
        return value
    }

    private static func prefixLength(_ text: String) throws(UsageError) -> UInt8 {
        guard let value = UInt8(text), (1...32).contains(value) else {
            throw UsageError(description: "PLEN must be an IPv4 prefix length from 1 to 32, not \"\(text)\"")
        }
        return value
    }

    static func printUsage(_ error: UsageError) {
        printError("netkit-bench: \(error)\n\(usage)")
    }
}

/// Counts failed operations; the first few are printed as they happen.
struct Tally {
    private(set) var failures = 0

    mutating func record(_ error: any Error) {
        if failures < 5 { printError("netkit-bench: \(error)") }
        failures += 1
    }

    mutating func record<Item>(_ results: [BatchResult<Item>]) {
        for result in results { if let error = result.error { record(error) } }
    }
}

func printError(_ text: String) {
    let line = text + "\n"
    _ = line.utf8.withContiguousStorageIfAvailable { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
