#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension Namespace {
    /// `ip netns exec NS sysctl -n KEY`: reads a setting of *this* namespace.
    ///
    /// `/proc/sys/net` shows the namespace of the thread that opens it, so the file is opened
    /// on a dedicated NetKit thread inside the namespace (``run(_:)``), never on the calling
    /// thread. A value the type does not know throws `.malformedMessage`.
    public func sysctl<Value>(_ key: Sysctl<Value>) throws(NetKitError) -> Value {
        let operation: NetKitError.Operation = "sysctl \(key.name)"
        try key.validateDevice(operation: operation)
        let text = try readSysctl(key.components, device: key.device, operation: operation)
        guard let value = Value(sysctlText: text) else {
            throw NetKitError(
                .malformedMessage("\(key.name) is \(AddressText.quote(text)), which is not a \(Value.self)"),
                operation: operation, object: "\(self)")
        }
        return value
    }

    /// `ip netns exec NS sysctl -w KEY=VALUE`: writes a setting of *this* namespace, on a
    /// dedicated NetKit thread inside it, like the typed read.
    public func setSysctl<Value>(_ key: Sysctl<Value>, to value: Value) throws(NetKitError) {
        let operation: NetKitError.Operation = "sysctl -w \(key.name)=\(value.sysctlText)"
        try key.validateDevice(operation: operation)
        try writeSysctl(key.components, value.sysctlText, device: key.device, operation: operation)
    }

    /// `ip netns exec NS sysctl -n KEY` for any key under `net`, given as a path
    /// (`net/ipv4/conf/eth0/rp_filter`) or dotted (`net.ipv4.conf.eth0.rp_filter`). The text is
    /// returned without its trailing newline. Keys outside `net/`, absolute paths and `..` are
    /// rejected with `.invalidInput`.
    public func sysctl(_ key: String) throws(NetKitError) -> String {
        let operation: NetKitError.Operation = "sysctl \(key)"
        let components = try SysctlKey.components(of: key, operation: operation)
        return try readSysctl(components, device: nil, operation: operation)
    }

    /// `ip netns exec NS sysctl -w KEY=VALUE` for any key under `net` (validated as for the raw read).
    public func setSysctl(_ key: String, to value: String) throws(NetKitError) {
        let operation: NetKitError.Operation = "sysctl -w \(key)=\(value)"
        let components = try SysctlKey.components(of: key, operation: operation)
        if value.utf8.contains(0) {
            throw NetKitError.invalidInput("value \(AddressText.quote(value)) contains a NUL byte", operation: operation, object: key)
        }
        try writeSysctl(components, value, device: nil, operation: operation)
    }

    // MARK: - File access on a thread inside the namespace

    private func readSysctl(_ components: [String], device: String?, operation: NetKitError.Operation) throws(NetKitError) -> String {
        let path = "/proc/sys/" + components.joined(separator: "/")
        let result = try runNetKitWork(operation) { () -> Result<String, NetKitError> in
            let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(failure(.current, path: path, device: device, operation: operation)) }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while bytes.count < 1 << 16 {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    return .failure(failure(.current, path: path, device: device, operation: operation))
                }
                if count == 0 { break }
                bytes += chunk[..<count]
            }
            if bytes.last == 0x0A { bytes.removeLast() }
            return .success(String(decoding: bytes, as: UTF8.self))
        }
        return try result.get()
    }

    private func writeSysctl(_ components: [String], _ value: String, device: String?, operation: NetKitError.Operation) throws(NetKitError)
    {
        let path = "/proc/sys/" + components.joined(separator: "/")
        let bytes = Array((value.hasSuffix("\n") ? value : value + "\n").utf8)
        let result = try runNetKitWork(operation) { () -> Result<Void, NetKitError> in
            let fd = Glibc.open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(failure(.current, path: path, device: device, operation: operation)) }
            defer { close(fd) }
            while true {
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if written < 0 && errno == EINTR { continue }
                guard written == bytes.count else {
                    return .failure(failure(written < 0 ? .current : .EIO, path: path, device: device, operation: operation))
                }
                return .success(())
            }
        }
        try result.get()
    }

    /// The error for a failed open/read/write of a sysctl file, with the likely cause.
    private func failure(_ error: Errno, path: String, device: String?, operation: NetKitError.Operation) -> NetKitError {
        let hint: String? =
            switch error {
            case .ENOENT:
                device.map { "no device named \($0) in this namespace (or its protocol is disabled on it)" }
                    ?? "\(path) does not exist in this namespace"
            case .EACCES, .EPERM: "the setting is read-only, or /proc/sys is mounted read-only, or CAP_NET_ADMIN is missing"
            case .EINVAL: "the kernel rejected the value"
            default: nil
            }
        return NetKitError(.system(error), operation: operation, object: "\(self)", hint: hint)
    }
}

extension Sysctl {
    /// Checks the device component (``InterfaceName`` rules; `all` and `default` pass).
    func validateDevice(operation: NetKitError.Operation) throws(NetKitError) {
        guard let device else { return }
        do {
            _ = try InterfaceName(parsing: device)
        } catch {
            throw NetKitError(error.reason, operation: operation, object: name)
        }
    }
}
