@testable import NetKit
import Testing

@Suite("Route results and counted dumps")
struct RouteResultTests {
    @Test("a route's batch result compares and hashes by its route and error, wherever the route is stored")
    func equality() throws {
        let routes = try [Route("10.1.0.0/16", via: "10.0.0.2"), Route("10.2.0.0/16", via: "10.0.0.2")]
        let inBatch = BatchResult<Route>(items: routes, position: 1, error: nil)
        let alone = BatchResult<Route>(item: routes[1], error: nil)
        #expect(inBatch.item == routes[1])
        #expect(inBatch == alone)
        #expect(inBatch.hashValue == alone.hashValue)
        #expect(inBatch != BatchResult<Route>(items: routes, position: 0, error: nil))
        let error = NetKitError(.kernel(.EEXIST), operation: "RTM_NEWROUTE (ip route add)", object: "10.2.0.0/16 via 10.0.0.2")
        let failed = BatchResult<Route>(items: routes, position: 1, error: error)
        #expect(!failed.succeeded && failed.error == error)
        #expect(failed != inBatch)
        #expect(failed.description == "10.2.0.0/16 via 10.0.0.2: \(error)")
        #expect(inBatch.description == "10.2.0.0/16 via 10.0.0.2: ok")
    }

    @Test("messages copied out of the receive buffer parse to the same route")
    func messageCopy() throws {
        // RTM_NEWROUTE 10.1.0.0/16 via 10.0.0.2 dev if3, ending in a 5-byte attribute the
        // parser ignores, so the message (65 bytes) is followed by 3 bytes of padding.
        let message = routeBytes(
            hex: """
                41000000 18000200 01000000 00000000
                02100000 fe030001 00000000
                08000f00 fe000000 08000100 0a010000 08000500 0a000002 08000400 03000000 05003000 07000000
                """)
        var replies = ReplyBuffer()
        try message.withUnsafeBytes { buffer in
            // Twice, so the second copy starts where the first one's padding ends.
            try NetlinkMessage.forEach(in: buffer) { try replies.append($0) }
            try NetlinkMessage.forEach(in: buffer) { try replies.append($0) }
        }
        #expect(replies.count == 2 * 68)
        let copy = replies.withBytes { Array($0) }
        #expect(Array(copy[..<65]) == Array(message[..<65]))
        #expect(Array(copy[65..<68]) == [0, 0, 0])
        #expect(Array(copy[68...]) == Array(copy[..<68]))
        let original = try #require(try parseRoute(hex: hexString(message)))
        let copied = try #require(try parseRoute(hex: hexString(copy)))
        var parsed: [Route] = []
        try replies.forEachMessage { if let route = try Route(message: $0, names: [:]) { parsed.append(route) } }
        #expect(parsed == [original, original])
        #expect(replies.count == 0)
        #expect(copied == original)
        #expect(copied.description == "10.1.0.0/16 via 10.0.0.2 dev if3")
    }

    @Test("megabytes of replies are parsed in order while the pages already read are released")
    func releasingWhileParsing() throws {
        var replies = ReplyBuffer()
        let count = 50_000  // 3.4 MB: several release segments
        for i in 0..<count {
            // RTM_NEWROUTE 10.x.y.z/32 via 10.0.0.2 dev if3 with its destination as a counter.
            let destination = 0x0A00_0000 + UInt32(i)
            var bytes = routeBytes(hex: "44000000 18000200 01000000 00000000 02200000 fe030001 00000000 08000f00 fe000000")
            bytes += [8, 0, 1, 0] + withUnsafeBytes(of: destination.bigEndian) { Array($0) }
            bytes += routeBytes(hex: "08000500 0a000002 08000400 03000000 08003000 07000000")
            try bytes.withUnsafeBytes { buffer in try NetlinkMessage.forEach(in: buffer) { try replies.append($0) } }
        }
        #expect(replies.count == count * 68)
        var next = 0
        var inOrder = true
        try replies.forEachMessage { message in
            let route = try Route(message: message, names: [:])
            if route?.destination.address != .v4(IPv4Address(rawValue: 0x0A00_0000 + UInt32(next))) { inOrder = false }
            next += 1
        }
        #expect(next == count)
        #expect(inOrder)
    }
}
