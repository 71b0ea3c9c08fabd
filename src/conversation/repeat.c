/* repeat.c — repeated messages: a fingerprint per message and a small most-recent-first ring per side.
 *
 * The fingerprint is serialized with the state and compared across processes, so it is a fixed function
 * (64-bit FNV-1a, explicit constants) of the text view's bytes, which are the same on every platform. A
 * change to the text view's folding changes fingerprints: repeats sent across such an upgrade count anew. */
#include <string.h>

#include "conversation.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

uint64_t conv_fingerprint(const cg_view *v, unsigned *words, size_t *start, size_t *end)
{
    uint64_t h = FNV_OFFSET;
    unsigned n = 0;
    int in_word = 0;
    *start = *end = 0;
    for (size_t i = 0; i < v->len; i++) {
        uint8_t b = v->b[i];
        if (!(cg_char_class[b] & CG_CLS_WORD)) {
            in_word = 0;
            continue;
        }
        if (!in_word) {
            /* one separator between words: "скидка 50" and "скидка50" stay different messages */
            if (n) {
                h ^= ' ';
                h *= FNV_PRIME;
            } else {
                *start = v->os[i];
            }
            n++;
            in_word = 1;
        }
        h ^= b;
        h *= FNV_PRIME;
        *end = v->oe[i];
    }
    *words = n;
    return h;
}

unsigned conv_seen_count(const conv_side *sd, uint64_t hash)
{
    for (unsigned i = 0; i < sd->n_seen; i++)
        if (sd->seen[i].hash == hash)
            return sd->seen[i].count;
    return 0;
}

void conv_seen_add(conv_side *sd, uint64_t hash)
{
    unsigned i = 0;
    while (i < sd->n_seen && sd->seen[i].hash != hash)
        i++;
    conv_seen e = {hash, 1};
    if (i < sd->n_seen) {
        e.count = sd->seen[i].count < 255 ? (uint8_t)(sd->seen[i].count + 1) : 255;
    } else if (sd->n_seen < CONV_RING) {
        sd->n_seen++;
    } else {
        i = CONV_RING - 1; /* forget the least recently sent */
    }
    memmove(&sd->seen[1], &sd->seen[0], i * sizeof sd->seen[0]);
    sd->seen[0] = e;
}
