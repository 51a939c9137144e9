import CNetlink
@testable import NetKit
import Testing

/// The `IFA_*` constants NetKit keeps in Swift, pinned to linux/if_addr.h and linux/rtnetlink.h.
@Suite("Address constants match the C headers")
struct AddressAttributesTests {
    @Test func attributes() {
        #expect(IFA.address == UInt16(IFA_ADDRESS))
        #expect(IFA.local == UInt16(IFA_LOCAL))
        #expect(IFA.label == UInt16(IFA_LABEL))
        #expect(IFA.broadcast == UInt16(IFA_BROADCAST))
        #expect(IFA.anycast == UInt16(IFA_ANYCAST))
        #expect(IFA.cacheinfo == UInt16(IFA_CACHEINFO))
        #expect(IFA.multicast == UInt16(IFA_MULTICAST))
        #expect(IFA.flags == UInt16(IFA_FLAGS))
        #expect(IFA.routePriority == UInt16(IFA_RT_PRIORITY))
        #expect(IFA.targetNetnsID == UInt16(IFA_TARGET_NETNSID))
        #expect(IFA.proto == UInt16(IFA_PROTO))
        // INFINITY_LIFE_TIME is not in the uapi headers (include/net/addrconf.h; iproute2 defines its own).
        #expect(IFA.infiniteLifetime == 0xFFFF_FFFF)
    }

    @Test func flags() {
        let pairs: [(AddressFlags, Int32)] = [
            (.secondary, IFA_F_SECONDARY), (.noDAD, IFA_F_NODAD), (.optimistic, IFA_F_OPTIMISTIC),
            (.dadFailed, IFA_F_DADFAILED), (.homeAddress, IFA_F_HOMEADDRESS), (.deprecated, IFA_F_DEPRECATED),
            (.tentative, IFA_F_TENTATIVE), (.permanent, IFA_F_PERMANENT), (.manageTemporaryAddress, IFA_F_MANAGETEMPADDR),
            (.noPrefixRoute, IFA_F_NOPREFIXROUTE), (.autoJoin, IFA_F_MCAUTOJOIN), (.stablePrivacy, IFA_F_STABLE_PRIVACY),
        ]
        for (flag, value) in pairs { #expect(flag.rawValue == UInt32(value)) }
    }

    @Test func scopes() {
        #expect(AddressScope.global.rawValue == UInt8(RT_SCOPE_UNIVERSE.rawValue))
        #expect(AddressScope.site.rawValue == UInt8(RT_SCOPE_SITE.rawValue))
        #expect(AddressScope.link.rawValue == UInt8(RT_SCOPE_LINK.rawValue))
        #expect(AddressScope.host.rawValue == UInt8(RT_SCOPE_HOST.rawValue))
        #expect(AddressScope.nowhere.rawValue == UInt8(RT_SCOPE_NOWHERE.rawValue))
    }

    @Test func structLayouts() {
        #expect(MemoryLayout<InterfaceAddressHeader>.size == MemoryLayout<ifaddrmsg>.size)
        #expect(MemoryLayout<InterfaceAddressCacheInfo>.size == MemoryLayout<ifa_cacheinfo>.size)
        #expect(MemoryLayout<InterfaceAddressCacheInfo>.offset(of: \.valid) == MemoryLayout<ifa_cacheinfo>.offset(of: \.ifa_valid))
        #expect(MemoryLayout<InterfaceAddressCacheInfo>.offset(of: \.preferred) == MemoryLayout<ifa_cacheinfo>.offset(of: \.ifa_prefered))
    }
}
