@testable import NetKit
import Testing

/// Request bytes compared with what iproute2 6.1 sends for the same command, captured with
/// `strace -f -e trace=sendmsg -xx -s 4096 ip -n NS link add veth1 type veth peer name veth1_p`.
/// One deliberate difference: iproute2 omits `NLA_F_NESTED` (0x8000) on nested attributes;
/// the kernel accepts both and recommends the flag, so NetKit sets it.
@Suite("Link request bytes")
struct LinkRequestTests {
    /// The body iproute2 sent (after the nlmsghdr), with NLA_F_NESTED set on the three nests.
    static let vethBody = hexBytes(
        #"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x00\x03\x00\x76\x65\x74\x68\x31\x00\x00\x00\x30\x00\x12\x80\x08\x00\x01\x00\x76\x65\x74\x68\x24\x00\x02\x80\x20\x00\x01\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c\x00\x03\x00\x76\x65\x74\x68\x31\x5f\x70\x00"#
    )

    @Test("ip link add veth1 type veth peer name veth1_p")
    func vethPair() throws {
        var request = try NetlinkHandle.createRequest(VethPair(name: "veth1", peerName: "veth1_p"))
        request.flags.insert(.ack)
        let expected = netlinkHeader(length: 92, type: 0x10, flags: 0x0605) + Self.vethBody
        #expect(try request.encoded(sequence: 0) == expected)
    }

    /// The `VETH_INFO_PEER` nest's attributes (after its own `ifinfomsg`), and the top level's.
    static func vethAttributes(_ veth: VethPair) throws -> (top: [TLV], peer: [TLV]) {
        let top = TLV.linkRequest(try NetlinkHandle.createRequest(veth).encoded(sequence: 0))
        let data = try #require(top.first(IFLA.linkinfo)?.nested.first(IFLA.Info.data))
        let peer = try #require(data.nested.first(IFLA.Veth.peer))
        return (top, TLV.parse(peer.value.dropFirst(16)))
    }

    @Test("the peer's namespace travels inside VETH_INFO_PEER as IFLA_NET_NS_FD, never at top level")
    func vethPeerNamespace() throws {
        // The process's own namespace: opening it needs no privilege, and its fd is a real one.
        let namespace = try Namespace.initial()
        let (top, peer) = try Self.vethAttributes(VethPair(name: "veth1", peerName: "eth0", peerNamespace: namespace))
        #expect(top.first(IFLA.netnsFD) == nil, "the first end must stay in the handle's namespace")
        #expect(top.first(IFLA.ifname)?.string == "veth1")
        #expect(peer.first(IFLA.ifname)?.string == "eth0")
        let fd = try #require(peer.first(IFLA.netnsFD))
        #expect(fd.value.count == 4)
        #expect(fd.uint32 == UInt32(bitPattern: namespace.fileDescriptor))
        #expect(namespace.fileDescriptor >= 0)
    }

    @Test("without a peer namespace no IFLA_NET_NS_FD is sent at all")
    func vethWithoutPeerNamespace() throws {
        let (top, peer) = try Self.vethAttributes(VethPair(name: "veth1", peerName: "veth1_p"))
        #expect(top.first(IFLA.netnsFD) == nil && peer.first(IFLA.netnsFD) == nil)
    }

    @Test("each end gets its own MTU and MAC; the peer inherits the first end's MTU unless peerMTU is set")
    func vethPerEndOptions() throws {
        let own = try Self.vethAttributes(
            VethPair(
                name: "veth1", peerName: "eth0", options: LinkOptions(mtu: 1500, macAddress: "02:00:00:00:00:01"),
                peerMACAddress: "02:00:00:00:00:02", peerMTU: 1450))
        #expect(own.top.first(IFLA.mtu)?.uint32 == 1500)
        #expect(own.peer.first(IFLA.mtu)?.uint32 == 1450)
        #expect(own.top.first(IFLA.address)?.value == [2, 0, 0, 0, 0, 1])
        #expect(own.peer.first(IFLA.address)?.value == [2, 0, 0, 0, 0, 2])
        let inherited = try Self.vethAttributes(VethPair(name: "veth1", peerName: "eth0", options: LinkOptions(mtu: 1400)))
        #expect(inherited.peer.first(IFLA.mtu)?.uint32 == 1400)
        #expect(inherited.peer.first(IFLA.address) == nil)
    }

    @Test(
        "invalid names never reach a request: they are no InterfaceName", arguments: ["", "eth0/1", "a b", "sixteen-bytes-xx", "..", "a:b"])
    func invalidName(_ name: String) {
        #expect(throws: NetKitError.self) { try VethPair(name: InterfaceName(parsing: name), peerName: "p") }
        #expect(throws: NetKitError.self) { try VethPair(name: "v", peerName: InterfaceName(parsing: name)) }
    }

    @Test("a peer with the link's own name in the same namespace never reaches a request")
    func samePeerName() {
        #expect(throws: NetKitError.self) { try NetlinkHandle.createRequest(VethPair(name: "v", peerName: "v")) }
    }

    @Test("bridge options encode in the kernel's clock_t units")
    func bridgeOptions() throws {
        let request = try NetlinkHandle.createRequest(Bridge(name: "br0", stp: true, forwardDelay: .seconds(15), ageingTime: .seconds(300)))
        let bytes = try request.encoded(sequence: 0)
        func u32(after marker: [UInt8]) -> UInt32? {
            guard let start = (0...(bytes.count - marker.count)).first(where: { Array(bytes[$0..<($0 + marker.count)]) == marker }) else {
                return nil
            }
            let v = bytes[(start + 4)..<(start + 8)]
            return v.reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
        #expect(u32(after: [0x08, 0x00, 0x01, 0x00]) == 1500)  // IFLA_BR_FORWARD_DELAY
        #expect(u32(after: [0x08, 0x00, 0x04, 0x00]) == 30000)  // IFLA_BR_AGEING_TIME
        #expect(u32(after: [0x08, 0x00, 0x05, 0x00]) == 1)  // IFLA_BR_STP_STATE
    }

    @Test("stp: false is sent as IFLA_BR_STP_STATE 0; no VLAN-filtering attribute unless it is asked for")
    func bridgeSTPOff() throws {
        let top = TLV.linkRequest(try NetlinkHandle.createRequest(Bridge(name: "br0", stp: false)).encoded(sequence: 0))
        let data = try #require(top.first(IFLA.linkinfo)?.nested.first(IFLA.Info.data)?.nested)
        #expect(data.first(IFLA.Bridge.stpState)?.uint32 == 0)
        #expect(data.first(IFLA.Bridge.vlanFiltering) == nil)
    }

    @Test("the IPIP tunnel carries addresses in network order")
    func ipip() throws {
        let request = try NetlinkHandle.createRequest(IPIPTunnel(name: "ipip1", local: "192.168.3.113", remote: "192.168.3.110", ttl: 64))
        let bytes = try request.encoded(sequence: 0)
        #expect(bytes.contains(subsequence: [0x08, 0x00, 0x02, 0x00, 192, 168, 3, 113]))
        #expect(bytes.contains(subsequence: [0x08, 0x00, 0x03, 0x00, 192, 168, 3, 110]))
        #expect(bytes.contains(subsequence: [0x05, 0x00, 0x04, 0x00, 64]))
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { Array(self[$0..<($0 + subsequence.count)]) == subsequence }
    }
}
