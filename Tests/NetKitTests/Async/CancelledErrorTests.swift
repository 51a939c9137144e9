@testable import NetKit
import Testing

@Suite("The cancelled error of the async forms")
struct CancelledErrorTests {
    @Test("names the operation and the namespace, says nothing was sent, and has no errno")
    func cancelledErrorText() throws {
        let pod = try Namespace.initial()
        let error = NetlinkExecutor.cancelled("addRoute(_:)", in: pod)
        #expect(error.reason == .cancelled)
        #expect(error.errno == nil)
        #expect(
            error.description
                == "addRoute(_:) \(pod): cancelled — hint: the task was cancelled before the request was sent; nothing was sent")
    }
}
