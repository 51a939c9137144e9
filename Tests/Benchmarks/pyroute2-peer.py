#!/usr/bin/python3
"""pyroute2-peer: the workloads of netkit-bench, written the way a pyroute2 user writes them.

    pyroute2-peer.py [-b BATCH] veth-add N | veth-del N
    pyroute2-peer.py [-b BATCH] route-add N IFNAME PLEN | route-del N IFNAME PLEN
    pyroute2-peer.py route-dump | link-dump
    pyroute2-peer.py [-b BATCH] pods-add N PREFIX | pods-del N PREFIX

pyroute2's IPRoute sends one request and waits for its answer, so -b is accepted and ignored.
Deletions of many links go through a link group, as netkit-bench and mnl-peer do. Acts in the
network namespace it was started in and refuses the machine's root namespace (Debian package
python3-pyroute2; run with /usr/bin/python3).
"""
import ipaddress
import os
import socket
import sys

from pyroute2 import IPRoute, NetNS, netns


def in_root_namespace():
    """Same rule as netkit-bench: pid 1's namespace, else kthreadd's / init_net's fixed inode."""
    own = os.stat("/proc/self/ns/net").st_ino
    try:
        return own == os.stat("/proc/1/ns/net").st_ino
    except PermissionError:
        pass
    if own == 0xEFFFFFF9:
        return True
    try:
        with open("/proc/2/comm") as comm:
            if comm.read() == "kthreadd\n":
                return own == os.stat("/proc/2/ns/net").st_ino
    except OSError:
        pass
    return True


def usage():
    sys.stderr.write(__doc__)
    sys.exit(2)


def delete_links_by_group(ipr, names):
    """Tag each link with a group no link uses, then delete the group: one RCU wait for all."""
    links = ipr.get_links()
    used = {link.get_attr("IFLA_GROUP") for link in links}
    index = {link.get_attr("IFLA_IFNAME"): link["index"] for link in links}
    group = 0x4E4B0000 + (os.getpid() & 0xFFFF)
    while group in used:
        group += 1
    failures = 0
    for name in names:
        if name not in index:
            sys.stderr.write(f"pyroute2-peer: no link {name}\n")
            failures += 1
            continue
        ipr.link("set", index=index[name], group=group)
    ipr.link("del", group=group)
    return failures


def routes(ipr, command, n, ifname, plen):
    oif = ipr.link_lookup(ifname=ifname)[0]
    base = int(ipaddress.IPv4Address("10.1.0.0"))
    for i in range(n):
        destination = str(ipaddress.IPv4Address((base + (i << (32 - plen))) & 0xFFFFFFFF))
        ipr.route(command, dst=f"{destination}/{plen}", gateway="10.0.0.2", oif=oif, table=254, proto=3)
    return 0


def pods_add(ipr, n, prefix):
    for i in range(n):
        name = f"{prefix}{i}"
        netns.create(name)
        ipr.link("add", ifname=f"h{i}", kind="veth", peer={"ifname": "eth0", "net_ns_fd": name})
        ipr.link("set", index=ipr.link_lookup(ifname=f"h{i}")[0], state="up")
        with NetNS(name) as pod:
            eth0 = pod.link_lookup(ifname="eth0")[0]
            pod.addr("add", index=eth0, address=f"10.200.{i // 250}.{i % 250 + 2}", prefixlen=16)
            pod.link("set", index=eth0, state="up")
            pod.link("set", index=pod.link_lookup(ifname="lo")[0], state="up")
    return 0


def pods_del(ipr, n, prefix):
    failures = delete_links_by_group(ipr, [f"h{i}" for i in range(n)])
    for i in range(n):
        netns.remove(f"{prefix}{i}")
    return failures


def main(argv):
    if in_root_namespace():
        sys.stderr.write("pyroute2-peer: refusing to run in the machine's root network namespace\n")
        return 2
    if len(argv) >= 2 and argv[0] == "-b":
        argv = argv[2:]
    if not argv:
        usage()
    command, rest = argv[0], argv[1:]
    with IPRoute() as ipr:
        if command == "veth-add" and len(rest) == 1:
            for i in range(int(rest[0])):
                ipr.link("add", ifname=f"va{i}", kind="veth", peer=f"vb{i}")
            return 0
        if command == "veth-del" and len(rest) == 1:
            return delete_links_by_group(ipr, [f"va{i}" for i in range(int(rest[0]))])
        if command in ("route-add", "route-del") and len(rest) == 3:
            return routes(ipr, command[6:], int(rest[0]), rest[1], int(rest[2]))
        if command == "route-dump" and not rest:
            print(len(ipr.get_routes(family=socket.AF_INET, table=254)))
            return 0
        if command == "link-dump" and not rest:
            print(len(ipr.get_links()))
            return 0
        if command == "pods-add" and len(rest) == 2:
            return pods_add(ipr, int(rest[0]), rest[1])
        if command == "pods-del" and len(rest) == 2:
            return pods_del(ipr, int(rest[0]), rest[1])
    usage()


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as error:  # a failed operation: report it and exit non-zero
        sys.stderr.write(f"pyroute2-peer: {error}\n")
        sys.exit(1)
