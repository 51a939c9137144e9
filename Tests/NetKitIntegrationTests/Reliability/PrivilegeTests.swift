import Foundation
@testable import NetKit
import NetKitTestSupport
import Testing

/// Capabilities are per thread: a thread of ours drops one (`capset`) and makes NetKit calls, so
/// the kernel really refuses them, while the rest of the test process keeps root's privileges.
enum Capability {
    static let netAdmin: Int32 = 12
    static let sysAdmin: Int32 = 21

    /// Runs `body` on a new thread that first dropped `capabilities` from its effective and
    /// permitted sets; the thread ends afterwards, so no privilege-less thread outlives the call.
    static func without<T: Sendable>(_ capabilities: [Int32], _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            Thread {
                for capability in capabilities where drop(capability) != 0 {
                    continuation.resume(returning: .failure(NetKitError(.system(.current), operation: "capset")))
                    return
                }
                continuation.resume(returning: Result { try body() })
            }.start()
        }
        return try result.get()
    }

    /// Removes `capability` from the calling thread's effective and permitted sets (`capset`
    /// acts on this thread only). Irreversible for the thread. Returns 0, or -1 with errno.
    static func drop(_ capability: Int32) -> Int32 {
        guard var sets = SystemCalls.threadCapabilities() else { return -1 }
        let bit = ~(UInt64(1) << UInt64(capability))
        sets.effective &= bit
        sets.permitted &= bit
        return SystemCalls.setThreadCapabilities(sets)
    }
}

@Suite("Reliability: privilege")
struct PrivilegeTests {
    @Test("without CAP_NET_ADMIN every change is a typed EPERM with the operation and a hint; reads work; nothing changes")
    func noNetAdmin() async throws {
        let ns = try TestNamespace("perm", loopbackUp: false)
        let net = ns.net  // opened by this privileged thread
        let namespace = ns.namespace
        let failures = try await Capability.without([Capability.netAdmin]) { () -> [NetKitError] in
            let effective = CapabilityHint.effectiveCapabilities() ?? 0
            #expect(effective & (1 << 12) == 0, "the thread still has CAP_NET_ADMIN")
            var failures: [NetKitError] = []
            func expectRefused(_ body: () throws -> Void) {
                do { try body(); Issue.record("a change succeeded without CAP_NET_ADMIN") } catch let error as NetKitError {
                    failures.append(error)
                } catch { Issue.record("untyped error \(error)") }
            }
            expectRefused { try net.add(VethPair(name: "veth1", peerName: "veth1_p")) }
            expectRefused { try net.add(Bridge(name: "br0")) }
            expectRefused { try net.setUp("lo") }
            expectRefused { try net.addAddress(InterfaceAddress("10.9.0.1/8", dev: "lo")) }
            expectRefused { try net.addRoute(Route("10.8.0.0/16", dev: "lo")) }
            expectRefused { _ = try net.addRoutes([Route("10.7.0.0/16", dev: "lo")]).first?.error.map { throw $0 } }
            // A handle opened by this thread is refused the same way.
            let own = try namespace.netlink()
            expectRefused { try own.setUp("lo") }
            // Reading needs no privilege.
            #expect(try net.links().map(\.name).withoutKernelFallbackDevices == ["lo"])
            #expect(try net.routes().isEmpty)
            return failures
        }
        #expect(failures.count == 7)
        for error in failures {
            #expect(error.errno == .EPERM, "\(error)")
            #expect(error.isPermissionDenied)
            #expect(error.operation.messageType?.description.hasPrefix("RTM_NEW") == true, "\(error.operation)")
            #expect(error.object.contains("netns \(ns.name)"), "\(error.object)")
            #expect(error.hint?.contains("lacks CAP_NET_ADMIN") == true, "\(error.hint ?? "no hint")")
        }
        #expect(failures.first?.description.contains("Operation not permitted") == true)
        // Cross-check with iproute2: the namespace is exactly as it was.
        let links = try ns.ip("link", "show")
        #expect(links.compactMap { $0["ifname"] as? String }.withoutKernelFallbackDevices == ["lo"])
        #expect((links.first?["flags"] as? [String])?.contains("UP") == false)
        #expect(try ns.ip("-4", "address", "show").allSatisfy { (($0["addr_info"] as? [Any]) ?? []).isEmpty })
        #expect(try ns.ip("route", "show").isEmpty)
    }

    @Test("without CAP_SYS_ADMIN, creating a namespace is a typed EPERM and leaves no /run/netns entry or mount")
    func noSysAdmin() async throws {
        try requirePrivilege()
        let name = TestNamespace.uniqueName("perm")
        // Leave NetKit's namespace worker idle with root's privileges first: a thread that gave
        // CAP_SYS_ADMIN up must not get its namespace work done by that worker.
        _ = try Namespace.anonymous()
        let errors = try await Capability.without([Capability.sysAdmin]) { () -> [NetKitError] in
            var errors: [NetKitError] = []
            do { _ = try Namespace.create(named: name); Issue.record("created without CAP_SYS_ADMIN") } catch let error as NetKitError {
                errors.append(error)
            }
            do { _ = try Namespace.anonymous(); Issue.record("unshare without CAP_SYS_ADMIN") } catch let error as NetKitError {
                errors.append(error)
            }
            return errors
        }
        #expect(errors.count == 2)
        for error in errors {
            #expect(error.isPermissionDenied, "\(error)")
            #expect(error.description.contains("CAP_SYS_ADMIN"), "\(error)")
        }
        #expect(errors.first?.description.contains(name) == true, "\(errors.first.map(String.init(describing:)) ?? "")")
        #expect(FileManager.default.fileExists(atPath: "/run/netns/\(name)") == false)
        let mounts = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        #expect(mounts.contains("/run/netns/\(name)") == false)
        #expect(try Namespace.namedNamespaces().contains(name) == false)
        #expect(try IPTool.text(["netns", "list"]).contains(name) == false)
    }
}
