import Foundation
import NetKit
import Testing

/// Clean-up that must work when things are already half gone: `DEL` after the container's
/// namespace was deleted, and the undo of an `ADD` whose masquerade step failed.
@Suite("netkit-bridge clean-up")
struct BridgeCleanupTests {
    /// How a runtime calls `DEL` for a container whose namespace path is gone.
    private struct GoneNamespace: CustomStringConvertible {
        var passesStaleNetns: Bool
        /// A process still in the namespace keeps it, and the veth, alive after its path is gone.
        var heldOpen: Bool
        var description: String {
            (passesStaleNetns ? "DEL with the stale CNI_NETNS" : "DEL without CNI_NETNS") + (heldOpen ? ", namespace held open" : "")
        }
    }

    @Test(
        "DEL after the pod's namespace is gone, with its stale CNI_NETNS and without CNI_NETNS: address, masquerade rule, host veth released"
    )
    func deleteAfterNamespaceIsGone() throws {
        let node = try CNITestNode("cg")
        let config = bridgeConfiguration(node, extra: ["ipMasq": true])
        let cases = [
            GoneNamespace(passesStaleNetns: true, heldOpen: false), GoneNamespace(passesStaleNetns: false, heldOpen: false),
            GoneNamespace(passesStaleNetns: true, heldOpen: true),
        ]
        for (index, way) in cases.enumerated() {
            let pod = try node.addPod()
            let id = "gone\(index)"
            let result = try node.invoke(
                PluginBinaries.bridge, "ADD", stdin: configuration(config), containerID: id,
                netns: "/run/netns/\(pod)"
            ).expectSuccess()
            let hostEnd = try #require(objects(result["interfaces"])[1]["name"] as? String)
            let address = try #require((objects(result["ips"]).first?["address"] as? String)?.split(separator: "/").first.map(String.init))
            #expect(try node.linkNames().contains(hostEnd))
            #expect(try node.nftComments().contains("id=\(id) if=eth0"))
            #expect(node.ipamFiles().contains(address))

            let holder = way.heldOpen ? try node.holdNamespace(pod) : nil
            defer {
                holder.map {
                    kill($0.processIdentifier, SIGKILL); $0.waitUntilExit()
                }
            }
            try node.removePod(pod)
            if way.heldOpen {
                #expect(try node.linkNames().contains(hostEnd), "the held namespace keeps the veth after its path is gone")
            }
            var delete = config
            delete["prevResult"] = result
            for round in 0..<2 {
                try node.invoke(
                    PluginBinaries.bridge, "DEL", stdin: configuration(delete), containerID: id,
                    netns: way.passesStaleNetns ? "/run/netns/\(pod)" : nil
                ).expectSuccess("\(way), round \(round)")
            }
            #expect(!node.ipamFiles().contains(address), "\(way): the IPAM allocation is released")
            #expect(!(try node.nftComments()).contains("id=\(id) if=eth0"), "\(way): the masquerade rule is gone")
            #expect(!(try node.linkNames()).contains(hostEnd), "\(way): the host veth is gone")
        }
        #expect(try node.linkNames() == ["lo", "cni0"])
        #expect(node.ipamFiles() == ["lock", "last_reserved_ip.0"])
    }

    @Test("nft fails during ADD: error 106, no veth, the address released, the bridge removed only if this ADD made it")
    func masqueradeFailure() throws {
        let node = try CNITestNode("cf")
        let pods = [try node.addPod(), try node.addPod()]
        try node.installFake(
            "nft",
            """
            cat > /dev/null
            echo 'nft: simulated failure' >&2
            exit 1
            """)
        let failingPATH = ["PATH": node.fakeBin + ":/usr/sbin:/usr/bin:/sbin:/bin"]
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))

        // On a fresh node: everything this ADD made goes, the bridge too.
        var error = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: config, containerID: "p0", netns: "/run/netns/\(pods[0])",
            extra: failingPATH
        ).expectError(106)
        #expect((error["details"] as? String)?.contains("simulated failure") == true, "nft's own message is passed on: \(error)")
        #expect(try node.linkNames() == ["lo"], "no veth and no bridge left")
        #expect(try node.linkNames(in: pods[0]) == ["lo"])
        #expect(!node.ipamFiles().contains("10.77.0.2"), "the address went back to the pool")
        #expect(try node.nftComments().isEmpty)

        // With a bridge another pod uses: the bridge and that pod's port and rule stay.
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, containerID: "p1", netns: "/run/netns/\(pods[1])").expectSuccess()
        let before = try node.linkNames()
        let rulesBefore = try node.nftComments()
        let filesBefore = node.ipamFiles()
        error = try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: config, containerID: "p0", netns: "/run/netns/\(pods[0])",
            extra: failingPATH
        ).expectError(106)
        #expect(try node.linkNames() == before, "only p1's veth and the bridge")
        #expect(try node.linkNames(in: pods[0]) == ["lo"])
        #expect(try node.nftComments() == rulesBefore)
        #expect(node.ipamFiles().filter { $0.hasPrefix("10.") } == filesBefore.filter { $0.hasPrefix("10.") })
        #expect(try node.bridge("link", "show").count == 1)
    }

    @Test("forceAddress replaced the bridge's address, then nft failed: error 106 and the bridge has its old address back")
    func forcedAddressRestored() throws {
        let node = try CNITestNode("cr")
        let pod = try node.addPod()
        try node.net.add(Bridge(name: "cni0"))
        try node.net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.5.1/24"), dev: "cni0", broadcast: .computed))
        try node.installFake("nft", "cat > /dev/null; echo 'nft: simulated failure' >&2; exit 1")
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true, "forceAddress": true]))
        try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)",
            extra: ["PATH": node.fakeBin + ":/usr/sbin:/usr/bin:/sbin:/bin"]
        ).expectError(106)
        let addresses = addressInfo(try node.ip("-4", "addr", "show", "cni0")).map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" }
        #expect(addresses == ["192.168.5.1/24"], "the replaced address is back, the gateway gone")
        #expect(try node.linkNames() == ["lo", "cni0"], "the bridge was there before, so it stays; no veth")
        #expect(try node.linkNames(in: pod) == ["lo"])
        #expect(!node.ipamFiles().contains("10.77.0.2"))
    }
}
