import NetKit
import NetKitCNI

extension VLANPlugin {
    /// `ip link add link MASTER CNI_IFNAME netns POD type vlan id ID` with the MTU.
    static func createLink(
        _ configuration: VLANConfiguration, name: String, parent: InterfaceName, handle: NetlinkHandle,
        options: LinkOptions
    ) throws {
        try handle.add(
            VLAN(name: InterfaceName(parsing: name), parent: parent, id: configuration.vlanID, options: options))
    }

    /// Error 103 when the container's vlan has another id than configured.
    static func checkDetails(_ link: Link, _ configuration: VLANConfiguration) throws(CNIError) {
        let actual = link.details(as: VLANDetails.self)?.id
        if actual != configuration.vlanID {
            throw AttachmentCheck.differs(
                "container vlan id \(actual.map(String.init) ?? "unknown") does not match expected value: \(configuration.vlanID)")
        }
    }
}
