/* alphabet.c — does scanning the one-byte internal alphabet pay off against scanning UTF-8?
 *
 * Builds the same rule set twice: as libchatguard does (patterns translated to the one-byte alphabet, no
 * HS_FLAG_UTF8) and the obvious way (the UTF-8 patterns with HS_FLAG_UTF8, lexicon words as UTF-8
 * literals), then scans the same normalized messages with both — the text view in bytes, and the same
 * characters re-encoded as UTF-8. Reports compile time, database size and scan time per message.
 *
 *     build/bench/alphabet rules FILE.jsonl...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "json.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int count_cb(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long *)ctx;
    return 0;
}

/* The UTF-8 spelling of internal-alphabet bytes, escaped as a literal regex. */
static char *utf8_literal(const uint8_t *w, size_t n)
{
    char *p = malloc(n * 4 * 4 + 1), *o = p;
    for (size_t i = 0; i < n; i++) {
        char u[4];
        size_t k = cg_alpha_to_utf8(w[i], u);
        for (size_t j = 0; j < k; j++)
            o += sprintf(o, "\\x%02x", (unsigned char)u[j]);
    }
    *o = 0;
    return p;
}

typedef struct msgs {
    char **byte, **utf8;
    size_t *blen, *ulen, n;
} msgs;

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES_DIR FILE.jsonl...\n", argv[0]);
        return 2;
    }
    cg_engine *e;
    cg_diagnostics *d;
    if (cg_engine_load(argv[1], NULL, NULL, &e, &d) != CG_OK) {
        fprintf(stderr, "cannot load rules\n");
        return 1;
    }
    /* Re-derive each text-view pattern in both forms from the loaded rule set. */
    const cg_view_db *vdb = &e->views[CG_VIEW_TEXT];
    size_t np = vdb->n_pats;
    char **bx = calloc(np, sizeof *bx), **ux = calloc(np, sizeof *ux);
    unsigned *bf = calloc(np, sizeof *bf), *uf = calloc(np, sizeof *uf), *ids = calloc(np, sizeof *ids);
    /* Lexicon entries: recover the words by re-reading the lexicon files through the parser. */
    cg_ruleset rs;
    memset(&rs, 0, sizeof rs);
    cg_diagnostics *d2 = cg_diag_new();
    cg_rules_parse_dir(&rs, argv[1], d2);
    size_t lex_i = 0;
    for (size_t i = 0; i < np; i++) {
        const cg_pattern *p = &vdb->pats[i];
        const cg_rule *r = &e->rules[p->rule];
        ids[i] = (unsigned)i;
        if (p->kind == CG_MATCH_LEXICON) {
            const uint8_t *w = rs.lex[CG_VIEW_TEXT].words[lex_i++];
            bx[i] = malloc((size_t)p->width * 4 + 1);
            for (size_t k = 0; k < p->width; k++)
                sprintf(bx[i] + 4 * k, "\\x%02x", w[k]);
            ux[i] = utf8_literal(w, p->width);
            bf[i] = 0;
            uf[i] = HS_FLAG_UTF8;
        } else {
            size_t bl;
            cg_translate_pattern(r->pattern, strlen(r->pattern), &bx[i], &bl, NULL);
            ux[i] = cg_strdup(r->pattern);
            unsigned extra = r->kind == CG_MATCH_CONFIRM ? HS_FLAG_SINGLEMATCH : 0;
            hs_expr_info_t *info;
            hs_compile_error_t *err;
            if (hs_expression_info(bx[i], 0, &info, &err) != HS_SUCCESS) {
                hs_free_compile_error(err);
                extra |= HS_FLAG_PREFILTER;
            } else {
                free(info);
            }
            bf[i] = extra;
            uf[i] = extra | HS_FLAG_UTF8;
        }
    }
    hs_database_t *bdb, *udb;
    hs_compile_error_t *err;
    double t0 = now();
    if (hs_compile_multi((const char *const *)bx, bf, ids, (unsigned)np, HS_MODE_BLOCK, NULL, &bdb, &err)) {
        fprintf(stderr, "byte db: %s\n", err->message);
        return 1;
    }
    double t1 = now();
    if (hs_compile_multi((const char *const *)ux, uf, ids, (unsigned)np, HS_MODE_BLOCK, NULL, &udb, &err)) {
        fprintf(stderr, "utf8 db: %s\n", err->message);
        return 1;
    }
    double t2 = now();
    size_t bsz, usz;
    hs_database_size(bdb, &bsz);
    hs_database_size(udb, &usz);

    /* Messages: the text view of each, in bytes and in UTF-8. */
    msgs m = {0};
    size_t cap = 0;
    json_reader rd = {0};
    cg_views views;
    memset(&views, 0, sizeof views);
    for (int a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        char *line = NULL;
        size_t lc = 0;
        ssize_t n;
        while (f && (n = getline(&line, &lc, f)) > 0) {
            json_msg jm;
            char errbuf[128];
            if (json_parse_message(&rd, line, (size_t)n - 1, &jm, errbuf, sizeof errbuf) != 0)
                continue;
            cg_normalize(&views, jm.text, jm.text_len, 0);
            const cg_view *v = &views.v[CG_VIEW_TEXT];
            if (m.n == cap) {
                cap = cap ? cap * 2 : 256;
                m.byte = realloc(m.byte, cap * sizeof *m.byte);
                m.utf8 = realloc(m.utf8, cap * sizeof *m.utf8);
                m.blen = realloc(m.blen, cap * sizeof *m.blen);
                m.ulen = realloc(m.ulen, cap * sizeof *m.ulen);
            }
            m.byte[m.n] = cg_strndup((const char *)v->b, v->len);
            m.blen[m.n] = v->len;
            m.utf8[m.n] = malloc(v->len * 3 + 1);
            size_t ul = 0;
            for (size_t i = 0; i < v->len; i++)
                ul += cg_alpha_to_utf8(v->b[i], m.utf8[m.n] + ul);
            m.ulen[m.n] = ul;
            m.n++;
        }
        free(line);
        if (f)
            fclose(f);
    }
    hs_scratch_t *bs = NULL, *us = NULL;
    hs_alloc_scratch(bdb, &bs);
    hs_alloc_scratch(udb, &us);
    size_t total_b = 0, total_u = 0;
    for (size_t i = 0; i < m.n; i++)
        total_b += m.blen[i], total_u += m.ulen[i];
    const int rounds = 200;
    double best_b = 1e9, best_u = 1e9;
    unsigned long hits_b = 0, hits_u = 0;
    for (int rep = 0; rep < 5; rep++) {
        unsigned long hb = 0, hu = 0;
        double s0 = now();
        for (int r = 0; r < rounds; r++)
            for (size_t i = 0; i < m.n; i++)
                hs_scan(bdb, m.byte[i], (unsigned)m.blen[i], 0, bs, count_cb, &hb);
        double s1 = now();
        for (int r = 0; r < rounds; r++)
            for (size_t i = 0; i < m.n; i++)
                hs_scan(udb, m.utf8[i], (unsigned)m.ulen[i], 0, us, count_cb, &hu);
        double s2 = now();
        if (s1 - s0 < best_b) best_b = s1 - s0;
        if (s2 - s1 < best_u) best_u = s2 - s1;
        hits_b = hb / rounds;
        hits_u = hu / rounds;
    }
    double per = (double)m.n * rounds;
    printf("text view of the rule set: %zu patterns; %zu messages (%zu bytes as alphabet, %zu as UTF-8)\n", np, m.n,
           total_b, total_u);
    printf("%-22s %12s %12s %14s %10s %12s\n", "form", "compile ms", "db bytes", "ns/message", "MB/s", "raw matches");
    printf("%-22s %12.1f %12zu %14.1f %10.1f %12lu\n", "one-byte alphabet", (t1 - t0) * 1e3, bsz, best_b / per * 1e9,
           (double)total_b * rounds / best_b / 1e6, hits_b);
    printf("%-22s %12.1f %12zu %14.1f %10.1f %12lu\n", "UTF-8 (HS_FLAG_UTF8)", (t2 - t1) * 1e3, usz,
           best_u / per * 1e9, (double)total_u * rounds / best_u / 1e6, hits_u);
    printf("scan speed-up of the alphabet: %.2fx per message (best of 5 runs x %d rounds)\n", best_u / best_b, rounds);
    return 0;
}
