/// One netlink request under construction: a `nlmsghdr`, the family header (`ifinfomsg`,
/// `rtmsg` …) and attributes, laid out with the kernel's 4-byte alignment.
///
/// Built entirely in Swift so message building is testable without privilege (compare bytes
/// with what iproute2 sends) and costs no C allocation per request.
struct NetlinkRequest: Sendable, Hashable {
    static let headerSize = 16

    /// The message so far: the first ``length`` bytes of `storage`. Storage beyond them is
    /// spare room, written before it is counted: appending a field is then one store into
    /// memory already there, where `Array.append(contentsOf:)` of a field's bytes walks them
    /// one by one (about 100 instructions for eight bytes; a route batch appends five fields
    /// per route).
    private var storage: [UInt8]
    /// The storage a new request starts from.
    private static let blank = [UInt8](repeating: 0, count: 256)
    /// The message's length in bytes.
    private(set) var length: Int
    /// The message as an array of its own.
    var bytes: [UInt8] { Array(storage[..<length]) }
    /// The message, sharing the request's storage.
    var message: ArraySlice<UInt8> { storage[..<length] }
    private(set) var type: MessageType
    /// The request in `ip`'s words, carried into any error (e.g. `ip route add 10.0.0.0/8 dev eth0`).
    var operation: NetKitError.Operation
    var object: String
    /// The first attribute whose length does not fit its 16-bit `nla_len` (65,535 bytes), if
    /// any. Such a request is refused by ``checkLengths()`` before it is sent: a wrapped length
    /// would make the kernel read the rest of the attribute as top-level attributes.
    private(set) var oversizedAttribute: OversizedAttribute?

    struct OversizedAttribute: Sendable, Hashable {
        var type: UInt16
        var length: Int
    }

    /// Same type, text and message bytes (the spare storage after the message is not compared).
    static func == (lhs: NetlinkRequest, rhs: NetlinkRequest) -> Bool {
        lhs.type == rhs.type && lhs.operation == rhs.operation && lhs.object == rhs.object
            && lhs.oversizedAttribute == rhs.oversizedAttribute && lhs.message.elementsEqual(rhs.message)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(operation)
        hasher.combine(object)
        hasher.combine(message)
    }

    /// The largest attribute (`nla_len` is 16 bits) and message (`nlmsg_len` is 32 bits).
    static let maxAttributeLength = Int(UInt16.max)
    static let maxMessageLength = Int(UInt32.max)

    init(_ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation, object: String = "") {
        self.type = type
        self.operation = operation
        self.object = object
        // One allocation per request, sized for all but the largest messages: a copy of a
        // shared blank, made by the first write (`Array(repeating:count:)` would look up the
        // array's storage type in the runtime's metadata cache for every request).
        storage = Self.blank
        length = 0
        appendMessageHeader(flags: flags)
    }

    /// A request whose whole message another builder laid out (libnl's tc modules, see
    /// `Netlink/TrafficControl/`); its length, sequence and port are filled in when sent.
    init(message: [UInt8], operation: NetKitError.Operation, object: String = "") {
        precondition(message.count >= Self.headerSize, "a netlink message has a 16-byte header")
        self.type = MessageType(rawValue: UInt16(message[4]) | UInt16(message[5]) << 8)
        self.operation = operation
        self.object = object
        storage = message
        length = message.count
        flags.insert(.request)
    }

    /// Starts a new request in this value's storage, keeping its capacity: a batch encodes
    /// each of its 100k requests into one reused request instead of allocating one per route.
    mutating func restart(_ type: MessageType, flags: MessageFlags, operation: NetKitError.Operation, object: String = "") {
        self.type = type
        self.operation = operation
        self.object = object
        oversizedAttribute = nil
        length = 0
        appendMessageHeader(flags: flags)
    }

    /// The `nlmsghdr`; nlmsg_len, nlmsg_seq and nlmsg_pid are filled in by finalize.
    private mutating func appendMessageHeader(flags: MessageFlags) {
        let header = (UInt32(0), type.rawValue.littleEndian, MessageFlags.request.union(flags).rawValue.littleEndian, UInt32(0), UInt32(0))
        appendBytes(of: header)
    }

    var flags: MessageFlags {
        get { MessageFlags(rawValue: UInt16(storage[6]) | UInt16(storage[7]) << 8) }
        set { storeUInt16(newValue.rawValue, at: 6) }
    }

    /// Appends a fixed family header (a C struct such as `ifinfomsg`), padded to 4 bytes.
    mutating func appendHeader<Header: BitwiseCopyable>(_ header: Header) {
        appendBytes(of: header)
        pad()
    }

    mutating func appendAttribute(_ type: UInt16, bytes value: some Collection<UInt8>) {
        let length = 4 + value.count
        noteLength(length, ofAttribute: type)
        // The TLV header as one 4-byte append (a batch builds a million of these).
        appendBytes(of: (UInt16(truncatingIfNeeded: length).littleEndian, type.littleEndian))
        let offset = extend(by: value.count)
        storage.withUnsafeMutableBufferPointer { buffer in
            let copied: Void? = value.withContiguousStorageIfAvailable { source in
                if let from = source.baseAddress, let to = buffer.baseAddress { (to + offset).update(from: from, count: source.count) }
            }
            if copied == nil {
                var index = offset
                for byte in value {
                    buffer[index] = byte
                    index += 1
                }
            }
        }
        pad()
    }

    mutating func appendAttribute(_ type: UInt16, uint8 value: UInt8) {
        appendAttribute(type, bytes: CollectionOfOne(value))
    }

    mutating func appendAttribute(_ type: UInt16, uint16 value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { appendAttribute(type, bytes: $0) }
    }

    /// A big-endian (network order) 16-bit attribute, e.g. a UDP port.
    mutating func appendAttribute(_ type: UInt16, uint16BigEndian value: UInt16) {
        withUnsafeBytes(of: value.bigEndian) { appendAttribute(type, bytes: $0) }
    }

    mutating func appendAttribute(_ type: UInt16, uint32 value: UInt32) {
        appendAligned(type, value.littleEndian)
    }

    mutating func appendAttribute(_ type: UInt16, int32 value: Int32) {
        appendAligned(type, value.littleEndian)
    }

    /// An attribute whose payload is 4-byte aligned and a multiple of 4 bytes long (a 32-bit
    /// number, an address as 32-bit words): header and payload go in as one append, with no
    /// padding to add. Each append to the request costs a uniqueness and capacity check, and a
    /// route batch writes five such attributes per route.
    private mutating func appendAligned<Payload: BitwiseCopyable>(_ type: UInt16, _ payload: Payload) {
        let attribute = ((UInt16(truncatingIfNeeded: 4 + MemoryLayout<Payload>.size).littleEndian, type.littleEndian), payload)
        assert(MemoryLayout.size(ofValue: attribute) == 4 + MemoryLayout<Payload>.size && MemoryLayout<Payload>.size % 4 == 0)
        appendBytes(of: attribute)
    }

    /// An address attribute (`RTA_DST`, `IFA_LOCAL` …): the 4 or 16 bytes in network order,
    /// written without an intermediate array.
    mutating func appendAttribute(_ type: UInt16, address: IPAddress) {
        switch address {
        case .v4(let v4):
            appendAligned(type, v4.rawValue.bigEndian)
        case .v6(let v6):
            // As four 32-bit words, so the payload follows the 4-byte header without a gap.
            appendAligned(
                type,
                (
                    UInt32(truncatingIfNeeded: v6.high >> 32).bigEndian, UInt32(truncatingIfNeeded: v6.high).bigEndian,
                    UInt32(truncatingIfNeeded: v6.low >> 32).bigEndian, UInt32(truncatingIfNeeded: v6.low).bigEndian
                ))
        }
    }

    /// A NUL-terminated string attribute (`NLA_NUL_STRING`/`NLA_STRING` both accept it).
    mutating func appendAttribute(_ type: UInt16, string value: String) {
        var utf8 = Array(value.utf8)
        utf8.append(0)
        appendAttribute(type, bytes: utf8)
    }

    /// A string attribute without a terminating NUL, as iproute2 sends `IFLA_INFO_KIND`
    /// (`NLA_STRING` accepts both forms).
    mutating func appendAttribute(_ type: UInt16, unterminatedString value: String) {
        appendAttribute(type, bytes: Array(value.utf8))
    }

    /// A flag attribute: present, with no payload.
    mutating func appendFlagAttribute(_ type: UInt16) {
        appendAttribute(type, bytes: EmptyCollection<UInt8>())
    }

    /// Opens a nested attribute (`NLA_F_NESTED` set); close it with ``endNested(_:)``.
    mutating func beginNested(_ type: UInt16) -> Int {
        let start = length
        appendUInt16(0)
        appendUInt16(type | 0x8000)
        return start
    }

    mutating func endNested(_ start: Int) {
        let nestedLength = length - start
        noteLength(nestedLength, ofAttribute: UInt16(storage[start + 2]) | UInt16(storage[start + 3] & 0x7F) << 8)
        storeUInt16(UInt16(truncatingIfNeeded: nestedLength), at: start)
    }

    /// Records the first attribute longer than its length field can say.
    private mutating func noteLength(_ length: Int, ofAttribute type: UInt16) {
        if length > Self.maxAttributeLength, oversizedAttribute == nil {
            oversizedAttribute = OversizedAttribute(type: type, length: length)
        }
    }

    /// Throws `.invalidInput` if an attribute or the message is longer than its length field
    /// (16 bits for an attribute, 32 for the message): such a request is never sent.
    func checkLengths() throws(NetKitError) {
        if let oversized = oversizedAttribute {
            throw NetKitError(
                .invalidInput(
                    "attribute type \(oversized.type) of this \(type) would be \(oversized.length) bytes; a netlink attribute holds at most \(Self.maxAttributeLength) (its length field is 16 bits)"
                ),
                operation: operation, object: object,
                hint: type == .newRoute || type == .delRoute
                    ? "RTA_MULTIPATH holds at most 4,095 IPv4 or 2,340 IPv6 next hops; split the route" : nil)
        }
        if length > Self.maxMessageLength {
            throw NetKitError(
                .invalidInput("this \(type) would be \(length) bytes; a netlink message holds at most \(Self.maxMessageLength)"),
                operation: operation, object: object)
        }
    }

    /// Adds nested attributes built by `body`.
    mutating func nested(_ type: UInt16, _ body: (inout NetlinkRequest) -> Void) {
        let start = beginNested(type)
        body(&self)
        endNested(start)
    }

    /// The finished message with its length and sequence number filled in; throws as
    /// ``checkLengths()`` does.
    func encoded(sequence: UInt32, portID: UInt32 = 0) throws(NetKitError) -> [UInt8] {
        var copy = self
        try copy.finalize(sequence: sequence, portID: portID)
        return copy.bytes
    }

    /// Fills in the length, sequence number and port id, after ``checkLengths()``.
    mutating func finalize(sequence: UInt32, portID: UInt32 = 0) throws(NetKitError) {
        try checkLengths()
        storeUInt32(UInt32(length), at: 0)
        storeUInt32(sequence, at: 8)
        storeUInt32(portID, at: 12)
    }

    /// Counts `count` more bytes, growing the storage if needed, and returns where they start;
    /// the caller writes them.
    private mutating func extend(by count: Int) -> Int {
        let offset = length
        if offset + count > storage.count {
            storage.append(contentsOf: repeatElement(0, count: max(offset + count, 2 * storage.count) - storage.count))
        }
        length = offset + count
        return offset
    }

    /// Appends the bytes of `value` with one store.
    private mutating func appendBytes<Value: BitwiseCopyable>(of value: Value) {
        let offset = extend(by: MemoryLayout<Value>.size)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: Value.self) }
    }

    private mutating func pad() {
        let padding = (4 - length % 4) % 4
        if padding > 0 {
            let offset = extend(by: padding)
            for i in offset..<(offset + padding) { storage[i] = 0 }
        }
    }

    private mutating func appendUInt16(_ value: UInt16) {
        appendBytes(of: value.littleEndian)
    }

    private mutating func storeUInt16(_ value: UInt16, at offset: Int) {
        precondition(offset + 2 <= length)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self) }
    }

    private mutating func storeUInt32(_ value: UInt32, at offset: Int) {
        precondition(offset + 4 <= length)
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }
}
