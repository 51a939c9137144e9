#!/usr/bin/env bash
# Builds each libFuzzer target in Tests/Fuzz with the NetKit sources, replays the saved
# regression inputs, then fuzzes each target for a bounded time.
# Usage: Scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
seconds=${1:-60}
out=.build-fuzz
mkdir -p "$out"
sources=$(find Sources/NetKit -name '*.swift')
status=0
for harness in Tests/Fuzz/*.swift; do
    target=$(basename "$harness" .swift)
    echo "== fuzz $target (${seconds}s)"
    swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name NetKit $sources "$harness" \
        -I Sources/CNetlink -lmnl -o "$out/$target"
    regressions="Tests/Fuzz/Regressions/$target"
    corpus="$out/corpus-$target"
    mkdir -p "$regressions" "$corpus"
    if compgen -G "$regressions/*" >/dev/null; then
        "$out/$target" -runs=0 "$regressions"/* || { echo "regression input crashes $target"; status=1; }
    fi
    log="$out/$target.log"
    if ! "$out/$target" -max_total_time="$seconds" -artifact_prefix="$regressions/" -print_final_stats=1 "$corpus" > "$log" 2>&1; then
        echo "CRASH in $target; input saved under $regressions/"; tail -30 "$log"; status=1
    fi
    grep -E '^stat::number_of_executed_units|^Done' "$log" | tail -2 || true
done
exit $status
