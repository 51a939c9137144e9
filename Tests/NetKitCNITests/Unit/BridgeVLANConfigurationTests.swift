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
