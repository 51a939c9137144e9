@testable import NetKit
import Testing

@Suite("IndexTable")
struct IndexTableTests {
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

    @Test("of two entries for one index the first is kept, as a dump's first link with an index")
    func firstKept() {
        let table = IndexTable<String>([(3, "a"), (3, "b"), (90000, "c"), (90000, "d")])
        #expect(table[3] == "a")
        #expect(table[90000] == "c")
        #expect(table[4] == nil)
    }
}

@Suite("LinkKindCache")
struct LinkKindCacheTests {
    static func entry(_ bytes: [UInt8], in cache: inout LinkKindCache) -> LinkKindCache.Entry {
        let kind = bytes.withUnsafeBytes { cache.kind($0) }
        return cache[kind]
    }

    @Test("a kind met again gives the same name and decoders; names end at a NUL; long names are read too")
    func entries() {
        var cache = LinkKindCache()
        for _ in 0..<2 {
            let bridge = Self.entry(Array("bridge".utf8) + [0], in: &cache)
            #expect(bridge.name == "bridge" && bridge.data != nil && bridge.port != nil)
            let veth = Self.entry(Array("veth".utf8), in: &cache)
            #expect(veth.name == "veth" && veth.data == nil && veth.port == nil)
            let macvlan = Self.entry(Array("macvlan".utf8) + [0, 0, 0], in: &cache)
            #expect(macvlan.name == "macvlan" && macvlan.data != nil && macvlan.port == nil)
            let sixteen = Self.entry(Array("abcdefghijklmnop".utf8), in: &cache)
            #expect(sixteen.name == "abcdefghijklmnop" && sixteen.data == nil)
            let long = Self.entry(Array("a-kind-name-longer-than-sixteen".utf8) + [0], in: &cache)
            #expect(long.name == "a-kind-name-longer-than-sixteen" && long.data == nil)
        }
        // Same first 16 bytes as `sixteen`, one byte longer: a different kind.
        #expect(Self.entry(Array("abcdefghijklmnopq".utf8), in: &cache).name == "abcdefghijklmnopq")
        #expect(Self.entry(Array("veth\0ignored".utf8), in: &cache).name == "veth")
        let again = Array("bridge".utf8).withUnsafeBytes { cache.kind($0) }
        #expect(again == Array("bridge\0".utf8).withUnsafeBytes { cache.kind($0) } && cache.name(again) == "bridge")
    }
}
