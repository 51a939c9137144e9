import CNetlink
@testable import NetKit
import Testing

@Suite("Link batch requests")
struct LinkBatchRequestTests {
    @Test("IFLA.skipStatsFilter is RTEXT_FILTER_SKIP_STATS")
    func skipStatsConstant() {
        #expect(IFLA.skipStatsFilter == UInt32(RTEXT_FILTER_SKIP_STATS))
    }

    @Test("a LinkResult prints the name and the outcome")
    func resultDescription() {
        #expect(LinkResult(name: "veth1", error: nil).description == "veth1: ok")
        let error = NetKitError(.kernel(.ENODEV), operation: "RTM_NEWLINK (ip link set up)", object: "dev veth1 up")
        let failed = LinkResult(name: "veth1", error: error)
        #expect(!failed.succeeded)
        #expect(failed.description == "veth1: \(error)")
    }
}
