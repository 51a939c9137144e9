/// `CNI_COMMAND`: the operation a runtime asks of a plugin.
public enum CNICommand: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case add = "ADD"
    case delete = "DEL"
    case check = "CHECK"
    case version = "VERSION"
    /// 1.1.0: is the plugin ready to service `ADD`?
    case status = "STATUS"
    /// 1.1.0: remove resources of attachments not in `cni.dev/valid-attachments`.
    case garbageCollect = "GC"

    public var description: String { rawValue }

    /// The oldest specification that has this command.
    public var firstVersion: CNIVersion {
        switch self {
        case .check: .firstWithCheck
        case .status, .garbageCollect: .firstWithStatusAndGC
        default: .v0_1_0
        }
    }

    /// The variables the spec requires for this command (section 2), besides `CNI_COMMAND`.
    var requiredVariables: [String] {
        switch self {
        case .add, .check: ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"]
        case .delete: ["CNI_CONTAINERID", "CNI_IFNAME"]
        case .garbageCollect: ["CNI_PATH"]
        case .version, .status: []
        }
    }

    /// The variables the spec lists for this command, required or optional; the plugin reads
    /// and checks these and ignores every other one.
    var takenVariables: Set<String> {
        switch self {
        case .add, .check, .delete: ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"]
        case .status, .garbageCollect: ["CNI_PATH"]
        case .version: []
        }
    }
}
