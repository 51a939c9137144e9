/// A network configuration (spec section 1): the `.conflist` an administrator writes in
/// `/etc/cni/net.d`, naming a network and the chain of plugins that builds it.
public struct NetworkConfigurationList: Sendable, Hashable, Codable {
    public var cniVersion: String?
    /// Every version the configuration supports; the runtime picks the highest it knows.
    public var cniVersions: [String]?
    public var name: String
    public var disableCheck: Bool?
    public var disableGC: Bool?
    public var loadOnlyInlinedPlugins: Bool?
    public var plugins: [PluginConfiguration]

    public init(
        cniVersion: String?, name: String, plugins: [PluginConfiguration], cniVersions: [String]? = nil,
        disableCheck: Bool? = nil, disableGC: Bool? = nil, loadOnlyInlinedPlugins: Bool? = nil
    ) {
        self.cniVersion = cniVersion
        self.cniVersions = cniVersions
        self.name = name
        self.disableCheck = disableCheck
        self.disableGC = disableGC
        self.loadOnlyInlinedPlugins = loadOnlyInlinedPlugins
        self.plugins = plugins
    }

    /// The version a runtime uses (spec: "the highest supported version from the set of
    /// network configuration versions"), among those this library implements.
    public var selectedVersion: CNIVersion? {
        let offered = ([cniVersion] + (cniVersions ?? []).map(Optional.some)).compactMap { $0.flatMap(CNIVersion.init) }
        return offered.filter { CNIVersion.supported.contains($0) }.max()
    }

    /// Parses a `.conflist`, checking what runtimes check: a valid `name`, a non-empty
    /// `plugins` list, a `type` on each plugin, versions that parse. Failures are error 6
    /// (not JSON, wrong types) or 7 (decoded but invalid).
    public static func parse(conflist bytes: [UInt8]) throws(CNIError) -> NetworkConfigurationList {
        let list = try CNIJSON.decode(NetworkConfigurationList.self, from: bytes, what: "the network configuration list")
        try list.validate()
        return list
    }

    /// Parses a single-plugin `.conf` (the pre-1.0 format runtimes still read) and wraps it in a
    /// list of one, as libcni's `ConfListFromConf` does.
    public static func parse(conf bytes: [UInt8]) throws(CNIError) -> NetworkConfigurationList {
        let plugin = try CNIJSON.decode(PluginConfiguration.self, from: bytes, what: "the network configuration")
        if plugin.fields["plugins"] != nil {
            throw CNIError(
                .invalidNetworkConfiguration, "a configuration list in a single-plugin file",
                details: "the object has a \"plugins\" key; name the file .conflist")
        }
        let list = NetworkConfigurationList(cniVersion: plugin.cniVersion, name: plugin.name ?? "", plugins: [plugin])
        try list.validate()
        return list
    }

    /// Checks what runtimes check before they run anything.
    public func validate() throws(CNIError) {
        if let problem = CNIEnvironment.nameProblem(name) {
            throw CNIError(.invalidNetworkConfiguration, "invalid network name", details: "name \(quoted(name)) \(problem)")
        }
        for version in [cniVersion].compactMap({ $0 }) + (cniVersions ?? []) where CNIVersion(version) == nil {
            throw CNIError(.decodingFailure, "invalid cniVersion", details: "\(quoted(version)) is not a version such as 1.0.0")
        }
        if plugins.isEmpty {
            throw CNIError(
                .invalidNetworkConfiguration, "no plugins in the list", details: "network \(quoted(name)) has an empty \"plugins\" list")
        }
        for (index, plugin) in plugins.enumerated() {
            guard let type = plugin.type, !type.isEmpty else {
                throw CNIError(
                    .invalidNetworkConfiguration, "plugin \(index) has no type",
                    details: "every plugin object needs \"type\": the binary's name in the CNI bin directory")
            }
            if CNIEnvironment.pluginTypeProblem(type) != nil {
                throw CNIError(
                    .invalidNetworkConfiguration, "invalid plugin type",
                    details: "plugin \(index) type \(quoted(type)) must be a file name, not a path")
            }
        }
    }

    /// The request configuration for plugin `index` (spec section 3): the plugin's object
    /// with `cniVersion` and `name` inserted and `capabilities` removed; the runtime then adds
    /// `runtimeConfig` and `prevResult` for the operation.
    public func requestConfiguration(forPlugin index: Int, version: CNIVersion) -> PluginConfiguration? {
        guard plugins.indices.contains(index) else { return nil }
        var plugin = plugins[index]
        plugin.cniVersion = version.description
        plugin.name = name
        plugin.capabilities = nil
        plugin.fields["capabilities"] = nil
        return plugin
    }
}
