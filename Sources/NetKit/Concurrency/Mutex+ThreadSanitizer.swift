import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

extension Mutex where Value: ~Copyable {
    /// `withLock`, with the ordering the lock gives made visible to ThreadSanitizer. `owner` is
    /// the object that holds this mutex; its address names the lock to ThreadSanitizer.
    ///
    /// On Linux a contended `Mutex` is taken and released in `_lockSlow` / `_unlockSlow`, which
    /// live in the toolchain's uninstrumented `libswiftSynchronization.so`, and the kernel hands
    /// the lock from one thread to the next (`FUTEX_UNLOCK_PI` → `FUTEX_LOCK_PI`) without an
    /// atomic operation in instrumented code. ThreadSanitizer then sees two critical sections of
    /// one lock as unordered and reports a race that cannot happen (it did, on
    /// ``ReaderControl``'s counters, in `Scripts/sanitize.sh thread`). Marking the start and the
    /// end of each critical section with `__tsan_acquire` / `__tsan_release` — the annotations the
    /// Swift runtime makes for its own task queues — restores the ordering and hides nothing
    /// else. Without ThreadSanitizer the functions do not exist and only a nil check remains.
    borrowing func withLock<Result: ~Copyable, E: Error>(
        owner: AnyObject, _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        let address = Unmanaged.passUnretained(owner).toOpaque()
        return try withLock { (value: inout sending Value) throws(E) -> sending Result in
            ThreadSanitizerAnnotation.acquire?(address)
            defer { ThreadSanitizerAnnotation.release?(address) }
            return try body(&value)
        }
    }
}

/// ThreadSanitizer's annotation functions, present only in a process built with
/// `-sanitize=thread` (looked up the way the Swift runtime looks them up).
enum ThreadSanitizerAnnotation {
    typealias Function = @convention(c) (UnsafeMutableRawPointer?) -> Void

    static let acquire = lookup("__tsan_acquire")
    static let release = lookup("__tsan_release")

    /// `dlsym(RTLD_DEFAULT, name)`: the nil handle is `RTLD_DEFAULT`.
    private static func lookup(_ name: String) -> Function? {
        dlsym(nil, name).map { unsafeBitCast($0, to: Function.self) }
    }
}
