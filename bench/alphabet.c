/* alphabet.c — does scanning the one-byte internal alphabet pay off against scanning UTF-8?
 *
 * For every view, builds the view's patterns twice: as libchatguard does (translated to the one-byte
 * alphabet, no HS_FLAG_UTF8) and the obvious way (the UTF-8 patterns with HS_FLAG_UTF8, lexicon words as
 * UTF-8 literals). Then scans the same normalized messages with both — the view's bytes, and the same
 * characters re-encoded as UTF-8 — and reports compile time, database size and scan time per message.
 *
 *     build/bench/alphabet RULES_DIR FILE.jsonl...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "json.h"
#include "timing.h"

static int count_cb(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long *)ctx;
    return 0;
}

static char *hex_literal(const uint8_t *w, size_t n)
{
    char *p = malloc(n * 4 + 1);
    for (size_t i = 0; i < n; i++)
        sprintf(p + 4 * i, "\\x%02x", w[i]);
    p[n * 4] = 0;
    return p;
}

/* The UTF-8 spelling of internal-alphabet bytes, escaped as a literal regex. */
static char *utf8_literal(const uint8_t *w, size_t n)
{
    char u[4 * 256];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 4 < sizeof u; i++)
        k += cg_alpha_to_utf8(w[i], u + k);
    return hex_literal((const uint8_t *)u, k);
}

typedef struct texts {
    char **b;
    size_t *len, n, cap, bytes;
} texts;

static void push(texts *t, const char *s, size_t n)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->b = realloc(t->b, t->cap * sizeof *t->b);
        t->len = realloc(t->len, t->cap * sizeof *t->len);
    }
    t->b[t->n] = cg_strndup(s, n);
    t->len[t->n++] = n;
    t->bytes += n;
}

static double best_scan(hs_database_t *db, hs_scratch_t *scr, const texts *t, int rounds, unsigned long *hits)
{
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        unsigned long h = 0;
        double s0 = bench_now();
        for (int r = 0; r < rounds; r++)
            for (size_t i = 0; i < t->n; i++)
                hs_scan(db, t->b[i], (unsigned)t->len[i], 0, scr, count_cb, &h);
        double el = bench_now() - s0;
        if (el < best)
            best = el;
        *hits = h / (unsigned long)rounds;
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES_DIR FILE.jsonl...\n", argv[0]);
        return 2;
    }
    cg_options o = CG_OPTIONS_INIT;
    cg_engine *e;
    cg_diagnostics *d;
    if (cg_engine_load(argv[1], NULL, &o, &e, &d) != CG_OK) {
        fprintf(stderr, "cannot load rules\n");
        return 1;
    }
    cg_ruleset rs; /* the lexicon words, in the order the compiler added them */
    memset(&rs, 0, sizeof rs);
    cg_diagnostics *d2 = cg_diag_new();
    cg_rules_parse_dir(&rs, argv[1], d2);

    /* The messages' views, in both encodings. */
    texts vb[CG_VIEW_COUNT] = {0}, vu[CG_VIEW_COUNT] = {0};
    json_reader rd = {0};
    cg_views views;
    memset(&views, 0, sizeof views);
    size_t messages = 0;
    for (int a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        char *line = NULL;
        size_t lc = 0;
        ssize_t n;
        while (f && (n = getline(&line, &lc, f)) > 0) {
            json_msg jm;
            char err[128];
            if (json_parse_message(&rd, line, (size_t)n - 1, &jm, err, sizeof err) != 0)
                continue;
            cg_normalize(&views, jm.text, jm.text_len, 0);
            messages++;
            for (int v = 0; v < CG_VIEW_COUNT; v++) {
                const cg_view *w = &views.v[v];
                push(&vb[v], (const char *)w->b, w->len);
                char *u = malloc(w->len * 3 + 1);
                size_t ul = 0;
                for (size_t i = 0; i < w->len; i++)
                    ul += cg_alpha_to_utf8(w->b[i], u + ul);
                push(&vu[v], u, ul);
                free(u);
            }
        }
        free(line);
        if (f)
            fclose(f);
    }
    printf("%zu messages from", messages);
    for (int a = 2; a < argc; a++)
        printf(" %s", argv[a]);
    printf("\n%-8s %-9s %9s %11s %10s %12s %9s %11s\n", "view", "form", "patterns", "compile ms", "db KiB",
           "ns/message", "MB/s", "raw matches");
    double tb = 0, tu = 0;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        const cg_view_db *vdb = &e->views[v];
        size_t np = vdb->n_pats, lex_i = 0;
        if (!np)
            continue;
        char **bx = calloc(np, sizeof *bx), **ux = calloc(np, sizeof *ux);
        unsigned *bf = calloc(np, sizeof *bf), *uf = calloc(np, sizeof *uf), *ids = calloc(np, sizeof *ids);
        for (size_t i = 0; i < np; i++) {
            const cg_pattern *p = &vdb->pats[i];
            const cg_rule *r = &e->rules[p->rule];
            ids[i] = (unsigned)i;
            if (p->kind == CG_MATCH_LEXICON) {
                const uint8_t *w = rs.lex[v].words[lex_i++];
                bx[i] = hex_literal(w, p->width);
                ux[i] = utf8_literal(w, p->width);
                uf[i] = HS_FLAG_UTF8;
                continue;
            }
            size_t bl;
            cg_translate_pattern(r->pattern, strlen(r->pattern), r->view, &bx[i], &bl, NULL);
            cg_strip_hit_names(bx[i]);
            ux[i] = cg_strdup(r->pattern);
            cg_strip_hit_names(ux[i]);
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
        hs_database_t *bdb = NULL, *udb = NULL;
        hs_compile_error_t *err;
        double t0 = bench_now();
        int rb = hs_compile_multi((const char *const *)bx, bf, ids, (unsigned)np, HS_MODE_BLOCK, NULL, &bdb, &err);
        double t1 = bench_now();
        int ru = hs_compile_multi((const char *const *)ux, uf, ids, (unsigned)np, HS_MODE_BLOCK, NULL, &udb, &err);
        double t2 = bench_now();
        if (rb != HS_SUCCESS || ru != HS_SUCCESS) {
            printf("%-8s cannot compile the %s form: %s\n", cg_view_name((unsigned)v), rb ? "byte" : "UTF-8",
                   err->message);
            continue;
        }
        size_t bsz, usz;
        hs_database_size(bdb, &bsz);
        hs_database_size(udb, &usz);
        hs_scratch_t *bs = NULL, *us = NULL;
        hs_alloc_scratch(bdb, &bs);
        hs_alloc_scratch(udb, &us);
        unsigned long hb, hu;
        const int rounds = 20;
        double sb = best_scan(bdb, bs, &vb[v], rounds, &hb), su = best_scan(udb, us, &vu[v], rounds, &hu);
        double per = (double)vb[v].n * rounds;
        tb += sb / per, tu += su / per;
        printf("%-8s %-9s %9zu %11.1f %10.1f %12.1f %9.1f %11lu\n", cg_view_name((unsigned)v), "alphabet", np,
               (t1 - t0) * 1e3, bsz / 1024.0, sb / per * 1e9, (double)vb[v].bytes * rounds / sb / 1e6, hb);
        printf("%-8s %-9s %9zu %11.1f %10.1f %12.1f %9.1f %11lu\n", "", "UTF-8", np, (t2 - t1) * 1e3, usz / 1024.0,
               su / per * 1e9, (double)vu[v].bytes * rounds / su / 1e6, hu);
        hs_free_scratch(bs);
        hs_free_scratch(us);
        hs_free_database(bdb);
        hs_free_database(udb);
        for (size_t i = 0; i < np; i++)
            free(bx[i]), free(ux[i]);
        free(bx), free(ux), free(bf), free(uf), free(ids);
    }
    printf("all views: %.1f ns/message with the alphabet, %.1f with UTF-8 (%.2fx)\n", tb * 1e9, tu * 1e9, tu / tb);
    cg_ruleset_free(&rs);
    cg_diagnostics_free(d2);
    cg_engine_unref(e);
    return 0;
}
