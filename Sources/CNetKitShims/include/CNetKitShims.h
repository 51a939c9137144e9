// CNetKitShims: the system calls NetKit's namespace and thread code needs that Swift's Glibc
// module does not declare. setns, unshare, pthread_setname_np, gettid, getresuid and getresgid
// are _GNU_SOURCE-only; ioctl and syscall are variadic; glibc has no capget/capset or
// pidfd_open wrapper. Compiled as a C target of its own with _GNU_SOURCE defined (as swift-nio's
// CNIOLinux), so no prototype of glibc is declared by hand. Each function is one call; no logic
// lives here. Only Sources/NetKit/Netlink/SystemCalls.swift imports this module.
#ifndef CNETKITSHIMS_H
#define CNETKITSHIMS_H

#include <stdint.h>
#include <linux/capability.h>

/// CLONE_NEWNET: the namespace type of a network namespace.
extern const int CNetKitShims_CLONE_NEWNET;
/// _LINUX_CAPABILITY_VERSION_3, the capget/capset header version.
extern const uint32_t CNetKitShims_LINUX_CAPABILITY_VERSION_3;

/// setns(fd, CLONE_NEWNET): moves the calling thread into the network namespace `fd` refers to.
int CNetKitShims_setns_net(int fd);
/// unshare(CLONE_NEWNET): gives the calling thread a new network namespace.
int CNetKitShims_unshare_net(void);
/// pthread_setname_np(pthread_self(), name).
int CNetKitShims_set_thread_name(const char *name);
/// gettid(): the calling thread's kernel id.
int CNetKitShims_gettid(void);
/// ioctl(fd, NS_GET_NSTYPE): the namespace type of an nsfs descriptor.
int CNetKitShims_ns_get_nstype(int fd);

/// capget/capset of the calling thread only (the raw system calls).
int CNetKitShims_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data);
int CNetKitShims_capset(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data);
/// getresuid/getresgid of the calling thread (the raw system calls: glibc's act on one thread too,
/// but are _GNU_SOURCE-only).
int CNetKitShims_getresuid(uint32_t *real, uint32_t *effective, uint32_t *saved);
int CNetKitShims_getresgid(uint32_t *real, uint32_t *effective, uint32_t *saved);

/// pidfd_open(pid, 0) (Linux 5.3), or -1 with errno (ENOSYS on older kernels).
int CNetKitShims_pidfd_open(int pid);
/// ioctl(pidfd, PIDFD_GET_NET_NAMESPACE) (Linux 6.11): the process's network namespace.
int CNetKitShims_pidfd_get_net_namespace(int pidfd);

#endif
