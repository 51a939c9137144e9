/// One path of a multipath (ECMP) route: `nexthop via GATEWAY dev DEVICE weight W [onlink]`
/// (an `rtnexthop` in `RTA_MULTIPATH`).
public struct NextHop: Sendable, Hashable, CustomStringConvertible {
    /// The gateway; an IPv6 gateway of an IPv4 route travels as `RTA_VIA` (`via inet6 fe80::1`).
    public var gateway: IPAddress?
    /// The output device's name. Setting it clears ``deviceIndex``, which is then looked up by name.
    public var device: InterfaceName? { didSet { deviceIndex = nil } }
    /// The output device's index, as the kernel reports it; used instead of the name when set.
    public var deviceIndex: Int32?
    /// The share of traffic relative to the other hops, 1–256 (`rtnh_hops` + 1).
    public var weight: Int
    /// `RTNH_F_*` flags: `onlink` when asked, `dead`/`linkdown` as the kernel reports.
    public var flags: RouteFlags

    /// `nexthop via GATEWAY dev DEVICE weight W [onlink]`. Throws `.invalidInput` for a weight
    /// outside 1–256.
    public init(via gateway: IPAddress? = nil, dev device: InterfaceName? = nil, weight: Int = 1, onlink: Bool = false) throws(NetKitError)
    {
        guard (1...256).contains(weight) else {
            throw NetKitError.invalidInput(
                "weight \(weight) is out of range 1–256", operation: "create next hop",
                object: Self.text(gateway, device, nil, weight, []))
        }
        self.gateway = gateway
        self.device = device
        self.weight = weight
        self.flags = onlink ? .onlink : []
    }

    init(gateway: IPAddress?, device: InterfaceName?, deviceIndex: Int32?, weight: Int, flags: RouteFlags) {
        self.gateway = gateway
        self.device = device
        self.deviceIndex = deviceIndex
        self.weight = weight
        self.flags = flags
    }

    /// Whether the gateway is forced onto the device's link (`RTNH_F_ONLINK`).
    public var onlink: Bool {
        get { flags.contains(.onlink) }
        set { if newValue { flags.insert(.onlink) } else { flags.remove(.onlink) } }
    }

    /// The words after `nexthop` in `ip route`'s output for an IPv4 or IPv6 route, e.g.
    /// `via 10.0.0.1 dev eth0 weight 1 onlink`; the gateway family is compared with `family`
    /// to tell `via` from `via inet6`.
    func text(routeFamily family: AddressFamily) -> String {
        Self.text(gateway, device, deviceIndex, weight, flags, routeFamily: family)
    }

    /// `via GATEWAY dev DEVICE weight W [flags]`, taking the route family from the gateway.
    public var description: String { text(routeFamily: gateway?.family ?? .ipv4) }

    private static func text(
        _ gateway: IPAddress?, _ device: InterfaceName?, _ index: Int32?, _ weight: Int, _ flags: RouteFlags,
        routeFamily: AddressFamily? = nil
    ) -> String {
        var words: [String] = []
        if let gateway { words.append(Route.gatewayText(gateway, routeFamily: routeFamily ?? gateway.family)) }
        words.append("dev " + Route.deviceText(device, index))
        words.append("weight \(weight)")
        let flagText = flags.description
        if !flagText.isEmpty { words.append(flagText) }
        return words.joined(separator: " ")
    }
}
