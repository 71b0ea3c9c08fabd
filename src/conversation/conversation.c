/* conversation.c — conversation mode: contacts split across a sender's messages, and repeated messages.
 *
 * Detection is the engine's own, never a second implementation: the sender's stored tails and the head of
 * the new message are joined with a space (which the digits and contact views read as they read a space
 * in one message) and the joined text is checked like any message. Of its hits only contacts count, and
 * only those that end in the new message and either
 *   - cross into it from an earlier message ("8916" / "123" / "45 67"): contiguity in the joined text means
 *     the span reaches the end of every earlier piece and the start of every later one; or
 *   - lie in it but stand only with the earlier words ("мой номер" / "123 45 67"): the words responsible are
 *     found by checking ever longer suffixes of the joined text, and the first word that makes the hit
 *     stand is reported as its part in that earlier message.
 * Hits the message has on its own are never duplicated, and the other side's messages never enter the
 * join, so a buyer's numbers cannot complete a seller's phone. */
#include <stdlib.h>
#include <string.h>

#include "conversation.h"

#define HEAD_MAX 512u       /* bytes of the new message joined: a split contact ends near its start */
#define HEAD_SOFT 384u      /* ... cut at the first space after this many */
#define MAX_CANDIDATES 16u  /* contacts found across messages in one message (more is a flood) */
#define SUFFIX_TRIES 8u     /* words looked back for the context of a hit (rules look at most 3 back) */
#define CONTACTS ((1u << CG_CAT_PHONE) | (1u << CG_CAT_EMAIL) | (1u << CG_CAT_LINK) | (1u << CG_CAT_MESSENGER))

static const char spam_rule[] = "spam.repeat";

/* ------------------------------------------------------------------------------------------------ */
/* Options and the object                                                                           */

int conv_opts_valid(const conv_opts *o)
{
    return o->max_messages >= 1 && o->max_messages <= CONV_MAX_MESSAGES && o->tail_bytes >= CONV_MIN_TAIL &&
           o->max_distance >= 1 && o->repeat_threshold >= 2 && o->repeat_min_words >= 1 && o->no_repeats <= 1 &&
           conv_state_bound(o) <= CG_CONVERSATION_STATE_MAX;
}

int conv_opts_resolve(const cg_conversation_options *in, conv_opts *out)
{
    cg_conversation_options d = CG_CONVERSATION_OPTIONS_INIT;
    if (!in)
        in = &d;
    if (in->struct_size != sizeof *in)
        return CG_E_INVALID_ARG; /* built against another version of the header */
    unsigned m = in->max_messages ? in->max_messages : CONV_DEFAULT_MESSAGES;
    unsigned t = in->tail_bytes ? in->tail_bytes : CONV_DEFAULT_TAIL;
    unsigned dist = in->max_distance ? in->max_distance : CONV_DEFAULT_DISTANCE;
    unsigned rep = in->repeat_threshold ? in->repeat_threshold : CONV_DEFAULT_REPEATS;
    unsigned w = in->repeat_min_words ? in->repeat_min_words : CONV_DEFAULT_MIN_WORDS;
    if (m > CONV_MAX_MESSAGES || t > CONV_MAX_TAIL || dist > 255 || rep > 255 || w > 255)
        return CG_E_INVALID_ARG;
    conv_opts o = {(uint8_t)m, (uint8_t)t, (uint8_t)dist, (uint8_t)rep, (uint8_t)w, in->no_repeats != 0};
    if (!conv_opts_valid(&o))
        return CG_E_INVALID_ARG;
    *out = o;
    return CG_OK;
}

cg_conversation *conv_alloc(const conv_opts *o)
{
    size_t pool = (size_t)CG_ROLE_COUNT * o->max_messages * o->tail_bytes;
    cg_conversation *c = calloc(1, sizeof *c + pool);
    if (c)
        c->o = *o;
    return c;
}

int cg_conversation_new(const cg_conversation_options *opts, cg_conversation **out)
{
    if (!out)
        return CG_E_INVALID_ARG;
    *out = NULL;
    conv_opts o;
    int rc = conv_opts_resolve(opts, &o);
    if (rc != CG_OK)
        return rc;
    *out = conv_alloc(&o);
    return *out ? CG_OK : CG_E_NOMEM;
}

void cg_conversation_free(cg_conversation *c) { free(c); }

uint32_t cg_conversation_messages(const cg_conversation *c) { return c ? c->messages : 0; }

/* ------------------------------------------------------------------------------------------------ */
/* Scratch in the scanner: the joined text and what was found in it                                */

typedef struct seg {
    size_t at, len;        /* where the piece lies in the joined text */
    uint32_t message, offset;
} seg;

typedef struct cand {
    cg_hit hit;            /* start/end in the new message */
    size_t js, je;         /* the span in the joined text */
    int crossing;          /* starts in an earlier message (else it stands only with earlier words) */
    size_t ctx_s, ctx_e;   /* a context hit's responsible word in the joined text (ctx_e > ctx_s once found) */
    int keep;
} cand;

struct cg_conv_scratch {
    char *joined;
    size_t joined_cap, joined_len, base; /* the new message's head starts at `base` */
    seg segs[CONV_MAX_MESSAGES];
    size_t n_segs;
    cand cands[MAX_CANDIDATES + 1];      /* + the repeat hit */
    size_t n_cands;
    cg_hit *merged;
    size_t merged_cap;
};

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

static int is_space(uint8_t b) { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'; }

/* How much of the new message to join: all of a short one; of a long one the first HEAD_SOFT bytes up to a
 * space (so no word, and no number, is cut), or HEAD_MAX bytes cut at a character boundary. */
static size_t head_length(const char *text, size_t len, int *cut)
{
    *cut = 0;
    if (len <= HEAD_MAX)
        return len;
    for (size_t i = HEAD_SOFT; i < HEAD_MAX; i++)
        if (is_space((uint8_t)text[i]))
            return i;
    size_t n = HEAD_MAX;
    while (n > 0 && ((uint8_t)text[n] & 0xC0) == 0x80)
        n--;
    *cut = 1;
    return n;
}

/* Join the tails of side sd that the new message (index m) may continue, and the head of the message. */
static int build_joined(struct cg_conv_scratch *x, cg_conversation *c, unsigned r, const char *text, size_t head)
{
    const conv_side *sd = &c->side[r];
    size_t need = head + 1;
    for (unsigned i = 0; i < sd->n_tails; i++)
        need += sd->tails[i].len + 1u;
    if (cg_grow((void **)&x->joined, &x->joined_cap, need, 1) != 0)
        return CG_E_NOMEM;
    x->n_segs = 0;
    size_t n = 0;
    for (unsigned i = 0; i < sd->n_tails; i++) {
        const conv_tail *t = &sd->tails[i];
        if (c->messages - t->message > c->o.max_distance)
            continue;
        seg *g = &x->segs[x->n_segs++];
        g->at = n, g->len = t->len, g->message = t->message, g->offset = t->offset;
        memcpy(x->joined + n, conv_tail_bytes(c, r, i), t->len);
        n += t->len;
        x->joined[n++] = ' ';
    }
    x->base = n;
    memcpy(x->joined + n, text, head);
    n += head;
    x->joined[n] = 0;
    x->joined_len = n;
    return CG_OK;
}

/* Contacts of the joined check that end in the new message become candidates. */
static void collect(struct cg_conv_scratch *x, const cg_scanner *s, size_t head, int cut)
{
    const char *msg = x->joined + x->base;
    x->n_cands = 0;
    for (size_t i = 0; i < s->n_hits && x->n_cands < MAX_CANDIDATES; i++) {
        const cg_hit *h = &s->hits[i];
        if (!(CONTACTS & (1u << h->category)) || h->end <= x->base)
            continue;
        if (cut && h->end >= x->base + head)
            continue; /* may be a piece of something longer in the part not joined */
        cand *k = &x->cands[x->n_cands++];
        memset(k, 0, sizeof *k);
        k->hit = *h;
        k->js = h->start, k->je = h->end;
        k->crossing = h->start < x->base;
        k->hit.end = h->end - x->base;
        k->hit.start = k->crossing ? 0 : h->start - x->base;
        while (k->crossing && k->hit.start + 1 < k->hit.end && is_space((uint8_t)msg[k->hit.start]))
            k->hit.start++; /* the message's part of the span starts at its first character */
        k->keep = 1;
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

/* A candidate the message's own check already reports (the same contact, or one overlapping it) adds
 * nothing: "осталось 8" / "916 123 45 67" is a phone of the second message alone. */
static size_t filter_own(struct cg_conv_scratch *x, const cg_scanner *s)
{
    size_t context = 0;
    for (size_t i = 0; i < x->n_cands; i++) {
        cand *k = &x->cands[i];
        if (covered(s, k->hit.category, k->hit.start, k->hit.end))
            k->keep = 0;
        else if (!k->crossing)
            context++;
    }
    return context;
}

/* Does the last check have hit h (same rule, same span) when the joined text starts at p? */
static int stands(const cg_scanner *s, const cand *k, size_t p)
{
    for (size_t i = 0; i < s->n_hits; i++)
        if (s->hits[i].rule == k->hit.rule && s->hits[i].start + p == k->js && s->hits[i].end + p == k->je)
            return 1;
    return 0;
}

/* For each context candidate, the nearest earlier word without which it does not stand: check the joined
 * text from ever earlier word starts. One that cannot be explained within SUFFIX_TRIES words is dropped. */
static int find_context(struct cg_conv_scratch *x, const cg_engine *e, cg_scanner *s, const cg_context *ctx)
{
    for (size_t i = 0; i < x->n_cands; i++) {
        cand *k = &x->cands[i];
        if (!k->keep || k->crossing)
            continue;
        k->keep = 0;
        unsigned tries = 0;
        for (size_t p = x->base; p-- > 0 && tries < SUFFIX_TRIES;) {
            if (is_space((uint8_t)x->joined[p]) || (p > 0 && !is_space((uint8_t)x->joined[p - 1])))
                continue;
            tries++;
            int rc = cg_check_hits(e, s, x->joined + p, x->joined_len - p, ctx);
            if (rc == CG_E_NOMEM)
                return rc;
            if (rc != CG_OK || !stands(s, k, p))
                continue;
            size_t q = p;
            while (q < x->base && !is_space((uint8_t)x->joined[q]))
                q++;
            k->ctx_s = p, k->ctx_e = q, k->keep = 1;
            break;
        }
    }
    return CG_OK;
}

/* ------------------------------------------------------------------------------------------------ */
/* Results: the candidates as hits with parts                                                       */

static int add_part(cg_scanner *s, size_t hit, uint32_t message, size_t start, size_t end)
{
    if (end <= start)
        return CG_OK;
    if (cg_grow((void **)&s->parts, &s->parts_cap, s->n_parts + 1, sizeof *s->parts) != 0)
        return CG_E_NOMEM;
    cg_part *pt = &s->parts[s->n_parts++];
    memset(pt, 0, sizeof *pt);
    pt->hit = hit, pt->message = message, pt->start = start, pt->end = end;
    return CG_OK;
}

/* The parts of candidate k (now hit `hit`) in earlier messages: its span, or its context word, cut at the
 * pieces' boundaries and without the separators. */
static int earlier_parts(const struct cg_conv_scratch *x, cg_scanner *s, const cand *k, size_t hit)
{
    size_t a = k->crossing ? k->js : k->ctx_s, b = k->crossing ? x->base : k->ctx_e;
    for (size_t i = 0; i < x->n_segs; i++) {
        const seg *g = &x->segs[i];
        size_t ps = a > g->at ? a : g->at, pe = b < g->at + g->len ? b : g->at + g->len;
        if (pe > ps && add_part(s, hit, g->message, g->offset + (ps - g->at), g->offset + (pe - g->at)) != CG_OK)
            return CG_E_NOMEM;
    }
    return CG_OK;
}

static int by_start(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->hit.start < y->hit.start ? -1 : x->hit.start > y->hit.start;
}

/* Merge the kept candidates into the message's hits (both by start, as scoring and masking want) and
 * describe each one's parts. */
static int merge(struct cg_conv_scratch *x, cg_scanner *s, uint32_t message)
{
    size_t n = 0;
    for (size_t i = 0; i < x->n_cands; i++)
        if (x->cands[i].keep)
            x->cands[n++] = x->cands[i];
    x->n_cands = n;
    s->n_parts = 0;
    if (!n)
        return CG_OK;
    qsort(x->cands, n, sizeof *x->cands, by_start);
    size_t total = s->n_hits + n;
    if (cg_grow((void **)&x->merged, &x->merged_cap, total, sizeof *x->merged) != 0 ||
        cg_grow((void **)&s->hits, &s->hits_cap, total, sizeof *s->hits) != 0)
        return CG_E_NOMEM;
    size_t i = 0, j = 0, o = 0;
    while (o < total) {
        if (j < n && (i == s->n_hits || x->cands[j].hit.start < s->hits[i].start)) {
            const cand *k = &x->cands[j++];
            x->merged[o] = k->hit;
            if (k->hit.category != CG_CAT_SPAM) {
                if (earlier_parts(x, s, k, o) != CG_OK || add_part(s, o, message, k->hit.start, k->hit.end) != CG_OK)
                    return CG_E_NOMEM;
            }
            o++;
        } else {
            x->merged[o++] = s->hits[i++];
        }
    }
    memcpy(s->hits, x->merged, total * sizeof *s->hits);
    s->n_hits = total;
    return CG_OK;
}

/* ------------------------------------------------------------------------------------------------ */
/* Remembering the message                                                                          */

static void prune(cg_conversation *c)
{
    for (unsigned r = 0; r < CG_ROLE_COUNT; r++) {
        conv_side *sd = &c->side[r];
        unsigned drop = 0;
        while (drop < sd->n_tails && c->messages - sd->tails[drop].message > c->o.max_distance)
            drop++;
        if (!drop)
            continue;
        for (unsigned i = drop; i < sd->n_tails; i++) {
            sd->tails[i - drop] = sd->tails[i];
            memcpy(conv_tail_bytes(c, r, i - drop), conv_tail_bytes(c, r, i), sd->tails[i].len);
        }
        sd->n_tails = (uint8_t)(sd->n_tails - drop);
    }
}

/* Keep the end of the message: at most tail_bytes, starting at a word (a cut word could read as a
 * different, shorter number) unless one word is longer than that, without spaces at either end. */
static void remember(cg_conversation *c, unsigned r, const char *text, size_t len)
{
    size_t end = len;
    while (end && is_space((uint8_t)text[end - 1]))
        end--;
    size_t start = end > c->o.tail_bytes ? end - c->o.tail_bytes : 0;
    while (start < end && ((uint8_t)text[start] & 0xC0) == 0x80)
        start++;
    if (start > 0 && !is_space((uint8_t)text[start - 1])) {
        size_t k = start;
        while (k < end && !is_space((uint8_t)text[k]))
            k++;
        if (k < end)
            start = k;
    }
    while (start < end && is_space((uint8_t)text[start]))
        start++;
    if (start == end || start > UINT32_MAX)
        return;
    conv_side *sd = &c->side[r];
    if (sd->n_tails == c->o.max_messages) {
        for (unsigned i = 1; i < sd->n_tails; i++) {
            sd->tails[i - 1] = sd->tails[i];
            memcpy(conv_tail_bytes(c, r, i - 1), conv_tail_bytes(c, r, i), sd->tails[i].len);
        }
        sd->n_tails--;
    }
    conv_tail *t = &sd->tails[sd->n_tails];
    t->message = c->messages, t->offset = (uint32_t)start, t->len = (uint8_t)(end - start);
    memcpy(conv_tail_bytes(c, r, sd->n_tails), text + start, t->len);
    sd->n_tails++;
}

/* ------------------------------------------------------------------------------------------------ */

static void empty_result(cg_result *r)
{
    memset(r, 0, sizeof *r);
    r->masked = "";
}

int cg_check_in_conversation(const cg_engine *e, cg_scanner *s, cg_conversation *c, const char *text, size_t len,
                             const cg_context *ctx, cg_result *res)
{
    if (!res)
        return CG_E_INVALID_ARG;
    empty_result(res);
    cg_context def = CG_CONTEXT_INIT;
    if (!ctx)
        ctx = &def;
    if (!e || !s || !c || (!text && len) || (unsigned)ctx->role >= CG_ROLE_COUNT)
        return CG_E_INVALID_ARG;
    if (!text)
        text = "";
    if (c->messages == UINT32_MAX)
        return CG_E_INVALID_ARG; /* four billion messages: the indices would repeat */
    if (!s->conv && !(s->conv = calloc(1, sizeof *s->conv)))
        return CG_E_NOMEM;
    struct cg_conv_scratch *x = s->conv;
    unsigned r = (unsigned)ctx->role;
    x->n_cands = 0;
    x->n_segs = 0;

    /* 1. the sender's earlier pieces joined with the head of this message */
    int cut = 0;
    size_t head = head_length(text, len, &cut);
    int rc = CG_OK;
    if (head && c->side[r].n_tails) {
        rc = build_joined(x, c, r, text, head);
        if (rc == CG_OK && x->n_segs) {
            rc = cg_check_hits(e, s, x->joined, x->joined_len, ctx);
            if (rc == CG_OK)
                collect(x, s, head, cut);
            else if (rc != CG_E_NOMEM)
                rc = CG_OK; /* e.g. a joined text over a tiny max_message_bytes: no join, the message stands */
        }
        if (rc != CG_OK)
            return rc;
    }

    /* 2. the message alone; its views and hits are what the result describes */
    rc = cg_check_hits(e, s, text, len, ctx);
    if (rc != CG_OK)
        return rc;
    if (x->n_cands && filter_own(x, s)) {
        rc = find_context(x, e, s, ctx);
        if (rc == CG_OK)
            rc = cg_check_hits(e, s, text, len, ctx); /* the searches reused the scanner */
        if (rc != CG_OK)
            return rc;
    }

    /* 3. repeats, from the message's text view */
    unsigned words = 0;
    size_t ws = 0, we = 0;
    uint64_t fp = conv_fingerprint(&s->views.v[CG_VIEW_TEXT], &words, &ws, &we);
    int counts = !c->o.no_repeats && words >= c->o.repeat_min_words;
    if (counts && conv_seen_count(&c->side[r], fp) + 1u >= c->o.repeat_threshold) {
        cand *k = &x->cands[x->n_cands++];
        memset(k, 0, sizeof *k);
        k->hit.category = CG_CAT_SPAM;
        k->hit.rule = spam_rule;
        k->hit.severity = 2;
        /* the whole message, as sent, without the spaces around it */
        while (we < len && !is_space((uint8_t)text[we]))
            we++;
        k->hit.start = ws, k->hit.end = we;
        k->hit.view = CG_VIEW_TEXT;
        k->keep = 1;
    }

    /* 4. one result, priced by the profile */
    rc = merge(x, s, c->messages);
    if (rc == CG_OK)
        rc = cg_score(e, s, text, len, ctx, res);
    if (rc != CG_OK) {
        empty_result(res);
        return rc;
    }
    res->parts = s->n_parts ? s->parts : NULL;
    res->n_parts = s->n_parts;
    res->message = c->messages;

    /* 5. the conversation moves on only once the message was checked */
    if (counts)
        conv_seen_add(&c->side[r], fp);
    remember(c, r, text, len);
    c->messages++;
    prune(c);
    return CG_OK;
}
