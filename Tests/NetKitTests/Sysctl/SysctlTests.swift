@testable import NetKit
import Testing

/// Sysctl keys, paths, key validation and value parsing (no file is read or written here).
@Suite("Sysctls: keys, validation, values")
struct SysctlTests {
    @Test("typed keys map to /proc/sys/net paths and sysctl(8) names")
    func paths() {
        #expect(Sysctl.ipForward(.ipv4).path == "/proc/sys/net/ipv4/ip_forward")
        #expect(Sysctl.ipForward(.ipv4).name == "net.ipv4.ip_forward")
        #expect(Sysctl.ipForward(.ipv6).name == "net.ipv6.conf.all.forwarding")
        #expect(Sysctl.forwarding(.ipv4, "veth1").name == "net.ipv4.conf.veth1.forwarding")
        #expect(Sysctl.forwarding(.ipv6, "default").name == "net.ipv6.conf.default.forwarding")
        #expect(Sysctl.rpFilter("all").name == "net.ipv4.conf.all.rp_filter")
        #expect(Sysctl.proxyARP("cali1").path == "/proc/sys/net/ipv4/conf/cali1/proxy_arp")
        #expect(Sysctl.arpNotify("eth0").name == "net.ipv4.conf.eth0.arp_notify")
        #expect(Sysctl.acceptRA("eth0").name == "net.ipv6.conf.eth0.accept_ra")
        #expect(Sysctl.acceptDAD("eth0").name == "net.ipv6.conf.eth0.accept_dad")
        #expect(Sysctl.disableIPv6("eth0").name == "net.ipv6.conf.eth0.disable_ipv6")
        // A VLAN device's dot is a slash in sysctl(8)'s dotted name, a dot in the path.
        #expect(Sysctl.rpFilter("eth0.100").name == "net.ipv4.conf.eth0/100.rp_filter")
        #expect(Sysctl.rpFilter("eth0.100").path == "/proc/sys/net/ipv4/conf/eth0.100/rp_filter")
    }

    /// Type inference from the expected value type picks the right static member.
    private func valueType<Value>(_ key: Sysctl<Value>) -> String { "\(Value.self)" }

    @Test("each key carries its value type")
    func valueTypes() {
        #expect(valueType(.ipForward(.ipv4)) == "Bool")
        #expect(valueType(.rpFilter("eth0")) == "ReversePathFilter")
        #expect(valueType(.acceptRA("eth0")) == "RouterAdvertisements")
        #expect(valueType(.acceptDAD("eth0")) == "DuplicateAddressDetection")
        #expect(valueType(.addressGeneration("eth0")) == "IPv6AddressGeneration")
        #expect(Sysctl.addressGeneration("default").path == "/proc/sys/net/ipv6/conf/default/addr_gen_mode")
    }

    @Test("device names are InterfaceNames, checked with the kernel's rules; all and default pass")
    func devices() throws {
        try Sysctl.rpFilter("all").validateDevice(operation: "t")
        try Sysctl.rpFilter("default").validateDevice(operation: "t")
        try Sysctl.rpFilter("veth1").validateDevice(operation: "t")
        for bad in ["", "..", "a/b", "sixteen-bytes-xx", "a b"] {
            #expect(throws: NetKitError.self) { try Sysctl.rpFilter(InterfaceName(parsing: bad)).validateDevice(operation: "t") }
        }
        let error = try #require(throws: NetKitError.self) {
            try Sysctl.acceptRA(InterfaceName(parsing: "..")).validateDevice(operation: "t")
        }
        #expect(error.object == "net.ipv6.conf.....accept_ra" || error.description.contains("\"..\""))
    }

    @Test("raw keys: path or dotted form, under net only")
    func rawKeys() throws {
        #expect(try SysctlKey.components(of: "net/ipv4/ip_forward", operation: "t") == ["net", "ipv4", "ip_forward"])
        #expect(try SysctlKey.components(of: "net.ipv4.ip_forward", operation: "t") == ["net", "ipv4", "ip_forward"])
        #expect(
            try SysctlKey.components(of: "net.ipv4.conf.eth0/100.rp_filter", operation: "t")
                == ["net", "ipv4", "conf", "eth0.100", "rp_filter"])
        #expect(
            try SysctlKey.components(of: "net/ipv4/conf/eth0.100/rp_filter", operation: "t")
                == ["net", "ipv4", "conf", "eth0.100", "rp_filter"])
    }

    @Test(
        "bad raw keys are rejected with the reason",
        arguments: [
            ("net/ipv4/../../kernel/hostname", "\"..\""),
            ("net/..", "\"..\""),
            ("net/./ipv4/ip_forward", "\".\""),
            ("/proc/sys/net/ipv4/ip_forward", "absolute path"),
            ("kernel/hostname", "not under net/"),
            ("kernel.hostname", "not under net/"),
            ("../net/ipv4/ip_forward", "not under net/"),
            ("net.ipv4..ip_forward", "empty component"),
            ("net/ipv4//ip_forward", "empty component"),
            ("net/", "empty component"),
            ("", "is empty"),
            ("net/ipv4/ip forward", "whitespace"),
        ])
    func badRawKeys(_ key: String, _ reason: String) {
        do {
            _ = try SysctlKey.components(of: key, operation: "sysctl \(key)")
            Issue.record("\(key) was accepted")
        } catch {
            guard case .invalidInput(let why) = error.reason else { Issue.record("\(error)"); return }
            #expect(why.contains(reason), "\(why)")
            #expect(error.operation.command == "sysctl \(key)")
        }
    }

    @Test("values parse from the file's text and print back")
    func values() {
        #expect(Bool(sysctlText: "0") == false)
        #expect(Bool(sysctlText: "1") == true)
        #expect(Bool(sysctlText: "2") == true)
        #expect(Bool(sysctlText: "yes") == nil)
        #expect(true.sysctlText == "1")
        #expect(ReversePathFilter(sysctlText: "2") == .loose)
        #expect(ReversePathFilter(sysctlText: "1") == .strict)
        #expect(ReversePathFilter(sysctlText: "7") == nil)
        #expect(ReversePathFilter.loose.sysctlText == "2")
        #expect(RouterAdvertisements(sysctlText: "2") == .acceptEvenIfForwarding)
        #expect(RouterAdvertisements(sysctlText: "0") == .ignore)
        #expect(DuplicateAddressDetection(sysctlText: "1") == .on)
        #expect(DuplicateAddressDetection(sysctlText: "-1") == nil)
        #expect(DuplicateAddressDetection.off.sysctlText == "0")
        #expect(IPv6AddressGeneration(sysctlText: "3") == .random)
        #expect(IPv6AddressGeneration.eui64.sysctlText == "0")
    }
}
