/// "List, then follow" without a gap or a duplicate: which of the notifications that queued up
/// while a snapshot was being dumped still need delivering.
///
/// The subscription socket joins its groups before the dump starts, and everything queued before
/// the dump starts is discarded (the dump shows its effect), so every change is either shown by
/// the dump, or queued during it (the *window*), or arrives afterwards. A window notification
/// may or may not be reflected in the dump — the dump reads each object at its own moment. For
/// each object, the dump shows the state after some prefix of that object's window
/// notifications; that prefix ends at the last notification whose resulting state (the object,
/// or its absence for a removal) equals what the dump shows. Those are dropped; the rest are
/// delivered, in order.
///
/// So the consumer sees each object in the snapshot, then only changes made after the snapshot
/// read it, and ends in the kernel's state. The one approximation: if an object went through
/// the very state the snapshot shows more than once during the window (A → B → A), the
/// intermediate B is coalesced away — the final state is still right. States compare as whole
/// values, so an object whose notification differs from its dump in a field that changes by
/// itself (an address lifetime ticking down) is delivered once more: a repeat, never a gap.
///
/// Routes: a replacement (``NetworkEvent/routeChanged(_:)``) is about the route with the same
/// identity and device, so a replace that keeps the device is exact. One that moves the route to
/// another device is keyed apart from the route it replaced: when the dump shows the replacement,
/// every earlier window notification about that identity is dropped too (the dump reads the
/// routes of one prefix together). The approximation left: a route moved to another device by a
/// replace and then deleted, both inside the window, after the dump read the old route.
enum SnapshotWindow {
    static func unseen(_ window: [EventDecoder.Decoded], snapshot: [ObjectKey: NetworkObject]) -> [NetworkEvent] {
        var lastReflected: [ObjectKey: Int] = [:]
        var lastReplaced: [Route.Identity: Int] = [:]
        for (position, decoded) in window.enumerated() where decoded.state == snapshot[decoded.key] {
            lastReflected[decoded.key] = position
            if case .routeChanged(let route) = decoded.event { lastReplaced[route.identity] = position }
        }
        return window.enumerated().compactMap { position, decoded in
            if let last = lastReflected[decoded.key], position <= last { return nil }
            if case .route(let identity, _) = decoded.key, let last = lastReplaced[identity], position <= last { return nil }
            return decoded.event
        }
    }
}
