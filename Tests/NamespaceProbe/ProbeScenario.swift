#if canImport(Glibc)
    import Glibc
#endif
import NetKit

/// The scenarios: each uses NetKit while nothing else keeps the concurrency pool busy, and
/// returns what it found out of place (the common checks follow in `main.swift`).
enum ProbeScenario {
    /// `perform` whose body sleeps this long.
    case perform(seconds: Double)
    /// `perform` whose body sleeps 6 s and throws.
    case throwing
    /// `perform` (body of 6 s) whose task is cancelled while it waits.
    case cancelled
    /// Async `ping` of the pod's own loopback, count 8 at 1 s intervals.
    case ping
    /// 200 concurrent `perform`s of random length up to 7 s: half of them under 0.5 s and half
    /// over 6 s, so that the pool goes idle in between and the long ones end with none waiting.
    case concurrent
    /// A `run` closure that starts a thread, which must be reported by
    /// `Namespace.threadsOutsideInitialNamespace()`.
    case strayThread
    /// A `perform` closure (6 s) after which NetKit's thread cannot return home.
    case cannotReturn
    /// A 5 ms sampler task while 20 namespace pairs are set up with the blocking forms of the
    /// handle's operations, then with the `async` ones (``SamplerScenario``).
    case sampler

    static let usage = "perform:SECONDS | throwing | cancelled | ping | concurrent | stray-thread | cannot-return | sampler"

    init?(_ name: String) {
        switch name {
        case "throwing": self = .throwing
        case "cancelled": self = .cancelled
        case "ping": self = .ping
        case "concurrent": self = .concurrent
        case "stray-thread": self = .strayThread
        case "cannot-return": self = .cannotReturn
        case "sampler": self = .sampler
        default:
            guard name.hasPrefix("perform:"), let seconds = Double(name.dropFirst("perform:".count)) else { return nil }
            self = .perform(seconds: seconds)
        }
    }

    func run() async throws -> [String] {
        let pod = try Namespace.anonymous()
        switch self {
        case .perform(let seconds):
            let (inside, resumed) = try await Task.detached {
                let inside = try await pod.perform { () -> UInt64 in
                    usleep(useconds_t(seconds * 1_000_000))
                    return ThreadProbe.currentNamespace()
                }
                return (inside, ThreadProbe.currentNamespace())
            }.value
            return Self.expect(inside: inside, pod: pod) + Self.expect(resumed: resumed)
        case .throwing:
            let resumed = await Task.detached { () -> UInt64 in
                do {
                    try await pod.perform {
                        sleep(6); throw ProbeFailure.thrownOnPurpose
                    }
                } catch {}
                return ThreadProbe.currentNamespace()
            }.value
            return Self.expect(resumed: resumed)
        case .cancelled:
            let task = Task.detached { () -> (Bool, UInt64) in
                let value = try? await pod.perform { () -> Bool in
                    sleep(6); return true
                }
                return (value == true, ThreadProbe.currentNamespace())
            }
            usleep(100_000)
            task.cancel()
            let (finished, resumed) = await task.value
            return (finished ? [] : ["the cancelled perform did not return its body's value"]) + Self.expect(resumed: resumed)
        case .ping:
            try await pod.netlink().setUp("lo")
            let (result, resumed) = try await Task.detached {
                let result = try await pod.ping(.v4(.loopback), count: 8)
                return (result, ThreadProbe.currentNamespace())
            }.value
            let lost = result.received == 8 ? [] : ["ping received \(result.received) of 8 replies"]
            return lost + Self.expect(resumed: resumed)
        case .concurrent:
            return try await Self.concurrentPerforms(pod)
        case .strayThread:
            return try ThreadStartedInside.check(pod)
        case .cannotReturn:
            return try await CapabilityDrop.check(pod)
        case .sampler:
            return try await SamplerScenario.run()
        }
    }

    private static func concurrentPerforms(_ pod: Namespace) async throws -> [String] {
        try await Task.detached {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for index in 0..<200 {
                    let micros =
                        index.isMultiple(of: 2)
                        ? useconds_t.random(in: 0...500_000)
                        : useconds_t.random(in: 6_000_000...7_000_000)
                    group.addTask {
                        let inside = try await pod.perform { () -> UInt64 in
                            usleep(micros)
                            return ThreadProbe.currentNamespace()
                        }
                        return expect(inside: inside, pod: pod) + expect(resumed: ThreadProbe.currentNamespace())
                    }
                }
                var findings: [String] = []
                for try await found in group { findings += found }
                return findings
            }
        }.value
    }

    static func expect(inside: UInt64, pod: Namespace) -> [String] {
        inside == pod.inode ? [] : ["the body ran in net:[\(inside)], not in the pod net:[\(pod.inode)]"]
    }

    static func expect(resumed: UInt64) -> [String] {
        resumed == ThreadProbe.initialNamespace ? [] : ["the awaiting task resumed in net:[\(resumed)]"]
    }
}

enum ProbeFailure: Error {
    case thrownOnPurpose
}
