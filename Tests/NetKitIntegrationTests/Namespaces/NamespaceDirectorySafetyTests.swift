import Foundation
@testable import NetKit
import Testing

/// `/run/netns` is a directory of bind mounts that NetKit, as root, creates and unmounts: a name
/// must never reach outside it, and a symbolic link planted in it must never be followed.
/// Each test owns what it mounts (a tmpfs in a temp directory) and removes it, also on failure.
@Suite("Namespaces: /run/netns is never left, links in it are never followed")
struct NamespaceDirectorySafetyTests {
    /// A tmpfs mounted on a fresh directory under /tmp holding one file, `victim`: the target a
    /// planted link points at. Unmounted (lazily, with everything mounted beneath) and removed
    /// at the end.
    final class ScratchMount {
        let directory: String
        var victim: String { "\(directory)/victim" }

        init() throws {
            directory = "/tmp/\(TestNamespace.uniqueName("mnt"))"
            guard mkdir(directory, 0o700) == 0 else { throw NetKitError(.system(.current), operation: "swap the placeholder for a link") }
            guard mount("tmpfs", directory, "tmpfs", 0, "size=64k") == 0 else {
                let error = errno
                rmdir(directory)
                throw POSIXError(.init(rawValue: error)!)
            }
            FileManager.default.createFile(atPath: victim, contents: Data("kept".utf8))
        }

        /// True while the tmpfs is mounted at the directory.
        var isMounted: Bool { MountTable.entries(at: directory).contains { $0.fileSystem == "tmpfs" } }
        /// Mounts stacked on the victim file (there should be none).
        var mountsOnVictim: [MountTable.Entry] { MountTable.entries(at: victim) }

        deinit {
            while MountTable.entries(at: victim).isEmpty == false, umount2(victim, Int32(MNT_DETACH)) == 0 {}
            while MountTable.entries(at: directory).isEmpty == false, umount2(directory, Int32(MNT_DETACH)) == 0 {}
            rmdir(directory)
        }
    }

    /// Makes sure `/run/netns` exists (as any NetKit create leaves it).
    private func prepareRunNetns() throws {
        try requirePrivilege()
        _ = try TestNamespace("dir")
    }

    @Test("create and delete refuse a name that hides '/' after a combining mark, and nothing outside /run/netns is made or removed")
    func hiddenSlashNamesStayInRunNetns() throws {
        try prepareRunNetns()
        // A directory of this test's own beside /run/netns: the only place such a name could reach.
        let outside = "/run/\u{301}\(TestNamespace.uniqueName("esc"))"
        guard mkdir(outside, 0o700) == 0 else { throw NetKitError(.system(.current), operation: "swap the placeholder for a link") }
        let escaped = "\(outside)/\u{301}ns"
        let victim = "\(outside)/\u{301}victim"
        defer {
            // Only reached if a name escaped: undo the mount and the file it made.
            while MountTable.entries(at: escaped).isEmpty == false, umount2(escaped, Int32(MNT_DETACH)) == 0 {}
            unlink(escaped)
            unlink(victim)
            rmdir(outside)
        }
        let relative = "..\(outside.dropFirst("/run".count))"  // "../\u{301}nkesc-PID-N"
        #expect(FileManager.default.createFile(atPath: victim, contents: Data("kept".utf8)))

        func reason(_ body: () throws -> Void) -> String {
            do { try body(); return "succeeded" } catch { return "\(error)" }
        }
        let created = reason { _ = try Namespace.create(named: "\(relative)/\u{301}ns") }
        #expect(created.contains("invalid input"), "\(created)")
        #expect(FileManager.default.fileExists(atPath: escaped) == false, "create made \(escaped)")
        let deleted = reason { try Namespace.delete(named: "\(relative)/\u{301}victim", whenInUse: .detach) }
        #expect(deleted.contains("invalid input"), "\(deleted)")
        #expect(FileManager.default.fileExists(atPath: victim), "delete removed \(victim)")
    }

    @Test("delete(named:whenInUse: .detach) of a symbolic link in /run/netns does not unmount what it points at")
    func deleteDoesNotFollowLink() throws {
        try prepareRunNetns()
        let scratch = try ScratchMount()
        let name = TestNamespace.uniqueName("ln")
        let link = NamespaceDirectory.path(of: name)
        try #require(symlink(scratch.directory, link) == 0, "symlink: errno \(errno)")
        defer { unlink(link) }
        try #require(scratch.isMounted)

        #expect(throws: NetKitError.self) { try Namespace.delete(named: name) }  // .fail opens it: ELOOP
        #expect(scratch.isMounted)
        try? Namespace.delete(named: name, whenInUse: .detach)
        #expect(scratch.isMounted, "delete(.detach) unmounted \(scratch.directory) through the link \(link)")
        #expect(FileManager.default.contents(atPath: scratch.victim) == Data("kept".utf8))
    }

    @Test(
        "a placeholder swapped for a link before its mount: the namespace is not mounted on the link's target, and rollback leaves the target mounted"
    )
    func createMountsOnItsOwnPlaceholder() throws {
        try prepareRunNetns()
        let scratch = try ScratchMount()
        let names = [TestNamespace.uniqueName("ph"), TestNamespace.uniqueName("ph")]
        defer {
            for name in names {
                let path = NamespaceDirectory.path(of: name)
                var info = stat()
                if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                    unlink(path)
                } else {
                    try? Namespace.delete(named: name, whenInUse: .detach)
                }
            }
        }
        var calls = 0
        var result: String
        do {
            // inside() for the first namespace runs after its mount and before the second's:
            // the moment to swap the second name's placeholder for a link to the victim file.
            let made = try NamespaceDirectory.create(named: names) { () throws(NetKitError) -> Int in
                calls += 1
                if calls == 1 {
                    let second = NamespaceDirectory.path(of: names[1])
                    guard unlink(second) == 0, symlink(scratch.victim, second) == 0 else {
                        throw NetKitError(.system(.current), operation: "swap the placeholder for a link")
                    }
                }
                return calls
            }
            result = "created \(made.count) namespaces"
        } catch {
            result = "\(error)"
        }
        #expect(scratch.mountsOnVictim.isEmpty, "\(result); the second namespace was mounted on \(scratch.victim)")
        #expect(result.contains("mount"), "\(result)")
        #expect(scratch.isMounted, "rollback unmounted \(scratch.directory) through the link")
        #expect(FileManager.default.contents(atPath: scratch.victim) == Data("kept".utf8))
        // Rollback removed the first name; the planted link is not NetKit's and is left alone.
        #expect(FileManager.default.fileExists(atPath: NamespaceDirectory.path(of: names[0])) == false)
        var info = stat()
        #expect(lstat(NamespaceDirectory.path(of: names[1]), &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    }
}
