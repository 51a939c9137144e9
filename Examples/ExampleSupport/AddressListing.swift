import Foundation
import NetKit

/// `ip addr show dev NAME` as iproute2 prints it: the link's header and `link/…` lines, then
/// each address with its lifetime line underneath.
public enum AddressListing {
    public static func show(_ net: NetlinkHandle, dev: String) throws -> String {
        let link = try net.link(named: InterfaceName(parsing: dev))
        // Link.description is `ip -d link`'s entry; `ip addr` prints its first two lines, without
        // `mode …` (a field only `ip link` shows) and without the kind details below them.
        var header = link.description.split(separator: "\n", omittingEmptySubsequences: false).prefix(2).map(String.init)
        header[0] = header[0].replacingOccurrences(of: " mode DEFAULT", with: "").replacingOccurrences(of: " mode DORMANT", with: "")
        var lines = header
        for address in try net.addresses(dev: InterfaceName(parsing: dev)) {
            lines.append("    \(address)")
            lines.append("       \(address.lifetime ?? .forever)")
        }
        return lines.joined(separator: "\n")
    }
}
