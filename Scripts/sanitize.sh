#!/usr/bin/env bash
# The whole test suite (unit, privileged integration and CNI tests) built and run under
# ThreadSanitizer and/or AddressSanitizer with LeakSanitizer. Each sanitizer has its own scratch
# path (.build-tsan, .build-asan): a sanitized build shares no object file with the normal one.
#
# Reports go to files, not to the test output: from the test process and from every netkit
# plugin process the CNI tests start (the tests give a plugin a clean environment, so
# NETKIT_CNI_BIN points them at wrappers that set the sanitizer options and exec the sanitized
# binary). Any report, any failed test or a non-zero exit fails the run; the
# reports are printed. One summary line per sanitizer.
#
# LeakSanitizer suppressions (two leaks in the Swift toolchain's libraries, explained entry by
# entry) are in Scripts/sanitizers/lsan.supp; ThreadSanitizer needs none. The test bundle runs in
# swift-testing mode only (the suite has no XCTest case): XCTest's runner, even with nothing to
# run, leaves its suite objects unreachable at exit, which LeakSanitizer reports.
# Run as root. Usage: Scripts/sanitize.sh [thread|address|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "sanitize.sh: the privileged tests need root" >&2; exit 1; }
Scripts/setup.sh
export PATH=/opt/swift/usr/bin:$PATH
root=$PWD
# A test run that hangs must not hold CI for ever (the suite takes 1-2 minutes sanitized).
test_timeout=${NETKIT_SANITIZE_TIMEOUT:-900}
symbolizer=/opt/swift/usr/bin/llvm-symbolizer

case "${1:-all}" in
    thread) kinds=(thread) ;;
    address) kinds=(address) ;;
    all) kinds=(thread address) ;;
    *) echo "usage: Scripts/sanitize.sh [thread|address|all]" >&2; exit 2 ;;
esac

# Prints "SCRATCH VARIABLE OPTIONS" for a sanitizer.
settings() {
    case "$1" in
        # halt_on_error=0: every race of the run is reported, not only the first.
        thread) echo ".build-tsan TSAN_OPTIONS halt_on_error=0 second_deadlock_stack=1" ;;
        # detect_stack_use_after_return: a pointer into a returned frame (withUnsafe… escaping)
        # is caught too. LeakSanitizer runs at the exit of each process.
        address) echo ".build-asan ASAN_OPTIONS detect_leaks=1 detect_stack_use_after_return=1 strict_string_checks=1" ;;
    esac
}

summaries=()
status=0
for kind in "${kinds[@]}"; do
    read -r scratch variable options <<<"$(settings "$kind")"
    logs=$root/$scratch/sanitizer-logs
    rm -rf "$logs"
    mkdir -p "$logs/cni-bin"
    options="$options log_path=$logs/report external_symbolizer_path=$symbolizer"
    leak_options="suppressions=$root/Scripts/sanitizers/lsan.supp print_suppressions=0"

    echo "== $kind sanitizer: build ($scratch)"
    started=$SECONDS
    if ! swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" > "$logs/build.log" 2>&1; then
        grep -v "ld.gold: warning: Cannot export local symbol" "$logs/build.log" | tail -40
        echo "sanitize $kind: BUILD FAILED"
        exit 1
    fi
    build_seconds=$((SECONDS - started))

    # LeakSanitizer cannot work under ptrace (the tests that strace a plugin): a traced plugin
    # runs without leak detection rather than ending in LeakSanitizer's fatal error.
    untraced_only=""
    [ "$kind" = address ] && untraced_only="grep -q '^TracerPid:[[:space:]]*0\$' /proc/self/status || export $variable='$options detect_leaks=0'"
    for plugin in netkit-bridge netkit-host-local netkit-bandwidth netkit-ptp netkit-macvlan netkit-vlan netkit-ipvlan; do
        cat > "$logs/cni-bin/$plugin" <<EOF
#!/bin/sh
export $variable='$options'
export LSAN_OPTIONS='$leak_options'
$untraced_only
exec '$root/$scratch/debug/$plugin' "\$@"
EOF
        chmod +x "$logs/cni-bin/$plugin"
    done

    echo "== $kind sanitizer: test suite"
    started=$SECONDS
    set +e
    env "$variable=$options" LSAN_OPTIONS="$leak_options" NETKIT_CNI_BIN="$logs/cni-bin" \
        timeout -k 10 "$test_timeout" \
        "$scratch/debug/NetKitPackageTests.xctest" --testing-library swift-testing > "$logs/test.log" 2>&1
    exit_status=$?
    set -e
    test_seconds=$((SECONDS - started))

    # One SUMMARY line per ThreadSanitizer report, per AddressSanitizer error, and per process
    # in which LeakSanitizer found leaks.
    reports=$(cat "$logs"/report.* 2>/dev/null | grep -c '^SUMMARY: ' || true)
    result=$(grep -E 'Test run with [0-9]+ tests' "$logs/test.log" | tail -1 | sed -E 's/.*Test run with //; s/ after .*//')
    [ -n "$result" ] || result="no test summary"
    grep -E 'Test ".*" (failed|recorded an issue)' "$logs/test.log" | head -20 || true
    grep -h 'thread-namespace invariant' "$logs/test.log" || true
    if [ "$reports" -gt 0 ]; then
        for file in "$logs"/report.*; do
            echo "---- $file"
            cat "$file"
        done
    fi
    if [ "$exit_status" -ne 0 ] || [ "$reports" -gt 0 ]; then
        [ "$reports" -gt 0 ] || tail -40 "$logs/test.log"
        verdict="FAILED (exit status $exit_status)"
        status=1
    else
        verdict="clean"
    fi
    summaries+=("sanitize $kind: $result; $reports sanitizer reports; $verdict; build ${build_seconds}s, tests ${test_seconds}s")
done

printf '%s\n' "${summaries[@]}"
exit $status
