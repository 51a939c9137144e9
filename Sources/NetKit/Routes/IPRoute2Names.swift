#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The id ↔ name databases iproute2 prints with (`rt_protos`, `rt_tables`, `rt_scopes` and their
/// `.d/*.conf` directories), so that a route's ``Route/description`` says `table vpn` wherever
/// `ip route` does. Read once per process; the built-in names (iproute2's own defaults) apply
/// where the files are missing, and a file's later line wins, as in iproute2.
///
/// Where they are read from follows iproute2 ≥ 6.5 (`lib/rt_names.c`), which ships its defaults
/// in `/usr/share/iproute2` and lets `/etc/iproute2` override them: the main file comes from
/// `/etc/iproute2` if it exists there, else from `/usr/share/iproute2`; then the `.d/*.conf`
/// files of `/usr/share/iproute2` whose name `/etc/iproute2`'s `.d` does not also hold, then
/// those of `/etc/iproute2`. Older iproute2 (6.1 here) has everything in `/etc/iproute2`, which
/// this order reads the same way.
struct IPRoute2Names: Sendable {
    private(set) var names: [UInt32: String]
    private(set) var values: [String: UInt32]

    /// `builtIn`, overridden by `file` (and its `.d/*.conf` when `directory`), looked for in
    /// `etc` over `usr` as iproute2 does (see above); the directories are parameters for tests.
    init(
        builtIn: [UInt32: String], file: String?, directory: Bool = false, limit: UInt32 = .max,
        etc: String = IPRoute2Names.directoryPath, usr: String = IPRoute2Names.defaultsPath
    ) {
        names = builtIn
        values = [:]
        var paths: [String] = []
        if let file {
            let etcFile = etc + "/" + file
            paths.append(access(etcFile, F_OK) == 0 ? etcFile : usr + "/" + file)
        }
        if let file, directory {
            let etcConf = Self.confFiles(in: etc + "/" + file + ".d")
            let etcNames = Set(etcConf.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
            paths += Self.confFiles(in: usr + "/" + file + ".d").filter { path in
                !etcNames.contains(path.split(separator: "/").last.map(String.init) ?? path)
            }
            paths += etcConf
        }
        for path in paths {
            for (id, name) in Self.entries(of: path) where id <= limit {
                names[id] = name
            }
        }
        for (id, name) in names.sorted(by: { $0.key < $1.key }) where values[name] == nil {
            values[name] = id
        }
    }

    /// The administrator's files (they win).
    static let directoryPath = "/etc/iproute2"
    /// iproute2 ≥ 6.5's packaged defaults (its `CONF_USR_DIR`).
    static let defaultsPath = "/usr/share/iproute2"

    static let protocols = IPRoute2Names(builtIn: RouteProtocol.builtInNames, file: "rt_protos", directory: true, limit: 255)
    static let tables = IPRoute2Names(builtIn: RouteTable.builtInNames, file: "rt_tables", directory: true)
    static let scopes = IPRoute2Names(builtIn: RouteScope.builtInNames, file: "rt_scopes", directory: false, limit: 255)
    static let dsfields = IPRoute2Names(builtIn: [0: "0"], file: "rt_dsfield", directory: false, limit: 255)
    /// Route types have fixed names (iproute2's `rtnl_rtntype_n2a`), no file.
    static let types = IPRoute2Names(builtIn: RouteType.builtInNames, file: nil)

    /// The name of `id`, else the number — how iproute2 prints these fields.
    func name(_ id: UInt32) -> String { names[id] ?? String(id) }

    /// A name from this database, or a decimal or `0x` number up to `limit`, as iproute2's
    /// `*_a2n` functions read them; otherwise `.invalidInput` quoting `text`.
    func parse(_ text: String, limit: UInt32, kind: String, examples: String) throws(NetKitError) -> UInt32 {
        if let value = values[text], value <= limit { return value }
        let number: UInt64?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            number = UInt64(text.dropFirst(2), radix: 16)
        } else {
            number = text.allSatisfy(\.isASCII) && text.first?.isNumber == true ? UInt64(text) : nil
        }
        if let number, number <= UInt64(limit) { return UInt32(number) }
        throw NetKitError.invalidInput(
            "\(AddressText.quote(text)) is not a \(kind); use \(examples)",
            operation: "parse \(kind)", object: text)
    }

    /// `"12 bird"`, `"0x0c bird # comment"` → (12, "bird"); other lines are skipped.
    static func parseLine(_ line: Substring) -> (UInt32, String)? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 2, !fields[0].hasPrefix("#"), !fields[1].hasPrefix("#") else { return nil }
        let idText = fields[0]
        let id: UInt32?
        if idText.hasPrefix("0x") || idText.hasPrefix("0X") {
            id = UInt32(idText.dropFirst(2), radix: 16)
        } else {
            id = UInt32(idText)
        }
        guard let id else { return nil }
        return (id, String(fields[1]))
    }

    private static func entries(of path: String) -> [(UInt32, String)] {
        guard let text = readSmallFile(path) else { return [] }
        return text.split(separator: "\n").compactMap { parseLine($0) }
    }

    private static func confFiles(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var files: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".conf") { files.append(directory + "/" + name) }
        }
        return files.sorted()
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
