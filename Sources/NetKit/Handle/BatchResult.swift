/// The outcome of one item of a plural call (`addLinks(_:)`, `setLinksUp(_:)`,
/// `deleteLinks(named:)`, `setMaster(ofLinks:to:)`, `addRoutes(_:)` …): the item as given and,
/// if the kernel refused it, why. Plural calls return one result per item, in order, and a
/// refused item does not stop the others, as `ip -batch` goes on after a failing line.
///
/// A batch of 100k routes returns 100k results: each refers to the caller's array instead of
/// holding its own copy of the item, and a (rare) error lives in a box, so a result is three
/// words and building the results copies no item.
public struct BatchResult<Item: Sendable>: Sendable, CustomStringConvertible {
    /// The item as given (a route, a veth pair, a link's name).
    public var item: Item { items[position] }
    /// Why the kernel refused it, with the item as the error's object; nil if it was applied.
    public var error: NetKitError? { failure?.error }
    /// The kernel acknowledged the request for this item without an error.
    public var succeeded: Bool { failure == nil }

    private let items: [Item]
    private let position: Int
    private let failure: Failure?

    private final class Failure: Sendable {
        let error: NetKitError
        init(_ error: NetKitError) { self.error = error }
    }

    /// The result of `item` alone.
    public init(item: Item, error: NetKitError?) {
        self.init(items: [item], position: 0, error: error)
    }

    /// The result of `items[position]`, sharing the array's storage.
    init(items: [Item], position: Int, error: NetKitError?) {
        self.items = items
        self.position = position
        failure = error.map(Failure.init)
    }

    /// `ITEM: ok` or `ITEM: ERROR`, one line per item as `ip -batch` reports failures.
    public var description: String {
        if let error { return "\(item): \(error)" }
        return "\(item): ok"
    }
}

extension BatchResult: Equatable where Item: Equatable {
    /// Same item and same error (operation, errno and kernel message).
    public static func == (lhs: BatchResult, rhs: BatchResult) -> Bool {
        lhs.item == rhs.item && lhs.error == rhs.error
    }
}

extension BatchResult: Hashable where Item: Hashable {
    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(item)
        hasher.combine(error)
    }
}

extension Array {
    /// One result per item, in order: `errors[i]` is item `i`'s failure, nil where it was
    /// applied. The results share this array's storage.
    func batchResults(_ errors: [NetKitError?]) -> [BatchResult<Element>] where Element: Sendable {
        errors.indices.map { BatchResult(items: self, position: $0, error: errors[$0]) }
    }
}
