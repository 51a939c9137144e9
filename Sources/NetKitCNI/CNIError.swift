/// A CNI error code (the spec's "Error" result, section 5). 0–99 are the spec's; 100 and up
/// belong to each plugin.
public struct CNIErrorCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }

    /// 1: the configuration's `cniVersion` is one the plugin does not support.
    public static let incompatibleVersion = CNIErrorCode(rawValue: 1)
    /// 2: a field of the network configuration is not supported; the message names key and value.
    public static let unsupportedField = CNIErrorCode(rawValue: 2)
    /// 3: the container is unknown or gone; the runtime need not clean up (no `DEL` needed).
    public static let unknownContainer = CNIErrorCode(rawValue: 3)
    /// 4: a required environment variable is missing or invalid; the message names it.
    public static let invalidEnvironment = CNIErrorCode(rawValue: 4)
    /// 5: an I/O failure, such as reading stdin.
    public static let ioFailure = CNIErrorCode(rawValue: 5)
    /// 6: content could not be decoded (malformed JSON, a field of the wrong type).
    public static let decodingFailure = CNIErrorCode(rawValue: 6)
    /// 7: the network configuration decoded but is not valid.
    public static let invalidNetworkConfiguration = CNIErrorCode(rawValue: 7)
    /// 11: a transient condition; the runtime should retry later.
    public static let tryAgainLater = CNIErrorCode(rawValue: 11)
    /// 50: the plugin cannot service `ADD` requests (`STATUS`).
    public static let pluginNotAvailable = CNIErrorCode(rawValue: 50)
    /// 51: the plugin cannot service `ADD`, and existing containers may have limited connectivity.
    public static let limitedConnectivity = CNIErrorCode(rawValue: 51)

    public var description: String { String(rawValue) }
}

/// The spec's error result: printed as JSON on stdout, with a non-zero exit status.
///
///     {"cniVersion": "1.1.0", "code": 7, "msg": "invalid network configuration",
///      "details": "ipam.subnet \"10.1.0.0/33\": prefix length 33 is out of range"}
public struct CNIError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The protocol version in use (the request's, when it was understood).
    public var cniVersion: String?
    public var code: CNIErrorCode
    /// A short message characterising the error.
    public var msg: String
    /// A longer description: the value at fault, what was being done, a hint.
    public var details: String?

    public init(_ code: CNIErrorCode, _ msg: String, details: String? = nil, cniVersion: String? = nil) {
        self.code = code
        self.msg = msg
        self.details = details?.isEmpty == true ? nil : details
        self.cniVersion = cniVersion
    }

    enum CodingKeys: String, CodingKey { case cniVersion, code, msg, details }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(cniVersion, forKey: .cniVersion)
        try container.encode(code, forKey: .code)
        try container.encode(msg, forKey: .msg)
        try container.encodeIfPresent(details, forKey: .details)
    }

    /// `msg; details`, as libcni prints an error.
    public var description: String {
        details.map { "\(msg); \($0)" } ?? msg
    }
}
