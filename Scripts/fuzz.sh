#!/usr/bin/env bash
# Builds each libFuzzer target in Tests/Fuzz, replays its saved regression inputs, then fuzzes
# it for a bounded time. Exits non-zero if any input crashes a target; a new crash input is kept
# in Tests/Fuzz/Regressions/<target>/ (commit it: it is replayed here and by the unit tests).
#
# Usage: Scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#
# Each harness names the modules it fuzzes in a header line, in dependency order:
#     // fuzz-modules: NetKit
# Every module is compiled once per run (whole-module, -O, -sanitize=fuzzer,address, with
# -enable-testing so a harness reaches internal parsers through `@testable import`) into one
# object, and each harness is compiled on its own and linked against the objects it names —
# instead of compiling the module's sources again for every harness. An object is reused while
# its sources, its dependencies and the flags are unchanged (a stamp of their hash beside it).
# Independent modules compile side by side, and targets fuzz side by side, one per CPU; each
# target still gets SECONDS_PER_TARGET of its own. Tests/Fuzz/README.md has the measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
# A trap is reported by libFuzzer; Swift's own backtracer would then read the stack under
# AddressSanitizer and add a false stack-buffer-underflow report.
export SWIFT_BACKTRACE=enable=no
seconds=${1:-60}
out=.build-fuzz
modules_dir=$out/modules
mkdir -p "$modules_dir"
sanitize=(-O -sanitize=fuzzer,address)

# Where a module's Swift sources are: this package's targets under Sources/, and swift-log's
# Logging (which NetKit imports) in the checkout SwiftPM resolved.
module_dir() {
    case $1 in
        Logging) echo .build/checkouts/swift-log/Sources/Logging ;;
        *) echo "Sources/$1" ;;
    esac
}
# The modules a module imports that a harness need not name (compiled before it, linked with it).
module_requires() {
    case $1 in
        NetKit) echo Logging ;;
    esac
}
# What a module needs besides its Swift sources: Logging is compiled as its own package builds it
# (Swift 6 with its upcoming features); NetKit needs the CNetlink system library (libnl)
# and the CNetKitShims C target; NetKitCNI the CNetKitCNI target. NetKit and NetKitCNI share
# one package name, as SwiftPM gives them (NetKit has `package` declarations). Each C file is compiled here.
module_cflags() {
    case $1 in
        Logging) echo "-swift-version 6 -package-name swift_log -enable-upcoming-feature ExistentialAny" \
                      "-enable-upcoming-feature MemberImportVisibility -enable-upcoming-feature InternalImportsByDefault" \
                      "-enable-upcoming-feature NonisolatedNonsendingByDefault" ;;
        NetKit) echo "-package-name netkit -I Sources/CNetlink -I Sources/CNetKitShims/include $(pkg-config --cflags libnl-route-3.0)" ;;
        NetKitCNI) echo "-package-name netkit -I Sources/CNetKitCNI/include" ;;
    esac
}
# compile_c TARGET FILE: FILE of the C target TARGET as an object, its path on stdout.
compile_c() {
    clang -O -D_GNU_SOURCE -fsanitize=fuzzer-no-link,address -I "Sources/$1/include" \
        -c "Sources/$1/$2" -o "$modules_dir/$1.o" && echo "$modules_dir/$1.o"
}
module_libs() {
    case $1 in
        NetKit) compile_c CNetKitShims shims.c && pkg-config --libs libnl-route-3.0 ;;
        NetKitCNI) compile_c CNetKitCNI shim.c ;;
    esac
}
# A harness's modules with the ones they require put before them, each once.
expand_modules() {
    local module required seen=" "
    for module in "$@"; do
        for required in $(module_requires "$module") "$module"; do
            case $seen in *" $required "*) ;; *) seen="$seen$required "; echo "$required" ;; esac
        done
    done
}
[ -d "$(module_dir Logging)" ] || swift package resolve >/dev/null

# The modules each harness names, and each module's dependencies (the modules named before it).
declare -A harness_modules=() dependencies=()
targets=()
for harness in Tests/Fuzz/*.swift; do
    target=$(basename "$harness" .swift)
    modules=$(sed -n 's|^// fuzz-modules: *||p' "$harness" | head -1)
    [ -n "$modules" ] || { echo "fuzz.sh: $harness has no '// fuzz-modules: MODULE …' line" >&2; exit 2; }
    # shellcheck disable=SC2086
    modules=$(expand_modules $modules | tr '\n' ' ')
    before=""
    for module in $modules; do
        [ -d "$(module_dir "$module")" ] || { echo "fuzz.sh: $harness needs $module, but there is no $(module_dir "$module")" >&2; exit 2; }
        dependencies[$module]="${dependencies[$module]:-}$before"
        before="$before $module"
    done
    harness_modules[$target]=$modules
    targets+=("$target")
done

# Compiles Sources/$1 into $modules_dir/$1.o and $1.swiftmodule unless its stamp is current;
# marks success with $1.ok (a background job's status is read from there).
build_module() {
    local module=$1 sources stamp start=$SECONDS
    sources=$(find "$(module_dir "$module")" -name '*.swift' | LC_ALL=C sort)
    # shellcheck disable=SC2086
    stamp=$( { swiftc --version 2>&1; echo "${sanitize[*]} $(module_cflags "$module")"; cat $sources;
               for dependency in ${dependencies[$module]}; do cat "$modules_dir/$dependency.stamp"; done; } | sha256sum | cut -c1-64)
    if [ -f "$modules_dir/$module.o" ] && [ "$(cat "$modules_dir/$module.stamp" 2>/dev/null)" = "$stamp" ]; then
        echo "== $module: unchanged, reusing $modules_dir/$module.o"
    else
        echo "== compiling $module once for all its targets"
        rm -f "$modules_dir/$module.stamp"
        # shellcheck disable=SC2046,SC2086
        swiftc "${sanitize[@]}" -enable-testing -parse-as-library -wmo -module-name "$module" $sources \
            $(module_cflags "$module") -I "$modules_dir" \
            -c -o "$modules_dir/$module.o" -emit-module -emit-module-path "$modules_dir/$module.swiftmodule" || return 1
        echo "$stamp" > "$modules_dir/$module.stamp"
        echo "   $module compiled in $((SECONDS - start)) s"
    fi
    touch "$modules_dir/$module.ok"
}

# A whole-module compile keeps one CPU busy, so modules whose dependencies are built compile
# side by side, one per CPU, a round at a time.
declare -A compiled=()
remaining=("${!dependencies[@]}")
while [ ${#remaining[@]} -gt 0 ]; do
    ready=() waiting=()
    for module in "${remaining[@]}"; do
        missing=0
        for dependency in ${dependencies[$module]}; do [ -n "${compiled[$dependency]:-}" ] || missing=1; done
        if [ $missing = 0 ]; then ready+=("$module"); else waiting+=("$module"); fi
    done
    [ ${#ready[@]} -gt 0 ] || { echo "fuzz.sh: the fuzz-modules lines name modules in a cycle" >&2; exit 2; }
    for module in "${ready[@]}"; do
        rm -f "$modules_dir/$module.ok"
        while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
        build_module "$module" &
    done
    wait
    for module in "${ready[@]}"; do
        [ -f "$modules_dir/$module.ok" ] || { echo "fuzz.sh: $module does not compile" >&2; exit 1; }
        compiled[$module]=1
    done
    remaining=("${waiting[@]}")
done

for target in "${targets[@]}"; do
    objects=() cflags="" libs=""
    for module in ${harness_modules[$target]}; do
        objects+=("$modules_dir/$module.o")
        cflags="$cflags $(module_cflags "$module")"
        libs="$libs $(module_libs "$module")"
    done
    echo "== linking $target against ${harness_modules[$target]}"
    # gold warns once per AddressSanitizer helper symbol; those lines say nothing.
    # shellcheck disable=SC2086
    swiftc "${sanitize[@]}" -parse-as-library -module-name "$target" "Tests/Fuzz/$target.swift" $cflags -I "$modules_dir" \
        "${objects[@]}" $libs -o "$out/$target" 2> >(grep -v 'Cannot export local symbol' >&2)
done

# Replays the saved crash inputs ($out/<target>.regressed if one still crashes), then fuzzes for
# $seconds (seeds from Tests/Fuzz/Seeds/<target>, tokens from Tests/Fuzz/<target>.dict when
# present); the fuzzing's outcome goes to $out/<target>.status.
# A single input that runs 10 s is a failure too (a parser that hangs on input is a bug).
fuzz() {
    local target=$1 regressions="Tests/Fuzz/Regressions/$1" corpus="$out/corpus-$1" log="$out/$1.log"
    local options=(-timeout=10) seeds=() status=0
    mkdir -p "$regressions" "$corpus"
    [ -f "Tests/Fuzz/$target.dict" ] && options+=("-dict=Tests/Fuzz/$target.dict")
    [ -d "Tests/Fuzz/Seeds/$target" ] && seeds+=("Tests/Fuzz/Seeds/$target")
    rm -f "$out/$target.regressed"
    {
        if compgen -G "$regressions/*" >/dev/null; then
            "$out/$target" -runs=0 -artifact_prefix="$out/replay-" "$regressions"/* \
                || touch "$out/$target.regressed"
        fi
        "$out/$target" "${options[@]}" -max_total_time="$seconds" -artifact_prefix="$regressions/" \
            -print_final_stats=1 "$corpus" "${seeds[@]}" || status=1
    } > "$log" 2>&1
    echo $status > "$out/$target.status"
}

echo "== fuzzing ${#targets[@]} targets for ${seconds} s each, up to $(nproc) at a time"
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
    fuzz "$target" &
done
wait

status=0
for target in "${targets[@]}"; do
    log="$out/$target.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    echo "$target: ${runs:-?} executions, ${rate:-?}/s"
    if [ -f "$out/$target.regressed" ]; then
        echo "REGRESSION in $target: an input saved in Tests/Fuzz/Regressions/$target/ crashes it again (log: $log)"
        status=1
    fi
    if [ "$(cat "$out/$target.status")" != 0 ]; then
        echo "CRASH in $target; the input is saved under Tests/Fuzz/Regressions/$target/ (log: $log)"
        grep -m1 -B2 -A25 -E '^==[0-9]+==|Fatal error|deadly signal' "$log" || tail -40 "$log"
        status=1
    fi
done
exit $status
