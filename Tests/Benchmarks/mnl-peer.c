// mnl-peer: the kernel-limit reference for Scripts/bench.sh. The same workloads and the same
// command line as netkit-bench, written directly over libmnl the way a careful C programmer
// would: messages built in place, sent either as batches (many requests per sendmsg, one ACK
// at the end of each) or one request + ACK at a time (-b 1). Dumps parse every attribute into
// plain structs kept in memory, as a typed library has to.
//
//   cc -O2 -o mnl-peer Tests/Benchmarks/mnl-peer.c -lmnl
//   mnl-peer [-b BATCH] veth-add N | veth-del N
//   mnl-peer [-b BATCH] route-add N IFNAME PLEN | route-del N IFNAME PLEN
//   mnl-peer route-dump | link-dump
//   mnl-peer [-b BATCH] pods-add N PREFIX | pods-del N PREFIX
//
// Acts in the network namespace it was started in and refuses the machine's root namespace.
// Exit status 1 if any operation failed.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#define SEND_BYTES (32 * 1024)
#define RECV_BYTES (32 * 1024)
#define DEFAULT_BATCH 256

static int batch_size = DEFAULT_BATCH;

static void die(const char *what) {
    fprintf(stderr, "mnl-peer: %s: %s\n", what, strerror(errno));
    exit(2);
}

// ---- Socket -----------------------------------------------------------------------------

struct nl {
    struct mnl_socket *sock;
    unsigned portid;
    unsigned seq;
    char rbuf[RECV_BYTES];
};

static struct nl *nl_open(void) {
    struct nl *nl = calloc(1, sizeof *nl);
    if (!nl) die("calloc");
    nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
    if (!nl->sock) die("mnl_socket_open");
    if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) die("mnl_socket_bind");
    nl->portid = mnl_socket_get_portid(nl->sock);
    int on = 1;
    mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &on, sizeof on);
    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &on, sizeof on);
    mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &on, sizeof on);
    int size = 8 * 1024 * 1024;
    setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    nl->seq = (unsigned)time(NULL);
    return nl;
}

static void nl_close(struct nl *nl) {
    mnl_socket_close(nl->sock);
    free(nl);
}

// ---- Batches: requests accumulate in one buffer; a full run goes out in one sendmsg with an
// ACK asked for on its last message only (the kernel reports each failure anyway). ----------

struct batch {
    struct nl *nl;
    char buf[SEND_BYTES + 4096];
    size_t len;
    int count;
    unsigned first;
    struct nlmsghdr *last;
    int failures;
};

static void batch_init(struct batch *b, struct nl *nl) {
    memset(b, 0, sizeof *b);
    b->nl = nl;
}

static void report(const struct nlmsgerr *err, const struct nlmsghdr *nlh, int *failures) {
    if (*failures < 5) {
        const char *text = "";
        if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
            size_t offset = sizeof(*err);
            if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
            const struct nlattr *attr;
            mnl_attr_for_each(attr, nlh, offset) {
                if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG) text = mnl_attr_get_str(attr);
            }
        }
        fprintf(stderr, "mnl-peer: request %u: %s %s\n", nlh->nlmsg_seq, strerror(-err->error), text);
    }
    (*failures)++;
}

static void batch_flush(struct batch *b) {
    if (b->count == 0) return;
    struct nl *nl = b->nl;
    b->last->nlmsg_flags |= NLM_F_ACK;
    unsigned last = b->last->nlmsg_seq;
    if (mnl_socket_sendto(nl->sock, b->buf, b->len) < 0) die("sendmsg");
    for (;;) {
        ssize_t received = mnl_socket_recvfrom(nl->sock, nl->rbuf, sizeof nl->rbuf);
        if (received < 0) die("recvmsg");
        int n = (int)received, done = 0;
        for (struct nlmsghdr *nlh = (struct nlmsghdr *)nl->rbuf; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
            if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq - b->first > last - b->first) continue;
            const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
            if (err->error) report(err, nlh, &b->failures);
            if (nlh->nlmsg_seq == last) done = 1;
        }
        if (done) break;
    }
    b->len = 0;
    b->count = 0;
}

/// Room for the next request: a zeroed header with type, flags and sequence set.
static struct nlmsghdr *batch_next(struct batch *b, uint16_t type, uint16_t flags) {
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(b->buf + b->len);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    nlh->nlmsg_seq = ++b->nl->seq;
    if (b->count == 0) b->first = nlh->nlmsg_seq;
    return nlh;
}

static void batch_commit(struct batch *b, struct nlmsghdr *nlh) {
    b->last = nlh;
    b->len += MNL_ALIGN(nlh->nlmsg_len);
    b->count++;
    if (b->count >= batch_size || b->len > SEND_BYTES - 1024) batch_flush(b);
}

// ---- Dumps -------------------------------------------------------------------------------

static int dump(struct nl *nl, uint16_t type, const void *header, size_t header_size,
                void (*add_attributes)(struct nlmsghdr *), mnl_cb_t cb, void *data) {
    char request[256];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(request);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = ++nl->seq;
    memcpy(mnl_nlmsg_put_extra_header(nlh, header_size), header, header_size);
    if (add_attributes) add_attributes(nlh);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) die("sendmsg");
    int interrupted = 0;
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, sizeof nl->rbuf);
        if (n < 0) die("recvmsg");
        if (((struct nlmsghdr *)nl->rbuf)->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = 1;
        int ret = mnl_cb_run(nl->rbuf, n, nlh->nlmsg_seq, nl->portid, cb, data);
        if (ret == MNL_CB_STOP) break;
        if (ret < 0) die("dump");
    }
    return interrupted;
}

// ---- Route dump: every attribute into a struct -------------------------------------------

struct route {
    uint8_t family, dst_len, src_len, tos, table8, protocol, scope, type;
    uint32_t flags, table, priority, mark, uid, nhid, expires, error;
    int32_t oif, iif;
    uint8_t dst[16], src[16], gateway[16], prefsrc[16];
    uint8_t pref, has_gateway, nexthops;
    uint32_t metrics[RTAX_MAX + 1];
};

struct routes {
    struct route *items;
    size_t count, capacity;
    size_t main_ipv4;
};

static void copy_address(uint8_t *to, const struct nlattr *attr) {
    size_t len = mnl_attr_get_payload_len(attr);
    memcpy(to, mnl_attr_get_payload(attr), len > 16 ? 16 : len);
}

static int route_metric_cb(const struct nlattr *attr, void *data) {
    struct route *r = data;
    int type = mnl_attr_get_type(attr);
    if (type > 0 && type <= RTAX_MAX && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->metrics[type] = mnl_attr_get_u32(attr);
    return MNL_CB_OK;
}

static int route_attr_cb(const struct nlattr *attr, void *data) {
    struct route *r = data;
    switch (mnl_attr_get_type(attr)) {
    case RTA_DST: copy_address(r->dst, attr); break;
    case RTA_SRC: copy_address(r->src, attr); break;
    case RTA_GATEWAY: copy_address(r->gateway, attr); r->has_gateway = 1; break;
    case RTA_PREFSRC: copy_address(r->prefsrc, attr); break;
    case RTA_OIF: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->oif = (int32_t)mnl_attr_get_u32(attr); break;
    case RTA_IIF: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->iif = (int32_t)mnl_attr_get_u32(attr); break;
    case RTA_PRIORITY: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->priority = mnl_attr_get_u32(attr); break;
    case RTA_TABLE: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->table = mnl_attr_get_u32(attr); break;
    case RTA_MARK: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->mark = mnl_attr_get_u32(attr); break;
    case RTA_UID: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->uid = mnl_attr_get_u32(attr); break;
    case RTA_NH_ID: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) r->nhid = mnl_attr_get_u32(attr); break;
    case RTA_PREF: if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0) r->pref = mnl_attr_get_u8(attr); break;
    case RTA_METRICS:
        if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0) mnl_attr_parse_nested(attr, route_metric_cb, r);
        break;
    case RTA_MULTIPATH: {
        const struct rtnexthop *hop = mnl_attr_get_payload(attr);
        int len = (int)mnl_attr_get_payload_len(attr);
        while (len >= (int)sizeof *hop && hop->rtnh_len >= sizeof *hop && hop->rtnh_len <= len) {
            r->nexthops++;
            len -= RTNH_ALIGN(hop->rtnh_len);
            hop = RTNH_NEXT(hop);
        }
        break;
    }
    case RTA_CACHEINFO:
        if (mnl_attr_get_payload_len(attr) >= sizeof(struct rta_cacheinfo)) {
            const struct rta_cacheinfo *info = mnl_attr_get_payload(attr);
            r->expires = (uint32_t)info->rta_expires;
            r->error = info->rta_error;
        }
        break;
    default: break;
    }
    return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data) {
    struct routes *routes = data;
    if (nlh->nlmsg_type != RTM_NEWROUTE) return MNL_CB_OK;
    if (routes->count == routes->capacity) {
        routes->capacity = routes->capacity ? routes->capacity * 2 : 1024;
        routes->items = realloc(routes->items, routes->capacity * sizeof *routes->items);
        if (!routes->items) die("realloc");
    }
    struct route *r = &routes->items[routes->count];
    memset(r, 0, sizeof *r);
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
    r->family = rtm->rtm_family;
    r->dst_len = rtm->rtm_dst_len;
    r->src_len = rtm->rtm_src_len;
    r->tos = rtm->rtm_tos;
    r->table = r->table8 = rtm->rtm_table;
    r->protocol = rtm->rtm_protocol;
    r->scope = rtm->rtm_scope;
    r->type = rtm->rtm_type;
    r->flags = rtm->rtm_flags;
    if (mnl_attr_parse(nlh, sizeof *rtm, route_attr_cb, r) < 0) return MNL_CB_ERROR;
    routes->count++;
    if (r->family == AF_INET && r->table == RT_TABLE_MAIN && !(r->flags & RTM_F_CLONED)) routes->main_ipv4++;
    return MNL_CB_OK;
}

static void main_table(struct nlmsghdr *nlh) { mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN); }

/// `ip route show`: IPv4, table main (filtered by the kernel with strict checking).
static int route_dump(void) {
    struct nl *nl = nl_open();
    struct rtmsg rtm = {.rtm_family = AF_INET};
    struct routes routes = {0};
    while (dump(nl, RTM_GETROUTE, &rtm, sizeof rtm, main_table, route_cb, &routes)) {
        routes.count = routes.main_ipv4 = 0;
    }
    // Exits with the parsed routes in hand, as netkit-bench does (the OS reclaims them).
    printf("%zu\n", routes.main_ipv4);
    nl_close(nl);
    return 0;
}

// ---- Link dump ---------------------------------------------------------------------------

struct link {
    int32_t index, parent, master, netnsid;
    uint32_t flags, change, mtu, txqlen, group, min_mtu, max_mtu;
    uint16_t type;
    uint8_t operstate, linkmode, addr_len, brd_len;
    uint8_t addr[32], brd[32];
    char name[IFNAMSIZ], qdisc[32], kind[32], slave_kind[32], alias[64];
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
};

struct links {
    struct link *items;
    size_t count, capacity;
};

static void copy_string(char *to, size_t size, const struct nlattr *attr) {
    size_t len = mnl_attr_get_payload_len(attr);
    if (len >= size) len = size - 1;
    memcpy(to, mnl_attr_get_payload(attr), len);
    to[len] = 0;
}

static int link_info_cb(const struct nlattr *attr, void *data) {
    struct link *l = data;
    switch (mnl_attr_get_type(attr)) {
    case IFLA_INFO_KIND: copy_string(l->kind, sizeof l->kind, attr); break;
    case IFLA_INFO_SLAVE_KIND: copy_string(l->slave_kind, sizeof l->slave_kind, attr); break;
    default: break;
    }
    return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *attr, void *data) {
    struct link *l = data;
    size_t len = mnl_attr_get_payload_len(attr);
    switch (mnl_attr_get_type(attr)) {
    case IFLA_IFNAME: copy_string(l->name, sizeof l->name, attr); break;
    case IFLA_ADDRESS: l->addr_len = len > 32 ? 32 : (uint8_t)len; memcpy(l->addr, mnl_attr_get_payload(attr), l->addr_len); break;
    case IFLA_BROADCAST: l->brd_len = len > 32 ? 32 : (uint8_t)len; memcpy(l->brd, mnl_attr_get_payload(attr), l->brd_len); break;
    case IFLA_MTU: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->mtu = mnl_attr_get_u32(attr); break;
    case IFLA_MIN_MTU: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->min_mtu = mnl_attr_get_u32(attr); break;
    case IFLA_MAX_MTU: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->max_mtu = mnl_attr_get_u32(attr); break;
    case IFLA_LINK: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->parent = (int32_t)mnl_attr_get_u32(attr); break;
    case IFLA_MASTER: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->master = (int32_t)mnl_attr_get_u32(attr); break;
    case IFLA_LINK_NETNSID: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->netnsid = (int32_t)mnl_attr_get_u32(attr); break;
    case IFLA_TXQLEN: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->txqlen = mnl_attr_get_u32(attr); break;
    case IFLA_GROUP: if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) l->group = mnl_attr_get_u32(attr); break;
    case IFLA_OPERSTATE: if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0) l->operstate = mnl_attr_get_u8(attr); break;
    case IFLA_LINKMODE: if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0) l->linkmode = mnl_attr_get_u8(attr); break;
    case IFLA_QDISC: copy_string(l->qdisc, sizeof l->qdisc, attr); break;
    case IFLA_IFALIAS: copy_string(l->alias, sizeof l->alias, attr); break;
    case IFLA_STATS64:
        if (len >= sizeof(struct rtnl_link_stats64)) {
            struct rtnl_link_stats64 stats;
            memcpy(&stats, mnl_attr_get_payload(attr), sizeof stats);
            l->rx_packets = stats.rx_packets;
            l->tx_packets = stats.tx_packets;
            l->rx_bytes = stats.rx_bytes;
            l->tx_bytes = stats.tx_bytes;
        }
        break;
    case IFLA_LINKINFO:
        if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0) mnl_attr_parse_nested(attr, link_info_cb, l);
        break;
    default: break;
    }
    return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data) {
    struct links *links = data;
    if (nlh->nlmsg_type != RTM_NEWLINK) return MNL_CB_OK;
    if (links->count == links->capacity) {
        links->capacity = links->capacity ? links->capacity * 2 : 256;
        links->items = realloc(links->items, links->capacity * sizeof *links->items);
        if (!links->items) die("realloc");
    }
    struct link *l = &links->items[links->count];
    memset(l, 0, sizeof *l);
    const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
    l->index = ifm->ifi_index;
    l->flags = ifm->ifi_flags;
    l->type = ifm->ifi_type;
    if (mnl_attr_parse(nlh, sizeof *ifm, link_attr_cb, l) < 0) return MNL_CB_ERROR;
    links->count++;
    return MNL_CB_OK;
}

static struct links dump_links(struct nl *nl) {
    struct ifinfomsg ifm = {0};
    struct links links = {0};
    while (dump(nl, RTM_GETLINK, &ifm, sizeof ifm, NULL, link_cb, &links)) links.count = 0;
    return links;
}

/// `ip link show`
static int link_dump(void) {
    struct nl *nl = nl_open();
    struct links links = dump_links(nl);
    printf("%zu\n", links.count);
    nl_close(nl);
    return 0;
}

// ---- Links: veth pairs, deletion through a link group ------------------------------------

/// `ip link add NAME [up] type veth peer name PEER [netns FD]`. Only NAME can be created up: the
/// peer is configured before the pair is linked, and veth_open() refuses it then (ENOTCONN).
static void put_veth(struct batch *b, const char *name, const char *peer, int peer_netns_fd, int up) {
    struct nlmsghdr *nlh = batch_next(b, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    if (up) ifm->ifi_flags = ifm->ifi_change = IFF_UP;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put(nlh, IFLA_INFO_KIND, 4, "veth");
    struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    struct nlattr *peer_info = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
    mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
    mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
    if (peer_netns_fd >= 0) mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
    mnl_attr_nest_end(nlh, peer_info);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, info);
    batch_commit(b, nlh);
}

/// `ip link set dev NAME up`
static void put_link_up(struct batch *b, const char *name) {
    struct nlmsghdr *nlh = batch_next(b, RTM_NEWLINK, 0);
    struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
    ifm->ifi_flags = ifm->ifi_change = IFF_UP;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    batch_commit(b, nlh);
}

/// `ip link del dev NAME`: one RCU grace period per link.
static void put_link_del(struct batch *b, const char *name) {
    struct nlmsghdr *nlh = batch_next(b, RTM_DELLINK, 0);
    mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    batch_commit(b, nlh);
}

/// Deletes the links `name(i)`, i < n, as NetKit's deleteLinks(named:) does: one link dump to
/// find them and a group no link uses, each tagged with that group (`ip link set dev NAME group
/// G`, batched), then `ip link del group G` — one unregister and one RCU wait for all of them.
static int delete_links_by_group(struct nl *nl, int n, void (*name)(int, char *)) {
    struct links links = dump_links(nl);
    uint32_t group = 0x4e4b0000u + ((uint32_t)getpid() & 0xffff);
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < links.count; i++) {
            if (links.items[i].group == group) { group++; again = 1; }
        }
    }
    struct batch *b = malloc(sizeof *b);
    if (!b) die("malloc");
    batch_init(b, nl);
    char ifname[IFNAMSIZ];
    for (int i = 0; i < n; i++) {
        name(i, ifname);
        int32_t index = 0;
        for (size_t j = 0; j < links.count && !index; j++) {
            if (strcmp(links.items[j].name, ifname) == 0) index = links.items[j].index;
        }
        if (!index) {
            fprintf(stderr, "mnl-peer: no link %s\n", ifname);
            b->failures++;
            continue;
        }
        struct nlmsghdr *nlh = batch_next(b, RTM_NEWLINK, 0);
        struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof *ifm);
        ifm->ifi_index = index;
        mnl_attr_put_u32(nlh, IFLA_GROUP, group);
        batch_commit(b, nlh);
    }
    batch_flush(b);
    struct nlmsghdr *nlh = batch_next(b, RTM_DELLINK, 0);
    mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
    mnl_attr_put_u32(nlh, IFLA_GROUP, group);
    batch_commit(b, nlh);
    batch_flush(b);
    int failures = b->failures;
    free(b);
    free(links.items);
    return failures;
}

static void veth_name(int i, char *out) { snprintf(out, IFNAMSIZ, "va%d", i); }
static void host_veth_name(int i, char *out) { snprintf(out, IFNAMSIZ, "h%d", i); }

static int veth_add(int n) {
    struct nl *nl = nl_open();
    struct batch *b = malloc(sizeof *b);
    if (!b) die("malloc");
    batch_init(b, nl);
    char name[IFNAMSIZ], peer[IFNAMSIZ];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "va%d", i);
        snprintf(peer, sizeof peer, "vb%d", i);
        put_veth(b, name, peer, -1, 0);
    }
    batch_flush(b);
    int failures = b->failures;
    free(b);
    nl_close(nl);
    return failures;
}

static int veth_del(int n) {
    struct nl *nl = nl_open();
    int failures = 0;
    if (batch_size == 1) {
        struct batch *b = malloc(sizeof *b);
        if (!b) die("malloc");
        batch_init(b, nl);
        char name[IFNAMSIZ];
        for (int i = 0; i < n; i++) {
            veth_name(i, name);
            put_link_del(b, name);
        }
        batch_flush(b);
        failures = b->failures;
        free(b);
    } else {
        failures = delete_links_by_group(nl, n, veth_name);
    }
    nl_close(nl);
    return failures;
}

// ---- Routes ------------------------------------------------------------------------------

static int routes(int n, const char *ifname, int plen, int add) {
    unsigned index = if_nametoindex(ifname);
    if (!index) die(ifname);
    struct nl *nl = nl_open();
    struct batch *b = malloc(sizeof *b);
    if (!b) die("malloc");
    batch_init(b, nl);
    uint32_t base = ntohl(inet_addr("10.1.0.0"));
    uint32_t gateway = inet_addr("10.0.0.2");
    for (int i = 0; i < n; i++) {
        struct nlmsghdr *nlh = batch_next(b, add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof *rtm);
        rtm->rtm_family = AF_INET;
        rtm->rtm_dst_len = (uint8_t)plen;
        rtm->rtm_table = RT_TABLE_MAIN;
        rtm->rtm_protocol = RTPROT_BOOT;
        // As `ip route add|del`: a guessed scope when adding, "any" scope and type when deleting.
        rtm->rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
        rtm->rtm_type = add ? RTN_UNICAST : RTN_UNSPEC;
        uint32_t destination = htonl(base + (uint32_t)((uint64_t)i << (32 - plen)));
        mnl_attr_put_u32(nlh, RTA_DST, destination);
        mnl_attr_put_u32(nlh, RTA_GATEWAY, gateway);
        mnl_attr_put_u32(nlh, RTA_OIF, index);
        batch_commit(b, nlh);
    }
    batch_flush(b);
    int failures = b->failures;
    free(b);
    nl_close(nl);
    return failures;
}

// ---- Pods: named namespace + veth with its peer created in the pod + address + up ---------

static void prepare_netns_root(void) {
    if (mkdir("/run/netns", 0755) < 0 && errno != EEXIST) die("mkdir /run/netns");
    if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) == 0) return;
    if (errno != EINVAL) die("mount --make-shared /run/netns");
    if (mount("/run/netns", "/run/netns", "none", MS_BIND | MS_REC, NULL) < 0) die("mount --bind /run/netns");
    if (mount("", "/run/netns", "none", MS_SHARED | MS_REC, NULL) < 0) die("mount --make-shared /run/netns");
}

/// `ip netns add NAME`, returning an fd of the new namespace and a socket opened inside it.
static int netns_add(const char *name, int home, struct nl **pod_socket) {
    char path[512];
    snprintf(path, sizeof path, "/run/netns/%s", name);
    int placeholder = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
    if (placeholder < 0) die(path);
    close(placeholder);
    if (unshare(CLONE_NEWNET) < 0) die("unshare");
    if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0) die("mount --bind");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die(path);
    *pod_socket = nl_open();
    if (setns(home, CLONE_NEWNET) < 0) die("setns");
    return fd;
}

static int32_t link_index(struct nl *nl, const char *name) {
    char buf[512];
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST;
    nlh->nlmsg_seq = ++nl->seq;
    mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) die("sendmsg");
    ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rbuf, sizeof nl->rbuf);
    if (n < 0) die("recvmsg");
    const struct nlmsghdr *reply = (const struct nlmsghdr *)nl->rbuf;
    if (reply->nlmsg_type != RTM_NEWLINK) return 0;
    return ((const struct ifinfomsg *)mnl_nlmsg_get_payload(reply))->ifi_index;
}

/// `ip addr add 10.200.(i/250).(i%250+2)/16 dev eth0`
static void put_pod_address(struct batch *b, int i, int32_t index) {
    struct nlmsghdr *nlh = batch_next(b, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof *ifa);
    ifa->ifa_family = AF_INET;
    ifa->ifa_prefixlen = 16;
    ifa->ifa_index = (uint32_t)index;
    uint8_t address[4] = {10, 200, (uint8_t)(i / 250), (uint8_t)(i % 250 + 2)};
    mnl_attr_put(nlh, IFA_LOCAL, 4, address);
    mnl_attr_put(nlh, IFA_ADDRESS, 4, address);
    batch_commit(b, nlh);
}

static int pods_add(int n, const char *prefix) {
    int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) die("/proc/self/ns/net");
    prepare_netns_root();
    struct nl *host = nl_open();
    struct batch *b = malloc(sizeof *b);
    if (!b) die("malloc");
    batch_init(b, host);
    int failures = 0;
    char name[256], veth[IFNAMSIZ];
    if (batch_size == 1) {
        // One request + ACK per operation, pod after pod.
        for (int i = 0; i < n; i++) {
            struct nl *pod;
            snprintf(name, sizeof name, "%s%d", prefix, i);
            int fd = netns_add(name, home, &pod);
            host_veth_name(i, veth);
            put_veth(b, veth, "eth0", fd, 0);
            put_link_up(b, veth);
            struct batch *pb = malloc(sizeof *pb);
            if (!pb) die("malloc");
            batch_init(pb, pod);
            put_pod_address(pb, i, link_index(pod, "eth0"));
            put_link_up(pb, "eth0");
            put_link_up(pb, "lo");
            failures += pb->failures;
            free(pb);
            nl_close(pod);
            close(fd);
        }
        failures += b->failures;
    } else {
        // Namespaces first, then every veth in batches (created up, peer in the pod), then each
        // pod's address, eth0 up and lo up in one send.
        struct nl **pods = calloc((size_t)n, sizeof *pods);
        int *fds = calloc((size_t)n, sizeof *fds);
        if (!pods || !fds) die("calloc");
        for (int i = 0; i < n; i++) {
            snprintf(name, sizeof name, "%s%d", prefix, i);
            fds[i] = netns_add(name, home, &pods[i]);
        }
        for (int i = 0; i < n; i++) {
            host_veth_name(i, veth);
            put_veth(b, veth, "eth0", fds[i], 1);
        }
        batch_flush(b);
        failures += b->failures;
        for (int i = 0; i < n; i++) {
            struct batch *pb = malloc(sizeof *pb);
            if (!pb) die("malloc");
            batch_init(pb, pods[i]);
            put_pod_address(pb, i, link_index(pods[i], "eth0"));
            put_link_up(pb, "eth0");
            put_link_up(pb, "lo");
            batch_flush(pb);
            failures += pb->failures;
            free(pb);
            nl_close(pods[i]);
            close(fds[i]);
        }
        free(pods);
        free(fds);
    }
    free(b);
    nl_close(host);
    close(home);
    return failures;
}

/// `ip netns del NAME`
static int netns_del(const char *name) {
    char path[512];
    snprintf(path, sizeof path, "/run/netns/%s", name);
    if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL) {
        fprintf(stderr, "mnl-peer: umount %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (unlink(path) < 0) {
        fprintf(stderr, "mnl-peer: unlink %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static int pods_del(int n, const char *prefix) {
    struct nl *host = nl_open();
    int failures = 0;
    if (batch_size == 1) {
        struct batch *b = malloc(sizeof *b);
        if (!b) die("malloc");
        batch_init(b, host);
        char veth[IFNAMSIZ];
        for (int i = 0; i < n; i++) {
            host_veth_name(i, veth);
            put_link_del(b, veth);
        }
        failures = b->failures;
        free(b);
    } else {
        failures = delete_links_by_group(host, n, host_veth_name);
    }
    char name[256];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "%s%d", prefix, i);
        failures += netns_del(name);
    }
    nl_close(host);
    return failures;
}

// ---- Command line ------------------------------------------------------------------------

static void usage(void) {
    fprintf(stderr,
            "usage: mnl-peer [-b BATCH] veth-add N | veth-del N\n"
            "       mnl-peer [-b BATCH] route-add N IFNAME PLEN | route-del N IFNAME PLEN\n"
            "       mnl-peer route-dump | link-dump\n"
            "       mnl-peer [-b BATCH] pods-add N PREFIX | pods-del N PREFIX\n");
    exit(2);
}

static int count(const char *text) {
    char *end;
    long value = strtol(text, &end, 10);
    if (*end || value < 0 || value > 100000000) usage();
    return (int)value;
}

/// Whether this process is in the machine's root network namespace: that of pid 1, or — where
/// pid 1 cannot be inspected (a VM's init that is not dumpable) — that of kthreadd (pid 2),
/// which always lives in init_net, or init_net's fixed inode (PROC_NET_INIT_INO). When none can
/// be read the answer is "yes": better refuse than act in the wrong place.
static int in_root_namespace(void) {
    struct stat self, other;
    if (stat("/proc/self/ns/net", &self) < 0) die("stat /proc/self/ns/net");
    if (stat("/proc/1/ns/net", &other) == 0) return self.st_ino == other.st_ino;
    if (self.st_ino == 0xEFFFFFF9u) return 1;
    char comm[32] = "";
    FILE *file = fopen("/proc/2/comm", "r");
    if (file) {
        if (!fgets(comm, sizeof comm, file)) comm[0] = 0;
        fclose(file);
    }
    if (strcmp(comm, "kthreadd\n") == 0 && stat("/proc/2/ns/net", &other) == 0) return self.st_ino == other.st_ino;
    return 1;
}

int main(int argc, char **argv) {
    if (in_root_namespace()) {
        fprintf(stderr, "mnl-peer: refusing to run in the machine's root network namespace; run it with ip netns exec NS\n");
        return 2;
    }
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "-b") == 0) {
        batch_size = count(argv[arg + 1]);
        if (batch_size < 1) usage();
        arg += 2;
    }
    if (arg >= argc) usage();
    const char *command = argv[arg++];
    int rest = argc - arg;
    int failures;
    if (strcmp(command, "veth-add") == 0 && rest == 1) failures = veth_add(count(argv[arg]));
    else if (strcmp(command, "veth-del") == 0 && rest == 1) failures = veth_del(count(argv[arg]));
    else if ((strcmp(command, "route-add") == 0 || strcmp(command, "route-del") == 0) && rest == 3) {
        int plen = count(argv[arg + 2]);
        if (plen < 1 || plen > 32) usage();
        failures = routes(count(argv[arg]), argv[arg + 1], plen, command[6] == 'a');
    } else if (strcmp(command, "route-dump") == 0 && rest == 0) failures = route_dump();
    else if (strcmp(command, "link-dump") == 0 && rest == 0) failures = link_dump();
    else if (strcmp(command, "pods-add") == 0 && rest == 2) failures = pods_add(count(argv[arg]), argv[arg + 1]);
    else if (strcmp(command, "pods-del") == 0 && rest == 2) failures = pods_del(count(argv[arg]), argv[arg + 1]);
    else usage();
    if (failures) fprintf(stderr, "mnl-peer: %d operation(s) failed\n", failures);
    return failures ? 1 : 0;
}
