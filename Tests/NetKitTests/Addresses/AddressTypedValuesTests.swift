import NetKit
import Testing

/// Read types carry typed values: an address's protocol prints iproute2's words, lifetimes and
/// route expiry are `Duration`s whose text stays `ip`'s.
@Suite("Typed values in address and route read types")
struct AddressTypedValuesTests {
    @Test("AddressProtocol prints rt_addrprotos' names, else the number")
    func addressProtocol() {
        #expect(
            [AddressProtocol.unspec, .kernelLoopback, .kernelRouterAdvertisement, .kernelLinkLocal, 42].map(\.description)
                == ["unspec", "kernel_lo", "kernel_ra", "kernel_ll", "42"])
        #expect(AddressProtocol(rawValue: 1) == .kernelLoopback)
    }

    @Test("lifetimes are Durations (nil: forever) and print as ip addr does")
    func lifetime() {
        let lifetime = AddressLifetime(valid: .seconds(3000), preferred: .milliseconds(49_900))
        #expect(lifetime.valid == .seconds(3000))
        #expect(lifetime.preferred == .seconds(49))  // the kernel counts whole seconds
        #expect(lifetime.description == "valid_lft 3000sec preferred_lft 49sec")
        #expect(AddressLifetime.forever.valid == nil)
        #expect(AddressLifetime.forever.isValidForever)
        #expect(AddressLifetime.forever.description == "valid_lft forever preferred_lft forever")
        #expect(AddressLifetime(preferred: .seconds(20)).description == "valid_lft forever preferred_lft 20sec")
    }

    @Test("a route's expiry is a Duration and its text stays expires Nsec")
    func routeExpiry() throws {
        var route = try Route("2001:db8::/64", dev: "eth0")
        route.expires = .seconds(300)
        #expect(route.expires == .seconds(300))
        #expect(route.description.contains("expires 300sec"))
    }
}
