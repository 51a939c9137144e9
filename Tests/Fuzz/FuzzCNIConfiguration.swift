// fuzz-modules: NetKitCNI
//
// Fuzz target: everything a CNI plugin parses from a runtime it cannot trust — the network
// configuration on stdin (with prevResult), `.conflist` and `.conf` files, a delegated plugin's
// result or error, CNI_ARGS and the other CNI_* variables — and the plugin runner end to end.
// Arbitrary bytes must give a value or a CNIError, never a trap; what parses must encode and
// parse back to the same value; what validates must obey the rule it was validated against.
//
// Input layout: with a NUL byte, the text before it is `KEY=VALUE` lines over a default ADD
// environment and the bytes after it are stdin; without one, all of it is stdin for an ADD.
@testable import NetKitCNI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCNIConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (environment, stdin) = FuzzInput.split(bytes)
    // Every typed decoder starts by parsing the same bytes and needs an object: parse once and
    // skip them for anything else (most mutated inputs), which they would only reject again.
    if let value = try? JSONParser.parse(stdin) {
        FuzzInput.checkJSON(value, stdin)
        if case .object = value {
            FuzzInput.checkPluginConfiguration(stdin)
            FuzzInput.checkConfigurationLists(stdin)
            FuzzInput.checkResult(stdin)
        }
    }
    FuzzInput.checkArguments(String(decoding: bytes, as: UTF8.self))
    FuzzInput.checkEnvironment(environment)
    FuzzInput.checkRunner(environment, stdin)
    return 0
}

enum FuzzInput {
    static let defaultEnvironment = [
        "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "fuzz-1", "CNI_NETNS": "/run/netns/fuzz",
        "CNI_IFNAME": "eth0", "CNI_PATH": "/nonexistent/cni/bin", "CNI_ARGS": "IgnoreUnknown=1",
    ]

    static func split(_ bytes: [UInt8]) -> (environment: [String: String], stdin: [UInt8]) {
        guard let nul = bytes.firstIndex(of: 0) else { return (defaultEnvironment, bytes) }
        var environment = defaultEnvironment
        for line in bytes[..<nul].split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            guard let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            environment[String(text[..<equals])] = String(text[text.utf8.index(after: equals)...])
        }
        return (environment, Array(bytes[(nul + 1)...]))
    }

    static func fail(_ what: String, _ input: [UInt8]) -> Never {
        fatalError("\(what): \(String(decoding: input.prefix(400), as: UTF8.self))")
    }

    /// parse → write (compact and pretty) → parse gives the same value.
    static func checkJSON(_ value: JSONValue, _ bytes: [UInt8]) {
        for pretty in [false, true] {
            let text = JSONWriter.write(value, pretty: pretty)
            guard let again = try? JSONParser.parse(text) else { fail("written JSON does not parse (pretty \(pretty))", text) }
            guard again == value else { fail("JSON round trip changed the value (pretty \(pretty))", bytes) }
        }
    }

    /// The configuration on stdin: typed keys survive encoding, and encoding is stable after
    /// the first pass (the first may drop keys a typed member does not keep, e.g. unknown keys
    /// inside prevResult).
    static func checkPluginConfiguration(_ bytes: [UInt8]) {
        guard let first = try? CNIJSON.decode(PluginConfiguration.self, from: bytes, what: "fuzz") else { return }
        let second = reparse(first, bytes)
        guard sameTypedKeys(first, second) else { fail("a typed key of the configuration changed in a round trip", bytes) }
        guard reparse(second, bytes) == second else { fail("configuration encoding is not stable", bytes) }
        for version in CNIVersion.supported {
            _ = try? CNIJSON.encode(first.prevResult?.converted(to: version))
        }
    }

    static func reparse<T: Codable>(_ value: T, _ input: [UInt8]) -> T {
        guard let text = try? CNIJSON.encode(value, pretty: false) else { fail("\(T.self) does not encode", input) }
        guard let again = try? CNIJSON.decode(T.self, from: text, what: "fuzz") else { fail("encoded \(T.self) does not decode", text) }
        return again
    }

    static func sameTypedKeys(_ a: PluginConfiguration, _ b: PluginConfiguration) -> Bool {
        a.cniVersion == b.cniVersion && a.name == b.name && a.type == b.type && a.capabilities == b.capabilities
            && a.ipMasq == b.ipMasq && a.ipam?.type == b.ipam?.type && a.dns == b.dns && a.runtimeConfig == b.runtimeConfig
            && a.args == b.args && a.prevResult == b.prevResult && a.validAttachments == b.validAttachments
    }

    /// `.conflist` and `.conf`: a list that validates encodes to a `.conflist` that validates
    /// and means the same; every plugin type is a file name (no '/' byte), and the request
    /// configuration for each plugin encodes.
    static func checkConfigurationLists(_ bytes: [UInt8]) {
        for isList in [true, false] {
            guard let list = try? (isList ? NetworkConfigurationList.parse(conflist: bytes) : NetworkConfigurationList.parse(conf: bytes))
            else { continue }
            for plugin in list.plugins where plugin.type.map({ $0.utf8.contains(UInt8(ascii: "/")) || $0 == "." || $0 == ".." }) ?? true {
                fail("a validated list has plugin type \(String(describing: plugin.type)), which is not a file name", bytes)
            }
            guard CNIEnvironment.nameProblem(list.name) == nil, !list.name.utf8.contains(UInt8(ascii: "/")) else {
                fail("a validated list has network name \(list.name)", bytes)
            }
            guard let text = try? CNIJSON.encode(list, pretty: true),
                let again = try? NetworkConfigurationList.parse(conflist: text)
            else { fail("a validated list does not re-parse", bytes) }
            guard again.name == list.name, again.cniVersion == list.cniVersion, again.cniVersions == list.cniVersions,
                again.plugins.count == list.plugins.count,
                zip(again.plugins, list.plugins).allSatisfy(sameTypedKeys)
            else { fail("a list changed in a round trip", bytes) }
            if let version = list.selectedVersion {
                for index in list.plugins.indices {
                    guard let request = list.requestConfiguration(forPlugin: index, version: version),
                        (try? CNIJSON.encode(request)) != nil
                    else { fail("request configuration \(index) does not encode", bytes) }
                }
            }
        }
    }

    /// A delegated plugin's stdout: a result round-trips exactly (every key is typed), in every
    /// version it can be converted to; an error and a VERSION answer decode or fail cleanly.
    static func checkResult(_ bytes: [UInt8]) {
        if let result = try? CNIJSON.decode(CNIResult.self, from: bytes, what: "fuzz") {
            guard reparse(result, bytes) == result else { fail("CNIResult round trip changed the value", bytes) }
            for version in CNIVersion.supported {
                let converted = result.converted(to: version)
                guard reparse(converted, bytes) == converted else { fail("CNIResult \(version) round trip changed the value", bytes) }
            }
        }
        if let error = try? CNIJSON.decode(CNIError.self, from: bytes, what: "fuzz") { _ = error.description }
        _ = try? CNIJSON.decode(CNIVersionInfo.self, from: bytes, what: "fuzz")
    }

    /// CNI_ARGS: agrees with a byte-wise reading of its documented rule (pairs split at ';',
    /// key before the first '=', non-empty key; as libcni splits with strings.Split), and the
    /// pairs written back as text parse to the same pairs.
    static func checkArguments(_ text: String) {
        let parsed = try? CNIArguments(parsing: text)
        var reference: [(key: String, value: String)]? = []
        for item in text.utf8.split(separator: UInt8(ascii: ";")) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")), equals != item.startIndex else { reference = nil; break }
            reference?.append((String(Substring(item[..<equals])), String(Substring(item[item.index(after: equals)...]))))
        }
        guard (parsed == nil) == (reference == nil) else {
            fail(
                "CNI_ARGS \(parsed == nil ? "rejected" : "accepted") text the byte-wise rule \(reference == nil ? "rejects" : "accepts")",
                Array(text.utf8))
        }
        guard let parsed, let reference else { return }
        guard parsed == CNIArguments(pairs: reference) else { fail("CNI_ARGS pairs differ from the byte-wise split", Array(text.utf8)) }
        let written = parsed.pairs.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        guard (try? CNIArguments(parsing: written)) == parsed else { fail("CNI_ARGS round trip changed the pairs", Array(text.utf8)) }
    }

    /// The CNI_* variables: what validates obeys the spec's rules, checked byte by byte.
    static func checkEnvironment(_ variables: [String: String]) {
        guard let environment = try? CNIEnvironment(variables) else { return }
        if !environment.netns.isEmpty, environment.netns.utf8.first != UInt8(ascii: "/") {
            fail("CNI_NETNS \(environment.netns) accepted but not absolute", Array(environment.netns.utf8))
        }
        // VERSION reads no variable but CNI_COMMAND (a runtime's probe may set any value).
        let path = environment.command == .version ? "" : variables["CNI_PATH"] ?? ""
        let expectedPaths = path.utf8.split(separator: UInt8(ascii: ":")).map { String(Substring($0)) }
        guard environment.pluginPaths == expectedPaths else { fail("CNI_PATH split differs from the byte-wise split", Array(path.utf8)) }
        if !environment.interfaceName.isEmpty {
            let name = environment.interfaceName.utf8
            guard name.count <= 15, !name.contains(UInt8(ascii: "/")), !name.contains(UInt8(ascii: ":")) else {
                fail("CNI_IFNAME \(environment.interfaceName) accepted", Array(name))
            }
        }
    }

    /// The runner end to end with a plugin that does nothing: it always answers with JSON — a
    /// result (exit 0) or a CNIError (exit 1) — and never traps.
    static func checkRunner(_ variables: [String: String], _ stdin: [UInt8]) {
        let outcome = CNIPluginRunner.run(EchoPlugin(), environment: variables) { stdin }
        switch outcome.exitStatus {
        case 0:
            guard !outcome.stdout.isEmpty else { return }
            guard (try? JSONParser.parse(outcome.stdout)) != nil else { fail("the runner printed text that is not JSON", outcome.stdout) }
        case 1:
            guard (try? CNIJSON.decode(CNIError.self, from: outcome.stdout, what: "fuzz")) != nil else {
                fail("the runner failed without a CNI error on stdout", outcome.stdout)
            }
        default:
            fail("the runner ended with status \(outcome.exitStatus)", stdin)
        }
    }

    /// ADD answers with prevResult (what a chained plugin that changes nothing returns); the
    /// other commands succeed without touching anything.
    struct EchoPlugin: CNIPlugin {
        let about = "fuzz echo plugin"
        func add(_ request: CNIRequest) throws(CNIError) -> CNIResult { request.configuration.prevResult ?? CNIResult() }
        func check(_ request: CNIRequest) throws(CNIError) {}
        func delete(_ request: CNIRequest) throws(CNIError) {}
    }
}
