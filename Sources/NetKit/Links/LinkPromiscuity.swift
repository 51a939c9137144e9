extension NetlinkHandle {
    /// `ip link set dev NAME promisc on|off` (`RTM_NEWLINK` with `IFF_PROMISC` in `ifi_change`):
    /// receive every frame on the link, not only those addressed to it. A bridge needs it for
    /// the CNI `promiscMode` setting, so that frames for its own addresses reach it.
    public func setPromiscuous(_ name: InterfaceName, to enabled: Bool) throws(NetKitError) {
        try modifyLink(
            name, operation: "ip link set promisc", object: "dev \(name) promisc \(enabled ? "on" : "off")",
            flags: enabled ? .promiscuous : [], change: .promiscuous
        ) { _ in }
    }
}
