/// A CNI plugin: what it does for each command. ``CNIPluginRunner`` does the protocol around
/// it — environment, stdin, version negotiation, result and error JSON, exit status.
///
///     struct Noop: CNIPlugin {
///         let about = "noop CNI plugin"
///         func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { request.configuration.prevResult ?? CNIResult() }
///         func check(_ request: CNIRequest) throws(CNIError) {}
///         func delete(_ request: CNIRequest) throws(CNIError) {}
///     }
///     CNIPluginRunner.main(Noop())
public protocol CNIPlugin: Sendable {
    /// One line for people who run the binary by hand, e.g. `CNI plugin netkit-bridge`.
    var about: String { get }
    /// The spec versions the plugin accepts; ``CNIVersion/supported`` by default.
    var supportedVersions: [CNIVersion] { get }
    /// `ADD`: returns the result; the runner writes it in the request's version.
    func add(_ request: CNIRequest) throws(CNIError) -> CNIResult
    /// `CHECK` (0.4.0+): throws if the attachment is not as `prevResult` says.
    func check(_ request: CNIRequest) throws(CNIError)
    /// `DEL`: must succeed when what it removes is already gone.
    func delete(_ request: CNIRequest) throws(CNIError)
    /// `STATUS` (1.1.0+): throws error 50 or 51 when the plugin cannot service `ADD`.
    func status(_ request: CNIRequest) throws(CNIError)
    /// `GC` (1.1.0+): removes what belongs to attachments not in `cni.dev/valid-attachments`.
    func garbageCollect(_ request: CNIRequest) throws(CNIError)
}

extension CNIPlugin {
    public var supportedVersions: [CNIVersion] { CNIVersion.supported }
    public func status(_ request: CNIRequest) throws(CNIError) {}
    public func garbageCollect(_ request: CNIRequest) throws(CNIError) {}
}

/// One invocation: the validated environment, the configuration as parsed and as received, and
/// the version the request speaks.
public struct CNIRequest: Sendable {
    public var environment: CNIEnvironment
    public var configuration: PluginConfiguration
    /// The bytes read from stdin: what a delegated plugin receives, and what a plugin decodes
    /// its own keys from.
    public var configurationBytes: [UInt8]
    /// The configuration's `cniVersion`, one the plugin supports.
    public var version: CNIVersion

    public init(environment: CNIEnvironment, configuration: PluginConfiguration, configurationBytes: [UInt8], version: CNIVersion) {
        self.environment = environment
        self.configuration = configuration
        self.configurationBytes = configurationBytes
        self.version = version
    }

    public var command: CNICommand { environment.command }
    public var containerID: String { environment.containerID }
    public var netns: String { environment.netns }
    public var interfaceName: String { environment.interfaceName }
    /// The network's name (validated by the runner).
    public var networkName: String { configuration.name ?? "" }

    /// Decodes the plugin's own view of the configuration from the same bytes (error 6 on failure).
    public func decodeConfiguration<T: Decodable>(_ type: T.Type) throws(CNIError) -> T {
        try CNIJSON.decode(type, from: configurationBytes, what: "the network configuration")
    }

    /// Starts the delegated plugin `type` for this request's command (or `command`), passing
    /// the same environment and configuration.
    public func delegate(to type: String, command: CNICommand? = nil) throws(CNIError) -> DelegatedCall {
        try DelegatedCall(type: type, command: command ?? self.command, environment: environment, configuration: configurationBytes)
    }
}
