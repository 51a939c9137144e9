import Foundation
@testable import NetKitCNIPlugins
import NetKitCNI
import Testing

/// `GC` reads the still-valid attachments from `cni.dev/valid-attachments` (spec 1.1, section 2);
/// libcni also sends the same list as `cni.dev/attachments`, the key's name in the first text of
/// the spec. A request with neither list says nothing about what is valid: it must release
/// nothing.
@Suite("GC input shapes")
struct GarbageCollectInputTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    private var ipam: [String: Any] { ["type": "netkit-host-local", "subnet": "10.70.0.0/24", "dataDir": scratch.path] }
    private var base: [String: Any] { ["cniVersion": "1.1.0", "name": "net", "type": "netkit-host-local", "ipam": ipam] }

    private func addThree() throws {
        let data = try JSONSerialization.data(withJSONObject: base)
        for id in ["keep", "drop1", "drop2"] {
            #expect(InProcessRun(HostLocalPlugin(), "ADD", data, containerID: id).status == 0)
        }
        #expect(allocations.count == 3)
    }

    private var allocations: Set<String> { scratch.files("net").filter { $0.hasPrefix("10.70.") } }

    private func collect(_ extra: [String: Any]) throws -> InProcessRun {
        let data = try JSONSerialization.data(withJSONObject: base.merging(extra) { _, new in new })
        return InProcessRun(HostLocalPlugin(), "GC", data, containerID: nil, ifname: nil, netns: nil, path: "/nowhere")
    }

    @Test("GC without cni.dev/valid-attachments is error 7 and releases nothing")
    func absentListReleasesNothing() throws {
        try addThree()
        let run = try collect([:])
        #expect(run.code == 7, "\(run.text)")
        #expect((run.output["msg"] as? String)?.contains("cni.dev/valid-attachments") == true, "\(run.text)")
        #expect(allocations.count == 3, "an absent list must not mean that nothing is valid")
    }

    @Test("GC with cni.dev/valid-attachments null is error 7 and releases nothing")
    func nullListReleasesNothing() throws {
        try addThree()
        let run = try collect(["cni.dev/valid-attachments": NSNull()])
        #expect(run.code == 7, "\(run.text)")
        #expect(allocations.count == 3)
        let both = try collect(["cni.dev/valid-attachments": NSNull(), "cni.dev/attachments": NSNull()])
        #expect(both.code == 7, "\(both.text)")
        #expect(allocations.count == 3)
    }

    @Test("GC with only the legacy cni.dev/attachments uses that list")
    func legacyKeyIsTheList() throws {
        try addThree()
        let run = try collect(["cni.dev/attachments": [["containerID": "keep", "ifname": "eth0"]]])
        #expect(run.status == 0, "\(run.text)")
        #expect(allocations == ["10.70.0.2"], "keep's address stays, the others go")
    }

    @Test("An empty cni.dev/valid-attachments list means that nothing is valid")
    func emptyListReleasesEverything() throws {
        try addThree()
        let run = try collect([
            "cni.dev/valid-attachments": [] as [Any], "cni.dev/attachments": [["containerID": "keep", "ifname": "eth0"]],
        ])
        #expect(run.status == 0, "\(run.text)")
        #expect(allocations.isEmpty, "the spec's key wins over the legacy one")
    }
}
