@testable import NetKit
import Testing

/// Request bytes compared with what iproute2 6.1 sends for the same command (device index 3),
/// captured with `strace -f -e trace=sendmsg -xx -s 4096 ip -n NS addr …`.
@Suite("Address requests: bytes and validation")
struct AddressRequestTests {
    static let newFlags: UInt16 = 0x0605  // REQUEST|ACK|EXCL|CREATE
    static let delFlags: UInt16 = 0x0005  // REQUEST|ACK

    private func bytes(_ request: AddressRequest, _ type: MessageType, _ flags: MessageFlags) throws -> [UInt8] {
        try sentBytes(request.encode(type, flags: flags, index: 3, operation: "test"))
    }

    @Test("ip addr add 172.19.0.100/24 label d0:1 dev d0 brd +")
    func ipv4WithLabelAndBroadcast() throws {
        let body = hexBytes(
            #"\x02\x18\x00\x00\x03\x00\x00\x00\x08\x00\x02\x00\xac\x13\x00\x64\x09\x00\x03\x00\x64\x30\x3a\x31\x00\x00\x00\x00\x08\x00\x01\x00\xac\x13\x00\x64\x08\x00\x04\x00\xac\x13\x00\xff"#
        )
        let request = AddressRequest(local: "172.19.0.100/24", dev: "d0", broadcast: .computed, label: "d0:1")
        #expect(try bytes(request, .newAddress, [.create, .exclusive]) == netlinkHeader(length: 60, type: 20, flags: Self.newFlags) + body)
        let value = try InterfaceAddress("172.19.0.100/24", dev: "d0", broadcast: .computed, label: "d0:1")
        #expect(
            try bytes(AddressRequest(value), .newAddress, [.create, .exclusive]) == netlinkHeader(
                length: 60, type: 20, flags: Self.newFlags) + body)
    }

    @Test("ip addr add 2001:db8::1/64 dev d0 nodad noprefixroute: flags above 0xff go in IFA_FLAGS")
    func ipv6WithFlags() throws {
        let body = hexBytes(
            #"\x0a\x40\x00\x00\x03\x00\x00\x00\x14\x00\x02\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x08\x00\x08\x00\x02\x02\x00\x00\x14\x00\x01\x00\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"#
        )
        let request = AddressRequest(local: "2001:db8::1/64", dev: "d0", flags: [.noDAD, .noPrefixRoute])
        #expect(try bytes(request, .newAddress, [.create, .exclusive]) == netlinkHeader(length: 72, type: 20, flags: Self.newFlags) + body)
        let value = try InterfaceAddress("2001:db8::1/64", dev: "d0", noPrefixRoute: true, noDAD: true)
        #expect(
            try bytes(AddressRequest(value), .newAddress, [.create, .exclusive]) == netlinkHeader(
                length: 72, type: 20, flags: Self.newFlags) + body)
    }

    @Test("ip addr add 10.1.0.1 peer 10.1.0.2/32 dev d0 scope link")
    func peerAndScope() throws {
        let body = hexBytes(#"\x02\x20\x00\xfd\x03\x00\x00\x00\x08\x00\x02\x00\x0a\x01\x00\x01\x08\x00\x01\x00\x0a\x01\x00\x02"#)
        let request = AddressRequest(local: "10.1.0.1/32", dev: "d0", peer: "10.1.0.2", scope: .link)
        #expect(try bytes(request, .newAddress, [.create, .exclusive]) == netlinkHeader(length: 40, type: 20, flags: Self.newFlags) + body)
        let value = try InterfaceAddress("10.1.0.1/32", dev: "d0", peer: "10.1.0.2", scope: .link)
        #expect(
            try bytes(AddressRequest(value), .newAddress, [.create, .exclusive]) == netlinkHeader(
                length: 40, type: 20, flags: Self.newFlags) + body)
    }

    @Test("ip addr del 172.19.0.100/24 dev d0")
    func delete() throws {
        let body = hexBytes(#"\x02\x18\x00\x00\x03\x00\x00\x00\x08\x00\x02\x00\xac\x13\x00\x64\x08\x00\x01\x00\xac\x13\x00\x64"#)
        let request = AddressRequest(local: "172.19.0.100/24", dev: "d0")
        #expect(try bytes(request, .delAddress, []) == netlinkHeader(length: 40, type: 21, flags: Self.delFlags) + body)
        // An address as addresses(dev:) reads it back deletes with the same bytes: only the
        // local address, prefix length, peer and device are sent.
        let listed = InterfaceAddress(
            interfaceIndex: 3, interfaceName: "d0", local: "172.19.0.100/24", broadcast: IPv4Address(172, 19, 0, 255),
            label: "d0", scope: .global, flags: [.permanent], lifetime: .forever, metric: 9, protocol: .kernelLoopback)
        #expect(
            try bytes(AddressRequest(deleting: listed), .delAddress, []) == netlinkHeader(length: 40, type: 21, flags: Self.delFlags) + body
        )
    }

    @Test("a listed address can be sent back: only settable flags travel, and an IPv6 address's derived scope is accepted")
    func listedAddressAsRequest() throws {
        let linkLocal = InterfaceAddress(
            interfaceIndex: 3, interfaceName: "d0", local: "fe80::1/64", scope: .link, flags: [.permanent, .noDAD, .tentative],
            lifetime: .forever)
        let request = AddressRequest(linkLocal)
        #expect(request.flags == [.noDAD])
        try request.validate(operation: "RTM_NEWADDR (ip addr replace)")
        #expect(rejection(AddressRequest(local: "fe80::1/64", dev: "d0", scope: .host))?.contains("derives IPv6 scope") == true)
        let secondary = InterfaceAddress(
            interfaceIndex: 3, interfaceName: "d0", local: "10.0.0.2/24", scope: .global, flags: [.permanent, .secondary])
        #expect(AddressRequest(secondary).flags.isEmpty)
    }

    @Test("the public value resolves brd + and the default scope, and validates as ip addr add does")
    func publicValue() throws {
        let address = try InterfaceAddress("172.19.0.100/24", dev: "d0", broadcast: .computed)
        #expect(address.broadcast == IPv4Address(172, 19, 0, 255))
        #expect(address.scope == .global && address.interfaceIndex == 0)
        #expect(try InterfaceAddress("127.0.0.2/8", dev: "lo").scope == .host)
        let error = #expect(throws: NetKitError.self) { try InterfaceAddress("2001:db8::1/64", dev: "d0", broadcast: .computed) }
        #expect(error?.description.contains("IPv4 addresses only") == true)
        #expect(throws: NetKitError.self) { try InterfaceAddress("10.0.0.1/24", dev: "veth1", label: "eth0:1") }
    }

    @Test("no broadcast unless asked: ip addr add 172.19.0.100/24 dev d0 sends no IFA_BROADCAST")
    func noBroadcastByDefault() {
        let message = AddressRequest(local: "172.19.0.100/24", dev: "d0").encode(.newAddress, flags: [], index: 3, operation: "test")
        // header (16) + ifaddrmsg (8) + IFA_LOCAL (8) + IFA_ADDRESS (8)
        #expect(message.length == 40)
    }

    @Test("brd + follows iproute2: all host bits set; none for /31 and /32; computed from the peer")
    func computedBroadcast() {
        #expect(AddressRequest(local: "172.19.0.100/24", dev: "d0", broadcast: .computed).computedBroadcast == IPv4Address(172, 19, 0, 255))
        #expect(AddressRequest(local: "10.0.0.1/30", dev: "d0", broadcast: .computed).computedBroadcast == IPv4Address(10, 0, 0, 3))
        #expect(AddressRequest(local: "10.0.0.1/31", dev: "d0", broadcast: .computed).computedBroadcast == nil)
        #expect(AddressRequest(local: "10.0.0.1/32", dev: "d0", broadcast: .computed).computedBroadcast == nil)
        #expect(
            AddressRequest(local: "10.1.0.1/24", dev: "d0", peer: "10.2.0.7", broadcast: .computed).computedBroadcast
                == IPv4Address(10, 2, 0, 255))
        #expect(
            AddressRequest(local: "10.0.0.1/24", dev: "d0", broadcast: .address("10.0.0.127")).computedBroadcast
                == IPv4Address(10, 0, 0, 127))
    }

    @Test("loopback addresses default to scope host, as ip's default_scope")
    func defaultScope() {
        let loopback = AddressRequest(local: "127.0.0.2/8", dev: "lo").encode(.newAddress, flags: [], index: 1, operation: "t")
        #expect(loopback.bytes[16 + 3] == AddressScope.host.rawValue)
        let global = AddressRequest(local: "10.0.0.2/8", dev: "d0").encode(.newAddress, flags: [], index: 1, operation: "t")
        #expect(global.bytes[16 + 3] == AddressScope.global.rawValue)
    }

    @Test("lifetimes travel in IFA_CACHEINFO")
    func lifetime() throws {
        let message = AddressRequest(
            local: "10.0.0.2/24", dev: "d0",
            lifetime: AddressLifetime(valid: .seconds(100), preferred: .seconds(50))
        )
        .encode(.newAddress, flags: [], index: 1, operation: "t")
        let tail = Array(message.bytes.suffix(20))
        #expect(tail[0..<4] == [20, 0, 6, 0])
        #expect(tail[4..<8] == [50, 0, 0, 0])  // ifa_prefered first
        #expect(tail[8..<12] == [100, 0, 0, 0])
    }

    // MARK: - Validation

    private func rejection(_ request: AddressRequest) -> String? {
        do {
            try request.validate(operation: "RTM_NEWADDR (ip addr add)")
            return nil
        } catch {
            guard case .invalidInput(let why) = error.reason else { return "unexpected \(error)" }
            #expect(error.operation.messageType == .newAddress && error.operation.command == "ip addr add")
            #expect(error.object.contains("dev \(request.dev)"))
            return why
        }
    }

    @Test("a peer of the other family is rejected")
    func peerFamily() {
        let why = rejection(AddressRequest(local: "10.0.0.1/32", dev: "d0", peer: "2001:db8::2"))
        #expect(why?.contains("peer 2001:db8::2 is IPv6") == true)
    }

    @Test("brd, label and scope on IPv6 are rejected rather than silently ignored")
    func ipv6Only() {
        #expect(
            rejection(AddressRequest(local: "2001:db8::1/64", dev: "d0", broadcast: .computed))?.contains("IPv4 addresses only") == true)
        #expect(rejection(AddressRequest(local: "2001:db8::1/64", dev: "d0", label: "d0:1"))?.contains("IPv4 addresses only") == true)
        #expect(rejection(AddressRequest(local: "2001:db8::1/64", dev: "d0", scope: .link))?.contains("derives IPv6 scope") == true)
        #expect(rejection(AddressRequest(local: "2001:db8::1/64", dev: "d0", flags: [.noDAD, .noPrefixRoute])) == nil)
    }

    @Test("nodad on IPv4 is rejected")
    func noDADOnIPv4() {
        #expect(rejection(AddressRequest(local: "10.0.0.1/24", dev: "d0", flags: [.noDAD]))?.contains("IPv6 addresses only") == true)
        #expect(rejection(AddressRequest(local: "10.0.0.1/24", dev: "d0", flags: [.noPrefixRoute])) == nil)
    }

    @Test("labels must start with the device name and fit IFNAMSIZ")
    func labels() {
        let why = rejection(AddressRequest(local: "10.0.0.1/24", dev: "veth1", label: "eth0:1"))
        #expect(why?.contains("label \"eth0:1\" must start with the device name \"veth1\"") == true)
        #expect(
            rejection(AddressRequest(local: "10.0.0.1/24", dev: "veth1", label: "veth1:averylong1"))?.contains("at most 15 bytes") == true)
        #expect(rejection(AddressRequest(local: "10.0.0.1/24", dev: "veth1", label: "veth1:1")) == nil)
        #expect(rejection(AddressRequest(local: "10.0.0.1/24", dev: "veth1", label: "veth1")) == nil)
    }

    @Test("lifetimes: valid_lft 0 and preferred > valid are rejected")
    func lifetimes() {
        #expect(
            rejection(
                AddressRequest(
                    local: "10.0.0.1/24", dev: "d0",
                    lifetime: AddressLifetime(valid: .zero, preferred: .zero)))?.contains("valid_lft 0") == true)
        let longer = rejection(
            AddressRequest(
                local: "10.0.0.1/24", dev: "d0",
                lifetime: AddressLifetime(valid: .seconds(10), preferred: .seconds(20))))
        #expect(longer?.contains("preferred_lft 20sec is longer than valid_lft 10sec") == true)
        #expect(
            rejection(
                AddressRequest(
                    local: "10.0.0.1/24", dev: "d0",
                    lifetime: AddressLifetime(valid: .seconds(10)))) != nil)
        #expect(
            rejection(
                AddressRequest(
                    local: "10.0.0.1/24", dev: "d0",
                    lifetime: AddressLifetime(preferred: .seconds(20)))) == nil)
    }

    @Test("a bad device name is rejected with the kernel's rule", arguments: ["", "a/b", "sixteen-bytes-xx", "a b"])
    func deviceName(_ dev: String) {
        #expect(throws: NetKitError.self) { try InterfaceAddress("10.0.0.1/24", dev: InterfaceName(parsing: dev)) }
    }

    @Test("a prefix longer than the family allows never becomes an address")
    func prefixTooLong() {
        #expect(throws: NetKitError.self) { try IPNetwork(parsing: "172.19.0.100/33") }
        #expect(throws: NetKitError.self) { try IPNetwork(address: "172.19.0.100", prefixLength: 33) }
        #expect(throws: NetKitError.self) { try IPNetwork(parsing: "2001:db8::1/129") }
    }
}
