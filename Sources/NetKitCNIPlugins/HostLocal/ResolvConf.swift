import NetKitCNI

/// The DNS settings host-local returns when `ipam.resolvConf` names a file in resolv.conf(5)
/// format: `nameserver`, `domain`, `search` and `options` lines.
enum ResolvConf {
    static func dns(at path: String) throws(CNIError) -> CNIResult.DNS {
        parse(String(decoding: try CNIFile.read(path, limit: 1 << 20), as: UTF8.self))
    }

    static func parse(_ text: String) -> CNIResult.DNS {
        var dns = CNIResult.DNS()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = words.first, !keyword.hasPrefix("#"), !keyword.hasPrefix(";") else { continue }
            let values = Array(words.dropFirst())
            switch keyword {
            case "nameserver": dns.nameservers = (dns.nameservers ?? []) + values.prefix(1)
            case "domain": dns.domain = values.first
            case "search": dns.search = (dns.search ?? []) + values
            case "options": dns.options = (dns.options ?? []) + values
            default: continue
            }
        }
        return dns
    }
}
