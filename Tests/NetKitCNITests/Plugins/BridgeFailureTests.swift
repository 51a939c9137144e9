import Foundation
import NetKit
import Synchronization
import Testing

/// A failed ADD leaves nothing behind — the veth, a bridge it created, the IPAM allocation —
/// even when IPAM fails after the veth was made (the reference plugin leaks the veth then).
@Suite("netkit-bridge failures")
struct BridgeFailureTests {
    /// Node and pod links, to compare before and after.
    private func links(_ node: CNITestNode, _ pods: [String]) throws -> [String] {
        try [node.linkNames().sorted().joined(separator: ",")] + pods.map { try node.linkNames(in: $0).sorted().joined(separator: ",") }
    }

    @Test("IPAM out of addresses after the veth was made: the veth goes, the first pod is untouched")
    func ipamExhausted() throws {
        let node = try CNITestNode("fe")
        let pods = [try node.addPod(), try node.addPod()]
        let config = bridgeConfiguration(node, subnet: "10.79.0.0/30")  // one address: .2
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: "first", netns: "/run/netns/\(pods[0])")
            .expectSuccess()
        let before = try links(node, pods)
        let files = try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet").sorted()
        let error = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: "second",
            netns: "/run/netns/\(pods[1])"
        ).expectError(104)
        #expect((error["msg"] as? String)?.contains("no IP addresses available") == true)
        #expect(try links(node, pods) == before, "no veth left in the node or the second pod")
        #expect(try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet").sorted() == files)
        #expect(try node.bridge("link", "show").count == 1, "only the first pod's port")
    }

    @Test("without CAP_NET_ADMIN (setpriv drops it from the bounding set): ADD fails naming EPERM and the capability; nothing is created")
    func withoutNetAdmin() throws {
        let node = try CNITestNode("fp")
        let pod = try node.addPod()
        let before = try links(node, [pod])
        let files = node.directory + "/ipam"
        let run = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: configuration(bridgeConfiguration(node)), netns: "/run/netns/\(pod)",
            wrapper: ["/usr/bin/setpriv", "--bounding-set", "-net_admin", "--"])
        #expect(run.status != 0, "ADD succeeded without CAP_NET_ADMIN: \(run.text)")
        let error = try run.json
        #expect(error["code"] as? Int != nil)
        let text = "\(error["msg"] ?? "") \(error["details"] ?? "")"
        #expect(text.contains("EPERM") && text.contains("CAP_NET_ADMIN"), "\(text)")
        #expect(try links(node, [pod]) == before)
        #expect(try node.bridge("link", "show").isEmpty)
        #expect(
            ((try? FileManager.default.contentsOfDirectory(atPath: files + "/testnet")) ?? []).filter {
                !$0.hasPrefix("lock") && !$0.hasPrefix("last_reserved")
            }.isEmpty)
    }

    @Test("a failing IPAM plugin without error JSON: code 999, and the bridge this ADD made is gone too")
    func ipamCrashes() throws {
        let node = try CNITestNode("fc")
        let pod = try node.addPod()
        let fake = try node.fakeIPAM("crashing-ipam", add: "sleep 0.1; echo 'segfault, or so'; exit 2")
        let config = bridgeConfiguration(node, ipam: "crashing-ipam")
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)", path: fake.path)
            .expectError(999)
        #expect((error["details"] as? String)?.contains("exit status 2") == true)
        let calls = try String(contentsOfFile: fake.log, encoding: .utf8).split(separator: "\n")
        #expect(calls == ["ADD c1", "DEL c1"], "spec section 4: a failed delegated ADD is followed by its DEL")
        #expect(try node.linkNames() == ["lo"], "no veth and no bridge left")
        #expect(try node.linkNames(in: pod) == ["lo"])
    }

    @Test("a bad IPAM result after a successful allocation: the allocation is released with DEL")
    func ipamReturnsNonsense() throws {
        let node = try CNITestNode("fn")
        let pod = try node.addPod()
        let fake = try node.fakeIPAM("nonsense-ipam", add: #"echo '{"cniVersion":"1.0.0","ips":[{"address":"banana"}]}'"#)
        let config = bridgeConfiguration(node, ipam: "nonsense-ipam")
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)", path: fake.path)
            .expectError(6)
        #expect((error["details"] as? String)?.contains("could not undo") != true, "everything was undone: \(error)")
        let calls = try String(contentsOfFile: fake.log, encoding: .utf8).split(separator: "\n")
        #expect(calls == ["ADD c1", "DEL c1"], "IPAM was asked to release what it allocated")
        #expect(try node.linkNames() == ["lo"])
        #expect(try node.linkNames(in: pod) == ["lo"])
    }

    @Test("an undo step that fails is named in the ADD's error, and the steps after it still run")
    func undoFailureIsReported() throws {
        let node = try CNITestNode("fu")
        let pod = try node.addPod()
        // ADD hands back nonsense (so the bridge's ADD fails after IPAM ran); DEL then fails too.
        let fake = try node.fakeIPAM(
            "stubborn-ipam", add: #"echo '{"cniVersion":"1.0.0","ips":[{"address":"banana"}]}'"#,
            delete: #"echo '{"code":11,"msg":"allocation store busy","details":"held by pid 4242"}'; exit 1"#)
        let config = bridgeConfiguration(node, ipam: "stubborn-ipam")
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)", path: fake.path)
            .expectError(6, "the ADD's own error stays the error")
        let details = try #require(error["details"] as? String)
        #expect(
            details.contains("could not undo: release the IPAM allocation (stubborn-ipam DEL): allocation store busy; held by pid 4242"),
            "\(details)")
        #expect(!details.contains("delete eth0"), "the veth was undone, so it is not named: \(details)")
        let calls = try String(contentsOfFile: fake.log, encoding: .utf8).split(separator: "\n")
        #expect(calls == ["ADD c1", "DEL c1"])
        #expect(try node.linkNames() == ["lo"], "the veth and the bridge were undone after the failed IPAM release")
        #expect(try node.linkNames(in: pod) == ["lo"])
    }

    @Test("a conflicting gateway address on the bridge: error 102, the allocation and the veth are undone")
    func conflictingBridgeAddress() throws {
        let node = try CNITestNode("fa")
        let pod = try node.addPod()
        try node.net.add(Bridge(name: "cni0"))
        try node.net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.5.1/24"), dev: "cni0"))
        let config = bridgeConfiguration(node)
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)").expectError(102)
        #expect((error["msg"] as? String)?.contains("already has an IP address") == true)
        #expect(try node.linkNames() == ["lo", "cni0"], "the existing bridge stays, the veth is gone")
        #expect(try node.linkNames(in: pod) == ["lo"])
        let state = try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")
        #expect(!state.contains("10.77.0.2"), "the address went back to the pool")
        // forceAddress replaces it.
        var forced = config
        forced["forceAddress"] = true
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(forced), netns: "/run/netns/\(pod)").expectSuccess()
        let addresses = addressInfo(try node.ip("-4", "addr", "show", "cni0")).compactMap { $0["local"] as? String }
        #expect(addresses == ["10.77.0.1"])
    }

    @Test("DEL without CNI_PATH still removes the interface, then reports the IPAM plugin it could not run")
    func deleteWithoutPluginPath() throws {
        let node = try CNITestNode("fd")
        let pod = try node.addPod()
        let config = try configuration(bridgeConfiguration(node))
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectSuccess()
        let error = try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, netns: "/run/netns/\(pod)", path: nil).expectError(4)
        #expect((error["msg"] as? String)?.contains("CNI_PATH") == true)
        #expect(try node.linkNames(in: pod) == ["lo"], "the veth is gone all the same")
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, netns: "/run/netns/\(pod)").expectSuccess(
            "DEL with CNI_PATH releases the address")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: node.directory + "/ipam/testnet")).contains("10.77.0.2"))
    }

    @Test("concurrent ADDs on a fresh node: one bridge, distinct addresses, all connected")
    func concurrentAdds() throws {
        let node = try CNITestNode("fp")
        let pods = try (0..<6).map { _ in try node.addPod() }
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))
        let results = Mutex<[Int: Result<PluginRun, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: pods.count) { index in
            let run = Result {
                try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, containerID: "p\(index)", netns: "/run/netns/\(pods[index])")
            }
            results.withLock { $0[index] = run }
        }
        var addresses: Set<String> = []
        for index in pods.indices {
            let run = try #require(try results.withLock { $0[index] }?.get())
            let result = try run.expectSuccess("ADD p\(index)")
            addresses.formUnion(objects(result["ips"]).compactMap { $0["address"] as? String })
        }
        #expect(addresses.count == pods.count)
        #expect(try node.bridge("link", "show").count == pods.count)
        #expect(try node.nftRules().count == pods.count)
        let reply = try node.pod(pods[0]).ping(IPAddress(parsing: "10.77.0.7"), count: 1, timeout: .seconds(3))
        #expect(reply.received == 1)
    }
}
