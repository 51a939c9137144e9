import Foundation
@testable import NetKit
import Testing

/// A dump that its reader stops reading (a timeout, a reply it could not parse) keeps running
/// in the kernel: the socket's `cb_running` stays set until the rest is read, and the kernel
/// answers any new dump on that socket with `EBUSY` (netlink_dump_start).
@Suite("Reliability: a dump abandoned half-way does not break the next one")
struct AbandonedDumpTests {
    static let routeCount = 4000

    /// Sends an `RTM_GETROUTE` dump on `socket` with sequence `sequence` and reads only its first
    /// datagram, as a reader that gave up after one read leaves it. Returns the number of route
    /// messages in that datagram and whether it ended the dump.
    private func startAndAbandonRouteDump(_ socket: NetlinkSocket, sequence: UInt32) throws -> (messages: Int, finished: Bool) {
        var request = NetlinkRequest(.getRoute, flags: .dump, operation: "ip route show")
        request.appendHeader(RouteHeader())
        let bytes = try request.encoded(sequence: sequence, portID: socket.portID)
        try #require(send(socket.fileDescriptor, bytes, bytes.count, 0) == bytes.count, "send: errno \(errno)")
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        let count = recv(socket.fileDescriptor, &buffer, buffer.count, 0)
        try #require(count > 0, "recv: errno \(errno)")
        var messages = 0, finished = false
        try buffer[..<count].withUnsafeBytes { chunk in
            try NetlinkMessage.forEach(in: chunk) { message in
                if message.type == .done || message.type == .error { finished = true } else { messages += 1 }
            }
        }
        return (messages, finished)
    }

    @Test("after a route dump abandoned after its first datagram, the next dump on the handle lists every route")
    func nextDumpAfterAbandonedDump() throws {
        let ns = try RouteBatchTests.namespace()
        let routes = try RouteBatchTests.hostRoutes(Self.routeCount)
        #expect(try ns.net.addRoutes(routes).allSatisfy(\.succeeded))

        let first = try startAndAbandonRouteDump(ns.net.socket, sequence: 0x7E57_0001)
        try #require(first.finished == false, "the dump fit in one datagram; it was not abandoned half-way")
        #expect(first.messages > 0 && first.messages < Self.routeCount)
        print("abandoned route dump: its first datagram held \(first.messages) of \(Self.routeCount) routes")

        let listed = try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, proto: .bird))
        #expect(listed.count == Self.routeCount)
        // And the handle stays usable for a plain request and another dump.
        try ns.net.deleteRoute(routes[0])
        #expect(try ns.net.routes(filter: RouteFilter(family: .ipv4, table: .main, proto: .bird)).count == Self.routeCount - 1)
    }
}
