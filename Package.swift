// swift-tools-version:6.1
import PackageDescription

/// Runnable programs under Examples/, one per transcript of the source document.
let examples: [String] = [
    "netns-veth", "pod-to-pod", "bridge-ports", "calico-ipip-route", "calico-multi-nic", "cni-layout", "netns-sockets", "ip-monitor",
    "calico-node", "link-emulation",
]

/// Libraries an example needs besides NetKit (cni-layout reads CNI configuration with NetKitCNI).
let exampleDependencies: [String: [Target.Dependency]] = ["cni-layout": ["NetKitCNI"]]

let exampleTargets: [Target] = examples.map { (name: String) -> Target in
    let extra: [Target.Dependency] = exampleDependencies[name] ?? []
    let dependencies: [Target.Dependency] = ["NetKit", "ExampleSupport"] + extra
    return .executableTarget(name: name, dependencies: dependencies, path: "Examples/\(name)")
}

let package = Package(
    name: "NetKit",
    products: [
        .library(name: "NetKit", targets: ["NetKit"]),
        // CNI types and plugin runner, usable without NetKit (no package dependencies).
        .library(name: "NetKitCNI", targets: ["NetKitCNI"]),
        .executable(name: "netkit-bridge", targets: ["netkit-bridge"]),
        .executable(name: "netkit-host-local", targets: ["netkit-host-local"]),
        .executable(name: "netkit-bandwidth", targets: ["netkit-bandwidth"]),
        .executable(name: "netkit-ptp", targets: ["netkit-ptp"]),
        .executable(name: "netkit-macvlan", targets: ["netkit-macvlan"]),
        .executable(name: "netkit-vlan", targets: ["netkit-vlan"]),
        .executable(name: "netkit-ipvlan", targets: ["netkit-ipvlan"]),
        // Side-by-side benchmark against libmnl, iproute2 and pyroute2 (Scripts/bench.sh).
        .executable(name: "netkit-bench", targets: ["netkit-bench"]),
    ],
    dependencies: [
        // The library's one package dependency: optional diagnostics (NetlinkHandle's logger).
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2")
    ],
    targets: [
        .systemLibrary(
            name: "CNetlink",
            path: "Sources/CNetlink",
            pkgConfig: "libnl-route-3.0 libmnl",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev", "libmnl-dev"])]
        ),
        // setns, unshare, capget … for NetKit's namespace threads (_GNU_SOURCE-only or variadic).
        .target(name: "CNetKitShims", path: "Sources/CNetKitShims", cSettings: [.define("_GNU_SOURCE")]),
        // argv for the Swift runtime from glibc instead of /proc/self/maps: NetKit's executables only.
        .target(name: "CProgramArguments", path: "Sources/CProgramArguments"),
        .target(
            name: "NetKit",
            dependencies: ["CNetlink", "CNetKitShims", .product(name: "Logging", package: "swift-log")],
            path: "Sources/NetKit"
        ),
        .testTarget(
            name: "NetKitTests",
            dependencies: ["NetKit", .product(name: "Logging", package: "swift-log")],
            path: "Tests/NetKitTests"
        ),
        .testTarget(
            name: "NetKitIntegrationTests",
            dependencies: ["NetKit", "NetKitTestSupport", .product(name: "Logging", package: "swift-log")],
            path: "Tests/NetKitIntegrationTests"
        ),
        // pipe2 and pidfd_open for NetKitCNI's child processes (_GNU_SOURCE-only; no library).
        .target(name: "CNetKitCNI", path: "Sources/CNetKitCNI", cSettings: [.define("_GNU_SOURCE")]),
        .target(name: "NetKitCNI", dependencies: ["CNetKitCNI"], path: "Sources/NetKitCNI"),
        .target(name: "NetKitCNIPlugins", dependencies: ["NetKit", "NetKitCNI"], path: "Sources/NetKitCNIPlugins"),
        .executableTarget(name: "netkit-bridge", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-bridge"),
        .executableTarget(
            name: "netkit-host-local", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-host-local"),
        .executableTarget(
            name: "netkit-bandwidth", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-bandwidth"),
        .executableTarget(name: "netkit-ptp", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-ptp"),
        .executableTarget(name: "netkit-macvlan", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-macvlan"),
        .executableTarget(name: "netkit-vlan", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-vlan"),
        .executableTarget(name: "netkit-ipvlan", dependencies: ["NetKitCNIPlugins", "CProgramArguments"], path: "Sources/netkit-ipvlan"),
        .executableTarget(name: "netkit-bench", dependencies: ["NetKit", "CProgramArguments"], path: "Sources/netkit-bench"),
        // 100,000-operation leak test: flat descriptors and RSS (Scripts/soak.sh).
        .executableTarget(name: "netkit-soak", dependencies: ["NetKit"], path: "Sources/netkit-soak"),
        // One namespace scenario per process, with an idle concurrency pool (IdlePoolTests runs it).
        .executableTarget(name: "netkit-namespace-probe", dependencies: ["NetKit"], path: "Tests/NamespaceProbe"),
        .testTarget(
            name: "NetKitCNITests",
            dependencies: ["NetKit", "NetKitCNI", "NetKitCNIPlugins", "NetKitTestSupport"],
            path: "Tests/NetKitCNITests"
        ),
        // What the integration and CNI tests share: the kernel's differences (fallback devices).
        .target(name: "NetKitTestSupport", path: "Tests/NetKitTestSupport"),
        .target(name: "ExampleSupport", dependencies: ["NetKit"], path: "Examples/ExampleSupport"),
    ] + exampleTargets,
    swiftLanguageModes: [.v6]
)
