extension CNIResult {
    /// A result with every field a plugin's result carries: interfaces (with MAC, MTU and
    /// sandbox), addresses of both families, routes and DNS.
    package static let preparationDocument: [UInt8] = Array(
        """
        {"cniVersion":"1.1.0",
         "interfaces":[{"name":"eth0","mac":"02:00:00:00:00:01","mtu":1500,"sandbox":"/run/netns/p"}],
         "ips":[{"interface":0,"address":"10.0.0.2/24","gateway":"10.0.0.1"},
                {"interface":0,"address":"fd00::2/64","gateway":"fd00::1"}],
         "routes":[{"dst":"0.0.0.0/0","gw":"10.0.0.1","mtu":1500,"advmss":1460,"priority":1,"table":254,"scope":0}],
         "dns":{"nameservers":["10.0.0.10"],"domain":"cluster.local","search":["svc"],"options":["ndots:5"]}}
        """.utf8)

    /// Decodes and encodes ``preparationDocument`` once per process, so that the Swift runtime
    /// builds the generic type metadata and finds the protocol conformances a result's decoding
    /// and encoding need (the first time, each costs a scan of the executable's conformance
    /// records: about 1.4 M instructions in all, more than the decoding itself). A plugin calls
    /// this while it has nothing else to do — waiting for its IPAM plugin's result — so that
    /// the work is not done after the result arrives, on the way to the plugin's exit.
    /// Returns whether the document decoded and encoded (always, unless the coders are broken).
    @discardableResult
    package static func prepareCoding() -> Bool { preparedCoding }

    private static let preparedCoding: Bool = {
        guard let result = try? CNIJSON.decode(CNIResult.self, from: preparationDocument, what: "a result"),
            let encoded = try? CNIJSON.encode(result)
        else { return false }
        return !encoded.isEmpty && result.ips?.count == 2
    }()
}
