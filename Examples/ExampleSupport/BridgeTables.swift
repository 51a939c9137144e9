import Foundation
import NetKit

/// The tables `brctl` (bridge-utils) prints, made from NetKit's bridge data, so the examples
/// show the same output as the document's `brctl show` / `brctl showmacs`.
public enum BridgeTables {
    /// `brctl show`'s table for one bridge.
    public static func show(_ bridge: Link, ports: [Link]) -> String {
        let id = bridge.macAddress.map { "8000." + $0.bytes.map { String(format: "%02x", $0) }.joined() } ?? "-"
        let stp = bridge.details(as: BridgeDetails.self)?.stp == true ? "yes" : "no"
        var lines = ["bridge name\tbridge id\t\tSTP enabled\tinterfaces"]
        let first = ports.first?.name.rawValue ?? ""
        lines.append("\(bridge.name)\t\t\(id)\t\(stp)\t\t\(first)")
        for port in ports.dropFirst() { lines.append("\t\t\t\t\t\t\t\(port.name)") }
        return lines.joined(separator: "\n")
    }

    /// `brctl showmacs BRIDGE`'s table: port number, MAC, local or not, ageing timer — one line
    /// per forwarding-database entry of the bridge's ports (the bridge's own `self` entries are
    /// not in brctl's table). Sorted by port number, then MAC, as the kernel's table is walked.
    public static func showmacs(_ net: NetlinkHandle, bridge: InterfaceName) throws -> (table: String, entries: [ForwardingDatabaseEntry]) {
        let entries = try net.forwardingDatabase(bridge: bridge).filter { !$0.isSelf }
        var portNumbers: [Int32: UInt16] = [:]
        for port in try net.bridgePorts(bridge: bridge) {
            portNumbers[port.index] = port.portDetails(as: BridgePortDetails.self)?.portNumber
        }
        let sorted = entries.sorted {
            (portNumbers[$0.portIndex] ?? 0, $0.macAddress.description) < (portNumbers[$1.portIndex] ?? 0, $1.macAddress.description)
        }
        var lines = ["port no\tmac addr\t\tis local?\tageing timer"]
        for entry in sorted {
            let port = portNumbers[entry.portIndex].map(String.init) ?? "?"
            let ageing = String(format: "%6.2f", entry.isLocal ? 0 : entry.secondsSinceUpdate ?? 0)
            lines.append("  \(port)\t\(entry.macAddress)\t\(entry.isLocal ? "yes" : "no")\t\t\(ageing)")
        }
        return (lines.joined(separator: "\n"), entries)
    }
}
