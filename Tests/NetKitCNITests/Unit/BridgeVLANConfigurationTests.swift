import NetKit
import NetKitCNI
@testable import NetKitCNIPlugins
import Testing

/// The reference's `vlan`/`vlanTrunk`/`preserveDefaultVlan` rules, without privilege.
@Suite("netkit-bridge VLAN configuration")
struct BridgeVLANConfigurationTests {
    typealias Item = BridgeVLANConfiguration.TrunkItem

    @Test("trunk ids and ranges merge into ascending runs; duplicates and overlaps count once")
    func ranges() throws {
        let trunk: [Item?] = [Item(minID: 100, maxID: 102), Item(id: 300), Item(id: 101), nil, Item(minID: 103, maxID: 103, id: 7)]
        let configuration = try BridgeVLANConfiguration(vlan: 10, vlanTrunk: trunk, preserveDefaultVlan: nil)
        #expect(configuration.trunk == [7...7, 100...103, 300...300])
        #expect(configuration.id == 10 && configuration.filtering && configuration.configuresPort && !configuration.preserveDefault)
    }

    @Test("an empty trunk turns filtering on but gives the port nothing; no keys change nothing")
    func emptyTrunk() throws {
        let empty = try BridgeVLANConfiguration(vlan: nil, vlanTrunk: [], preserveDefaultVlan: true)
        #expect(empty.filtering && !empty.configuresPort && empty.preserveDefault)
        let none = try BridgeVLANConfiguration(vlan: 0, vlanTrunk: nil, preserveDefaultVlan: nil)
        #expect(!none.filtering && !none.configuresPort)
    }

    @Test("the port's VLANs for attach, in the reference's order: vlan as untagged PVID, trunk ranges tagged, VLAN 1 for a trunk alone")
    func portVLANs() throws {
        let both = try BridgeVLANConfiguration(vlan: 10, vlanTrunk: [Item(minID: 20, maxID: 22), Item(id: 10)], preserveDefaultVlan: nil)
        #expect(both.portVLANs == [BridgeVLAN(10, pvid: true, untagged: true), BridgeVLAN(10), BridgeVLAN(ids: 20...22)])
        let trunkOnly = try BridgeVLANConfiguration(vlan: nil, vlanTrunk: [Item(id: 30)], preserveDefaultVlan: true)
        #expect(trunkOnly.portVLANs == [BridgeVLAN(30), BridgeVLAN(1, pvid: true, untagged: true)])
        #expect(try BridgeVLANConfiguration(vlan: nil, vlanTrunk: [], preserveDefaultVlan: nil).portVLANs.isEmpty)
        #expect(BridgeVLANConfiguration().portVLANs.isEmpty)
    }

    @Test(
        "out-of-range and half-given values are error 7 with the reference's text",
        arguments: [
            (4095, [Item?]?.none, "invalid VLAN ID 4095"), (0, [Item(minID: 5)], "maxID is missing"),
            (0, [Item(maxID: 5)], "minID is missing"), (0, [Item(minID: 6, maxID: 5)], "minID is greater than maxID"),
            (0, [Item(id: 0)], "incorrect trunk id parameter"),
        ])
    func invalid(_ vlan: Int, _ trunk: [Item?]?, _ text: String) {
        let error = #expect(throws: CNIError.self) { try BridgeVLANConfiguration(vlan: vlan, vlanTrunk: trunk, preserveDefaultVlan: nil) }
        #expect(error?.code == .invalidNetworkConfiguration && error?.details?.contains(text) == true, "\(String(describing: error))")
    }
}
