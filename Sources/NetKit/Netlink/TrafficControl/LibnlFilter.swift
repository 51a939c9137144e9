internal import CNetlink

/// Filter requests built by libnl-route (`rtnl_cls_build_add_request` / `_delete_request` with
/// `rtnl_u32_*`, `rtnl_mall_*`, `rtnl_basic_*`, and actions from `rtnl_mirred_*` / `rtnl_gact_*`);
/// see ``LibnlQdisc`` for how NetKit uses libnl.
enum LibnlFilter {
    /// `targets` maps each mirred action's device to its index in the filter's namespace.
    static func message(
        _ filter: Filter, _ command: TCCommand, index: Int32,
        targets: [InterfaceName: Int32]
    ) throws(NetKitError) -> [UInt8] {
        guard let object = rtnl_cls_alloc() else { throw LibnlQdisc.allocationFailed("rtnl_cls_alloc") }
        defer { rtnl_cls_put(object) }
        let tc = CNL_tc_of_cls(object)
        rtnl_tc_set_ifindex(tc, index)
        rtnl_tc_set_parent(tc, filter.parent.rawValue)
        if !filter.kind.isEmpty { _ = rtnl_tc_set_kind(tc, filter.kind) }
        rtnl_cls_set_prio(object, filter.priority)
        rtnl_cls_set_protocol(object, filter.protocol.rawValue)
        if command != .delete, let classifier = filter.classifier {
            try match(classifier, object)
            if let flowID = filter.flowID { _ = rtnl_u32_set_classid(object, flowID.rawValue) }
            for action in filter.actions {
                guard let act = try self.action(action, targets: targets) else { continue }
                defer { rtnl_act_put(act) }
                let code: Int32
                switch classifier {
                case .u32All, .u32Source, .u32Destination: code = rtnl_u32_add_action(object, act)
                case .matchall: code = rtnl_mall_append_action(object, act)
                case .basic: code = rtnl_basic_add_action(object, act)
                }
                if code < 0 { throw refused("rtnl_\(filter.kind)_add_action", code) }
            }
        }
        var message: OpaquePointer?
        let code: Int32
        let call: String
        switch command {
        case .add, .replace, .change:
            call = "rtnl_cls_build_add_request"
            code = rtnl_cls_build_add_request(object, Int32(command.flags.rawValue), &message)
        case .delete:
            call = "rtnl_cls_build_delete_request"
            code = rtnl_cls_build_delete_request(object, 0, &message)
        }
        var bytes = try LibnlQdisc.copyOut(message, code: code, call: call)
        if command == .change { TCMessageEditor.setFlags(&bytes, 0) }
        return bytes
    }

    private static func match(_ classifier: FilterClassifier, _ object: OpaquePointer) throws(NetKitError) {
        switch classifier {
        case .u32All:
            // tc's `match u32 0 0`: one key that every packet matches.
            _ = rtnl_u32_add_key_uint32(object, 0, 0, 0, 0)
            _ = rtnl_u32_set_cls_terminal(object)
        case .u32Source(let prefix), .u32Destination(let prefix):
            guard case .v4(let address) = prefix.address else {
                throw NetKitError.invalidInput("u32 match ip src/dst takes an IPv4 prefix, not \(prefix)", operation: "tc filter add")
            }
            // In the IPv4 header the source address is at byte 12, the destination at 16.
            let offset: Int32 = if case .u32Source = classifier { 12 } else { 16 }
            var inAddress = in_addr(s_addr: address.rawValue.bigEndian)
            _ = rtnl_u32_add_key_in_addr(object, &inAddress, prefix.prefixLength, offset, 0)
            _ = rtnl_u32_set_cls_terminal(object)
        case .matchall, .basic:
            break
        }
    }

    private static func action(_ action: FilterAction, targets: [InterfaceName: Int32]) throws(NetKitError) -> OpaquePointer? {
        guard let act = rtnl_act_alloc() else { throw LibnlQdisc.allocationFailed("rtnl_act_alloc") }
        _ = rtnl_tc_set_kind(CNL_tc_of_act(act), action.kind)
        switch action {
        case .redirect(let device), .mirror(let device):
            let redirect = if case .redirect = action { true } else { false }
            _ = rtnl_mirred_set_action(act, redirect ? TCA_EGRESS_REDIR : TCA_EGRESS_MIRROR)
            _ = rtnl_mirred_set_policy(act, redirect ? TC_ACT_STOLEN : TC_ACT_PIPE)
            _ = rtnl_mirred_set_ifindex(act, UInt32(bitPattern: targets[device] ?? 0))
        case .drop:
            _ = rtnl_gact_set_action(act, TC_ACT_SHOT)
        case .pass:
            _ = rtnl_gact_set_action(act, TC_ACT_OK)
        }
        return act
    }

    private static func refused(_ call: String, _ code: Int32) -> NetKitError {
        let text = nl_geterror(code).map { String(cString: $0) } ?? "error \(code)"
        return NetKitError(.invalidInput("libnl \(call) refused the filter: \(text)"), operation: NetKitError.Operation(command: call))
    }
}
