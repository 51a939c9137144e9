import NetKit
import NetKitCNI

/// The `ipMasq` steps of `ADD`, `CHECK`, `DEL` and `GC`, the same for every main plugin: the
/// rules of one attachment are found by their comment (``Masquerade/comment(containerID:interface:)``).
extension Masquerade {
    /// `ADD`: starts the transaction adding the rules for `addresses` and records their removal
    /// in `undo`; the caller waits for the returned call once its own steps are done.
    static func start(_ addresses: [IPNetwork], request: CNIRequest, undo: inout RollbackLog) throws(CNIError) -> NFTCall {
        let network = request.networkName, environment = request.environment.variables
        let comment = comment(containerID: request.containerID, interface: request.interfaceName)
        let call = try Masquerade(network: network).add(
            addresses, containerID: request.containerID,
            interface: request.interfaceName, environment: environment)
        undo.record("remove the masquerade rules \"\(comment)\"") {
            try Masquerade(network: network).remove(where: { $0 == comment }, environment: environment)
        }
        return call
    }

    /// `CHECK`: error 103 unless every address of `ips` has its rule.
    static func check(_ ips: [CNIResult.IPConfiguration], request: CNIRequest) throws(CNIError) {
        let masquerade = Masquerade(network: request.networkName)
        let comment = comment(containerID: request.containerID, interface: request.interfaceName)
        let rules = try masquerade.rules(environment: request.environment.variables)
        for ip in ips {
            guard let address = IPNetwork(ip.address)?.address.description else { continue }
            if !rules.contains(where: { $0.comment == comment && $0.source == address }) {
                throw CNIError(
                    .checkFailed, "attachment differs from prevResult",
                    details: "no masquerade rule for \(address) in table inet \(masquerade.table)")
            }
        }
    }

    /// `DEL`: removes the attachment's rules on a helper thread (joined by the caller), so nft
    /// runs while the kernel deletes the links; a failure lands in `failure`.
    static func startRemoval(_ request: CNIRequest, failure: FailureBox) -> BackgroundThread {
        let environment = request.environment.variables, network = request.networkName
        let comment = comment(containerID: request.containerID, interface: request.interfaceName)
        return BackgroundThread.start {
            do throws(CNIError) {
                try Masquerade(network: network).remove(where: { $0 == comment }, environment: environment)
            } catch {
                failure.error = error
            }
        }
    }

    /// `GC`: removes the rules of attachments not in `keep`.
    static func collectGarbage(_ request: CNIRequest, keep: Set<PluginConfiguration.Attachment>) throws(CNIError) {
        let valid = Set(keep.map { comment(containerID: $0.containerID, interface: $0.ifname) })
        try Masquerade(network: request.networkName).remove(where: { !valid.contains($0) }, environment: request.environment.variables)
    }
}

/// An error a helper thread hands back (read after it is joined).
final class FailureBox: @unchecked Sendable {
    var error: CNIError?
}
