// CNetlink: the C surface NetKit needs from libmnl, libnl-3 / libnl-route-3 and the kernel's
// uapi headers, plus tiny static inline shims for what Swift cannot import directly (function-like
// macros, constants whose imported type is inconvenient). No logic lives here. The system calls
// that need _GNU_SOURCE or a variadic call (setns, unshare, capget …) are in CNetKitShims, a C
// target compiled with _GNU_SOURCE.
#ifndef CNETLINK_H
#define CNETLINK_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>
#include <linux/fib_rules.h>
// Not included on purpose: uapi headers that pull in <linux/in6.h> (if_tunnel.h, if_bridge.h …)
// clash with Glibc's <netinet/in.h> once a client imports both modules. NetKit keeps those
// constants in Swift (Netlink/*Attributes.swift), checked against the kernel headers by a test.
#include <libmnl/libmnl.h>
// libnl: the package's system library is over libnl-3 / libnl-route-3. Traffic control requests
// are built by libnl's tc modules (Netlink/TrafficControl/); NetKit sends their bytes itself.
#include <netlink/netlink.h>
#include <netlink/route/rtnl.h>
#include <netlink/route/route.h>
#include <netlink/route/tc.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/class.h>
#include <netlink/route/classifier.h>
#include <netlink/route/action.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/qdisc/htb.h>
#include <netlink/route/qdisc/netem.h>
#include <netlink/route/qdisc/fifo.h>
#include <netlink/route/qdisc/sfq.h>
#include <netlink/route/qdisc/prio.h>
#include <netlink/route/qdisc/fq_codel.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/cls/matchall.h>
#include <netlink/route/cls/basic.h>
#include <netlink/route/act/mirred.h>
#include <netlink/route/act/gact.h>

/// libnl's `TC_CAST` as functions (the macro is a cast Swift cannot import).
static inline struct rtnl_tc *CNL_tc_of_qdisc(struct rtnl_qdisc *qdisc) { return (struct rtnl_tc *)qdisc; }
static inline struct rtnl_tc *CNL_tc_of_class(struct rtnl_class *cls) { return (struct rtnl_tc *)cls; }
static inline struct rtnl_tc *CNL_tc_of_cls(struct rtnl_cls *cls) { return (struct rtnl_tc *)cls; }
static inline struct rtnl_tc *CNL_tc_of_act(struct rtnl_act *act) { return (struct rtnl_tc *)act; }

// ---- Exact-typed constants (the macros import as Int32 / anonymous enums).
static const uint16_t CNL_NLM_F_REQUEST = NLM_F_REQUEST;
static const uint16_t CNL_NLM_F_MULTI = NLM_F_MULTI;
static const uint16_t CNL_NLM_F_ACK = NLM_F_ACK;
static const uint16_t CNL_NLM_F_DUMP_INTR = NLM_F_DUMP_INTR;
static const uint16_t CNL_NLM_F_DUMP = NLM_F_DUMP;
static const uint16_t CNL_NLM_F_REPLACE = NLM_F_REPLACE;
static const uint16_t CNL_NLM_F_EXCL = NLM_F_EXCL;
static const uint16_t CNL_NLM_F_CREATE = NLM_F_CREATE;
static const uint16_t CNL_NLM_F_APPEND = NLM_F_APPEND;
static const uint16_t CNL_NLM_F_CAPPED = NLM_F_CAPPED;
static const uint16_t CNL_NLM_F_ACK_TLVS = NLM_F_ACK_TLVS;

static const uint8_t CNL_RTPROT_UNSPEC = RTPROT_UNSPEC;
static const uint8_t CNL_RTPROT_KERNEL = RTPROT_KERNEL;
static const uint8_t CNL_RTPROT_BOOT = RTPROT_BOOT;
static const uint8_t CNL_RTPROT_STATIC = RTPROT_STATIC;
static const uint8_t CNL_RTPROT_DHCP = RTPROT_DHCP;
static const uint8_t CNL_RTPROT_BIRD = RTPROT_BIRD;
static const uint32_t CNL_RTNH_F_ONLINK = RTNH_F_ONLINK;
static const uint32_t CNL_RT_TABLE_MAIN = RT_TABLE_MAIN;
static const uint32_t CNL_RT_TABLE_LOCAL = RT_TABLE_LOCAL;
static const uint32_t CNL_RT_TABLE_DEFAULT = RT_TABLE_DEFAULT;

#endif
