/// The state of a neighbour entry (`ndm_state`, `NUD_*`), printed in upper case as iproute2
/// does: `PERMANENT`, `NOARP`, `REACHABLE`, `STALE`, `DELAY`, `PROBE`, `FAILED`, `INCOMPLETE`,
/// or `NONE` for no bit.
///
/// `PERMANENT` and `NOARP` are set by configuration and never change; the others are the steps
/// of the kernel's reachability state machine.
public struct NeighbourState: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The `NUD_*` bits.
    public var rawValue: UInt16
    /// A state from its `NUD_*` bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `NONE` (0): an entry without state, e.g. one just created for a lookup.
    public static let none: NeighbourState = []
    /// Resolution is under way; no link-layer address yet.
    public static let incomplete = NeighbourState(rawValue: NUD.incomplete)
    /// Confirmed reachable recently.
    public static let reachable = NeighbourState(rawValue: NUD.reachable)
    /// Usable, but reachability is not confirmed; the next use starts a check.
    public static let stale = NeighbourState(rawValue: NUD.stale)
    /// Waiting for upper-layer confirmation before probing.
    public static let delay = NeighbourState(rawValue: NUD.delay)
    /// Sending unicast probes.
    public static let probe = NeighbourState(rawValue: NUD.probe)
    /// Resolution failed.
    public static let failed = NeighbourState(rawValue: NUD.failed)
    /// No resolution needed (multicast, point-to-point devices); never expires.
    public static let noARP = NeighbourState(rawValue: NUD.noARP)
    /// Configured statically (`nud permanent`, the default of `ip neigh add`); never expires.
    public static let permanent = NeighbourState(rawValue: NUD.permanent)

    /// iproute2's order and names (`print_neigh_state` in ip/ipneigh.c).
    private static let named: [(NeighbourState, String)] = [
        (.incomplete, "INCOMPLETE"), (.reachable, "REACHABLE"), (.stale, "STALE"), (.delay, "DELAY"),
        (.probe, "PROBE"), (.failed, "FAILED"), (.noARP, "NOARP"), (.permanent, "PERMANENT"),
    ]

    /// The names `ip neigh` prints, in its order; empty for `NONE`.
    public var names: [String] {
        Self.named.filter { contains($0.0) }.map(\.1)
    }

    /// `PERMANENT`, `REACHABLE`, … or `NONE`; several names when several bits are set.
    public var description: String {
        isEmpty ? "NONE" : names.joined(separator: " ")
    }

    /// Parses a state as `ip neigh add … nud STATE` takes it: `permanent`, `noarp`, `reachable`,
    /// `stale`, `none`, `incomplete`, `delay`, `probe` or `failed`, in either case.
    public init(parsing text: String) throws(NetKitError) {
        let upper = text.uppercased()
        if upper == "NONE" {
            self = .none
        } else if let match = Self.named.first(where: { $0.1 == upper }) {
            self = match.0
        } else {
            throw NetKitError.invalidInput(
                "\(AddressText.quote(text)) is not a neighbour state; use permanent, noarp, reachable, stale, none, incomplete, delay, probe or failed",
                operation: "parse neighbour state", object: text)
        }
    }

    /// True for the states that hold a usable link-layer address (`NUD_VALID`).
    public var hasLinkLayerAddress: Bool { rawValue & NUD.valid != 0 }
}
