import NetKit

/// W1: N veth pairs `va<i>`/`vb<i>`; N macvlans `mv<i>` (mode bridge) on one parent.
enum LinkWorkload {
    static func addVeths(_ count: Int, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        let pairs = try (0..<count).map {
            try VethPair(name: InterfaceName(parsing: "va\($0)"), peerName: InterfaceName(parsing: "vb\($0)"))
        }
        try add(pairs, batch: batch, tally: &tally, one: net.add, many: net.addLinks)
    }

    /// `ip link add link PARENT name mv<i> type macvlan mode bridge`, one by one (`-b 1`: each
    /// `add` resolves the parent and creates) or through the batch API (the parent resolved once).
    static func addMACVLANs(_ count: Int, parent: InterfaceName, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        let macvlans = try (0..<count).map { try MACVLAN(name: InterfaceName(parsing: "mv\($0)"), parent: parent, mode: .bridge) }
        try add(macvlans, batch: batch, tally: &tally, one: net.add, many: net.addLinks)
    }

    /// `one` per item with `-b 1` (a failure recorded, the rest going on), otherwise `many` on
    /// slices of `batch` items (all at once by default).
    private static func add<Item>(
        _ items: [Item], batch: Int?, tally: inout Tally,
        one: (Item) throws -> Void, many: ([Item]) throws -> [BatchResult<Item>]
    ) throws {
        if batch == 1 {
            for item in items {
                do { try one(item) } catch { tally.record(error) }
            }
        } else {
            for slice in items.chunks(of: batch ?? max(items.count, 1)) {
                tally.record(try many(Array(slice)))
            }
        }
    }

    /// Deleting `va<i>` deletes `vb<i>` with it. One by one (`-b 1`), each deletion waits for
    /// its own RCU grace period; the batch path deletes them all through one link group.
    static func deleteVeths(_ count: Int, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        try deleteLinks((0..<count).map { try InterfaceName(parsing: "va\($0)") }, batch: batch, net: net, tally: &tally)
    }

    /// `ip link del` of each name: one request (and one RCU grace period) per link with `-b 1`,
    /// otherwise NetKit's deletion through a link group.
    static func deleteLinks(_ names: [InterfaceName], batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        if batch == 1 {
            for name in names {
                do { try net.deleteLink(name) } catch { tally.record(error) }
            }
        } else {
            tally.record(try net.deleteLinks(named: names))
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
