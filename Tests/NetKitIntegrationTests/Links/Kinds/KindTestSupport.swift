import Foundation
import NetKit
import Testing

extension TestNamespace {
    /// `ip -j -d link show dev NAME`'s `linkinfo`: the kind, its `info_data` and, for a port,
    /// `info_slave_data`.
    func linkInfo(_ name: String) throws -> (kind: String?, data: [String: Any], portData: [String: Any]) {
        let entry = try #require(try ip("-d", "link", "show", "dev", name).first, "ip knows \(name)")
        let info = entry["linkinfo"] as? [String: Any] ?? [:]
        return (info["info_kind"] as? String, info["info_data"] as? [String: Any] ?? [:], info["info_slave_data"] as? [String: Any] ?? [:])
    }

    /// The names of this namespace's links.
    func linkNames() throws -> [InterfaceName] { try net.links().map(\.name) }
}

extension TestNamespace {
    /// The kind lines of `link.description` (after `link/…`) against `ip -d link show dev NAME`'s,
    /// word by word as ``expectDescriptionMatchesIP(_:sourceLocation:)`` compares them; for a
    /// link whose parent is in another namespace, where iproute2 names that namespace
    /// (`link-netns NAME`) on the `link/…` line.
    func expectKindLinesMatchIP(_ link: Link, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let theirs = try trimmedLines("-d", "link", "show", "dev", link.name.rawValue)
        let ours = link.description.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        try #require(ours.count > 2 && theirs.count >= ours.count, "ip printed \(theirs), NetKit \(ours)", sourceLocation: sourceLocation)
        for line in 2..<ours.count {
            let mine = ours[line].split(separator: " "), ip = theirs[line].split(separator: " ")
            #expect(
                mine.first == ip.first && Self.isOrderedSubsequence(mine, of: ip), "ip: \(theirs[line])\nNetKit: \(ours[line])",
                sourceLocation: sourceLocation)
        }
    }
}
