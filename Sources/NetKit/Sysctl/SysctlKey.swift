/// Validation of raw sysctl keys: NetKit only reads and writes files under `/proc/sys/net`, so
/// a key can neither leave that tree nor reach another namespace-independent setting.
enum SysctlKey {
    /// The path components of `key`, written as a path (`net/ipv4/ip_forward`) or sysctl(8)'s
    /// dotted name (`net.ipv4.ip_forward`, with `/` for a `.` inside a component). Throws
    /// `.invalidInput` for absolute paths, `..`, empty components, and keys outside `net`.
    static func components(of key: String, operation: NetKitError.Operation) throws(NetKitError) -> [String] {
        func reject(_ why: String) -> NetKitError {
            .invalidInput("\(AddressText.quote(key)) \(why)", operation: operation, object: key)
        }
        if key.isEmpty { throw reject("is empty; expected a key such as net/ipv4/ip_forward") }
        // Split and checked per UTF-8 byte, as the kernel reads the path: a `/` or `.` followed
        // by a combining mark is one Swift `Character` that is neither, yet its first byte
        // still is (`net/../\u{301}x` would name `/proc/sys/\u{301}x`).
        let bytes = Array(key.utf8)
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        if bytes.first == slash {
            throw reject("is an absolute path; give the key under /proc/sys, e.g. net/ipv4/ip_forward")
        }
        if bytes.contains(0) { throw reject("contains a NUL byte") }
        let components: [String]
        if bytes.starts(with: "net/".utf8) {
            components = bytes.split(separator: slash, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        } else if bytes.starts(with: "net.".utf8) {
            // sysctl(8)'s dotted name: `.` separates components, `/` stands for a `.` inside one.
            components = bytes.split(separator: dot, omittingEmptySubsequences: false).map { part in
                String(decoding: part.map { $0 == slash ? dot : $0 }, as: UTF8.self)
            }
        } else {
            throw reject("is not under net/; NetKit only reads and writes per-namespace network settings")
        }
        for component in components {
            let componentBytes = component.utf8
            if componentBytes.isEmpty { throw reject("has an empty component") }
            if componentBytes.elementsEqual(".".utf8) || componentBytes.elementsEqual("..".utf8) {
                throw reject("contains \(AddressText.quote(component)), which would leave the key's directory")
            }
            if component.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
                throw reject("contains whitespace in \(AddressText.quote(component))")
            }
        }
        guard components.count >= 2 else { throw reject("names the net directory itself, not a setting") }
        return components
    }

    /// sysctl(8)'s dotted form of path components (a `.` inside a component becomes `/`).
    static func dottedName(_ components: [String]) -> String {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        return components.map { component in
            String(decoding: component.utf8.map { $0 == dot ? slash : $0 }, as: UTF8.self)
        }.joined(separator: ".")
    }
}
