import NetKit

/// The specific failure a step of the document must produce ("ping fails" is not enough: a
/// setup mistake such as a missing address would fail too, for the wrong reason).
public struct ExpectedFailure: Sendable, CustomStringConvertible {
    /// What the failure is, as printed next to the claim, e.g. `timed out`.
    public let description: String
    private let predicate: @Sendable (NetKitError) -> Bool

    public init(_ description: String, _ matches: @escaping @Sendable (NetKitError) -> Bool) {
        self.description = description
        self.predicate = matches
    }

    public func matches(_ error: Error) -> Bool {
        guard let error = error as? NetKitError else { return false }
        return predicate(error)
    }

    /// No answer within the timeout: the request or the reply was lost on the way.
    public static let timedOut = ExpectedFailure("no reply: timed out") { $0.reason == .timedOut }

    /// The call failed with this errno (kernel or system call), e.g. `ENETUNREACH` from `sendto`
    /// when no route matches.
    public static func errno(_ errno: Errno) -> ExpectedFailure {
        ExpectedFailure("\(errno)") { $0.errno == errno }
    }
}
