// A network test rig: two namespaces joined by a veth, an emulated WAN link between them (netem:
// 50 ms ± 5 ms delay and 1 % loss on both ends), NetKit's ping measuring the round trip, then a
// 10 Mbit/s token bucket (tbf) and a TCP transfer measuring the throughput. Every step is
// printed as the tc command it replaces, checked, and removed at the end (also on Ctrl-C).
//
//     swift run link-emulation        # exits 2 on a kernel without netem (CONFIG_NET_SCH_NETEM)
import ExampleSupport
import Foundation
import NetKit

Transcript.run {
    Transcript.section("Two namespaces joined by a veth")
    let names = (Cleanup.uniqueName("left"), Cleanup.uniqueName("right"))
    Transcript.command("ip netns add \(names.0) && ip netns add \(names.1)")
    let left = try Cleanup.namespace(named: names.0), right = try Cleanup.namespace(named: names.1)
    let leftNet = try left.netlink(), rightNet = try right.netlink()
    Transcript.command("ip -n \(names.0) link add veth0 type veth peer name veth1 netns \(names.1)")
    try leftNet.add(VethPair(name: "veth0", peerName: "veth1", peerNamespace: right))
    for (net, device, address) in [(leftNet, "veth0", "10.99.0.1/24"), (rightNet, "veth1", "10.99.0.2/24")]
        as [(NetlinkHandle, InterfaceName, String)]
    {
        Transcript.command("ip addr add \(address) dev \(device) && ip link set \(device) up && ip link set lo up")
        try net.addAddress(InterfaceAddress(IPNetwork(parsing: address), dev: device))
        try net.setUp(device)
        try net.setUp("lo")
    }

    Transcript.section("netem: 50 ms ± 5 ms delay and 1 % loss on both ends")
    let netem = Netem(delay: .milliseconds(50), jitter: .milliseconds(5), loss: 1)
    for (net, device) in [(leftNet, InterfaceName("veth0")), (rightNet, InterfaceName("veth1"))] {
        Transcript.command("tc qdisc add dev \(device) root netem delay 50ms 5ms loss 1%")
        do {
            try net.addQdisc(Qdisc(.netem(netem), device: device))
        } catch let error as NetKitError where error.reason == .kernelFeatureMissing(QdiscKind.netem.kernelFeature) {
            print("link-emulation needs netem (\(QdiscKind.netem.kernelFeature)); this kernel has none:\n  \(error)")
            _ = Cleanup.runAll()
            exit(2)
        }
        let shown = try net.qdiscs(dev: device).first { $0.kind == .netem }
        Transcript.output(shown?.description ?? "(none)")
        Transcript.check(
            shown?.description.hasSuffix("limit 1000 delay 50ms  5ms loss 1%") == true,
            "tc qdisc show dev \(device) shows the netem just added")
    }
    // The veth's carrier comes up asynchronously; the first pings may find it down.
    _ = try? left.ping(IPAddress(parsing: "10.99.0.2"), count: 3, timeout: .seconds(1), interval: .milliseconds(200))

    Transcript.command("ip netns exec \(names.0) ping -c 200 -i 0.02 10.99.0.2")
    let result = try left.ping(IPAddress(parsing: "10.99.0.2"), count: 200, timeout: .seconds(2), interval: .milliseconds(20))
    let times = result.roundTripTimes.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }
    let average = times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count)
    let averageText = String(format: "%.1f", average)
    Transcript.output(
        "\(result.transmitted) packets transmitted, \(result.received) received, "
            + "\(result.packetLossPercent)% packet loss, rtt avg \(averageText) ms")
    Transcript.check(abs(average - 100) < 10, "the average round trip is about 100 ms (two 50 ms delays): \(averageText) ms")
    Transcript.check(result.packetLossPercent <= 10, "about 2 % of the pings are lost (1 % each way): \(result.packetLossPercent) %")

    Transcript.section("tbf: 10 Mbit/s from left to right, and a TCP transfer")
    let tbf = TokenBucket(rate: .mbit(10), burst: 32 * 1024, latency: .milliseconds(50))
    Transcript.command("tc qdisc replace dev veth0 root tbf rate 10mbit burst 32kb latency 50ms")
    try leftNet.replaceQdisc(Qdisc(.tbf(tbf), device: "veth0"))
    let shaped = try leftNet.qdiscs(dev: "veth0").first { $0.kind == .tbf }
    Transcript.output(shaped?.description ?? "(none)")
    Transcript.check(shaped != nil, "tc qdisc show dev veth0 shows the tbf")
    let bytes = 5_000_000
    Transcript.command(
        "ip netns exec \(names.1) nc -l 5001 > /dev/null & "
            + "ip netns exec \(names.0) head -c \(bytes) /dev/zero | nc 10.99.0.2 5001")
    let seconds = try TCPTransfer.measure(bytes: bytes, from: left, to: right, address: "10.99.0.2", port: 5001)
    let rate = Double(bytes - TCPTransfer.warmUp) * 8 / seconds / 1e6
    Transcript.output(
        "the last \(bytes - TCPTransfer.warmUp) bytes in \(String(format: "%.2f", seconds)) s: "
            + "\(String(format: "%.2f", rate)) Mbit/s of TCP payload")
    // tbf counts whole frames: a 1514-byte frame carries 1448 bytes of payload, so TCP can
    // carry at most 9.56 Mbit/s through a 10 Mbit/s bucket.
    Transcript.check(abs(rate - 10) <= 1, "the throughput is within 10 % of the 10 Mbit/s rate")

    Transcript.section("Clean up")
    for (net, device) in [(leftNet, InterfaceName("veth0")), (rightNet, InterfaceName("veth1"))] {
        Transcript.command("tc qdisc del dev \(device) root")
        try net.deleteQdisc(.root(of: device))
        Transcript.check(try net.qdiscs(dev: device).allSatisfy { $0.kind == .noqueue }, "\(device) is back to noqueue")
    }
}
