/// The events of one namespace, as an `AsyncSequence` (``Namespace/events(_:snapshot:receiveBufferSize:)``).
///
/// Iterate it once, from one task. The subscription ends — its reader thread exits and its
/// sockets close — when the iterating task is cancelled, when the loop is left (its iterator
/// dropped), when the sequence is dropped without being iterated, or, with a ``NetKitError``,
/// if reading fails. It never ends on its own otherwise.
///
///     for try await event in try pod.events([.links, .routes]) {
///         print(event)   // what `ip monitor link route` prints
///     }
public struct NetworkEvents: AsyncSequence, Sendable {
    public typealias Element = NetworkEvent
    public typealias Failure = NetKitError

    /// What the stream carries: the event, and whether it counts against the reader's backlog.
    struct Delivery: Sendable {
        var event: NetworkEvent
        var counted: Bool
    }

    let stream: AsyncThrowingStream<Delivery, any Error>
    let subscription: Subscription

    /// The receive queue the kernel granted the subscription socket, in bytes (`SO_RCVBUF` read
    /// back: the kernel doubles the size asked for, to account for its own bookkeeping).
    public var receiveBufferSize: Int { subscription.receiveBufferSize }

    /// An iterator over the events; leaving the loop that uses it stops the subscription.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), subscription: subscription, lifetime: Lifetime(subscription.control))
    }

    /// Yields the events in the order the kernel sent them; throws ``NetKitError`` when reading
    /// fails (a subscription that cannot resynchronise, a notification that cannot be decoded).
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Delivery, any Error>.AsyncIterator
        let subscription: Subscription
        /// Stops the subscription when the last copy of the iterator goes: leaving a `for`
        /// loop ends it even while the sequence itself is still referenced.
        let lifetime: Lifetime

        /// The next event; nil once the subscription has ended (cancelled or stopped).
        public mutating func next() async throws(NetKitError) -> NetworkEvent? {
            try await next(isolation: nil)
        }

        /// ``next()`` on the caller's actor.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(NetKitError) -> NetworkEvent? {
            let delivery: Delivery?
            do {
                delivery = try await base.next(isolation: actor)
            } catch {
                throw NetKitError.wrap(error, operation: "ip monitor")
            }
            guard let delivery else { return nil }
            if delivery.counted { subscription.control.consumed() }
            return delivery.event
        }
    }

    final class Lifetime: Sendable {
        let control: ReaderControl
        init(_ control: ReaderControl) { self.control = control }
        deinit { control.stop() }
    }

    /// Held by the sequence and its iterators only (not by the stream or the thread): when the
    /// last of them goes, the reader is told to stop.
    final class Subscription: Sendable {
        let control: ReaderControl
        let receiveBufferSize: Int
        /// Inodes of the sockets the subscription holds open (subscription, dump, wake-up pair),
        /// so tests can check that none is left after it ends.
        let socketInodes: [UInt64]

        init(control: ReaderControl, receiveBufferSize: Int, socketInodes: [UInt64]) {
            self.control = control
            self.receiveBufferSize = receiveBufferSize
            self.socketInodes = socketInodes
        }

        deinit { control.stop() }
    }
}
