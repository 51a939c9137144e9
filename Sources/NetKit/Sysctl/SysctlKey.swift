/// Validation of raw sysctl keys: NetKit only reads and writes files under `/proc/sys/net`, so
/// a key can neither leave that tree nor reach another namespace-independent setting.
enum SysctlKey {
    /// The path components of `key`, written as a path (`net/ipv4/ip_forward`) or sysctl(8)'s
    /// dotted name (`net.ipv4.ip_forward`, with `/` for a `.` inside a component). Throws
    /// `.invalidInput` for absolute paths, `..`, empty components, and keys outside `net`.
    static func components(of key: String, operation: String) throws(NetKitError) -> [String] {
        func reject(_ why: String) -> NetKitError {
            .invalidInput("\(AddressText.quote(key)) \(why)", operation: operation, object: key)
        }
        if key.isEmpty { throw reject("is empty; expected a key such as net/ipv4/ip_forward") }
        if key.hasPrefix("/") {
            throw reject("is an absolute path; give the key under /proc/sys, e.g. net/ipv4/ip_forward")
        }
        if key.utf8.contains(0) { throw reject("contains a NUL byte") }
        let components: [String]
        if key.hasPrefix("net/") {
            components = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        } else if key.hasPrefix("net.") {
            components = key.split(separator: ".", omittingEmptySubsequences: false)
                .map { swapping(String($0), "/", ".") }
        } else {
            throw reject("is not under net/; NetKit only reads and writes per-namespace network settings")
        }
        for component in components {
            if component.isEmpty { throw reject("has an empty component") }
            if component == "." || component == ".." {
                throw reject("contains \(AddressText.quote(component)), which would leave the key's directory")
            }
            if component.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
                throw reject("contains whitespace in \(AddressText.quote(component))")
            }
        }
        guard components.count >= 2 else { throw reject("names the net directory itself, not a setting") }
        return components
    }

    /// sysctl(8)'s dotted form of path components.
    static func dottedName(_ components: [String]) -> String {
        components.map { swapping($0, ".", "/") }.joined(separator: ".")
    }
}

/// `text` with every `from` character replaced by `to`.
private func swapping(_ text: String, _ from: Character, _ to: Character) -> String {
    String(text.map { $0 == from ? to : $0 })
}
