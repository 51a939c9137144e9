import Foundation
import NetKit
import Testing

/// A failed `ADD` that created the bridge leaves it alone while another `ADD` claims it (has
/// looked it up and is about to add its port): the test holds that claim itself, as a
/// concurrent netkit-bridge would.
@Suite("netkit-bridge rollback and concurrent ADDs")
struct BridgeConcurrentRollbackTests {
    @Test("a failed first ADD keeps the bridge it created while another ADD claims it; a later ADD joins that bridge")
    func failedAddKeepsClaimedBridge() throws {
        let node = try CNITestNode("cc")
        let pods = [try node.addPod(), try node.addPod()]
        try node.installFake("nft", "cat > /dev/null; echo 'nft: simulated failure' >&2; exit 1")
        let failing = ["PATH": node.fakeBin + ":/usr/sbin:/usr/bin:/sbin:/bin"]
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))

        let concurrentAdd = try BridgeClaim(bridge: "cni0", on: node.net)
        #expect(concurrentAdd.isHeld)
        try node.invoke(
            PluginBinaries.bridge, "ADD", stdin: config, containerID: "p0", netns: "/run/netns/\(pods[0])",
            extra: failing
        ).expectError(106)
        #expect(try node.linkNames() == ["lo", "cni0"], "the bridge stays for the ADD that claims it; no veth")
        concurrentAdd.release()

        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, containerID: "p1", netns: "/run/netns/\(pods[1])").expectSuccess()
        #expect(try node.bridge("link", "show").count == 1, "the second ADD joined the bridge the first one left")
    }
}
