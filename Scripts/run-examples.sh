#!/usr/bin/env bash
# Runs every example (as `swift run NAME` would), then interrupts each one mid-run with SIGINT
# and checks that nothing is left behind: no namespace with the example's pid, no new link in
# the machine's root namespace. Examples that need IPIP run in the kernel lane.
# Usage: Scripts/run-examples.sh [NAME ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
all=$(sed -n 's/^let examples: \[String\] = \[\(.*\)\]/\1/p' Package.swift | tr -d '" ' | tr ',' ' ')
# Each entry: an example and its arguments (":" separates words). IPIP variants run in the
# kernel lane when this kernel has no IPIP.
entries=${*:-$all pod-to-pod:--ipip}
needs_ipip=" calico-ipip-route calico-multi-nic pod-to-pod:--ipip "
swift build -q
bin=$(swift build --show-bin-path)
host_has_ipip=0
"$bin/pod-to-pod" --check-kernel >/dev/null 2>&1 && host_has_ipip=1
lane=${NETKIT_KERNEL_LANE:-../shared/kernel-lane/run-in-kernel.sh}
root_links() { ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' '; }
before=$(root_links)
failed=0
leftovers() { ip netns list | awk '{print $1}' | grep -E -- "-$1\$" || true; }

for entry in $entries; do
    name=${entry%%:*}
    args=()
    [ "$entry" = "$name" ] || IFS=: read -r -a args <<< "${entry#*:}"
    echo "===== $name ${args[*]:-}"
    runner=()
    if [[ $needs_ipip == *" $entry "* ]] && [ $host_has_ipip = 0 ]; then runner=("$lane" -t 600 --); fi
    started=$(date +%s%N)
    if ! "${runner[@]}" "$bin/$name" "${args[@]}" > "/tmp/example-$name.log" 2>&1; then
        echo "FAIL: $name exited non-zero; its output:"; tail -40 "/tmp/example-$name.log"; failed=1
    else
        tail -1 "/tmp/example-$name.log"
    fi
    # Interrupt test (host kernel only: the lane's guest is its own world and vanishes anyway).
    if [ ${#runner[@]} -eq 0 ]; then
        # Interrupt halfway through (by the duration of the run above), when work is under way.
        half=$(( ($(date +%s%N) - started) / 2000000 ))
        "$bin/$name" "${args[@]}" > "/tmp/example-$name-int.log" 2>&1 & pid=$!
        sleep "$(printf '%d.%03d' $((half / 1000)) $((half % 1000)))"
        kill -INT "$pid" 2>/dev/null || true
        status=0; wait "$pid" || status=$?
        left=$(leftovers "$pid")
        if [ -n "$left" ]; then echo "FAIL: $name left namespaces after SIGINT: $left"; failed=1
        else echo "interrupt test: exit $status, nothing left behind"; fi
    fi
done
after=$(root_links)
if [ "$before" != "$after" ]; then echo "FAIL: root namespace links changed: [$before] -> [$after]"; failed=1; fi
exit $failed
