import Foundation
import NetKit

/// A device's packet counters inside a namespace, read from `/proc/thread-self/net/dev` on a
/// thread that entered that namespace (`/proc/net/dev` follows the reading thread's namespace;
/// `/sys/class/net` would show this process's own namespace instead).
public struct InterfaceCounters: Sendable, CustomStringConvertible {
    /// The device's line of `/proc/net/dev`, as `cat /proc/net/dev` prints it.
    public let line: String
    public let receivedPackets: UInt64
    public let transmittedPackets: UInt64

    public var description: String { line }

    /// `ip netns exec NS cat /proc/net/dev | grep DEV`
    public static func read(_ dev: String, in namespace: Namespace) throws -> InterfaceCounters {
        let text = try namespace.run { try String(contentsOfFile: "/proc/thread-self/net/dev", encoding: .utf8) }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == dev else { continue }
            // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit.
            let fields = parts[1].split(separator: " ").compactMap { UInt64($0) }
            guard fields.count >= 10 else { break }
            return InterfaceCounters(line: String(line), receivedPackets: fields[1], transmittedPackets: fields[9])
        }
        throw NetKitError(.system(.ENODEV), operation: "read /proc/net/dev", object: "dev \(dev) (in \(namespace))")
    }
}
