/// `CNI_ARGS`: `KEY=VALUE` pairs separated by semicolons, e.g.
/// `IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;MAC=0a:58:0a:f4:00:05`.
///
/// Keys a plugin does not know are kept and ignored, as `IgnoreUnknown=1` asks (runtimes add
/// Kubernetes keys to every plugin's arguments).
public struct CNIArguments: Sendable, Hashable {
    /// The pairs in the order given.
    public var pairs: [(key: String, value: String)]

    public init(pairs: [(key: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parses the variable's text; a pair without `=` or with an empty key is error 4.
    ///
    /// The text is split at the bytes `;` and `=`, as runtimes (Go's `strings.Split`) write and
    /// read it — not at Swift `Character`s, where a `;` or `=` followed by a combining mark
    /// (`;\u{301}`) is a different character, so a pair would swallow its neighbour or be
    /// refused (found by the FuzzCNIConfiguration fuzz target).
    public init(parsing text: String) throws(CNIError) {
        var pairs: [(key: String, value: String)] = []
        for item in text.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")), equals != item.startIndex else {
                throw CNIError(
                    .invalidEnvironment, "invalid CNI_ARGS",
                    details: "CNI_ARGS pair \(quoted(String(Substring(item)))) is not KEY=VALUE")
            }
            pairs.append((String(Substring(item[..<equals])), String(Substring(item[item.index(after: equals)...]))))
        }
        self.pairs = pairs
    }

    /// The value of the last pair named `key`.
    public subscript(key: String) -> String? {
        pairs.last(where: { $0.key == key })?.value
    }

    public static func == (lhs: CNIArguments, rhs: CNIArguments) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }
}
