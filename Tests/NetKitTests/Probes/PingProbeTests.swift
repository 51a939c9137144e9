import Testing
@testable import NetKit

@Suite("PingProbe input validation")
struct PingProbeTests {
    private func rejection(_ body: () throws(NetKitError) -> PingProbe) -> String? {
        do {
            let probe = try body()
            Issue.record("accepted: \(probe)")
            return nil
        } catch {
            guard case .invalidInput(let text) = error.reason else {
                Issue.record("expected invalidInput, got \(error)")
                return nil
            }
            #expect(error.operation.command == "ping")
            return text
        }
    }

    @Test("count must be 1…10000", arguments: [0, -1, 10_001, Int.min, Int.max])
    func badCount(_ count: Int) {
        let text = rejection { () throws(NetKitError) in try PingProbe("172.19.0.100", count: count) }
        #expect(text == "count \(count) is out of range 1…10000")
    }

    @Test("the ends of the count range are accepted")
    func countBounds() throws {
        #expect(try PingProbe("172.19.0.100", count: 1).count == 1)
        #expect(try PingProbe("172.19.0.100", count: 10_000).count == 10_000)
    }

    @Test("timeout must be above zero and at most an hour", arguments: [Duration.zero, .seconds(-1), .milliseconds(-5), .seconds(3601)])
    func badTimeout(_ timeout: Duration) {
        let text = rejection { () throws(NetKitError) in try PingProbe("172.19.0.100", timeout: timeout) }
        #expect(text?.hasPrefix("timeout \(timeout) must be more than zero") == true, "\(text ?? "")")
    }

    @Test("interval may be zero but not negative or above an hour")
    func interval() throws {
        #expect(try PingProbe("10.0.0.1", interval: .zero).interval == .zero)
        for bad in [Duration.milliseconds(-1), .seconds(7200)] {
            let text = rejection { () throws(NetKitError) in try PingProbe("10.0.0.1", interval: bad) }
            #expect(text?.contains("interval \(bad)") == true)
        }
    }

    @Test("a source of the other family is rejected, naming both addresses")
    func familyMismatch() {
        let text = rejection { () throws(NetKitError) in try PingProbe("172.19.0.100", sourceAddress: "fd19::1") }
        #expect(text == "source address fd19::1 is IPv6 but destination 172.19.0.100 is IPv4")
        let reverse = rejection { () throws(NetKitError) in try PingProbe("fd19::1", sourceAddress: "172.19.0.100") }
        #expect(reverse == "source address 172.19.0.100 is IPv4 but destination fd19::1 is IPv6")
    }

    @Test("destinations that are not a single host are rejected", arguments: ["0.0.0.0", "224.0.0.1", "255.255.255.255", "::", "ff02::1"])
    func notAHost(_ destination: String) throws {
        let address = try IPAddress(parsing: destination)
        let text = rejection { () throws(NetKitError) in try PingProbe(address) }
        #expect(text?.hasPrefix("\(destination) is not a single host") == true)
    }

    @Test("an IPv6 link-local destination or source needs an interface")
    func linkLocalNeedsInterface() throws {
        #expect(rejection { () throws(NetKitError) in try PingProbe("fe80::1") }?.contains("pass sourceInterface") == true)
        #expect(rejection { () throws(NetKitError) in try PingProbe("fd00::1", sourceAddress: "fe80::2") } != nil)
        #expect(try PingProbe("fe80::1", sourceInterface: "veth1").sourceInterface == "veth1")
        // IPv4 link-local needs no zone.
        #expect(try PingProbe("169.254.1.1").destination == "169.254.1.1")
    }

    @Test("description is the equivalent ping command")
    func description() throws {
        #expect(try PingProbe("172.19.0.100").description == "ping -c 1 -W 1 -i 1 172.19.0.100")
        let probe = try PingProbe(
            "172.19.0.100", count: 3, timeout: .milliseconds(1500), interval: .milliseconds(200),
            sourceInterface: "veth1", sourceAddress: "172.19.0.101")
        #expect(probe.description == "ping -c 3 -W 1.5 -i 0.2 -I veth1 -I 172.19.0.101 172.19.0.100")
        #expect(probe.target == "172.19.0.100 from 172.19.0.101 veth1")
        #expect(PingProbe.seconds(.milliseconds(5)) == "0.005")
        #expect(PingProbe.seconds(.milliseconds(50)) == "0.05")
        #expect(PingProbe.seconds(.seconds(3600)) == "3600")
    }

    @Test("Namespace.ping validates before opening any socket (no privilege needed to be rejected)")
    func validatesFirst() throws {
        let namespace = try Namespace.initial()
        let error = try #require(throws: NetKitError.self) { try namespace.ping("172.19.0.100", count: 0) }
        #expect(error.reason == .invalidInput("count 0 is out of range 1…10000"))
    }

    @Test("poll waits are rounded up to whole milliseconds and never negative")
    func roundedMilliseconds() {
        #expect(PingSession.roundedUpMilliseconds(.zero) == 0)
        #expect(PingSession.roundedUpMilliseconds(.nanoseconds(1)) == 1)
        #expect(PingSession.roundedUpMilliseconds(.milliseconds(100)) == 100)
        #expect(PingSession.roundedUpMilliseconds(.microseconds(100_001)) == 101)
        #expect(PingSession.roundedUpMilliseconds(.seconds(-3)) == 0)
        #expect(PingSession.roundedUpMilliseconds(.seconds(Int64.max)) == Int32.max)
    }
}
