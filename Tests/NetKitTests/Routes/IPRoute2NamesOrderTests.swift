import Foundation
@testable import NetKit
import Testing

@Suite("Routes: where iproute2's name files are read from")
struct IPRoute2NamesOrderTests {
    /// Two directories standing in for `/etc/iproute2` and `/usr/share/iproute2`.
    private final class Roots {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("netkit-names-\(getpid())-\(UUID().uuidString)").path
        var etc: String { base + "/etc" }
        var usr: String { base + "/usr" }
        init() throws {
            for directory in [etc + "/rt_protos.d", usr + "/rt_protos.d"] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        }
        func write(_ path: String, _ text: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        deinit { try? FileManager.default.removeItem(atPath: base) }
    }

    @Test("/usr/share/iproute2 supplies the file only when /etc/iproute2 has none; /etc's .d wins by file name")
    func etcOverridesUsr() throws {
        let roots = try Roots()
        try roots.write(roots.usr + "/rt_protos", "200 usrproto\n201 usronly\n")
        try roots.write(roots.usr + "/rt_protos.d/a.conf", "210 usr-a\n")
        try roots.write(roots.usr + "/rt_protos.d/b.conf", "211 usr-b\n")
        try roots.write(roots.etc + "/rt_protos.d/b.conf", "212 etc-b\n")
        var names = IPRoute2Names(builtIn: [12: "bird"], file: "rt_protos", directory: true, limit: 255, etc: roots.etc, usr: roots.usr)
        // No /etc file: /usr's is read; usr a.conf is read; usr b.conf is shadowed by etc b.conf.
        #expect(names.name(200) == "usrproto" && names.name(201) == "usronly")
        #expect(names.name(210) == "usr-a")
        #expect(names.name(211) == "211", "a .d file of the same name in /etc replaces /usr's")
        #expect(names.name(212) == "etc-b")
        #expect(names.name(12) == "bird", "built-in names stay unless a file renames them")

        // With an /etc file, /usr's file is not read at all (iproute2 falls back only on ENOENT).
        try roots.write(roots.etc + "/rt_protos", "200 etcproto\n")
        names = IPRoute2Names(builtIn: [:], file: "rt_protos", directory: true, limit: 255, etc: roots.etc, usr: roots.usr)
        #expect(names.name(200) == "etcproto")
        #expect(names.name(201) == "201")
        #expect(try names.parse("etcproto", limit: 255, kind: "protocol", examples: "bird") == 200)
    }

    @Test("the real paths are iproute2's")
    func realPaths() {
        #expect(IPRoute2Names.directoryPath == "/etc/iproute2")
        #expect(IPRoute2Names.defaultsPath == "/usr/share/iproute2")
    }
}
