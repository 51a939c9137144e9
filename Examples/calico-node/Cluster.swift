import NetKit

/// A pod of the document's cluster: its address in its node's block and the host end of its
/// veth pair. Calico names that end `cali` + 11 hex digits of a hash of the workload; node 4's
/// are the document's (`ip route` on az3-k8s-14), the others are made up in the same form.
struct PodSpec: Sendable {
    let address: IPAddress
    let hostVeth: String
}

/// A node of the document's cluster (five machines with 192.168.3.110–114 on `eth1`; Calico
/// gave each a /26 block). The first address of the block is the node's `tunl0` address, the
/// document's `10.122.17.64` and `10.122.127.128`.
struct NodeSpec: Sendable {
    /// The document's host name (`[root@az3-k8s-13 ~]` is 192.168.3.112).
    let hostName: String
    let address: IPAddress
    let block: IPNetwork
    let pods: [PodSpec]

    var tunnelAddress: IPAddress { block.address }

    /// The three nodes built here: node 1 and az3-k8s-13 of case 1, and node 4 (az3-k8s-14),
    /// whose final `ip route` closes the document's Calico section.
    static let cluster: [NodeSpec] = [
        NodeSpec(
            hostName: "az3-k8s-11", address: "192.168.3.110", block: "10.122.17.64/26",
            pods: [PodSpec(address: "10.122.17.65", hostVeth: "cali7b2e41c09a5")]),
        NodeSpec(
            hostName: "az3-k8s-13", address: "192.168.3.112", block: "10.122.127.128/26",
            pods: [PodSpec(address: "10.122.127.129", hostVeth: "cali5d03f8a61e2")]),
        NodeSpec(
            hostName: "az3-k8s-14", address: "192.168.3.113", block: "10.122.157.128/26",
            pods: [
                PodSpec(address: "10.122.157.129", hostVeth: "cali19f6ea143e3"),
                PodSpec(address: "10.122.157.130", hostVeth: "cali09e016ead53"),
            ]),
    ]

    /// The segment's gateway in the document (`default via 192.168.3.253 dev eth1`). It is never
    /// reached; the default route lets a node answer its pods' ARP for 169.254.1.1 (proxy ARP
    /// answers only for an address the node has a route to through another device).
    static let segmentGateway: IPAddress = "192.168.3.253"

    /// The AS number of Calico's default node-to-node mesh (iBGP).
    static let asNumber = 64512
}
