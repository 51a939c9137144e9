// swift-tools-version:6.1
import PackageDescription

/// Runnable programs under Examples/, one per transcript of the source document.
let examples: [String] = []

let package = Package(
    name: "NetKit",
    products: [
        .library(name: "NetKit", targets: ["NetKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CNetlink",
            path: "Sources/CNetlink",
            pkgConfig: "libnl-route-3.0 libmnl",
            providers: [.apt(["libnl-3-dev", "libnl-route-3-dev", "libmnl-dev"])]
        ),
        .target(
            name: "NetKit",
            dependencies: ["CNetlink"],
            path: "Sources/NetKit"
        ),
        .testTarget(
            name: "NetKitTests",
            dependencies: ["NetKit"],
            path: "Tests/NetKitTests"
        ),
        .testTarget(
            name: "NetKitIntegrationTests",
            dependencies: ["NetKit"],
            path: "Tests/NetKitIntegrationTests"
        ),
    ] + examples.map { name in
        .executableTarget(name: name, dependencies: ["NetKit"], path: "Examples/\(name)")
    },
    swiftLanguageModes: [.v6]
)
