internal import CNetlink

/// What libnl's rate tables need to know about the device a qdisc or class is for: libnl 3.7
/// assumes Ethernet and a 1500-byte MTU unless told, so NetKit always passes the link's own.
struct TCLink: Sendable, Hashable {
    var index: Int32
    var mtu: UInt32
    var hardwareType: UInt16
}

/// Qdisc and class requests built by libnl-route's tc modules (`rtnl_qdisc_build_*_request`,
/// `rtnl_class_build_*_request` with `rtnl_tbf_*`, `rtnl_htb_*`, `rtnl_netem_*` …): libnl knows
/// the option structs, rate tables and tick conversions. NetKit copies the built message out of
/// the `nl_msg` (`nlmsg_hdr`) and sends it on its own socket, so errors keep the kernel's errno
/// and extended-ack text. No libnl socket or cache is used, and no libnl object leaves this file.
/// Where libnl 3.7 is wrong or missing, ``TCMessageEditor`` completes the message in Swift.
enum LibnlQdisc {
    static func message(_ qdisc: Qdisc, _ command: TCCommand, link: TCLink) throws(NetKitError) -> [UInt8] {
        guard let object = rtnl_qdisc_alloc() else { throw allocationFailed("rtnl_qdisc_alloc") }
        defer { rtnl_qdisc_put(object) }
        let tc = CNL_tc_of_qdisc(object)
        rtnl_tc_set_ifindex(tc, link.index)
        rtnl_tc_set_parent(tc, qdisc.parent.rawValue)
        if qdisc.handle != .unspecified { rtnl_tc_set_handle(tc, qdisc.handle.rawValue) }
        if !qdisc.kind.rawValue.isEmpty { _ = rtnl_tc_set_kind(tc, qdisc.kind.rawValue) }
        rtnl_tc_set_mtu(tc, link.mtu)
        rtnl_tc_set_linktype(tc, UInt32(link.hardwareType))
        if command != .delete, let options = qdisc.options { apply(options, to: object) }

        var message: OpaquePointer?
        let code: Int32
        let call: String
        switch command {
        case .add, .replace:
            call = "rtnl_qdisc_build_add_request"
            code = rtnl_qdisc_build_add_request(object, Int32(command.flags.rawValue), &message)
        case .change:
            // rtnl_qdisc_build_add_request always sets NLM_F_CREATE (libnl 3.7), and the update
            // request refuses a qdisc without a handle, which `tc qdisc change … root` allows:
            // build an add request and clear the flag below.
            call = "rtnl_qdisc_build_add_request"
            code = rtnl_qdisc_build_add_request(object, 0, &message)
        case .delete:
            call = "rtnl_qdisc_build_delete_request"
            code = rtnl_qdisc_build_delete_request(object, &message)
        }
        var bytes = try copyOut(message, code: code, call: call)
        if command == .change { TCMessageEditor.setFlags(&bytes, 0) }
        return bytes
    }

    private static func apply(_ options: QdiscOptions, to qdisc: OpaquePointer) {
        switch options {
        case .tbf(let tbf):
            // libnl takes the rate as an int: rates of 2³¹ bytes/s (≈ 17 Gbit/s) and more are
            // written by TCMessageEditor.tokenBucketOptions instead.
            rtnl_qdisc_tbf_set_rate(qdisc, Int32(clamping: tbf.rate.bytesPerSecond), Int32(clamping: tbf.burst), 0)
            rtnl_qdisc_tbf_set_limit(qdisc, Int32(clamping: tbf.effectiveLimit))
        case .htb(let htb):
            _ = rtnl_htb_set_rate2quantum(qdisc, htb.rateToQuantum)
            _ = rtnl_htb_set_defcls(qdisc, UInt32(htb.defaultClass))
        case .netem(let netem):
            rtnl_netem_set_limit(qdisc, Int32(clamping: netem.limit))
            if netem.delay > .zero { rtnl_netem_set_delay(qdisc, microseconds(netem.delay)) }
            if netem.jitter > .zero { rtnl_netem_set_jitter(qdisc, microseconds(netem.jitter)) }
            if netem.loss > 0 { rtnl_netem_set_loss(qdisc, probability(netem.loss)) }
            if netem.duplicate > 0 { rtnl_netem_set_duplicate(qdisc, probability(netem.duplicate)) }
            if netem.reorder > 0 { rtnl_netem_set_reorder_probability(qdisc, probability(netem.reorder)) }
            if netem.gap > 0 { rtnl_netem_set_gap(qdisc, Int32(clamping: netem.gap)) }
        case .fqCodel(let codel):
            if let limit = codel.limit { _ = rtnl_qdisc_fq_codel_set_limit(qdisc, Int32(clamping: limit)) }
            if let target = codel.target { _ = rtnl_qdisc_fq_codel_set_target(qdisc, UInt32(clamping: microseconds(target))) }
            if let interval = codel.interval { _ = rtnl_qdisc_fq_codel_set_interval(qdisc, UInt32(clamping: microseconds(interval))) }
            if let flows = codel.flows { _ = rtnl_qdisc_fq_codel_set_flows(qdisc, Int32(clamping: flows)) }
            if let quantum = codel.quantum { _ = rtnl_qdisc_fq_codel_set_quantum(qdisc, quantum) }
        case .sfq(let sfq):
            if let limit = sfq.limit { rtnl_sfq_set_limit(qdisc, Int32(clamping: limit)) }
            if let quantum = sfq.quantum { rtnl_sfq_set_quantum(qdisc, Int32(clamping: quantum)) }
            if let perturb = sfq.perturb { rtnl_sfq_set_perturb(qdisc, Int32(clamping: perturb.components.seconds)) }
        case .prio(let prio):
            rtnl_qdisc_prio_set_bands(qdisc, Int32(clamping: prio.bands))
            // Always set: libnl 3.7's prio_msg_fill calls BUG() without a priomap.
            var map = prio.priorityMap
            _ = map.withUnsafeMutableBufferPointer { rtnl_qdisc_prio_set_priomap(qdisc, $0.baseAddress, Int32($0.count)) }
        case .pfifo(let fifo):
            if let limit = fifo.limit { _ = rtnl_qdisc_fifo_set_limit(qdisc, Int32(clamping: limit)) }
        case .ingress, .clsact:
            // No options; libnl 3.7 has no clsact module, and none is needed to name the kind.
            break
        }
    }

    private static func microseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: Int64(TCUnits.microseconds(duration)))
    }

    /// libnl's netem setters take the kernel's 32-bit probability in an `int`.
    private static func probability(_ percent: Double) -> Int32 {
        Int32(bitPattern: TCUnits.probability(percent: percent))
    }

    static func allocationFailed(_ call: String) -> NetKitError {
        NetKitError(.system(.ENOMEM), operation: NetKitError.Operation(command: call))
    }

    /// The bytes of a message libnl built, copied out of the `nl_msg`, which is then freed.
    static func copyOut(_ message: OpaquePointer?, code: Int32, call: String) throws(NetKitError) -> [UInt8] {
        guard code >= 0, let message else {
            let text = nl_geterror(code).map { String(cString: $0) } ?? "error \(code)"
            throw NetKitError(.invalidInput("libnl \(call) refused the request: \(text)"), operation: NetKitError.Operation(command: call))
        }
        defer { nlmsg_free(message) }
        guard let header = nlmsg_hdr(message) else { throw allocationFailed(call) }
        let length = Int(header.pointee.nlmsg_len)
        return Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(header), count: length))
    }
}
