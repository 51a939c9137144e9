@testable import NetKit
import Testing

@Suite("Events: ip monitor text")
struct EventTextTests {
    private let veth = Link(
        index: 3, name: "veth1", kind: .veth, hardwareType: .ether,
        flags: [.broadcast, .multicast, .up, .lowerUp, .running], operationalState: .up, mtu: 1500,
        hardwareAddress: [0x9a, 0x9c, 0xec, 0x83, 0x47, 0x55],
        broadcastAddress: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], parentIndex: 2, parentName: "veth1_p",
        group: 0, transmitQueueLength: 1000, qdisc: "noqueue", linkMode: .default)

    @Test("links print as ip monitor link does: no mode, qlen or kind details")
    func linkLines() {
        // Captured from `ip monitor` (iproute2 6.1), trailing blanks removed.
        #expect(
            NetworkEvent.linkChanged(veth).description == """
                3: veth1@veth1_p: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
                    link/ether 9a:9c:ec:83:47:55 brd ff:ff:ff:ff:ff:ff
                """)
        var gone = veth
        gone.name = "vethx"
        gone.parentIndex = 0
        gone.parentName = nil
        gone.flags = [.broadcast, .multicast]
        gone.operationalState = .down
        gone.qdisc = "noop"
        #expect(
            NetworkEvent.linkRemoved(gone).description == """
                Deleted 3: vethx@NONE: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default
                    link/ether 9a:9c:ec:83:47:55 brd ff:ff:ff:ff:ff:ff
                """)
        #expect(NetworkEvent.existing(.link(veth)).description == NetworkEvent.linkAdded(veth).description)
    }

    @Test("addresses print with the device and the lifetime line")
    func addressLines() throws {
        var address = InterfaceAddress(
            interfaceIndex: 3, interfaceName: "veth1", local: "10.0.0.1/24", scope: .global,
            flags: .permanent)
        address.label = "veth1"
        address.lifetime = .forever
        #expect(
            NetworkEvent.addressRemoved(address).description == """
                Deleted 3: veth1    inet 10.0.0.1/24 scope global veth1
                       valid_lft forever preferred_lft forever
                """)
    }

    @Test("markers: overrun reads as iproute2's error, the snapshot markers as comments")
    func markers() {
        #expect(NetworkEvent.overrun.description == "netlink receive error No buffer space available (105)")
        #expect(NetworkEvent.snapshotComplete.description.hasPrefix("#"))
        #expect(NetworkEvent.resynchronized.description.hasPrefix("#"))
        #expect(NetworkEvent.overrun.object == nil)
        #expect(!NetworkEvent.overrun.isRemoval)
    }

    @Test("event kinds join the right multicast groups; links always")
    func groups() {
        #expect(EventKinds.routes.groups == [RTNLGRP.link, RTNLGRP.ipv4Route, RTNLGRP.ipv6Route])
        #expect(Set(EventKinds.all.groups).count == 8)
        #expect(EventKinds.all.monitorArguments == "link address route neigh rule")
    }
}
