#!/usr/bin/env bash
# Runs every example (as `swift run NAME` would) and checks that it exits 0, then interrupts it
# with SIGINT (Ctrl-C) twice — once mid-run, just after its first namespace exists (each step
# slowed by NETKIT_EXAMPLE_STEP_DELAY=0.2 so the signal lands between steps), and once
# held just before its own cleanup (NETKIT_EXAMPLE_HOLD=1), when everything it builds exists —
# and checks each time: exit status 130, an "interrupted" line, and nothing of that run left
# (no namespace, /tmp entry or /run/netns mount whose name ends in -PID; no change to the root
# namespace's links). Examples that need IPIP run in the project's kernel lane
# (Scripts/kernel-lane.sh) when this kernel has none, their interrupt tests too; on such a kernel
# they are also run here once, and must stop at once with exit status 2 and a message naming
# CONFIG_NET_IPIP.
#
# Usage: Scripts/run-examples.sh [NAME[:ARG...] ...]     (default: every example, and pod-to-pod:--ipip)
#        Scripts/run-examples.sh --interrupt MODE BINARY [ARG...]   (one interrupt test; MODE is
#        mid-run or held; used inside the kernel lane)
# Logs: /tmp/example-NAME[_ARGS].log, and ...-int-MODE.log for the interrupt runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

root_links() { Scripts/root-links.sh; }
# Everything of run PID that can outlive it: namespaces, /tmp entries, namespace mounts.
artifacts() {
    {
        ip netns list | awk '{print $1}' | grep -E -- "-$1\$" | sed 's/^/netns /'
        ls /tmp | grep -E -- "-$1\$" | sed 's|^|/tmp/|'
        findmnt -rn -o TARGET | grep -E -- "^/run/netns/.*-$1\$" | sed 's/^/mount /'
    } 2>/dev/null | tr '\n' ' ' || true
}

# interrupt_test MODE LOG BINARY [ARG...]: prints one verdict line; returns non-zero on failure.
interrupt_test() {
    local mode=$1 log=$2; shift 2
    local links_before pid waited=0 seen="" status=0
    links_before=$(root_links)
    if [ "$mode" = held ]; then
        NETKIT_EXAMPLE_HOLD=1 "$@" > "$log" 2>&1 & pid=$!
    else
        # A pause before each step keeps even a fast example running long enough to be
        # interrupted between its first namespace and its end.
        NETKIT_EXAMPLE_STEP_DELAY=0.2 "$@" > "$log" 2>&1 & pid=$!
    fi
    # Wait (up to 120 s) until the run has built something of its own: mid-run, its first
    # namespace or /tmp entry; held, the line it prints once it waits before cleanup.
    while [ $waited -lt 1200 ] && kill -0 "$pid" 2>/dev/null; do
        if [ "$mode" = held ]; then
            grep -q '^holding before cleanup' "$log" 2> /dev/null && break
        else
            seen=$(artifacts "$pid"); [ -n "$seen" ] && { sleep 0.1; break; }
        fi
        sleep 0.1; waited=$((waited + 1))
    done
    seen=$(artifacts "$pid")
    if ! kill -INT "$pid" 2>/dev/null; then
        wait "$pid" || true
        echo "FAIL: interrupt test ($mode) of $*: the run ended before it could be interrupted; its output: $log"
        return 1
    fi
    wait "$pid" || status=$?
    local left links_after failures=()
    left=$(artifacts "$pid")
    links_after=$(root_links)
    [ -n "$seen" ] || failures+=("nothing of the run (pid $pid) existed when SIGINT was sent, so the test proves nothing")
    [ "$status" = 130 ] || failures+=("exit status $status, expected 130")
    grep -q '^interrupted' "$log" || failures+=("no 'interrupted' line in its output")
    [ -z "$left" ] || failures+=("left behind: $left")
    [ "$links_before" = "$links_after" ] || failures+=("root links changed: [$links_before] -> [$links_after]")
    if [ ${#failures[@]} -gt 0 ]; then
        echo "FAIL: interrupt test ($mode) of $*: ${failures[*]}; its output: $log"
        tail -20 "$log"
        return 1
    fi
    echo "interrupt test ($mode): pid $pid interrupted while [${seen% }] existed; exit 130, nothing left behind"
}

if [ "${1:-}" = --interrupt ]; then
    shift
    mode=$1; shift
    interrupt_test "$mode" "/tmp/example-int-$mode-$$.log" "$@" || exit 1
    exit 0
fi

scratch=${NETKIT_SCRATCH_PATH:-.build}
# Package.swift's `examples` list, on one line or several.
all=$(awk '/^let examples: \[String\] = \[/ { listing = 1 } listing { print; if ($0 ~ /\]$/) exit }' Package.swift |
    grep -o '"[^"]*"' | tr -d '"' | tr '\n' ' ')
for directory in Examples/*/; do
    example=$(basename "$directory")
    [ "$example" = ExampleSupport ] || [[ " $all " == *" $example "* ]] ||
        { echo "run-examples: Examples/$example is not in Package.swift's examples list [$all]" >&2; exit 1; }
done
# Each entry: an example and its arguments (":" separates words). IPIP variants run in the
# kernel lane when this kernel has no IPIP.
entries=${*:-$all pod-to-pod:--ipip}
link_emulation=0; [[ " $entries " == *" link-emulation "* ]] && link_emulation=1; entries=${entries/link-emulation/}  # own step below
needs_ipip=" calico-ipip-route calico-multi-nic pod-to-pod:--ipip calico-node "
swift build -q --scratch-path "$scratch"
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
host_has_ipip=0
"$bin/pod-to-pod" --check-kernel >/dev/null 2>&1 && host_has_ipip=1
lane=Scripts/kernel-lane.sh
before=$(root_links)
empty_directory=$(mktemp -d)
trap 'rmdir "$empty_directory"' EXIT
failed=0
lane_interrupts=()

for entry in $entries; do
    name=${entry%%:*}
    args=()
    [ "$entry" = "$name" ] || IFS=: read -r -a args <<< "${entry#*:}"
    tag=$(printf '%s' "$entry" | tr ':' '_')
    log=/tmp/example-$tag.log
    echo "===== $name ${args[*]:-}"
    in_lane=0
    [[ $needs_ipip == *" $entry "* ]] && [ $host_has_ipip = 0 ] && in_lane=1

    if [ $in_lane = 1 ]; then
        # This kernel has no IPIP: the example must say so at once and stop with status 2.
        stop_log=/tmp/example-$tag-no-ipip.log
        started=$(date +%s%N); status=0
        # `timeout` guards against a hang (the time is printed, not compared); the example runs
        # through `exec` so its pid, written to a file, is the one whose leftovers are checked.
        pid_file=/tmp/example-$tag-no-ipip.pid
        timeout 60 bash -c 'echo $$ > "$0"; exec "$@"' "$pid_file" "$bin/$name" "${args[@]}" > "$stop_log" 2>&1 || status=$?
        pid=$(cat "$pid_file"); rm -f "$pid_file"
        took=$(( ($(date +%s%N) - started) / 1000000 ))
        if [ $status != 2 ] || ! grep -q CONFIG_NET_IPIP "$stop_log" || [ -n "$(artifacts "$pid")" ]; then
            echo "FAIL: without IPIP, $name ${args[*]:-} exited $status after ${took} ms (expected 2 and a message naming CONFIG_NET_IPIP):"
            cat "$stop_log"; failed=1
        else
            echo "without IPIP: exit 2 after ${took} ms: $(head -1 "$stop_log")"
        fi
        runner=("$lane" -t 600 --)
        lane_interrupts+=("$entry")
    else
        runner=()
    fi

    if ! "${runner[@]}" "$bin/$name" "${args[@]}" > "$log" 2>&1; then
        echo "FAIL: $name ${args[*]:-} exited non-zero; its output ($log):"; tail -40 "$log"; failed=1
    else
        tail -1 "$log"
    fi
    if [ $in_lane = 0 ]; then
        interrupt_args=("${args[@]}")
        # cni-layout builds no namespace and creates its sample directory only at the end, and
        # only when the configuration directory it reads is empty (a machine with a runtime has
        # files in /etc/cni/net.d): it is interrupted while held only, reading an empty directory.
        [ "$name" = cni-layout ] && interrupt_args+=(--conf-dir "$empty_directory")
        for mode in mid-run held; do
            [ "$name" = cni-layout ] && [ $mode = mid-run ] && continue
            interrupt_test $mode "/tmp/example-$tag-int-$mode.log" "$bin/$name" "${interrupt_args[@]}" || failed=1
        done
    fi
done

# The lane's interrupt tests, all in one guest boot: this same script's --interrupt mode.
if [ ${#lane_interrupts[@]} -gt 0 ]; then
    echo "===== interrupt tests in the kernel lane: ${lane_interrupts[*]}"
    script=$PWD/Scripts/run-examples.sh
    commands=""
    for entry in "${lane_interrupts[@]}"; do
        name=${entry%%:*}; rest=""
        [ "$entry" = "$name" ] || rest=" ${entry#*:}"; rest=${rest//:/ }
        for mode in mid-run held; do
            commands+="$script --interrupt $mode $bin/$name$rest || status=1; "
        done
    done
    lane_log=/tmp/example-lane-interrupts.log
    if "$lane" -t 900 -- bash -c "status=0; $commands exit \$status" > "$lane_log" 2>&1; then
        grep -E '^(interrupt test|FAIL)' "$lane_log"
    else
        echo "FAIL: interrupt tests in the kernel lane; output ($lane_log):"; tail -40 "$lane_log"; failed=1
    fi
fi

# link-emulation needs netem: without it, exit 2 naming CONFIG_NET_SCH_NETEM here, then the lane.
if [ $link_emulation = 1 ]; then
    echo "===== link-emulation"; status=0
    timeout 120 "$bin/link-emulation" > /tmp/example-link-emulation.log 2>&1 || status=$?
    if [ $status = 2 ] && grep -q CONFIG_NET_SCH_NETEM /tmp/example-link-emulation.log; then
        echo "without netem: exit 2"; status=0
        "$lane" -t 600 -- "$bin/link-emulation" > /tmp/example-link-emulation.log 2>&1 || status=$?
    fi
    if [ $status != 0 ]; then echo "FAIL: link-emulation ($status):"; tail -40 /tmp/example-link-emulation.log; failed=1
    else tail -1 /tmp/example-link-emulation.log; fi
fi

after=$(root_links)
if [ "$before" != "$after" ]; then echo "FAIL: root namespace links changed: [$before] -> [$after]"; failed=1; fi
exit $failed
