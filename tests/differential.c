/* differential.c — Hyperscan against PCRE2 and memmem on the corpora (make differential, run by make
 * check). For every message, view and pattern: an exact Hyperscan pattern matches exactly when its PCRE2
 * code matches, a prefilter pattern matches at least whenever PCRE2 does, and a lexicon entry matches
 * exactly when its bytes occur in the view. Catches engine regressions (Vectorscan has had some) and
 * translation bugs between the two. Prints "N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "json.h"

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from, (void)to, (void)flags;
    ((uint8_t *)ctx)[id] = 1;
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
                if (w->len)
                    hs_scan(vdb->db, (const char *)w->b, (unsigned)w->len, 0, scratch, on_match, hit);
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
    pcre2_match_data_free(md);
    hs_free_scratch(scratch);
    cg_ruleset_free(&rs);
    cg_engine_unref(e);
    return failed ? 1 : 0;
}
