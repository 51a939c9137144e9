import Testing

/// The `async` forms never block a thread of the cooperative pool: in a process of its own
/// (`netkit-namespace-probe`, whose pool is as wide as the machine has cores), a task ticking
/// every 5 ms keeps ticking — at least half its expected ticks, which the probe requires — while
/// 20 namespace pairs are set up with them. `sampler:blocking` runs the same setup with the
/// blocking forms for comparison: its figures are printed, not asserted. Afterwards every thread
/// and new task of the probe's process must be in the initial namespace (the probe's common
/// check). Documentation/AsyncAndBlocking.md quotes the figures.
@Suite("Async forms keep the cooperative pool free")
struct AsyncSamplerTests {
    @Test("a 5 ms sampler keeps ticking while 20 pairs are set up with the async forms (blocking forms for comparison)",
          arguments: ["sampler:async", "sampler:blocking"])
    func samplerKeepsTicking(_ scenario: String) async throws {
        let result = try await NamespaceProbe.run(scenario)
        print(result.output.split(separator: "\n").filter { $0.hasPrefix("sampler:") }.joined(separator: "\n"))
        #expect(result.status == 0, "netkit-namespace-probe \(scenario) exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("checked: \(scenario): "), "\(result.output)")
    }
}
