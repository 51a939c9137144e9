#!/usr/bin/env bash
# The leak soak of issue 8: builds netkit-soak and runs OPERATIONS NetKit operations (default
# 100000) in network namespaces it creates, failing unless open descriptors stay exactly flat,
# RSS stays within its bound, nothing is left in /run/netns or mounted, and every thread is back
# in the initial namespace. Prints the samples table.
#
# Usage (as root): Scripts/soak.sh [OPERATIONS]
#
# It uses the debug build in .build (NETKIT_SOAK_SCRATCH to change): the one Scripts/test.sh
# has built already in CI, so nothing compiles again, and the soak's time is the kernel's (link
# deletions, namespaces), not Swift's: a release build saves ~3 s of CPU and costs a full
# optimised compile. Nothing here touches the root namespace; netkit-soak refuses to.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
[ "$(id -u)" = 0 ] || { echo "soak.sh: needs root (it creates network namespaces)" >&2; exit 1; }
operations=${1:-100000}
scratch=${NETKIT_SOAK_SCRATCH:-.build}

start=$SECONDS
swift build -q --scratch-path "$scratch" --product netkit-soak
echo "== netkit-soak built in $((SECONDS - start)) s; $operations operations"
"$(swift build --scratch-path "$scratch" --show-bin-path)/netkit-soak" --operations "$operations" &
pid=$!
# Ctrl-C reaches netkit-soak too; it cleans up and exits 128+signal. Pass a TERM on as well.
trap 'kill -TERM $pid 2>/dev/null || true' INT TERM
status=0
wait $pid || status=$?
# wait returns early when a trapped signal arrives: wait again for the soak's own cleanup.
while kill -0 $pid 2>/dev/null; do wait $pid || status=$?; done

# Should the soak have died without cleaning up (a crash), remove what it named and fail.
for entry in /run/netns/nksoak-$pid-*; do
    [ -e "$entry" ] || continue
    echo "soak.sh: netkit-soak left $entry behind; removing it" >&2
    ip netns delete "$(basename "$entry")" || true
    [ "$status" = 0 ] && status=1
done
echo "== soak.sh finished in $((SECONDS - start)) s (status $status)"
exit $status
