// fuzz-modules: NetKit
//
// Fuzz target: arbitrary bytes as if the kernel had sent them. The splitter, the attribute
// iterator and every rtnetlink parser must return a value or a typed error, never trap or read
// out of bounds (AddressSanitizer watches the reads).
@testable import NetKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetlinkMessages(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let buffer = UnsafeRawBufferPointer(start: data, count: size)
    let names: [Int32: InterfaceName] = [1: "lo", 2: "eth0"]
    _ = try? NetlinkMessage.forEach(in: buffer) { message in
        _ = try? NetlinkErrorReply.parse(message)
        _ = try? Link(message: message)
        _ = try? InterfaceAddress(message: message)
        _ = try? Route(message: message, names: names).map { $0.description }
        _ = try? Neighbour(message: message).map { $0.description }
        _ = try? RoutingRule(message: message).map { $0.description }
        _ = try? ForwardingDatabaseEntry(message: message, names: names)
        for attribute in message.attributes(afterHeaderOf: 0) {
            _ = attribute.string
            for nested in attribute.nested { _ = nested.uint64 }
        }
    }
    return 0
}
