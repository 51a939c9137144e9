// The source document's kernel section, demonstrated with NetKit:
//
//   "socket 也是归属在某一个网络命名空间下的, 由创建 socket 进程所在的 netns 来决定 socket 所在的 netns"
//   — a socket belongs to the network namespace of whoever created it
//     (net/socket.c: sock_create(...) uses current->nsproxy->net_ns);
//   "内核提供了三种操作命名空间的方式, 分别是 clone、setns 和 unshare"
//   — the kernel offers three ways into a namespace: clone, setns and unshare.
//
// `current` is a *thread*: the namespace is per thread, not per process. So a TCP listener made
// on a thread inside namespace A is reachable from A and not from B, and NetKit's rule follows:
// it never moves a thread it does not own; it runs such work on a thread of its own.
//
//     swift run netns-sockets           (as root)
//     swift run netns-sockets --slow    (a pause before each step, to watch `ip netns list`
//                                        from another terminal, or to try Ctrl-C)
import ExampleSupport
import Foundation
import NetKit

ThrowawayNamespaces.installSignalHandling()

enum Pace {
    static let slow = CommandLine.arguments.contains("--slow")
}

/// `$ COMMAND`, after a pause in `--slow` mode.
func step(_ command: String) {
    if Pace.slow { sleep(1) }
    Transcript.command(command)
}

func demonstrate() throws {
    let pid = getpid()
    let nameA = "nksock-a-\(pid)"
    let nameB = "nksock-b-\(pid)"
    let initial = try Namespace.initial()
    Transcript.note("This process starts in net:[\(initial.inode)]; every thread of it is there, and stays there.")

    // MARK: Two throwaway namespaces

    Transcript.section("Two throwaway namespaces")
    step("ip netns add \(nameA)")
    let a = try ThrowawayNamespaces.create(nameA)
    step("ip netns add \(nameB)")
    let b = try ThrowawayNamespaces.create(nameB)
    step("ip netns list")
    let listed = try Namespace.namedNamespaces().filter { $0 == nameA || $0 == nameB }
    Transcript.output(listed.joined(separator: "\n"))
    Transcript.check(listed == [nameA, nameB], "both are listed under /run/netns")
    Transcript.check(
        a.inode != b.inode && a.inode != initial.inode && b.inode != initial.inode,
        "three distinct namespaces: net:[\(initial.inode)] (ours), net:[\(a.inode)] (A), net:[\(b.inode)] (B)")
    let netA = try a.netlink()
    let netB = try b.netlink()

    // MARK: A listener made in A

    Transcript.section("A socket belongs to the namespace of the thread that created it")
    step("ip -n \(nameA) link set lo up")
    try netA.setUp("lo")
    step("ip netns exec \(nameA) nc -l 127.0.0.1 PORT &")
    Transcript.note("NetKit: a.run { socket(); bind(127.0.0.1:0); listen() } — the socket is created on a thread that entered A")
    let listener = try a.run { try LoopbackTCP.listen() }
    defer { close(listener.descriptor) }
    Transcript.output(
        "listening on 127.0.0.1:\(listener.port) (descriptor \(listener.descriptor), now used from the main thread, which never left net:[\(initial.inode)])"
    )

    if let ss = ChildProcess.locate("/usr/bin/ss", "/usr/sbin/ss", "/bin/ss") {
        step("ip netns exec \(nameA) ss -Hltn")
        let inA = try a.run { ChildProcess.run(ss, ["-Hltn"]) }
        Transcript.output(inA.output.trimmingCharacters(in: .newlines))
        Transcript.check(inA.status == 0 && inA.output.contains("127.0.0.1:\(listener.port)"), "ss in A lists the listener")
        step("ip netns exec \(nameB) ss -Hltn")
        let inB = try b.run { ChildProcess.run(ss, ["-Hltn"]) }
        Transcript.output(inB.output.trimmingCharacters(in: .newlines))
        Transcript.check(inB.status == 0 && !inB.output.contains(":\(listener.port)"), "ss in B does not: B has sockets of its own only")
    } else {
        Transcript.note("ss (iproute2) is not installed; skipping the socket listings")
    }

    step("echo 'hello from A' | ip netns exec \(nameA) nc 127.0.0.1 \(listener.port)")
    Transcript.note("NetKit: a.run { socket(); connect(127.0.0.1:\(listener.port)) }")
    switch try a.run({ LoopbackTCP.connect(port: listener.port) }) {
    case .connected(let client):
        LoopbackTCP.send("hello from A", on: client)
        let received = LoopbackTCP.acceptAndRead(listener.descriptor)
        close(client)
        Transcript.output("connected; the listener accepted and read \"\(received ?? "")\"")
        Transcript.check(received == "hello from A", "the listener is reachable from a client in A")
    case .failed(let error):
        Transcript.output("nc: connect to 127.0.0.1 port \(listener.port) (tcp) failed: \(error)")
        Transcript.check(false, "the listener is reachable from a client in A")
    }

    step("ip netns exec \(nameB) nc 127.0.0.1 \(listener.port)")
    let fromBWithLoopbackDown = try b.run { LoopbackTCP.connect(port: listener.port) }
    reportRefusal(
        fromBWithLoopbackDown, port: listener.port, expected: Errno.ENETUNREACH,
        claim: "not reachable from B: B's own lo is still down, so 127.0.0.1 has no route there")
    step("ip -n \(nameB) link set lo up")
    try netB.setUp("lo")
    step("ip netns exec \(nameB) nc 127.0.0.1 \(listener.port)")
    let fromB = try b.run { LoopbackTCP.connect(port: listener.port) }
    reportRefusal(
        fromB, port: listener.port, expected: Errno.ECONNREFUSED,
        claim: "still not reachable from B: B's 127.0.0.1 is B's own loopback, where nothing listens")

    step("ip netns exec \(nameA) ping -c 1 127.0.0.1")
    Transcript.note("NetKit: a.ping(\"127.0.0.1\") — its ICMP socket, too, is made on a thread in A")
    let ping = try a.ping("127.0.0.1", timeout: .seconds(2))
    Transcript.output(ping.description)
    Transcript.check(ping.received == 1, "A's loopback answers an ICMP echo")

    // MARK: The three ways in

    Transcript.section("The three ways into a namespace: unshare, setns, clone")
    Transcript.note("unshare(CLONE_NEWNET) gives the calling thread a new namespace. `ip netns add` does it, then bind-mounts")
    Transcript.note("/proc/thread-self/ns/net onto /run/netns/NAME; NetKit's Namespace.create(named:) does the same on a")
    Transcript.note("dedicated thread that then exits, and Namespace.anonymous() keeps only a descriptor instead of the mount.")
    step("ls -i /run/netns/\(nameA)")
    var info = stat()
    let statted = stat("/run/netns/\(nameA)", &info) == 0
    Transcript.output(statted ? "\(info.st_ino) /run/netns/\(nameA)" : "ls: cannot access '/run/netns/\(nameA)'")
    Transcript.check(statted && UInt64(info.st_ino) == a.inode, "the bind mount is A itself: its inode is A's namespace inode \(a.inode)")

    guard let readlinkTool = ChildProcess.locate("/usr/bin/readlink", "/bin/readlink") else {
        Transcript.check(false, "readlink (coreutils) is installed")
        return
    }
    step("unshare --net readlink /proc/self/ns/net")
    Transcript.note("NetKit: let fresh = Namespace.anonymous(); fresh.run { posix_spawn(readlink) }")
    let fresh = try Namespace.anonymous()
    let inFresh = try fresh.run { ChildProcess.run(readlinkTool, ["/proc/self/ns/net"]) }
    Transcript.output(inFresh.output.trimmingCharacters(in: .newlines))
    Transcript.check(
        inFresh.output.contains("net:[\(fresh.inode)]") && ![initial.inode, a.inode, b.inode].contains(fresh.inode),
        "a brand-new namespace, neither ours nor A nor B; it vanishes when `fresh` is released")

    Transcript.note("setns(fd, CLONE_NEWNET) moves the calling thread into an existing namespace — `ip netns exec` and")
    Transcript.note("`nsenter` do it. NetKit's run/perform: a dedicated thread calls setns, runs the closure, and exits.")
    step("nsenter --net=/run/netns/\(nameA) readlink /proc/thread-self/ns/net")
    Transcript.note("NetKit: a.run { readlink(\"/proc/thread-self/ns/net\") }")
    let threadInA = try a.run { namespaceLink("/proc/thread-self/ns/net") }
    Transcript.output(threadInA)
    Transcript.check(threadInA == "net:[\(a.inode)]", "the closure ran on a thread inside A")
    step("readlink /proc/thread-self/ns/net   # the calling (main) thread, afterwards")
    let callerThread = namespaceLink("/proc/thread-self/ns/net")
    Transcript.output(callerThread)
    Transcript.check(callerThread == "net:[\(initial.inode)]", "the caller never moved")

    Transcript.note("clone() without CLONE_NEWNET — how fork and posix_spawn make children — shares the creating")
    Transcript.note("thread's namespace. So a child started from a NetKit thread in A runs in A, as under `ip netns exec`.")
    step("readlink /proc/self/ns/net   # a child of the main thread")
    let childOfMain = ChildProcess.run(readlinkTool, ["/proc/self/ns/net"])
    Transcript.output(childOfMain.output.trimmingCharacters(in: .newlines))
    Transcript.check(childOfMain.output.contains("net:[\(initial.inode)]"), "a child of the main thread is in our namespace")
    step("ip netns exec \(nameA) readlink /proc/self/ns/net")
    Transcript.note("NetKit: a.run { posix_spawn(readlink) }")
    let childInA = try a.run { ChildProcess.run(readlinkTool, ["/proc/self/ns/net"]) }
    Transcript.output(childInA.output.trimmingCharacters(in: .newlines))
    Transcript.check(childInA.output.contains("net:[\(a.inode)]"), "a child of A's thread inherited A (net:[\(a.inode)])")
    if let ipTool = ChildProcess.locate("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip") {
        step("ip netns exec \(nameA) ip link")
        let links = try a.run { ChildProcess.run(ipTool, ["link"]) }
        Transcript.output(links.output.trimmingCharacters(in: .newlines))
        let names = try netA.links().map(\.name)
        Transcript.check(
            links.status == 0 && names == ["lo"] && links.output.contains("1: lo:") && !links.output.contains("2: "),
            "the child sees A's links — only lo — not this machine's")
    }
}

/// Prints a failed `connect` as nc would and checks it failed with `expected`.
func reportRefusal(_ outcome: LoopbackTCP.Connection, port: UInt16, expected: Errno, claim: String) {
    switch outcome {
    case .connected(let fd):
        close(fd)
        Transcript.output("connected")
        Transcript.check(false, claim)
    case .failed(let error):
        Transcript.output("nc: connect to 127.0.0.1 port \(port) (tcp) failed: \(error)")
        Transcript.check(error == expected, claim)
    }
}

do {
    try demonstrate()
} catch {
    Transcript.output("error: \(error)")
    Transcript.check(false, "the example ran to the end")
}

Transcript.holdIfRequested()
Transcript.section("Cleanup")
ThrowawayNamespaces.deleteAll { step("ip netns del \($0)") }
let leftovers = (try? Namespace.namedNamespaces().filter { $0.hasSuffix("-\(getpid())") && $0.hasPrefix("nksock-") }) ?? ["?"]
Transcript.check(leftovers.isEmpty, "none of this example's namespaces is left")
Transcript.check((try? Namespace.threadsOutsideInitialNamespace()) == [], "no thread of this process is outside its initial namespace")
ThrowawayNamespaces.finishing()
Transcript.finish()
