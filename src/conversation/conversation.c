/* conversation.c — conversation mode: the conversation object and its options, and the one call that
 * checks the next message of a conversation: split contacts (join.c), repeats (repeat.c), one verdict, and
 * the message remembered (its tail, its fingerprint) once it was checked. */
#include <stdlib.h>
#include <string.h>

#include "conversation.h"

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

static int by_start(const void *a, const void *b)
{
    const conv_cand *x = a, *y = b;
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
            const conv_cand *k = &x->cands[j++];
            x->merged[o] = k->hit;
            for (unsigned p = 0; p < k->n_parts; p++)
                if (add_part(s, o, k->parts[p].message, k->parts[p].start, k->parts[p].end) != CG_OK)
                    return CG_E_NOMEM;
            if (k->n_parts && add_part(s, o, message, k->hit.start, k->hit.end) != CG_OK)
                return CG_E_NOMEM;
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
    while (end && conv_is_space((uint8_t)text[end - 1]))
        end--;
    size_t start = end > c->o.tail_bytes ? end - c->o.tail_bytes : 0;
    while (start < end && ((uint8_t)text[start] & 0xC0) == 0x80)
        start++;
    if (start > 0 && !conv_is_space((uint8_t)text[start - 1])) {
        size_t k = start;
        while (k < end && !conv_is_space((uint8_t)text[k]))
            k++;
        if (k < end)
            start = k;
    }
    while (start < end && conv_is_space((uint8_t)text[start]))
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

    /* 1. the sender's earlier pieces joined with this message, then the message alone */
    int rc = conv_join_check(x, e, s, c, r, text, len, ctx);
    if (rc != CG_OK)
        return rc;

    /* 2. repeats, from the message's text view */
    unsigned words = 0;
    size_t ws = 0, we = 0;
    uint64_t fp = conv_fingerprint(&s->views.v[CG_VIEW_TEXT], &words, &ws, &we);
    int counts = !c->o.no_repeats && words >= c->o.repeat_min_words;
    if (counts && conv_seen_count(&c->side[r], fp) + 1u >= c->o.repeat_threshold) {
        conv_cand *k = &x->cands[x->n_cands++];
        memset(k, 0, sizeof *k);
        k->hit.category = CG_CAT_SPAM;
        k->hit.rule = spam_rule;
        k->hit.severity = 2;
        /* the whole message, as sent, without the spaces around it */
        while (we < len && !conv_is_space((uint8_t)text[we]))
            we++;
        k->hit.start = ws, k->hit.end = we;
        k->hit.view = CG_VIEW_TEXT;
        k->keep = 1;
    }

    /* 3. one result, priced by the profile */
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

    /* 4. the conversation moves on only once the message was checked */
    if (counts)
        conv_seen_add(&c->side[r], fp);
    remember(c, r, text, len);
    c->messages++;
    prune(c);
    return CG_OK;
}
