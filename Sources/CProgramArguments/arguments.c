#include "CProgramArguments.h"

#include <stddef.h>

static char **capturedArgv = NULL;
static int capturedArgc = 0;
static char **overrideArgv = NULL;
static int overrideArgc = 0;

/// glibc calls each function in an executable's `.init_array` with argc, argv and envp, before
/// any constructor of the Swift runtime can ask for them.
static void captureArguments(int argc, char **argv, char **envp) {
    (void)envp;
    capturedArgc = argc;
    capturedArgv = argv;
}

__attribute__((section(".init_array"), used))
static void (*const captureArgumentsEntry)(int, char **, char **) = captureArguments;

char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    if (overrideArgv != NULL) {
        *outArgLen = overrideArgc;
        return overrideArgv;
    }
    static char *emptyArgv[] = {NULL};
    if (capturedArgv == NULL) {
        *outArgLen = 0;
        return emptyArgv;
    }
    *outArgLen = capturedArgc;
    return capturedArgv;
}

void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc) {
    overrideArgv = argv;
    overrideArgc = argc;
}
