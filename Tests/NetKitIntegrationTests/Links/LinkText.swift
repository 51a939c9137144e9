import Foundation
import NetKit
import Testing

/// Compares NetKit's `ip -d link` rendering with iproute2's own text for the same link.
extension TestNamespace {
    /// `link.description` against `ip -d link show dev NAME`: the first line must be identical
    /// (flags, qdisc, `master br0`, state, mode, group, qlen); iproute2's `link/…` line must start
    /// with NetKit's (it goes on with promiscuity, min/max MTU …); each kind line NetKit prints
    /// (`veth`, `bridge …`, `bridge_slave …`, `ipip …`) must start with the same word as
    /// iproute2's and its words must appear there in the same order (iproute2 prints more).
    ///
    /// Carrier and operational state settle asynchronously (linkwatch) after a port or a peer
    /// changes, so the two readers may briefly disagree on the first line: `read` is evaluated
    /// again, with ip, until they agree on it (at most 50 times), then everything is compared.
    func expectDescriptionMatchesIP(_ read: @autoclosure () throws -> Link, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var link = try read()
        var theirs = try trimmedLines("-d", "link", "show", "dev", link.name.rawValue)
        for _ in 0..<50 where theirs.first != Self.lines(of: link).first {
            usleep(20_000)
            link = try read()
            theirs = try trimmedLines("-d", "link", "show", "dev", link.name.rawValue)
        }
        let ours = Self.lines(of: link)
        try #require(theirs.count >= ours.count, "ip printed \(theirs), NetKit \(ours)", sourceLocation: sourceLocation)
        #expect(ours[0] == theirs[0], sourceLocation: sourceLocation)
        #expect(theirs[1].hasPrefix(ours[1]), "ip: \(theirs[1])\nNetKit: \(ours[1])", sourceLocation: sourceLocation)
        for line in 2..<ours.count {
            let mine = ours[line].split(separator: " "), ip = theirs[line].split(separator: " ")
            #expect(
                mine.first == ip.first && Self.isOrderedSubsequence(mine, of: ip),
                "ip: \(theirs[line])\nNetKit: \(ours[line])", sourceLocation: sourceLocation)
        }
    }

    private static func lines(of link: Link) -> [String] {
        link.description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Every element of `part` occurs in `whole`, in the same order.
    static func isOrderedSubsequence(_ part: [Substring], of whole: [Substring]) -> Bool {
        var remaining = whole[...]
        for word in part {
            guard let found = remaining.firstIndex(of: word) else { return false }
            remaining = remaining[(found + 1)...]
        }
        return true
    }
}
