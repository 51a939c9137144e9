import CNetlink
@testable import NetKit
import Testing

@Suite("Link batch requests")
struct LinkBatchRequestTests {
    @Test("IFLA.skipStatsFilter is RTEXT_FILTER_SKIP_STATS")
    func skipStatsConstant() {
        #expect(IFLA.skipStatsFilter == UInt32(RTEXT_FILTER_SKIP_STATS))
    }

    @Test("a link's batch result prints the name and the outcome")
    func resultDescription() {
        #expect(BatchResult<InterfaceName>(item: "veth1", error: nil).description == "veth1: ok")
        let error = NetKitError(.kernel(.ENODEV), operation: "RTM_NEWLINK (ip link set up)", object: "dev veth1 up")
        let failed = BatchResult<InterfaceName>(item: "veth1", error: error)
        #expect(!failed.succeeded)
        #expect(failed.description == "veth1: \(error)")
    }

    @Test("a veth pair's batch result prints the pair as ip link add takes it")
    func vethResultDescription() {
        let pair = VethPair(name: "veth1", peerName: "eth0")
        #expect(BatchResult(item: pair, error: nil).description == "veth1 type veth peer name eth0: ok")
    }

    @Test("batch results share the items' storage and keep each item's own error")
    func resultsPerItem() {
        let names: [InterfaceName] = ["a0", "b0", "c0"]
        let error = NetKitError(.kernel(.ENODEV), operation: "RTM_NEWLINK (ip link set up)", object: "dev b0 up")
        let results = names.batchResults([nil, error, nil])
        #expect(results.map(\.item) == names)
        #expect(results.map(\.succeeded) == [true, false, true])
        #expect(results[1].error == error && results[1] != BatchResult(item: "b0", error: nil))
        #expect(results[2] == BatchResult(item: "c0", error: nil))
    }
}
