import NetKit
import NetKitCNI

/// The plugin-specific error codes (100 and up, as the spec allows) of `netkit-bridge`,
/// `netkit-ptp` and `netkit-host-local`. Documentation/WritingACNIPlugin.md lists them.
extension CNIErrorCode {
    /// 100: a netlink request or a system call failed; `details` is NetKit's error text
    /// (operation, object, errno, the kernel's message).
    public static let kernelFailure = CNIErrorCode(rawValue: 100)
    /// 101: `CNI_IFNAME` already exists in the container (a second `ADD` without `DEL`).
    public static let interfaceExists = CNIErrorCode(rawValue: 101)
    /// 102: the node's state conflicts with the configuration: the bridge name belongs to a
    /// link that is not a bridge, the bridge has another gateway address and `forceAddress` is
    /// off, or the parent link already has a child the kernel allows only once (a vlan id).
    public static let conflictingState = CNIErrorCode(rawValue: 102)
    /// 103: `CHECK` found the attachment different from `prevResult`.
    public static let checkFailed = CNIErrorCode(rawValue: 103)
    /// 104: the range set has no free address.
    public static let addressesExhausted = CNIErrorCode(rawValue: 104)
    /// 105: a requested address is taken, not in any range, or the container already has one.
    public static let addressUnavailable = CNIErrorCode(rawValue: 105)
    /// 106: the masquerade rules (nftables) could not be installed or removed.
    public static let masqueradeFailed = CNIErrorCode(rawValue: 106)
}

extension CNIError {
    /// A NetKit failure as a CNI error: code 100 with `msg` saying what the plugin was doing and
    /// NetKit's full error text as `details`.
    init(_ error: any Error, doing what: String) {
        if let error = error as? CNIError {
            self = error
        } else {
            self.init(.kernelFailure, what, details: "\(error)")
        }
    }
}

/// Runs `body`, turning any error it throws into a ``CNIError`` about `what`.
func attempt<T>(_ what: String, _ body: () throws -> T) throws(CNIError) -> T {
    do {
        return try body()
    } catch {
        throw CNIError(error, doing: what)
    }
}
