#!/usr/bin/env bash
# NetKit's kernel lane: runs one command as root under the distribution's own stock kernel in
# QEMU, so tests and examples that need IPIP, GRE, VLAN, dummy, netem or u32/mirred run for real
# on a host whose kernel lacks them. The host filesystem is the guest's root, read-only; the
# command's stdout, stderr and exit status come back.
#
# Usage: Scripts/kernel-lane.sh [-t SECS] [-w DIR]... -- CMD [ARGS...]      (as root)
#
#   -t SECS   power the guest off after SECS seconds (default 3600); exit status 124
#   -w DIR    make DIR writable straight through to the host (e.g. a build directory)
#
# The guest: the host's / over virtio-9p, read-only; /etc, /var, /tmp, /root and /home are
# writable but thrown away at power-off; /run and /dev are its own. No network device: CMD runs
# in the guest's root network namespace with only `lo` (up), from the caller's working directory,
# with the caller's exported environment and stdin from /dev/null. The modules `ipip` and `ip_gre`
# are loaded at boot, as on a Calico node, so every namespace there holds tunl0, gre0, gretap0 and
# erspan0 next to lo; every other module (8021q, dummy, sch_netem, cls_u32, act_mirred, …) loads on
# demand through the host's own modprobe, run against the unpacked kernel package.
#
# Exit status: CMD's; 124 on timeout; 125 when the guest died before CMD ended (the end of its
# kernel log is printed); 2 for a usage or setup error.
#
# First use installs qemu-system-x86, busybox-static, kmod and xz-utils (when missing) and downloads
# the kernel package (`apt-get download`, never installed) into the cache. Environment:
#   NETKIT_LANE_CACHE       cache directory (default $XDG_CACHE_HOME/netkit-kernel-lane, else
#                           /var/cache/netkit-kernel-lane)
#   NETKIT_LANE_KERNEL_PKG  kernel package (default: the one linux-image-amd64 or linux-image-generic
#                           depends on)
#   NETKIT_LANE_ACCEL       kvm or tcg (default: kvm when /dev/kvm can run a guest, else tcg)
#   NETKIT_LANE_CPUS, NETKIT_LANE_MEM   guest size (default: 2 CPUs, 2G)
#   NETKIT_LANE_MODULES     modules loaded at boot (default "ipip ip_gre")
#   NETKIT_LANE_CONSOLE     keep the guest's kernel log in this file
set -euo pipefail
# The script is one group, read whole before any of it runs: editing this file while a run is
# under way cannot change what that run does.
{

usage() { sed -n '7,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
fail() { echo "kernel-lane: $*" >&2; exit 2; }

timeout_secs=3600
writable=()
while [ $# -gt 0 ]; do
    case $1 in
        -t) [ $# -ge 2 ] || usage; timeout_secs=$2; shift 2 ;;
        -w) [ $# -ge 2 ] || usage; writable+=("$(realpath -e "$2")") || fail "no directory $2"; shift 2 ;;
        --) shift; break ;;
        -*) usage ;;
        *) break ;;
    esac
done
[ $# -gt 0 ] || usage
[ "$(id -u)" = 0 ] || fail "needs root (QEMU's 9p export of / and the kernel cache)"
for dir in "${writable[@]}"; do
    [[ $dir != *[,\ ]* ]] || fail "-w $dir: a writable directory's path cannot hold a comma or a space"
done

cache=${NETKIT_LANE_CACHE:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/netkit-kernel-lane}}
cache=${cache:-/var/cache/netkit-kernel-lane}
boot_modules=${NETKIT_LANE_MODULES-ipip ip_gre}

apt_quiet() { DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 "$@" > /dev/null 2>&1; }

# Host tools: QEMU; kmod, whose modprobe the guest runs (the host's / is the guest's /) against
# the unpacked modules; busybox-static, the guest's PID 1 before it switches to the host's /;
# xz-utils, to unpack the kernel image.
install_host_tools() {
    local missing=() tool
    for tool in qemu-system-x86_64:qemu-system-x86 modprobe:kmod xz:xz-utils; do
        command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
    done
    [ -x /bin/busybox ] && ! ldd /bin/busybox > /dev/null 2>&1 ||
        missing+=(busybox-static)
    [ ${#missing[@]} != 0 ] || return 0
    apt_quiet install --no-install-recommends "${missing[@]}" ||
        { apt_quiet update; apt_quiet install --no-install-recommends "${missing[@]}"; } ||
        fail "cannot install ${missing[*]}"
}

# The kernel package the distribution's meta package points at (Debian: linux-image-amd64;
# Ubuntu: linux-image-generic, whose modules come in separate linux-modules* packages).
kernel_package() {
    [ -z "${NETKIT_LANE_KERNEL_PKG:-}" ] || { echo "$NETKIT_LANE_KERNEL_PKG"; return; }
    local meta package
    for meta in linux-image-amd64 linux-image-generic; do
        apt-cache show "$meta" > /dev/null 2>&1 || continue
        package=$(apt-cache depends "$meta" | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        [ -n "$package" ] && { echo "$package"; return; }
    done
    apt_quiet update
    for meta in linux-image-amd64 linux-image-generic; do
        package=$(apt-cache depends "$meta" 2> /dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        [ -n "$package" ] && { echo "$package"; return; }
    done
    fail "no kernel package found (neither linux-image-amd64 nor linux-image-generic is known to apt)"
}

# Unpacks the kernel package (and, on Ubuntu, its module packages) into $1: root/ holds
# /boot and /lib/modules, vmlinux the uncompressed kernel, which QEMU boots directly (PVH) and
# which spares the guest decompressing itself, seconds under TCG.
unpack_kernel() {
    local dir=$1 package=$2 deb offset
    rm -rf "$dir"; mkdir -p "$dir/download"
    (cd "$dir/download" && apt-get download -q "$package" $(apt-cache depends "$package" |
        awk '/Depends: linux-modules/ {print $2}') > /dev/null 2>&1) || fail "apt-get download $package failed"
    for deb in "$dir"/download/*.deb; do dpkg-deb -x "$deb" "$dir/root"; done
    depmod -b "$dir/root" "$(ls "$dir/root/lib/modules")"
    # The xz stream inside the bzImage; xz stops at its end, so tail's SIGPIPE is expected.
    offset=$(LC_ALL=C grep -m1 -obUaP '\xfd7zXZ\x00' "$dir"/root/boot/vmlinuz-* | cut -d: -f1 || true)
    if [ -n "$offset" ]; then
        { tail -c +$((offset + 1)) "$dir"/root/boot/vmlinuz-* || true; } | xz -dc --single-stream > "$dir/vmlinux" 2> /dev/null ||
            rm -f "$dir/vmlinux"
    fi
    [ -s "$dir/vmlinux" ] || cp "$dir"/root/boot/vmlinuz-* "$dir/vmlinux"
    rm -rf "$dir/download"
    touch "$dir/ready"
}

# The initramfs: busybox, the modules that reach the host's / (virtio, 9p, overlay) and init.
build_initramfs() {
    local dir=$1 version module staging=$1/initramfs.d
    version=$(ls "$dir/root/lib/modules")
    rm -rf "$staging"; mkdir -p "$staging"/{bin,modules,proc,sys,dev,host,scratch}
    cp /bin/busybox "$staging/bin/"
    for module in $(modprobe -d "$dir/root" -S "$version" --show-depends -a \
            virtio_pci virtio_mmio virtio_console 9pnet_virtio 9p overlay | awk '$1 == "insmod" && !seen[$2]++ {print $2}'); do
        cp "$module" "$staging/modules/"
        basename "$module" >> "$staging/modules/order"
    done
    printf 'version=%s\nmodules=%s\n' "$version" "$dir/root/lib/modules/$version" > "$staging/kernel.conf"
    guest_init > "$staging/init"; chmod +x "$staging/init"
    (cd "$staging" && find . | /bin/busybox cpio -o -H newc 2> /dev/null | gzip -1) > "$dir/initramfs.tmp"
    mv "$dir/initramfs.tmp" "$dir/initramfs"
    rm -rf "$staging"
}

# The guest's PID 1 (busybox sh): mounts the host's / read-only with throw-away writable
# directories over it, makes /dev, /proc, /sys, /run its own, switches into it and runs the
# command with its output on the virtio-serial ports out, err and rc.
guest_init() {
    cat << 'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs dev /dev
while read -r module; do insmod "/modules/$module" || echo "kernel-lane: insmod $module failed"; done < /modules/order
. /kernel.conf
for word in $(cat /proc/cmdline); do case $word in netkit.run=*) run=${word#netkit.run=} ;; esac; done
die() { echo "kernel-lane: $*"; poweroff -f; }
host=/host
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot $host || die "cannot mount the host's /"
. "$host$run/guest.conf"
mount -t tmpfs -o mode=0755 scratch /scratch
overlay() {
    mkdir -p /scratch/$1/upper /scratch/$1/work
    mount -t overlay overlay -o lowerdir=$host/$1,upperdir=/scratch/$1/upper,workdir=/scratch/$1/work $host/$1 ||
        die "cannot make /$1 writable"
}
for dir in etc var tmp root home; do overlay $dir; done
chmod 1777 $host/tmp
mount -t tmpfs -o mode=0755 run $host/run
mount -t devtmpfs dev $host/dev
mkdir -p $host/dev/pts $host/dev/shm
# What udev and systemd-tmpfiles give every distribution's /dev.
ln -s /proc/self/fd $host/dev/fd
for fd in 0:stdin 1:stdout 2:stderr; do ln -s /proc/self/fd/${fd%%:*} $host/dev/${fd#*:}; done
# And, as systemd's kmod-static-nodes does, the nodes whose first open loads their module (/dev/net/tun).
grep -v '^#' $host$modules/modules.devname | while read -r module name node; do
    major=${node#?}; major=${major%:*}; minor=${node#*:}
    mkdir -p $host/dev/$(dirname $name)
    [ -e $host/dev/$name ] || mknod -m 0666 $host/dev/$name ${node%"${node#?}"} $major $minor
done
mount -t devpts -o newinstance,ptmxmode=0666 devpts $host/dev/pts
mount -t tmpfs shm $host/dev/shm
mount -t proc proc $host/proc
mount -t sysfs sysfs $host/sys
mount -t cgroup2 cgroup2 $host/sys/fs/cgroup
# The host's own modules belong to another kernel: this kernel's take their place.
if [ -d $host/lib/modules ]; then mount -t tmpfs -o mode=0755 modules $host/lib/modules; else overlay usr/lib; fi
mkdir -p $host/lib/modules/$version
mount --bind $host$modules $host/lib/modules/$version || die "cannot show the kernel's modules at /lib/modules/$version"
n=0
for dir in $writable; do
    mount -t 9p -o trans=virtio,version=9p2000.L,cache=mmap,msize=512000 writable$n $host$dir || die "cannot mount $dir writable"
    n=$((n + 1))
done
for port in /sys/class/virtio-ports/*; do ln -s /dev/${port##*/} $host/run/port-$(cat $port/name); done
cp /bin/busybox $host/run/busybox
cat > $host/run/stage2 << STAGE2
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
/run/busybox hostname netkit-kernel-lane
/run/busybox ip link set lo up
[ -z "$boot_modules" ] || modprobe -a $boot_modules || echo "kernel-lane: modprobe $boot_modules failed" > /run/port-err
/bin/bash $run/command.sh < /dev/null > /run/port-out 2> /run/port-err
echo \$? > /run/port-rc
sync
/run/busybox poweroff -f
STAGE2
cd $host
mount --move . /
exec chroot . /run/busybox sh /run/stage2
EOF
}

# Whether this host can run a KVM guest: /dev/kvm opens and the CPU offers VMX or SVM.
kvm_works() {
    [ -c /dev/kvm ] && { : < /dev/kvm; } 2> /dev/null && grep -qwE 'vmx|svm' /proc/cpuinfo
}

mkdir -p "$cache"
{
    flock 9  # two first runs at once must not unpack the kernel twice
    install_host_tools
    package=$(kernel_package)
    # (if, not ||: set -e stays in force inside the functions)
    if [ ! -e "$cache/$package/ready" ]; then unpack_kernel "$cache/$package" "$package"; fi
    if [ ! "$cache/$package/initramfs" -nt "$0" ]; then build_initramfs "$cache/$package"; fi
} 9> "$cache/.lock"
kernel=$cache/$package

run=$(mktemp -d /tmp/netkit-kernel-lane.XXXXXX)
readers=()
cleanup() {
    [ ${#readers[@]} = 0 ] || kill "${readers[@]}" 2> /dev/null || true
    rm -rf "$run"
}
trap cleanup EXIT
{
    for variable in $(compgen -e); do
        case $variable in PWD | OLDPWD | SHLVL | _ | SHELLOPTS | BASHOPTS) continue ;; esac
        printf 'export %s=%q\n' "$variable" "${!variable}"
    done
    printf 'cd %q 2> /dev/null || cd /\nexec' "$PWD"
    printf ' %q' "$@"
    echo
} > "$run/command.sh"
printf 'run=%s\nboot_modules="%s"\nwritable="%s"\n' "$run" "$boot_modules" "${writable[*]}" > "$run/guest.conf"

accel=${NETKIT_LANE_ACCEL:-}
[ -n "$accel" ] || { kvm_works && accel=kvm || accel=tcg; }
case $accel in
    kvm) qemu=(-accel kvm -cpu host) ;;
    tcg) qemu=(-accel tcg,thread=multi -cpu max) ;;
    *) fail "NETKIT_LANE_ACCEL=$accel: expected kvm or tcg" ;;
esac
qemu+=(-M q35 -bios /usr/share/qemu/qboot.rom -smp "${NETKIT_LANE_CPUS:-2}" -m "${NETKIT_LANE_MEM:-2G}")
export_directory() {
    qemu+=(-fsdev "local,id=$1,path=$2,security_model=none,multidevs=remap$3" -device "virtio-9p-pci,fsdev=$1,mount_tag=$1")
}
export_directory hostroot / ,readonly=on
n=0
for dir in "${writable[@]}"; do export_directory "writable$n" "$dir" ""; n=$((n + 1)); done
qemu+=(-device virtio-serial-pci,id=serial)
for port in out err rc; do
    qemu+=(-chardev "file,id=$port,path=$run/$port" -device "virtserialport,bus=serial.0,chardev=$port,name=$port")
done
console=${NETKIT_LANE_CONSOLE:-$run/console.log}
mkfifo "$run/out" "$run/err"
cat "$run/out" & readers+=($!)
cat "$run/err" >&2 & readers+=($!)

status=0
timeout -k 5 "$timeout_secs" qemu-system-x86_64 -nodefaults -no-user-config "${qemu[@]}" \
    -display none -vga none -no-reboot -nic none -serial "file:$console" \
    -kernel "$kernel/vmlinux" -initrd "$kernel/initramfs" \
    -append "console=ttyS0 quiet loglevel=4 panic=-1 mitigations=off cryptomgr.notests netkit.run=$run" \
    < /dev/null || status=$?
# Opening the fifos once more ends the readers also when QEMU never opened them.
: <> "$run/out"; : <> "$run/err"
wait "${readers[@]}" 2> /dev/null || true
readers=()
rc=$(cat "$run/rc" 2> /dev/null || true)
if [ -z "$rc" ]; then
    if [ "$status" = 124 ]; then
        echo "kernel-lane: timed out after $timeout_secs s: $*" >&2
        exit 124
    fi
    echo "kernel-lane: the guest ended without the command's exit status (QEMU exit status $status); its kernel log ends:" >&2
    tail -n 30 "$console" >&2 2> /dev/null || true
    exit 125
fi
exit "$rc"
}
