/// The CNI configuration directory (`/etc/cni/net.d`) read the way runtimes read it: every
/// `.conf`, `.conflist` and `.json` file, sorted by name; the first valid one is the network
/// the runtime uses, and invalid ones are skipped with their reason.
public struct ConfigurationDirectory: Sendable {
    /// Where containerd, CRI-O and Podman look by default.
    public static let defaultPath = "/etc/cni/net.d"
    /// The extensions runtimes load.
    public static let extensions = ["conf", "conflist", "json"]

    public var path: String

    public init(path: String = ConfigurationDirectory.defaultPath) {
        self.path = path
    }

    /// One file of the directory and what loading it gave.
    public struct Entry: Sendable {
        public var path: String
        public var fileName: String
        public var size: Int
        public var result: Result<NetworkConfigurationList, CNIError>

        public var configuration: NetworkConfigurationList? { try? result.get() }
    }

    /// Every configuration file in name order, each loaded. A missing directory has none; one
    /// that cannot be read throws error 5.
    public func entries() throws(CNIError) -> [Entry] {
        guard let names = try CNIFile.names(in: path) else { return [] }
        let files = names.filter { name in
            guard let dot = name.lastIndex(of: "."), !name.hasPrefix(".") else { return false }
            return Self.extensions.contains(String(name[name.index(after: dot)...]))
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }  // byte order, as Go's sort.Strings
        var entries: [Entry] = []
        for name in files {
            let filePath = path.hasSuffix("/") ? path + name : path + "/" + name
            guard CNIFile.isRegularFile(filePath) else { continue }
            let bytes: [UInt8]
            do {
                bytes = try CNIFile.read(filePath)
            } catch {
                entries.append(Entry(path: filePath, fileName: name, size: 0, result: .failure(error)))
                continue
            }
            let result: Result<NetworkConfigurationList, CNIError>
            do {
                result = .success(
                    name.hasSuffix(".conflist")
                        ? try NetworkConfigurationList.parse(conflist: bytes)
                        : try NetworkConfigurationList.parse(conf: bytes))
            } catch {
                result = .failure(error)
            }
            entries.append(Entry(path: filePath, fileName: name, size: bytes.count, result: result))
        }
        return entries
    }

    /// The network a runtime would use: the first file that loads.
    public func selected() throws(CNIError) -> Entry? {
        try entries().first { $0.configuration != nil }
    }
}
