/* differential.c — Hyperscan against PCRE2 and memmem on the corpora (make differential, run by make
 * check). For every message, view and pattern: an exact Hyperscan pattern matches exactly when its PCRE2
 * code matches, a prefilter pattern matches at least whenever PCRE2 does, and a lexicon entry matches
 * exactly when its bytes occur in the view. Catches engine regressions (Vectorscan has had some) and
 * translation bugs between the two.
 *
 * It also checks what the scan path takes for granted to skip work (bench/RESULTS.md, "What each
 * optimization bought"): for every view, scanning only the windows of the database's scan plan reports
 * the same matches in the same order as scanning the whole view; and for every regex rule whose shape
 * the analysis knows and every start position, the span PCRE2 matches there holds only bytes of the
 * shape, is as wide as the shape allows, holds a required byte, and ends where Hyperscan reported an end
 * of the pattern (confirmation searches only near those ends). Prints "N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"

/* Every report of a scan, in order. */
typedef struct reports {
    uint8_t *hit; /* per pattern: reported at all */
    struct rep {
        unsigned id;
        unsigned long long end;
    } * r;
    size_t n, cap;
    unsigned long long offset;
} reports;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from, (void)flags;
    reports *rp = ctx;
    rp->hit[id] = 1;
    if (rp->n == rp->cap) {
        rp->cap = rp->cap ? 2 * rp->cap : 256;
        rp->r = realloc(rp->r, rp->cap * sizeof *rp->r);
    }
    rp->r[rp->n].id = id;
    rp->r[rp->n++].end = to + rp->offset;
    return 0;
}

static int reported(const reports *rp, unsigned id, unsigned long long end)
{
    for (size_t i = 0; i < rp->n; i++)
        if (rp->r[i].id == id && rp->r[i].end == end)
            return 1;
    return 0;
}

static int occurs(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES_DIR FILE.jsonl...\n", argv[0]);
        return 2;
    }
    cg_engine *e;
    if (cg_engine_load(argv[1], "wb", NULL, &e, NULL) != CG_OK)
        return 2;
    cg_ruleset rs; /* lexicon words, in the order the compiler added them */
    memset(&rs, 0, sizeof rs);
    cg_diagnostics *d = cg_diag_new();
    cg_rules_parse_dir(&rs, argv[1], d);
    cg_diagnostics_free(d);
    const uint8_t *words[CG_VIEW_COUNT][8192];
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        size_t lex = 0;
        for (size_t k = 0; k < e->views[v].n_pats && k < 8192; k++)
            words[v][k] = e->views[v].pats[k].kind == CG_MATCH_LEXICON ? rs.lex[v].words[lex++] : NULL;
    }
    hs_scratch_t *scratch = NULL;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        if (e->views[v].db)
            hs_alloc_scratch(e->views[v].db, &scratch);
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    cg_views views;
    memset(&views, 0, sizeof views);
    unsigned long checks = 0, failed = 0;
    uint8_t hit[8192];
    static uint8_t part_hit[8192];
    reports full = {hit, NULL, 0, 0, 0}, part = {part_hit, NULL, 0, 0, 0};
    size_t win[4096][2];
    json_reader rd = {0};
    for (int a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        char *line = NULL;
        size_t lc = 0;
        ssize_t got;
        unsigned long lineno = 0;
        while (f && (got = getline(&line, &lc, f)) > 0) {
            lineno++;
            json_msg m;
            char err[128];
            if (json_parse_message(&rd, line, (size_t)got - 1, &m, err, sizeof err) != 0)
                continue;
            cg_normalize(&views, m.text, m.text_len, 0);
            for (int v = 0; v < CG_VIEW_COUNT; v++) {
                const cg_view_db *vdb = &e->views[v];
                const cg_view *w = &views.v[v];
                if (!vdb->db || vdb->n_pats > sizeof hit)
                    continue;
                memset(hit, 0, vdb->n_pats);
                full.n = 0, full.offset = 0;
                if (w->len)
                    hs_scan(vdb->db, (const char *)w->b, (unsigned)w->len, 0, scratch, on_match, &full);
                /* the scan plan's windows report what the whole view does, in the same order */
                size_t nw = cg_scan_windows(vdb, w, win, sizeof win / sizeof win[0]);
                part.n = 0;
                for (size_t k = 0; k < nw && k < sizeof win / sizeof win[0]; k++) {
                    part.offset = win[k][0];
                    hs_scan(vdb->db, (const char *)w->b + win[k][0], (unsigned)(win[k][1] - win[k][0]), 0, scratch,
                            on_match, &part);
                }
                checks++;
                int same = nw <= sizeof win / sizeof win[0] && part.n == full.n;
                for (size_t k = 0; same && k < full.n; k++)
                    same = part.r[k].id == full.r[k].id && part.r[k].end == full.r[k].end;
                if (!same) {
                    failed++;
                    if (failed <= 20)
                        printf("%s:%lu: view %s: the scan plan's %zu windows report %zu matches, the view %zu\n",
                               argv[a], lineno, cg_view_name((unsigned)v), nw, part.n, full.n);
                }
                /* what confirmation assumes of every span PCRE2 can match */
                for (size_t k = 0; k < vdb->n_pats; k++) {
                    const cg_pattern *p = &vdb->pats[k];
                    const cg_rule *r = &e->rules[p->rule];
                    if (p->kind == CG_MATCH_LEXICON || !r->shape.known)
                        continue;
                    for (size_t at = 0; at < w->len; at++) {
                        if (pcre2_match(r->re, w->b, w->len, at, PCRE2_ANCHORED, md, NULL) < 0)
                            continue;
                        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                        size_t ms = ov[0], me = ov[1], width = me - ms;
                        int bytes_ok = 1, req = !r->shape.has_req;
                        for (size_t i = ms; i < me; i++) {
                            bytes_ok &= cg_shape_has(r->shape.bytes, w->b[i]);
                            req |= cg_shape_has(r->shape.req, w->b[i]);
                        }
                        int ends_ok = !(r->all_ends || r->kind == CG_MATCH_FIXED) || reported(&full, (unsigned)k, me);
                        checks++;
                        if (!bytes_ok || !req || width < r->shape.min_width || width > r->shape.max_width || !ends_ok) {
                            failed++;
                            if (failed <= 20)
                                printf("%s:%lu: view %s, rule %s: span [%zu, %zu) breaks its shape (bytes %d, "
                                       "required %d, width %zu in %u..%u, end reported %d)\n",
                                       argv[a], lineno, cg_view_name((unsigned)v), r->id, ms, me, bytes_ok, req, width,
                                       r->shape.min_width, r->shape.max_width, ends_ok);
                        }
                    }
                }
                for (size_t k = 0; k < vdb->n_pats; k++) {
                    const cg_pattern *p = &vdb->pats[k];
                    int ref, ok;
                    if (p->kind == CG_MATCH_LEXICON) {
                        ref = occurs(w->b, w->len, words[v][k], p->width);
                        ok = hit[k] == ref;
                    } else {
                        const cg_rule *r = &e->rules[p->rule];
                        ref = pcre2_match(r->re, w->b, w->len, 0, 0, md, NULL) >= 0;
                        /* exact patterns agree both ways; prefilter ones (confirm kind may be either) must
                         * at least report whatever PCRE2 finds */
                        ok = r->kind == CG_MATCH_FIXED ? hit[k] == ref : (!ref || hit[k]);
                    }
                    checks++;
                    if (!ok) {
                        failed++;
                        if (failed <= 20)
                            printf("%s:%lu: view %s, rule %s: Hyperscan %s, reference %s\n", argv[a], lineno,
                                   cg_view_name((unsigned)v), e->rules[p->rule].id, hit[k] ? "matched" : "did not",
                                   ref ? "matches" : "does not");
                    }
                }
            }
        }
        free(line);
        if (f)
            fclose(f);
    }
    printf("differential: %lu pattern checks on the corpora\n", checks);
    printf("%lu passed, %lu failed\n", checks - failed, failed);
    json_reader_free(&rd);
    free(full.r);
    free(part.r);
    pcre2_match_data_free(md);
    hs_free_scratch(scratch);
    cg_ruleset_free(&rs);
    cg_engine_unref(e);
    return failed ? 1 : 0;
}
