import NetKit
import NetKitCNI

/// Picks addresses from one range set the way the reference host-local does: round-robin from
/// the address after the last one handed out, skipping the gateway and taken addresses, so a
/// crash-looping container does not get the same address back until the set has gone round.
struct AddressAllocator {
    let rangeSet: [AddressRange]
    let index: Int
    let store: AllocationStore

    /// One address for the attachment: `requested` if given, otherwise the next free one.
    func allocate(containerID: String, interface: String, requested: IPAddress?) throws(CNIError) -> CNIResult.IPConfiguration {
        if let requested {
            guard let range = rangeSet.first(where: { $0.contains(requested) }) else {
                throw CNIError(
                    .addressUnavailable, "requested address not in range set",
                    details: "\(requested) is not in range set \(setDescription)")
            }
            if requested == range.gateway {
                throw CNIError(.addressUnavailable, "requested ip \(requested) is subnet's gateway")
            }
            guard try store.reserve(requested, containerID: containerID, interface: interface, rangeSet: index) else {
                throw CNIError(.addressUnavailable, "requested IP address \(requested) is not available in range set \(setDescription)")
            }
            return configuration(requested, range)
        }
        for existing in store.addresses(of: containerID, interface: interface) where rangeSet.contains(where: { $0.contains(existing) }) {
            throw CNIError(
                .addressUnavailable, "\(existing) has been allocated to \(containerID), duplicate allocation is not allowed",
                details: "interface \(interface) of container \(containerID) already holds \(existing); DEL it first")
        }
        var candidates = Candidates(rangeSet: rangeSet, lastReserved: store.lastReserved(rangeSet: index))
        while let (address, range) = candidates.next() {
            if try store.reserve(address, containerID: containerID, interface: interface, rangeSet: index) {
                return configuration(address, range)
            }
        }
        throw CNIError(.addressesExhausted, "no IP addresses available in range set: \(setDescription)")
    }

    /// How many addresses the set can hand out, and how many are taken (`STATUS`).
    func usage() -> (capacity: UInt64, taken: Int) {
        var capacity: UInt64 = 0
        for range in rangeSet {
            let size = range.size
            capacity = capacity.addingReportingOverflow(size).overflow ? .max : capacity + size
            if range.contains(range.gateway), capacity > 0 { capacity -= 1 }
        }
        let taken = store.reservations().filter { reservation in rangeSet.contains { $0.contains(reservation.address) } }.count
        return (capacity, taken)
    }

    private var setDescription: String { rangeSet.map(\.description).joined(separator: ",") }

    private func configuration(_ address: IPAddress, _ range: AddressRange) -> CNIResult.IPConfiguration {
        CNIResult.IPConfiguration(address: "\(address)/\(range.subnet.prefixLength)", gateway: range.gateway.description)
    }
}

/// The reference's `RangeIter`: every address of the set once, starting after `lastReserved`
/// (or at the first range's start), wrapping from one range's end to the next range's start.
struct Candidates {
    let rangeSet: [AddressRange]
    private var rangeIndex = 0
    private var current: IPAddress?
    private var start: IPAddress?

    init(rangeSet: [AddressRange], lastReserved: IPAddress?) {
        self.rangeSet = rangeSet
        if let lastReserved, let index = rangeSet.firstIndex(where: { $0.contains(lastReserved) }) {
            rangeIndex = index
            current = lastReserved
        } else {
            start = rangeSet.first?.rangeStart
        }
    }

    mutating func next() -> (IPAddress, AddressRange)? {
        guard !rangeSet.isEmpty else { return nil }
        while true {
            var range = rangeSet[rangeIndex]
            guard let position = current else {
                current = range.rangeStart
                start = range.rangeStart
                if range.rangeStart == range.gateway { continue }
                return (range.rangeStart, range)
            }
            if position == range.rangeEnd {
                rangeIndex = (rangeIndex + 1) % rangeSet.count
                range = rangeSet[rangeIndex]
                current = range.rangeStart
            } else {
                current = position.advanced(by: 1)
            }
            guard let candidate = current else { return nil }
            if let start {
                if candidate == start { return nil }
            } else {
                start = candidate
            }
            if candidate == range.gateway { continue }
            return (candidate, range)
        }
    }
}

extension AddressRange {
    /// The number of addresses from start to end, saturating at `UInt64.max` for huge IPv6 ranges.
    var size: UInt64 {
        switch (rangeStart, rangeEnd) {
        case (.v4(let a), .v4(let b)):
            return UInt64(b.rawValue - a.rawValue) + 1
        case (.v6(let a), .v6(let b)):
            guard a.high == b.high, b.low - a.low < .max else { return .max }
            return b.low - a.low + 1
        default:
            return 0
        }
    }
}
