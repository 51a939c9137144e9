#!/usr/bin/env bash
# Builds NetKit's deployable executables (netkit-bench, netkit-bridge, netkit-host-local, …) as
# they are installed: release, Swift runtime linked in, and linked for a fast process start.
# The one place that names these build and link flags; Scripts/bench.sh, Scripts/bench-cni.sh and
# Documentation/WritingACNIPlugin.md use it. Documentation/Performance.md, "Process start", has
# what each flag saves.
#
# Usage: Scripts/release-build.sh [--scratch-path DIR] [swift build arguments …]
#   e.g. Scripts/release-build.sh --product netkit-bridge
#        Scripts/release-build.sh --show-bin-path
#
#   --static-swift-stdlib        the Swift runtime inside the executable: no Swift toolchain on the node
#   --disable-local-rpath        no RUNPATH $ORIGIN: the loader goes straight to /etc/ld.so.cache
#                                instead of first trying every library in the executable's directory
#   -L DIR with libstdc++.a      the static Swift runtime's `-lstdc++` finds the archive first:
#                                libstdc++ is linked in, so the loader neither maps it nor binds
#                                its ~1,700 symbols at every start
#   -Xclang-linker -static-libgcc   libgcc's unwinder linked in as well (no libgcc_s.so.1)
#   -Xclang-linker -no-pie       a position-dependent executable: the ~29,000 pointers in the Swift
#                                runtime's and NetKit's metadata need no relocation at start (no
#                                copy-on-write of those pages); the executable's own image is not
#                                randomised (its libraries, heap and stack still are); without
#                                this flag a start costs 0.2–0.3 ms more CPU
#   -Xlinker --no-export-dynamic undoes the static runtime's `-export-dynamic`: the executable
#                                exports no symbols, so every symbol lookup of the loader and the
#                                runtime's `dladdr` skip them
# Flags reach the link only through the command line: Package.swift stays free of unsafeFlags.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH

scratch=.build
if [ "${1:-}" = --scratch-path ]; then
    scratch=$2
    shift 2
fi
mkdir -p "$scratch/static-libstdc++"
archive=$(clang -print-file-name=libstdc++.a)
[ -f "$archive" ] || { echo "release-build: libstdc++.a not found (install libstdc++-12-dev or the g++ of the release)" >&2; exit 1; }
ln -sfn "$archive" "$scratch/static-libstdc++/libstdc++.a"

exec swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch" \
    -Xswiftc -L"$(cd "$scratch/static-libstdc++" && pwd)" \
    -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
    -Xswiftc -Xclang-linker -Xswiftc -no-pie \
    -Xlinker --no-export-dynamic \
    "$@"
