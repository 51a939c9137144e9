/// `IFLA_*` and nested link attribute numbers (linux/if_link.h, if_tunnel.h, veth.h). A unit
/// test checks each against the C headers.
enum IFLA {
    static let address: UInt16 = 1
    static let broadcast: UInt16 = 2
    static let ifname: UInt16 = 3
    static let mtu: UInt16 = 4
    static let link: UInt16 = 5
    static let qdisc: UInt16 = 6
    static let master: UInt16 = 10
    static let protinfo: UInt16 = 12
    static let txqlen: UInt16 = 13
    static let operstate: UInt16 = 16
    static let linkmode: UInt16 = 17
    static let linkinfo: UInt16 = 18
    static let netnsPID: UInt16 = 19
    static let ifalias: UInt16 = 20
    static let group: UInt16 = 27
    static let netnsFD: UInt16 = 28
    static let extMask: UInt16 = 29
    static let linkNetnsID: UInt16 = 37
    static let newNetnsID: UInt16 = 45
    static let targetNetnsID: UInt16 = 46
    static let minMTU: UInt16 = 50
    static let maxMTU: UInt16 = 51

    /// `RTEXT_FILTER_SKIP_STATS` for `IFLA_EXT_MASK`: a dump that only needs names, indices or
    /// groups leaves out the statistics, a quarter of each link's message.
    static let skipStatsFilter: UInt32 = 1 << 3
    /// `RTEXT_FILTER_VF` for `IFLA_EXT_MASK`: the reply carries the device's virtual functions.
    static let vfFilter: UInt32 = 1 << 0

    enum Info {
        static let kind: UInt16 = 1
        static let data: UInt16 = 2
        static let slaveKind: UInt16 = 4
        static let slaveData: UInt16 = 5
    }

    enum Veth {
        static let peer: UInt16 = 1
    }

    /// IFLA_BR_*
    enum Bridge {
        static let forwardDelay: UInt16 = 1
        static let helloTime: UInt16 = 2
        static let maxAge: UInt16 = 3
        static let ageingTime: UInt16 = 4
        static let stpState: UInt16 = 5
        static let priority: UInt16 = 6
        static let vlanFiltering: UInt16 = 7
    }

    /// IFLA_BRPORT_*
    enum BridgePort {
        static let state: UInt16 = 1
        static let priority: UInt16 = 2
        static let cost: UInt16 = 3
        static let mode: UInt16 = 4  // hairpin
        static let guard_: UInt16 = 5
        static let protect: UInt16 = 6
        static let fastLeave: UInt16 = 7
        static let learning: UInt16 = 8
        static let unicastFlood: UInt16 = 9
        static let portNumber: UInt16 = 18  // IFLA_BRPORT_NO
        static let isolated: UInt16 = 33
    }

    /// IFLA_IPTUN_*
    enum IPTunnel {
        static let link: UInt16 = 1
        static let local: UInt16 = 2
        static let remote: UInt16 = 3
        static let ttl: UInt16 = 4
        static let tos: UInt16 = 5
        static let proto: UInt16 = 9
        static let pmtudisc: UInt16 = 10
    }
}
