/// The answer to `VERSION` (spec section 5, "VERSION Success").
public struct CNIVersionInfo: Sendable, Hashable, Codable {
    /// The `cniVersion` of the request.
    public var cniVersion: String
    public var supportedVersions: [String]

    public init(cniVersion: String, supportedVersions: [CNIVersion]) {
        self.cniVersion = cniVersion
        self.supportedVersions = supportedVersions.map(\.description)
    }
}
