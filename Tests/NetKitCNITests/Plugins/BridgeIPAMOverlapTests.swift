import Foundation
import NetKit
import Testing

/// netkit-bridge's `ADD` runs its IPAM plugin while it makes the links, and goes on with the
/// result as soon as the plugin has printed it: whichever side fails first, the `ADD` fails with
/// the same error and leaves nothing — no veth, no bridge it made, no allocation (IPAM `DEL`).
@Suite("netkit-bridge: IPAM alongside the links")
struct BridgeIPAMOverlapTests {
    /// An allocation as an IPAM plugin prints it, in the default test subnet.
    static let allocation = #"{"cniVersion":"1.0.0","ips":[{"address":"10.77.0.2/24","gateway":"10.77.0.1"}]}"#

    /// A failed ADD in a fresh node (`prepare` runs first) whose IPAM plugin `ipam` runs `body`
    /// for its ADD: the error (checked to be `code`), and what the IPAM plugin was asked.
    private func failedADD(
        _ tag: String, ipam: String, add body: String, code: Int, prepare: (CNITestNode) throws -> Void = { _ in }
    ) throws -> (node: CNITestNode, pod: String, error: [String: Any], calls: [Substring]) {
        let node = try CNITestNode(tag)
        let pod = try node.addPod()
        try prepare(node)
        let fake = try node.fakeIPAM(ipam, add: body)
        let config = bridgeConfiguration(node, ipam: ipam)
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: configuration(config), netns: "/run/netns/\(pod)", path: fake.path)
            .expectError(code)
        return (node, pod, error, try String(contentsOfFile: fake.log, encoding: .utf8).split(separator: "\n"))
    }

    /// No veth of the ADD in the node (`veths` there before it) or the pod.
    private func expectNoVeth(_ node: CNITestNode, _ pod: String, veths: Int = 0) throws {
        #expect(try node.net.links().filter { $0.kind == .veth }.count == veths, "no veth of the ADD left in the node")
        #expect(try !node.linkNames(in: pod).contains("eth0"))
    }

    @Test(
        "the IPAM plugin starts only after the duplicate-interface check: a second ADD is 101 without an IPAM call; a missing plugin is 7 after it"
    )
    func ipamStartsAfterDuplicateCheck() throws {
        let node = try CNITestNode("od")
        let pod = try node.addPod(), fresh = try node.addPod()
        let fake = try node.fakeIPAM("counting-ipam", add: "echo '\(Self.allocation)'")
        let config = try configuration(bridgeConfiguration(node, ipam: "counting-ipam"))
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)", path: fake.path).expectSuccess()
        let duplicate = try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)", path: fake.path)
            .expectError(101)
        #expect((duplicate["msg"] as? String)?.contains("already exists") == true, "\(duplicate)")
        let calls = try String(contentsOfFile: fake.log, encoding: .utf8).split(separator: "\n")
        #expect(calls == ["ADD c1"], "only the first ADD ran the IPAM plugin")

        let missing = try configuration(bridgeConfiguration(node, ipam: "no-such-ipam"))
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: missing, netns: "/run/netns/\(pod)", path: fake.path).expectError(
            101, "the interface check comes first")
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: missing, netns: "/run/netns/\(fresh)", path: fake.path).expectError(7)
        #expect(try !node.linkNames(in: fresh).contains("eth0"))
    }

    @Test("IPAM fails at once, while the veth is being made: its error, then its DEL; no veth, no bridge")
    func ipamFailsDuringLinks() throws {
        let run = try failedADD("oi", ipam: "quick-fail-ipam", add: #"echo '{"code":11,"msg":"store locked"}'; exit 1"#, code: 11)
        #expect(run.error["msg"] as? String == "store locked", "\(run.error)")
        #expect(run.calls == ["ADD c1", "DEL c1"], "spec section 4: a failed delegated ADD is followed by its DEL")
        #expect(try !run.node.linkNames().contains("cni0"), "the bridge this ADD made is gone")
        try expectNoVeth(run.node, run.pod)
    }

    @Test("the veth cannot be made while IPAM runs (the bridge name is taken): error 102, and the allocation is released")
    func linksFailWhileIPAMRuns() throws {
        let run = try failedADD("ol", ipam: "slow-ipam", add: "sleep 0.3; echo '\(Self.allocation)'", code: 102) { node in
            try node.net.add(VethPair(name: "cni0", peerName: "cni0-peer"))
        }
        #expect(run.error["msg"] as? String == "\"cni0\" already exists but is not a bridge", "\(run.error)")
        #expect(run.calls == ["ADD c1", "DEL c1"], "the IPAM ADD was awaited, then released")
        #expect(try run.node.linkNames().isSuperset(of: ["cni0", "cni0-peer"]), "the veth that holds the name is untouched")
        try expectNoVeth(run.node, run.pod, veths: 2)
    }

    @Test("IPAM prints its result, then exits with a failure: the ADD fails as the exit status says, everything undone")
    func ipamFailsAfterPrintingItsResult() throws {
        let run = try failedADD("op", ipam: "late-fail-ipam", add: "echo '\(Self.allocation)'; sleep 0.3; exit 3", code: 999)
        let details = run.error["details"] as? String ?? ""
        #expect(details.contains("exit status 3") && !details.contains("could not undo"), "\(run.error)")
        #expect(run.calls == ["ADD c1", "DEL c1"])
        #expect(try !run.node.linkNames().contains("cni0"))
        try expectNoVeth(run.node, run.pod)
    }

    @Test("IPAM prints a result, then more output: not one JSON document, error 6, everything undone")
    func ipamPrintsMoreAfterItsResult() throws {
        let run = try failedADD("om", ipam: "chatty-ipam", add: "echo '\(Self.allocation)'; sleep 0.3; echo 'and another thing'", code: 6)
        #expect((run.error["msg"] as? String)?.contains("chatty-ipam") == true, "\(run.error)")
        #expect(run.calls == ["ADD c1", "DEL c1"])
        #expect(try !run.node.linkNames().contains("cni0"))
        try expectNoVeth(run.node, run.pod)
    }
}
