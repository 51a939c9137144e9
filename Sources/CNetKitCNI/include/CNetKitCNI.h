// System calls NetKitCNI needs that Swift's Glibc module does not declare: they are
// _GNU_SOURCE-only (pipe2) or need the variadic syscall(2) (pidfd_open). Compiled in a C target
// of its own, with _GNU_SOURCE, so that no Swift file declares a glibc prototype by hand.
#ifndef CNETKITCNI_H
#define CNETKITCNI_H

/// pipe2(fds, O_CLOEXEC): both ends close on exec from the moment they exist, so a child
/// another thread spawns at the same time cannot inherit them.
int CNKC_pipe_cloexec(int fds[2]);

/// pidfd_open(pid, 0), or -1 with errno (ENOSYS before Linux 5.3).
int CNKC_pidfd_open(int pid);

#endif
