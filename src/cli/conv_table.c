/* conv_table.c — an open-addressing hash table from conversation ids to conversations. Ids are compared
 * as the raw JSON text of the "conversation" member: "c1" and 1 are different conversations. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conv_table.h"

typedef struct slot {
    char *id;
    size_t len;
    cg_conversation *conv;
} slot;

struct conv_table {
    slot *slots;
    size_t cap, n; /* cap is a power of two, kept at most half full */
    cg_conversation_options opts;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 0x100000001b3ull;
    return h;
}

conv_table *conv_table_new(const cg_conversation_options *opts)
{
    conv_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    cg_conversation_options d = CG_CONVERSATION_OPTIONS_INIT;
    t->opts = opts ? *opts : d;
    t->cap = 64;
    t->slots = calloc(t->cap, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    return t;
}

static slot *find(slot *slots, size_t cap, const char *id, size_t len)
{
    for (size_t i = hash(id, len) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!slots[i].id || (slots[i].len == len && memcmp(slots[i].id, id, len) == 0))
            return &slots[i];
}

static int grow(conv_table *t)
{
    size_t cap = t->cap * 2;
    slot *s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].id)
            *find(s, cap, t->slots[i].id, t->slots[i].len) = t->slots[i];
    free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

cg_conversation *conv_table_get(conv_table *t, const char *id, size_t len)
{
    slot *s = find(t->slots, t->cap, id, len);
    if (s->id)
        return s->conv;
    if (2 * (t->n + 1) > t->cap) {
        if (grow(t) != 0)
            return NULL;
        s = find(t->slots, t->cap, id, len);
    }
    char *copy = malloc(len + 1);
    cg_conversation *c = NULL;
    if (!copy || cg_conversation_new(&t->opts, &c) != CG_OK) {
        free(copy);
        return NULL;
    }
    memcpy(copy, id, len);
    copy[len] = 0;
    s->id = copy, s->len = len, s->conv = c;
    t->n++;
    return c;
}

size_t conv_table_count(const conv_table *t) { return t ? t->n : 0; }

void conv_table_free(conv_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].id) {
            free(t->slots[i].id);
            cg_conversation_free(t->slots[i].conv);
        }
    free(t->slots);
    free(t);
}
