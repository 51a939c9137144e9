/// Completes a tc message libnl 3.7 built, in Swift, where libnl is wrong or missing:
///
/// - `tc_ratespec.linklayer`: libnl leaves it `TC_LINKLAYER_UNAWARE` (the kernel then guesses
///   from the rate table); `tc` sends `TC_LINKLAYER_ETHERNET`, and so does NetKit.
/// - TBF: libnl never sends `TCA_TBF_BURST` (which `tc` always sends) or `TCA_TBF_RATE64`, and
///   takes the rate as an `int`, so rates from 2³¹ bytes/s (≈ 17 Gbit/s) are built here whole.
/// - netem: libnl has no `rate` (`TCA_NETEM_RATE`/`TCA_NETEM_RATE64`), and its `netem_msg_fill`
///   leaves unused reserved bytes after the attributes, which are trimmed.
///
/// Offsets: a message is `nlmsghdr` (16 bytes), `tcmsg` (20) and then the attributes.
enum TCMessageEditor {
    static let attributesStart = 36

    static func setFlags(_ message: inout [UInt8], _ flags: UInt16) {
        message[6] = UInt8(truncatingIfNeeded: flags)
        message[7] = UInt8(truncatingIfNeeded: flags >> 8)
    }

    /// The qdisc message completed for `options` (see the type's documentation).
    static func complete(_ message: [UInt8], for options: QdiscOptions?) -> [UInt8] {
        var message = trimmed(message)
        switch options {
        case .tbf(let tbf)?:
            if tbf.rate.bytesPerSecond > UInt64(Int32.max) {
                replaceOptions(&message, with: tokenBucketOptions(tbf))
            } else if let parms = nested(in: message, TCA.TBF.parms) {
                message[parms + 5] = TCA.linkLayerEthernet
                insert(&message, attribute(TCA.TBF.burst, uint32: tbf.burst), at: parms + alignedLength(message, parms))
            }
        case .netem(let netem)?:
            if let rate = netem.rate {
                let bytes = rate.bytesPerSecond
                var payload = uint32Bytes(UInt32(clamping: bytes)) + [UInt8](repeating: 0, count: 12)
                payload = attribute(TCA.Netem.rate, payload)
                if bytes > UInt64(UInt32.max) { payload += attribute(TCA.Netem.rate64, uint64Bytes(bytes)) }
                guard let options = topLevel(message, TCA.options) else { break }
                insert(&message, payload, at: options + alignedLength(message, options))
            }
        default:
            break
        }
        return message
    }

    /// An HTB class message with Ethernet set in its rate and ceil specs, as `tc` sends them.
    static func completeClass(_ message: [UInt8]) -> [UInt8] {
        var message = trimmed(message)
        if let parms = nested(in: message, TCA.HTB.parms) {
            message[parms + 5] = TCA.linkLayerEthernet
            message[parms + 17] = TCA.linkLayerEthernet
        }
        return message
    }

    /// `TCA_TBF_PARMS`, `TCA_TBF_BURST`, `TCA_TBF_RATE64` and `TCA_TBF_RTAB` as `tc` (q_tbf.c)
    /// writes them: the rate table is `tc_calc_rtable` for an unset MTU (2047 bytes, cell_log 3).
    static func tokenBucketOptions(_ tbf: TokenBucket) -> [UInt8] {
        let rate = tbf.rate.bytesPerSecond
        let cellLog: UInt8 = 3
        var parms = rateSpec(rate: rate, cellLog: cellLog)
        parms += [UInt8](repeating: 0, count: 12)  // no peak rate
        // tc computes the buffer at the 32-bit rate field's value; the kernel recomputes it from
        // TCA_TBF_BURST at the full rate, so this only keeps the bytes equal to tc's.
        let buffer = TCUnits.transmitTicks(bytes: tbf.burst, rate: Bitrate(bytesPerSecond: min(rate, UInt64(UInt32.max))))
        parms += uint32Bytes(tbf.effectiveLimit) + uint32Bytes(buffer) + uint32Bytes(0)
        var options = attribute(TCA.TBF.parms, parms) + attribute(TCA.TBF.burst, uint32: tbf.burst)
        if rate > UInt64(UInt32.max) { options += attribute(TCA.TBF.rate64, uint64Bytes(rate)) }
        var table: [UInt8] = []
        table.reserveCapacity(1024)
        for cell in 0..<256 {
            table += uint32Bytes(TCUnits.transmitTicks(bytes: UInt32((cell + 1) << Int(cellLog)), rate: tbf.rate))
        }
        return options + attribute(TCA.TBF.rtab, table)
    }

    static func rateSpec(rate: UInt64, cellLog: UInt8) -> [UInt8] {
        // cell_log, linklayer, overhead (u16), cell_align (s16, -1), mpu (u16), rate (u32; ~0 when RATE64 carries it)
        [cellLog, TCA.linkLayerEthernet, 0, 0, 0xFF, 0xFF, 0, 0] + uint32Bytes(UInt32(clamping: rate))
    }

    // MARK: - Attribute surgery

    /// The offset of the top-level attribute `type`.
    static func topLevel(_ message: [UInt8], _ type: UInt16) -> Int? {
        find(message, type, from: attributesStart, to: message.count)
    }

    /// The offset of attribute `type` nested in `TCA_OPTIONS`.
    static func nested(in message: [UInt8], _ type: UInt16) -> Int? {
        guard let options = topLevel(message, TCA.options) else { return nil }
        return find(message, type, from: options + 4, to: options + length(message, options))
    }

    private static func find(_ message: [UInt8], _ type: UInt16, from start: Int, to end: Int) -> Int? {
        var offset = start
        while offset + 4 <= end {
            let size = length(message, offset)
            guard size >= 4 else { return nil }
            if UInt16(message[offset + 2]) | UInt16(message[offset + 3] & 0x3F) << 8 == type { return offset }
            offset += (size + 3) & ~3
        }
        return nil
    }

    static func length(_ message: [UInt8], _ offset: Int) -> Int {
        Int(message[offset]) | Int(message[offset + 1]) << 8
    }

    static func alignedLength(_ message: [UInt8], _ offset: Int) -> Int { (length(message, offset) + 3) & ~3 }

    /// Inserts whole attributes at `offset` inside `TCA_OPTIONS`, growing it and the message.
    static func insert(_ message: inout [UInt8], _ bytes: [UInt8], at offset: Int) {
        message.insert(contentsOf: bytes, at: offset)
        if let options = topLevel(message, TCA.options) { store16(&message, options, length(message, options) + bytes.count) }
        store32(&message, 0, message.count)
    }

    /// Replaces the payload of `TCA_OPTIONS`.
    static func replaceOptions(_ message: inout [UInt8], with payload: [UInt8]) {
        guard let options = topLevel(message, TCA.options) else { return }
        let end = options + alignedLength(message, options)
        message.replaceSubrange((options + 4)..<end, with: payload)
        store16(&message, options, 4 + payload.count)
        store32(&message, 0, message.count)
    }

    /// The message cut after its last attribute (libnl may leave reserved bytes unused).
    static func trimmed(_ message: [UInt8]) -> [UInt8] {
        var offset = attributesStart
        while offset + 4 <= message.count, length(message, offset) >= 4 { offset += alignedLength(message, offset) }
        var result = Array(message.prefix(min(offset, message.count)))
        store32(&result, 0, result.count)
        return result
    }

    static func attribute(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        var bytes =
            [
                UInt8(truncatingIfNeeded: payload.count + 4), UInt8(truncatingIfNeeded: (payload.count + 4) >> 8),
                UInt8(truncatingIfNeeded: type), UInt8(truncatingIfNeeded: type >> 8),
            ] + payload
        while bytes.count % 4 != 0 { bytes.append(0) }
        return bytes
    }

    static func attribute(_ type: UInt16, uint32 value: UInt32) -> [UInt8] { attribute(type, uint32Bytes(value)) }

    static func uint32Bytes(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func uint64Bytes(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    private static func store16(_ message: inout [UInt8], _ offset: Int, _ value: Int) {
        message[offset] = UInt8(truncatingIfNeeded: value)
        message[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    private static func store32(_ message: inout [UInt8], _ offset: Int, _ value: Int) {
        for i in 0..<4 { message[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}
