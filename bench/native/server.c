/*
 * The native baseline server for the side-by-side benchmark: the SocketGen wire format served by plain C,
 * written to be the machine's limit rather than a straw man.
 *
 * - One event loop per core it may run on (its CPU affinity, so `taskset -c 1` gives one loop), each on its own thread with its own epoll instance and its own listening
 *   socket; SO_REUSEPORT makes the kernel spread new connections over the listeners, so loops share nothing.
 * - Non-blocking sockets, level-triggered epoll.
 * - Batched writes: every frame that arrived in one read is answered into one output buffer, sent with a
 *   single write (answers past 64 KiB are sent as soon as they are ready, overlapping the next read); a connection whose peer leaves megabytes unread stops being read until its output drains.
 *
 * Usage: server [--port N] [--threads N]   (port 0 picks a free one). Prints "READY <port>" once listening.
 * Only ever binds 127.0.0.1.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

#define MAX_PAYLOAD (16u * 1024u * 1024u)
#define READ_CHUNK (64 * 1024)
#define MAX_EVENTS 256
#define SEND_EARLY_THRESHOLD (64 * 1024)
/* Output a slow reader may leave queued before its input stops being read (backpressure). */
#define MAX_PENDING_OUTPUT (4u * 1024u * 1024u)

struct buffer
{
    unsigned char *data;
    size_t start; /* first unconsumed byte */
    size_t length; /* bytes in use from data[0] */
    size_t capacity;
};

struct connection
{
    int fd;
    int preface_done;
    int writing; /* output is pending: registered for EPOLLOUT too */
    int throttled; /* so much output is pending that input is not read until it drains */
    size_t frame_missing; /* bytes still to come of the frame at the front of the input, 0 if none */
    struct buffer in;
    struct buffer out;
};

struct loop
{
    int listener;
    int epoll;
};

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static int reserve(struct buffer *b, size_t extra)
{
    if (b->length + extra <= b->capacity)
        return 0;
    if (b->start > 0)
    {
        /* Reclaim consumed space before growing. */
        memmove(b->data, b->data + b->start, b->length - b->start);
        b->length -= b->start;
        b->start = 0;
        if (b->length + extra <= b->capacity)
            return 0;
    }
    size_t capacity = b->capacity ? b->capacity : READ_CHUNK;
    while (capacity < b->length + extra)
        capacity *= 2;
    unsigned char *data = realloc(b->data, capacity);
    if (!data)
        return -1;
    b->data = data;
    b->capacity = capacity;
    return 0;
}

static void close_connection(struct loop *loop, struct connection *c)
{
    epoll_ctl(loop->epoll, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in.data);
    free(c->out.data);
    free(c);
}

/* Registers interest: input always, output while some is pending; only output once too much is pending. */
static void watch(struct loop *loop, struct connection *c, int writing)
{
    int throttled = writing && c->out.length - c->out.start >= MAX_PENDING_OUTPUT;
    uint32_t events = throttled ? EPOLLOUT : writing ? EPOLLIN | EPOLLOUT : EPOLLIN;
    if (writing == c->writing && throttled == c->throttled)
        return;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(loop->epoll, EPOLL_CTL_MOD, c->fd, &ev) < 0)
        die("epoll_ctl MOD");
    c->writing = writing;
    c->throttled = throttled;
}

/* Sends what is buffered. Returns -1 on a dead connection, otherwise 0; leaves the rest for EPOLLOUT. */
static int flush_output(struct loop *loop, struct connection *c)
{
    struct buffer *out = &c->out;
    while (out->start < out->length)
    {
        ssize_t n = send(c->fd, out->data + out->start, out->length - out->start, MSG_NOSIGNAL);
        if (n > 0)
        {
            out->start += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            watch(loop, c, 1);
            return 0;
        }
        return -1;
    }
    out->start = out->length = 0;
    watch(loop, c, 0);
    return 0;
}

/* Answers every complete frame in the input buffer. Returns -1 on a protocol violation. */
static int process_input(struct connection *c)
{
    struct buffer *in = &c->in;
    c->frame_missing = 0;
    if (!c->preface_done)
    {
        int state = sg_check_preface(in->data + in->start, in->length - in->start);
        if (state < 0)
            return -1;
        if (state == 0)
            return 0;
        in->start += SG_PREFACE_SIZE;
        c->preface_done = 1;
        if (reserve(&c->out, SG_PREFACE_SIZE) < 0)
            return -1;
        memcpy(c->out.data + c->out.length, sg_preface, SG_PREFACE_SIZE);
        c->out.length += SG_PREFACE_SIZE;
    }

    while (in->length - in->start >= SG_HEADER_SIZE)
    {
        const unsigned char *h = in->data + in->start;
        uint32_t length = sg_read_u32(h + 12);
        if (h[0] != SG_FRAME_REQUEST || h[1] != 0 || h[2] != 0 || h[3] != 0 || length > MAX_PAYLOAD)
            return -1;
        if (in->length - in->start < SG_HEADER_SIZE + (size_t)length)
        {
            c->frame_missing = SG_HEADER_SIZE + (size_t)length - (in->length - in->start);
            /* Make room for the whole frame so the next reads can complete it. */
            if (reserve(in, SG_HEADER_SIZE + (size_t)length - (in->length - in->start)) < 0)
                return -1;
            break;
        }

        uint32_t call_id = sg_read_u32(h + 4);
        uint32_t method_id = sg_read_u32(h + 8);
        const unsigned char *payload = h + SG_HEADER_SIZE;
        if (method_id == SG_METHOD_ADD)
        {
            if (length != 8)
                return -1;
            if (reserve(&c->out, SG_HEADER_SIZE + 4) < 0)
                return -1;
            unsigned char *o = c->out.data + c->out.length;
            sg_write_header(o, SG_FRAME_RESPONSE, call_id, method_id, 4);
            sg_write_u32(o + SG_HEADER_SIZE, sg_read_u32(payload) + sg_read_u32(payload + 4));
            c->out.length += SG_HEADER_SIZE + 4;
        }
        else if (method_id == SG_METHOD_ECHO)
        {
            if (length < 4 || sg_read_u32(payload) != length - 4)
                return -1;
            if (reserve(&c->out, SG_HEADER_SIZE + (size_t)length) < 0)
                return -1;
            unsigned char *o = c->out.data + c->out.length;
            sg_write_header(o, SG_FRAME_RESPONSE, call_id, method_id, length);
            memcpy(o + SG_HEADER_SIZE, payload, length);
            c->out.length += SG_HEADER_SIZE + (size_t)length;
        }
        else
        {
            return -1;
        }
        in->start += SG_HEADER_SIZE + (size_t)length;
    }

    if (in->start == in->length)
        in->start = in->length = 0;
    return 0;
}

static void on_readable(struct loop *loop, struct connection *c)
{
    for (;;)
    {
        if (reserve(&c->in, READ_CHUNK / 4) < 0)
            goto fail;
        /* Read a large frame on its own rather than with the next ones behind it: it is answered (and
           its buffers reused) while still in cache, and its answer goes out while the next is read. */
        size_t room = c->in.capacity - c->in.length;
        size_t want = c->frame_missing > READ_CHUNK ? c->frame_missing : READ_CHUNK;
        if (room > want)
            room = want;
        ssize_t n = recv(c->fd, c->in.data + c->in.length, room, 0);
        if (n == 0)
            goto fail;
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            goto fail;
        }
        c->in.length += (size_t)n;
        if (process_input(c) < 0)
            goto fail;
        /* Large answers go out while the rest is still being read, so reading and sending overlap;
           small ones wait for the end of the read and share one send. */
        if (c->out.length - c->out.start >= SEND_EARLY_THRESHOLD && flush_output(loop, c) < 0)
            goto fail;
        if ((size_t)n < room)
            break; /* drained the socket; level-triggered epoll tells us about the rest */
    }
    if (c->out.length > c->out.start && flush_output(loop, c) < 0)
        goto fail;
    return;
fail:
    close_connection(loop, c);
}

static void on_accept(struct loop *loop)
{
    for (;;)
    {
        int fd = accept4(loop->listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return; /* EAGAIN, or out of descriptors: try again on the next event */
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct connection *c = calloc(1, sizeof *c);
        if (!c)
        {
            close(fd);
            continue;
        }
        c->fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(loop->epoll, EPOLL_CTL_ADD, fd, &ev) < 0)
        {
            close(fd);
            free(c);
        }
    }
}

static void *run_loop(void *arg)
{
    struct loop *loop = arg;
    struct epoll_event events[MAX_EVENTS];
    for (;;)
    {
        int n = epoll_wait(loop->epoll, events, MAX_EVENTS, -1);
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++)
        {
            if (events[i].data.ptr == NULL)
            {
                on_accept(loop);
                continue;
            }
            struct connection *c = events[i].data.ptr;
            if ((events[i].events & EPOLLOUT) && flush_output(loop, c) < 0)
            {
                close_connection(loop, c);
                continue;
            }
            /* Input is read while output drains, unless the peer leaves too much of it unread. */
            if ((events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->throttled)
                on_readable(loop, c);
        }
    }
    return NULL;
}

static int open_listener(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        die("SO_REUSEADDR");
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        die("SO_REUSEPORT");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        die("bind");
    if (listen(fd, 1024) < 0)
        die("listen");
    return fd;
}

int main(int argc, char **argv)
{
    int port = 0;
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        threads = CPU_COUNT(&allowed);
    for (int i = 1; i < argc; i++)
    {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atol(argv[++i]);
        else
        {
            fprintf(stderr, "usage: %s [--port N] [--threads N]\n", argv[0]);
            return 2;
        }
    }
    if (threads < 1)
        threads = 1;
    signal(SIGPIPE, SIG_IGN);

    struct loop *loops = calloc((size_t)threads, sizeof *loops);
    if (!loops)
        die("calloc");
    for (long i = 0; i < threads; i++)
    {
        loops[i].listener = open_listener(port);
        if (i == 0 && port == 0)
        {
            /* Every other loop binds the port the first one was given. */
            struct sockaddr_in bound;
            socklen_t size = sizeof bound;
            if (getsockname(loops[0].listener, (struct sockaddr *)&bound, &size) < 0)
                die("getsockname");
            port = ntohs(bound.sin_port);
        }
        loops[i].epoll = epoll_create1(EPOLL_CLOEXEC);
        if (loops[i].epoll < 0)
            die("epoll_create1");
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
        if (epoll_ctl(loops[i].epoll, EPOLL_CTL_ADD, loops[i].listener, &ev) < 0)
            die("epoll_ctl ADD listener");
    }

    printf("READY %d\n", port);
    fflush(stdout);

    for (long i = 1; i < threads; i++)
    {
        pthread_t thread;
        if (pthread_create(&thread, NULL, run_loop, &loops[i]) != 0)
            die("pthread_create");
    }
    run_loop(&loops[0]);
    return 0;
}
