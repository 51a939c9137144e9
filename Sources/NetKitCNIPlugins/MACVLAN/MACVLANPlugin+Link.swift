import NetKit
import NetKitCNI

extension MACVLANPlugin {
    /// The configured mode as NetKit's value.
    static func mode(_ configuration: MACVLANConfiguration) -> MACVLANMode {
        switch configuration.mode {
        case "private": .private
        case "vepa": .vepa
        case "passthru": .passthru
        default: .bridge
        }
    }

    /// `ip link add link MASTER CNI_IFNAME netns POD type macvlan mode MODE [bcqueuelen N]` with the MTU and MAC.
    static func createLink(
        _ configuration: MACVLANConfiguration, name: String, parent: InterfaceName, handle: NetlinkHandle,
        options: LinkOptions
    ) throws {
        try handle.add(
            MACVLAN(
                name: InterfaceName(parsing: name), parent: parent, mode: mode(configuration),
                broadcastQueueLength: configuration.broadcastQueueLength, options: options))
    }

    /// Error 103 when the container's macvlan is in another mode than configured.
    static func checkDetails(_ link: Link, _ configuration: MACVLANConfiguration) throws(CNIError) {
        let actual = link.details(as: MACVLANDetails.self)?.mode
        if actual != mode(configuration) {
            throw AttachmentCheck.differs(
                "container macvlan mode \(actual?.description ?? "unknown") does not match expected value: \(configuration.mode)")
        }
    }
}
