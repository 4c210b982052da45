/*
 * The SocketGen wire format, as much of it as the benchmark needs (docs/wire-format.md is the reference).
 *
 * Each side first sends an 8-byte preface: "SGRP", major 1, minor 0, two zero bytes. The server sends its
 * preface after it has read the client's. Then frames: a 16-byte header, every field big-endian:
 *   type (1) | flags (1) | reserved (2, zero) | call id (4) | method id (4) | payload length (4)
 * followed by the payload. Request = 1, Response = 2, Error = 3.
 *
 * The bench contract pins its method ids with [Method(Id = ...)] so every server agrees:
 *   1: int Add(int a, int b)      payload a, b as int32 big-endian; result int32 big-endian
 *   2: byte[] Echo(byte[] data)   payload int32 big-endian length, then the bytes; the result is the same
 */
#ifndef SOCKETGEN_BENCH_WIRE_H
#define SOCKETGEN_BENCH_WIRE_H

#include <stdint.h>
#include <string.h>

#define SG_PREFACE_SIZE 8
#define SG_HEADER_SIZE 16

#define SG_FRAME_REQUEST 1
#define SG_FRAME_RESPONSE 2
#define SG_FRAME_ERROR 3

#define SG_METHOD_ADD 1u
#define SG_METHOD_ECHO 2u

static const unsigned char sg_preface[SG_PREFACE_SIZE] = {'S', 'G', 'R', 'P', 1, 0, 0, 0};

static inline uint32_t sg_read_u32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void sg_write_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static inline void sg_write_header(unsigned char *p, unsigned type, uint32_t call_id, uint32_t method_id, uint32_t length)
{
    p[0] = (unsigned char)type;
    p[1] = 0;
    p[2] = 0;
    p[3] = 0;
    sg_write_u32(p + 4, call_id);
    sg_write_u32(p + 8, method_id);
    sg_write_u32(p + 12, length);
}

/* 0 while more bytes are needed, 1 when the preface is good, -1 when it is wrong. */
static inline int sg_check_preface(const unsigned char *p, size_t available)
{
    size_t n = available < 4 ? available : 4;
    if (memcmp(p, sg_preface, n) != 0)
        return -1;
    if (available < SG_PREFACE_SIZE)
        return 0;
    return p[4] == 1 ? 1 : -1;
}

#endif
