#!/usr/bin/env bash
# ADD and DEL latency of netkit-bridge against the reference bridge plugin, side by side, in one
# run on this machine: netkit-bridge with the reference host-local (the goal's comparison: only
# the bridge plugin differs) and with netkit-host-local. Prints a Markdown table of medians and
# ratios. A benchmark, not a test: it never fails on a number. Scripts/bench.sh runs it as W7.
#
# Usage (as root): Scripts/bench-cni.sh [--quick] [-n ITERATIONS] [--no-build]
#   --quick   3 iterations (+1 warm-up), reusing binaries already built (NETKIT_CNI_BIN, else the
#             release build, else the debug build `swift build` made): proves the pipeline works
#             (CI); its figures are indicative only, and say which build they timed.
#
# Everything happens in namespaces this script creates (a "node" and a "pod", names nkbench-*)
# and removes on exit; the machine's root namespace is not touched. The plugins run inside the
# node namespace exactly as a runtime runs them (environment + stdin), timed with bash's
# EPOCHREALTIME around each invocation, so process start-up is included for both sides.
# The variants are interleaved (ADD+DEL of one, then of the next) so that background load
# affects them alike.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

iterations=30
warmup=3
build=1
quick=0
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; iterations=3; warmup=1; shift ;;
        -n) iterations=$2; shift 2 ;;
        --no-build) build=0; shift ;;
        *) echo "usage: $0 [--quick] [-n ITERATIONS] [--no-build]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "bench-cni: needs root (network namespaces)" >&2; exit 1; }
reference=/usr/lib/cni
[ -x $reference/bridge ] || { echo "bench-cni: install containernetworking-plugins (reference plugins in $reference)" >&2; exit 1; }

# The release build one installs into /opt/cni/bin (Scripts/release-build.sh; glibc and
# libmnl shared libraries; Documentation/WritingACNIPlugin.md).
scratch=.build-cni-release
release_build=(Scripts/release-build.sh --scratch-path "$scratch")
release_bin=$scratch/x86_64-unknown-linux-gnu/release
[ -d "$release_bin" ] || release_bin=$scratch/release
if [ "$quick" = 1 ] && [ -z "${NETKIT_CNI_BIN:-}" ]; then
    if [ -x "$release_bin/netkit-bridge" ] && [ -x "$release_bin/netkit-host-local" ]; then
        NETKIT_CNI_BIN=$release_bin
    elif [ -x .build/debug/netkit-bridge ] && [ -x .build/debug/netkit-host-local ]; then
        NETKIT_CNI_BIN=.build/debug
    fi
fi
[ -n "${NETKIT_CNI_BIN:-}" ] && build=0
if [ "$build" = 1 ]; then
    echo "building netkit-bridge and netkit-host-local (release, static Swift runtime)…" >&2
    for product in netkit-bridge netkit-host-local; do
        "${release_build[@]}" --product $product >&2
    done
fi
bin=${NETKIT_CNI_BIN:-$("${release_build[@]}" --show-bin-path)}
[ -x "$bin/netkit-bridge" ] || { echo "bench-cni: $bin/netkit-bridge is missing (build first)" >&2; exit 1; }
bin=$(cd "$bin" && pwd)
echo "timing $bin/netkit-bridge ($(du -h "$bin/netkit-bridge" | cut -f1))" >&2

node=nkbench-node-$$
pod=nkbench-pod-$$
work=$(mktemp -d /tmp/netkit-bench-cni.XXXXXX)
cleanup() {
    # netkit-bridge's bridge lock files (BridgeClaim) of the node namespace go with its bridges.
    local inode
    inode=$(stat -L -c %i "/run/netns/$node" 2>/dev/null) && rm -f /run/netkit/bridges/"$inode".*
    ip netns del "$pod" 2>/dev/null || true
    ip netns del "$node" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$node"
ip netns add "$pod"
ip -n "$node" link set lo up
ip -n "$pod" link set lo up

# One configuration per variant; the same network settings everywhere.
config() {  # NAME PLUGIN-TYPE IPAM-TYPE IPMASQ
    cat > "$work/$1.json" <<JSON
{"cniVersion": "1.0.0", "name": "$1", "type": "$2", "bridge": "br-$1", "isGateway": true, "ipMasq": $4,
 "ipam": {"type": "$3", "subnet": "10.$5.0.0/24", "dataDir": "$work/ipam", "routes": [{"dst": "0.0.0.0/0"}]}}
JSON
}
variants=(ref netkitref netkit refmasq netkitmasq)
config ref bridge host-local false 90
config netkitref netkit-bridge host-local false 94
config netkit netkit-bridge netkit-host-local false 91
config refmasq bridge host-local true 92
config netkitmasq netkit-bridge netkit-host-local true 93
# netkit's plugins are timed from copies made by `install`, as a node receives them (Debian's
# reference plugins were written out by dpkg): see Scripts/bench.sh.
installed=$work/bin
mkdir -p "$installed"
install -m 755 "$bin/netkit-bridge" "$bin/netkit-host-local" "$installed/"
declare -A plugin=([ref]=$reference/bridge [netkitref]=$installed/netkit-bridge [netkit]=$installed/netkit-bridge
    [refmasq]=$reference/bridge [netkitmasq]=$installed/netkit-bridge)

# The timing loop runs inside the node namespace, so `ip netns exec` is not part of any sample.
cat > "$work/loop.sh" <<'LOOP'
set -euo pipefail
work=$1; pod=$2; iterations=$3; warmup=$4; shift 4
export CNI_NETNS=/run/netns/$pod CNI_IFNAME=eth0 CNI_PATH
us() { local t=${1/./}; echo $((10#$t)); }
run() {  # VARIANT PLUGIN COMMAND ID → prints elapsed µs; aborts on failure
    local start end
    start=$EPOCHREALTIME
    if ! CNI_COMMAND=$3 CNI_CONTAINERID=$4 "$2" < "$work/$1.json" > "$work/out" 2>&1; then
        echo "bench-cni: $1 $3 failed:" >&2; cat "$work/out" >&2; exit 1
    fi
    end=$EPOCHREALTIME
    echo $(( $(us "$end") - $(us "$start") ))
}
for ((i = -warmup; i < iterations; i++)); do   # warm-up rounds (i < 0) are not recorded
    for spec in "$@"; do
        variant=${spec%%=*}; binary=${spec#*=}
        add=$(run "$variant" "$binary" ADD "c$i")
        del=$(run "$variant" "$binary" DEL "c$i")
        [ $i -ge 0 ] && { echo "$add" >> "$work/$variant.add"; echo "$del" >> "$work/$variant.del"; }
    done
    # The kernel's floor for DEL: one veth deletion (RTM_DELLINK, RCU wait included), via iproute2.
    ip link add nkb-floor type veth peer name nkb-floor-p
    start=$EPOCHREALTIME; ip link del nkb-floor; end=$EPOCHREALTIME
    [ $i -ge 0 ] && echo $(( $(us "$end") - $(us "$start") )) >> "$work/floor.del"
done
LOOP
specs=()
for v in "${variants[@]}"; do specs+=("$v=${plugin[$v]}"); done
echo "running $iterations iterations (+$warmup warm-up) of ADD+DEL per variant…" >&2
CNI_PATH="$installed:$reference" ip netns exec "$node" env CNI_PATH="$installed:$reference" bash "$work/loop.sh" "$work" "$pod" "$iterations" "$warmup" "${specs[@]}"

median() { sort -n "$1" | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.1f", m / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
verdict() { awk -v r="${1%×}" -v limit="$2" 'BEGIN { if (r <= limit) print "met"; else printf "**not met** (%.2f× > %.1f×)\n", r, limit }'; }
row() {  # LABEL VARIANT [REFERENCE-VARIANT ADD-LIMIT DEL-LIMIT]
    local add del
    add=$(median "$work/$2.add"); del=$(median "$work/$2.del")
    if [ $# -gt 2 ]; then
        local ra rd
        ra=$(ratio "$add" "$(median "$work/$3.add")"); rd=$(ratio "$del" "$(median "$work/$3.del")")
        local goal="–"
        [ -n "${4:-}" ] && goal="ADD ≤ $4×: $(verdict "$ra" "$4"); DEL ≤ $5×: $(verdict "$rd" "$5")"
        echo "| $1 | $add | $del | $ra | $rd | $goal |"
    else
        echo "| $1 | $add | $del | – | – | – |"
    fi
}

echo
echo "W7: CNI ADD and DEL as a runtime runs them (environment + stdin, process start included), medians of $iterations, ms; $(uname -r), $(nproc) CPUs."
linkage=$(ldd "$bin/netkit-bridge" 2>&1 || true)
if [[ "$linkage" == *"not a dynamic executable"* ]]; then linkage="static executables"
elif [[ "$linkage" == *libswiftCore* ]]; then linkage="Swift runtime shared"
else linkage="Swift runtime linked in; shared: $(awk '/=>/ {print $1}' <<<"$linkage" | paste -sd ' ')"; fi
echo "netkit binaries: ${bin#"$PWD"/} ($linkage)."
echo
echo "| plugin (IPAM) | ADD | DEL | ADD ÷ reference | DEL ÷ reference | goal |"
echo "|---|---|---|---|---|---|"
row "reference bridge (reference host-local)" ref
row "netkit-bridge (reference host-local)" netkitref ref 0.8 0.9
row "netkit-bridge (netkit-host-local)" netkit ref
row "reference bridge, ipMasq (iptables; reference host-local)" refmasq
row "netkit-bridge, ipMasq (nftables; netkit-host-local)" netkitmasq refmasq
echo "| kernel floor: \`ip link del\` of one veth pair | – | $(median "$work/floor.del") | – | – | – |"
