import Testing
@testable import NetKit

@Suite("ifb: request bytes match what iproute2 sends")
struct IFBRequestTests {
    @Test("ip link add ifb0 type ifb")
    func ifb() throws {
        // strace -f -e trace=sendmsg -e write=3 ip link add ifb0 type ifb (iproute2 6.1), with
        // NLA_F_NESTED set on IFLA_LINKINFO as NetKit sets it on every nest (LinkRequestTests).
        let request = try NetlinkHandle.createRequest(IFB(name: "ifb0"))
        #expect(request.type == .newLink && request.flags.union(.ack).rawValue == 0x605)
        #expect(
            try hexString(request.encoded(sequence: 0).dropFirst(16))
                == "00000000000000000000000000000000" + "0900030069666230000000000c001280" + "0700010069666200")
    }
}
