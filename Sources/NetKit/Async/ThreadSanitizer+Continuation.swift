extension ThreadSanitizerAnnotation {
    /// Tells ThreadSanitizer that everything the resumer of the calling task's last continuation
    /// did happens before what the task does next; call it right after the `await`.
    ///
    /// The Swift runtime marks a resume with `__tsan_release` on the task, and pairs it with
    /// `__tsan_acquire` when it runs the task again as a new job. A continuation resumed before
    /// its task reached the `await` (an I/O thread that answers within microseconds) lets the
    /// task carry straight on instead, after an atomic check inside the uninstrumented runtime:
    /// ThreadSanitizer then sees the resumer's access to the task's frame and the task's next
    /// use of that memory as unordered. The acquire supplies the missing edge; without
    /// ThreadSanitizer it is a nil check.
    static func acquireCurrentTask() {
        guard let acquire else { return }
        withUnsafeCurrentTask { task in
            // An `UnsafeCurrentTask` is the task's address, which the runtime's release names.
            guard let task else { return }
            acquire(unsafeBitCast(task, to: UnsafeMutableRawPointer.self))
        }
    }
}
