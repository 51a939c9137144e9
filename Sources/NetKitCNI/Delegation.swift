/// Running a delegated plugin (spec section 4), such as the IPAM plugin an interface plugin
/// names in `ipam.type`: found in `CNI_PATH`, given the same environment and the complete
/// configuration on stdin, its result or error read from stdout.
public struct DelegatedCall {
    public let type: String
    public let command: CNICommand
    private let process: ChildProcess

    /// Starts plugin `type` for `command` without waiting for it. Throws error 4 when `CNI_PATH`
    /// is empty and 7 when no directory in it holds the plugin. A plugin still running after
    /// `timeout` is killed and ``result()`` is error 11 naming it.
    public init(
        type: String, command: CNICommand, environment: CNIEnvironment, configuration: [UInt8],
        timeout: Duration = ChildProcess.defaultTimeout
    ) throws(CNIError) {
        try self.init(
            type: type, command: command, executable: Self.executable(for: type, environment: environment),
            environment: environment, configuration: configuration, timeout: timeout)
    }

    /// Starts `executable` (found with ``executable(for:environment:)``) as plugin `type`.
    public init(
        type: String, command: CNICommand, executable: String, environment: CNIEnvironment,
        configuration: [UInt8], timeout: Duration = ChildProcess.defaultTimeout
    ) throws(CNIError) {
        var variables = environment.variables
        variables["CNI_COMMAND"] = command.rawValue
        self.type = type
        self.command = command
        process = try ChildProcess(executable: executable, environment: variables, stdin: configuration, timeout: timeout)
    }

    /// The plugin binary for `type`: the first in `CNI_PATH`, as the spec says. Error 7 for a
    /// type that is a path or is found nowhere, 4 when `CNI_PATH` is empty.
    public static func executable(for type: String, environment: CNIEnvironment) throws(CNIError) -> String {
        guard CNIEnvironment.pluginTypeProblem(type) == nil else {
            throw CNIError(
                .invalidNetworkConfiguration, "invalid delegated plugin type",
                details: "type \(quoted(type)) must be the name of a plugin binary, not a path")
        }
        guard !environment.pluginPaths.isEmpty else {
            throw CNIError(
                .invalidEnvironment, "required env variables [CNI_PATH] missing",
                details: "CNI_PATH must list the directories holding the \(quoted(type)) plugin")
        }
        guard let executable = ChildProcess.find(type, in: environment.pluginPaths) else {
            throw CNIError(
                .invalidNetworkConfiguration, "failed to find plugin \(quoted(type)) in path",
                details: "no executable \(type) in CNI_PATH \(environment.pluginPaths.joined(separator: ":"))")
        }
        return executable
    }

    /// Waits for the plugin. On success returns its result (`ADD`), or nil when it printed none
    /// (`DEL`, `CHECK`, `STATUS`, `GC`). On failure throws the plugin's own error JSON as-is, or
    /// error 999 if it printed none; error 11 when it ran past its timeout (killed).
    public func result() throws(CNIError) -> CNIResult? {
        let (termination, output) = process.wait()
        if case .timedOut(let limit) = termination {
            throw CNIError(
                .tryAgainLater, "\(type) \(command) timed out",
                details: "\(process.executable) did not finish within \(limit) and was killed")
        }
        let text = output.drop(while: Self.isJSONWhitespace)
        if termination == .exited(0) {
            guard !text.isEmpty else { return nil }
            return try CNIJSON.decode(CNIResult.self, from: Array(text), what: "the result of \(type) \(command)")
        }
        if !text.isEmpty, let error = try? CNIJSON.decode(CNIError.self, from: Array(text), what: "error") {
            throw error
        }
        throw CNIError(
            .internal, "\(type) \(command) failed",
            details: "\(process.executable) ended with \(termination) and printed no error result")
    }

    /// The plugin's result as soon as its stdout holds a complete one (a JSON object that
    /// decodes as a result), usually before the plugin has exited; nil when it ended, or ran
    /// past its timeout, without printing one. The plugin may still fail (exit non-zero), so
    /// ``result()`` must follow: it fails if the plugin did, and otherwise returns this result
    /// (a JSON object cannot go on into another valid document).
    public func provisionalResult() -> CNIResult? {
        // The caller waits for the plugin from here on: build the result coders' metadata now,
        // not after the result has arrived.
        CNIResult.prepareCoding()
        var early: CNIResult?
        _ = process.readOutput { output in
            guard let last = output.last(where: { !Self.isJSONWhitespace($0) }), last == UInt8(ascii: "}") else { return false }
            early = try? CNIJSON.decode(CNIResult.self, from: output, what: "the result of \(type) \(command)")
            return early != nil
        }
        return early
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// Runs `command` to completion: ``init(type:command:environment:configuration:timeout:)`` then ``result()``.
    @discardableResult
    public static func run(
        type: String, command: CNICommand, environment: CNIEnvironment,
        configuration: [UInt8], timeout: Duration = ChildProcess.defaultTimeout
    ) throws(CNIError) -> CNIResult? {
        try DelegatedCall(type: type, command: command, environment: environment, configuration: configuration, timeout: timeout).result()
    }
}

extension CNIErrorCode {
    /// 999: the code libcni gives an error that has no better one.
    public static let `internal` = CNIErrorCode(rawValue: 999)
}
