import NetKit
#if canImport(Glibc)
    import Glibc
#endif

/// Runs the warm-up and the measured rounds, samples the process between rounds, and judges
/// the samples.
final class SoakReport {
    let arguments: SoakArguments
    private(set) var samples: [ProcessSample] = []
    private(set) var operations = 0
    private(set) var warmUpOperations = 0
    /// Seconds from the first sample to the end of the measured run (or to the failure).
    private(set) var elapsed = 0.0
    private var tally = Tally()
    private var threadsOutside: [Namespace.StrayThread] = []

    init(arguments: SoakArguments) {
        self.arguments = arguments
    }

    func run(_ workload: SoakWorkload) throws {
        var round = 0
        while round < arguments.warmUpRounds {
            _ = try workload.round(round)
            round += 1
        }
        warmUpOperations = workload.tally.operations
        let start = Self.now()
        defer { elapsed = Self.now() - start }
        try sample(0, since: start, workload)
        let interval = max(1, arguments.operations / arguments.samples)
        var next = interval
        while operations < arguments.operations {
            operations += try workload.round(round)
            round += 1
            if operations >= next || operations >= arguments.operations {
                try sample(operations, since: start, workload)
                next += interval
            }
        }
        tally = workload.tally
        try workload.settle(seconds: 10)
    }

    /// A sample, and the thread check: no thread of the process outside its initial namespace.
    private func sample(_ operations: Int, since start: Double, _ workload: SoakWorkload) throws {
        var sample = ProcessSample.take(operations: operations, seconds: Self.now() - start)
        sample.podLinks = try workload.podLinks().count
        samples.append(sample)
        threadsOutside += try Namespace.threadsOutsideInitialNamespace()
    }

    /// What failed, compared with the first sample (taken after the warm-up).
    func checks() -> [String] {
        guard let first = samples.first, let last = samples.last, samples.count > 1 else { return ["no samples taken"] }
        var failures: [String] = []
        // Every sample is taken between rounds, when the soak holds the same objects: any
        // difference, at the end or on the way, is a descriptor leaked (or closed twice).
        if let moved = samples.first(where: { $0.fileDescriptors != first.fileDescriptors }) {
            failures.append(
                "open descriptors went from \(first.fileDescriptors) after the warm-up to \(moved.fileDescriptors) after \(moved.operations) operations (\(last.fileDescriptors) at the end)"
            )
        }
        let growth = last.residentKiB - first.residentKiB
        if growth > arguments.rssGrowthKiB {
            failures.append(
                "RSS grew by \(growth) KiB (\(first.residentKiB) → \(last.residentKiB)), more than the \(arguments.rssGrowthKiB) KiB allowed"
            )
        }
        if !threadsOutside.isEmpty {
            failures.append("threads outside the initial network namespace: \(Set(threadsOutside).sorted { $0.threadID < $1.threadID })")
        }
        return failures
    }

    func printSummary(fdsAtStart: Int, fdsAtEnd: Int) {
        print("netkit-soak: \(operations) operations after a warm-up of \(warmUpOperations) (\(arguments.warmUpRounds) rounds)")
        print(tally.lines.joined(separator: "\n"))
        print(ProcessSample.tableHeader)
        for sample in samples { print(sample.tableRow) }
        let rate = elapsed > 0 ? Int(Double(operations) / elapsed) : 0
        print("measured run: \(operations) operations in \(String(format1: elapsed)) s, \(rate) operations/s")
        if let first = samples.first, let last = samples.last {
            print(
                "open descriptors: \(first.fileDescriptors) after warm-up, \(last.fileDescriptors) at the end; \(fdsAtStart) before the soak, \(fdsAtEnd) after it"
            )
            print(
                "RSS: \(first.residentKiB) KiB after warm-up, \(last.residentKiB) KiB at the end (\(last.residentKiB - first.residentKiB >= 0 ? "+" : "")\(last.residentKiB - first.residentKiB) KiB, bound \(arguments.rssGrowthKiB) KiB)"
            )
        }
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

extension String {
    /// `value` with one decimal.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
