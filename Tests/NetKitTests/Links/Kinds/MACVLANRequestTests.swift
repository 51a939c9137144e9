import CNetlink
@testable import NetKit
import Testing

@Suite("macvlan and macvtap: requests as iproute2 sends them, and the kernel's reply decoded")
struct MACVLANRequestTests {
    static let head = "00000000000000000000000000000000" + "0800050003000000"

    static func onP0<S: StackedLinkSpecification>(_ specification: S) -> S {
        var specification = specification
        specification.parentIndex = 3
        return specification
    }

    @Test(
        "ip link add link p0 name mvN type macvlan mode bridge|passthru|private|source",
        arguments: [
            (MACVLANMode.bridge, "mv0", "6d763000", "04000000"), (.passthru, "mv1", "6d763100", "08000000"),
            (.private, "mv2", "6d763200", "01000000"), (.source, "mv3", "6d763300", "10000000"),
        ])
    func modes(_ mode: MACVLANMode, _ name: String, _ nameHex: String, _ modeHex: String) throws {
        #expect(
            try linkRequestBody(Self.onP0(MACVLAN(name: InterfaceName(parsing: name), parent: "p0", mode: mode)))
                == Self.head + "08000300" + nameHex + "1c001280" + "0b0001006d6163766c616e00" + "0c000280" + "08000100" + modeHex)
    }

    @Test("ip link add link p0 name mv4 type macvlan: no mode, no IFLA_INFO_DATA")
    func noMode() throws {
        #expect(
            try linkRequestBody(Self.onP0(MACVLAN(name: "mv4", parent: "p0")))
                == Self.head + "080003006d763400" + "10001280" + "0b0001006d6163766c616e00")
    }

    @Test("ip link add link p0 name mvt0 type macvtap mode vepa")
    func macvtap() throws {
        #expect(
            try linkRequestBody(Self.onP0(MACVTAP(name: "mvt0", parent: "p0", mode: .vepa)))
                == Self.head + "090003006d76743000000000" + "1c001280" + "0b0001006d61637674617000" + "0c000280" + "0800010002000000")
    }

    @Test("ip link add link p0 name mv5 type macvlan bcqueuelen 500 macaddr set 02:…:01 02:…:02 mode source nodst")
    func sourceAddresses() throws {
        let macvlan = MACVLAN(
            name: "mv5", parent: "p0", mode: .source, flags: .noDestination, broadcastQueueLength: 500,
            sourceAddresses: ["02:00:00:00:00:01", "02:00:00:00:00:02"])
        #expect(
            try linkRequestBody(Self.onP0(macvlan)) == Self.head + "080003006d763500" + "50001280" + "0b0001006d6163766c616e00"
                + "40000280" + "08000700f4010000" + "0800030003000000"
                + "1c000580" + "0a0004000200000000010000" + "0a0004000200000000020000" + "0800010010000000" + "0600020002000000")
    }

    @Test("ip link add link p0 name mv6 type macvlan mode passthru nopromisc")
    func noPromisc() throws {
        #expect(
            try linkRequestBody(Self.onP0(MACVLAN(name: "mv6", parent: "p0", mode: .passthru, flags: .noPromisc)))
                == Self.head + "080003006d763600" + "24001280" + "0b0001006d6163766c616e00" + "14000280" + "0800010008000000"
                + "0600020001000000")
    }

    @Test("source addresses without mode source never reach the kernel")
    func sourceNeedsSourceMode() {
        #expect(throws: NetKitError.self) {
            try NetlinkHandle.createRequest(
                Self.onP0(MACVLAN(name: "mv7", parent: "p0", mode: .bridge, sourceAddresses: ["02:00:00:00:00:01"])))
        }
    }

    @Test("the kernel's IFLA_MACVLAN_* decode to MACVLANDetails/MACVTAPDetails and print as ip -d link does")
    func decode() throws {
        let link = try decodedLink(kind: "macvlan") { data in
            data.appendAttribute(IFLA.MACVLAN.mode, uint32: 16)
            data.appendAttribute(IFLA.MACVLAN.flags, uint16: 2)
            data.appendAttribute(IFLA.MACVLAN.macaddrCount, uint32: 1)
            data.nested(IFLA.MACVLAN.macaddrData) { $0.appendAttribute(IFLA.MACVLAN.macaddr, bytes: [2, 0, 0, 0, 0, 1]) }
            data.appendAttribute(IFLA.MACVLAN.broadcastQueueLength, uint32: 500)
            data.appendAttribute(IFLA.MACVLAN.broadcastQueueLengthUsed, uint32: 1000)
        }
        let details = try #require(link.details(as: MACVLANDetails.self))
        #expect(
            details
                == MACVLANDetails(
                    mode: .source, flags: .noDestination, broadcastQueueLength: 500, usedBroadcastQueueLength: 1000,
                    sourceAddresses: ["02:00:00:00:00:01"]))
        #expect(details.description == "macvlan mode source nodst bcqueuelen 500 usedbcqueuelen 1000 remotes (1) 02:00:00:00:00:01")
        let tap = try decodedLink(kind: "macvtap") { $0.appendAttribute(IFLA.MACVLAN.mode, uint32: 4) }
        #expect(tap.kind == .macvtap && tap.details(as: MACVLANDetails.self) == nil)
        #expect(tap.details(as: MACVTAPDetails.self)?.description == "macvtap mode bridge")
        #expect(MACVLANMode(rawValue: 3).description == "unknown")
    }

    @Test("IFLA_MACVLAN_* and MACVLAN_MODE_* match linux/if_link.h")
    func constants() {
        #expect(
            [
                IFLA.MACVLAN.mode, IFLA.MACVLAN.flags, IFLA.MACVLAN.macaddrMode, IFLA.MACVLAN.macaddr, IFLA.MACVLAN.macaddrData,
                IFLA.MACVLAN.macaddrCount, IFLA.MACVLAN.broadcastQueueLength, IFLA.MACVLAN.broadcastQueueLengthUsed,
            ]
                == [
                    IFLA_MACVLAN_MODE, IFLA_MACVLAN_FLAGS, IFLA_MACVLAN_MACADDR_MODE, IFLA_MACVLAN_MACADDR, IFLA_MACVLAN_MACADDR_DATA,
                    IFLA_MACVLAN_MACADDR_COUNT, IFLA_MACVLAN_BC_QUEUE_LEN, IFLA_MACVLAN_BC_QUEUE_LEN_USED,
                ].map { UInt16($0) })
        // IFLA_MACVLAN_BC_CUTOFF (Linux 6.4) is newer than this machine's headers: it follows BC_QUEUE_LEN_USED.
        #expect(IFLA.MACVLAN.broadcastCutoff == UInt16(IFLA_MACVLAN_BC_QUEUE_LEN_USED) + 1)
        #expect(
            [MACVLANMode.private, .vepa, .bridge, .passthru, .source].map(\.rawValue)
                == [MACVLAN_MODE_PRIVATE, MACVLAN_MODE_VEPA, MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PASSTHRU, MACVLAN_MODE_SOURCE].map(
                    \.rawValue))
        #expect(IFLA.MACVLAN.macaddrSet == MACVLAN_MACADDR_SET.rawValue)
    }
}
