/* scan.c — Hyperscan over the views, then matches → hits.
 *
 * The Hyperscan callback only records (pattern, end); all judgement (boundaries, exceptions, PCRE2
 * confirmation, validators) happens after the scan, on the recorded list, so the callback stays tiny and
 * PCRE2 runs only for rules Hyperscan reported. A view's database sees only the bytes where one of its
 * matches can lie (the database's scan plan, compile.c). */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../internal.h"

/* A message with more raw matches than this is pathological (a flood of one repeated word); the rest
 * are dropped, CG_FLAG_TRUNCATED is set, and the verdict stands on the hits already found. */
#define MAX_RAW_MATCHES (1u << 16)

/* Mark rule r for confirmation (once per message; the list is what the next message clears). */
static void set_pending(cg_scanner *s, uint32_t r)
{
    if (!s->pending[r]) {
        s->pending[r] = 1;
        s->pending_list[s->n_pending++] = r;
    }
}

/* What the callback needs: where to record, which patterns, and where the scanned bytes start in the view. */
typedef struct scan_ctx {
    cg_scanner *s;
    const cg_view_db *vdb;
    uint32_t offset;
} scan_ctx;

static int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags, void *ctx)
{
    (void)from;
    (void)flags;
    scan_ctx *c = ctx;
    cg_scanner *s = c->s;
    cg_raw_list *raw = &s->raw;
    const cg_pattern *p = &c->vdb->pats[id];
    uint32_t end = (uint32_t)to + c->offset;
    if (p->all_ends) {
        /* Every end goes to the confirmation; the raw list gets the first one only, as it did when these
         * patterns were single-match, so a flood is cut at the same place. */
        if (s->n_ends == s->ends_cap) {
            size_t cap = s->ends_cap;
            if (cap >= MAX_RAW_MATCHES || cg_grow((void **)&s->ends, &cap, s->n_ends + 1, sizeof *s->ends) != 0)
                s->ends_incomplete = 1;
            else
                s->ends_cap = cap;
        }
        if (s->n_ends < s->ends_cap)
            s->ends[s->n_ends++] = (cg_end){p->rule, end, 0};
        if (s->pending[p->rule])
            return 0;
    }
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
    raw->m[raw->n].end = end;
    raw->n++;
    if (p->all_ends)
        set_pending(s, p->rule);
    return 0;
}

/* Windows closer than this are one window (for cg_scan_windows and the differential test; the scan
 * itself covers all windows of a view with one call). */
#define RUN_GAP 32

static int scan_range(const cg_view_db *vdb, cg_scanner *s, const cg_view *v, size_t from, size_t to)
{
    scan_ctx c = {s, vdb, (uint32_t)from};
    hs_error_t rc = hs_scan(vdb->db, (const char *)v->b + from, (unsigned)(to - from), 0, s->scratch, on_match, &c);
    CG_STAT(s->stats.hs_scans[v - s->views.v]++; s->stats.hs_bytes[v - s->views.v] += to - from);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        return CG_E_SCAN;
    return CG_OK;
}

/* A search for the bytes every match of a database needs (CG_SCAN_REQ), sixteen bytes at a time when they
 * form a few ranges: most views hold none or very few of them. */
typedef struct req_search {
    const cg_view_db *vdb;
#if defined(__SSE2__)
    __m128i lo[4], span[4];
#endif
} req_search;

static void req_init(req_search *q, const cg_view_db *vdb)
{
    q->vdb = vdb;
#if defined(__SSE2__)
    for (unsigned k = 0; k < vdb->n_req_ranges; k++) {
        q->lo[k] = _mm_set1_epi8((char)vdb->req_lo[k]);
        q->span[k] = _mm_set1_epi8((char)(vdb->req_hi[k] - vdb->req_lo[k]));
    }
#endif
}

#if defined(__SSE2__)
/* Bit j set: byte j of the 16 at p is required. */
static unsigned req_mask(const req_search *q, const uint8_t *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)p), hit = _mm_setzero_si128();
    for (unsigned k = 0; k < q->vdb->n_req_ranges; k++) {
        /* lo <= x <= hi as unsigned bytes: d = x - lo wraps, and min(d, hi - lo) == d */
        __m128i d = _mm_sub_epi8(x, q->lo[k]);
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_min_epu8(d, q->span[k]), d));
    }
    return (unsigned)_mm_movemask_epi8(hit);
}
#endif

/* The first position at or after i holding a required byte (n if none). */
static size_t next_required(const req_search *q, const uint8_t *b, size_t i, size_t n)
{
#if defined(__SSE2__)
    if (q->vdb->n_req_ranges && n >= 16) {
        for (; i + 16 <= n; i += 16) {
            unsigned m = req_mask(q, b + i);
            if (m)
                return i + (size_t)__builtin_ctz(m);
        }
        if (i < n) {
            /* the last bytes: the final sixteen again, without those before i */
            unsigned m = req_mask(q, b + n - 16) >> (16 - (n - i));
            return m ? i + (size_t)__builtin_ctz(m) : n;
        }
        return n;
    }
#endif
    for (; i < n; i++)
        if (q->vdb->scan_class[b[i]] & CG_SCAN_REQ)
            return i;
    return n;
}

/* The windows of a view its database has to scan, one after the other: the whole view (CG_PLAN_FULL), the
 * whole view or nothing (CG_PLAN_REQUIRED), or around each required byte the run of span bytes it lies
 * in, when long enough and holding a required pair, runs closer than RUN_GAP merged (CG_PLAN_RUNS). Skipping is exact: a plan other
 * than FULL exists only for databases whose matches all lie in such runs (compile.c), and a pattern
 * without anchors matches a part of the view wherever it matches the whole. */
typedef struct window_iter {
    const cg_view_db *vdb;
    const cg_view *v;
    req_search q;
    size_t i;        /* where the search for the next required byte goes on */
    size_t ws, we;   /* the window being grown (have) */
    int have, done;
} window_iter;

static void windows_init(window_iter *it, const cg_view_db *vdb, const cg_view *v)
{
    it->vdb = vdb;
    it->v = v;
    it->i = it->ws = it->we = 0;
    it->have = it->done = 0;
    if (vdb->plan != CG_PLAN_FULL)
        req_init(&it->q, vdb);
}

/* Does [from, to) hold one of the database's required pairs (or does it know none)? */
static int has_pair(const cg_view_db *vdb, const uint8_t *b, size_t from, size_t to)
{
    if (!vdb->n_pairs)
        return 1;
    for (size_t i = from; i + 1 < to; i++)
        if (vdb->pair_a[b[i]] & vdb->pair_b[b[i + 1]])
            return 1;
    return 0;
}

static int next_window(window_iter *it, size_t *ws, size_t *we)
{
    const cg_view_db *vdb = it->vdb;
    const uint8_t *cls = vdb->scan_class, *b = it->v->b;
    size_t n = it->v->len;
    if (it->done)
        return 0;
    if (vdb->plan != CG_PLAN_RUNS) {
        it->done = 1;
        if (n == 0 || (vdb->plan == CG_PLAN_REQUIRED && (next_required(&it->q, b, 0, n) == n || !has_pair(vdb, b, 0, n))))
            return 0;
        *ws = 0, *we = n;
        return 1;
    }
    size_t i;
    while ((i = next_required(&it->q, b, it->i, n)) < n) {
        size_t rs = i, re = i + 1;
        if (!(cls[b[i]] & CG_SCAN_SPAN)) { /* a required byte is always a span byte; but be safe */
            it->i = i + 1;
            continue;
        }
        while (rs > it->we && (cls[b[rs - 1]] & CG_SCAN_SPAN))
            rs--;
        while (re < n && (cls[b[re]] & CG_SCAN_SPAN))
            re++;
        it->i = re;
        if (re - rs < vdb->min_width || !has_pair(vdb, b, rs, re))
            continue;
        if (it->have && rs - it->we > RUN_GAP) {
            *ws = it->ws, *we = it->we; /* the window so far; this run starts the next */
            it->ws = rs, it->we = re;
            return 1;
        }
        if (!it->have)
            it->ws = rs, it->have = 1;
        it->we = re;
    }
    it->done = 1;
    if (!it->have)
        return 0;
    *ws = it->ws, *we = it->we;
    return 1;
}

size_t cg_scan_windows(const cg_view_db *vdb, const cg_view *v, size_t (*w)[2], size_t max)
{
    window_iter it;
    windows_init(&it, vdb, v);
    size_t n = 0, ws, we;
    while (next_window(&it, &ws, &we)) {
        if (n < max)
            w[n][0] = ws, w[n][1] = we;
        n++;
    }
    return n;
}

/* Hyperscan over view v: one hs_scan per view and message, over the smallest range that holds every
 * window of the scan plan (none at all when there is no window). The bytes between two windows hold no
 * match (see window_iter), so the range finds what the windows would; one call keeps the rule of one
 * scan per view, and the gaps cost less than a second call would for all but the rarest messages. */
static int scan_view(const cg_view_db *vdb, cg_scanner *s, const cg_view *v)
{
    if (vdb->plan == CG_PLAN_FULL)
        return scan_range(vdb, s, v, 0, v->len);
    window_iter it;
    windows_init(&it, vdb, v);
    size_t ws, we, from = 0, to = 0;
    int any = 0;
    while (next_window(&it, &ws, &we)) {
        if (!any)
            from = ws;
        to = we;
        any = 1;
    }
    return any ? scan_range(vdb, s, v, from, to) : CG_OK;
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
    size_t k = 0;
    if (cw->by_first) {
        /* only the patterns that start with the word's first byte, then those that may start anywhere */
        for (k = cw->by_first[w[0]]; k < cw->by_first[w[0] + 1]; k++)
            if (cg_wordpat_match(&cw->pats[k], w, n))
                return 1;
        k = cw->by_first[256];
    }
    for (; k < cw->n; k++)
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

/* Rule r's ends, in report order (ascending), into s->rule_ends. */
static int gather_ends(cg_scanner *s, uint32_t r, size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_ends; i++) {
        if (s->ends[i].rule != r)
            continue;
        if (n == s->rule_ends_cap &&
            cg_grow((void **)&s->rule_ends, &s->rule_ends_cap, n + 1, sizeof *s->rule_ends) != 0)
            return -1;
        s->rule_ends[n++] = s->ends[i];
    }
    /* Hyperscan reports in order of end offset; should that ever not hold, sort (insertion: short lists) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && s->rule_ends[j - 1].end > s->rule_ends[j].end; j--) {
            cg_end t = s->rule_ends[j];
            s->rule_ends[j] = s->rule_ends[j - 1];
            s->rule_ends[j - 1] = t;
        }
    *n_out = n;
    return 0;
}

int cg_scan_views(const cg_engine *e, cg_scanner *s, const cg_context *ctx)
{
    s->n_hits = 0;
    s->role = ctx->role;
    s->channel = ctx->channel;
    CG_STAT(s->stats.messages++);
    for (size_t i = 0; i < s->n_pending; i++)
        s->pending[s->pending_list[i]] = 0;
    s->n_pending = 0;
    s->n_ends = 0;
    s->ends_incomplete = 0;
    int truncated = 0;
    for (int vi = 0; vi < CG_VIEW_COUNT; vi++) {
        const cg_view_db *vdb = &e->views[vi];
        const cg_view *v = &s->views.v[vi];
        if (!vdb->db || v->len == 0)
            continue;
        s->raw.n = 0;
        s->raw.truncated = 0;
        /* Hyperscan over this view: every rule and lexicon entry of the view at once. */
        int rc = scan_view(vdb, s, v);
        if (rc != CG_OK)
            return rc;
        CG_STAT(s->stats.raw[vi] += s->raw.n);
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
                set_pending(s, p->rule);
                break;
            }
            if (r != 0)
                return CG_E_NOMEM;
        }
    }
    /* Confirm in rule order (the list is short: insertion sort). A scan cut short leaves later ends
     * unreported: then PCRE2 searches as if none were known. */
    for (size_t i = 1; i < s->n_pending; i++)
        for (size_t j = i; j > 0 && s->pending_list[j - 1] > s->pending_list[j]; j--) {
            uint32_t t = s->pending_list[j];
            s->pending_list[j] = s->pending_list[j - 1];
            s->pending_list[j - 1] = t;
        }
    int ends_known = !truncated && !s->ends_incomplete;
    for (size_t i = 0; i < s->n_pending; i++) {
        uint32_t r = s->pending_list[i];
        size_t n = 0;
        int windowed = ends_known && e->rules[r].all_ends;
        if (windowed && gather_ends(s, r, &n) != 0)
            return CG_E_NOMEM;
        if (windowed && n == 0)
            continue; /* cannot happen (a rule is pending through an end), but then nothing can match */
        int rc = cg_confirm_rule(e, s, r, windowed ? s->rule_ends : NULL, n);
        if (rc != CG_OK)
            return rc;
    }
    dedupe_hits(s);
    if (truncated)
        s->views.flags |= CG_FLAG_TRUNCATED;
    return CG_OK;
}
