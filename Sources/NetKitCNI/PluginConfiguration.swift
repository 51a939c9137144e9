/// One plugin's configuration as a runtime hands it over on stdin (spec section 3, "request
/// configuration"): the plugin's object from the network configuration list, with `cniVersion`
/// and `name` inserted, and `runtimeConfig`, `prevResult` and `cni.dev/valid-attachments` added
/// per operation.
///
/// The well-known keys are typed; ``fields`` keeps every key as written, so a plugin reads its
/// own keys from it (or decodes its own `Decodable` from the same bytes) and passes the rest on.
public struct PluginConfiguration: Sendable, Hashable, Codable {
    public var cniVersion: String?
    public var name: String?
    /// The plugin binary's name, looked up in `CNI_PATH`.
    public var type: String?
    public var capabilities: [String: Bool]?
    /// Well-known: masquerade the container's traffic leaving the network.
    public var ipMasq: Bool?
    public var ipam: IPAM?
    public var dns: CNIResult.DNS?
    /// The capability arguments the runtime supplies (`mac`, `ips`, `portMappings` …).
    public var runtimeConfig: JSONValue?
    /// Runtime arguments (`args.cni.ips`, `args.cni.mac` …).
    public var args: JSONValue?
    /// The previous plugin's result (`ADD` in a chain) or the attachment's result (`CHECK`, `DEL`).
    public var prevResult: CNIResult?
    /// `GC`: the attachments that are still valid (`cni.dev/valid-attachments`).
    public var validAttachments: [Attachment]?
    /// Every key of the object, as written.
    public var fields: [String: JSONValue]

    /// The `ipam` dictionary: the delegated plugin's `type` and its own keys.
    public struct IPAM: Sendable, Hashable, Codable {
        public var type: String?
        public var fields: [String: JSONValue]

        public init(type: String?, fields: [String: JSONValue] = [:]) {
            self.type = type
            self.fields = fields
        }

        public init(from decoder: any Decoder) throws {
            fields = try [String: JSONValue](from: decoder)
            let container = try decoder.container(keyedBy: PluginConfiguration.CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type)
        }

        public func encode(to encoder: any Encoder) throws {
            var fields = fields
            fields["type"] = type.map(JSONValue.string)
            try fields.encode(to: encoder)
        }
    }

    /// An attachment: what `(CNI_CONTAINERID, CNI_IFNAME)` identifies.
    public struct Attachment: Sendable, Hashable, Codable {
        public var containerID: String
        public var ifname: String

        public init(containerID: String, ifname: String) {
            self.containerID = containerID
            self.ifname = ifname
        }
    }

    enum CodingKeys: String, CodingKey {
        case cniVersion, name, type, capabilities, ipMasq, ipam, dns, runtimeConfig, args, prevResult
        case validAttachments = "cni.dev/valid-attachments"
    }

    public init(cniVersion: String? = nil, name: String? = nil, type: String? = nil, fields: [String: JSONValue] = [:]) {
        self.cniVersion = cniVersion
        self.name = name
        self.type = type
        self.fields = fields
    }

    public init(from decoder: any Decoder) throws {
        fields = try [String: JSONValue](from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cniVersion = try container.decodeIfPresent(String.self, forKey: .cniVersion)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        capabilities = try container.decodeIfPresent([String: Bool].self, forKey: .capabilities)
        ipMasq = try container.decodeIfPresent(Bool.self, forKey: .ipMasq)
        ipam = try container.decodeIfPresent(IPAM.self, forKey: .ipam)
        dns = try container.decodeIfPresent(CNIResult.DNS.self, forKey: .dns)
        runtimeConfig = try container.decodeIfPresent(JSONValue.self, forKey: .runtimeConfig)
        args = try container.decodeIfPresent(JSONValue.self, forKey: .args)
        prevResult = try container.decodeIfPresent(CNIResult.self, forKey: .prevResult)
        validAttachments = try container.decodeIfPresent([Attachment].self, forKey: .validAttachments)
    }

    /// The object with the typed keys written over ``fields``.
    public func encode(to encoder: any Encoder) throws {
        var fields = fields
        func put<T: Encodable>(_ key: CodingKeys, _ value: T?) throws {
            guard let value else { return }
            fields[key.rawValue] = try CNIJSON.decode(JSONValue.self, from: CNIJSON.encode(value, pretty: false), what: key.rawValue)
        }
        try put(.cniVersion, cniVersion)
        try put(.name, name)
        try put(.type, type)
        try put(.capabilities, capabilities)
        try put(.ipMasq, ipMasq)
        try put(.ipam, ipam)
        try put(.dns, dns)
        try put(.runtimeConfig, runtimeConfig)
        try put(.args, args)
        try put(.prevResult, prevResult)
        try put(.validAttachments, validAttachments)
        try fields.encode(to: encoder)
    }
}
