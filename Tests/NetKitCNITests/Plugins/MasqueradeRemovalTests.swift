import Foundation
import NetKit
import Testing

/// Removing masquerade rules reports what `nft` could not do: a `DEL` or a rollback whose
/// `nft` fails is not a success. Only "no such table" (nothing was ever added) counts as
/// nothing to remove.
@Suite("netkit-bridge masquerade removal")
struct MasqueradeRemovalTests {
    /// An nft that fails when asked to list rules (with `message` on stderr) and accepts any
    /// transaction on stdin without doing it.
    private func installListFailingNFT(_ node: CNITestNode, message: String) throws -> [String: String] {
        try node.installFake(
            "nft",
            """
            case "$*" in
            *list*) echo '\(message)' >&2; exit 1 ;;
            *) cat > /dev/null; exit 0 ;;
            esac
            """)
        return ["PATH": node.fakeBin + ":/usr/sbin:/usr/bin:/sbin:/bin"]
    }

    @Test("DEL whose nft fails is error 106 naming nft's message; the interface and the address still go")
    func deleteReportsNFTFailure() throws {
        let node = try CNITestNode("mr")
        let pod = try node.addPod()
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectSuccess()
        #expect(try node.nftComments() == ["id=c1 if=eth0"])
        let failing = try installListFailingNFT(node, message: "Error: Could not process rule: Operation not permitted")
        let error = try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, netns: "/run/netns/\(pod)", extra: failing).expectError(
            106)
        #expect((error["details"] as? String)?.contains("Operation not permitted") == true, "\(error)")
        #expect(try node.linkNames(in: pod) == ["lo"], "the container's interface is removed all the same")
        #expect(!node.ipamFiles().contains("10.77.0.2"), "the address is released all the same")
        #expect(try node.nftComments() == ["id=c1 if=eth0"], "the rule nft could not remove is still there, and DEL said so")
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, netns: "/run/netns/\(pod)").expectSuccess(
            "a retried DEL with a working nft")
        #expect(try node.nftComments().isEmpty)
    }

    @Test("DEL when nft says the table does not exist is success")
    func deleteWithoutTable() throws {
        let node = try CNITestNode("mt")
        let pod = try node.addPod()
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))
        try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)").expectSuccess()
        let missing = try installListFailingNFT(
            node, message: "Error: No such file or directory; did you mean table ‘filter’ in family ip?")
        try node.invoke(PluginBinaries.bridge, "DEL", stdin: config, netns: "/run/netns/\(pod)", extra: missing).expectSuccess()
    }

    @Test("A rollback whose nft fails names the rules it could not remove")
    func rollbackReportsNFTFailure() throws {
        let node = try CNITestNode("mb")
        let pod = try node.addPod()
        // The bridge holds another address, so the ADD fails (102) after its masquerade step.
        try node.net.add(Bridge(name: "cni0"))
        try node.net.addAddress(InterfaceAddress(IPNetwork(parsing: "192.168.6.1/24"), dev: "cni0", broadcast: .computed))
        let failing = try installListFailingNFT(node, message: "Error: Could not process rule: Operation not permitted")
        let config = try configuration(bridgeConfiguration(node, extra: ["ipMasq": true]))
        let error = try node.invoke(PluginBinaries.bridge, "ADD", stdin: config, netns: "/run/netns/\(pod)", extra: failing).expectError(
            102)
        let details = error["details"] as? String ?? ""
        #expect(details.contains("could not undo"), "\(error)")
        #expect(details.contains("masquerade") && details.contains("Operation not permitted"), "\(error)")
        #expect(try node.linkNames(in: pod) == ["lo"])
    }
}
