import Testing
@testable import NetKit

@Suite("Routes: description prints what ip route prints")
struct RouteDescriptionTests {
    @Test("the routes of the source document's transcripts")
    func transcriptRoutes() throws {
        #expect(
            try Route("10.122.157.128/26", type: .blackhole, proto: .bird).description
                == "blackhole 10.122.157.128/26 proto bird")
        #expect(
            try Route("10.122.157.129/32", dev: "cali19f6ea143e3", scope: .link).description
                == "10.122.157.129 dev cali19f6ea143e3 scope link")
        #expect(
            try Route("192.168.3.0/24", dev: "eth1", proto: .kernel, scope: .link, src: "192.168.3.113").description
                == "192.168.3.0/24 dev eth1 proto kernel scope link src 192.168.3.113")
        #expect(
            try Route("10.122.17.64/26", via: "192.168.3.110", dev: "tunl0", proto: .bird, onlink: true).description
                == "10.122.17.64/26 via 192.168.3.110 dev tunl0 proto bird onlink")
        #expect(
            try Route(.defaultRoute(.ipv4), via: "192.168.3.1", dev: "eth1").description
                == "default via 192.168.3.1 dev eth1")
    }

    @Test("defaults as ip route add picks them: scope link without gateway, proto boot hidden, table local for local types")
    func defaults() throws {
        #expect(try Route("10.1.0.0/16", dev: "d0").description == "10.1.0.0/16 dev d0 scope link")
        #expect(try Route("10.1.0.0/16", via: "10.0.0.1").description == "10.1.0.0/16 via 10.0.0.1")
        #expect(try Route("10.93.0.1/32", type: .local, dev: "d0").description == "local 10.93.0.1 dev d0 table local scope host")
        #expect(
            try Route("10.93.0.255/32", type: .broadcast, dev: "d0").description == "broadcast 10.93.0.255 dev d0 table local scope link")
        #expect(try Route("239.1.0.0/16", type: .multicast, dev: "d0").description == "multicast 239.1.0.0/16 dev d0 scope link")
        #expect(try Route("2001:db8::/64", dev: "d0").description == "2001:db8::/64 dev d0")
        #expect(try Route("10.1.0.0/16", via: "10.0.0.1", proto: .boot).description == "10.1.0.0/16 via 10.0.0.1")
        #expect(try Route("10.1.0.0/16", via: "10.0.0.1", proto: .static).description == "10.1.0.0/16 via 10.0.0.1 proto static")
    }

    @Test("reject types, tables, metric, src, metrics and RTA_VIA")
    func everyField() throws {
        #expect(try Route("10.60.0.0/16", type: .unreachable).description == "unreachable 10.60.0.0/16")
        #expect(try Route("10.61.0.0/16", type: .prohibit, table: 100).description == "prohibit 10.61.0.0/16 table 100")
        #expect(try Route("10.62.0.0/16", type: .throw, table: 1000).description == "throw 10.62.0.0/16 table 1000")
        #expect(
            try Route("10.90.0.0/16", dev: "d0", table: 5000, metric: 7).description
                == "10.90.0.0/16 dev d0 table 5000 scope link metric 7")
        #expect(
            try Route("10.70.0.0/16", via: "192.168.3.5", dev: "d0", src: "192.168.3.113", mtu: 1400, advmss: 1360).description
                == "10.70.0.0/16 via 192.168.3.5 dev d0 src 192.168.3.113 mtu 1400 advmss 1360")
        #expect(try Route("10.80.0.0/16", via: "fe80::1", dev: "d0").description == "10.80.0.0/16 via inet6 fe80::1 dev d0")
        #expect(try Route("10.1.0.0/16", dev: "d0", scope: RouteScope(rawValue: 7)).description == "10.1.0.0/16 dev d0 scope 7")
        var route = try Route("10.1.0.0/16", dev: "d0")
        route.tos = 0x10
        #expect(route.description == "10.1.0.0/16 tos 0x10 dev d0 scope link")
    }

    @Test("multipath: one \\tnexthop line per hop, weight and onlink per hop")
    func multipath() throws {
        let route = try Route(
            "10.50.0.0/16", proto: .static, metric: 100,
            nextHops: [
                NextHop(via: "192.168.3.2", dev: "d0", weight: 2),
                NextHop(via: "192.168.3.3", dev: "d0", onlink: true),
            ])
        #expect(
            route.description == """
                10.50.0.0/16 proto static metric 100
                \tnexthop via 192.168.3.2 dev d0 weight 2
                \tnexthop via 192.168.3.3 dev d0 weight 1 onlink
                """)
    }

    @Test(
        "kernel dump messages parse to ip route show table all's lines",
        arguments: [
            // 10.50.0.0/16 proto static metric 100 nexthop via 192.168.3.2 dev d0 weight 2 nexthop via 192.168.3.3 dev d0 onlink
            (
                "5800000018000200000000000000000002100000fe0400010000000008000f00fe000000080001000a320000080006006400000024000900100000010300000008000500c0a80302100004000300000008000500c0a80303",
                "10.50.0.0/16 proto static metric 100\n\tnexthop via 192.168.3.2 dev d0 weight 2\n\tnexthop via 192.168.3.3 dev d0 weight 1 onlink"
            ),
            (
                "5800000018000200000000000000000002100000fe0300010000000008000f00fe000000080001000a460000140008000800020078050000080008005005000008000700c0a8037108000500c0a803050800040003000000",
                "10.70.0.0/16 via 192.168.3.5 dev d0 src 192.168.3.113 mtu 1400 advmss 1360"
            ),
            (
                "4c00000018000200000000000000000002100000fe0300010000000008000f00fe000000080001000a500000160012000a00fe80000000000000000000000000000100000800040003000000",
                "10.80.0.0/16 via inet6 fe80::1 dev d0"
            ),
            (
                "3c00000018000200000000000000000002100000fc03fd010000000008000f0088130000080001000a5a000008000600070000000800040003000000",
                "10.90.0.0/16 dev d0 table 5000 scope link metric 7"
            ),
            (
                "2c000000180002000000000000000000021a0000fe0c00060000000008000f00fe000000080001000a7a9d80",
                "blackhole 10.122.157.128/26 proto bird"
            ),
            (
                "3c00000018000200000000000000000002180000fe02fd010000000008000f00fe00000008000100c0a8030008000700c0a803710800040003000000",
                "192.168.3.0/24 dev d0 proto kernel scope link src 192.168.3.113"
            ),
            (
                "3400000018000200000000000000000002000000fe0300010000000008000f00fe00000008000500c0a803010800040003000000",
                "default via 192.168.3.1 dev d0"
            ),
            (
                "3c00000018000200000000000000000002200000ff02fd030000000008000f00ff000000080001007fffffff080007007f0000010800040001000000",
                "broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1"
            ),
            (
                "a80000001800020000000000000000000a300000fe0300010000000008000f00fe0000001400010020010db800020000000000000000000008000600000400003c0009001c000000030000001400050020010db80000000000000000000000031c000002030000001400050020010db800000000000000000000000424000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
                "2001:db8:2::/48 metric 1024 pref medium\n\tnexthop via 2001:db8::3 dev d0 weight 1\n\tnexthop via 2001:db8::4 dev d0 weight 3"
            ),
            (
                "880000001800020000000000000000000a300000fe0300010400000008000f00fe0000001400010020010db800090000000000000000000008000600000400001400050020010db9000000000000000000000001080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
                "2001:db8:9::/48 via 2001:db9::1 dev d0 metric 1024 onlink pref medium"
            ),
            (
                "740000001800020000000000000000000a800000ff0200020000000008000f00ff00000014000100000000000000000000000000000000010800060000000000080004000100000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
                "local ::1 dev lo table local proto kernel metric 0 pref medium"
            ),
            (
                "740000001800020000000000000000000a080000ff0200050000000008000f00ff00000014000100ff0000000000000000000000000000000800060000010000080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
                "multicast ff00::/8 dev d0 table local proto kernel metric 256 pref medium"
            ),
            // The IPv6 default route, captured from a dump (ip -6 route add default via 2001:db8::fe dev d0).
            (
                "740000001800020000000000000000000a000000fe0300010000000008000f00fe00000008000600000400001400050020010db80000000000000000000000fe080004000300000024000c0000000000000000000000000000000000000000000000000000000000000000000500140000000000",
                "default via 2001:db8::fe dev d0 metric 1024 pref medium"
            ),
            // ip route get answers: IPv4 cached (cache line), IPv6 with "from ::"
            (
                "6800000018000000000000000000000002200000fe0000020002008008000f00fe00000008000100c0a80371080004000100000008000700c0a80371080019000000000024000c000100000000000000000000000000000000000000000000000000000000000000",
                "local 192.168.3.113 dev lo src 192.168.3.113 uid 0\n    cache <local>"
            ),
            (
                "7000000018000000000000000000000002200000fe0000010002000008000f00fe000000080001000a320101080004000300000008000700c0a8037108000500c0a80302080019000000000024000c000200000000000000000000000000000000000000000000000000000000000000",
                "10.50.1.1 via 192.168.3.2 dev d0 src 192.168.3.113 uid 0\n    cache"
            ),
            (
                "b00000001800000000000000000000000a808000fe0300010000000008000f00fe0000001400010020010db800010000000000000000000514000200000000000000000000000000000000001400070020010db800000000000000000000000108000600050000001400050020010db8000000000000000000000002080004000300000024000c0002000000a17700000000000000000000000000000000000000000000000000000500140000000000",
                "2001:db8:1::5 from :: via 2001:db8::2 dev d0 src 2001:db8::1 metric 5 pref medium"
            ),
        ])
    func kernelMessages(_ hex: String, _ expected: String) throws {
        let route = try #require(try parseRoute(hex: hex, names: [1: "lo", 3: "d0"]))
        #expect(route.description == expected)
    }

    @Test("parsed fields: multipath hops, onlink, metrics, table ids above 255")
    func parsedFields() throws {
        let multipath = try #require(
            try parseRoute(
                hex:
                    "5800000018000200000000000000000002100000fe0400010000000008000f00fe000000080001000a320000080006006400000024000900100000010300000008000500c0a80302100004000300000008000500c0a80303",
                names: [3: "d0"]))
        #expect(multipath.destination == "10.50.0.0/16")
        #expect(multipath.protocol == .static)
        #expect(multipath.metric == 100)
        #expect(multipath.nextHops.map(\.weight) == [2, 1])
        #expect(multipath.nextHops.map(\.onlink) == [false, true])
        #expect(multipath.nextHops.map(\.gateway) == ["192.168.3.2", "192.168.3.3"])
        #expect(multipath.nextHops.map(\.deviceIndex) == [3, 3])
        let metrics = try #require(
            try parseRoute(
                hex:
                    "5800000018000200000000000000000002100000fe0300010000000008000f00fe000000080001000a460000140008000800020078050000080008005005000008000700c0a8037108000500c0a803050800040003000000"
            ))
        #expect(metrics.mtu == 1400)
        #expect(metrics.advmss == 1360)
        #expect(metrics.device == nil)
        #expect(metrics.deviceIndex == 3)
        #expect(metrics.description.contains("dev if3"))
        let table = try #require(
            try parseRoute(hex: "2c00000018000200000000000000000002100000fc0300090000000008000f00e8030000080001000a3e0000"))
        #expect(table.table == RouteTable(rawValue: 1000))
        #expect(table.type == .throw)
        #expect(table.description == "throw 10.62.0.0/16 table 1000")
    }

    @Test("malformed and foreign messages never trap")
    func malformed() throws {
        // rtm_dst_len 40 for IPv4
        #expect(throws: NetKitError.self) {
            _ = try parseRoute(hex: "2c00000018000200000000000000000002280000fe0300010000000008000f00fe000000080001000a3c0000")
        }
        // a truncated rtmsg
        #expect(throws: NetKitError.self) { _ = try parseRoute(hex: "1800000018000200000000000000000002100000") }
        // an IPMR (family 128) entry is skipped, not misread
        #expect(try parseRoute(hex: "2c00000018000200000000000000000080200000fe0300010000000008000f00fe000000080001000a3c0000") == nil)
        // a multipath entry whose length runs past the attribute ends the list
        let cut = try parseRoute(
            hex:
                "4000000018000200000000000000000002100000fe0400010000000008000f00fe000000080001000a32000014000900300000010300000008000500c0a80302"
        )
        #expect(cut?.nextHops.isEmpty == true)
    }

    @Test("metrics text: lock, rtt in ms and s, ecn, congctl")
    func metricsText() {
        var metrics = RouteMetrics()
        metrics.mtu = 1400
        metrics.lockMask = 1 << 2
        metrics[RTA.Metric.rtt] = 8 * 250
        metrics[RTA.Metric.rttvar] = 4 * 1500
        metrics[RTA.Metric.features] = 1
        metrics.congestionControl = "bbr"
        #expect(metrics.description == "mtu lock 1400 rtt 250ms rttvar 1.5s features ecn congctl bbr")
    }
}
