/* compile.c — turn parsed rules into one Hyperscan database per view plus PCRE2 codes.
 *
 * As Rspamd's re_cache does, each regex is first compiled alone, so that every bad rule gets its own
 * diagnostic (hs_compile_multi reports only the first failure): PCRE2 for syntax with an offset, then
 * Hyperscan exact, then Hyperscan prefilter for what Hyperscan cannot run exactly (look-arounds, back
 * references). Then all patterns of a view — regexes and lexicon entries, one id each — go into one
 * hs_compile_ext_multi, so a message costs one Hyperscan pass over each view whatever the number of rules
 * (often less: a view's scan plan, built here from the patterns' shapes, skips the bytes where none of
 * them can match). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"
#include "cache.h"

/* а е и о у ы э ю я in the internal alphabet */
#define RU_VOWELS "\xe0\xe5\xe8\xee\xf3\xfb\xfd\xfe\xff"

unsigned cg_translate_pattern(const char *src, size_t len, int view, char **out, size_t *out_len, unsigned **colmap)
{
    /* Worst case: every source byte becomes "[\xHH\*]" (8 bytes). */
    char *o = malloc(len * 8 + 1);
    unsigned *cm = colmap ? malloc((len * 8 + 1) * sizeof *cm) : NULL;
    if (!o || (colmap && !cm)) {
        free(o);
        free(cm);
        *out = NULL;
        return 1;
    }
    size_t n = 0, i = 0;
    unsigned col = 1;
    int escaped = 0, in_class = 0;
    while (i < len) {
        const uint8_t *s = (const uint8_t *)src + i;
        if (*s < 0x80) {
            /* Views are lower case: an upper-case literal could never match. Escapes such as \D are fine. */
            if (!escaped && *s >= 'A' && *s <= 'Z') {
                free(o);
                free(cm);
                *out = NULL;
                return col;
            }
            if (!escaped && *s == '[')
                in_class = 1;
            else if (!escaped && *s == ']')
                in_class = 0;
            escaped = !escaped && *s == '\\';
            if (cm)
                cm[n] = col;
            o[n++] = (char)*s;
            i++;
            col++;
            continue;
        }
        int32_t cp;
        size_t cl = cg_utf8_decode(s, len - i, &cp);
        uint8_t b[CG_FOLD_MAX];
        int k = cp < 0 ? -2 : cg_fold_codepoint(cp, b);
        if (k != 1 || b[0] < 0x80) {
            /* Only characters that fold to one non-ASCII byte of the alphabet may be written as UTF-8
             * (a Latin letter written with a diacritic would silently become ASCII: write it as ASCII). */
            free(o);
            free(cm);
            *out = NULL;
            return col;
        }
        /* In the letters view '*' is a masked letter: a Russian vowel written in a pattern (outside a
         * character class, which says exactly what it means) also matches it ("м#дак" matches "муд"). */
        int vowel = view == CG_VIEW_LETTERS && !escaped && !in_class && strchr(RU_VOWELS, b[0]) != NULL;
        size_t before = n;
        if (vowel)
            n += (size_t)snprintf(o + n, 9, "[\\x%02x\\*]", b[0]);
        else
            n += (size_t)snprintf(o + n, 5, "\\x%02x", b[0]);
        if (cm)
            for (size_t k2 = before; k2 < n; k2++)
                cm[k2] = col;
        escaped = 0;
        i += cl;
        col++;
    }
    o[n] = 0;
    if (cm)
        cm[n] = col;
    *out = o;
    *out_len = n;
    if (colmap)
        *colmap = cm;
    return 0;
}

int cg_translate_word_for(const char *src, size_t len, int view, uint8_t **out, size_t *out_len)
{
    /* A lexicon word goes through the same folding as messages, so it matches what the views hold; for
     * the letters view also through its steps ("подделка" is "поделка" there). */
    cg_view v = {0}, l = {0}, tmp = {0};
    uint32_t flags = 0;
    if (cg_build_text_view(&v, (const uint8_t *)src, len, 1, &flags) != CG_OK) {
        cg_view_free(&v);
        return -1;
    }
    if (view == CG_VIEW_LETTERS) {
        int rc = cg_build_letters_view(&l, &tmp, &v);
        cg_view_free(&tmp);
        cg_view_free(&v);
        if (rc != CG_OK) {
            cg_view_free(&l);
            return -1;
        }
        v = l;
    }
    *out = malloc(v.len + 1);
    if (!*out) {
        cg_view_free(&v);
        return -1;
    }
    memcpy(*out, v.b, v.len + 1);
    *out_len = v.len;
    cg_view_free(&v);
    return 0;
}

int cg_translate_word(const char *src, size_t len, uint8_t **out, size_t *out_len)
{
    return cg_translate_word_for(src, len, CG_VIEW_TEXT, out, out_len);
}

void cg_strip_hit_names(char *pat)
{
    /* Hyperscan does not capture and rejects repeated group names: it gets "(?<hit>" as plain "(". */
    for (char *g = strstr(pat, "(?<hit>"); g; g = strstr(g + 1, "(?<hit>"))
        memmove(g + 1, g + 7, strlen(g + 7) + 1);
}

/* "\xHH" escape of every byte: lexicon entries are literals whatever characters they hold. */
static char *escape_literal(const uint8_t *w, size_t len)
{
    char *p = malloc(len * 4 + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < len; i++)
        snprintf(p + 4 * i, 5, "\\x%02x", w[i]);
    p[len * 4] = 0;
    return p;
}

/* Required bytes at least this common (analyze.c's weights: '.' 3, a letter 4-6, '@' 1) make a rule
 * likely enough to reach confirmation for all its ends to pay. */
#define ALL_ENDS_MIN_WEIGHT 2.0f

/* Compile one regex rule alone: PCRE2 code (kept) and its Hyperscan kind. Returns 0 or 1 (error). */
static int compile_regex_rule(cg_rule *r, char **hs_expr, unsigned *hs_flags, int jit, cg_diagnostics *diag)
{
    char *pat;
    size_t plen;
    unsigned *colmap = NULL;
    unsigned bad = cg_translate_pattern(r->pattern, strlen(r->pattern), r->view, &pat, &plen, &colmap);
    if (bad) {
        cg_diag_add(diag, r->file, r->pattern_line, r->pattern_col + cg_rule_pattern_column(r, bad) - 1, r->id,
                    "character cannot appear in a pattern: views are lower case, Russian letters and ASCII "
                    "only (write Latin letters without diacritics, upper case as lower case)");
        return 1;
    }
    int ec;
    PCRE2_SIZE eo;
    /* PCRE2_USE_OFFSET_LIMIT: confirmation bounds how far a search may advance (confirm.c). */
    r->re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_DUPNAMES | PCRE2_USE_OFFSET_LIMIT, &ec, &eo, NULL);
    if (!r->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        unsigned col = colmap[eo <= plen ? eo : plen];
        cg_diag_add(diag, r->file, r->pattern_line, r->pattern_col + cg_rule_pattern_column(r, col) - 1, r->id, "pattern error: %s",
                    (char *)msg);
        free(pat);
        free(colmap);
        return 1;
    }
    free(colmap);
    /* Groups named "hit" (one per alternative, names may repeat) narrow the reported span. */
    PCRE2_SPTR first, last;
    int esize = pcre2_substring_nametable_scan(r->re, (PCRE2_SPTR) "hit", &first, &last);
    r->n_hit_groups = 0;
    for (PCRE2_SPTR p = first; esize > 0 && p <= last && r->n_hit_groups < 4; p += esize)
        r->hit_groups[r->n_hit_groups++] = (uint16_t)((p[0] << 8) | p[1]);
    if (jit)
        pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* failure is fine: the interpreter runs instead */

    cg_strip_hit_names(pat);
    hs_expr_info_t *info = NULL;
    hs_compile_error_t *err = NULL;
    unsigned flags = 0;
    if (hs_expression_info(pat, flags, &info, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        err = NULL;
        flags = HS_FLAG_PREFILTER;
        if (hs_expression_info(pat, flags, &info, &err) != HS_SUCCESS) {
            cg_diag_add(diag, r->file, r->pattern_line, r->pattern_col, r->id, "Hyperscan cannot compile pattern: %s",
                        err ? err->message : "unknown error");
            hs_free_compile_error(err);
            free(pat);
            return 1;
        }
    }
    if (info->min_width == 0) {
        cg_diag_add(diag, r->file, r->pattern_line, r->pattern_col, r->id, "pattern can match an empty string");
        free(info);
        free(pat);
        return 1;
    }
    if (!(flags & HS_FLAG_PREFILTER) && !r->n_hit_groups && info->min_width == info->max_width &&
        info->max_width <= 0xFFFF) {
        r->kind = CG_MATCH_FIXED;
        r->width = info->min_width;
    } else {
        r->kind = CG_MATCH_CONFIRM;
        r->width = 0;
    }
    /* What a match can consume. Hyperscan's own widths (of the pattern without its look-arounds, which is
     * what prefilter mode compiles first) must agree with the analysis, or it is not trusted. */
    if (cg_analyze_pattern(pat, strlen(pat), &r->shape) != 0 || r->shape.min_width != info->min_width ||
        r->shape.max_width != info->max_width || (r->shape.lookaround && !(flags & HS_FLAG_PREFILTER)))
        memset(&r->shape, 0, sizeof r->shape);
    if (r->kind == CG_MATCH_CONFIRM) {
        /* With the shape known, Hyperscan reports every end and PCRE2 searches only around them
         * (confirm.c); otherwise one report per message is enough: PCRE2 then searches the whole view.
         * Every end can cost Hyperscan more on every message than it saves PCRE2 on the few that reach
         * confirmation (messenger.handle: +519 instructions/message for a rule pending in 0.5% of
         * them), so a rule whose matches need a rare byte ('@', '/', '+') stays single-match. */
        r->all_ends = r->shape.known && (!r->shape.has_req || r->shape.req_weight >= ALL_ENDS_MIN_WEIGHT);
        if (!r->all_ends)
            flags |= HS_FLAG_SINGLEMATCH;
    }
    free(info); /* hs_expression_info allocates with the misc allocator, which defaults to malloc */
    *hs_expr = pat;
    *hs_flags = flags;
    return 0;
}

/* The first byte a context pattern must start a word with, or 256 when it can start anywhere. */
static unsigned first_key(const cg_wordpat *p) { return p->anchored_start && p->len ? p->word[0] : 256u; }

int cg_context_index(cg_context_words *cw)
{
    if (cw->n == 0 || cw->by_first)
        return 0;
    uint32_t *by = calloc(258, sizeof *by);
    cg_wordpat *sorted = malloc(cw->n * sizeof *sorted);
    if (!by || !sorted) {
        free(by);
        free(sorted);
        return -1;
    }
    /* counting sort by key: which pattern is tried first changes nothing, any one that matches decides */
    for (size_t i = 0; i < cw->n; i++)
        by[first_key(&cw->pats[i]) + 1]++;
    for (unsigned c = 0; c < 257; c++)
        by[c + 1] += by[c];
    uint32_t fill[257];
    memcpy(fill, by, sizeof fill);
    for (size_t i = 0; i < cw->n; i++)
        sorted[fill[first_key(&cw->pats[i])]++] = cw->pats[i];
    memcpy(cw->pats, sorted, cw->n * sizeof *sorted);
    free(sorted);
    cw->by_first = by;
    return 0;
}

typedef struct view_build {
    char **exprs;
    unsigned *flags, *ids;
    cg_pattern *pats;
    size_t n, cap;
    /* the scan plan, accumulated over the patterns */
    int unknown, no_req, inexact, anchored, no_pairs;
    uint8_t span[32], req[32];
    uint32_t min_width;
    cg_byte_pair pairs[8]; /* every pattern's pairs, once each (no_pairs: some pattern has none, or more) */
    unsigned n_pairs;
} view_build;

/* Fold one pattern's shape into the view's scan plan. */
static void vb_shape(view_build *vb, const cg_shape *sh, unsigned flags)
{
    if (!sh->known) {
        vb->unknown = 1;
        return;
    }
    vb->no_req |= !sh->has_req;
    vb->inexact |= (flags & HS_FLAG_PREFILTER) != 0;
    vb->anchored |= sh->anchored;
    for (int i = 0; i < 32; i++) {
        vb->span[i] |= sh->bytes[i];
        vb->req[i] |= sh->req[i];
    }
    if (vb->n == 0 || sh->min_width < vb->min_width)
        vb->min_width = sh->min_width;
    if (!sh->n_pairs)
        vb->no_pairs = 1;
    for (unsigned k = 0; k < sh->n_pairs && !vb->no_pairs; k++) {
        unsigned j = 0;
        while (j < vb->n_pairs && memcmp(&vb->pairs[j], &sh->pairs[k], sizeof sh->pairs[k]) != 0)
            j++;
        if (j < vb->n_pairs)
            continue;
        if (vb->n_pairs == sizeof vb->pairs / sizeof vb->pairs[0])
            vb->no_pairs = 1;
        else
            vb->pairs[vb->n_pairs++] = sh->pairs[k];
    }
}

/* The scan plan of a view's database (scan.c follows it). Skipping bytes is safe only when every pattern
 * is exact in Hyperscan (a prefilter pattern may report more than its language, and the report, not the
 * language, is what sends a rule to confirmation) and understood by the analysis. */
static void plan_view(cg_view_db *vdb, const view_build *vb)
{
    vdb->plan = CG_PLAN_FULL;
    vdb->min_width = vb->min_width;
    vdb->n_req_ranges = 0;
    vdb->n_pairs = 0;
    memset(vdb->pair_a, 0, sizeof vdb->pair_a);
    memset(vdb->pair_b, 0, sizeof vdb->pair_b);
    memset(vdb->scan_class, 0, sizeof vdb->scan_class);
    if (vb->unknown || vb->inexact || vb->no_req || vb->n == 0)
        return;
    int all = 1;
    for (unsigned b = 0; b < 256; b++) {
        vdb->scan_class[b] = (uint8_t)((cg_shape_has(vb->span, b) ? CG_SCAN_SPAN : 0) |
                                       (cg_shape_has(vb->req, b) ? CG_SCAN_REQ : 0));
        all &= cg_shape_has(vb->span, b);
    }
    /* Runs are worth finding only when some byte ends them; anchors look past a run's ends. */
    vdb->plan = vb->anchored || all ? CG_PLAN_REQUIRED : CG_PLAN_RUNS;
    if (!vb->no_pairs) {
        for (unsigned k = 0; k < vb->n_pairs; k++)
            for (unsigned b = 0; b < 256; b++) {
                vdb->pair_a[b] |= (uint8_t)(cg_shape_has(vb->pairs[k].a, b) << k);
                vdb->pair_b[b] |= (uint8_t)(cg_shape_has(vb->pairs[k].b, b) << k);
            }
        vdb->n_pairs = vb->n_pairs;
    }
    /* The required bytes as ranges, when few enough for scan.c's vector search. */
    for (unsigned b = 0; b < 256;) {
        if (!(vdb->scan_class[b] & CG_SCAN_REQ)) {
            b++;
            continue;
        }
        unsigned lo = b;
        while (b < 256 && (vdb->scan_class[b] & CG_SCAN_REQ))
            b++;
        if (vdb->n_req_ranges == 4) {
            vdb->n_req_ranges = 0;
            break;
        }
        vdb->req_lo[vdb->n_req_ranges] = (uint8_t)lo;
        vdb->req_hi[vdb->n_req_ranges++] = (uint8_t)(b - 1);
    }
}

static int vb_add(view_build *vb, char *expr, unsigned flags, cg_pattern pat, const cg_shape *sh)
{
    vb_shape(vb, sh, flags);
    size_t cap = vb->cap;
    if (cg_grow((void **)&vb->exprs, &cap, vb->n + 1, sizeof *vb->exprs) != 0)
        return -1;
    cap = vb->cap;
    if (cg_grow((void **)&vb->flags, &cap, vb->n + 1, sizeof *vb->flags) != 0)
        return -1;
    cap = vb->cap;
    if (cg_grow((void **)&vb->ids, &cap, vb->n + 1, sizeof *vb->ids) != 0)
        return -1;
    cap = vb->cap;
    if (cg_grow((void **)&vb->pats, &cap, vb->n + 1, sizeof *vb->pats) != 0)
        return -1;
    vb->cap = cap;
    vb->exprs[vb->n] = expr;
    vb->flags[vb->n] = flags;
    vb->ids[vb->n] = (unsigned)vb->n;
    vb->pats[vb->n] = pat;
    vb->n++;
    return 0;
}

static void vb_free(view_build *vb)
{
    for (size_t i = 0; i < vb->n; i++)
        free(vb->exprs[i]);
    free(vb->exprs);
    free(vb->flags);
    free(vb->ids);
    free(vb->pats);
}

size_t cg_compile_ruleset(cg_engine *e, cg_ruleset *rs, cg_diagnostics *diag, int jit, size_t prior_errors)
{
    size_t errors = 0;
    view_build vb[CG_VIEW_COUNT];
    memset(vb, 0, sizeof vb);
    size_t max_caps = 1;

    for (size_t i = 0; i < rs->n; i++) {
        cg_rule *r = &rs->rules[i];
        if (r->kind == CG_MATCH_LEXICON)
            continue;
        char *expr = NULL;
        unsigned flags = 0;
        if (compile_regex_rule(r, &expr, &flags, jit, diag) != 0) {
            errors++;
            continue;
        }
        uint32_t caps = 0;
        pcre2_pattern_info(r->re, PCRE2_INFO_CAPTURECOUNT, &caps);
        if (caps + 1 > max_caps)
            max_caps = caps + 1;
        cg_pattern p = {(uint32_t)i, (uint8_t)r->kind, (uint8_t)r->bounds, (uint16_t)r->width, (uint8_t)r->all_ends};
        if (vb_add(&vb[r->view], expr, flags, p, &r->shape) != 0) {
            free(expr);
            errors++;
        }
    }
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        cg_lexicon_set *lx = &rs->lex[v];
        for (size_t i = 0; i < lx->n; i++) {
            char *expr = escape_literal(lx->words[i], lx->entries[i].len);
            cg_pattern p = {lx->entries[i].rule, CG_MATCH_LEXICON, lx->entries[i].bounds, lx->entries[i].len, 0};
            cg_shape sh;
            cg_shape_literal(lx->words[i], lx->entries[i].len, &sh);
            if (!expr || vb_add(&vb[v], expr, 0, p, &sh) != 0) {
                free(expr);
                errors++;
            }
        }
    }
    /* Every rule was compiled alone, so each bad one has its diagnostic; with any error anywhere (here or
     * while parsing), no database is built. */
    if (errors || prior_errors) {
        for (int v = 0; v < CG_VIEW_COUNT; v++)
            vb_free(&vb[v]);
        return errors;
    }
    /* The compiled-database cache (cache.c; only with cg_options.cache_dir) may hold the databases of
     * exactly these inputs; else they are compiled here and written to it below. */
    cg_hs_input in[CG_VIEW_COUNT];
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        in[v] = (cg_hs_input){(const char *const *)vb[v].exprs, vb[v].flags, vb[v].ids, vb[v].pats, vb[v].n};
    hs_database_t *cached[CG_VIEW_COUNT];
    int hit = cg_cache_fetch(e, in, cached);
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        if (vb[v].n == 0)
            continue;
        hs_compile_error_t *err = NULL;
        hs_database_t *db = cached[v];
        if (!db && hs_compile_ext_multi((const char *const *)vb[v].exprs, vb[v].flags, vb[v].ids, NULL, (unsigned)vb[v].n,
                                 HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
            const cg_rule *r = (err && err->expression >= 0) ? &rs->rules[vb[v].pats[err->expression].rule] : NULL;
            cg_diag_add(diag, r ? r->file : "", r ? r->line : 0, 0, r ? r->id : NULL,
                        "Hyperscan could not compile the '%s' view database: %s", cg_view_name((unsigned)v),
                        err ? err->message : "unknown error");
            hs_free_compile_error(err);
            errors++;
            continue;
        }
        e->views[v].db = db;
        e->views[v].pats = vb[v].pats;
        e->views[v].n_pats = vb[v].n;
        plan_view(&e->views[v], &vb[v]);
        vb[v].pats = NULL;
    }
    if (!errors && !hit)
        cg_cache_store(e);
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        vb_free(&vb[v]);
    if (errors)
        return errors;
    for (size_t i = 0; i < rs->n; i++)
        if (cg_context_index(&rs->rules[i].context) != 0 || cg_context_index(&rs->rules[i].not_context) != 0) {
            cg_diag_add(diag, rs->rules[i].file, rs->rules[i].line, 0, rs->rules[i].id, "out of memory");
            return 1;
        }
    e->rules = rs->rules;
    e->n_rules = rs->n;
    e->max_captures = max_caps;
    rs->rules = NULL;
    rs->n = rs->cap = 0;
    return 0;
}
