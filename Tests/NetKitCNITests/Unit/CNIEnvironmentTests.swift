import NetKitCNI
import Testing

@Suite("CNI environment and CNI_ARGS")
struct CNIEnvironmentTests {
    private let add = [
        "CNI_COMMAND": "ADD", "CNI_CONTAINERID": "abc123", "CNI_NETNS": "/run/netns/x", "CNI_IFNAME": "eth0",
        "CNI_PATH": "/opt/cni/bin:/usr/lib/cni", "CNI_ARGS": "IgnoreUnknown=1;K8S_POD_NAME=web-0;IP=10.0.0.5;IP=10.0.0.6",
    ]

    private func error(_ variables: [String: String]) -> CNIError? {
        do {
            _ = try CNIEnvironment(variables)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsAValidAdd() throws {
        let environment = try CNIEnvironment(add)
        #expect(environment.command == .add)
        #expect(environment.pluginPaths == ["/opt/cni/bin", "/usr/lib/cni"])
        #expect(environment.arguments["K8S_POD_NAME"] == "web-0")
        #expect(environment.arguments["IP"] == "10.0.0.6", "the last pair wins")
        #expect(environment.arguments["MISSING"] == nil)
    }

    @Test func requiredVariablesPerCommand() {
        var variables = add
        variables["CNI_COMMAND"] = nil
        #expect(error(variables)?.code == .invalidEnvironment)
        #expect(error(variables)?.msg.contains("CNI_COMMAND") == true)
        variables["CNI_COMMAND"] = "PING"
        #expect(error(variables)?.msg == "unknown CNI_COMMAND: PING")
        for missing in ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME"] {
            var partial = add
            partial[missing] = nil
            #expect(error(partial)?.msg == "required env variables [\(missing)] missing")
        }
        var delete = add
        delete["CNI_COMMAND"] = "DEL"
        delete["CNI_NETNS"] = nil
        #expect(error(delete) == nil, "DEL may come after the namespace is gone")
        #expect(error(["CNI_COMMAND": "GC"])?.msg.contains("CNI_PATH") == true, "GC needs CNI_PATH")
        #expect(error(["CNI_COMMAND": "VERSION"]) == nil)
        #expect(error(["CNI_COMMAND": "STATUS"]) == nil)
    }

    @Test func validatesValues() {
        for name in ["averyveryverylongname", "a/b", "a:b", "a b", "a\nb", ".", ".."] {
            var variables = add
            variables["CNI_IFNAME"] = name
            #expect(error(variables)?.code == .invalidEnvironment, "CNI_IFNAME \(name)")
            #expect(error(variables)?.details?.contains("CNI_IFNAME") == true)
        }
        for id in ["-x", "_x", "a b", "a/b", "ünïcode"] {
            var variables = add
            variables["CNI_CONTAINERID"] = id
            #expect(error(variables)?.code == .invalidEnvironment, "CNI_CONTAINERID \(id)")
        }
        var relative = add
        relative["CNI_NETNS"] = "netns/x"
        #expect(error(relative)?.code == .invalidEnvironment)
        var args = add
        args["CNI_ARGS"] = "A=1;B"
        #expect(error(args)?.details == "CNI_ARGS pair \"B\" is not KEY=VALUE")
        #expect(CNIEnvironment.interfaceNameProblem("fifteen-chars15") == nil)
        #expect(CNIEnvironment.interfaceNameProblem("sixteen-chars-16")?.contains("16 bytes") == true)
    }

    @Test func argumentsKeepOrderAndEmptyValues() throws {
        let arguments = try CNIArguments(parsing: ";A=1;;B=;C=x=y;")
        #expect(arguments.pairs.map(\.key) == ["A", "B", "C"])
        #expect(arguments["B"] == "")
        #expect(arguments["C"] == "x=y")
        #expect(throws: CNIError.self) { try CNIArguments(parsing: "=value") }
    }
}
