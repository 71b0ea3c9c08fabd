/* fuzz_conversation.c — libFuzzer target for conversation mode and its serialized state.
 *
 * The first byte picks the mode. Even: the rest is a state: if it reads back it must write back to the
 * very same bytes (a state that reads is canonical), and the conversation must go on (one message). Odd:
 * the rest is a chat, messages split at 0xFF bytes, the byte before each giving the sender; after every
 * message the state is written (never over CG_CONVERSATION_STATE_MAX), read back and continued from the
 * copy, and every part of every hit must lie inside the message it names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"

static cg_engine *engine;
static cg_scanner *scanner;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (cg_engine_load(getenv("CHATGUARD_RULES_DIR"), "wb", NULL, &engine, NULL) != CG_OK ||
        cg_scanner_new(&scanner) != CG_OK)
        abort();
    return 0;
}

#define MAX_MESSAGES 64

static void check_result(const cg_result *r, const size_t *lens, uint32_t first, size_t len)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (r->hits[i].start >= r->hits[i].end || r->hits[i].end > len)
            abort();
    for (size_t k = 0; k < r->n_parts; k++) {
        const cg_part *p = &r->parts[k];
        if (p->hit >= r->n_hits || p->message > r->message || p->start >= p->end)
            abort();
        if (p->message >= first && p->end > lens[p->message - first])
            abort();
    }
}

static cg_conversation *round_trip(cg_conversation *c)
{
    uint8_t buf[CG_CONVERSATION_STATE_MAX];
    size_t len;
    if (cg_conversation_serialize(c, buf, sizeof buf, &len) != CG_OK || len > CG_CONVERSATION_STATE_MAX)
        abort();
    cg_conversation *copy;
    if (cg_conversation_deserialize(buf, len, &copy) != CG_OK)
        abort();
    cg_conversation_free(c);
    return copy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    cg_context ctx = CG_CONTEXT_INIT;
    cg_result r;
    if (!(data[0] & 1)) {
        cg_conversation *c;
        if (cg_conversation_deserialize(data + 1, size - 1, &c) != CG_OK)
            return 0;
        uint8_t buf[CG_CONVERSATION_STATE_MAX];
        size_t len;
        if (cg_conversation_serialize(c, buf, sizeof buf, &len) != CG_OK || len != size - 1 ||
            memcmp(buf, data + 1, len) != 0)
            abort();
        size_t lens[1] = {9};
        uint32_t first = cg_conversation_messages(c);
        if (cg_check_in_conversation(engine, scanner, c, "123 45 67", 9, &ctx, &r) == CG_OK)
            check_result(&r, lens, first, 9);
        cg_conversation_free(round_trip(c));
        return 0;
    }
    cg_conversation *c;
    if (cg_conversation_new(NULL, &c) != CG_OK)
        abort();
    size_t lens[MAX_MESSAGES];
    uint32_t n = 0;
    const uint8_t *p = data + 1, *end = data + size;
    while (p < end && n < MAX_MESSAGES) {
        const uint8_t *q = memchr(p, 0xFF, (size_t)(end - p));
        if (!q)
            q = end;
        size_t len = (size_t)(q - p);
        ctx.role = len && (p[0] & 0x80) ? CG_ROLE_BUYER : CG_ROLE_SELLER;
        lens[n] = len;
        if (cg_check_in_conversation(engine, scanner, c, (const char *)p, len, &ctx, &r) == CG_OK) {
            check_result(&r, lens, 0, len);
            n++;
        }
        c = round_trip(c);
        p = q + 1;
    }
    cg_conversation_free(c);
    return 0;
}
