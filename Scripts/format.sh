#!/usr/bin/env bash
# Formats the Swift sources with swift-format (the toolchain's), by the rules in .swift-format:
# 4-space indentation, lines of at most 140 columns, swift-format's default rules.
#
# Usage: Scripts/format.sh            rewrite the files in place
#        Scripts/format.sh --check    change nothing; list every finding and fail if there is one (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
paths=(Package.swift Sources Tests Examples)
case "${1:-}" in
    "") swift format format --in-place --recursive --parallel "${paths[@]}" ;;
    --check)
        findings=$(swift format lint --recursive --parallel "${paths[@]}" 2>&1) || true
        if [ -n "$findings" ]; then
            echo "$findings" >&2
            echo "format: $(echo "$findings" | grep -c 'warning:') findings; run Scripts/format.sh to fix them" >&2
            exit 1
        fi
        echo "format: every Swift file is formatted" ;;
    *) sed -n '5,6s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
