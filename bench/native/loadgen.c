/*
 * The native load driver: speaks the SocketGen wire format to any of the benchmark's servers, the same way
 * to each. One thread, one epoll instance, so more of a small machine's CPU goes to the server under test.
 *
 * Every connection sends the preface, then keeps --depth requests in flight: each response (matched by its
 * call id) immediately issues the next request on its slot. Requests made in one pass over the ready
 * connections are sent with one writev per connection. Latency is measured from when a request is made
 * to when its response's last byte is read.
 *
 * Usage: loadgen --port N [--connections C] [--depth D] [--duration S] [--warmup S] [--method add|echo]
 *                [--payload BYTES]
 * Prints "MEASURING" when warm-up ends, "DONE" when the measured window ends (so a harness can sample the
 * server's counters at exactly those moments), then one "RESULT {json}" line.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "wire.h"

#define SLOT_BITS 12 /* the low bits of a call id name the slot, so a response finds its request directly */
#define MAX_DEPTH (1 << SLOT_BITS)
#define READ_SIZE (64 * 1024)
#define MAX_IOV 64

struct request
{
    unsigned char head[SG_HEADER_SIZE + 8]; /* header, then Add's arguments or Echo's length prefix */
    size_t head_length;
    size_t sent;
};

struct slot
{
    uint32_t call_id;
    uint32_t expected; /* Add: the sum the server must return */
    uint64_t made_at;
    int busy;
};

struct connection
{
    int fd;
    int watching_output;
    size_t preface_sent;
    size_t preface_received;
    unsigned char preface[SG_PREFACE_SIZE];
    /* Requests waiting to be sent, a ring of at most depth entries. */
    struct request *queue;
    size_t queue_head;
    size_t queue_count;
    struct slot *slots;
    uint32_t sequence;
    /* The frame being read. */
    unsigned char header[SG_HEADER_SIZE];
    size_t header_got;
    uint32_t payload_left;
    unsigned char payload_start[8];
    size_t payload_got;
    unsigned in_flight;
};

static int g_depth = 1;
static int g_method = SG_METHOD_ADD;
static size_t g_payload = 16;
static unsigned char *g_echo_data;
static int g_measuring;
static int g_stopping;
static uint64_t g_completed;
static uint64_t g_errors;
static uint64_t *g_samples;
static size_t g_sample_count;
static size_t g_sample_capacity;

static double process_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fail(const char *what)
{
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void record(uint64_t latency)
{
    if (g_sample_count == g_sample_capacity)
    {
        g_sample_capacity = g_sample_capacity ? g_sample_capacity * 2 : 1 << 20;
        g_samples = realloc(g_samples, g_sample_capacity * sizeof *g_samples);
        if (!g_samples)
            fail("realloc");
    }
    g_samples[g_sample_count++] = latency;
}

/* Makes the next request on a free slot and queues it for sending. */
static void make_request(struct connection *c, unsigned slot_index, uint64_t now)
{
    struct slot *s = &c->slots[slot_index];
    c->sequence++;
    uint32_t call_id = (c->sequence << SLOT_BITS) | slot_index;
    if (call_id == 0)
        call_id = (++c->sequence << SLOT_BITS) | slot_index;
    s->call_id = call_id;
    s->made_at = now;
    s->busy = 1;

    struct request *r = &c->queue[(c->queue_head + c->queue_count) % (size_t)g_depth];
    c->queue_count++;
    r->sent = 0;
    if (g_method == SG_METHOD_ADD)
    {
        uint32_t a = c->sequence, b = 7;
        s->expected = a + b;
        sg_write_header(r->head, SG_FRAME_REQUEST, call_id, SG_METHOD_ADD, 8);
        sg_write_u32(r->head + SG_HEADER_SIZE, a);
        sg_write_u32(r->head + SG_HEADER_SIZE + 4, b);
        r->head_length = SG_HEADER_SIZE + 8;
    }
    else
    {
        sg_write_header(r->head, SG_FRAME_REQUEST, call_id, SG_METHOD_ECHO, (uint32_t)(4 + g_payload));
        sg_write_u32(r->head + SG_HEADER_SIZE, (uint32_t)g_payload);
        r->head_length = SG_HEADER_SIZE + 4;
    }
    c->in_flight++;
}

static size_t request_length(const struct request *r)
{
    return r->head_length + (g_method == SG_METHOD_ECHO ? g_payload : 0);
}

static void watch_output(int epoll, struct connection *c, int on)
{
    if (c->watching_output == on)
        return;
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &ev) < 0)
        fail("epoll_ctl");
    c->watching_output = on;
}

/* Sends the preface (once) and every queued request with as few writev calls as the socket allows. */
static void flush(int epoll, struct connection *c)
{
    while (c->preface_sent < SG_PREFACE_SIZE || c->queue_count > 0)
    {
        struct iovec iov[MAX_IOV];
        int n = 0;
        if (c->preface_sent < SG_PREFACE_SIZE)
        {
            iov[n].iov_base = (void *)(sg_preface + c->preface_sent);
            iov[n].iov_len = SG_PREFACE_SIZE - c->preface_sent;
            n++;
        }
        for (size_t i = 0; i < c->queue_count && n + 2 <= MAX_IOV; i++)
        {
            struct request *r = &c->queue[(c->queue_head + i) % (size_t)g_depth];
            size_t sent = i == 0 ? r->sent : 0;
            if (sent < r->head_length)
            {
                iov[n].iov_base = r->head + sent;
                iov[n].iov_len = r->head_length - sent;
                n++;
                sent = r->head_length;
            }
            if (g_method == SG_METHOD_ECHO && g_payload > 0)
            {
                size_t offset = sent - r->head_length;
                iov[n].iov_base = g_echo_data + offset;
                iov[n].iov_len = g_payload - offset;
                n++;
            }
        }
        ssize_t written = writev(c->fd, iov, n);
        if (written < 0)
        {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
            {
                watch_output(epoll, c, 1);
                return;
            }
            fail("writev");
        }
        size_t left = (size_t)written;
        if (c->preface_sent < SG_PREFACE_SIZE)
        {
            size_t take = SG_PREFACE_SIZE - c->preface_sent;
            if (take > left)
                take = left;
            c->preface_sent += take;
            left -= take;
        }
        while (left > 0)
        {
            struct request *r = &c->queue[c->queue_head];
            size_t rest = request_length(r) - r->sent;
            if (left < rest)
            {
                r->sent += left;
                left = 0;
                break;
            }
            left -= rest;
            c->queue_head = (c->queue_head + 1) % (size_t)g_depth;
            c->queue_count--;
        }
    }
    watch_output(epoll, c, 0);
}

static void complete_frame(struct connection *c, uint64_t now)
{
    unsigned type = c->header[0];
    uint32_t call_id = sg_read_u32(c->header + 4);
    unsigned slot_index = call_id & (MAX_DEPTH - 1);
    if (slot_index >= (unsigned)g_depth || !c->slots[slot_index].busy || c->slots[slot_index].call_id != call_id)
    {
        fprintf(stderr, "loadgen: a response (type %u) names call id %u, which is not in flight\n", type, call_id);
        exit(1);
    }
    struct slot *s = &c->slots[slot_index];
    int ok = type == SG_FRAME_RESPONSE;
    if (ok && g_method == SG_METHOD_ADD)
        ok = c->payload_got == 4 && sg_read_u32(c->payload_start) == s->expected;
    else if (ok)
        ok = c->payload_got >= 4 && sg_read_u32(c->payload_start) == g_payload && sg_read_u32(c->header + 12) == 4 + g_payload;
    s->busy = 0;
    c->in_flight--;
    if (g_measuring)
    {
        if (ok)
        {
            g_completed++;
            record(now - s->made_at);
        }
    }
    if (!ok)
        g_errors++;
    if (!g_stopping)
        make_request(c, slot_index, now);
}

/* Reads what has arrived and completes every whole response in it. Returns -1 when the server closed. */
static int read_responses(struct connection *c)
{
    static unsigned char buffer[READ_SIZE];
    for (;;)
    {
        ssize_t n = recv(c->fd, buffer, sizeof buffer, 0);
        if (n == 0)
            return -1;
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            fail("recv");
        }
        uint64_t now = now_ns();
        size_t pos = 0, length = (size_t)n;
        while (pos < length)
        {
            if (c->preface_received < SG_PREFACE_SIZE)
            {
                size_t take = SG_PREFACE_SIZE - c->preface_received;
                if (take > length - pos)
                    take = length - pos;
                memcpy(c->preface + c->preface_received, buffer + pos, take);
                if (sg_check_preface(c->preface, c->preface_received + take) < 0)
                {
                    fprintf(stderr, "loadgen: the server did not answer with the SocketGen preface\n");
                    exit(1);
                }
                c->preface_received += take;
                pos += take;
                continue;
            }
            if (c->header_got < SG_HEADER_SIZE)
            {
                size_t take = SG_HEADER_SIZE - c->header_got;
                if (take > length - pos)
                    take = length - pos;
                memcpy(c->header + c->header_got, buffer + pos, take);
                c->header_got += take;
                pos += take;
                if (c->header_got < SG_HEADER_SIZE)
                    break;
                c->payload_left = sg_read_u32(c->header + 12);
                c->payload_got = 0;
            }
            size_t take = c->payload_left;
            if (take > length - pos)
                take = length - pos;
            if (c->payload_got < sizeof c->payload_start)
            {
                size_t keep = sizeof c->payload_start - c->payload_got;
                if (keep > take)
                    keep = take;
                memcpy(c->payload_start + c->payload_got, buffer + pos, keep);
            }
            c->payload_got += take;
            c->payload_left -= (uint32_t)take;
            pos += take;
            if (c->payload_left == 0)
            {
                complete_frame(c, now);
                c->header_got = 0;
            }
        }
        if (length < sizeof buffer)
            return 0;
    }
}

static int connect_to(const char *host, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fail("socket");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
    {
        fprintf(stderr, "loadgen: %s is not an IPv4 address\n", host);
        exit(2);
    }
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        fail("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
        fail("fcntl");
    return fd;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double percentile_us(double p)
{
    if (g_sample_count == 0)
        return 0;
    size_t index = (size_t)(p * (double)g_sample_count);
    if (index >= g_sample_count)
        index = g_sample_count - 1;
    return (double)g_samples[index] / 1000.0;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 0, connections = 1;
    double duration = 2, warmup = 1;
    for (int i = 1; i < argc; i++)
    {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value)
            goto usage;
        i++;
        if (strcmp(arg, "--host") == 0)
            host = value;
        else if (strcmp(arg, "--port") == 0)
            port = atoi(value);
        else if (strcmp(arg, "--connections") == 0)
            connections = atoi(value);
        else if (strcmp(arg, "--depth") == 0)
            g_depth = atoi(value);
        else if (strcmp(arg, "--duration") == 0)
            duration = atof(value);
        else if (strcmp(arg, "--warmup") == 0)
            warmup = atof(value);
        else if (strcmp(arg, "--method") == 0)
            g_method = strcmp(value, "echo") == 0 ? SG_METHOD_ECHO : SG_METHOD_ADD;
        else if (strcmp(arg, "--payload") == 0)
            g_payload = (size_t)atol(value);
        else
            goto usage;
    }
    if (port <= 0 || connections < 1 || g_depth < 1 || g_depth > MAX_DEPTH || duration <= 0 || warmup < 0)
        goto usage;

    g_echo_data = malloc(g_payload ? g_payload : 1);
    for (size_t i = 0; i < g_payload; i++)
        g_echo_data[i] = (unsigned char)(i * 31 + 7);

    int epoll = epoll_create1(EPOLL_CLOEXEC);
    if (epoll < 0)
        fail("epoll_create1");
    struct connection *conns = calloc((size_t)connections, sizeof *conns);
    uint64_t start = now_ns();
    for (int i = 0; i < connections; i++)
    {
        struct connection *c = &conns[i];
        c->fd = connect_to(host, port);
        c->queue = calloc((size_t)g_depth, sizeof *c->queue);
        c->slots = calloc((size_t)g_depth, sizeof *c->slots);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(epoll, EPOLL_CTL_ADD, c->fd, &ev) < 0)
            fail("epoll_ctl ADD");
        for (int s = 0; s < g_depth; s++)
            make_request(c, (unsigned)s, start);
        flush(epoll, c);
    }

    uint64_t measure_from = now_ns() + (uint64_t)(warmup * 1e9);
    uint64_t measure_until = measure_from + (uint64_t)(duration * 1e9);
    uint64_t measured_start = 0, measured_end = 0;
    double cpu_start = 0, cpu_end = 0;
    struct epoll_event events[256];
    struct connection **touched = calloc((size_t)connections, sizeof *touched);
    uint64_t drain_deadline = 0;
    for (;;)
    {
        uint64_t now = now_ns();
        if (!g_measuring && !g_stopping && now >= measure_from)
        {
            g_measuring = 1;
            measured_start = now;
            cpu_start = process_cpu_seconds();
            printf("MEASURING\n");
            fflush(stdout);
        }
        if (g_measuring && now >= measure_until)
        {
            g_measuring = 0;
            g_stopping = 1;
            measured_end = now;
            cpu_end = process_cpu_seconds();
            printf("DONE\n");
            fflush(stdout);
            drain_deadline = now + 2000000000ull;
        }
        if (g_stopping)
        {
            unsigned left = 0;
            for (int i = 0; i < connections; i++)
                left += conns[i].in_flight;
            if (left == 0 || now >= drain_deadline)
                break;
        }

        uint64_t next = g_stopping ? drain_deadline : (g_measuring ? measure_until : measure_from);
        int timeout = next > now ? (int)((next - now) / 1000000) + 1 : 0;
        int n = epoll_wait(epoll, events, 256, timeout);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            fail("epoll_wait");
        }
        int touched_count = 0;
        for (int i = 0; i < n; i++)
        {
            struct connection *c = events[i].data.ptr;
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
            {
                if (read_responses(c) < 0)
                {
                    fprintf(stderr, "loadgen: the server closed a connection\n");
                    exit(1);
                }
            }
            touched[touched_count++] = c;
        }
        /* Batched writes: every request made in this pass goes out in one writev per connection. */
        for (int i = 0; i < touched_count; i++)
            flush(epoll, touched[i]);
    }

    for (int i = 0; i < connections; i++)
        close(conns[i].fd);

    double seconds = (double)(measured_end - measured_start) / 1e9;
    qsort(g_samples, g_sample_count, sizeof *g_samples, compare_u64);
    printf("RESULT {\"requests\":%llu,\"seconds\":%.6f,\"rps\":%.1f,\"p50_us\":%.2f,\"p99_us\":%.2f,\"p999_us\":%.2f,"
           "\"max_us\":%.2f,\"cpu_s\":%.4f,\"errors\":%llu,\"connections\":%d,\"depth\":%d}\n",
           (unsigned long long)g_completed, seconds, seconds > 0 ? (double)g_completed / seconds : 0.0, percentile_us(0.50),
           percentile_us(0.99), percentile_us(0.999), g_sample_count ? (double)g_samples[g_sample_count - 1] / 1000.0 : 0.0, cpu_end - cpu_start,
           (unsigned long long)g_errors, connections, g_depth);
    fflush(stdout);
    return g_errors ? 3 : 0;

usage:
    fprintf(stderr, "usage: %s --port N [--host IPv4] [--connections C] [--depth D (1..%d)] [--duration S] [--warmup S] "
                    "[--method add|echo] [--payload BYTES]\n",
            argv[0], MAX_DEPTH);
    return 2;
}
