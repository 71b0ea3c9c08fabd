/* normalize.c — what the normalizer costs, and what its fast paths buy.
 *
 * Times the text view (folding into the alphabet with the offset map) and all four views over a corpus.
 * The Makefile builds this twice: against the library as shipped, and against the same sources compiled
 * with -DCG_FAST_PATHS=0, where every character goes through utf8proc's decomposition and category
 * look-up. For scale it also times utf8proc_map (NFKC + case folding, no offset map) on the same text.
 *
 *     build/bench/normalize FILE.jsonl...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "internal.h"
#include "corpus.h"

#ifndef CG_FAST_PATHS
#define CG_FAST_PATHS 1
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    corpus c = {0};
    for (int a = 1; a < argc; a++) {
        corpus part = corpus_load(argv[a], (size_t)-1);
        for (size_t i = 0; i < part.n; i++)
            corpus_add(&c, part.m[i].text, part.m[i].len, part.m[i].ctx.role);
        corpus_free(&part);
    }
    size_t n = c.n, bytes = c.bytes;
    if (!n) {
        fprintf(stderr, "usage: %s FILE.jsonl...\n", argv[0]);
        return 2;
    }
    cg_views views;
    memset(&views, 0, sizeof views);
    uint32_t flags;
    double best_text = 1e9, best_all = 1e9, best_map = 1e9, best_view[CG_VIEW_COUNT] = {1e9, 1e9, 1e9, 1e9};
    /* each derived view alone, from text views built beforehand */
    cg_view *texts = calloc(n, sizeof *texts);
    for (size_t i = 0; i < n; i++) {
        cg_build_text_view(&texts[i], (const uint8_t *)c.m[i].text, c.m[i].len, 0, &flags);
        cg_fold_homoglyphs(&texts[i]);
    }
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++)
            cg_build_digits_view(&views.v[CG_VIEW_DIGITS], &views.tmp, &texts[i]);
        double t1 = now();
        for (size_t i = 0; i < n; i++)
            cg_build_contact_view(&views.v[CG_VIEW_CONTACT], &views.tmp, &texts[i]);
        double t2 = now();
        for (size_t i = 0; i < n; i++)
            cg_build_letters_view(&views.v[CG_VIEW_LETTERS], &views.tmp, &texts[i]);
        double t3 = now();
        if (t1 - t0 < best_view[1]) best_view[1] = t1 - t0;
        if (t2 - t1 < best_view[2]) best_view[2] = t2 - t1;
        if (t3 - t2 < best_view[3]) best_view[3] = t3 - t2;
    }
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++)
            cg_build_text_view(&views.v[CG_VIEW_TEXT], (const uint8_t *)c.m[i].text, c.m[i].len, 0, &flags);
        double t1 = now();
        for (size_t i = 0; i < n; i++)
            cg_normalize(&views, c.m[i].text, c.m[i].len, 0);
        double t2 = now();
        for (size_t i = 0; i < n; i++) {
            utf8proc_uint8_t *out = NULL;
            utf8proc_map((const utf8proc_uint8_t *)c.m[i].text, (utf8proc_ssize_t)c.m[i].len, &out,
                         UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
            free(out);
        }
        double t3 = now();
        if (t1 - t0 < best_text) best_text = t1 - t0;
        if (t2 - t1 < best_all) best_all = t2 - t1;
        if (t3 - t2 < best_map) best_map = t3 - t2;
    }
    printf("%s: %zu messages, %zu bytes (mean %.0f B)\n", CG_FAST_PATHS ? "fast paths on" : "fast paths off", n,
           bytes, (double)bytes / (double)n);
    printf("  text view:           %7.1f ns/message %8.1f MB/s\n", best_text / n * 1e9, bytes / best_text / 1e6);
    printf("  all four views:      %7.1f ns/message %8.1f MB/s\n", best_all / n * 1e9, bytes / best_all / 1e6);
    for (int v = 1; v < CG_VIEW_COUNT; v++)
        printf("    %-8s view alone %7.1f ns/message\n", cg_view_name((unsigned)v), best_view[v] / n * 1e9);
    printf("  utf8proc_map NFKC_CF %7.1f ns/message %8.1f MB/s (no offset map; for scale)\n", best_map / n * 1e9,
           bytes / best_map / 1e6);
    return 0;
}
