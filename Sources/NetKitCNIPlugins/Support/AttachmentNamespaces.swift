#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif
import NetKit
import NetKitCNI

/// The two namespaces of an attachment: the runtime's, where the plugin process runs (the
/// node's root namespace in production, a test's "node" namespace in tests) and where the
/// bridge lives; and the container's, `CNI_NETNS`. Each has a netlink handle whose socket was
/// opened inside it.
struct AttachmentNamespaces {
    let node: Namespace
    let pod: Namespace
    let nodeNet: NetlinkHandle
    let podNet: NetlinkHandle

    /// Opens both; a `CNI_NETNS` that is missing or not a network namespace is `missingCode`
    /// (4 for `ADD`, 3 for `CHECK`), and one that is the plugin's own namespace is error 4 —
    /// acting there would configure (or delete) the node's own interfaces.
    init(netns path: String, missingCode: CNIErrorCode) throws(CNIError) {
        let node = try attempt("open the runtime's network namespace") { try Namespace.initial() }
        let pod = try Self.openContainer(path, missingCode: missingCode)
        if pod == node {
            throw CNIError(
                .invalidEnvironment, "invalid CNI_NETNS",
                details: "CNI_NETNS \(path) is the plugin's own network namespace (net:[\(node.inode)]); it must be the container's")
        }
        self.node = node
        self.pod = pod
        nodeNet = try attempt("open netlink in the runtime's namespace") { try node.netlink() }
        podNet = try attempt("open netlink in \(path)") { try pod.netlink() }
    }

    /// The container namespace at `path`: `/proc/PID/ns/net` through the pid, another path
    /// as given (a symbolic link, refused by ``Namespace/open(path:)``, is resolved first).
    static func openContainer(_ path: String, missingCode: CNIErrorCode) throws(CNIError) -> Namespace {
        do throws(NetKitError) {
            let parts = path.utf8.split(separator: UInt8(ascii: "/")).map { String(Substring($0)) }  // bytes, as the kernel splits paths
            if parts.count == 4, parts[0] == "proc", parts[2] == "ns", parts[3] == "net", let pid = Int32(parts[1]) {
                return try Namespace.open(pid: pid)
            }
            do throws(NetKitError) {
                return try Namespace.open(path: path)
            } catch let error where error.errno == .ELOOP {
                guard let resolved = realpath(path, nil) else { throw error }
                defer { free(resolved) }
                return try Namespace.open(path: String(cString: resolved))
            }
        } catch {
            let why: String =
                switch error.errno {
                case .ENOENT?: "does not exist"
                case nil: "is not a network namespace (expected an nsfs file such as /run/netns/NAME)"
                default: "cannot be opened: \(error)"
                }
            throw CNIError(
                missingCode, missingCode == .unknownContainer ? "container network namespace is gone" : "invalid CNI_NETNS",
                details: "CNI_NETNS \(path) \(why)")
        }
    }
}

extension AttachmentNamespaces {
    /// Error 101 when `CNI_IFNAME` already exists in the container (a second `ADD` without `DEL`).
    func requireNoInterface(_ request: CNIRequest) throws(CNIError) {
        let name = request.interfaceName
        if try attempt("look up \(name) in the container", { try podNet.linkIfPresent(named: InterfaceName(parsing: name)) }) != nil {
            throw CNIError(
                .interfaceExists, "interface \(name) already exists in the container",
                details: "\(request.netns) already has a link named \(name); DEL the attachment before adding it again")
        }
    }
}
