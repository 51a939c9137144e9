import Testing
@testable import NetKit

/// Golden bytes captured from iproute2 6.1 on kernel 6.18 with
/// `strace -f -e trace=sendmsg -xx -s 4096 ip -n NS route …` in a scratch namespace whose
/// device `d0` had index 3. Only the `rtmsg` and attributes are compared (the `nlmsghdr`
/// holds the length, which is checked, and a sequence number and port that differ per run).
@Suite("Routes: request bytes match what iproute2 sends")
struct RouteRequestTests {
    private func payload(_ request: NetlinkRequest) throws -> String {
        hexString(try request.encoded(sequence: 0).dropFirst(NetlinkRequest.headerSize))
    }

    private func build(_ route: Route, _ command: RouteCommand) throws -> NetlinkRequest {
        try route.request(command) { name throws(NetKitError) in
            guard name == "d0" || name == "tunl0" else { throw NetKitError.noSuchDevice(name, operation: "test", object: "") }
            return 3
        }
    }

    @Test("ip route add 10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink")
    func calicoIPIPRoute() throws {
        let route = try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true)
        let request = try build(route, .add)
        #expect(request.type == .newRoute)
        // NLM_F_REQUEST|NLM_F_CREATE|NLM_F_EXCL; the socket adds NLM_F_ACK → 0x605 as in the capture.
        #expect(request.flags.union(.ack).rawValue == 0x605)
        #expect(request.length == 52)
        #expect(try payload(request) == "021a0000fe0c0001" + "04000000" + "080001000a7a1140" + "08000500c0a8036e" + "0800040003000000")
    }

    @Test("add with metric, src, a table above 255, mtu and advmss")
    func everyAttribute() throws {
        // ip route add 10.71.0.0/16 via 192.168.3.5 metric 100 src 192.168.3.113 table 1000 dev d0 mtu 1400 advmss 1360
        let route = try Route(
            "10.71.0.0/16", via: "192.168.3.5", dev: "d0", table: 1000, src: "192.168.3.113",
            metric: 100, mtu: 1400, advmss: 1360)
        let request = try build(route, .add)
        #expect(request.length == 96)
        #expect(
            try payload(request) == "021000000003000100000000080001000a470000"
                + "08000500c0a80305" + "0800060064000000" + "08000700c0a80371" + "08000f00e8030000" + "0800040003000000"
                + "14000800" + "0800020078050000" + "0800080050050000")
    }

    @Test("multipath: rtnexthop entries with weight and onlink")
    func multipath() throws {
        // ip route add 10.72.0.0/16 proto static metric 100 nexthop via 192.168.3.2 dev d0 weight 2 nexthop via 192.168.3.3 dev d0 onlink
        let route = try Route(
            "10.72.0.0/16", proto: .static, metric: 100,
            nextHops: [
                NextHop(via: "192.168.3.2", dev: "d0", weight: 2), NextHop(via: "192.168.3.3", dev: "d0", onlink: true),
            ])
        let request = try build(route, .add)
        #expect(request.length == 80)
        #expect(
            try payload(request) == "02100000fe04000100000000" + "080001000a480000"
                + "0800060064000000" + "24000900" + "1000000103000000" + "08000500c0a80302" + "1000040003000000" + "08000500c0a80303")
    }

    @Test("default route in table 7, blackhole, local, IPv6, RTA_VIA")
    func otherKinds() throws {
        // ip route add default via 192.168.3.1 dev d0 table 7
        #expect(
            try payload(try build(try Route(.defaultRoute(.ipv4), via: "192.168.3.1", dev: "d0", table: 7), .add))
                == "020000000703000100000000" + "08000500c0a80301" + "0800040003000000")
        // ip route add blackhole 10.122.157.0/26 proto bird
        #expect(
            try payload(try build(try Route("10.122.157.0/26", type: .blackhole, proto: .bird), .add))
                == "021a0000fe0c000600000000080001000a7a9d00")
        // ip route add local 10.93.0.1 dev d0
        #expect(
            try payload(try build(try Route("10.93.0.1/32", type: .local, dev: "d0"), .add))
                == "02200000ff03fe0200000000080001000a5d00010800040003000000")
        // ip -6 route add 2001:db8:5::/48 via 2001:db8::2 dev d0 metric 5
        #expect(
            try payload(try build(try Route("2001:db8:5::/48", via: "2001:db8::2", dev: "d0", metric: 5), .add))
                == "0a300000fe03000100000000" + "1400010020010db8000500000000000000000000"
                + "1400050020010db8000000000000000000000002" + "0800060005000000" + "0800040003000000")
        // ip route add 10.81.0.0/16 via inet6 fe80::1 dev d0
        #expect(
            try payload(try build(try Route("10.81.0.0/16", via: "fe80::1", dev: "d0"), .add))
                == "02100000fe03000100000000080001000a510000" + "160012000a00fe8000000000000000000000000000010000" + "0800040003000000")
    }

    @Test("ip route del sends protocol 0, scope nowhere and type 0 so that any route to the prefix matches")
    func deleteMatchesAnyProtocol() throws {
        // ip route del 10.81.0.0/16
        let request = try build(try Route("10.81.0.0/16"), .delete)
        #expect(request.type == .delRoute)
        #expect(request.flags.union(.ack).rawValue == 0x005)
        #expect(try payload(request) == "02100000fe00ff0000000000080001000a510000")
        // A blackhole route named as such is matched by type; protocol stays "any".
        let blackhole = try build(try Route("10.122.157.128/26", type: .blackhole), .delete)
        #expect(try payload(blackhole) == "021a0000fe00ff0600000000080001000a7a9d80")
    }

    @Test("replace and append differ from add only in their flags")
    func replaceAndAppend() throws {
        let route = try Route("10.1.0.0/16", dev: "d0")
        #expect(try build(route, .replace).flags.rawValue == 0x501)
        #expect(try build(route, .append).flags.rawValue == 0xC01)
        #expect(try payload(try build(route, .replace)) == payload(try build(route, .add)))
    }

    @Test("ip route get 10.50.1.1 from 192.168.3.113 oif d0 mark 5")
    func lookup() throws {
        let request = Route.lookupRequest("10.50.1.1", from: "192.168.3.113", iif: nil, oif: 3, mark: 5)
        #expect(request.type == .getRoute)
        #expect(request.flags.rawValue == 0x001)
        #expect(
            try payload(request) == "022020000000000000100000" + "080001000a320101" + "08000200c0a80371" + "0800040003000000"
                + "0800100005000000")
        // IPv6: no RTM_F_LOOKUP_TABLE
        let v6 = Route.lookupRequest("2001:db8::5", from: nil, iif: nil, oif: nil, mark: 0)
        #expect(try payload(v6) == "0a800000000000000000000014000100" + "20010db8000000000000000000000005")
    }

    @Test("dump filter: protocol and type in rtmsg, RTA_TABLE and RTA_OIF as attributes")
    func dumpFilter() throws {
        // ip route show table 100 dev d0 proto bird (iproute2 also sets AF_INET for a table)
        let filter = RouteFilter(family: .ipv4, table: 100, dev: "d0", proto: .bird)
        let request = filter.dumpRequest(deviceIndex: 3)
        #expect(try payload(request) == "02000000000c000000000000" + "08000f0064000000" + "0800040003000000")
        #expect(try payload(RouteFilter().dumpRequest(deviceIndex: nil)) == "000000000000000000000000")
        #expect(try payload(RouteFilter(type: .blackhole).dumpRequest(deviceIndex: nil)) == "000000000000000600000000")
    }

    @Test("reported flags (linkdown, dead) are not sent back; next-hop device indexes come from the route")
    func reportedStateIsNotSent() throws {
        var route = try Route("10.1.0.0/16", via: "10.0.0.1", dev: "d0")
        route.flags = [.linkdown, .dead, .onlink]
        route.deviceIndex = 9
        let request = try build(route, .replace)
        #expect(try payload(request).hasPrefix("02100000fe030001" + "04000000"))
        #expect(try payload(request).hasSuffix("0800040009000000"))
    }
}
