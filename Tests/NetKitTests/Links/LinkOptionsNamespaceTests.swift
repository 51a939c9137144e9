@testable import NetKit
import Testing

/// `LinkOptions.namespace`: `ip link add NAME netns NS type KIND` sends the namespace's fd as a
/// top-level `IFLA_NET_NS_FD` in the creating request, for every kind.
@Suite("LinkOptions.namespace in the request")
struct LinkOptionsNamespaceTests {
    @Test("a bridge, a dummy and an ifb carry IFLA_NET_NS_FD at top level; without the option none is sent")
    func namespaceFD() throws {
        // The process's own namespace: opening it needs no privilege, and its fd is a real one.
        let namespace = try Namespace.initial()
        let options = LinkOptions(namespace: namespace)
        let requests = [
            try NetlinkHandle.createRequest(Bridge(name: "br0", options: options)),
            try NetlinkHandle.createRequest(Dummy(name: "dm0", options: options)),
            try NetlinkHandle.createRequest(IFB(name: "ifb0", options: options)),
        ]
        for request in requests {
            let top = TLV.linkRequest(try request.encoded(sequence: 0))
            #expect(top.first(IFLA.netnsFD)?.uint32 == UInt32(bitPattern: namespace.fileDescriptor))
            #expect(request.object.contains(" netns "), "\(request.object)")
        }
        let plain = TLV.linkRequest(try NetlinkHandle.createRequest(Bridge(name: "br0")).encoded(sequence: 0))
        #expect(plain.first(IFLA.netnsFD) == nil)
    }
}
