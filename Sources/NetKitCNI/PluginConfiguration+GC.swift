extension PluginConfiguration {
    /// The key libcni sends alongside `cni.dev/valid-attachments`, with the same list: the
    /// attachments' key as the first text of the 1.1 spec named it.
    public static let legacyAttachmentsKey = "cni.dev/attachments"

    /// `GC`'s still-valid attachments: `cni.dev/valid-attachments` (spec 1.1, section 2), else
    /// the same list under ``legacyAttachmentsKey``. A request with neither list (both absent
    /// or `null`) says nothing about what is valid, so it is error 7 rather than "nothing is
    /// valid": a `GC` that read it as an empty list would release every address and rule of the
    /// network. An empty array is a real answer and means that no attachment is valid.
    public func attachmentsToKeep() throws(CNIError) -> Set<Attachment> {
        if let validAttachments { return Set(validAttachments) }
        if let legacy = fields[Self.legacyAttachmentsKey], legacy != .null {
            do {
                return Set(try JSONValueDecoder.decode([Attachment].self, from: legacy, []))
            } catch {
                throw CNIError(.decodingFailure, "invalid \(Self.legacyAttachmentsKey)", details: CNIJSON.describe(error))
            }
        }
        throw CNIError(
            .invalidNetworkConfiguration, "GC needs cni.dev/valid-attachments",
            details:
                "the GC request has no list of valid attachments (cni.dev/valid-attachments absent or null); refusing to treat every attachment as stale"
        )
    }
}
