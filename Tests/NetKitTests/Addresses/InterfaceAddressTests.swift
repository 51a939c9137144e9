@testable import NetKit
import Testing

/// Parsing kernel `RTM_NEWADDR` messages and printing them as `ip addr` does (the expected lines
/// are copied from iproute2 6.1's output for the same kernel state).
@Suite("Interface addresses: parsing and ip addr text")
struct InterfaceAddressTests {
    /// Builds an `RTM_NEWADDR` message as the kernel would send it and parses it.
    private func parse(
        family: AddressFamily, prefixLength: UInt8, flags: UInt8 = 0x80, scope: AddressScope = .global, index: UInt32 = 3,
        _ attributes: (inout NetlinkRequest) -> Void
    ) throws -> InterfaceAddress? {
        var request = NetlinkRequest(.newAddress, flags: [], operation: "test")
        request.appendHeader(
            InterfaceAddressHeader(
                family: family.rawValue, prefixLength: prefixLength, flags: flags,
                scope: scope.rawValue, index: index))
        attributes(&request)
        return try decodeEach(request) { try InterfaceAddress(message: $0) }.first ?? nil
    }

    private static func cacheinfo(valid: UInt32, preferred: UInt32) -> [UInt8] {
        withUnsafeBytes(of: InterfaceAddressCacheInfo(preferred: preferred, valid: valid)) { Array($0) }
    }

    @Test("inet 172.19.0.100/24 brd 172.19.0.255 scope global veth1")
    func ipv4WithBroadcast() throws {
        var address = try #require(
            try parse(family: .ipv4, prefixLength: 24) { request in
                request.appendAttribute(IFA.address, bytes: [172, 19, 0, 100])
                request.appendAttribute(IFA.local, bytes: [172, 19, 0, 100])
                request.appendAttribute(IFA.broadcast, bytes: [172, 19, 0, 255])
                request.appendAttribute(IFA.label, string: "veth1")
                request.appendAttribute(IFA.flags, uint32: 0x80)
                request.appendAttribute(IFA.cacheinfo, bytes: Self.cacheinfo(valid: .max, preferred: .max))
            })
        address.interfaceName = "veth1"
        #expect(address.description == "inet 172.19.0.100/24 brd 172.19.0.255 scope global veth1")
        #expect(address.local == "172.19.0.100/24")
        #expect(address.local.hasHostBits)
        #expect(address.peer == nil)
        #expect(address.broadcast == IPv4Address(172, 19, 0, 255))
        #expect(address.isPermanent)
        #expect(address.lifetime == .forever)
        #expect(address.lifetime?.description == "valid_lft forever preferred_lft forever")
        #expect(address.interfaceIndex == 3)
    }

    @Test("inet6 fe80::d430:67ff:febc:3c75/64 scope link tentative (IFA_ADDRESS only)")
    func ipv6LinkLocal() throws {
        let address = try #require(
            try parse(family: .ipv6, prefixLength: 64, flags: 0xC0, scope: .link) { request in
                request.appendAttribute(IFA.address, bytes: IPAddress("fe80::d430:67ff:febc:3c75").networkBytes)
                request.appendAttribute(IFA.flags, uint32: 0xC0)
            })
        #expect(address.description == "inet6 fe80::d430:67ff:febc:3c75/64 scope link tentative")
        #expect(address.isTentative)
        #expect(address.label == nil)
        #expect(address.interfaceName == "if3")
    }

    @Test("flags print in iproute2's order; a missing permanent prints dynamic; lifetimes in seconds")
    func flagsAndLifetimes() throws {
        let address = try #require(
            try parse(family: .ipv4, prefixLength: 24, flags: 0x01) { request in
                request.appendAttribute(IFA.local, bytes: [10, 3, 0, 2])
                request.appendAttribute(IFA.address, bytes: [10, 3, 0, 2])
                request.appendAttribute(IFA.label, string: "v0")
                request.appendAttribute(IFA.flags, uint32: 0x201)
                request.appendAttribute(IFA.routePriority, uint32: 7)
                request.appendAttribute(IFA.cacheinfo, bytes: Self.cacheinfo(valid: 99, preferred: 49))
            })
        #expect(address.description == "inet 10.3.0.2/24 metric 7 scope global secondary dynamic noprefixroute v0")
        #expect(address.lifetime?.description == "valid_lft 99sec preferred_lft 49sec")
        #expect(address.isSecondary)
        #expect(address.metric == 7)
    }

    @Test("inet 10.1.0.1 peer 10.1.0.2/32 scope global v0")
    func peer() throws {
        let address = try #require(
            try parse(family: .ipv4, prefixLength: 32) { request in
                request.appendAttribute(IFA.address, bytes: [10, 1, 0, 2])
                request.appendAttribute(IFA.local, bytes: [10, 1, 0, 1])
                request.appendAttribute(IFA.label, string: "v0")
            })
        #expect(address.description == "inet 10.1.0.1 peer 10.1.0.2/32 scope global v0")
        #expect(address.peer == "10.1.0.2")
        #expect(address.local == "10.1.0.1/32")
    }

    @Test("IPv6 secondary is printed temporary; unknown bits as flags HEX")
    func ipv6Temporary() {
        #expect(AddressFlags([.secondary, .permanent]).words(family: .ipv6) == ["temporary"])
        #expect(AddressFlags([.secondary, .permanent]).words(family: .ipv4) == ["secondary"])
        #expect(AddressFlags(rawValue: 0x1080).words(family: .ipv4) == ["flags 1000"])
        #expect(AddressFlags(rawValue: 0x2000 | 0x80 | 0x800).words(family: .ipv6) == ["stable-privacy", "flags 2000"])
        #expect(AddressFlags([]).words(family: .ipv6) == ["dynamic"])
    }

    @Test("other families (e.g. AF_PACKET 17) are skipped, not misparsed")
    func otherFamily() throws {
        var request = NetlinkRequest(.newAddress, flags: [], operation: "test")
        request.appendHeader(InterfaceAddressHeader(family: 17, prefixLength: 0, index: 1))
        let parsed = try decodeEach(request) { try InterfaceAddress(message: $0) }
        #expect(parsed.count == 1)
        #expect(parsed.first == .some(nil))
    }

    @Test("malformed kernel bytes give a typed error, never a crash")
    func malformed() {
        #expect(throws: NetKitError.self) {
            _ = try parse(family: .ipv4, prefixLength: 24) { $0.appendAttribute(IFA.local, bytes: [10, 0, 0]) }
        }
        #expect(throws: NetKitError.self) {
            _ = try parse(family: .ipv4, prefixLength: 40) { $0.appendAttribute(IFA.local, bytes: [10, 0, 0, 1]) }
        }
        #expect(throws: NetKitError.self) {
            _ = try parse(family: .ipv4, prefixLength: 24) { $0.appendAttribute(IFA.label, string: "x") }
        }
    }

    @Test("scopes print as iproute2 names them")
    func scopes() throws {
        #expect(AddressScope.global.description == "global")
        #expect(AddressScope.link.description == "link")
        #expect(AddressScope.host.description == "host")
        #expect(AddressScope(rawValue: 17).description == "17")
        #expect(try AddressScope(parsing: "link") == .link)
    }
}
