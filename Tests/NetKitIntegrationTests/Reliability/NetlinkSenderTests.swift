import Foundation
@testable import NetKit
import Synchronization
import Testing

/// Only the kernel (port id 0) answers netlink requests and sends rtnetlink notifications. A
/// process in the namespace with CAP_NET_ADMIN over it — in a namespace owned by another user
/// namespace, a container's root — can send datagrams to any port id, with sequence numbers
/// that are easy to guess (NetKit counts from 1). Such datagrams must be dropped unread.
@Suite("Reliability: netlink datagrams not sent by the kernel are ignored")
struct NetlinkSenderTests {
    /// `struct sockaddr_nl` (the tests do not import the C module).
    struct NetlinkAddress {
        var family = sa_family_t(AF_NETLINK)
        var pad: UInt16 = 0
        var pid: UInt32 = 0
        var groups: UInt32 = 0
    }

    /// Sends `bytes` from `socket` to netlink port `port` (unicast), as a forger would.
    private func send(_ bytes: [UInt8], from socket: Int32, to port: UInt32) -> Int {
        var address = NetlinkAddress(pid: port)
        return bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<NetlinkAddress>.size))
                }
            }
        }
    }

    /// One netlink message: a `nlmsghdr` and `payload`.
    private func message(type: UInt16, flags: UInt16 = 0, sequence: UInt32, port: UInt32, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: (UInt32(16 + payload.count), type, flags, sequence, port)) { bytes.append(contentsOf: $0) }
        return bytes + payload
    }

    @Test("a forged ACK and a forged empty dump sent to the request socket's port are dropped")
    func requestSocketDropsForgedReplies() throws {
        try requirePrivilege()
        let namespace = try Namespace.anonymous()
        let (victim, forger) = try namespace.run { (try NetlinkSocket(), try NetlinkSocket()) }
        // A success ACK (error 0) for sequences 1…64, and NLMSG_DONE ending dumps 1…64, all in
        // one datagram each: whatever NetKit's next sequence number is, a forged reply waits for it.
        var acks: [UInt8] = [], dones: [UInt8] = []
        for sequence in UInt32(1)...64 {
            acks += message(type: 2, sequence: sequence, port: victim.portID, payload: [0, 0, 0, 0] + [UInt8](repeating: 0, count: 16))
            dones += message(type: 3, flags: 2, sequence: sequence, port: victim.portID, payload: [0, 0, 0, 0])
        }
        let droppedBefore = NetlinkSocket.foreignDatagrams.load(ordering: .relaxed)
        #expect(send(acks, from: forger.fileDescriptor, to: victim.portID) == acks.count, "sendto: errno \(errno)")

        // RTM_DELLINK of an index that does not exist: the kernel answers ENODEV.
        var request = NetlinkRequest(.delLink, flags: [], operation: "ip link del", object: "index 2147483647")
        request.appendHeader(InterfaceInfoHeader(index: Int32.max))
        do {
            _ = try victim.transact(request)
            Issue.record("the forged ACK was taken for the kernel's answer: deleting a missing link succeeded")
        } catch let error as NetKitError {
            #expect(error.errno == .ENODEV, "\(error)")
        }

        #expect(send(dones, from: forger.fileDescriptor, to: victim.portID) == dones.count, "sendto: errno \(errno)")
        var dump = NetlinkRequest(.getLink, flags: [], operation: "ip link show")
        dump.appendHeader(InterfaceInfoHeader())
        let links = try victim.dump(dump) { message in try Link(message: message).name }
        #expect(links.contains("lo"), "the dump returned \(links): the forged NLMSG_DONE ended it")
        // Both forged datagrams were dropped unread (the count is process-wide: at least these two).
        #expect(NetlinkSocket.foreignDatagrams.load(ordering: .relaxed) - droppedBefore >= 2)
    }

    @Test("a foreign datagram larger than the subscription's buffer is reported as foreign, not as a lost notification")
    func subscriptionChecksSenderBeforeSize() throws {
        try requirePrivilege()
        let namespace = try Namespace.anonymous()
        let subscription = try SubscriptionSocket.open(in: namespace, groups: [RTNLGRP.link], receiveBufferSize: 1 << 20)
        let forger = try namespace.run { try NetlinkSocket() }
        var address = NetlinkAddress()
        var length = socklen_t(MemoryLayout<NetlinkAddress>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(subscription.fileDescriptor, $0, &length) }
        }
        let size = SubscriptionSocket.initialMessageBufferSize * 2
        let forged = message(type: 16, sequence: 0, port: 0, payload: [UInt8](repeating: 0, count: size - 16))
        #expect(send(forged, from: forger.fileDescriptor, to: address.pid) == size, "sendto: errno \(errno)")
        let receipt = try subscription.receive()
        guard case .foreign = receipt else {
            Issue.record("a \(size)-byte datagram from port \(forger.portID) was received as \(receipt)")
            return
        }
    }
}
