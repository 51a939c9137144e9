import NetKit
import NetKitCNI

/// `ipMasq` with nftables, in the runtime's (node's) namespace only: a table
/// `inet netkit-cni.NETWORK` with a `nat` chain on `postrouting`, and per container address a rule
///
///     ip saddr 10.22.0.5 ip daddr != 10.22.0.0/16 ip daddr != 224.0.0.0/4 masquerade comment "id=CONTAINER if=eth0"
///
/// (`ip6 … ff00::/8` for IPv6) — the reference plugin's iptables rules, as one atomic `nft -f`
/// transaction instead of several `iptables` calls. Rules are found again by their comment,
/// so `DEL` needs neither the container's namespace nor its addresses. Commands are sent as
/// nft's JSON, which takes any network name (nft's text syntax refuses names that start with
/// a digit).
struct Masquerade {
    let network: String

    var table: String { "netkit-cni." + network }
    static let chain = "postrouting"

    /// nft's path; runtimes often run plugins with a minimal `PATH`.
    static func nft(environment: [String: String]) -> String? {
        let path = (environment["PATH"] ?? "").utf8.split(separator: UInt8(ascii: ":")).map { String(Substring($0)) }
        return ChildProcess.find("nft", in: path + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"])
    }

    /// The rule comment naming the attachment; long IDs are hashed to fit nft's 128 bytes.
    static func comment(containerID: String, interface: String) -> String {
        let text = "id=\(containerID) if=\(interface)"
        guard text.utf8.count > 120 else { return text }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a 64
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "attachment=" + String(hash, radix: 16)
    }

    /// Starts the transaction that adds the rules for `addresses` (each with its prefix).
    func add(_ addresses: [IPNetwork], containerID: String, interface: String, environment: [String: String]) throws(CNIError) -> NFTCall {
        let comment = Self.comment(containerID: containerID, interface: interface)
        var commands: [JSONValue] = [
            .object(["add": .object(["table": .object(["family": "inet", "name": .string(table)])])]),
            .object([
                "add": .object([
                    "chain": .object([
                        "family": "inet", "table": .string(table), "name": .string(Self.chain),
                        "type": "nat", "hook": "postrouting", "prio": .integer(100), "policy": "accept",
                    ])
                ])
            ]),
        ]
        for address in addresses {
            let (protocolName, multicast): (String, IPNetwork) = address.family == .ipv4 ? ("ip", "224.0.0.0/4") : ("ip6", "ff00::/8")
            func match(_ op: String, _ field: String, _ right: JSONValue) -> JSONValue {
                .object([
                    "match": .object([
                        "op": .string(op),
                        "left": .object(["payload": .object(["protocol": .string(protocolName), "field": .string(field)])]), "right": right,
                    ])
                ])
            }
            func prefix(_ network: IPNetwork) -> JSONValue {
                .object([
                    "prefix": .object(["addr": .string(network.masked.address.description), "len": .integer(Int64(network.prefixLength))])
                ])
            }
            commands.append(
                .object([
                    "add": .object([
                        "rule": .object([
                            "family": "inet", "table": .string(table), "chain": .string(Self.chain), "comment": .string(comment),
                            "expr": .array([
                                match("==", "saddr", .string(address.address.description)),
                                match("!=", "daddr", prefix(address)),
                                match("!=", "daddr", prefix(multicast)),
                                .object(["masquerade": .null]),
                            ]),
                        ])
                    ])
                ]))
        }
        return try NFTCall(
            ["-j", "-f", NFTCall.standardInput], input: .object(["nftables": .array(commands)]), environment: environment,
            what: "add masquerade rules")
    }

    /// The handles and comments of the chain's rules; empty when the table does not exist (nft
    /// says ENOENT's "No such file or directory": no rule was ever added). Any other failure of
    /// nft is error 106, so that `DEL` and a rollback never report rules gone that nft could not
    /// even list.
    func rules(environment: [String: String]) throws(CNIError) -> [(handle: Int64, comment: String, source: String?)] {
        let call = try NFTCall(
            ["-j", "-a", "list", "table", "inet", table], input: nil, environment: environment, what: "list masquerade rules")
        let output: JSONValue
        do {
            output = try call.wait()
        } catch  where call.failedForMissingObject {
            return []
        }
        guard let items = output["nftables"]?.arrayValue else {
            throw CNIError(
                .masqueradeFailed, "nft failed to list masquerade rules",
                details: "nft printed no \"nftables\" array for table inet \(table)")
        }
        return items.compactMap { item in
            guard let rule = item["rule"], rule["chain"]?.stringValue == Self.chain, case .integer(let handle)? = rule["handle"] else {
                return nil
            }
            let source = rule["expr"]?.arrayValue?.first?["match"]?["right"]?.stringValue
            return (handle, rule["comment"]?.stringValue ?? "", source)
        }
    }

    /// Removes the rules whose comment is in `comments` (or, with `keeping`, those not in it).
    func remove(where shouldRemove: (String) -> Bool, environment: [String: String]) throws(CNIError) {
        let handles = try rules(environment: environment).filter { shouldRemove($0.comment) }.map(\.handle)
        guard !handles.isEmpty else { return }
        let commands = handles.map { handle -> JSONValue in
            .object([
                "delete": .object([
                    "rule": .object(["family": "inet", "table": .string(table), "chain": .string(Self.chain), "handle": .integer(handle)])
                ])
            ])
        }
        _ = try NFTCall(
            ["-j", "-f", NFTCall.standardInput], input: .object(["nftables": .array(commands)]), environment: environment,
            what: "delete masquerade rules"
        ).wait()
    }
}

/// One `nft` run.
struct NFTCall {
    /// The file nft reads its JSON request from: the pipe on its standard input, named by its
    /// `/proc` path. (`nft -j -f -` opens `/dev/stdin`, which a minimal `/dev`, such as some
    /// container runtimes give, does not have.)
    static let standardInput = "/proc/self/fd/0"

    private let process: ChildProcess
    private let what: String

    init(_ arguments: [String], input: JSONValue?, environment: [String: String], what: String) throws(CNIError) {
        guard let nft = Masquerade.nft(environment: environment) else {
            throw CNIError(
                .masqueradeFailed, "ipMasq needs nftables",
                details: "no nft binary in PATH, /usr/sbin or /sbin; install the nftables package")
        }
        let bytes: [UInt8]
        do {
            bytes = try input.map { try CNIJSON.encode($0, pretty: false) } ?? []
        } catch {
            throw CNIError(.masqueradeFailed, "cannot encode the nft request", details: "\(error)")
        }
        self.what = what
        process = try ChildProcess(executable: nft, arguments: arguments, stdin: bytes, captureStandardError: true)
    }

    /// Waits; nft's JSON output (`.null` when it printed none), or error 106.
    @discardableResult
    func wait() throws(CNIError) -> JSONValue {
        let (termination, output) = process.wait()
        guard termination == .exited(0) else {
            let message = String(decoding: process.standardError, as: UTF8.self).trimmingWhitespace
            throw CNIError(.masqueradeFailed, "nft failed to \(what)", details: "nft ended with \(termination): \(message)")
        }
        if output.isEmpty { return .null }
        do {
            return try CNIJSON.decode(JSONValue.self, from: output, what: "nft output")
        } catch {
            throw CNIError(.masqueradeFailed, "nft failed to \(what)", details: "its output is not JSON: \(error.msg)")
        }
    }

    /// After a failed ``wait()``: nft said the table or chain does not exist (ENOENT).
    var failedForMissingObject: Bool {
        String(decoding: process.standardError, as: UTF8.self).contains("No such file or directory")
    }
}
