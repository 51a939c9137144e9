#!/usr/bin/env bash
# NetKit side by side with its peers, in one run on this machine: netkit-bench (release build,
# Swift runtime linked in) against a C program of our own over libmnl (batched and one request +
# ACK per operation, the kernel-limit reference), `ip -batch` / `tc -batch` / `bridge -batch` /
# `ip route show` (iproute2) and pyroute2, and netkit-bridge against the reference CNI bridge
# plugin (W7, Scripts/bench-cni.sh), on the same workloads, several repetitions each, every
# result verified. Prints the machine, a Markdown table of medians and ratios with each goal met
# or not, the µs per item at each size, and peak RSS.
# A benchmark, not a test: numbers never fail it; a wrong count or a failed operation does.
#
# Usage (as root): Scripts/bench.sh [--quick] [-r REPETITIONS] [--sizes "10000 100000 1000000"]
#                                   [--only "W1 W2 W3 W4 W5 W6 W7"] [--no-build] [--no-pyroute2] [-o TABLE.md]
#   --quick   small workloads, one repetition: proves the whole pipeline works (CI), in well
#             under a minute once netkit-bench is built.
#
# Everything runs inside network namespaces this script creates (nkb<PID>-…) and removes on
# every exit path, Ctrl-C included; the tools run there through `nsenter --net=/run/netns/NS`
# and refuse the machine's root namespace themselves. Nothing here changes the root namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
export LC_ALL=C

quick=0
reps=7
sizes="10000 100000 1000000"
build=1
pyroute2=1
output=""
only="W1 W2 W3 W4 W5 W6 W7"
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; shift ;;
        -r) reps=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        --no-pyroute2) pyroute2=0; shift ;;
        -o) output=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        *) echo "usage: $0 [--quick] [-r REPETITIONS] [--sizes \"N …\"] [--only \"W1 W2 W3 W4 W5 W6 W7\"] [--no-build] [--no-pyroute2] [-o TABLE.md]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "bench: needs root (network namespaces)" >&2; exit 1; }
for tool in ip nsenter cc; do command -v $tool >/dev/null || { echo "bench: $tool not found" >&2; exit 1; }; done
[ -f /usr/include/libmnl/libmnl.h ] || { echo "bench: libmnl-dev is missing (Scripts/setup.sh installs it)" >&2; exit 1; }

# The link dump's namespace: veth pairs, macvlans on one of them, bridges each with a veth as its
# port, and as many routes as the route dump's goal size (they share the namespace, as on a node).
if [ "$quick" = 1 ]; then
    reps=1; sizes="1000"; veths=20; linkpairs=20; macvlans=5; bridges=2; linkroutes=1000; fdbs=20; pods=5; settle=0.05
else
    veths=1000; linkpairs=500; macvlans=100; bridges=20; linkroutes=100000; fdbs=10000; pods=100; settle=0.3
fi

# ---- Tools --------------------------------------------------------------------------------
scratch=${NETKIT_BENCH_SCRATCH:-.build-bench}
# Release executables as NetKit's executables are deployed (Scripts/release-build.sh: Swift
# runtime and libstdc++ linked in; glibc, libnl and libmnl stay shared libraries).
static_build=(Scripts/release-build.sh --scratch-path "$scratch")
products=(netkit-bench)
selected_w7() { [[ " $only " == *" W7 "* ]]; }
selected_w7 && products+=(netkit-bridge netkit-host-local)
if [ "$build" = 1 ]; then
    for product in "${products[@]}"; do
        echo "bench: building $product (release, static Swift runtime)…" >&2
        "${static_build[@]}" --product "$product" >&2
    done
fi
bindir=$("${static_build[@]}" --show-bin-path)
[ -x "$bindir/netkit-bench" ] || { echo "bench: $bindir/netkit-bench is missing (run without --no-build)" >&2; exit 1; }

python=/usr/bin/python3
if [ "$pyroute2" = 1 ] && ! $python -c 'import pyroute2' 2>/dev/null; then
    if command -v apt-get >/dev/null; then
        echo "bench: installing python3-pyroute2…" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pyroute2 >/dev/null 2>&1 || true
    fi
    $python -c 'import pyroute2' 2>/dev/null || { echo "bench: pyroute2 does not install here; its column stays empty" >&2; pyroute2=0; }
fi

work=$(mktemp -d /tmp/netkit-bench.XXXXXX)
prefix=nkb$$
cleanup() {
    trap - EXIT INT TERM
    local ns
    for ns in $(ls /run/netns 2>/dev/null | grep "^$prefix-" || true); do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

# Every executable is timed from a copy made by `install`, as a node receives it (a package or
# an image layer is written out the same way): the page cache holds a file the linker has just
# written in small pieces, and starting from those costs about 0.1 ms more (measured with
# `perf stat` on the same bytes), whichever the program.
install -m 755 "$bindir/netkit-bench" "$work/netkit-bench"
netkit=$work/netkit-bench
cc -O2 -Wall -o "$work/mnl-peer.linked" Tests/Benchmarks/mnl-peer.c -lmnl
install -m 755 "$work/mnl-peer.linked" "$work/mnl-peer"
mnl=$work/mnl-peer
peer_py=$PWD/Tests/Benchmarks/pyroute2-peer.py

# ---- Namespaces and timing ----------------------------------------------------------------
newns() {  # NAME: an empty namespace with lo up
    ip netns add "$prefix-$1"
    ip -n "$prefix-$1" link set lo up
}
inns() {  # NS COMMAND…: run inside namespace NS (untimed)
    local ns=$1; shift
    nsenter --net="/run/netns/$prefix-$ns" -- "$@"
}
samples=$work/samples.tsv
: > "$samples"
# timed KEY TOOL NS COMMAND…: runs COMMAND inside NS after a settling pause (deferred kernel work
# of the previous step, such as RCU callbacks, must not land in this one), timing it from
# inside the namespace so entering it is not counted. Records the sample; the command's stdout
# is left in $work/out. Aborts on failure.
timed() {
    local key=$1 tool=$2 ns=$3; shift 3
    sleep "$settle"
    local us
    if ! us=$(nsenter --net="/run/netns/$prefix-$ns" -- bash -c '
            out=$1; shift
            start=$EPOCHREALTIME
            "$@" > "$out" 2> "$out.err" || exit $?
            end=$EPOCHREALTIME
            echo $(( ${end/./} - ${start/./} ))' _ "$work/out" "$@"); then
        echo "bench: $key: $tool failed: $*" >&2
        cat "$work/out.err" >&2
        exit 1
    fi
    printf '%s\t%s\t%s\n' "$key" "$tool" "$us" >> "$samples"
}
expect() {  # WHAT EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then echo "bench: verification failed: $1: expected $2, found $3" >&2; exit 1; fi
}
count_routes() { inns "$1" "$mnl" route-dump; }  # IPv4 routes of table main
rss() {  # NS COMMAND…: peak RSS in KiB of one untimed run
    local ns=$1; shift
    inns "$ns" /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1
}
count_veths() { inns "$1" ip -o link show type veth 2>/dev/null | wc -l; }
note() { echo "bench: $*" >&2; }
selected() { [[ " $only " == *" $1 "* ]]; }
# rotated REP TOOL…: the tools in the order repetition REP runs them — each repetition starts
# with the next tool, so none always runs first (right after another tool's teardown).
rotated() {
    local rep=$1; shift
    local tools=("$@") n=$# i
    for ((i = 0; i < n; i++)); do echo "${tools[$(( (i + rep - 1) % n ))]}"; done
}
# Deleted namespaces are dismantled by the kernel in the background (cleanup_net): wait until
# the machine's count of live network namespaces stops falling, so that work is not billed to
# the next tool. (Other programs' namespaces come and go too, hence "stops falling", capped.)
settle_namespaces() {
    local last now tries=0
    last=$(awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo 2>/dev/null || echo 0)
    while [ $tries -lt 50 ]; do
        sleep 0.1
        now=$(awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo 2>/dev/null || echo 0)
        [ "$now" -ge "$last" ] && break
        last=$now; tries=$((tries + 1))
    done
}

# ---- Process start ------------------------------------------------------------------------
# What each tool costs before any work: start, open a socket, resolve the device (route-add of
# zero routes). Every number below includes it once.
start_key="W0 start"
startup() {
    newns s
    ip -n "$prefix-s" link add r0 type veth peer name r1
    : > "$work/empty"
    for rep in $(seq "$reps"); do
        for tool in $(rotated "$rep" netkit mnl ip pyroute2); do
            case $tool in
                netkit) timed "$start_key" netkit s "$netkit" route-add 0 r0 32 ;;
                mnl) timed "$start_key" mnl s "$mnl" route-add 0 r0 32 ;;
                ip) timed "$start_key" ip s ip -batch "$work/empty" ;;
                pyroute2) if [ "$pyroute2" = 1 ]; then timed "$start_key" pyroute2 s $python "$peer_py" route-add 0 r0 32; fi ;;
            esac
        done
    done
}
startup

# ---- W2 / W3: routes ----------------------------------------------------------------------
declare -A peak_rss
if selected W2 || selected W3; then
newns r
ip -n "$prefix-r" link add r0 type veth peer name r1
ip -n "$prefix-r" link set r0 up
ip -n "$prefix-r" link set r1 up
ip -n "$prefix-r" addr add 10.0.0.1/24 dev r0

route_batch() {  # add|del N FILE: ip -batch lines for the benchmark's routes
    awk -v n="$2" -v verb="$1" 'BEGIN {
        for (i = 0; i < n; i++) {
            a = 10 * 16777216 + 65536 + i
            printf "route %s %d.%d.%d.%d/32 via 10.0.0.2 dev r0 proto boot\n", verb,
                int(a / 16777216), int(a / 65536) % 256, int(a / 256) % 256, a % 256
        }
    }' > "$3"
}


for size in $sizes; do
    note "W2/W3: $size routes"
    route_batch add "$size" "$work/add-$size"
    route_batch del "$size" "$work/del-$size"
    adders=(netkit netkit-1 mnl mnl-1)
    [ "$size" -le 100000 ] && adders+=(ip)
    [ "$size" -le 10000 ] && [ "$pyroute2" = 1 ] && adders+=(pyroute2)
    base=$(count_routes r)
    for rep in $(seq "$reps"); do
        for tool in $(rotated "$rep" "${adders[@]}"); do
            case $tool in
                netkit) add=("$netkit" route-add "$size" r0 32); del=("$netkit" route-del "$size" r0 32) ;;
                netkit-1) add=("$netkit" -b 1 route-add "$size" r0 32); del=("$netkit" -b 1 route-del "$size" r0 32) ;;
                mnl) add=("$mnl" route-add "$size" r0 32); del=("$mnl" route-del "$size" r0 32) ;;
                mnl-1) add=("$mnl" -b 1 route-add "$size" r0 32); del=("$mnl" -b 1 route-del "$size" r0 32) ;;
                ip) add=(ip -batch "$work/add-$size"); del=(ip -batch "$work/del-$size") ;;
                pyroute2) add=($python "$peer_py" route-add "$size" r0 32); del=($python "$peer_py" route-del "$size" r0 32) ;;
            esac
            timed "W2 add $size" "$tool" r "${add[@]}"
            expect "routes after $tool route-add $size" $((base + size)) "$(count_routes r)"
            if [ "$tool" = netkit ]; then
                # Every dumper reads the same table, interleaved, once per repetition.
                timed "W3 dump $size" netkit r "$netkit" route-dump
                expect "netkit-bench route-dump" $((base + size)) "$(cat "$work/out")"
                timed "W3 dump $size" mnl r "$mnl" route-dump
                expect "mnl-peer route-dump" $((base + size)) "$(cat "$work/out")"
                timed "W3 dump $size" ip r ip route show
                expect "ip route show" $((base + size)) "$(wc -l < "$work/out")"
                if [ "$pyroute2" = 1 ] && [ "$size" -le 10000 ]; then
                    timed "W3 dump $size" pyroute2 r $python "$peer_py" route-dump
                    expect "pyroute2 route-dump" $((base + size)) "$(cat "$work/out")"
                fi
                if [ "$rep" = 1 ]; then
                    peak_rss[netkit-$size]=$(rss r "$netkit" route-dump)
                    peak_rss[mnl-$size]=$(rss r "$mnl" route-dump)
                fi
            fi
            timed "W2 delete $size" "$tool" r "${del[@]}"
            expect "routes after $tool route-del $size" "$base" "$(count_routes r)"
        done
    done
done
peak_rss[netkit-0]=$(rss r "$netkit" route-dump)
peak_rss[mnl-0]=$(rss r "$mnl" route-dump)
fi

# ---- W3: link dump ------------------------------------------------------------------------
# The namespace a node's agent lists: veth pairs made by the libmnl peer, macvlans on one of
# them, bridges each with a veth as its port (bridge and bridge-port attributes to decode), and
# $linkroutes routes on the same namespace's routing table.
if selected W3; then
links=$((2 * linkpairs + macvlans + bridges + 1))
note "W3: link dump of $links links (veth, macvlan, bridge) with $linkroutes routes present"
newns l
inns l "$mnl" veth-add "$linkpairs"
{ echo "link set va0 up"; echo "link set vb0 up"; echo "addr add 10.0.0.1/24 dev va0"
  awk -v n="$macvlans" 'BEGIN { for (i = 0; i < n; i++) printf "link add link va1 name mv%d type macvlan mode bridge\n", i }'
  awk -v n="$bridges" 'BEGIN { for (i = 0; i < n; i++) printf "link add br%d type bridge\nlink set va%d master br%d\n", i, i + 2, i }'
} > "$work/links"
inns l ip -batch "$work/links"
inns l "$mnl" route-add "$linkroutes" va0 32
expect "routes beside the links" $((linkroutes + 1)) "$(count_routes l)"
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" netkit mnl ip pyroute2); do
        case $tool in
            netkit) timed "W3 links" netkit l "$netkit" link-dump; expect "netkit-bench link-dump" "$links" "$(cat "$work/out")" ;;
            mnl) timed "W3 links" mnl l "$mnl" link-dump; expect "mnl-peer link-dump" "$links" "$(cat "$work/out")" ;;
            ip) timed "W3 links" ip l ip link show; expect "ip link show" "$links" "$(grep -c '^[0-9]' "$work/out")" ;;
            pyroute2)
                if [ "$pyroute2" = 1 ]; then
                    timed "W3 links" pyroute2 l $python "$peer_py" link-dump
                    expect "pyroute2 link-dump" "$links" "$(cat "$work/out")"
                fi ;;
        esac
    done
done
peak_rss[netkit-links]=$(rss l "$netkit" link-dump)
peak_rss[mnl-links]=$(rss l "$mnl" link-dump)
fi

# ---- W1: veth pairs -----------------------------------------------------------------------
if selected W1; then
note "W1: $veths veth pairs"
newns v
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "link add va%d type veth peer name vb%d\n", i, i }' > "$work/veth-add"
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "link set va%d group 4242\n", i; print "link del group 4242" }' > "$work/veth-del"
vtools=(netkit netkit-1 mnl mnl-1 ip)
[ "$pyroute2" = 1 ] && vtools+=(pyroute2)
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" "${vtools[@]}"); do
        case $tool in
            netkit) add=("$netkit" veth-add "$veths"); del=("$netkit" veth-del "$veths") ;;
            netkit-1) add=("$netkit" -b 1 veth-add "$veths"); del=("$netkit" veth-del "$veths") ;;
            mnl) add=("$mnl" veth-add "$veths"); del=("$mnl" veth-del "$veths") ;;
            mnl-1) add=("$mnl" -b 1 veth-add "$veths"); del=("$mnl" veth-del "$veths") ;;
            ip) add=(ip -batch "$work/veth-add"); del=(ip -batch "$work/veth-del") ;;
            pyroute2) add=($python "$peer_py" veth-add "$veths"); del=($python "$peer_py" veth-del "$veths") ;;
        esac
        timed "W1 add" "$tool" v "${add[@]}"
        expect "veths after $tool veth-add" $((2 * veths)) "$(count_veths v)"
        # One link at a time costs an RCU grace period each (~16-20 ms): the per-operation
        # variants tear down through their tool's batch path, which is what is timed here.
        case $tool in *-1) deltool=${tool%-1} ;; *) deltool=$tool ;; esac
        [ "$deltool" = "$tool" ] && key="W1 delete" || key="W1 delete (untimed)"
        timed "$key" "$deltool" v "${del[@]}"
        expect "veths after $deltool veth-del" 0 "$(count_veths v)"
    done
done
if [ "$quick" = 1 ]; then  # the one-by-one deletion path works too
    inns v "$netkit" veth-add 3 && inns v "$netkit" -b 1 veth-del 3 && inns v "$mnl" veth-add 3 && inns v "$mnl" -b 1 veth-del 3
    expect "veths after one-by-one deletion" 0 "$(count_veths v)"
fi

# W1 macvlan: as many macvlans (mode bridge) on one parent, a veth (the libmnl peer has no
# macvlan, so the reference is `ip -batch`, which resolves the parent once as NetKit's batch does).
note "W1: $veths macvlans on one parent"
newns m
inns m ip link add mvparent type veth peer name mvpeer
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "link add link mvparent name mv%d type macvlan mode bridge\n", i }' \
    > "$work/macvlan-add"
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "link set mv%d group 4243\n", i; print "link del group 4243" }' \
    > "$work/macvlan-del"
count_macvlans() { inns m ip -o link show type macvlan 2>/dev/null | wc -l; }
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" netkit netkit-1 ip); do
        case $tool in
            netkit) add=("$netkit" macvlan-add "$veths" mvparent); del=("$netkit" macvlan-del "$veths") ;;
            netkit-1) add=("$netkit" -b 1 macvlan-add "$veths" mvparent); del=("$netkit" macvlan-del "$veths") ;;
            ip) add=(ip -batch "$work/macvlan-add"); del=(ip -batch "$work/macvlan-del") ;;
        esac
        timed "W1 macvlan add" "$tool" m "${add[@]}"
        expect "macvlans after $tool macvlan-add" "$veths" "$(count_macvlans)"
        case $tool in *-1) deltool=${tool%-1} ;; *) deltool=$tool ;; esac
        [ "$deltool" = "$tool" ] && key="W1 macvlan delete" || key="W1 macvlan delete (untimed)"
        timed "$key" "$deltool" m "${del[@]}"
        expect "macvlans after $deltool macvlan-del" 0 "$(count_macvlans)"
    done
done
fi

# ---- W4: pods -----------------------------------------------------------------------------
if selected W4; then
note "W4: $pods pods"
newns h
pod_script() {  # PREFIX: the ip tool's pod setup and teardown scripts
    local p=$1
    awk -v n="$pods" -v p="$p" 'BEGIN { for (i = 0; i < n; i++) printf "netns add %s%d\nlink add h%d type veth peer name eth0 netns %s%d\nlink set h%d up\n", p, i, i, p, i, i }' > "$work/pods-host"
    for i in $(seq 0 $((pods - 1))); do
        printf 'addr add 10.200.%d.%d/16 dev eth0\nlink set eth0 up\nlink set lo up\n' $((i / 250)) $((i % 250 + 2)) > "$work/pod-$i"
    done
    { echo "set -e"; echo "ip -batch $work/pods-host"
      for i in $(seq 0 $((pods - 1))); do echo "ip -n $p$i -batch $work/pod-$i"; done; } > "$work/pods-add.sh"
    { awk -v n="$pods" 'BEGIN { for (i = 0; i < n; i++) printf "link set h%d group 4243\n", i; print "link del group 4243" }'
      awk -v n="$pods" -v p="$p" 'BEGIN { for (i = 0; i < n; i++) printf "netns del %s%d\n", p, i }'; } > "$work/pods-del"
}
verify_pods() {  # TOOL PREFIX
    local tool=$1 p=$2 i line
    expect "namespaces after $tool pods-add" "$pods" "$(ls /run/netns | grep -c "^$p[0-9]*$" || true)"
    expect "host veths up after $tool pods-add" "$pods" "$(inns h ip -o link show type veth up 2>/dev/null | grep -c ' h[0-9]*@' || true)"
    # Administrative state (IFF_UP), not operstate: a veth's carrier reaches operstate through
    # the kernel's linkwatch, up to a second later.
    for i in $(seq 0 $((pods - 1))); do
        line=$(ip -n "$p$i" -4 addr show 2>/dev/null | tr '\n' ' ')
        if ! [[ "$line" =~ lo:\ \<[A-Z_,-]*UP[A-Z_,-]*\>.*inet\ 127\.0\.0\.1/8.*eth0@[a-z0-9]+:\ \<[A-Z_,-]*,UP[A-Z_,-]*\>.*inet\ 10\.200\.$((i / 250))\.$((i % 250 + 2))/16 ]]; then
            echo "bench: verification failed: pod $p$i after $tool pods-add: $line" >&2; exit 1
        fi
    done
}
ptools=(netkit netkit-1 mnl mnl-1 ip)
[ "$pyroute2" = 1 ] && ptools+=(pyroute2)
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" "${ptools[@]}"); do
        p="$prefix-${tool/-1/s}-p"
        case $tool in
            netkit) add=("$netkit" pods-add "$pods" "$p"); del=("$netkit" pods-del "$pods" "$p") ;;
            netkit-1) add=("$netkit" -b 1 pods-add "$pods" "$p"); del=("$netkit" -b 1 pods-del "$pods" "$p") ;;
            mnl) add=("$mnl" pods-add "$pods" "$p"); del=("$mnl" pods-del "$pods" "$p") ;;
            mnl-1) add=("$mnl" -b 1 pods-add "$pods" "$p"); del=("$mnl" -b 1 pods-del "$pods" "$p") ;;
            ip) pod_script "$p"; add=(bash "$work/pods-add.sh"); del=(ip -batch "$work/pods-del") ;;
            pyroute2) add=($python "$peer_py" pods-add "$pods" "$p"); del=($python "$peer_py" pods-del "$pods" "$p") ;;
        esac
        timed "W4 add" "$tool" h "${add[@]}"
        verify_pods "$tool" "$p"
        timed "W4 delete" "$tool" h "${del[@]}"
        expect "namespaces after $tool pods-del" 0 "$(ls /run/netns | grep -c "^$p[0-9]*$" || true)"
        expect "host veths after $tool pods-del" 0 "$(count_veths h)"
        settle_namespaces
    done
done
fi

# ---- W5: tbf qdiscs -----------------------------------------------------------------------
if selected W5; then
note "W5: $veths tbf qdiscs on $veths veths"
newns q
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "link add va%d type veth peer name vb%d\n", i, i }' > "$work/tbf-veths"
inns q ip -batch "$work/tbf-veths"
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "qdisc add dev va%d root tbf rate 10mbit burst 32kb latency 50ms\n", i }' > "$work/tbf-add"
awk -v n="$veths" 'BEGIN { for (i = 0; i < n; i++) printf "qdisc del dev va%d root\n", i }' > "$work/tbf-del"
count_tbf() { inns q tc qdisc show 2>/dev/null | grep -c '^qdisc tbf' || true; }
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" netkit netkit-1 ip); do
        case $tool in
            netkit) add=("$netkit" tbf-add "$veths") ;;
            netkit-1) add=("$netkit" -b 1 tbf-add "$veths") ;;
            ip) add=(tc -batch "$work/tbf-add") ;;
        esac
        timed "W5 add" "$tool" q "${add[@]}"
        expect "tbf qdiscs after $tool" "$veths" "$(count_tbf)"
        inns q tc -batch "$work/tbf-del"
    done
done
fi

# ---- W6: vxlan forwarding entries --------------------------------------------------------
if selected W6; then
note "W6: $fdbs vxlan FDB appends"
newns f
fresh_vxlan() { inns f ip link del vxlan0 2>/dev/null || true; inns f ip link add vxlan0 type vxlan id 42 dstport 4789 local 10.255.0.1 nolearning; }
awk -v n="$fdbs" 'BEGIN { for (i = 0; i < n; i++) { a = int(i / 65536) % 256; b = int(i / 256) % 256; c = i % 256
    printf "fdb append 02:00:00:%02x:%02x:%02x dst 10.%d.%d.%d dev vxlan0 self\n", a, b, c, a, b, c } }' > "$work/fdb-append"
count_fdb() { inns f bridge fdb show dev vxlan0 2>/dev/null | grep -c ' dst ' || true; }
for rep in $(seq "$reps"); do
    for tool in $(rotated "$rep" netkit netkit-1 ip); do
        fresh_vxlan
        case $tool in
            netkit) add=("$netkit" fdb-append "$fdbs" vxlan0) ;;
            netkit-1) add=("$netkit" -b 1 fdb-append "$fdbs" vxlan0) ;;
            ip) add=(bridge -batch "$work/fdb-append") ;;
        esac
        timed "W6 append" "$tool" f "${add[@]}"
        expect "vxlan FDB entries after $tool" "$fdbs" "$(count_fdb)"
    done
done
fi

# ---- W7: CNI plugin ---------------------------------------------------------------------
# netkit-bridge against the reference bridge plugin, ADD then DEL, as a runtime calls them.
if selected W7; then
    note "W7: CNI ADD/DEL, netkit-bridge and the reference bridge plugin"
    if [ "$quick" = 1 ]; then cni_args=(--quick); else cni_args=(-n $((reps * 4))); fi
    NETKIT_CNI_BIN=$bindir Scripts/bench-cni.sh "${cni_args[@]}" > "$work/cni.md"
fi

# ---- Report -------------------------------------------------------------------------------
{
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
echo "Machine: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; kernel $(uname -r);"
echo "$(swift --version 2>/dev/null | head -1 | sed 's/ (.*//'); libmnl $(dpkg-query -W -f='${Version}' libmnl0 2>/dev/null || echo '?'); $(ip -V | sed 's/, libbpf.*//'); pyroute2 $( [ "$pyroute2" = 1 ] && $python -c 'import importlib.metadata as m; print(m.version("pyroute2"))' || echo 'not installed')."
echo "Load average during the run: $(cut -d' ' -f1-3 /proc/loadavg). Medians of $reps repetition(s), wall-clock ms of each whole command (process start included)."
echo
awk -F'\t' -v veths="$veths" -v fdbs="$fdbs" -v pods="$pods" -v links="$(( 2 * linkpairs + macvlans + bridges + 1 ))" -v linkpairs="$linkpairs" -v macvlans="$macvlans" -v bridges="$bridges" -v linkroutes="$linkroutes" '
function median(key, tool,   n, i, j, t, v) {
    n = count[key, tool]; if (n == 0) return ""
    for (i = 1; i <= n; i++) v[i] = value[key, tool, i]
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function ms(us) { return us == "" ? "–" : (us >= 100000 ? sprintf("%.0f", us / 1000) : sprintf("%.1f", us / 1000)) }
function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
function fmt(r) { return r == "" ? "–" : sprintf("%.2f×", r) }
function verdict(r, limit) { return r == "" ? "–" : (r <= limit ? "met" : sprintf("**not met** (%.2f× > %.1f×)", r, limit)) }
{ key = $1; tool = $2; count[key, tool]++; value[key, tool, count[key, tool]] = $3; if (!(key in seen)) { seen[key] = 1; order[++keys] = key } }
END {
    print "| workload | NetKit batch | NetKit per-op | libmnl batch | libmnl per-op | iproute2 | pyroute2 | NetKit ÷ reference | goal |"
    print "|---|---|---|---|---|---|---|---|---|"
    for (k = 1; k <= keys; k++) {
        key = order[k]
        if (key ~ /untimed/) continue
        nb = median(key, "netkit"); np = median(key, "netkit-1"); mb = median(key, "mnl"); mp = median(key, "mnl-1")
        ipm = median(key, "ip"); py = median(key, "pyroute2")
        split(key, w, " "); label = key; cmp = ""; goal = "–"
        if (key ~ /^W2/) {
            label = sprintf("W2 %s %s routes", w[2] == "add" ? "add" : "delete", w[3])
            rb = ratio(nb, mb); rp = ratio(np, mp)
            cmp = "batch " fmt(rb) ", per-op " fmt(rp)
            goal = "≤ 1.1×: batch " verdict(rb, 1.1) ", per-op " verdict(rp, 1.1)
        } else if (key ~ /^W3 dump/) {
            label = sprintf("W3 dump %s routes (iproute2: `ip route show`)", w[3])
            r = ratio(nb, mb); s = ratio(ipm, nb)
            cmp = fmt(r) " of libmnl; `ip route show` takes " fmt(s)
            goal = "≤ 1.1×: " verdict(r, 1.1)
        } else if (key ~ /^W3 links/) {
            label = sprintf("W3 dump %d links: %d veth pairs, %d macvlans, %d bridges; %d routes present (iproute2: `ip link show`)", links, linkpairs, macvlans, bridges, linkroutes)
            r = ratio(nb, mb); cmp = fmt(r) " of libmnl"; goal = "≤ 1.1×: " verdict(r, 1.1)
        } else if (key ~ /^W0/) {
            label = "process start (`route-add 0`; `ip -batch` of nothing)"
            cmp = sprintf("%+.1f ms", (nb - mb) / 1000) " vs libmnl"
            goal = "≤ 2.0 ms: " (nb == "" ? "–" : (nb <= 2000 ? "met" : sprintf("**not met** (%.1f ms)", nb / 1000)))
        } else {
            if (key == "W1 add") label = "W1 create " veths " veth pairs"
            if (key == "W1 delete") label = "W1 delete " veths " veth pairs (link group)"
            if (key == "W1 macvlan add") label = "W1 create " veths " macvlans on one parent"
            if (key == "W1 macvlan delete") label = "W1 delete " veths " macvlans (link group)"
            if (key == "W4 add") label = "W4 set up " pods " pods"
            if (key == "W4 delete") label = "W4 tear down " pods " pods"
            if (key == "W5 add") label = "W5 add " veths " tbf qdiscs, one per veth (iproute2: `tc -batch`)"
            if (key == "W6 append") label = "W6 append " fdbs " vxlan FDB entries, one per remote (iproute2: `bridge -batch`)"
            fastest = ""; name = ""
            if (mb != "") { fastest = mb; name = "libmnl batch" }
            if (mp != "" && (fastest == "" || mp < fastest)) { fastest = mp; name = "libmnl per-op" }
            if (ipm != "" && (fastest == "" || ipm < fastest)) { fastest = ipm; name = "ip -batch" }
            if (key ~ /^W5/ && name == "ip -batch") name = "tc -batch"
            if (key ~ /^W6/ && name == "ip -batch") name = "bridge -batch"
            r = ratio(nb, fastest); cmp = fmt(r) " of " name
            if (key ~ /add$/) goal = "≤ 1.2×: " verdict(r, 1.2)
        }
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, ms(nb), ms(np), ms(mb), ms(mp), ms(ipm), ms(py), cmp, goal
    }
    print ""
    printf "Cost per route (µs, median ÷ routes) — linear growth shows as a flat row:\n\n"
    printf "| | "; for (k = 1; k <= keys; k++) if (order[k] ~ /^W2 add/) { split(order[k], w, " "); sizes[++ns] = w[3]; printf "%s | ", w[3] } ; print ""
    printf "|---|"; for (i = 1; i <= ns; i++) printf "---|"; print ""
    split("add:netkit:NetKit batch add,add:mnl:libmnl batch add,add:netkit-1:NetKit per-op add,add:mnl-1:libmnl per-op add,delete:netkit:NetKit batch delete,delete:mnl:libmnl batch delete,delete:netkit-1:NetKit per-op delete,delete:mnl-1:libmnl per-op delete", rows, ",")
    for (r = 1; r <= 8; r++) {
        split(rows[r], part, ":"); printf "| %s | ", part[3]
        for (i = 1; i <= ns; i++) { m = median("W2 " part[1] " " sizes[i], part[2]); printf "%s | ", m == "" ? "–" : sprintf("%.2f", m / sizes[i]) }
        print ""
    }
    for (r = 1; r <= 2; r++) {
        split(r == 1 ? "netkit:NetKit dump" : "mnl:libmnl dump", part, ":"); printf "| %s | ", part[2]
        for (i = 1; i <= ns; i++) { m = median("W3 dump " sizes[i], part[1]); printf "%s | ", m == "" ? "–" : sprintf("%.3f", m / sizes[i]) }
        print ""
    }
}' "$samples"
if [ -n "${peak_rss[netkit-0]:-}${peak_rss[netkit-links]:-}" ]; then
echo
printf 'Peak RSS (KiB) of a route dump of N routes (0: an empty table, i.e. the process itself) and of the link dump:\n\n'
printf '| | 0 |'; for size in $sizes; do printf ' %s |' "$size"; done; echo ' link dump |'
printf '|---|---|'; for size in $sizes; do printf -- '---|'; done; echo '---|'
for tool in netkit mnl; do
    [ $tool = netkit ] && printf '| netkit-bench |' || printf '| mnl-peer |'
    printf ' %s |' "${peak_rss[$tool-0]:-–}"
    for size in $sizes; do printf ' %s |' "${peak_rss[$tool-$size]:-–}"; done
    printf ' %s |\n' "${peak_rss[$tool-links]:-–}"
done
fi
if [ -s "$work/cni.md" ]; then cat "$work/cni.md"; fi
} | tee ${output:+"$output"}
if [ -n "$output" ]; then cp "$samples" "${output%.md}.samples.tsv"; fi
