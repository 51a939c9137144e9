// fuzz-modules: NetKit
//
// Fuzz target: text parsing of every addressing type. Arbitrary bytes must produce a value or a
// typed error, never a trap; a value must print and re-parse to itself.
@testable import NetKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAddressText(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
    if let address = try? IPAddress(parsing: text) {
        guard (try? IPAddress(parsing: address.description)) == address else { fatalError("IPAddress round trip: \(text)") }
    }
    if let network = try? IPNetwork(parsing: text) {
        guard (try? IPNetwork(parsing: network.description)) == network else { fatalError("IPNetwork round trip: \(text)") }
        _ = network.masked
        _ = network.routeDescription
    }
    _ = try? IPNetwork(strictPrefix: text)
    if let mac = try? MACAddress(parsing: text) {
        guard (try? MACAddress(parsing: mac.description)) == mac else { fatalError("MACAddress round trip: \(text)") }
    }
    _ = try? InterfaceName(parsing: text)
    _ = try? AddressFamily(parsing: text)
    return 0
}
