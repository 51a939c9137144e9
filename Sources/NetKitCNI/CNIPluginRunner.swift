#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The protocol side of a plugin binary (spec section 2): reads `CNI_*` variables and the
/// configuration on stdin, checks them and the version, calls the plugin, and prints the result
/// or the error JSON on stdout with exit status 0 or 1.
///
/// Checks run in this order, and nothing reaches the plugin until all pass: `CNI_COMMAND` and
/// the variables the command requires (error 4), stdin readable (5), non-empty JSON (6), a
/// valid `name` (7), a supported `cniVersion` that has the command (1). A configuration without
/// `cniVersion`, or with an empty one, is 0.1.0, as libcni and the reference plugins read it.
///
/// `VERSION` needs only `CNI_COMMAND`: whatever else is set is ignored, and the answer lists
/// every supported version. `ADD` of a 0.1.0 or 0.2.0 request answers in the legacy shape
/// (``CNILegacyResult``).
///
/// Every error carries a `cniVersion`: the spec (1.1.0, "Error") asks for "the protocol version
/// in use". That is the configuration's version once it is parsed and supported; before that —
/// bad environment, unreadable or malformed stdin, a version the plugin does not speak — no
/// version was agreed, so the error is written in the newest version the plugin supports, the
/// one its `VERSION` answer also defaults to.
public enum CNIPluginRunner {
    /// What a run printed and how it ends.
    public struct Outcome: Sendable {
        public var stdout: [UInt8]
        public var exitStatus: Int32
    }

    /// Runs `plugin` for this process and exits.
    public static func main(_ plugin: some CNIPlugin) -> Never {
        let variables = ChildProcess.currentEnvironment()
        if (variables["CNI_COMMAND"] ?? "").isEmpty {
            let versions = plugin.supportedVersions.map(\.description).joined(separator: ", ")
            writeAll(2, Array("\(plugin.about)\nCNI protocol versions supported: \(versions)\n".utf8))
        }
        let outcome = run(plugin, environment: variables, stdin: readStandardInput)
        writeAll(1, outcome.stdout)
        exit(outcome.exitStatus)
    }

    /// Runs `plugin` for the given environment and stdin (read only when the command needs it).
    public static func run(
        _ plugin: some CNIPlugin, environment variables: [String: String],
        stdin: () throws(CNIError) -> [UInt8]
    ) -> Outcome {
        var version: CNIVersion?
        do {
            let environment = try CNIEnvironment(variables)
            if environment.command == .version {
                let input = (try? stdin()) ?? []
                let asked = (try? CNIJSON.decode(PluginConfiguration.self, from: input, what: "input"))?.cniVersion
                let info = CNIVersionInfo(cniVersion: asked ?? CNIVersion.latest.description, supportedVersions: plugin.supportedVersions)
                return Outcome(stdout: try encode(info), exitStatus: 0)
            }
            let bytes = try stdin()
            let request = try Self.request(environment: environment, bytes: bytes, supported: plugin.supportedVersions, version: &version)
            switch environment.command {
            case .add:
                let result = try plugin.add(request)
                if request.version.usesLegacyResult {
                    return Outcome(stdout: try encode(CNILegacyResult(result, version: request.version)), exitStatus: 0)
                }
                return Outcome(stdout: try encode(result.converted(to: request.version)), exitStatus: 0)
            case .check: try plugin.check(request)
            case .delete: try plugin.delete(request)
            case .status: try plugin.status(request)
            case .garbageCollect: try plugin.garbageCollect(request)
            case .version: break
            }
            return Outcome(stdout: [], exitStatus: 0)
        } catch {
            var error = error
            if error.cniVersion == nil {
                error.cniVersion = (version ?? plugin.supportedVersions.max() ?? CNIVersion.latest).description
            }
            return Outcome(
                stdout: (try? encode(error)) ?? Array("{\"code\":\(error.code.rawValue),\"msg\":\"error\"}\n".utf8),
                exitStatus: 1)
        }
    }

    /// Parses and checks the configuration for a command other than `VERSION`.
    static func request(
        environment: CNIEnvironment, bytes: [UInt8], supported: [CNIVersion],
        version: inout CNIVersion?
    ) throws(CNIError) -> CNIRequest {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            throw CNIError(
                .decodingFailure, "empty network configuration on stdin",
                details: "\(environment.command) expects the plugin's JSON configuration on stdin")
        }
        let configuration = try CNIJSON.decode(PluginConfiguration.self, from: bytes, what: "the network configuration")
        // Absent or empty (libcni injects the list's `cniVersion` into each plugin, "" when the
        // list has none): 0.1.0, as the reference reads it.
        let given = configuration.cniVersion.flatMap { $0.isEmpty ? nil : $0 }
        let text = given ?? CNIVersion.unspecified.description
        let stated = given == nil ? "the configuration has no cniVersion, which means \(text)" : "config is \(quoted(text))"
        let parsed = CNIVersion(text)
        if let parsed, supported.contains(parsed) { version = parsed }
        guard let name = configuration.name, !name.isEmpty else {
            throw CNIError(.invalidNetworkConfiguration, "missing network name", details: "the configuration has no \"name\"")
        }
        if let problem = CNIEnvironment.nameProblem(name) {
            throw CNIError(
                .invalidNetworkConfiguration, "invalid characters found in network name", details: "name \(quoted(name)) \(problem)")
        }
        let supportedText = "[" + supported.map { "\"\($0)\"" }.joined(separator: " ") + "]"
        guard let parsed, supported.contains(parsed) else {
            throw CNIError(.incompatibleVersion, "incompatible CNI versions", details: "\(stated); plugin supports \(supportedText)")
        }
        if parsed < environment.command.firstVersion {
            throw CNIError(
                .incompatibleVersion, "config version does not allow \(environment.command)",
                details: "\(environment.command) needs cniVersion \(environment.command.firstVersion) or later; \(stated)")
        }
        return CNIRequest(environment: environment, configuration: configuration, configurationBytes: bytes, version: parsed)
    }

    private static func encode<T: Encodable>(_ value: T) throws(CNIError) -> [UInt8] {
        do {
            return try CNIJSON.encode(value) + [0x0A]
        } catch {
            throw CNIError(.ioFailure, "cannot encode the output", details: "\(error)")
        }
    }

    /// All of stdin; a read error is error 5.
    @Sendable static func readStandardInput() throws(CNIError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CNIError(.ioFailure, "error reading from stdin", details: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
