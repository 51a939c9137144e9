#if canImport(Glibc)
    import Glibc
#endif

/// An ICMP echo socket: the only code of the ping probe that makes system calls.
///
/// A socket belongs to the network namespace of the thread that creates it, and `bind`,
/// `SO_BINDTODEVICE` and `if_nametoindex` resolve names there too, so an `ICMPSocket` is made
/// and used only inside `Namespace.run`'s dedicated thread and closed before it returns.
final class ICMPSocket {
    let descriptor: Int32
    let family: AddressFamily
    let kind: PingResult.SocketKind
    /// Error text context: `ping 172.19.0.100 from veth1 (in netns ren)`.
    let object: String

    private init(descriptor: Int32, family: AddressFamily, kind: PingResult.SocketKind, object: String) {
        self.descriptor = descriptor
        self.family = family
        self.kind = kind
        self.object = object
    }

    deinit { close(descriptor) }

    /// Opens an echo socket in the calling thread's namespace.
    ///
    /// Which kind: the kernel's datagram "ping socket" needs no privilege and delivers only this
    /// socket's replies, but only to groups in `net.ipv4.ping_group_range`, which is `1 0`
    /// (nobody) in every new namespace. NetKit does not widen that sysctl: it is state of the
    /// user's namespace (a pod's, a container's), a probe must not change what it observes, and
    /// a write would race with whoever manages it. So the datagram socket is tried first and,
    /// when the range excludes us (`EACCES`), a raw ICMP socket is opened instead, which
    /// `CAP_NET_RAW` (root) always allows. A raw socket sees every echo reply of the namespace,
    /// so replies are matched by identifier, sequence and a random per-probe payload, and an
    /// ICMP filter keeps everything but echo replies out of its queue.
    static func open(family: AddressFamily, object: String) throws(NetKitError) -> ICMPSocket {
        let domain = Int32(family.rawValue)
        let proto = family == .ipv4 ? ICMPConstants.protocolICMP : ICMPConstants.protocolICMPv6
        let datagram = socket(domain, ICMPConstants.socketDatagram | ICMPConstants.socketCloseOnExec, proto)
        let socketHandle: ICMPSocket
        if datagram >= 0 {
            socketHandle = ICMPSocket(descriptor: datagram, family: family, kind: .datagram, object: object)
        } else {
            let datagramError = Errno.current
            let raw = socket(domain, ICMPConstants.socketRaw | ICMPConstants.socketCloseOnExec, proto)
            guard raw >= 0 else {
                let rawError = Errno.current
                throw NetKitError(
                    .system(rawError), operation: "ping", object: object,
                    hint:
                        "no ICMP socket: a ping socket failed with \(datagramError.name) (is the group in net.ipv4.ping_group_range?) and a raw socket with \(rawError.name) (needs CAP_NET_RAW)"
                )
            }
            socketHandle = ICMPSocket(descriptor: raw, family: family, kind: .raw, object: object)
            try socketHandle.installReplyFilter()
        }
        // Errors to the error queue (with the ICMP type, code and sender) instead of a bare
        // errno on the next call; TTL / hop limit of each reply as ancillary data.
        if family == .ipv4 {
            try socketHandle.setOption(ICMPConstants.protocolIP, ICMPConstants.ipReceiveError, 1, "IP_RECVERR")
            try socketHandle.setOption(ICMPConstants.protocolIP, ICMPConstants.ipReceiveTTL, 1, "IP_RECVTTL")
        } else {
            try socketHandle.setOption(ICMPConstants.protocolIPv6, ICMPConstants.ipv6ReceiveError, 1, "IPV6_RECVERR")
            try socketHandle.setOption(ICMPConstants.protocolIPv6, ICMPConstants.ipv6ReceiveHopLimit, 1, "IPV6_RECVHOPLIMIT")
        }
        return socketHandle
    }

    private func installReplyFilter() throws(NetKitError) {
        if family == .ipv4 {
            // struct icmp_filter { __u32 data; }: a set bit drops that type; pass echo reply (0).
            var mask = ~UInt32(1 << ICMPEcho.replyType(.ipv4))
            guard setsockopt(descriptor, ICMPConstants.levelRaw, ICMPConstants.icmpFilter, &mask, socklen_t(MemoryLayout<UInt32>.size)) == 0
            else {
                throw failure("setsockopt(ICMP_FILTER)")
            }
        } else {
            // struct icmp6_filter { __u32 data[8]; }: a set bit blocks that type; pass echo reply (129).
            var filter = [UInt32](repeating: .max, count: 8)
            let type = Int(ICMPEcho.replyType(.ipv6))
            filter[type >> 5] &= ~(UInt32(1) << UInt32(type & 31))
            let status = filter.withUnsafeBytes { raw in
                setsockopt(descriptor, ICMPConstants.protocolICMPv6, ICMPConstants.icmp6Filter, raw.baseAddress, socklen_t(raw.count))
            }
            guard status == 0 else { throw failure("setsockopt(ICMP6_FILTER)") }
        }
    }

    private func setOption(_ level: Int32, _ name: Int32, _ value: Int32, _ label: String) throws(NetKitError) {
        var value = value
        guard setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw failure("setsockopt(\(label))")
        }
    }

    /// `ping -I DEV`: `SO_BINDTODEVICE`, so only routes out of `interface` are used.
    func bind(toDevice interface: InterfaceName) throws(NetKitError) {
        var name = Array(interface.rawValue.utf8) + [0]
        guard setsockopt(descriptor, ICMPConstants.levelSocket, ICMPConstants.bindToDevice, &name, socklen_t(name.count)) == 0 else {
            let error = Errno.current
            throw NetKitError(
                .system(error), operation: "ping", object: object,
                hint: error == .ENODEV
                    ? "there is no interface \(interface) in this namespace" : "setsockopt(SO_BINDTODEVICE, \(interface)) failed")
        }
    }

    /// `ping -I ADDR`: `bind` to a source address, which must be configured in the namespace.
    func bind(to address: IPAddress, scopeID: UInt32) throws(NetKitError) {
        let status = Self.withSocketAddress(address, scopeID: scopeID) { pointer, length in
            Glibc.bind(descriptor, pointer, length)
        }
        guard status == 0 else {
            let error = Errno.current
            throw NetKitError(
                .system(error), operation: "ping", object: object,
                hint: error == .EADDRNOTAVAIL
                    ? "\(address) is not an address of this namespace (ip addr add it first)" : "bind(\(address)) failed")
        }
    }

    /// The index of `interface` in this thread's namespace — correct only because this runs on
    /// the namespace's thread.
    func interfaceIndex(_ interface: InterfaceName) throws(NetKitError) -> UInt32 {
        let index = if_nametoindex(interface.rawValue)
        guard index != 0 else {
            throw NetKitError(
                .system(.ENODEV), operation: "ping", object: object,
                hint: "there is no interface \(interface) in this namespace")
        }
        return index
    }

    /// Sends one datagram; the errno on failure.
    func send(_ bytes: [UInt8], to address: IPAddress, scopeID: UInt32) -> Errno? {
        let sent = Self.withSocketAddress(address, scopeID: scopeID) { pointer, length in
            bytes.withUnsafeBytes { buffer in
                sendto(descriptor, buffer.baseAddress, buffer.count, ICMPConstants.messageDontWait, pointer, length)
            }
        }
        return sent < 0 ? Errno.current : nil
    }

    /// What `poll` found: data to read, an error queued, or neither (time ran out).
    struct Readiness {
        var readable: Bool
        var errorQueued: Bool
    }

    func wait(milliseconds: Int32) throws(NetKitError) -> Readiness {
        var descriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let status = poll(&descriptor, 1, milliseconds)
        if status < 0 {
            guard Errno.current == .EINTR else { throw failure("poll") }
            return Readiness(readable: false, errorQueued: false)
        }
        return Readiness(
            readable: descriptor.revents & Int16(POLLIN) != 0,
            errorQueued: descriptor.revents & Int16(POLLERR) != 0)
    }

    /// One received datagram with its sender (`msg_name`) and ancillary data.
    struct Datagram {
        var data: ArraySlice<UInt8>
        var sender: ArraySlice<UInt8>
        var control: ArraySlice<UInt8>
    }

    /// The next datagram without blocking (`MSG_DONTWAIT`), from the error queue when
    /// `errorQueue` (`MSG_ERRQUEUE`); nil when there is none.
    func receive(errorQueue: Bool) throws(NetKitError) -> Datagram? {
        var data = [UInt8](repeating: 0, count: 2048)
        var sender = [UInt8](repeating: 0, count: MemoryLayout<sockaddr_storage>.size)
        var control = [UInt8](repeating: 0, count: 512)
        var flags = ICMPConstants.messageDontWait
        if errorQueue { flags |= ICMPConstants.messageErrorQueue }
        let dataCount = data.count, senderCount = sender.count, controlCount = control.count
        var header = msghdr()
        let (received, senderLength, controlLength) = data.withUnsafeMutableBytes { dataBuffer in
            sender.withUnsafeMutableBytes { senderBuffer in
                control.withUnsafeMutableBytes { controlBuffer in
                    var vector = iovec(iov_base: dataBuffer.baseAddress, iov_len: dataCount)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        header.msg_name = senderBuffer.baseAddress
                        header.msg_namelen = socklen_t(senderCount)
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBuffer.baseAddress
                        header.msg_controllen = controlCount
                        let received = recvmsg(descriptor, &header, flags)
                        return (received, Int(header.msg_namelen), Int(header.msg_controllen))
                    }
                }
            }
        }
        if received < 0 {
            let error = Errno.current
            if error == .EAGAIN || error == .EINTR { return nil }
            // On the normal queue, a pending ICMP error (sk_err) is returned once as the errno
            // of the next read; its details wait in the error queue, which the next poll reports.
            if !errorQueue, ![Errno.EBADF, .EFAULT, .EINVAL, .ENOMEM, Errno(rawValue: ICMPConstants.notSocket)].contains(error) {
                return nil
            }
            throw failure(errorQueue ? "recvmsg(MSG_ERRQUEUE)" : "recvmsg")
        }
        return Datagram(
            data: data[..<min(received, dataCount)],
            sender: sender[..<min(senderLength, senderCount)],
            control: control[..<min(controlLength, controlCount)])
    }

    private func failure(_ call: String) -> NetKitError {
        NetKitError(.system(.current), operation: "ping", object: object, hint: "\(call) failed")
    }

    /// Calls `body` with a `sockaddr_in` / `sockaddr_in6` for `address` (port 0).
    static func withSocketAddress<R>(
        _ address: IPAddress, scopeID: UInt32,
        _ body: (UnsafePointer<sockaddr>, socklen_t) -> R
    ) -> R {
        switch address {
        case .v4(let v4):
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_addr.s_addr = v4.rawValue.bigEndian
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let v6):
            var storage = sockaddr_in6()
            storage.sin6_family = sa_family_t(AF_INET6)
            storage.sin6_scope_id = scopeID
            withUnsafeMutableBytes(of: &storage.sin6_addr) { raw in
                for (index, byte) in v6.networkBytes.enumerated() where index < raw.count { raw[index] = byte }
            }
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }
}
