internal import CNetlink

/// Class requests built by libnl-route (`rtnl_class_build_add_request` with `rtnl_htb_*`); see
/// ``LibnlQdisc`` for how NetKit uses libnl.
enum LibnlClass {
    static func message(_ tclass: TrafficClass, _ command: TCCommand, link: TCLink) throws(NetKitError) -> [UInt8] {
        guard let object = rtnl_class_alloc() else { throw LibnlQdisc.allocationFailed("rtnl_class_alloc") }
        defer { rtnl_class_put(object) }
        let tc = CNL_tc_of_class(object)
        rtnl_tc_set_ifindex(tc, link.index)
        if tclass.parent != .unspecified { rtnl_tc_set_parent(tc, tclass.parent.rawValue) }
        rtnl_tc_set_handle(tc, tclass.classID.rawValue)
        if !tclass.kind.rawValue.isEmpty { _ = rtnl_tc_set_kind(tc, tclass.kind.rawValue) }
        rtnl_tc_set_mtu(tc, link.mtu)
        rtnl_tc_set_linktype(tc, UInt32(link.hardwareType))
        if command != .delete, case .htb(let htb)? = tclass.options {
            // htb_class_msg_fill calls BUG() (aborting the process) on a class without a rate
            // (libnl 3.7): TrafficClass.validate has refused that before we get here.
            _ = rtnl_htb_set_rate64(object, htb.rate.bytesPerSecond)
            _ = rtnl_htb_set_ceil64(object, (htb.ceil ?? htb.rate).bytesPerSecond)
            // tc's default burst, passed explicitly: libnl's own default is the link's MTU.
            _ = rtnl_htb_set_rbuffer(object, htb.burst ?? HTBClass.defaultBurst)
            _ = rtnl_htb_set_cbuffer(object, htb.ceilBurst ?? HTBClass.defaultBurst)
            _ = rtnl_htb_set_prio(object, htb.priority)
            if let quantum = htb.quantum { _ = rtnl_htb_set_quantum(object, quantum) }
        }
        var message: OpaquePointer?
        let code: Int32
        let call: String
        switch command {
        case .add, .replace, .change:
            call = "rtnl_class_build_add_request"
            code = rtnl_class_build_add_request(object, Int32(command.flags.rawValue), &message)
        case .delete:
            call = "rtnl_class_build_delete_request"
            code = rtnl_class_build_delete_request(object, &message)
        }
        var bytes = try LibnlQdisc.copyOut(message, code: code, call: call)
        // rtnl_class_build_add_request adds NLM_F_CREATE to every request (libnl 3.7); `tc class
        // change` sends none.
        if command == .change { TCMessageEditor.setFlags(&bytes, 0) }
        return bytes
    }
}
