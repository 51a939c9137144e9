import Foundation
import NetKitCNI
import Testing

/// NetKitCNI's own JSON: strict parsing, exact round trips, and messages that say where.
@Suite("JSON parsing and writing")
struct JSONTests {
    private func parse(_ text: String) -> Result<JSONValue, CNIError> {
        Result { () throws(CNIError) in try CNIJSON.parse(Array(text.utf8)) }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(
            #" {"a": [1, -2, 3.5, 1e3, -0.25E-2, true, false, null], "s": "q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "e": {}, "l": []} "#
        ).get()
        #expect(
            value["a"]
                == .array([.integer(1), .integer(-2), .number(3.5), .number(1000), .number(-0.0025), .bool(true), .bool(false), .null]))
        #expect(value["s"]?.stringValue == "q\"\\/\u{08}\u{0C}\n\r\té😀")
        #expect(value["e"] == .object([:]) && value["l"] == .array([]))
        #expect(try parse("9223372036854775807").get() == .integer(.max))
        #expect(try parse("9223372036854775808").get() == .number(9223372036854775808), "beyond Int64: a Double")
        #expect(try parse(#""naïve ✓""#).get() == .string("naïve ✓"), "UTF-8 passes through")
    }

    @Test func refusesWhatIsNotJSON() {
        let bad: [(String, String)] = [
            ("", "end of input"), ("{", "end of input"), (#"{"a" 1}"#, "expected ':'"), (#"{"a": 1,}"#, "expected a key"),
            ("[1,]", "expected a value"), ("01", "leading zero"), ("1.", "digits after '.'"), ("-", "needs digits"),
            ("tru", "expected a value"), (#""\x""#, "unknown escape"), ("\"a\u{01}\"", "control character"),
            (#""\ud800""#, "lone surrogate"), ("{} {}", "after the JSON value"), ("1e999", "out of range"),
            (String(repeating: "[", count: 600), "nesting deeper"), ("'single'", "expected a value"),
        ]
        for (text, reason) in bad {
            switch parse(text) {
            case .success(let value): Issue.record("\(text.prefix(20)) parsed as \(value)")
            case .failure(let error):
                #expect(error.code == .decodingFailure)
                #expect(error.details?.contains(reason) == true, "\(text.prefix(20)): \(error.details ?? "")")
            }
        }
        if case .failure(let error) = parse("{\n  \"a\": tru\n}") {
            #expect(error.details?.contains("line 2, column 8") == true, "\(error.details ?? "")")
        }
    }

    @Test func writesSortedEscapedAndRoundTrips() throws {
        let value: JSONValue = .object([
            "b": .array([.integer(1), .number(2.5), .null]), "a": "x/\"\n\u{01}", "c": .object(["z": .bool(true)]),
        ])
        let compact = String(decoding: try CNIJSON.encode(value, pretty: false), as: UTF8.self)
        #expect(compact == #"{"a":"x/\"\n\u0001","b":[1,2.5,null],"c":{"z":true}}"#)
        let pretty = try CNIJSON.encode(value)
        #expect(String(decoding: pretty, as: UTF8.self).contains("\n  \"b\": [\n    1,"))
        #expect(try CNIJSON.parse(pretty) == value)
        // Foundation reads what we write.
        let foundation = try JSONSerialization.jsonObject(with: Data(pretty)) as? [String: Any]
        #expect(foundation?["a"] as? String == "x/\"\n\u{01}")
    }

    @Test func codableTypesRoundTripThroughTheCoders() throws {
        var result = try CNIJSON.decode(CNIResult.self, from: Array(CNITypesTests.referenceResult.utf8), what: "result")
        result.routes?[0].priority = 7
        result.interfaces?[0].mtu = 9000
        let again = try CNIJSON.decode(CNIResult.self, from: try CNIJSON.encode(result), what: "again")
        #expect(again == result)
        do {
            _ = try CNIJSON.decode(CNIResult.self, from: Array(#"{"ips": [{"address": 5}]}"#.utf8), what: "result")
            Issue.record("a number is not an address")
        } catch {
            #expect(error.details == "ips[0].address: expected a string, found a number", "\(error)")
        }
        do {
            _ = try CNIJSON.decode(CNIResult.self, from: Array(#"{"routes": [{"dst": "0.0.0.0/0", "mtu": -1}]}"#.utf8), what: "result")
            Issue.record("a negative MTU does not fit UInt32")
        } catch {
            #expect(error.details?.hasPrefix("routes[0].mtu:") == true, "\(error)")
        }
    }
}
