import CNetlink
@testable import NetKit
import Testing

/// The tc numbers NetKit keeps in Swift, pinned to the C headers.
@Suite("Traffic control: constants match the C headers")
struct TCConstantTests {
    @Test func attributes() {
        #expect(TCA.kind == UInt16(TCA_KIND) && TCA.options == UInt16(TCA_OPTIONS))
        #expect(TCA.TBF.parms == UInt16(TCA_TBF_PARMS) && TCA.TBF.rtab == UInt16(TCA_TBF_RTAB))
        #expect(TCA.TBF.rate64 == UInt16(TCA_TBF_RATE64) && TCA.TBF.burst == UInt16(TCA_TBF_BURST))
        #expect(TCA.HTB.parms == UInt16(TCA_HTB_PARMS) && TCA.HTB.initial == UInt16(TCA_HTB_INIT))
        #expect(TCA.HTB.directQueueLength == UInt16(TCA_HTB_DIRECT_QLEN))
        #expect(TCA.HTB.rate64 == UInt16(TCA_HTB_RATE64) && TCA.HTB.ceil64 == UInt16(TCA_HTB_CEIL64))
        #expect(TCA.Netem.reorder == UInt16(TCA_NETEM_REORDER) && TCA.Netem.rate == UInt16(TCA_NETEM_RATE))
        #expect(TCA.Netem.rate64 == UInt16(TCA_NETEM_RATE64) && TCA.Netem.latency64 == UInt16(TCA_NETEM_LATENCY64))
        #expect(TCA.Netem.jitter64 == UInt16(TCA_NETEM_JITTER64))
        #expect(TCA.FQCoDel.target == UInt16(TCA_FQ_CODEL_TARGET) && TCA.FQCoDel.limit == UInt16(TCA_FQ_CODEL_LIMIT))
        #expect(TCA.FQCoDel.interval == UInt16(TCA_FQ_CODEL_INTERVAL) && TCA.FQCoDel.flows == UInt16(TCA_FQ_CODEL_FLOWS))
        #expect(TCA.FQCoDel.quantum == UInt16(TCA_FQ_CODEL_QUANTUM))
        #expect(MemoryLayout<TrafficControlHeader>.size == MemoryLayout<tcmsg>.size)
        #expect(TCHandle.root.rawValue == UInt32(TC_H_ROOT) && TCHandle.ingress.rawValue == UInt32(TC_H_INGRESS))
    }
}
