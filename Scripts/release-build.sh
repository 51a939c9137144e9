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
#   PKG_CONFIG_PATH with libnl-3.0.pc and libnl-route-3.0.pc of its own, whose -L names the same
#                                directory, holding libnl-3.a and libnl-route-3.a (libnl-3-dev,
#                                libnl-route-3-dev): libnl is linked in too, only the objects
#                                NetKit's traffic control calls, and the loader neither maps nor
#                                relocates two libraries at every start (0.1 ms of CPU, 24 page
#                                faults). libmnl stays shared (Debian ships no libmnl.a); glibc
#                                stays shared. libnl is LGPL-2.1: whoever ships such an executable
#                                must let its users relink it (NetKit's sources and objects do)
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
archives="$scratch/static-archives"
mkdir -p "$archives" "$scratch/pkgconfig"
archives=$(cd "$archives" && pwd)
archive=$(clang -print-file-name=libstdc++.a)
[ -f "$archive" ] || { echo "release-build: libstdc++.a not found (install libstdc++-12-dev or the g++ of the release)" >&2; exit 1; }
ln -sfn "$archive" "$archives/libstdc++.a"
libdir=$(pkg-config --variable=libdir libnl-route-3.0)
includedir=$(pkg-config --variable=includedir libnl-route-3.0)/libnl3
for library in libnl-3 libnl-route-3; do
    [ -f "$libdir/$library.a" ] || { echo "release-build: $libdir/$library.a not found (install ${library}-dev)" >&2; exit 1; }
    ln -sfn "$libdir/$library.a" "$archives/$library.a"
done
cat > "$scratch/pkgconfig/libnl-3.0.pc" <<PC
Name: libnl
Description: libnl-3, linked in from $archives
Version: $(pkg-config --modversion libnl-3.0)
Libs: -L$archives -lnl-3 -lpthread
Cflags: -I$includedir
PC
cat > "$scratch/pkgconfig/libnl-route-3.0.pc" <<PC
Name: libnl-route
Description: libnl-route-3, linked in from $archives
Version: $(pkg-config --modversion libnl-route-3.0)
Requires: libnl-3.0
Libs: -L$archives -lnl-route-3
Cflags: -I$includedir
PC
export PKG_CONFIG_PATH="$(cd "$scratch/pkgconfig" && pwd)${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

exec swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path "$scratch" \
    -Xswiftc -L"$archives" \
    -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
    -Xswiftc -Xclang-linker -Xswiftc -no-pie \
    -Xlinker --no-export-dynamic \
    "$@"
