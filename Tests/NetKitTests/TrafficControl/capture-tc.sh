#!/bin/sh
# Captures what `tc` sends for each command line read from stdin, in a scratch namespace whose
# veth `d0` has index 7 (and `d1` index 8): prints "tc ARGS" then one line of hex per message.
# Refresh the golden file with:  sh capture-tc.sh < capture-commands.txt > tc-captures.txt
set -eu
ns="tccapture-$$"
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add d0 index 7 type veth peer name d1 index 8
ip -n "$ns" link set d0 up
while IFS= read -r line; do
    [ -z "$line" ] && continue
    echo "$line"
    # shellcheck disable=SC2086
    ip netns exec "$ns" strace -f -e trace=sendmsg -e write=3 -xx -s 65536 $line 2>&1 >/dev/null |
        awk '/^sendmsg/ { if (hex != "") print "  " hex; hex = "" }
             /^ \| [0-9a-f]+  / { part = substr($0, 11, 49); gsub(/ /, "", part); hex = hex part }
             END { if (hex != "") print "  " hex }'
done
