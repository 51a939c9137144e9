/// The protocol parameters a runtime passes in environment variables (spec section 2),
/// validated as the spec says: a missing or malformed variable is error 4 naming it.
///
/// Only the variables a command takes are read and checked; the others are ignored, whatever
/// their value. libcni's `VERSION` probe, for one, sets `CNI_NETNS=dummy`, `CNI_IFNAME=dummy`
/// and `CNI_PATH=dummy` (for plugins built against old libraries), and `STATUS` and `GC` come
/// with an empty `CNI_CONTAINERID`, `CNI_NETNS` and `CNI_IFNAME`.
public struct CNIEnvironment: Sendable, Hashable {
    public var command: CNICommand
    /// `CNI_CONTAINERID`: starts with a letter or digit, then letters, digits, `_`, `.`, `-`.
    public var containerID: String
    /// `CNI_NETNS`: the path of the container's network namespace, e.g. `/run/netns/NAME`;
    /// empty when a `DEL` arrives after the namespace is gone.
    public var netns: String
    /// `CNI_IFNAME`: the interface to create in the container.
    public var interfaceName: String
    /// `CNI_ARGS`, parsed.
    public var arguments: CNIArguments
    /// `CNI_PATH`: where to look for delegated plugins, in order.
    public var pluginPaths: [String]
    /// Every variable the plugin received, passed on unchanged to delegated plugins.
    public var variables: [String: String]

    /// Reads and validates the variables for the command they name.
    public init(_ variables: [String: String]) throws(CNIError) {
        self.variables = variables
        guard let text = variables["CNI_COMMAND"], !text.isEmpty else {
            throw CNIError(
                .invalidEnvironment, "required env variables [CNI_COMMAND] missing",
                details: "set CNI_COMMAND to one of \(CNICommand.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let command = CNICommand(rawValue: text) else {
            throw CNIError(
                .invalidEnvironment, "unknown CNI_COMMAND: \(text)",
                details: "CNI_COMMAND must be one of \(CNICommand.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.command = command
        let missing = command.requiredVariables.filter { (variables[$0] ?? "").isEmpty }
        if !missing.isEmpty {
            throw CNIError(
                .invalidEnvironment, "required env variables [\(missing.joined(separator: ","))] missing",
                details: "\(command) needs \(command.requiredVariables.joined(separator: ", "))")
        }
        let takes = command.takenVariables
        func value(_ name: String) -> String { takes.contains(name) ? variables[name] ?? "" : "" }
        containerID = value("CNI_CONTAINERID")
        netns = value("CNI_NETNS")
        interfaceName = value("CNI_IFNAME")
        // Split at the byte ':' (as Go's filepath.SplitList): a ':' followed by a combining
        // mark is a different Swift Character and would not split.
        pluginPaths = value("CNI_PATH").utf8.split(separator: UInt8(ascii: ":")).map { String(Substring($0)) }
        arguments = try CNIArguments(parsing: value("CNI_ARGS"))
        if !containerID.isEmpty, let problem = Self.nameProblem(containerID) {
            throw CNIError(
                .invalidEnvironment, "invalid characters in CNI_CONTAINERID",
                details: "CNI_CONTAINERID \(quoted(containerID)) \(problem)")
        }
        if !interfaceName.isEmpty, let problem = Self.interfaceNameProblem(interfaceName) {
            throw CNIError(
                .invalidEnvironment, "invalid CNI_IFNAME",
                details: "CNI_IFNAME \(quoted(interfaceName)) \(problem)")
        }
        if !netns.isEmpty, netns.utf8.first != UInt8(ascii: "/") {
            throw CNIError(
                .invalidEnvironment, "invalid CNI_NETNS",
                details: "CNI_NETNS \(quoted(netns)) is not an absolute path such as /run/netns/NAME")
        }
    }

    /// What is wrong with a container ID or network name (the spec's rule: a letter or digit,
    /// then letters, digits, `_`, `.` or `-`); nil if it is valid.
    public static func nameProblem(_ name: String) -> String? {
        guard let first = name.utf8.first else { return "is empty" }
        if !isAlphanumeric(first) { return "must start with a letter or digit" }
        if let bad = name.unicodeScalars.first(where: {
            !($0.isASCII && (isAlphanumeric(UInt8($0.value)) || "_.-".unicodeScalars.contains($0)))
        }) {
            return "contains \(quoted(String(bad))); only letters, digits, '_', '.' and '-' are allowed"
        }
        return nil
    }

    /// What is wrong with an interface name by the kernel's rules (1–15 bytes, not `.` or `..`,
    /// no `/`, `:` or whitespace); nil if it is valid.
    public static func interfaceNameProblem(_ name: String) -> String? {
        let count = name.utf8.count
        if count == 0 { return "is empty" }
        if count > 15 { return "is \(count) bytes long; interface names are at most 15 bytes (IFNAMSIZ-1)" }
        if name == "." || name == ".." { return "is not a valid interface name" }
        if name.unicodeScalars.contains(where: { $0 == "/" || $0 == ":" || $0.properties.isWhitespace || $0.value == 0 }) {
            return "contains '/', ':' or whitespace, which the kernel refuses in interface names"
        }
        return nil
    }

    /// What is wrong with a plugin `type` as the name of a binary in `CNI_PATH` (not empty, not
    /// `.` or `..`, no `/`); nil if it is a file name. Checked on bytes: in Swift
    /// `"../\u{301}x".contains("/")` is false, since `/` and the combining mark form one
    /// `Character`, yet the path `DIR/../\u{301}x` leaves `DIR`.
    public static func pluginTypeProblem(_ type: String) -> String? {
        if type.isEmpty { return "is empty" }
        if type.utf8.contains(UInt8(ascii: "/")) || type == "." || type == ".." { return "must be a file name, not a path" }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}

/// `text` in double quotes with control characters escaped, for messages that quote input.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        default:
            if scalar.value < 0x20 { result += "\\u{\(String(scalar.value, radix: 16))}" } else { result.unicodeScalars.append(scalar) }
        }
    }
    return result + "\""
}
