/* state.c — the portable form of a conversation, for a backend's database or cache.
 *
 * Layout (version 1), every integer little-endian whatever the host:
 *
 *   0   4  magic "CGCV"
 *   4   1  version (1)
 *   5   1  flags: bit 0 = no_repeats; other bits must be 0
 *   6   2  total length in bytes, this header and the checksum included
 *   8   4  messages checked so far
 *   12  4  max_messages, tail_bytes, max_distance, repeat_threshold (one byte each)
 *   16  1  repeat_min_words
 *   17     per side (seller, then buyer):
 *            1  number of tails, 1  number of fingerprints
 *            per tail: 4 message index, 4 offset in that message, 1 length, then the bytes
 *            per fingerprint: 8 hash, 1 count
 *   end-4  4  CRC-32 (IEEE) of every byte before it
 *
 * Reading trusts nothing: the length, the checksum, every option, count, length and index are checked
 * against what a writer can produce, and the bytes must be consumed exactly. So a state that reads back
 * is one this library could have written, and writing it again gives the same bytes (the fuzzer checks
 * that). Unknown versions are refused rather than guessed at. */
#include <stdlib.h>
#include <string.h>

#include "conversation.h"

#define STATE_VERSION 1u
#define HEADER_BYTES 17u
#define CHECKSUM_BYTES 4u
#define MAX_OFFSET (1u << 30) /* no message is longer (HARD_MAX_MESSAGE in engine.c) */

static const uint8_t magic[4] = {'C', 'G', 'C', 'V'};

/* CRC-32 bit by bit: a state is at most 1 KiB, so a table would save nothing worth its 1 KiB. */
static uint32_t crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xFFFFu), put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }
static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t get32(const uint8_t *p) { return get16(p) | get16(p + 2) << 16; }
static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }

size_t conv_state_bound(const conv_opts *o)
{
    size_t side = 2 + (size_t)o->max_messages * (9u + o->tail_bytes) + CONV_RING * 9u;
    return HEADER_BYTES + CG_ROLE_COUNT * side + CHECKSUM_BYTES;
}

static size_t state_size(const cg_conversation *c)
{
    size_t n = HEADER_BYTES + CHECKSUM_BYTES;
    for (unsigned r = 0; r < CG_ROLE_COUNT; r++) {
        const conv_side *sd = &c->side[r];
        n += 2 + (size_t)sd->n_seen * 9u;
        for (unsigned i = 0; i < sd->n_tails; i++)
            n += 9u + sd->tails[i].len;
    }
    return n;
}

int cg_conversation_serialize(const cg_conversation *c, void *buf, size_t cap, size_t *len_out)
{
    if (len_out)
        *len_out = 0;
    if (!c || !len_out || (!buf && cap))
        return CG_E_INVALID_ARG;
    size_t n = state_size(c);
    *len_out = n;
    if (n > cap)
        return CG_E_INVALID_ARG;
    uint8_t *p = buf;
    memcpy(p, magic, 4);
    p[4] = STATE_VERSION;
    p[5] = c->o.no_repeats ? 1u : 0u;
    put16(p + 6, (uint32_t)n);
    put32(p + 8, c->messages);
    p[12] = c->o.max_messages;
    p[13] = c->o.tail_bytes;
    p[14] = c->o.max_distance;
    p[15] = c->o.repeat_threshold;
    p[16] = c->o.repeat_min_words;
    size_t at = HEADER_BYTES;
    for (unsigned r = 0; r < CG_ROLE_COUNT; r++) {
        const conv_side *sd = &c->side[r];
        p[at++] = sd->n_tails;
        p[at++] = sd->n_seen;
        for (unsigned i = 0; i < sd->n_tails; i++) {
            const conv_tail *t = &sd->tails[i];
            put32(p + at, t->message);
            put32(p + at + 4, t->offset);
            p[at + 8] = t->len;
            memcpy(p + at + 9, conv_tail_bytes((cg_conversation *)c, r, i), t->len);
            at += 9u + t->len;
        }
        for (unsigned i = 0; i < sd->n_seen; i++) {
            put64(p + at, sd->seen[i].hash);
            p[at + 8] = sd->seen[i].count;
            at += 9;
        }
    }
    put32(p + at, crc32(p, at));
    return CG_OK;
}

/* Read one side at *at; 0, or -1 when it is not what a writer produces. */
static int read_side(cg_conversation *c, unsigned r, const uint8_t *p, size_t len, size_t *at)
{
    conv_side *sd = &c->side[r];
    if (len - *at < 2)
        return -1;
    unsigned nt = p[*at], ns = p[*at + 1];
    *at += 2;
    if (nt > c->o.max_messages || ns > CONV_RING)
        return -1;
    for (unsigned i = 0; i < nt; i++) {
        if (len - *at < 9)
            return -1;
        conv_tail t = {get32(p + *at), get32(p + *at + 4), p[*at + 8]};
        *at += 9;
        /* indices increase, lie in the past and within reach (older tails are pruned when written) */
        if (t.len == 0 || t.len > c->o.tail_bytes || len - *at < t.len || t.message >= c->messages ||
            c->messages - t.message > c->o.max_distance || (i && t.message <= sd->tails[i - 1].message) ||
            t.offset > MAX_OFFSET - t.len)
            return -1;
        for (unsigned o = 0; o < r; o++) /* a message has one sender */
            for (unsigned k = 0; k < c->side[o].n_tails; k++)
                if (c->side[o].tails[k].message == t.message)
                    return -1;
        memcpy(conv_tail_bytes(c, r, i), p + *at, t.len);
        *at += t.len;
        sd->tails[i] = t;
        sd->n_tails = (uint8_t)(i + 1);
    }
    for (unsigned i = 0; i < ns; i++) {
        if (len - *at < 9)
            return -1;
        conv_seen s = {get64(p + *at), p[*at + 8]};
        *at += 9;
        if (s.count == 0)
            return -1;
        for (unsigned k = 0; k < i; k++)
            if (sd->seen[k].hash == s.hash)
                return -1;
        sd->seen[i] = s;
        sd->n_seen = (uint8_t)(i + 1);
    }
    return 0;
}

int cg_conversation_deserialize(const void *data, size_t len, cg_conversation **out)
{
    if (!out)
        return CG_E_INVALID_ARG;
    *out = NULL;
    if (!data && len)
        return CG_E_INVALID_ARG;
    const uint8_t *p = data;
    if (len < HEADER_BYTES + CHECKSUM_BYTES || len > CG_CONVERSATION_STATE_MAX || memcmp(p, magic, 4) != 0 ||
        p[4] != STATE_VERSION || (p[5] & ~1u) || get16(p + 6) != len ||
        get32(p + len - CHECKSUM_BYTES) != crc32(p, len - CHECKSUM_BYTES))
        return CG_E_BAD_STATE;
    conv_opts o = {p[12], p[13], p[14], p[15], p[16], (uint8_t)(p[5] & 1u)};
    if (!conv_opts_valid(&o))
        return CG_E_BAD_STATE;
    cg_conversation *c = conv_alloc(&o);
    if (!c)
        return CG_E_NOMEM;
    c->messages = get32(p + 8);
    size_t at = HEADER_BYTES, body = len - CHECKSUM_BYTES;
    for (unsigned r = 0; r < CG_ROLE_COUNT; r++)
        if (read_side(c, r, p, body, &at) != 0) {
            free(c);
            return CG_E_BAD_STATE;
        }
    if (at != body) {
        free(c);
        return CG_E_BAD_STATE;
    }
    *out = c;
    return CG_OK;
}
