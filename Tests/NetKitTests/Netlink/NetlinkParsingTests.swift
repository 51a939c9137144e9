@testable import NetKit
import Testing

@Suite("Netlink parsing")
struct NetlinkParsingTests {
    @Test("arbitrary bytes never crash the message splitter, attribute iterator or link parser")
    func arbitraryBytes() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<3000 {
            let count = Int.random(in: 0...256, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0, bytes.count >= 16 {
                // plausible header: a length that fits, type RTM_NEWLINK
                let length = UInt32(bytes.count)
                withUnsafeBytes(of: length.littleEndian) { for i in 0..<4 { bytes[i] = $0[i] } }
                bytes[4] = 16
                bytes[5] = 0
            }
            bytes.withUnsafeBytes { buffer in
                _ = try? NetlinkMessage.forEach(in: buffer) { message in
                    _ = try? Link(message: message)
                    _ = try? NetlinkErrorReply.parse(message)
                    for attribute in message.attributes(afterHeaderOf: 16) {
                        _ = attribute.string
                        _ = attribute.uint32
                        for inner in attribute.nested { _ = inner.uint64 }
                    }
                }
            }
        }
    }

    @Test("a message whose length overruns the buffer is a typed malformed-message error")
    func overrun() {
        let bytes = netlinkHeader(length: 64, type: 16, flags: 0)
        let error = bytes.withUnsafeBytes { buffer -> NetKitError? in
            do { try NetlinkMessage.forEach(in: buffer) { _ in }; return nil } catch { return error as? NetKitError }
        }
        guard case .malformedMessage? = error?.reason else {
            Issue.record("expected malformedMessage, got \(String(describing: error))"); return
        }
    }

    @Test("NLMSG_ERROR with extended ack: errno and the kernel's message")
    func extendedAck() throws {
        // error -17, capped original header, then NLMSGERR_ATTR_MSG "Nexthop has invalid gateway"
        var payload: [UInt8] = []
        withUnsafeBytes(of: Int32(-17).littleEndian) { payload += $0 }
        payload += netlinkHeader(length: 32, type: 24, flags: 0x605)
        let text = Array("Nexthop has invalid gateway".utf8) + [0]
        withUnsafeBytes(of: UInt16(4 + text.count).littleEndian) { payload += $0 }
        withUnsafeBytes(of: UInt16(1).littleEndian) { payload += $0 }
        payload += text
        while payload.count % 4 != 0 { payload.append(0) }
        let message = netlinkHeader(length: 16 + payload.count, type: 2, flags: 0x100 | 0x200) + payload
        var fixed = message
        withUnsafeBytes(of: UInt32(message.count).littleEndian) { for i in 0..<4 { fixed[i] = $0[i] } }
        let error = try fixed.withUnsafeBytes { buffer -> NetKitError? in
            var result: NetKitError?
            try NetlinkMessage.forEach(in: buffer) { result = try NetlinkErrorReply.parse($0) }
            return result
        }
        #expect(error?.errno == .EEXIST)
        #expect(error?.kernelMessage == "Nexthop has invalid gateway")
    }

    @Test("an ACK (error 0) is not an error")
    func ack() throws {
        var payload: [UInt8] = [0, 0, 0, 0]
        payload += netlinkHeader(length: 32, type: 16, flags: 5)
        let message = netlinkHeader(length: 16 + payload.count, type: 2, flags: 0x100) + payload
        let error = try message.withUnsafeBytes { buffer -> NetKitError? in
            var result: NetKitError?
            try NetlinkMessage.forEach(in: buffer) { result = try NetlinkErrorReply.parse($0) }
            return result
        }
        #expect(error == nil)
    }
}
