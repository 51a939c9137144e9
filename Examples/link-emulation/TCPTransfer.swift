import Foundation
import NetKit

/// A TCP transfer between two namespaces: a receiver on a thread inside `to`, a sender inside
/// `from`. The time is the receiver's, from the end of the first megabyte to the last byte: the
/// steady state, after slow start has filled the link and probed the bucket's queue.
enum TCPTransfer {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// The bytes received before the clock starts.
    static let warmUp = 1_000_000

    /// Seconds to receive the `bytes - warmUp` bytes after the first ``warmUp``.
    static func measure(bytes: Int, from: Namespace, to: Namespace, address: String, port: UInt16) throws -> Double {
        let listener = try to.run { () throws -> Int32 in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var on: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(4))
            var local = sockaddr_in(
                sin_family: sa_family_t(AF_INET), sin_port: port.bigEndian,
                sin_addr: in_addr(s_addr: 0), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 1) == 0 else { throw Failed(description: "bind/listen: errno \(errno)") }
            return fd
        }
        defer { close(listener) }
        // The receiver blocks in accept/recv on its own thread; the socket already belongs to
        // `to`, so the thread need not enter it.
        let received = LockedSeconds()
        let receiver = Thread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            var buffer = [UInt8](repeating: 0, count: 65536)
            var total = 0
            var start: ContinuousClock.Instant?
            while total < bytes {
                let count = recv(connection, &buffer, buffer.count, 0)
                if count <= 0 { break }
                total += count
                if start == nil, total >= warmUp { start = .now }
            }
            if let start, total >= bytes { received.set(ContinuousClock.now - start) }
        }
        receiver.start()
        let sender = try from.run { () throws -> Int32 in
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var remote = sockaddr_in(
                sin_family: sa_family_t(AF_INET), sin_port: port.bigEndian,
                sin_addr: in_addr(s_addr: inet_addr(address)), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            let connected = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw Failed(description: "connect: errno \(errno)") }
            return fd
        }
        defer { close(sender) }
        let chunk = [UInt8](repeating: 0, count: 65536)
        var sent = 0
        while sent < bytes {
            let count = send(sender, chunk, min(chunk.count, bytes - sent), 0)
            guard count > 0 else { throw Failed(description: "send: errno \(errno)") }
            sent += count
        }
        shutdown(sender, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + .seconds(60)
        while received.value == nil, ContinuousClock.now < deadline { usleep(10_000) }
        guard let elapsed = received.value else { throw Failed(description: "the receiver did not get \(bytes) bytes") }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The receiver's result, handed to the main thread.
final class LockedSeconds: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Duration?
    var value: Duration? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ value: Duration) { lock.lock(); stored = value; lock.unlock() }
}
