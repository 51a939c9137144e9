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
    func expectDescriptionMatchesIP(_ link: Link, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let theirs = try trimmedLines("-d", "link", "show", "dev", link.name)
        let ours = link.description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(theirs.count >= ours.count, "ip printed \(theirs), NetKit \(ours)", sourceLocation: sourceLocation)
        #expect(ours[0] == theirs[0], sourceLocation: sourceLocation)
        #expect(theirs[1].hasPrefix(ours[1]), "ip: \(theirs[1])\nNetKit: \(ours[1])", sourceLocation: sourceLocation)
        for line in 2..<ours.count {
            let mine = ours[line].split(separator: " "), ip = theirs[line].split(separator: " ")
            #expect(mine.first == ip.first && Self.isOrderedSubsequence(mine, of: ip),
                    "ip: \(theirs[line])\nNetKit: \(ours[line])", sourceLocation: sourceLocation)
        }
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
