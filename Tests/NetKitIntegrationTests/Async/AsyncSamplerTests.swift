import Testing

/// The `async` forms never block a thread of the cooperative pool: in a process of its own
/// (`netkit-namespace-probe`, whose pool is as wide as the machine has cores), a task ticking
/// every 5 ms keeps ticking while 20 namespace pairs are set up with them; afterwards every
/// thread and new task of that process is in the initial namespace (the probe's common check).
/// The blocking forms run the same scenario for comparison: their figures are printed, not
/// asserted. Documentation/AsyncAndBlocking.md quotes both.
@Suite("Async forms keep the cooperative pool free")
struct AsyncSamplerTests {
    @Test("a 5 ms sampler reaches at least half its ticks while 20 pairs are set up with the async forms")
    func samplerKeepsTickingWithAsyncForms() async throws {
        let result = try await NamespaceProbe.run("sampler:async")
        print(result.output.split(separator: "\n").filter { $0.hasPrefix("sampler:") }.joined(separator: "\n"))
        #expect(result.status == 0, "netkit-namespace-probe sampler:async exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("checked: sampler:async: "), "\(result.output)")
    }

    @Test("the same setup with the blocking forms runs and leaves every thread home (figures printed)")
    func samplerWithBlockingForms() async throws {
        let result = try await NamespaceProbe.run("sampler:blocking")
        print(result.output.split(separator: "\n").filter { $0.hasPrefix("sampler:") }.joined(separator: "\n"))
        #expect(result.status == 0, "netkit-namespace-probe sampler:blocking exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("checked: sampler:blocking: "), "\(result.output)")
    }
}
