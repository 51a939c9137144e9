import NetKit
import NetKitCNI

/// One `ranges` entry of host-local: a subnet, the part of it to allocate from, and its gateway,
/// completed as the reference plugin does (gateway `.1`, start after the network address,
/// end before the IPv4 broadcast address).
struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    var subnet: IPNetwork
    var rangeStart: IPAddress
    var rangeEnd: IPAddress
    var gateway: IPAddress

    /// Field text as the configuration has it.
    struct Specification: Sendable, Hashable, Decodable {
        var subnet: String?
        var rangeStart: String?
        var rangeEnd: String?
        var gateway: String?
    }

    /// Validates and completes `specification`; failures are error 7 naming the field `at`.
    init(_ specification: Specification, at place: String) throws(CNIError) {
        func invalid(_ why: String) -> CNIError {
            CNIError(.invalidNetworkConfiguration, "invalid IPAM range", details: "\(place): \(why)")
        }
        func address(_ text: String, _ field: String) throws(CNIError) -> IPAddress {
            do {
                return try IPAddress(parsing: text)
            } catch {
                throw invalid("\(field) \(error.reasonText)")
            }
        }
        guard let subnetText = specification.subnet, !subnetText.isEmpty else { throw invalid("\"subnet\" is required") }
        let subnet: IPNetwork
        do {
            subnet = try IPNetwork(parsing: subnetText)
        } catch {
            throw invalid("subnet \(error.reasonText)")
        }
        guard subnetText.contains("/") else { throw invalid("subnet \"\(subnetText)\" needs a prefix length, e.g. \(subnetText)/24") }
        if subnet.hasHostBits {
            throw invalid(
                "subnet \(subnetText) has host bits set; for a /\(subnet.prefixLength) the network address is \(subnet.masked.address)")
        }
        if subnet.prefixLength > subnet.family.maxPrefixLength - 2 {
            throw invalid("network \(subnet) is too small to allocate from")
        }
        self.subnet = subnet
        let first = subnet.address.advanced(by: 1)
        let last = subnet.lastUsableAddress
        gateway = first
        rangeStart = first
        rangeEnd = last
        if let text = specification.gateway {
            gateway = try address(text, "gateway")
            guard gateway.family == subnet.family else { throw invalid("gateway \(text) is not of the subnet's family") }
        }
        if let text = specification.rangeStart {
            rangeStart = try address(text, "rangeStart")
            guard subnet.contains(rangeStart) else { throw invalid("rangeStart \(text) is not in network \(subnet)") }
        }
        if let text = specification.rangeEnd {
            rangeEnd = try address(text, "rangeEnd")
            guard subnet.contains(rangeEnd) else { throw invalid("rangeEnd \(text) is not in network \(subnet)") }
        }
        if rangeEnd < rangeStart { throw invalid("rangeEnd \(rangeEnd) comes before rangeStart \(rangeStart)") }
    }

    var family: AddressFamily { subnet.family }

    /// Inside the subnet and between start and end (both included).
    func contains(_ address: IPAddress) -> Bool {
        subnet.contains(address) && rangeStart <= address && address <= rangeEnd
    }

    func overlaps(_ other: AddressRange) -> Bool {
        family == other.family
            && (contains(other.rangeStart) || contains(other.rangeEnd)
                || other.contains(rangeStart) || other.contains(rangeEnd))
    }

    /// `10.1.0.1-10.1.0.254`, as the reference prints a range.
    var description: String { "\(rangeStart)-\(rangeEnd)" }
}

extension IPAddress {
    /// The address `count` further on, wrapping within the family.
    func advanced(by count: UInt64) -> IPAddress {
        switch self {
        case .v4(let address):
            return .v4(IPv4Address(rawValue: address.rawValue &+ UInt32(truncatingIfNeeded: count)))
        case .v6(let address):
            let (low, carry) = address.low.addingReportingOverflow(count)
            return .v6(IPv6Address(high: address.high &+ (carry ? 1 : 0), low: low))
        }
    }
}

extension IPNetwork {
    /// The last address of the prefix, less the IPv4 broadcast address.
    var lastUsableAddress: IPAddress {
        switch masked.address {
        case .v4(let network):
            let hostBits = UInt32(truncatingIfNeeded: (UInt64(1) << (32 - UInt64(prefixLength))) - 1)
            return .v4(IPv4Address(rawValue: (network.rawValue | hostBits) &- 1))
        case .v6(let network):
            let bits = 128 - Int(prefixLength)
            let lowMask: UInt64 = bits >= 64 ? .max : (UInt64(1) << UInt64(bits)) - 1
            let highMask: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? .max : (UInt64(1) << UInt64(bits - 64)) - 1)
            return .v6(IPv6Address(high: network.high | highMask, low: network.low | lowMask))
        }
    }
}

extension NetKitError {
    /// The reason alone, without operation and object: `"10.1.0.0/33": prefix length 33 is out of range`.
    var reasonText: String {
        if case .invalidInput(let why) = reason { return why }
        return description
    }
}
