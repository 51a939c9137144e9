import Foundation
import Testing
@testable import NetKit

@Suite("MACAddress")
struct MACAddressTests {
    @Test(arguments: [
        ("aa:bb:cc:dd:ee:ff", "aa:bb:cc:dd:ee:ff"),
        ("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff"),
        ("02:42:Ac:11:00:02", "02:42:ac:11:00:02"),
        ("00:00:00:00:00:00", "00:00:00:00:00:00"),
        ("ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff"),
    ])
    func parsesAndPrints(_ text: String, _ canonical: String) throws {
        let mac = try MACAddress(parsing: text)
        #expect(mac.description == canonical)
        #expect(MACAddress(canonical) == mac)
    }

    static let invalid: [(String, String)] = [
        ("aa-bb-cc-dd-ee-ff", "'-' separators are not accepted"),
        ("aabb.ccdd.eeff", "'.' separators are not accepted"),
        ("a:b:c:d:e:f", "group \"a\" must be exactly 2 hex digits"),
        ("aaa:bb:cc:dd:ee:f", "exactly 2 hex digits"),
        ("aa::cc:dd:ee:ff", "group \"\" must be exactly 2"),
        ("aa:bb:cc:dd:ee", "expected 6 colon-separated hex pairs, found 5"),
        ("aa:bb:cc:dd:ee:ff:00", "found 7"),
        ("aabbccddeeff", "found 1"),
        ("aa:bb:cc:dd:ee:fg", "group \"fg\" contains 'g', which is not a hex digit"),
        ("aa:bb:cc:dd:ee:+f", "'+'"),
        ("", "is empty"),
        (" aa:bb:cc:dd:ee:ff", "leading whitespace"),
        ("aa:bb:cc:dd:ee:ff ", "trailing whitespace"),
        ("aa:bb:cc:dd:ee:ff\n", "trailing whitespace"),
    ]

    @Test("invalid text is rejected with a message that quotes it", arguments: invalid)
    func rejects(_ text: String, _ fragment: String) {
        expectInvalidInput(text, operation: "parse MAC address", mentioning: [fragment]) {
            _ = try MACAddress(parsing: text)
        }
        #expect(MACAddress(text) == nil)
    }

    @Test func bytes() {
        let bytes: [UInt8] = [0x02, 0x42, 0xAC, 0x11, 0x00, 0x02]
        let mac = MACAddress(bytes: bytes)
        #expect(mac?.bytes == bytes)
        #expect(mac?.description == "02:42:ac:11:00:02")
        #expect(MACAddress(bytes: bytes.dropLast()) == nil)
        #expect(MACAddress(bytes: bytes + [0]) == nil)
        #expect(MACAddress(bytes: []) == nil)
    }

    @Test func bits() {
        #expect(MACAddress.broadcast.isMulticast)
        #expect(MACAddress.broadcast.isBroadcast)
        #expect(MACAddress.broadcast.description == "ff:ff:ff:ff:ff:ff")
        #expect(MACAddress.zero.isZero)
        #expect(!MACAddress.zero.isMulticast)
        #expect(MACAddress.zero.description == "00:00:00:00:00:00")
        let ipv6Multicast: MACAddress = "33:33:00:00:00:01"
        #expect(ipv6Multicast.isMulticast)
        #expect(ipv6Multicast.isLocallyAdministered)
        let vendor: MACAddress = "00:1b:21:3a:4f:5e"
        #expect(!vendor.isMulticast && !vendor.isLocallyAdministered && !vendor.isZero)
        let local: MACAddress = "02:00:00:00:00:01"
        #expect(local.isLocallyAdministered && !local.isMulticast)
    }

    @Test func randomIsLocallyAdministeredUnicast() {
        var seen = Set<MACAddress>()
        for _ in 0..<1000 {
            let mac = MACAddress.random()
            #expect(mac.isLocallyAdministered)
            #expect(!mac.isMulticast)
            #expect(mac.bytes[0] & 0x03 == 0x02)
            #expect(MACAddress(mac.description) == mac)
            seen.insert(mac)
        }
        #expect(seen.count > 990)
    }

    @Test func randomWithGeneratorIsReproducible() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        let first = (0..<10).map { _ in MACAddress.random(using: &a) }
        let second = (0..<10).map { _ in MACAddress.random(using: &b) }
        #expect(first == second)
        #expect(first.allSatisfy { $0.isLocallyAdministered && !$0.isMulticast })
    }

    @Test func codable() throws {
        let (decoded, json) = try jsonRoundTrip(MACAddress("02:42:AC:11:00:02"))
        #expect(json == "\"02:42:ac:11:00:02\"")
        #expect(decoded == "02:42:ac:11:00:02")
        let bad = Data("\"02-42-ac-11-00-02\"".utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MACAddress.self, from: bad) }
    }
}
