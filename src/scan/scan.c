/* scan.c — one hs_scan per view, then matches → hits.
 *
 * The Hyperscan callback only records (pattern, end); all judgement (boundaries, exceptions, PCRE2
 * confirmation, validators) happens after the scan, on the recorded list, so the callback stays tiny and
 * PCRE2 runs only for rules Hyperscan reported. */
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

/* A message with more raw matches than this is pathological (a flood of one repeated word); the rest
 * are dropped, CG_FLAG_TRUNCATED is set, and the verdict stands on the hits already found. */
#define MAX_RAW_MATCHES (1u << 16)

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    cg_raw_list *raw = ctx;
    if (raw->n == raw->cap) {
        if (raw->cap >= MAX_RAW_MATCHES) {
            raw->truncated = 1;
            return 1; /* stop this scan */
        }
        size_t cap = raw->cap;
        if (cg_grow((void **)&raw->m, &cap, raw->n + 1, sizeof *raw->m) != 0) {
            raw->truncated = 1;
            return 1;
        }
        raw->cap = cap;
    }
    raw->m[raw->n].pat = id;
    raw->m[raw->n].end = (uint32_t)to;
    raw->n++;
    return 0;
}

/* Is the character before position i of v a digit written right against it (no separator between in the
 * original)? In the digits view "990 89161234567" reads "99089161234567", but the gap after "990" is still
 * a boundary. */
static int digit_touches(const cg_view *v, size_t i_before, size_t i_after)
{
    return (cg_char_class[v->b[i_before]] & CG_CLS_DIGIT) && v->oe[i_before] >= v->os[i_after];
}

int cg_bounds_ok(const cg_view *v, size_t vs, size_t ve, unsigned bounds)
{
    uint8_t before = vs > 0 ? v->b[vs - 1] : ' ';
    uint8_t after = ve < v->len ? v->b[ve] : ' ';
    if ((bounds & CG_BOUND_LEFT) && (cg_char_class[before] & CG_CLS_WORD))
        return 0;
    if ((bounds & CG_BOUND_RIGHT) && (cg_char_class[after] & CG_CLS_WORD))
        return 0;
    if ((bounds & CG_BOUND_HOST_LEFT) &&
        ((cg_char_class[before] & CG_CLS_WORD) || before == '@' || before == '.' || before == '-'))
        return 0;
    if ((bounds & CG_BOUND_HOST_RIGHT) && ((cg_char_class[after] & CG_CLS_WORD) || after == '@' || after == '-'))
        return 0;
    if ((bounds & CG_BOUND_NUM_LEFT) && vs > 0 && (before == '+' || digit_touches(v, vs - 1, vs)))
        return 0;
    if ((bounds & CG_BOUND_NUM_RIGHT) && ve < v->len && digit_touches(v, ve - 1, ve) &&
        (cg_char_class[after] & CG_CLS_DIGIT))
        return 0;
    return 1;
}

int cg_wordpat_match(const cg_wordpat *p, const uint8_t *w, size_t n)
{
    if (p->len > n)
        return 0;
    if (p->anchored_start && p->anchored_end)
        return p->len == n && memcmp(p->word, w, n) == 0;
    if (p->anchored_start)
        return memcmp(p->word, w, p->len) == 0;
    if (p->anchored_end)
        return memcmp(p->word, w + n - p->len, p->len) == 0;
    for (size_t i = 0; i + p->len <= n; i++)
        if (memcmp(p->word, w + i, p->len) == 0)
            return 1;
    return 0;
}

static int word_matches(const cg_context_words *cw, const uint8_t *w, size_t n)
{
    for (size_t k = 0; k < cw->n; k++)
        if (cg_wordpat_match(&cw->pats[k], w, n))
            return 1;
    return 0;
}

/* How far a word is followed around a hit: longer runs of letters or digits are not words a person reads,
 * and walking them whole for every hit would make a flood of hits quadratic. */
#define MAX_WORD 64

/* Is a word of cw within cw->before words before vs or cw->after words after ve? */
static int near_word(const cg_view *v, size_t vs, size_t ve, const cg_context_words *cw)
{
    size_t i = vs, lo = vs > 8 * MAX_WORD ? vs - 8 * MAX_WORD : 0;
    for (unsigned k = 0; k < cw->before && i > lo; k++) {
        while (i > lo && !(cg_char_class[v->b[i - 1]] & CG_CLS_WORD))
            i--;
        size_t e = i;
        while (i > lo && e - i < MAX_WORD && (cg_char_class[v->b[i - 1]] & CG_CLS_WORD))
            i--;
        if (e > i && word_matches(cw, v->b + i, e - i))
            return 1;
        while (i > lo && (cg_char_class[v->b[i - 1]] & CG_CLS_WORD))
            i--; /* the rest of an overlong run */
    }
    i = ve;
    size_t hi = v->len - ve > 8 * MAX_WORD ? ve + 8 * MAX_WORD : v->len;
    for (unsigned k = 0; k < cw->after && i < hi; k++) {
        while (i < hi && !(cg_char_class[v->b[i]] & CG_CLS_WORD))
            i++;
        size_t s = i;
        while (i < hi && i - s < MAX_WORD && (cg_char_class[v->b[i]] & CG_CLS_WORD))
            i++;
        if (i > s && word_matches(cw, v->b + s, i - s))
            return 1;
        while (i < hi && (cg_char_class[v->b[i]] & CG_CLS_WORD))
            i++;
    }
    return 0;
}

/* Does the word around a lexicon hit match one of the rule's exceptions? The exception must contain the
 * hit: "!застрах*" cancels "хуй" in "застрахуйте" but not in "застрах нахуй". */
static int lexicon_exception(const cg_rule *r, const cg_view *v, size_t ws, size_t we, size_t vs, size_t ve)
{
    for (size_t k = 0; k < r->n_exceptions; k++) {
        const cg_wordpat *x = &r->exceptions[k];
        if (!cg_wordpat_match(x, v->b + ws, we - ws))
            continue;
        /* where does the exception sit in the word? it must cover [vs, ve) */
        for (size_t p = ws; p + x->len <= we; p++) {
            if ((x->anchored_start && p != ws) || (x->anchored_end && p + x->len != we))
                continue;
            if (p <= vs && p + x->len >= ve && memcmp(v->b + p, x->word, x->len) == 0)
                return 1;
        }
    }
    return 0;
}

static int in_word(uint8_t c) { return (cg_char_class[c] & CG_CLS_WORD) || c == '*'; }

/* The word around [vs, ve), at most MAX_WORD characters beyond it on each side. */
static void word_around(const cg_view *v, size_t vs, size_t ve, size_t *ws, size_t *we)
{
    size_t a = vs, b = ve;
    while (a > 0 && vs - a < MAX_WORD && in_word(v->b[a - 1]))
        a--;
    while (b < v->len && b - ve < MAX_WORD && in_word(v->b[b]))
        b++;
    *ws = a;
    *we = b;
}

/* Is [vs, ve) inside a word that one of the rule's exceptions names? */
static int excepted(const cg_rule *r, const cg_view *v, size_t vs, size_t ve)
{
    size_t ws, we;
    word_around(v, vs, ve, &ws, &we);
    return lexicon_exception(r, v, ws, we, vs, ve);
}

/* The judgement every candidate passes, whatever found it: validator, then context. */
static int accept(const cg_engine *e, const cg_rule *r, const cg_view *v, size_t vs, size_t ve)
{
    if (r->kind != CG_MATCH_LEXICON && r->n_exceptions && excepted(r, v, vs, ve))
        return 0;
    if (r->validator >= 0 && !cg_validate(r->validator, e, v, vs, ve))
        return 0;
    if (r->not_context.n && near_word(v, vs, ve, &r->not_context))
        return 0;
    if (r->context.n || r->context_follow) {
        int ok = r->context.n && near_word(v, vs, ve, &r->context);
        if (!ok && r->context_follow) {
            size_t i = ve;
            while (i < v->len && v->b[i] == ' ')
                i++;
            ok = i < v->len && strchr(r->context_follow, v->b[i]) != NULL;
        }
        if (!ok)
            return 0;
    }
    return 1;
}

int cg_accept_and_add(cg_scanner *s, const cg_engine *e, uint32_t ri, const cg_view *v, size_t vs, size_t ve)
{
    /* Rules for one role or some channels only: one_word binds sellers in the chat, extortion is what
     * buyers do. */
    if (!(e->rules[ri].roles & (1u << s->role)) || !(e->rules[ri].channels & (1u << s->channel)) ||
        !accept(e, &e->rules[ri], v, vs, ve))
        return 0;
    if (e->rules[ri].span_word)
        word_around(v, vs, ve, &vs, &ve);
    return cg_add_hit(s, e, ri, v, vs, ve);
}

int cg_add_hit(cg_scanner *s, const cg_engine *e, uint32_t r, const cg_view *v, size_t vs, size_t ve)
{
    if (s->n_hits == s->hits_cap &&
        cg_grow((void **)&s->hits, &s->hits_cap, s->n_hits + 1, sizeof *s->hits) != 0)
        return -1;
    const cg_rule *rule = &e->rules[r];
    cg_hit *h = &s->hits[s->n_hits++];
    memset(h, 0, sizeof *h);
    h->category = rule->category;
    h->rule = rule->id;
    h->severity = rule->severity;
    h->start = v->os[vs];
    h->end = v->oe[ve - 1];
    h->view = (unsigned)rule->view;
    return 0;
}

static int handle_lexicon(const cg_engine *e, cg_scanner *s, const cg_view *v, const cg_pattern *p, size_t end)
{
    size_t vs = end - p->width, ve = end;
    if (!cg_bounds_ok(v, vs, ve, p->bounds))
        return 0;
    /* Report the whole word (or phrase) the entry sits in: that is what a moderator needs to see. */
    const cg_rule *r = &e->rules[p->rule];
    if (r->n_exceptions && excepted(r, v, vs, ve))
        return 0;
    size_t ws, we;
    word_around(v, vs, ve, &ws, &we);
    return cg_accept_and_add(s, e, p->rule, v, ws, we);
}

static int handle_fixed(const cg_engine *e, cg_scanner *s, const cg_view *v, const cg_pattern *p, size_t end)
{
    size_t vs = end - p->width;
    if (!cg_bounds_ok(v, vs, end, p->bounds))
        return 0;
    return cg_accept_and_add(s, e, p->rule, v, vs, end);
}

/* Same category, one span inside the other: keep the wider (on equal spans the more severe rule). */
static int hit_cmp(const void *a, const void *b)
{
    const cg_hit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    if (x->category != y->category)
        return x->category < y->category ? -1 : 1;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1; /* of two equal spans, the graver rule stays */
    return strcmp(x->rule, y->rule);
}

static void dedupe_hits(cg_scanner *s)
{
    if (s->n_hits < 2)
        return;
    qsort(s->hits, s->n_hits, sizeof *s->hits, hit_cmp);
    /* Sorted by start, so every hit kept so far starts at or before this one: it is covered exactly when a
     * kept hit of its category reaches as far. One pass, whatever the number of hits. */
    size_t reach[CG_CAT_COUNT] = {0}, out = 0;
    int any[CG_CAT_COUNT] = {0};
    for (size_t i = 0; i < s->n_hits; i++) {
        const cg_hit *h = &s->hits[i];
        if (any[h->category] && reach[h->category] >= h->end)
            continue;
        /* The domain of an e-mail address is part of the address, not a link of its own (e-mail sorts
         * before link on equal spans, so the address is always seen first). */
        if (h->category == CG_CAT_LINK && any[CG_CAT_EMAIL] && reach[CG_CAT_EMAIL] >= h->end)
            continue;
        any[h->category] = 1;
        if (h->end > reach[h->category])
            reach[h->category] = h->end;
        s->hits[out++] = *h;
    }
    s->n_hits = out;
}

int cg_scan_views(const cg_engine *e, cg_scanner *s, const cg_context *ctx)
{
    s->n_hits = 0;
    s->role = ctx->role;
    s->channel = ctx->channel;
    memset(s->pending, 0, e->n_rules);
    int truncated = 0;
    for (int vi = 0; vi < CG_VIEW_COUNT; vi++) {
        const cg_view_db *vdb = &e->views[vi];
        const cg_view *v = &s->views.v[vi];
        if (!vdb->db || v->len == 0)
            continue;
        s->raw.n = 0;
        s->raw.truncated = 0;
        /* The one Hyperscan scan of this view: every rule and lexicon entry of the view at once. */
        hs_error_t rc = hs_scan(vdb->db, (const char *)v->b, (unsigned)v->len, 0, s->scratch, on_match, &s->raw);
        if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
            return CG_E_SCAN;
        truncated |= s->raw.truncated;
        for (size_t i = 0; i < s->raw.n; i++) {
            const cg_pattern *p = &vdb->pats[s->raw.m[i].pat];
            int r = 0;
            switch ((cg_match_kind)p->kind) {
            case CG_MATCH_LEXICON:
                r = handle_lexicon(e, s, v, p, s->raw.m[i].end);
                break;
            case CG_MATCH_FIXED:
                r = handle_fixed(e, s, v, p, s->raw.m[i].end);
                break;
            case CG_MATCH_CONFIRM:
                s->pending[p->rule] = 1;
                break;
            }
            if (r != 0)
                return CG_E_NOMEM;
        }
    }
    for (uint32_t r = 0; r < e->n_rules; r++)
        if (s->pending[r]) {
            int rc = cg_confirm_rule(e, s, r);
            if (rc != CG_OK)
                return rc;
        }
    dedupe_hits(s);
    if (truncated)
        s->views.flags |= CG_FLAG_TRUNCATED;
    return CG_OK;
}
