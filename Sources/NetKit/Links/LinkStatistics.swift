/// A link's 64-bit counters (`IFLA_STATS64`, `struct rtnl_link_stats64`), as `ip -s -s link`
/// prints them. Counters a kernel does not report (a shorter struct) read 0.
public struct LinkStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Good packets received (`rx_packets`).
    public var receivedPackets: UInt64 = 0
    /// Good packets sent (`tx_packets`).
    public var transmittedPackets: UInt64 = 0
    /// Bytes received (`rx_bytes`).
    public var receivedBytes: UInt64 = 0
    /// Bytes sent (`tx_bytes`).
    public var transmittedBytes: UInt64 = 0
    /// Bad packets received (`rx_errors`).
    public var receiveErrors: UInt64 = 0
    /// Packets that could not be sent (`tx_errors`).
    public var transmitErrors: UInt64 = 0
    /// Received packets dropped, e.g. for lack of buffers (`rx_dropped`).
    public var receiveDropped: UInt64 = 0
    /// Packets dropped on the way out (`tx_dropped`).
    public var transmitDropped: UInt64 = 0
    /// Multicast packets received (`multicast`, `mcast`).
    public var multicast: UInt64 = 0
    /// Collisions while sending (`collisions`, `collsns`).
    public var collisions: UInt64 = 0
    /// `rx_length_errors`.
    public var receiveLengthErrors: UInt64 = 0
    /// Receiver ring overruns (`rx_over_errors`, `overrun`).
    public var receiveOverErrors: UInt64 = 0
    /// `rx_crc_errors`.
    public var receiveCRCErrors: UInt64 = 0
    /// `rx_frame_errors`.
    public var receiveFrameErrors: UInt64 = 0
    /// `rx_fifo_errors`.
    public var receiveFIFOErrors: UInt64 = 0
    /// Packets the host missed (`rx_missed_errors`, `missed`).
    public var receiveMissedErrors: UInt64 = 0
    /// `tx_aborted_errors`.
    public var transmitAbortedErrors: UInt64 = 0
    /// `tx_carrier_errors` (`carrier`).
    public var transmitCarrierErrors: UInt64 = 0
    /// `tx_fifo_errors`.
    public var transmitFIFOErrors: UInt64 = 0
    /// `tx_heartbeat_errors` (`heartbt`).
    public var transmitHeartbeatErrors: UInt64 = 0
    /// `tx_window_errors`.
    public var transmitWindowErrors: UInt64 = 0
    /// `rx_compressed`.
    public var receivedCompressed: UInt64 = 0
    /// `tx_compressed`.
    public var transmittedCompressed: UInt64 = 0
    /// Packets dropped because no protocol wanted them (`rx_nohandler`).
    public var receiveNoHandler: UInt64 = 0
    /// Packets dropped for another host's address (`rx_otherhost_dropped`).
    public var receiveOtherHostDropped: UInt64 = 0

    /// All counters zero.
    public init() {}

    /// The counters in `struct rtnl_link_stats64` order (the order ``init(stats64:)`` reads them).
    static let fields: [WritableKeyPath<LinkStatistics, UInt64> & Sendable] = [
        \.receivedPackets, \.transmittedPackets, \.receivedBytes, \.transmittedBytes,
        \.receiveErrors, \.transmitErrors, \.receiveDropped, \.transmitDropped, \.multicast, \.collisions,
        \.receiveLengthErrors, \.receiveOverErrors, \.receiveCRCErrors, \.receiveFrameErrors,
        \.receiveFIFOErrors, \.receiveMissedErrors, \.transmitAbortedErrors, \.transmitCarrierErrors,
        \.transmitFIFOErrors, \.transmitHeartbeatErrors, \.transmitWindowErrors,
        \.receivedCompressed, \.transmittedCompressed, \.receiveNoHandler, \.receiveOtherHostDropped,
    ]

    /// Decodes `IFLA_STATS64`: as many 8-byte counters as the kernel sent, in
    /// `struct rtnl_link_stats64` order. Stored one by one (not through key paths): a link dump
    /// decodes these 25 counters for every link.
    init(stats64 bytes: UnsafeRawBufferPointer) {
        func counter(_ i: Int) -> UInt64 {
            (i + 1) * 8 <= bytes.count ? bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) : 0
        }
        receivedPackets = counter(0)
        transmittedPackets = counter(1)
        receivedBytes = counter(2)
        transmittedBytes = counter(3)
        receiveErrors = counter(4)
        transmitErrors = counter(5)
        receiveDropped = counter(6)
        transmitDropped = counter(7)
        multicast = counter(8)
        collisions = counter(9)
        receiveLengthErrors = counter(10)
        receiveOverErrors = counter(11)
        receiveCRCErrors = counter(12)
        receiveFrameErrors = counter(13)
        receiveFIFOErrors = counter(14)
        receiveMissedErrors = counter(15)
        transmitAbortedErrors = counter(16)
        transmitCarrierErrors = counter(17)
        transmitFIFOErrors = counter(18)
        transmitHeartbeatErrors = counter(19)
        transmitWindowErrors = counter(20)
        receivedCompressed = counter(21)
        transmittedCompressed = counter(22)
        receiveNoHandler = counter(23)
        receiveOtherHostDropped = counter(24)
    }

    /// The four lines `ip -s link` prints under a link (without its trailing spaces):
    ///
    ///     RX:  bytes packets errors dropped  missed   mcast
    ///            120       2      0       0       0       0
    ///     TX:  bytes packets errors dropped carrier collsns
    ///            120       2      0       0       0       0
    public var description: String {
        func row(_ values: [UInt64]) -> String {
            "    "
                + zip([10, 7, 6, 7, 7, 7], values).map { width, value in
                    String(repeating: " ", count: max(0, width - String(value).count)) + String(value)
                }.joined(separator: " ")
        }
        return [
            "    RX:  bytes packets errors dropped  missed   mcast",
            row([receivedBytes, receivedPackets, receiveErrors, receiveDropped, receiveMissedErrors, multicast]),
            "    TX:  bytes packets errors dropped carrier collsns",
            row([transmittedBytes, transmittedPackets, transmitErrors, transmitDropped, transmitCarrierErrors, collisions]),
        ].joined(separator: "\n")
    }
}

/// ``Link/statistics`` as ``Link`` stores it: carried along, but equal and hashed alike for
/// every value, so counters never make two reads of the same link differ. The 200 bytes of
/// counters live in a shared box, so a `Link` stays small: a dump of a thousand links grows its
/// array (and touches its pages) for a fraction of the size.
struct UncomparedStatistics: Hashable, Sendable {
    private final class Box: Sendable {
        let value: LinkStatistics
        init(_ value: LinkStatistics) { self.value = value }
    }

    private var box: Box?

    var value: LinkStatistics? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    static func == (lhs: Self, rhs: Self) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
