import NetKit
import NetKitCNI

/// `netkit-host-local`: an IPAM plugin compatible with the reference `host-local` — same
/// configuration keys, same results, same state files (so either can take over a `dataDir`) —
/// with crash-safe state and the 1.1.0 commands.
///
/// - `ADD`: one address from every range set (or the requested ones), with the configured
///   routes and, from `resolvConf`, DNS.
/// - `DEL`: releases the attachment's addresses; releasing nothing is success.
/// - `CHECK`: error 3 when the attachment holds no address.
/// - `GC`: releases every address whose attachment is not in `cni.dev/valid-attachments`
///   (error 7, releasing nothing, when the request has no such list); a torn allocation file
///   (owner unknown) is kept and reported as error 5 once the rest is done.
/// - `STATUS`: error 50 when a range set has no free address left.
public struct HostLocalPlugin: CNIPlugin {
    public let about = "CNI plugin netkit-host-local (NetKit)"

    public init() {}

    public func add(_ request: CNIRequest) throws(CNIError) -> CNIResult {
        let configuration = try HostLocalConfiguration(request)
        let dns = try configuration.resolvConf.map { path throws(CNIError) in try ResolvConf.dns(at: path) }
        for address in configuration.requestedAddresses
        where !configuration.rangeSets.contains(where: { set in set.contains { $0.contains(address) } }) {
            throw CNIError(
                .addressUnavailable, "requested address \(address) is in no range",
                details: "ranges: \(configuration.rangeSets.map { $0.map(\.description).joined(separator: ",") }.joined(separator: "; "))")
        }
        let store = try AllocationStore(directory: configuration.stateDirectory)
        var requested = configuration.requestedAddresses
        var ips: [CNIResult.IPConfiguration] = []
        do throws(CNIError) {
            for (index, rangeSet) in configuration.rangeSets.enumerated() {
                let wanted = requested.firstIndex { address in rangeSet.contains { $0.contains(address) } }
                let address = wanted.map { requested.remove(at: $0) }
                let allocator = AddressAllocator(rangeSet: rangeSet, index: index, store: store)
                do {
                    ips.append(
                        try allocator.allocate(containerID: request.containerID, interface: request.interfaceName, requested: address))
                } catch {
                    throw CNIError(error.code, "failed to allocate for range \(index): \(error.msg)", details: error.details)
                }
            }
            if !requested.isEmpty {
                throw CNIError(
                    .addressUnavailable, "failed to allocate all requested IPs: \(requested.map(\.description).joined(separator: " "))",
                    details: "no range set contains them")
            }
        } catch {
            // Nothing half-done: what this ADD took goes back.
            for ip in ips { if let address = IPNetwork(ip.address)?.address { store.release(address) } }
            throw error
        }
        return CNIResult(ips: ips, routes: configuration.routes, dns: dns ?? CNIResult.DNS())
    }

    public func delete(_ request: CNIRequest) throws(CNIError) {
        let configuration = try HostLocalConfiguration(request)
        let store = try AllocationStore(directory: configuration.stateDirectory)
        store.release(containerID: request.containerID, interface: request.interfaceName)
    }

    public func check(_ request: CNIRequest) throws(CNIError) {
        let configuration = try HostLocalConfiguration(request)
        let store = try AllocationStore(directory: configuration.stateDirectory)
        if store.addresses(of: request.containerID, interface: request.interfaceName).isEmpty {
            throw CNIError(
                .unknownContainer, "host-local: no address allocated to container \(request.containerID)",
                details:
                    "interface \(request.interfaceName) of container \(request.containerID) holds no address in \(configuration.stateDirectory)"
            )
        }
    }

    public func garbageCollect(_ request: CNIRequest) throws(CNIError) {
        let configuration = try HostLocalConfiguration(request)
        let valid = try request.configuration.attachmentsToKeep()
        let validIDs = Set(valid.map(\.containerID))
        let store = try AllocationStore(directory: configuration.stateDirectory)
        var torn: [IPAddress] = []
        for reservation in store.reservations() {
            if reservation.isTorn {
                torn.append(reservation.address)
                continue
            }
            let kept =
                reservation.interfaceName.isEmpty
                ? validIDs.contains(reservation.containerID)
                : valid.contains(.init(containerID: reservation.containerID, ifname: reservation.interfaceName))
            if !kept { store.release(reservation.address) }
        }
        // The spec's GC goes on after an error and reports it at the end.
        if !torn.isEmpty {
            let files = torn.map { configuration.stateDirectory + "/" + $0.description }.sorted()
            throw CNIError(
                .ioFailure, "host-local: allocation files of unknown owner",
                details: "\(files.joined(separator: ", ")) name no container (empty or torn, e.g. by a power loss); "
                    + "their addresses stay reserved: remove the files once no container uses the addresses")
        }
    }

    public func status(_ request: CNIRequest) throws(CNIError) {
        let configuration = try HostLocalConfiguration(request)
        let store = try AllocationStore(directory: configuration.stateDirectory)
        for (index, rangeSet) in configuration.rangeSets.enumerated() {
            let usage = AddressAllocator(rangeSet: rangeSet, index: index, store: store).usage()
            if UInt64(usage.taken) >= usage.capacity {
                throw CNIError(
                    .pluginNotAvailable, "no IP addresses available in range set \(index)",
                    details: "all \(usage.capacity) addresses of \(rangeSet.map(\.description).joined(separator: ",")) are allocated")
            }
        }
    }
}
