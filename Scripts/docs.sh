#!/usr/bin/env bash
# Builds NetKit's and NetKitCNI's API reference with DocC (swiftlang/swift-docc-plugin) and fails
# on any DocC warning: a broken symbol link, an undocumented parameter, an ambiguous reference.
#
# Usage: Scripts/docs.sh [-o DIR]     (default DIR: .build/docs; open DIR/NetKit.doccarchive)
#
# The plugin is added to a temporary copy of the package only, so NetKit's own manifest names no
# dependency a user of the library would have to resolve.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
out=$PWD/.build/docs
while getopts o: option; do
    case $option in
        o) out=$(realpath -m "$OPTARG") ;;
        *) sed -n '5p' "$0" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d /tmp/netkit-docs.XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/NetKit"
# Include uncommitted work so the reference matches the tree being checked.
git diff HEAD --binary | (cd "$work/NetKit" && git apply --allow-empty 2>/dev/null || true)
git ls-files --others --exclude-standard -z | xargs -0 -r cp --parents -t "$work/NetKit"
cat >> "$work/NetKit/Package.swift" <<'SWIFT'

package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
SWIFT
mkdir -p "$out"
for target in NetKit NetKitCNI; do
    log=$work/$target.log
    if ! (cd "$work/NetKit" && swift package --disable-sandbox generate-documentation --target "$target" \
            --warnings-as-errors --output-path "$out/$target.doccarchive") > "$log" 2>&1; then
        grep -E -A6 "(warning|error):" "$log" >&2 || tail -30 "$log" >&2
        echo "docs: DocC reported problems in $target (above)" >&2
        exit 1
    fi
    if grep -q "warning:" "$log"; then
        grep -E -A6 "warning:" "$log" >&2
        echo "docs: DocC warned about $target (above)" >&2
        exit 1
    fi
    echo "docs: $target → $out/$target.doccarchive"
done
