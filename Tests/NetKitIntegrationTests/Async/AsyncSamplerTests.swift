import Testing

/// The `async` forms never block a thread of the cooperative pool: in a process of its own
/// (`netkit-namespace-probe sampler`, whose pool is as wide as the machine has cores), a task
/// ticking every 5 ms keeps ticking while 20 namespace pairs are set up with them, where it all
/// but stops while the same pairs are set up with the blocking forms. The probe prints both
/// figures and requires a bound on progress (see `Tests/NamespaceProbe/SamplerScenario.swift`),
/// none on time; afterwards every thread and new task of its process must be in the initial
/// namespace (the probe's common check). Documentation/AsyncAndBlocking.md quotes the figures.
@Suite("Async forms keep the cooperative pool free")
struct AsyncSamplerTests {
    @Test("a 5 ms sampler keeps ticking while 20 pairs are set up with the async forms, and starves with the blocking ones")
    func samplerKeepsTicking() async throws {
        let result = try await NamespaceProbe.run("sampler")
        print(result.output.split(separator: "\n").filter { $0.hasPrefix("sampler:") }.joined(separator: "\n"))
        #expect(result.status == 0, "netkit-namespace-probe sampler exited \(result.status):\n\(result.output)")
        #expect(result.output.contains("checked: sampler: "), "\(result.output)")
    }
}
