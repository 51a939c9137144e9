#include "CNetKitShims.h"

#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/nsfs.h>

const int CNetKitShims_CLONE_NEWNET = CLONE_NEWNET;
const uint32_t CNetKitShims_LINUX_CAPABILITY_VERSION_3 = _LINUX_CAPABILITY_VERSION_3;

int CNetKitShims_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }
int CNetKitShims_unshare_net(void) { return unshare(CLONE_NEWNET); }
int CNetKitShims_set_thread_name(const char *name) { return pthread_setname_np(pthread_self(), name); }
int CNetKitShims_gettid(void) { return (int)syscall(SYS_gettid); }
int CNetKitShims_ns_get_nstype(int fd) { return ioctl(fd, NS_GET_NSTYPE); }

int CNetKitShims_capget(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data) {
    return (int)syscall(SYS_capget, header, data);
}
int CNetKitShims_capset(struct __user_cap_header_struct *header, struct __user_cap_data_struct *data) {
    return (int)syscall(SYS_capset, header, data);
}
int CNetKitShims_getresuid(uint32_t *real, uint32_t *effective, uint32_t *saved) {
    return (int)syscall(SYS_getresuid, real, effective, saved);
}
int CNetKitShims_getresgid(uint32_t *real, uint32_t *effective, uint32_t *saved) {
    return (int)syscall(SYS_getresgid, real, effective, saved);
}

// pidfd_open (Linux 5.3) is newer than some C libraries' headers; its number is the same on
// every architecture.
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
int CNetKitShims_pidfd_open(int pid) { return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0u); }

// PIDFD_GET_NET_NAMESPACE is _IO(PIDFS_IOCTL_MAGIC 0xFF, 4), newer than most distributions'
// uapi headers, so its number is spelled out.
int CNetKitShims_pidfd_get_net_namespace(int pidfd) { return ioctl(pidfd, _IO(0xFF, 4)); }
