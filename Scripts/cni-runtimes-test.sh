#!/usr/bin/env bash
# netkit-bridge + netkit-host-local under real container runtimes: containerd 1.6 with runc,
# containers started by `ctr run --cni` (go-cni over libcni), and podman 4.3 (libcni, CNI
# backend) on a network list without `cniVersion`; then containerd again with the reference
# plugins, to compare the ADD and DEL latency the runtime sees.
#
# Usage (as root): Scripts/cni-runtimes-test.sh [-n ITERATIONS]
#   -n  ctr runs per plugin set for the latency figures (default 5, after one warm-up; 0 skips them)
#
# Everything happens inside a throwaway "node" network namespace (nkctrd-node-PID): containerd
# runs there under `nsenter --net=` (not `ip netns exec`, which remounts /sys and hides the cgroup
# mounts runc needs) with its own root, state and sockets in a temporary directory; `ctr` runs
# there too, in a private mount namespace where temporary directories are bind-mounted over
# /etc/cni/net.d and /opt/cni/bin, the paths ctr reads. podman runs there with its own
# containers.conf, storage and CNI directories in the temporary directory. The container image
# is built here from busybox-static (no registry is needed). On exit — also after a failure or
# Ctrl-C — containerd is stopped by its pid, the namespace and every temporary file removed.
#
# Asserted (containerd): two containers get distinct addresses from the range, each pings the
# other and the gateway; after both are removed the node has no veth, the IPAM directory no
# reservation and nftables no rule (the network's table with its empty chain stays, like the
# bridge). (podman) `podman network ls` validates both lists — libcni's VERSION probe with
# CNI_NETNS=dummy — and lists them; a container on the list without cniVersion (0.1.0 requests)
# gets an address and pings the gateway, and leaves nothing behind. The machine's root namespace
# (links, addresses, routes, nftables) is unchanged.
#
# Latency: ctr is the runtime here (go-cni runs in the ctr process). Each run is traced with
# `strace -f --seccomp-bpf -e trace=execve,wait4`, which stops only at those two calls; a plugin
# call lasts from ctr's execve of the plugin to ctr's wait4 that reaps it: process start-up,
# the plugin's work and its IPAM call, as ctr waits for them. ADD is the first call of a run, DEL
# the one after the container exits.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:/usr/sbin:/usr/bin:/sbin:/bin

iterations=5
while [ $# -gt 0 ]; do
    case "$1" in
        -n) iterations=$2; shift 2 ;;
        *) echo "usage: $0 [-n ITERATIONS]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "cni-runtimes-test: needs root (network namespaces)" >&2; exit 1; }
for tool in containerd ctr runc containerd-shim-runc-v2 podman nft nsenter unshare strace; do
    command -v $tool >/dev/null || { echo "cni-runtimes-test: $tool is missing: run Scripts/setup.sh" >&2; exit 1; }
done
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || { echo "cni-runtimes-test: install busybox-static (Scripts/setup.sh)" >&2; exit 1; }
reference=/usr/lib/cni
[ -x $reference/bridge ] && [ -x $reference/loopback ] || { echo "cni-runtimes-test: install containernetworking-plugins" >&2; exit 1; }

# The plugins: NETKIT_CNI_BIN, else the newer of bench-cni.sh's release build and the debug build.
bin=${NETKIT_CNI_BIN:-}
if [ -z "$bin" ]; then
    for candidate in .build-cni-release/x86_64-unknown-linux-gnu/release .build-cni-release/release .build/debug; do
        [ -x "$candidate/netkit-bridge" ] && [ -x "$candidate/netkit-host-local" ] || continue
        [ -z "$bin" ] || [ "$candidate/netkit-bridge" -nt "$bin/netkit-bridge" ] && bin=$candidate
    done
fi
if [ -z "$bin" ]; then
    swift build --product netkit-bridge >&2 && swift build --product netkit-host-local >&2
    bin=.build/debug
fi
bin=$(cd "$bin" && pwd)

node=nkctrd-node-$$
tmp=$(mktemp -d /tmp/netkit-containerd.XXXXXX)
containerd_pid=
created_dirs=()
# libcni's cache of attachments (ctr and podman cannot move it); removed again if it is new.
new_cache=
[ -e /var/lib/cni ] || new_cache=/var/lib/cni
root_state() {
    ip -o link show | sed -E 's/^[0-9]+: //; s/ (qlen|link\/).*//'
    ip -o addr show | awk '{print $2, $3, $4}'
    ip route show table all | sed -E "s/ expires [0-9]+sec//"
    nft -s list ruleset
}
root_before=$(root_state)

cleanup() {
    local status=$?
    set +e
    if [ -n "$containerd_pid" ] && kill -0 "$containerd_pid" 2>/dev/null; then
        # Containers first (their shims are containerd's children only in name), then containerd.
        for id in $(ctr_in_node containers list -q 2>/dev/null); do
            ctr_in_node tasks kill -s KILL "$id" >/dev/null 2>&1
            ctr_in_node tasks delete -f "$id" >/dev/null 2>&1
            ctr_in_node containers delete "$id" >/dev/null 2>&1
        done
        kill "$containerd_pid"
        for _ in $(seq 50); do kill -0 "$containerd_pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$containerd_pid" 2>/dev/null && kill -KILL "$containerd_pid"
        wait "$containerd_pid" 2>/dev/null
    fi
    [ "$status" != 0 ] && [ -f "$tmp/containerd.log" ] && { echo "--- containerd log (tail)" >&2; tail -n 20 "$tmp/containerd.log" >&2; }
    [ -d "$tmp/podman" ] && podman_in_node rm -af -t 0 >/dev/null 2>&1
    ip netns delete "$node" 2>/dev/null
    # Unmount what containerd left mounted under its root (snapshots, shm) before removing it.
    grep -o " $tmp/[^ ]*" /proc/self/mounts | sort -r | while read -r mount; do umount -l "$mount"; done
    rm -rf "$tmp"
    for ((i = ${#created_dirs[@]} - 1; i >= 0; i--)); do
        if [ "${created_dirs[$i]}" = /run/containerd ]; then rm -rf /run/containerd; else rmdir "${created_dirs[$i]}" 2>/dev/null; fi
    done
    [ -n "$new_cache" ] && rm -rf "$new_cache"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "cni-runtimes-test: FAIL: $*" >&2; exit 1; }
in_node() { nsenter --net=/run/netns/$node "$@"; }
ctr_in_node() { in_node ctr --address "$tmp/containerd.sock" "$@"; }
podman_in_node() {
    CONTAINERS_CONF=$tmp/podman/containers.conf in_node podman --root "$tmp/podman/root" --runroot "$tmp/podman/run" \
        --tmpdir "$tmp/podman/tmp" --storage-driver vfs "$@"
}
# The node has no veth, the IPAM directory of network $1 no reservation, nftables no rule.
expect_nothing_left() {
    local veths reservations rules
    # A container's namespace is torn down asynchronously, and its veth with it.
    for _ in $(seq 50); do
        veths=$(in_node ip -o link show type veth | awk -F': ' '{print $2}')
        [ -z "$veths" ] && break
        sleep 0.1
    done
    [ -z "$veths" ] || fail "veths left in the node: $veths"
    reservations=$(find "$tmp/ipam/$1" -type f -name '10.*' | tr '\n' ' ')
    [ -z "$reservations" ] || fail "IPAM reservations left in $1: $reservations"
    # The network's table and its empty postrouting chain stay, as the bridge does; rules must not.
    rules=$(in_node nft -j list ruleset | { grep -o '"rule"' || true; } | wc -l)
    [ "$rules" = 0 ] || fail "nftables rules left in the node: $(in_node nft -s list ruleset)"
}

# ctr's fixed paths must exist to be bind-mounted over; made here if missing, removed on exit.
# containerd's shims and runc keep sockets and state under /run/containerd.
for dir in /etc/cni /etc/cni/net.d /opt/cni /opt/cni/bin /run/containerd; do
    [ -d "$dir" ] || { mkdir "$dir"; created_dirs+=("$dir"); }
done

ip netns add "$node"
in_node ip link set lo up

# --- the image: busybox-static as a one-layer OCI image layout, imported with ctr ---
mkdir -p "$tmp/rootfs/bin" "$tmp/rootfs/share" "$tmp/rootfs/proc" "$tmp/rootfs/sys" "$tmp/rootfs/dev" "$tmp/rootfs/etc" \
    "$tmp/oci/blobs/sha256"
cp /bin/busybox "$tmp/rootfs/bin/busybox"
ln -s busybox "$tmp/rootfs/bin/sh"
tar -C "$tmp/rootfs" --numeric-owner --owner=0 --group=0 -cf "$tmp/layer.tar" .
blob() { # FILE MEDIATYPE -> prints a descriptor, stores the blob
    local digest size
    digest=$(sha256sum "$1" | cut -d' ' -f1)
    size=$(stat -c %s "$1")
    cp "$1" "$tmp/oci/blobs/sha256/$digest"
    printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$digest" "$size"
}
layer=$(blob "$tmp/layer.tar" application/vnd.oci.image.layer.v1.tar)
layer_digest=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$layer_digest" >"$tmp/config.json"
config=$(blob "$tmp/config.json" application/vnd.oci.image.config.v1+json)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
    "$config" "$layer" >"$tmp/manifest.json"
manifest=$(blob "$tmp/manifest.json" application/vnd.oci.image.manifest.v1+json)
image=docker.io/netkit/busybox:test
printf '{"schemaVersion":2,"manifests":[%s]}' \
    "${manifest%\}},\"annotations\":{\"io.containerd.image.name\":\"$image\",\"org.opencontainers.image.ref.name\":\"test\"}}" \
    >"$tmp/oci/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$tmp/oci/oci-layout"
tar -C "$tmp/oci" -cf "$tmp/image.tar" .

# --- containerd in the node namespace ---
cat >"$tmp/config.toml" <<EOF
version = 2
root = "$tmp/root"
state = "$tmp/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$tmp/containerd.sock"
[ttrpc]
  address = "$tmp/containerd.sock.ttrpc"
[debug]
  address = "$tmp/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$tmp/opt"
EOF
nsenter --net=/run/netns/$node containerd --config "$tmp/config.toml" >"$tmp/containerd.log" 2>&1 &
containerd_pid=$!
for _ in $(seq 100); do [ -S "$tmp/containerd.sock" ] && ctr_in_node version >/dev/null 2>&1 && break; sleep 0.1; done
ctr_in_node version >/dev/null || fail "containerd did not start"
ctr_in_node images import --snapshotter native "$tmp/image.tar" >/dev/null
ctr_in_node images check | grep -q "$image" || fail "image $image was not imported"

# --- the CNI directories ctr reads, and ctr itself, in a private mount namespace ---
mkdir -p "$tmp/net.d" "$tmp/cni-bin" "$tmp/ipam" "$tmp/share"
cp "$reference/loopback" "$reference/bridge" "$reference/host-local" "$tmp/cni-bin/"
cp "$bin/netkit-bridge" "$bin/netkit-host-local" "$tmp/cni-bin/"
network() { # PLUGIN IPAM BRIDGE SUBNET
    printf '{"cniVersion":"1.0.0","name":"%s","plugins":[{"type":"%s","bridge":"%s","isGateway":true,"ipMasq":true,"ipam":{"type":"%s","subnet":"%s","dataDir":"%s","routes":[{"dst":"0.0.0.0/0"}]}}]}\n' \
        "$3" "$1" "$3" "$2" "$4" "$tmp/ipam" >"$tmp/net.d/10-test.conflist"
}
# ctr PREFIX ARGS…: `ctr ARGS` with the CNI bind mounts, in the node namespace.
ctr_cni() {
    local prefix=$1
    shift
    in_node unshare -m sh -c 'mount --bind "$1/net.d" /etc/cni/net.d && mount --bind "$1/cni-bin" /opt/cni/bin && shift && exec "$@"' \
        sh "$tmp" $prefix ctr --address "$tmp/containerd.sock" "$@"
}
run_container() { # PREFIX ID COMMAND…
    local prefix=$1 id=$2
    shift 2
    ctr_cni "$prefix" run --rm --cni --snapshotter native --mount "type=bind,src=$tmp/share,dst=/share,options=rbind:rw" \
        "$image" "$id" /bin/busybox sh -c "$*"
}

# --- the test: two containers on netkit-bridge + netkit-host-local ---
gateway=10.89.0.1
network netkit-bridge netkit-host-local nkctrd0 10.89.0.0/24
links_before=$(in_node ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
# Each container writes its address, waits for the other's, pings it and the gateway, writes the
# outcome, and stays until both are done.
script='me=$1; other=$2; gw=$3
ip=$(busybox ip -4 addr show dev eth0 | busybox awk "/inet /{print \$2}")
echo "$ip" >/share/$me.ip
i=0; while [ ! -s /share/$other.ip ] && [ $i -lt 300 ]; do busybox sleep 0.1; i=$((i+1)); done
peer=$(busybox cut -d/ -f1 /share/$other.ip)
if busybox ping -c 2 -W 3 "$peer" >/share/$me.ping-peer 2>&1; then p=ok; else p=fail; fi
if busybox ping -c 2 -W 3 "$gw" >/share/$me.ping-gw 2>&1; then g=ok; else g=fail; fi
echo "peer=$peer:$p gateway=$gw:$g" >/share/$me.result
i=0; while [ ! -s /share/$other.result ] && [ $i -lt 300 ]; do busybox sleep 0.1; i=$((i+1)); done'
echo "$script" >"$tmp/share/probe.sh"
run_container "" ctr-a "sh /share/probe.sh a b $gateway" >"$tmp/a.out" 2>&1 &
pid_a=$!
run_container "" ctr-b "sh /share/probe.sh b a $gateway" >"$tmp/b.out" 2>&1 &
pid_b=$!
wait $pid_a || { cat "$tmp/a.out" >&2; fail "container a failed"; }
wait $pid_b || { cat "$tmp/b.out" >&2; fail "container b failed"; }
address_a=$(cat "$tmp/share/a.ip" 2>/dev/null || true)
address_b=$(cat "$tmp/share/b.ip" 2>/dev/null || true)
echo "container a: $address_a, $(cat "$tmp/share/a.result" 2>/dev/null || echo 'no result')"
echo "container b: $address_b, $(cat "$tmp/share/b.result" 2>/dev/null || echo 'no result')"
case "$address_a" in 10.89.0.*/24) ;; *) fail "container a has address '$address_a', not one from 10.89.0.0/24" ;; esac
case "$address_b" in 10.89.0.*/24) ;; *) fail "container b has address '$address_b', not one from 10.89.0.0/24" ;; esac
[ "$address_a" != "$address_b" ] || fail "both containers have $address_a"
for c in a b; do
    grep -q "peer=.*:ok gateway=$gateway:ok" "$tmp/share/$c.result" \
        || { cat "$tmp/share/$c.ping-peer" "$tmp/share/$c.ping-gw" >&2 2>/dev/null; fail "container $c could not ping its peer and the gateway"; }
done

expect_nothing_left nkctrd0
links_after=$(in_node ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
links_expected=$(echo "$links_before nkctrd0" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
[ "$links_after" = "$links_expected" ] || fail "node links: before [$links_before] after [$links_after]"
echo "cni-runtimes-test: two containers via ctr run --cni: distinct addresses, pings ok, nothing left behind"

# --- podman: libcni validates the lists, a container on a list without cniVersion ---
mkdir -p "$tmp/podman/net.d" "$tmp/podman/bin"
cp "$reference/loopback" "$bin/netkit-bridge" "$bin/netkit-host-local" "$tmp/podman/bin/"
cat >"$tmp/podman/containers.conf" <<EOF
[network]
network_backend = "cni"
cni_plugin_dirs = ["$tmp/podman/bin"]
network_config_dir = "$tmp/podman/net.d"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
podman_network() { # NAME BRIDGE SUBNET [CNIVERSION]
    printf '{%s"name":"%s","plugins":[{"type":"netkit-bridge","bridge":"%s","isGateway":true,"ipMasq":true,"ipam":{"type":"netkit-host-local","subnet":"%s","dataDir":"%s","routes":[{"dst":"0.0.0.0/0"}]}}]}\n' \
        "${4:+\"cniVersion\":\"$4\",}" "$1" "$2" "$3" "$tmp/ipam" >"$tmp/podman/net.d/$1.conflist"
}
podman_network nkpodman nkctrd2 10.91.0.0/24 1.0.0
podman_network nklegacy nkctrd3 10.92.0.0/24
podman_in_node network ls --format '{{.Name}}' >"$tmp/podman.networks" 2>"$tmp/podman.err" || { cat "$tmp/podman.err" >&2; fail "podman network ls"; }
if grep -q "Error validating" "$tmp/podman.err" || ! grep -qx nkpodman "$tmp/podman.networks" || ! grep -qx nklegacy "$tmp/podman.networks"; then
    cat "$tmp/podman.err" "$tmp/podman.networks" >&2
    fail "podman did not validate and list both netkit networks"
fi
podman_in_node import "$tmp/layer.tar" localhost/netkit/busybox:test >/dev/null 2>&1 || fail "podman import"
# podman raises RLIMIT_NOFILE and RLIMIT_NPROC by default, which this sandbox refuses: lower ones.
podman_in_node run --rm --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network nklegacy localhost/netkit/busybox:test \
    /bin/busybox sh -c 'busybox ip -4 addr show dev eth0; busybox ping -c 2 -W 3 10.92.0.1' >"$tmp/podman.out" 2>&1 \
    || { cat "$tmp/podman.out" >&2; fail "podman run on the list without cniVersion"; }
grep -q "inet 10.92.0.[0-9]*/24" "$tmp/podman.out" && grep -q "2 packets received" "$tmp/podman.out" \
    || { cat "$tmp/podman.out" >&2; fail "the podman container has no address from 10.92.0.0/24 or cannot ping the gateway"; }
expect_nothing_left nklegacy
echo "cni-runtimes-test: podman validated both lists; a container on the list without cniVersion got $(grep -o 'inet 10.92.0.[0-9]*/24' "$tmp/podman.out" | cut -d' ' -f2) and pinged the gateway; nothing left behind"

# --- latency as ctr sees it: netkit vs reference, interleaved ---
latency() { # PLUGIN -> prints "ADD_ms DEL_ms" of one ctr run
    local plugin=$1 trace=$tmp/trace.$RANDOM
    ctr_cni "strace -f --seccomp-bpf -qq -ttt -e trace=execve,wait4 -o $trace" run --rm --cni --snapshotter native \
        "$image" "lat-$RANDOM" /bin/busybox true >/dev/null
    # execve of the plugin in a child of ctr → start; ctr's wait4 returning that pid → end.
    awk -v plugin="/opt/cni/bin/$plugin" '
        $3 ~ "^execve\\(\"" plugin "\"" && $0 !~ /= -1 / { start[$1] = $2; order[++n] = $1 }
        /wait4/ { if (match($0, /= [0-9]+$/)) { pid = substr($0, RSTART + 2); if (pid in start && !(pid in end)) end[pid] = $2 } }
        END { line = ""; for (i = 1; i <= n; i++) line = line sprintf("%.1f ", (end[order[i]] - start[order[i]]) * 1000); print line }' "$trace"
    rm -f "$trace"
}
if [ "$iterations" -gt 0 ]; then
    declare -A add del
    for ((i = -1; i < iterations; i++)); do  # run -1 warms the page cache and is not counted
        for side in netkit reference; do
            if [ $side = netkit ]; then network netkit-bridge netkit-host-local nkctrd0 10.89.0.0/24; plugin=netkit-bridge
            else network bridge host-local nkctrd1 10.90.0.0/24; plugin=bridge; fi
            read -r a d _ <<<"$(latency $plugin)"
            [ -n "${d:-}" ] || fail "no ADD and DEL of $plugin found in the trace"
            [ "$i" -ge 0 ] || continue
            add[$side]+="$a "
            del[$side]+="$d "
        done
    done
    median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
    echo "latency as ctr (go-cni) sees it, $iterations runs each after a warm-up, interleaved; milliseconds, median (all runs)"
    echo "  netkit-bridge + netkit-host-local ($bin): ADD $(median <<<"${add[netkit]}") (${add[netkit]% }), DEL $(median <<<"${del[netkit]}") (${del[netkit]% })"
    echo "  reference bridge + host-local ($reference):    ADD $(median <<<"${add[reference]}") (${add[reference]% }), DEL $(median <<<"${del[reference]}") (${del[reference]% })"
fi

root_after=$(root_state)
[ "$root_before" = "$root_after" ] || { diff <(echo "$root_before") <(echo "$root_after") >&2; fail "the root namespace changed"; }
echo "cni-runtimes-test: passed; the root namespace is unchanged"
