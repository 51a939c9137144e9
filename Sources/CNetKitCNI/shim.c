#include "CNetKitCNI.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <errno.h>
#include <unistd.h>

int CNKC_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int CNKC_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
