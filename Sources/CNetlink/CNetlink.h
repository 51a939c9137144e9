// CNetlink: the C surface NetKit needs from libmnl, libnl-3 / libnl-route-3 and the kernel's
// uapi headers, plus tiny static inline shims for what Swift cannot import directly
// (variadic functions, _GNU_SOURCE-only declarations, function-like macros, constants whose
// imported type is inconvenient). No logic lives here.
#ifndef CNETLINK_H
#define CNETLINK_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/fib_rules.h>
#include <linux/nsfs.h>
// Not included on purpose: uapi headers that pull in <linux/in6.h> (if_tunnel.h, if_bridge.h …)
// clash with Glibc's <netinet/in.h> once a client imports both modules. NetKit keeps those
// constants in Swift (Netlink/*Attributes.swift), checked against the kernel headers by a test.
#include <libmnl/libmnl.h>
#include <netlink/netlink.h>
#include <netlink/route/rtnl.h>
#include <netlink/route/route.h>

// ---- Namespaces: setns/unshare need _GNU_SOURCE, which the Glibc module was built without.
extern int setns(int fd, int nstype);
extern int unshare(int flags);

static const int CNL_CLONE_NEWNET = 0x40000000;

static inline int CNL_setns_net(int fd) { return setns(fd, CNL_CLONE_NEWNET); }

// pthread_setname_np is _GNU_SOURCE-only too: names NetKit's namespace threads.
#include <pthread.h>
extern int pthread_setname_np(pthread_t thread, const char *name);
static inline int CNL_set_thread_name(const char *name) { return pthread_setname_np(pthread_self(), name); }
static inline int CNL_unshare_net(void) { return unshare(CNL_CLONE_NEWNET); }

/// ioctl(fd, NS_GET_NSTYPE): the namespace type of an nsfs file descriptor (ioctl is variadic).
static inline int CNL_ns_get_nstype(int fd) { return ioctl(fd, NS_GET_NSTYPE); }

// ---- Capabilities of the calling thread only (tests of EPERM without CAP_NET_ADMIN).
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>

/// Removes `capability` from the calling thread's effective and permitted sets (capset is
/// per-thread; glibc has no wrapper and syscall is variadic). Irreversible for this thread.
static inline int CNL_drop_thread_capability(int capability) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    data[capability / 32].effective &= ~(1u << (capability % 32));
    data[capability / 32].permitted &= ~(1u << (capability % 32));
    return (int)syscall(SYS_capset, &header, data);
}

/// The calling thread's credentials as the kernel holds them (capabilities and ids are per
/// thread: capset and the raw set*id system calls change one thread only).
typedef struct {
    uint64_t effective, permitted, inheritable;
    uint32_t uid, euid, suid, gid, egid, sgid;
} CNL_thread_credentials;

static inline int CNL_get_thread_credentials(CNL_thread_credentials *out) {
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    out->effective = data[0].effective | ((uint64_t)data[1].effective << 32);
    out->permitted = data[0].permitted | ((uint64_t)data[1].permitted << 32);
    out->inheritable = data[0].inheritable | ((uint64_t)data[1].inheritable << 32);
    if (syscall(SYS_getresuid, &out->uid, &out->euid, &out->suid) != 0) return -1;
    return (int)syscall(SYS_getresgid, &out->gid, &out->egid, &out->sgid);
}

/// ioctl(fd, FIONREAD)
static inline int CNL_ioctl_fionread(int fd, int *out) { return ioctl(fd, FIONREAD, out); }

// ---- Exact-typed constants (the macros import as Int32 / anonymous enums).
static const uint16_t CNL_NLM_F_REQUEST = NLM_F_REQUEST;
static const uint16_t CNL_NLM_F_MULTI = NLM_F_MULTI;
static const uint16_t CNL_NLM_F_ACK = NLM_F_ACK;
static const uint16_t CNL_NLM_F_DUMP_INTR = NLM_F_DUMP_INTR;
static const uint16_t CNL_NLM_F_DUMP = NLM_F_DUMP;
static const uint16_t CNL_NLM_F_REPLACE = NLM_F_REPLACE;
static const uint16_t CNL_NLM_F_EXCL = NLM_F_EXCL;
static const uint16_t CNL_NLM_F_CREATE = NLM_F_CREATE;
static const uint16_t CNL_NLM_F_APPEND = NLM_F_APPEND;
static const uint16_t CNL_NLM_F_CAPPED = NLM_F_CAPPED;
static const uint16_t CNL_NLM_F_ACK_TLVS = NLM_F_ACK_TLVS;

static const uint8_t CNL_RTPROT_UNSPEC = RTPROT_UNSPEC;
static const uint8_t CNL_RTPROT_KERNEL = RTPROT_KERNEL;
static const uint8_t CNL_RTPROT_BOOT = RTPROT_BOOT;
static const uint8_t CNL_RTPROT_STATIC = RTPROT_STATIC;
static const uint8_t CNL_RTPROT_DHCP = RTPROT_DHCP;
static const uint8_t CNL_RTPROT_BIRD = RTPROT_BIRD;
static const uint32_t CNL_RTNH_F_ONLINK = RTNH_F_ONLINK;
static const uint32_t CNL_RT_TABLE_MAIN = RT_TABLE_MAIN;
static const uint32_t CNL_RT_TABLE_LOCAL = RT_TABLE_LOCAL;
static const uint32_t CNL_RT_TABLE_DEFAULT = RT_TABLE_DEFAULT;

// ---- Netlink message layout helpers (function-like macros do not import).
static inline uint32_t CNL_nlmsg_align(uint32_t len) { return NLMSG_ALIGN(len); }
static inline uint32_t CNL_nla_align(uint32_t len) { return NLA_ALIGN(len); }

// ---- libnl's iproute2-compatible name tables (/etc/iproute2/rt_protos, rt_tables, ...).
static inline const char *CNL_route_protocol_name(int proto, char *buf, size_t len) {
    return rtnl_route_proto2str(proto, buf, len);
}
static inline const char *CNL_route_table_name(int table, char *buf, size_t len) {
    return rtnl_route_table2str(table, buf, len);
}
static inline int CNL_route_protocol_value(const char *name) { return rtnl_route_str2proto(name); }
static inline int CNL_route_table_value(const char *name) { return rtnl_route_str2table(name); }

#endif
