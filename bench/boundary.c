/* boundary.c — messages per second through the C API, single calls and batches of 100, on a corpus:
 * the reference the Python and Go bindings are compared with (make bench-bindings).
 *
 *     build/bench/boundary RULES_DIR FILE.jsonl */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chatguard.h"
#include "corpus.h"
#include "timing.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s RULES_DIR FILE.jsonl\n", argv[0]);
        return 2;
    }
    cg_engine *e;
    if (cg_engine_load(argv[1], "wb", NULL, &e, NULL) != CG_OK)
        return 1;
    cg_scanner *s;
    cg_scanner_new(&s);
    corpus c = corpus_load(argv[2], (size_t)-1);
    cg_message *msgs = c.m;
    size_t n = c.n;
    double best_single = 1e9, best_batch = 1e9;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = bench_now();
        for (size_t i = 0; i < n; i++) {
            cg_result r;
            cg_check_message(e, s, msgs[i].text, msgs[i].len, &msgs[i].ctx, &r);
        }
        double t1 = bench_now();
        for (size_t i = 0; i < n; i += 100) {
            cg_batch b;
            cg_check_batch(e, s, msgs + i, n - i < 100 ? n - i : 100, &b);
        }
        double t2 = bench_now();
        if (t1 - t0 < best_single) best_single = t1 - t0;
        if (t2 - t1 < best_batch) best_batch = t2 - t1;
    }
    printf("C       single: %9.0f messages/s (%.2f us each)\n", n / best_single, best_single / n * 1e6);
    printf("C       batch:  %9.0f messages/s (%.2f us each, batches of 100)\n", n / best_batch, best_batch / n * 1e6);
    return 0;
}
