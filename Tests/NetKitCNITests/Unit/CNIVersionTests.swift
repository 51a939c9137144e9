import NetKitCNI
import Testing

@Suite("CNI versions")
struct CNIVersionTests {
    @Test func parsesAndOrders() throws {
        #expect(CNIVersion("1.0.0") == .v1_0_0)
        #expect(CNIVersion("0.3.1")! < CNIVersion("0.4.0")!)
        #expect(CNIVersion("1.10.0")! > CNIVersion("1.9.9")!)
        for bad in ["", "1", "1.0", "1.0.0.0", "a.b.c", "1.0.-1", " 1.0.0", "1..0"] {
            #expect(CNIVersion(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func supportedRangeAndCommands() {
        #expect(CNIVersion.supported.map(\.description) == ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
        #expect(CNICommand.check.firstVersion == .v0_4_0)
        #expect(CNICommand.garbageCollect.firstVersion == .v1_1_0)
        #expect(CNICommand.status.firstVersion == .v1_1_0)
        #expect(CNIVersion.v0_4_0.resultsCarryIPVersion)
        #expect(!CNIVersion.v1_0_0.resultsCarryIPVersion)
    }
}
