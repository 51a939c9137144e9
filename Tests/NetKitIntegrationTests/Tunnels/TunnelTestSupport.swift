import Foundation
import NetKit
import Testing

/// Cross-checks the tunnel suites share: the kind line and `info_data` as iproute2 reports them.
extension TestNamespace {
    /// `linkinfo.info_data` of `ip -j -d link show dev NAME`.
    func infoData(of name: String) throws -> [String: Any] {
        let link = try #require(try ip("-d", "link", "show", "dev", name).first)
        return try #require((link["linkinfo"] as? [String: Any])?["info_data"] as? [String: Any], "\(link)")
    }

    /// Expects `details` to print exactly the kind line `ip -d link show dev NAME` prints (its
    /// third line, up to the generic words iproute2 appends to it: `addrgenmode`, `numtxqueues`),
    /// and the link's whole description to match ip's entry.
    func expectKindLine(_ details: (any LinkDetails)?, of name: InterfaceName, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = try trimmedLines("-d", "link", "show", "dev", name.rawValue)
        let line = try #require(lines.count > 2 ? lines[2] : nil, "ip printed \(lines)", sourceLocation: sourceLocation)
        let end = ["addrgenmode", "numtxqueues"].compactMap { line.range(of: " \($0) ")?.lowerBound }.min() ?? line.endIndex
        #expect(details?.description == String(line[..<end]), sourceLocation: sourceLocation)
        // The whole entry too: the first line, `link/gre A peer B`, `link/gre6`, `link/tunnel6` ….
        try expectDescriptionMatchesIP(try net.link(named: name), sourceLocation: sourceLocation)
    }

    /// Deletes `name` (`ip link del`) and expects neither NetKit nor ip to find it afterwards.
    func deleteAndExpectGone(_ name: InterfaceName, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try net.deleteLink(name)
        #expect(throws: NetKitError.self, sourceLocation: sourceLocation) { try net.link(named: name) }
        #expect(try ip("link", "show").allSatisfy { $0["ifname"] as? String != name.rawValue }, sourceLocation: sourceLocation)
    }
}
