@testable import NetKit
import Testing

@Suite("InterfaceNameTable")
struct InterfaceNameTableTests {
    @Test("answers as the dictionary it was built from, for dense, far, negative and missing indices")
    func sameAnswers() {
        let names: [Int32: InterfaceName] = [1: "lo", 2: "eth0", 7: "br0", 5000: "veth9", -3: "odd"]
        let table = InterfaceNameTable(names)
        for index: Int32 in [-4, -3, 0, 1, 2, 3, 7, 8, 100, 4999, 5000, 5001, .max, .min] {
            #expect(table.name(ofIndex: index) == names[index], "index \(index)")
            #expect(names.name(ofIndex: index) == names[index], "index \(index)")
        }
    }

    @Test("an empty table names nothing")
    func empty() {
        let table = InterfaceNameTable([:])
        #expect(table.name(ofIndex: 0) == nil)
        #expect(table.name(ofIndex: 1) == nil)
    }
}
