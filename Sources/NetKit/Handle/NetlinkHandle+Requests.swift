extension NetlinkHandle {
    /// Sends one request and waits for the kernel's ACK; kernel errors carry the request's
    /// operation and object, plus the namespace acted in.
    func execute(_ request: NetlinkRequest, hint: (NetKitError) -> String? = { _ in nil }) throws(NetKitError) {
        do {
            _ = try socket.transact(request)
        } catch {
            var error = NetKitError.wrap(error, operation: request.operation, object: request.object)
            error.object = annotate(error.object)
            if error.hint == nil { error.hint = hint(error) }
            throw error
        }
    }

    /// A dump parsed message by message, retried on `NLM_F_DUMP_INTR`. `capacity`: elements
    /// to reserve room for before the first arrives (see `NetlinkSocket.dump`).
    func dump<Element>(
        _ request: NetlinkRequest, reserving capacity: Int = 0, _ parse: (NetlinkMessage) throws -> Element?
    ) throws(NetKitError) -> [Element] {
        do {
            return try socket.dump(request, reserving: capacity, parse)
        } catch {
            var error = NetKitError.wrap(error, operation: request.operation, object: request.object)
            error.object = annotate(error.object)
            throw error
        }
    }

    /// A request answered by exactly one message (e.g. `RTM_GETLINK` by name, `ip route get`).
    func fetch<Element>(
        _ request: NetlinkRequest, hint: (NetKitError) -> String? = { _ in nil },
        _ parse: (NetlinkMessage) throws -> Element?
    ) throws(NetKitError) -> Element {
        var result: Element?
        do {
            _ = try socket.transact(request) { message in
                if result == nil { result = try parse(message) }
            }
        } catch {
            var error = NetKitError.wrap(error, operation: request.operation, object: request.object)
            error.object = annotate(error.object)
            if error.hint == nil { error.hint = hint(error) }
            throw error
        }
        guard let result else {
            throw NetKitError(
                .malformedMessage("the kernel answered without a \(request.type) reply"),
                operation: request.operation, object: annotate(request.object))
        }
        return result
    }

    /// The object text errors carry: what was acted on, and in which namespace.
    func annotate(_ object: String) -> String {
        let place = Namespace.describe(namespace.origin)
        return object.isEmpty ? "(in \(place))" : "\(object) (in \(place))"
    }
}
