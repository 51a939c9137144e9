extension Link {
    /// The entry as `ip monitor link` (and plain `ip link show`) prints it: `3: veth1@veth1_p:
    /// <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default` and the
    /// `link/ether …` line — no `mode`, `qlen` or kind details, which only `-d` adds. The master
    /// is named as in ``description``: `master br0`, or `master ifN` when its name is unknown.
    var monitorLine: String {
        var line = "\(index): \(displayName): <\(flagNames.joined(separator: ","))> mtu \(mtu)"
        if let qdisc { line += " qdisc \(qdisc)" }
        if let master = masterWord { line += " master \(master)" }
        line += " state \(operationalState) group \(group == 0 ? "default" : String(group))"
        line += "\n    " + linkLayerLine
        if let linkNetnsID { line += " link-netnsid \(linkNetnsID)" }
        if let alias { line += "\n    alias \(alias)" }
        return line
    }

}

extension InterfaceAddress {
    /// The entry as `ip monitor address` prints it: `3: veth1    inet 10.0.0.1/24 scope global
    /// veth1` and, indented, `valid_lft forever preferred_lft forever`.
    var monitorLine: String {
        var line = "\(interfaceIndex): \(interfaceName)    \(description)"
        if let lifetime { line += "\n       \(lifetime)" }
        return line
    }
}
