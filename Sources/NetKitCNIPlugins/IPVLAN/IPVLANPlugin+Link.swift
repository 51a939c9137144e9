import NetKit
import NetKitCNI

extension IPVLANPlugin {
    /// The configured mode as NetKit's value.
    static func mode(_ configuration: IPVLANConfiguration) -> IPVLANMode {
        switch configuration.mode {
        case "l3": .l3
        case "l3s": .l3s
        default: .l2
        }
    }

    /// `ip link add link MASTER CNI_IFNAME netns POD type ipvlan mode MODE` with the MTU.
    static func createLink(
        _ configuration: IPVLANConfiguration, name: String, parent: InterfaceName, handle: NetlinkHandle,
        options: LinkOptions
    ) throws {
        try handle.add(
            IPVLAN(name: InterfaceName(parsing: name), parent: parent, mode: mode(configuration), options: options))
    }

    /// Error 103 when the container's ipvlan is in another mode than configured.
    static func checkDetails(_ link: Link, _ configuration: IPVLANConfiguration) throws(CNIError) {
        let actual = link.details(as: IPVLANDetails.self)?.mode
        if actual != mode(configuration) {
            throw AttachmentCheck.differs(
                "container ipvlan mode \(actual?.description ?? "unknown") does not match expected value: \(configuration.mode)")
        }
    }
}
