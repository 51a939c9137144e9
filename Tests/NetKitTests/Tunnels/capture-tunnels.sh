#!/bin/sh
# Captures the RTM_NEWLINK `ip` sends for each command line read from stdin (the last message it
# sends: a `dev NAME` is first resolved with RTM_GETLINK), in a scratch namespace whose veth `d0`
# has index 7. Prints the command line, then the message in hex. The kernel need not know the
# kind: strace records the request before the kernel refuses it.
# Refresh the golden file with:  sh capture-tunnels.sh < tunnel-commands.txt > tunnel-captures.txt
set -eu
ns="tunnelcapture-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add d0 index 7 type veth peer name d1 index 8
while IFS= read -r line; do
    [ -z "$line" ] && continue
    echo "$line"
    # shellcheck disable=SC2086
    nsenter --net="/run/netns/$ns" strace -f -e trace=sendmsg -e write=3 -xx -s 65536 $line 2>&1 >/dev/null |
        awk '/^sendmsg/ { last = hex; hex = "" }
             /^ \| [0-9a-f]+  / { part = substr($0, 11, 49); gsub(/ /, "", part); hex = hex part }
             END { print "  " hex }'
done
