/* join.c — contacts split across a sender's messages, found by the engine on the joined messages.
 *
 * Detection is the engine's own, never a second implementation: the sender's stored tails and the head of
 * the new message are joined and the joined text is checked like any message. Of its hits only contacts
 * count, and only those that end in the new message and either
 *   - cross into it from an earlier message ("8916" / "123" / "45 67"): contiguity in the joined text means
 *     the span reaches the end of every earlier piece and the start of every later one; or
 *   - lie in it but stand only with the earlier words ("мой номер" / "123 45 67"): the word responsible is
 *     found by checking ever longer suffixes of the joined text, and reported as the hit's part in that
 *     earlier message.
 * Hits the message has on its own are never duplicated, and the other side's messages never enter the
 * join, so a buyer's numbers cannot complete a seller's phone.
 *
 * Pieces are joined with a space, which the digits and contact views read as they read a space inside one
 * message ("8916 123 45 67"). But a message boundary is not a separator the sender chose: "+7953" /
 * "7611712" was cut mid-group, and the phone validator rightly refuses "+7953 7611712" as a grouping. So
 * where digits meet digits across a boundary the join is checked a second time with those pieces glued. */
#include <stdlib.h>
#include <string.h>

#include "conversation.h"

/* Bytes of the new message joined. A contact that crosses into it covers its start, and one that stands
 * only with earlier words lies in its first two words, so the head is all that can matter; joining less
 * keeps the joined checks about as cheap as the message's own (bench/RESULTS.md). */
#define HEAD_MAX 192u
#define HEAD_SOFT 128u      /* ... cut at the first space after this many */
#define SUFFIX_TRIES 8u     /* words looked back for the context of a hit (rules look at most 3 back) */
/* A hit that stands only with earlier words continues the earlier message where it stopped ("есть" /
 * "вотсап?", "пиши мне в" / "телегу"): at most this many words of the new message come before it. Deeper
 * in, it belongs to the new sentence ("Да, есть" / "И из Телеграма тоже" describes a smartwatch). */
#define CONTEXT_LEAD_WORDS 1u
#define CONTACTS ((1u << CG_CAT_PHONE) | (1u << CG_CAT_EMAIL) | (1u << CG_CAT_LINK) | (1u << CG_CAT_MESSENGER))

void cg_conv_scratch_free(struct cg_conv_scratch *x)
{
    if (!x)
        return;
    free(x->joined);
    free(x->merged);
    free(x);
}

size_t cg_conv_scratch_memory(const struct cg_conv_scratch *x)
{
    return x ? sizeof *x + x->joined_cap + x->merged_cap * sizeof(cg_hit) : 0;
}

/* Does s[0..n) start / end with a digit, or a letter the digits view reads as one inside a number (З, О,
 * Ч, Б, I, l, O)? Glued pieces need an ASCII digit on at least one side. */
static int digitlike(const uint8_t *s, size_t n, int *ascii)
{
    *ascii = n >= 1 && s[0] >= '0' && s[0] <= '9';
    if (*ascii || (n >= 1 && (s[0] == 'I' || s[0] == 'l' || s[0] == 'O')))
        return 1;
    static const char *const looks[] = {"З", "з", "О", "о", "Ч", "ч", "Б", "б"};
    for (size_t i = 0; i < sizeof looks / sizeof looks[0]; i++)
        if (n >= 2 && memcmp(s, looks[i], 2) == 0)
            return 1;
    return 0;
}

static int digitlike_end(const uint8_t *s, size_t n, int *ascii)
{
    if (n >= 1 && s[n - 1] < 0x80)
        return digitlike(s + n - 1, 1, ascii);
    return n >= 2 ? digitlike(s + n - 2, 2, ascii) : (*ascii = 0);
}

/* Do the pieces a (ending) and b (starting) meet digit to digit? */
static int glues(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    int x, y;
    return digitlike_end(a, an, &x) && digitlike(b, bn, &y) && (x || y);
}

/* How much of the new message to join: all of a short one; of a long one the first HEAD_SOFT bytes up to a
 * space (so no word, and no number, is cut), or HEAD_MAX bytes cut at a character boundary. */
static size_t head_length(const char *text, size_t len, int *cut)
{
    *cut = 0;
    if (len <= HEAD_MAX)
        return len;
    for (size_t i = HEAD_SOFT; i < HEAD_MAX; i++)
        if (conv_is_space((uint8_t)text[i]))
            return i;
    size_t n = HEAD_MAX;
    while (n > 0 && ((uint8_t)text[n] & 0xC0) == 0x80)
        n--;
    *cut = 1;
    return n;
}

/* Join the tails of side r that the new message may continue and the head of the message, with a space
 * between pieces, or (glue) without one where digits meet. Returns how many boundaries were glued. */
static int build_joined(struct cg_conv_scratch *x, cg_conversation *c, unsigned r, const char *text, size_t head,
                        int glue, size_t *glued)
{
    const conv_side *sd = &c->side[r];
    size_t need = head + 1;
    for (unsigned i = 0; i < sd->n_tails; i++)
        need += sd->tails[i].len + 1u;
    if (cg_grow((void **)&x->joined, &x->joined_cap, need, 1) != 0)
        return CG_E_NOMEM;
    x->n_segs = 0;
    *glued = 0;
    size_t n = 0;
    for (unsigned i = 0; i < sd->n_tails; i++) {
        const conv_tail *t = &sd->tails[i];
        if (c->messages - t->message > c->o.max_distance)
            continue;
        const uint8_t *b = conv_tail_bytes(c, r, i);
        conv_seg *g = &x->segs[x->n_segs++];
        g->at = n, g->len = t->len, g->message = t->message, g->offset = t->offset;
        memcpy(x->joined + n, b, t->len);
        n += t->len;
        /* the next piece: the next tail within reach, or the message */
        const uint8_t *nb = (const uint8_t *)text;
        size_t nn = head;
        for (unsigned k = i + 1; k < sd->n_tails; k++)
            if (c->messages - sd->tails[k].message <= c->o.max_distance) {
                nb = conv_tail_bytes(c, r, k), nn = sd->tails[k].len;
                break;
            }
        if (glues(b, t->len, nb, nn)) {
            (*glued)++;
            if (glue)
                continue;
        }
        x->joined[n++] = ' ';
    }
    x->base = n;
    memcpy(x->joined + n, text, head);
    n += head;
    x->joined[n] = 0;
    x->joined_len = n;
    return CG_OK;
}

/* Cut joined-text span [a, b) at the stored pieces and record the bits in earlier messages. */
static void earlier_parts(const struct cg_conv_scratch *x, conv_cand *k, size_t a, size_t b)
{
    k->n_parts = 0;
    for (size_t i = 0; i < x->n_segs; i++) {
        const conv_seg *g = &x->segs[i];
        size_t ps = a > g->at ? a : g->at, pe = b < g->at + g->len ? b : g->at + g->len;
        if (pe > ps) {
            conv_part *p = &k->parts[k->n_parts++];
            p->message = g->message, p->start = g->offset + (ps - g->at), p->end = g->offset + (pe - g->at);
        }
    }
}

/* Is there a candidate of this category over [a, b) of the new message already? */
static int have(const struct cg_conv_scratch *x, cg_category cat, size_t a, size_t b)
{
    for (size_t i = 0; i < x->n_cands; i++)
        if (x->cands[i].hit.category == cat && x->cands[i].hit.start < b && x->cands[i].hit.end > a)
            return 1;
    return 0;
}

/* Words of the message before offset `at`. */
static size_t words_before(const char *msg, size_t at)
{
    size_t n = 0;
    for (size_t i = 0; i < at; i++)
        n += !conv_is_space((uint8_t)msg[i]) && (i == 0 || conv_is_space((uint8_t)msg[i - 1]));
    return n;
}

/* Contacts of the joined check that end in the new message become candidates. */
static void collect(struct cg_conv_scratch *x, const cg_scanner *s, size_t head, int cut)
{
    const char *msg = x->joined + x->base;
    for (size_t i = 0; i < s->n_hits && x->n_cands < CONV_MAX_CANDIDATES; i++) {
        const cg_hit *h = &s->hits[i];
        if (!(CONTACTS & (1u << h->category)) || h->end <= x->base)
            continue;
        if (cut && h->end >= x->base + head)
            continue; /* may be a piece of something longer in the part not joined */
        int crossing = h->start < x->base;
        size_t start = crossing ? 0 : h->start - x->base, end = h->end - x->base;
        if (!crossing && words_before(msg, start) > CONTEXT_LEAD_WORDS)
            continue;
        while (crossing && start + 1 < end && conv_is_space((uint8_t)msg[start]))
            start++; /* the message's part of the span starts at its first character */
        conv_cand *k = &x->cands[x->n_cands++];
        memset(k, 0, sizeof *k);
        k->hit = *h;
        k->hit.start = start, k->hit.end = end;
        k->js = h->start, k->je = h->end;
        k->crossing = crossing;
        k->keep = 1;
        if (crossing)
            earlier_parts(x, k, h->start, x->base);
    }
}

/* Does the message have a hit of this category of its own over [a, b)? */
static int covered(const cg_scanner *s, cg_category cat, size_t a, size_t b)
{
    for (size_t i = 0; i < s->n_hits; i++)
        if (s->hits[i].category == cat && s->hits[i].start < b && s->hits[i].end > a)
            return 1;
    return 0;
}

/* Does the last check have candidate k's hit (same rule, same span) when the joined text starts at p? */
static int stands(const cg_scanner *s, const conv_cand *k, size_t p)
{
    for (size_t i = 0; i < s->n_hits; i++)
        if (s->hits[i].rule == k->hit.rule && s->hits[i].start + p == k->js && s->hits[i].end + p == k->je)
            return 1;
    return 0;
}

/* For a context candidate, the nearest earlier word without which it does not stand: check the spaced
 * joined text from ever earlier word starts. One not explained within SUFFIX_TRIES words is dropped. */
static int find_context(struct cg_conv_scratch *x, const cg_engine *e, cg_scanner *s, const cg_context *ctx,
                        conv_cand *k)
{
    k->keep = 0;
    unsigned tries = 0;
    for (size_t p = x->base; p-- > 0 && tries < SUFFIX_TRIES;) {
        if (conv_is_space((uint8_t)x->joined[p]) || (p > 0 && !conv_is_space((uint8_t)x->joined[p - 1])))
            continue;
        tries++;
        int rc = cg_check_hits(e, s, x->joined + p, x->joined_len - p, ctx);
        if (rc == CG_E_NOMEM)
            return rc;
        if (rc != CG_OK || !stands(s, k, p))
            continue;
        size_t q = p;
        while (q < x->base && !conv_is_space((uint8_t)x->joined[q]))
            q++;
        earlier_parts(x, k, p, q);
        k->keep = k->n_parts > 0;
        break;
    }
    return CG_OK;
}

/* One joined check; an error other than memory (a joined text over a tiny max_message_bytes, say) only
 * means there is no join to look at. */
static int joined_check(struct cg_conv_scratch *x, const cg_engine *e, cg_scanner *s, const cg_context *ctx,
                        size_t head, int cut)
{
    int rc = cg_check_hits(e, s, x->joined, x->joined_len, ctx);
    if (rc == CG_OK)
        collect(x, s, head, cut);
    return rc == CG_E_NOMEM ? rc : CG_OK;
}

int conv_join_check(struct cg_conv_scratch *x, const cg_engine *e, cg_scanner *s, cg_conversation *c, unsigned r,
                    const char *text, size_t len, const cg_context *ctx)
{
    x->n_cands = 0;
    x->n_segs = 0;
    int cut = 0, rc = CG_OK;
    size_t head = head_length(text, len, &cut), glued = 0;
    if (head && c->side[r].n_tails) {
        /* glued first, so that the spaced join is the one left in x->joined for the context searches */
        conv_cand glued_cands[CONV_MAX_CANDIDATES];
        size_t n_glued = 0;
        rc = build_joined(x, c, r, text, head, 1, &glued);
        if (rc == CG_OK && glued && x->n_segs) {
            rc = joined_check(x, e, s, ctx, head, cut);
            n_glued = x->n_cands;
            memcpy(glued_cands, x->cands, n_glued * sizeof *glued_cands);
            x->n_cands = 0;
        }
        if (rc == CG_OK)
            rc = build_joined(x, c, r, text, head, 0, &glued);
        if (rc == CG_OK && x->n_segs)
            rc = joined_check(x, e, s, ctx, head, cut);
        /* of the glued join, what crosses where the spaced join found nothing of its category */
        for (size_t i = 0; i < n_glued && x->n_cands < CONV_MAX_CANDIDATES; i++)
            if (glued_cands[i].crossing && !have(x, glued_cands[i].hit.category, glued_cands[i].hit.start,
                                                 glued_cands[i].hit.end))
                x->cands[x->n_cands++] = glued_cands[i];
        if (rc != CG_OK)
            return rc;
    }

    /* the message alone: its views and hits are what the result describes */
    rc = cg_check_hits(e, s, text, len, ctx);
    if (rc != CG_OK || !x->n_cands)
        return rc;
    size_t context = 0;
    for (size_t i = 0; i < x->n_cands; i++) {
        conv_cand *k = &x->cands[i];
        /* what the message reports itself ("осталось 8" / "916 123 45 67") needs no earlier piece */
        if (covered(s, k->hit.category, k->hit.start, k->hit.end))
            k->keep = 0;
        else if (!k->crossing)
            context++;
    }
    if (!context)
        return CG_OK;
    for (size_t i = 0; i < x->n_cands && rc == CG_OK; i++)
        if (x->cands[i].keep && !x->cands[i].crossing)
            rc = find_context(x, e, s, ctx, &x->cands[i]);
    if (rc == CG_OK)
        rc = cg_check_hits(e, s, text, len, ctx); /* the searches reused the scanner */
    return rc;
}
