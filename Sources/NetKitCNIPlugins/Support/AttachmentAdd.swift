import NetKit
import NetKitCNI

/// An `ADD` as every main plugin runs it: the IPAM plugin starts in its own process while the
/// plugin makes its links, and its result is used as soon as it is printed (its exit status is
/// checked before the `ADD` succeeds); each change is recorded in ``undo``; any failure undoes
/// them newest first and, once the IPAM plugin has been run, is followed by its `DEL` (spec
/// section 4), so nothing it may have allocated is leaked — also when the links failed before
/// its result was read. What cannot be undone is named in the error's `details`.
struct AttachmentAdd {
    let request: CNIRequest
    /// The changes so far, undone if the `ADD` fails.
    var undo = RollbackLog()
    private let ipam: PendingDelegation?
    private var collected = false
    /// ``allocation()`` returned the result the plugin printed before it had exited:
    /// ``confirmAllocation()`` still waits for its exit status.
    private var unconfirmed = false

    private init(_ request: CNIRequest, ipam: PendingDelegation?) throws(CNIError) {
        self.request = request
        try ipam?.start()
        self.ipam = ipam
    }

    /// The IPAM plugin `type` (none: a layer-2-only attachment), its helper thread started and
    /// waiting: made before the plugin's own checks, it takes the thread's start off the way to
    /// the IPAM plugin, which ``run(_:ipam:_:)`` starts.
    static func readyIPAM(_ request: CNIRequest, type: String?) -> PendingDelegation? {
        type.map { PendingDelegation.held(request, type: $0) }
    }

    /// Starts the IPAM plugin `ipamType` (none: a layer-2-only attachment), then runs `body`.
    static func run(
        _ request: CNIRequest, ipamType: String?,
        _ body: (inout AttachmentAdd) throws(CNIError) -> CNIResult
    ) throws(CNIError) -> CNIResult {
        try run(request, ipam: readyIPAM(request, type: ipamType), body)
    }

    /// Starts `ipam` (from ``readyIPAM(_:type:)``; a plugin missing from `CNI_PATH` is thrown
    /// here), then runs `body`.
    static func run(
        _ request: CNIRequest, ipam: PendingDelegation?,
        _ body: (inout AttachmentAdd) throws(CNIError) -> CNIResult
    ) throws(CNIError) -> CNIResult {
        var add = try AttachmentAdd(request, ipam: ipam)
        do {
            let result = try body(&add)
            try add.confirmAllocation()
            add.undo.commit()
            return result
        } catch {
            var error = error
            // An IPAM plugin that failed after printing its result: its error, as if the
            // result had been awaited before the steps that used it.
            do throws(CNIError) { try add.confirmAllocation() } catch let failure { error = failure }
            var leftovers: [String] = []
            if let call = add.ipam, !add.collected {
                _ = try? call.result()  // still running when the links failed first: wait, then release
                do throws(CNIError) {
                    try Self.release(call, request)
                } catch {
                    leftovers.append("release the IPAM allocation (\(call.type) DEL): \(error)")
                }
            }
            leftovers += add.undo.rollBack()
            throw error.noting(couldNotUndo: leftovers)
        }
    }

    /// Whether an IPAM plugin runs (``allocation()`` then waits for it).
    var hasIPAM: Bool { ipam != nil }

    /// The IPAM plugin's allocation (nil without IPAM): waits until it has printed its result
    /// and records its release in ``undo``. The steps after it run while the plugin exits; its
    /// exit status is checked before the `ADD` succeeds, and a failure there is the `ADD`'s
    /// error. A result without `ips` is error 999, as the reference plugins say it.
    mutating func allocation() throws(CNIError) -> CNIResult? {
        guard let call = ipam else { return nil }
        collected = true
        let request = request
        undo.record("release the IPAM allocation (\(call.type) DEL)") { try Self.release(call, request) }
        let allocation: CNIResult
        if let printed = try call.provisionalResult() {
            allocation = printed
            unconfirmed = true
        } else {
            allocation = try call.result() ?? CNIResult()
        }
        guard let ips = allocation.ips, !ips.isEmpty else {
            throw CNIError(.internal, "IPAM plugin returned missing IP config", details: "the \(call.type) result has no \"ips\"")
        }
        return allocation
    }

    /// Waits for the IPAM plugin to exit when ``allocation()`` used the result it printed
    /// first: the plugin's error if it failed after all.
    private mutating func confirmAllocation() throws(CNIError) {
        guard unconfirmed, let call = ipam else { return }
        unconfirmed = false
        _ = try call.result()
    }

    private static func release(_ call: PendingDelegation, _ request: CNIRequest) throws(CNIError) {
        _ = try DelegatedCall.run(
            type: call.type, command: .delete, environment: request.environment,
            configuration: request.configurationBytes)
    }
}
