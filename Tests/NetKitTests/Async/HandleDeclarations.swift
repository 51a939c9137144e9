/// The `func` declarations directly inside `extension NetlinkHandle { … }` of Swift source text,
/// read well enough to pair each blocking operation with its `async` form: comments and string
/// literals are blanked first, so neither a doc comment that quotes `public func` nor a brace
/// inside a string confuses the brace count.
struct HandleDeclaration: Hashable, CustomStringConvertible {
    /// The operation's name and parameters as `label: Type`, defaults left out:
    /// `addAddress(_: IPNetwork, dev: String, …)`.
    var signature: String
    var isAsync: Bool
    var isPublic: Bool

    var description: String { signature }

    /// Every `func` declared at the top level of an `extension NetlinkHandle` body in `source`.
    static func all(in source: String) -> [HandleDeclaration] {
        let code = blankCommentsAndStrings(Array(source.utf8))
        var found: [HandleDeclaration] = []
        var i = 0
        while let start = find(word: "extension", in: code, from: i) {
            i = start + 1
            var j = skipSpace(code, start + "extension".utf8.count)
            guard matches(word: "NetlinkHandle", in: code, at: j) else { continue }
            j += "NetlinkHandle".utf8.count
            guard let open = code[j...].firstIndex(of: UInt8(ascii: "{")) else { break }
            let isPublicExtension = words(in: code[lineStart(code, start)..<start]).contains("public")
            let close = matching(code, open)
            found += declarations(in: code, body: (open + 1)..<close, isPublicExtension: isPublicExtension)
            i = close
        }
        return found
    }

    private static func declarations(in code: [UInt8], body: Range<Int>, isPublicExtension: Bool) -> [HandleDeclaration] {
        var found: [HandleDeclaration] = []
        var declarationStart = body.lowerBound
        var i = body.lowerBound
        while i < body.upperBound {
            switch code[i] {
            case UInt8(ascii: "{"):
                i = matching(code, i) + 1
                declarationStart = i
                continue
            case UInt8(ascii: "f") where matches(word: "func", in: code, at: i):
                let modifiers = words(in: code[declarationStart..<i])
                var j = skipSpace(code, i + 4)
                let nameStart = j
                while j < body.upperBound, isIdentifier(code[j]) { j += 1 }
                let name = String(decoding: code[nameStart..<j], as: UTF8.self)
                j = skipSpace(code, j)
                if code[j] == UInt8(ascii: "<") { j = matching(code, j) + 1 }
                j = skipSpace(code, j)
                guard code[j] == UInt8(ascii: "(") else { i = j; continue }
                let parametersEnd = matching(code, j)
                let parameters = splitTopLevel(code[(j + 1)..<parametersEnd], at: ",").compactMap(parameter)
                var effectsEnd = parametersEnd + 1
                while effectsEnd < body.upperBound, code[effectsEnd] != UInt8(ascii: "{"),
                    !(code[effectsEnd] == UInt8(ascii: "-") && code[effectsEnd + 1] == UInt8(ascii: ">"))
                {
                    effectsEnd += 1
                }
                let isPrivate = !Set(modifiers).isDisjoint(with: ["private", "fileprivate", "internal", "package"])
                found.append(
                    HandleDeclaration(
                        signature: "\(name)(\(parameters.joined(separator: ", ")))",
                        isAsync: words(in: code[parametersEnd..<effectsEnd]).contains("async"),
                        isPublic: modifiers.contains("public") || (isPublicExtension && !isPrivate)))
                i = effectsEnd
                continue
            default:
                break
            }
            i += 1
        }
        return found
    }

    /// `label name: Type = default` as `label: Type` (spaces removed from the type).
    private static func parameter(_ text: ArraySlice<UInt8>) -> String? {
        let withoutDefault = splitTopLevel(text, at: "=").first ?? text
        let parts = splitTopLevel(withoutDefault, at: ":")
        guard parts.count >= 2, let label = words(in: parts[0]).first else { return nil }
        let type = String(decoding: withoutDefault[(parts[0].endIndex + 1)...], as: UTF8.self).filter { !$0.isWhitespace }
        return "\(label): \(type)"
    }

    /// Splits at `separator` where no (), [], <> or {} is open.
    private static func splitTopLevel(_ text: ArraySlice<UInt8>, at separator: Unicode.Scalar) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var depth = 0
        var start = text.startIndex
        for i in text.indices {
            switch text[i] {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: "<"): depth += 1
            case UInt8(ascii: ">") where i > text.startIndex && text[i - 1] != UInt8(ascii: "-"): depth -= 1
            case UInt8(ascii: separator) where depth == 0:
                parts.append(text[start..<i])
                start = i + 1
            default: break
            }
        }
        if start < text.endIndex || !parts.isEmpty { parts.append(text[start..<text.endIndex]) }
        return parts.filter { !words(in: $0).isEmpty }
    }

    /// The index of the bracket that closes the one at `open` (`{`, `(`, `[` or `<`).
    private static func matching(_ code: [UInt8], _ open: Int) -> Int {
        let opener = code[open]
        let closer: UInt8 =
            switch opener {
            case UInt8(ascii: "{"): UInt8(ascii: "}")
            case UInt8(ascii: "("): UInt8(ascii: ")")
            case UInt8(ascii: "["): UInt8(ascii: "]")
            default: UInt8(ascii: ">")
            }
        var depth = 0
        for i in open..<code.count {
            if code[i] == opener { depth += 1 }
            if code[i] == closer, !(closer == UInt8(ascii: ">") && code[i - 1] == UInt8(ascii: "-")) {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return code.count - 1
    }

    /// The source with every comment and string literal's content replaced by spaces (newlines
    /// kept), so that only code is left to count braces in.
    static func blankCommentsAndStrings(_ source: [UInt8]) -> [UInt8] {
        var code = source
        var i = 0
        func blank(_ range: Range<Int>) {
            for k in range where code[k] != UInt8(ascii: "\n") { code[k] = UInt8(ascii: " ") }
        }
        while i < source.count {
            if source[i] == UInt8(ascii: "/"), i + 1 < source.count, source[i + 1] == UInt8(ascii: "/") {
                let end = source[i...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
                blank(i..<end)
                i = end
            } else if source[i] == UInt8(ascii: "/"), i + 1 < source.count, source[i + 1] == UInt8(ascii: "*") {
                var depth = 0
                var k = i
                repeat {
                    if source[k] == UInt8(ascii: "/"), k + 1 < source.count, source[k + 1] == UInt8(ascii: "*") {
                        depth += 1; k += 1
                    } else if source[k] == UInt8(ascii: "*"), k + 1 < source.count, source[k + 1] == UInt8(ascii: "/") {
                        depth -= 1; k += 1
                    }
                    k += 1
                } while depth > 0 && k < source.count
                blank(i..<k)
                i = k
            } else if source[i] == UInt8(ascii: "\"") {
                let end = stringEnd(source, i)
                blank((i + 1)..<max(i + 1, end - 1))
                i = end
            } else {
                i += 1
            }
        }
        return code
    }

    /// The index just after the string literal that starts at `start` (`"…"` or `"""…"""`),
    /// interpolations (with strings inside) included.
    private static func stringEnd(_ source: [UInt8], _ start: Int) -> Int {
        let quote = UInt8(ascii: "\"")
        let isMultiline = start + 2 < source.count && source[start + 1] == quote && source[start + 2] == quote
        var i = start + (isMultiline ? 3 : 1)
        while i < source.count {
            if source[i] == UInt8(ascii: "\\") {
                guard i + 1 < source.count, source[i + 1] == UInt8(ascii: "(") else { i += 2; continue }
                var depth = 1
                i += 2
                while i < source.count, depth > 0 {
                    if source[i] == quote { i = stringEnd(source, i); continue }
                    if source[i] == UInt8(ascii: "(") { depth += 1 }
                    if source[i] == UInt8(ascii: ")") { depth -= 1 }
                    i += 1
                }
                continue
            }
            if source[i] == quote {
                if !isMultiline { return i + 1 }
                if i + 2 < source.count, source[i + 1] == quote, source[i + 2] == quote { return i + 3 }
            }
            i += 1
        }
        return source.count
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7a) || byte >= 0x80
    }

    /// The identifiers in `text`, in order.
    private static func words(in text: ArraySlice<UInt8>) -> [String] {
        text.split { !isIdentifier($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    private static func matches(word: String, in code: [UInt8], at i: Int) -> Bool {
        let bytes = Array(word.utf8)
        guard i + bytes.count <= code.count, Array(code[i..<(i + bytes.count)]) == bytes else { return false }
        let before = i == 0 || !isIdentifier(code[i - 1])
        let after = i + bytes.count == code.count || !isIdentifier(code[i + bytes.count])
        return before && after
    }

    private static func find(word: String, in code: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < code.count {
            if matches(word: word, in: code, at: i) { return i }
            i += 1
        }
        return nil
    }

    private static func skipSpace(_ code: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < code.count, code[i] == UInt8(ascii: " ") || code[i] == UInt8(ascii: "\n") || code[i] == UInt8(ascii: "\t") { i += 1 }
        return i
    }

    private static func lineStart(_ code: [UInt8], _ i: Int) -> Int {
        (code[..<i].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
    }
}
