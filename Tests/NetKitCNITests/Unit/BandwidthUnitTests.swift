@testable import NetKitCNIPlugins
import Testing

@Suite("netkit-bandwidth: ifb names and SHA-512")
struct BandwidthUnitTests {
    @Test("SHA-512 of the FIPS 180-4 examples")
    func sha512() {
        #expect(
            SHA512.hexDigest(Array("abc".utf8)) == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(SHA512.hexDigest([]).hasPrefix("cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"))
        let long = Array(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        #expect(SHA512.hexDigest(long).hasPrefix("8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"))
    }

    @Test("the ifb is named as the reference plugin names it (bwp + SHA-512 of network and container id)")
    func ifbName() {
        // Observed from /usr/lib/cni/bandwidth (containernetworking-plugins 1.1.1) for network
        // "testnet", container "c1".
        #expect(BandwidthConfiguration.ifbName(network: "testnet", containerID: "c1") == "bwp328e3d85e6c0")
    }
}
