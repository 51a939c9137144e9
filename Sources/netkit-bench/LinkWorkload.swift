import NetKit

/// W1: N veth pairs `va<i>`/`vb<i>`.
enum LinkWorkload {
    static func addVeths(_ count: Int, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        let pairs = (0..<count).map { VethPair(name: "va\($0)", peerName: "vb\($0)") }
        if batch == 1 {
            for pair in pairs {
                do { try net.add(pair) } catch { tally.record(error) }
            }
        } else {
            for slice in pairs.chunks(of: batch ?? max(pairs.count, 1)) {
                tally.record(try net.addLinks(Array(slice)))
            }
        }
    }

    /// Deleting `va<i>` deletes `vb<i>` with it. One by one (`-b 1`), each deletion waits for
    /// its own RCU grace period; the batch path deletes them all through one link group.
    static func deleteVeths(_ count: Int, batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
        try deleteLinks((0..<count).map { "va\($0)" }, batch: batch, net: net, tally: &tally)
    }

    /// `ip link del` of each name: one request (and one RCU grace period) per link with `-b 1`,
    /// otherwise NetKit's deletion through a link group.
    static func deleteLinks(_ names: [String], batch: Int?, net: NetlinkHandle, tally: inout Tally) throws {
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
