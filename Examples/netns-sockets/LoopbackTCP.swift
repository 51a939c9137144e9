import Foundation
import NetKit

/// Plain TCP sockets on 127.0.0.1. Each function makes its socket in the namespace of the
/// calling thread — which is the whole point: call them inside `namespace.run { }`.
enum LoopbackTCP {
    /// `nc -l 127.0.0.1 PORT`: a listener on a free port of this thread's loopback.
    static func listen() throws -> (descriptor: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            let error = failure("bind/listen")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// What `connect` did.
    enum Connection {
        case connected(descriptor: Int32)
        case failed(Errno)
    }

    /// `nc 127.0.0.1 PORT`: the connected socket, or the errno `connect` failed with.
    static func connect(port: UInt16) -> Connection {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failed(Errno(rawValue: errno)) }
        var address = loopback(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let error = Errno(rawValue: errno)
            close(fd)
            return .failed(error)
        }
        return .connected(descriptor: fd)
    }

    /// Accepts one pending connection (waiting at most 2 s) and reads what it sent.
    static func acceptAndRead(_ listener: Int32) -> String? {
        var pending = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&pending, 1, 2000) == 1 else { return nil }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return nil }
        defer { close(connection) }
        var readable = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
        guard poll(&readable, 1, 2000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(connection, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    static func send(_ text: String, on fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private static func failure(_ call: String) -> NetKitError {
        NetKitError(.system(Errno(rawValue: errno)), operation: NetKitError.Operation(command: call), object: "127.0.0.1")
    }
}
