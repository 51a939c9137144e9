// The Swift runtime's two entry points for `CommandLine`, defined by NetKit's executables
// themselves. Linked into an executable with the Swift runtime inside it
// (`--static-swift-stdlib`), these definitions keep the runtime's own (`CommandLine.cpp`) out of
// the link, and with it a static initialiser that reads /proc/self/maps at every start to find
// argv on the stack. Here argv is what glibc hands every `.init_array` function of the
// executable. Nothing needs to import this module: the executables depend on the target, and
// the Swift runtime calls these functions by name.
#ifndef CPROGRAMARGUMENTS_H
#define CPROGRAMARGUMENTS_H

/// argv and argc of the process, or of the last override.
char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen);

/// Replaces what `_swift_stdlib_getUnsafeArgvArgc` returns (the runtime's own contract).
void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc);

#endif
