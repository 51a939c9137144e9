import Testing

/// Every blocking operation of ``NetlinkHandle`` has an `async` form with the same name, labels
/// and parameter types, so that async code never blocks a thread of Swift's cooperative pool.
/// The sources themselves are read: an operation added later without its `async` form (a new
/// link kind's `add(_:)`, say) fails here by name.
@Suite("Async coverage: every blocking NetlinkHandle operation has an async form")
struct AsyncCoverageTests {
    /// The public operations declared in `extension NetlinkHandle` across Sources/NetKit.
    static func publicOperations() throws -> [HandleDeclaration] {
        try LayeringTests.swiftFiles().flatMap { HandleDeclaration.all(in: $0.text) }.filter(\.isPublic)
    }

    /// Operations that need no `async` form of the same signature: `events` does not block (it
    /// returns an `AsyncSequence`), and `run`'s `async` form is `perform`.
    static let notBlocking: Set<String> = ["events(_: EventKinds, snapshot: Bool, receiveBufferSize: Int?)", "run(_: ()throws->T)"]

    /// The blocking operations whose `async` form is missing, sorted.
    static func missingAsyncForms(_ operations: [HandleDeclaration]) -> [String] {
        let asyncForms = Set(operations.filter(\.isAsync).map(\.signature))
        return Set(operations.filter { !$0.isAsync }.map(\.signature)).subtracting(asyncForms).subtracting(notBlocking).sorted()
    }

    @Test("each public blocking operation in extension NetlinkHandle has an async form of the same signature")
    func everyBlockingOperationHasAnAsyncForm() throws {
        let operations = try Self.publicOperations()
        let blocking = operations.filter { !$0.isAsync }.map(\.signature)
        // The scan must see the operations it guards, or it would pass by reading nothing.
        #expect(blocking.count >= 75, "only \(blocking.count) blocking operations found: \(blocking)")
        for known in [
            "addRoute(_: Route)", "add(_: VethPair)", "links()", "routes(filter: RouteFilter)",
            "attach(_: ContainerInterface)", "addQdiscs(_: [Qdisc])",
        ] {
            #expect(blocking.contains(known), "the scan did not find \(known)")
        }
        let missing = Self.missingAsyncForms(operations)
        #expect(
            missing.isEmpty,
            """
            \(missing.count) blocking NetlinkHandle operations have no async form; add each to \
            Sources/NetKit/Async/ (a one-line forward: try await onIOThread { try $0.op(…) }):
            \(missing.joined(separator: "\n"))
            """)
    }

    @Test("the scan reads multi-line parameters, defaults, overloads, and skips comments, strings and private helpers")
    func scanReadsDeclarationsPrecisely() {
        let source = #"""
            /// Not code: public func commented(_ x: Int) throws {
            extension NetlinkHandle {
                /// `ip link add` — a doc comment with a brace { and "quotes"
                @discardableResult
                public func add(_ veth: VethPair) throws -> Int {
                    let text = "a brace } and \(veth.name + "}") inside a string"
                    return text.count
                }
                public func add(_ bridge: Bridge) throws { try create(bridge) }
                public func addAddress(
                    _ address: IPNetwork, dev: String, peer: IPAddress? = nil,
                    filter: RouteFilter = RouteFilter(), flags: [String: Int] = [:]
                ) throws {}
                public func add(_ veth: VethPair) async throws(NetKitError) -> Int { 0 }
                func helper(_ name: String) throws {}
                private func other() throws {}
            }
            public extension NetlinkHandle {
                func implicitlyPublic(of name: String) -> Bool { true }
            }
            extension Namespace {
                public func notTheHandle() throws {}
            }
            """#
        let found = HandleDeclaration.all(in: source)
        #expect(
            found.map(\.signature) == [
                "add(_: VethPair)", "add(_: Bridge)",
                "addAddress(_: IPNetwork, dev: String, peer: IPAddress?, filter: RouteFilter, flags: [String:Int])",
                "add(_: VethPair)", "helper(_: String)", "other()", "implicitlyPublic(of: String)",
            ])
        #expect(found.map(\.isAsync) == [false, false, false, true, false, false, false])
        #expect(found.map(\.isPublic) == [true, true, true, true, false, false, true])
        #expect(
            AsyncCoverageTests.missingAsyncForms(found.filter(\.isPublic)) == [
                "add(_: Bridge)",
                "addAddress(_: IPNetwork, dev: String, peer: IPAddress?, filter: RouteFilter, flags: [String:Int])",
                "implicitlyPublic(of: String)",
            ])
    }
}
