/* scanstats.c — what the scan path does per message (make bench-scanstats).
 *
 * Built with the library sources compiled with -DCG_SCAN_STATS, which turns on the scanner's counters:
 * hs_scan calls and bytes per view, Hyperscan reports, and per rule how many messages went to PCRE2
 * confirmation, how many pcre2_match calls that took and how many start positions those calls could try
 * (from the start offset to the offset limit, or to the end of the view). Everything is per 100,000 messages of the corpus, so runs on corpora of
 * other sizes compare. The shipped library has none of these counters.
 *
 *     build/bench/scanstats RULES_DIR FILE.jsonl [MAX_MESSAGES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "corpus.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RULES_DIR FILE.jsonl [MAX_MESSAGES]\n", argv[0]);
        return 2;
    }
    cg_engine *e;
    if (cg_engine_load(argv[1], "wb", NULL, &e, NULL) != CG_OK) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    corpus c = corpus_load(argv[2], argc > 3 ? strtoul(argv[3], NULL, 10) : 100000);
    cg_scanner *s;
    cg_scanner_new(&s);
    for (size_t i = 0; i < c.n; i++) {
        cg_result r;
        cg_check_message(e, s, c.m[i].text, c.m[i].len, &c.m[i].ctx, &r);
    }
    const cg_scan_stats *st = &s->stats;
    double k = st->messages ? 100000.0 / (double)st->messages : 0;
    printf("%lu messages (%.0f B mean); figures per 100,000 messages\n\n", st->messages,
           (double)c.bytes / (double)(c.n ? c.n : 1));
    printf("| view | hs_scan calls | bytes scanned | Hyperscan reports |\n|---|---:|---:|---:|\n");
    unsigned long scans = 0;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        printf("| %s | %.0f | %.0f | %.0f |\n", cg_view_name((unsigned)v), st->hs_scans[v] * k, st->hs_bytes[v] * k,
               st->raw[v] * k);
        scans += st->hs_scans[v];
    }
    printf("| all | %.0f | | |\n\n", scans * k);
    printf("| rule | confirmations | pcre2_match calls | start positions searched |\n|---|---:|---:|---:|\n");
    unsigned long conf = 0, calls = 0, span = 0;
    for (size_t r = 0; r < e->n_rules; r++) {
        if (!st->rule_confirms[r])
            continue;
        printf("| %s | %.0f | %.0f | %.0f |\n", e->rules[r].id, st->rule_confirms[r] * k, st->rule_pcre2[r] * k,
               st->rule_pcre2_span[r] * k);
        conf += st->rule_confirms[r], calls += st->rule_pcre2[r], span += st->rule_pcre2_span[r];
    }
    printf("| all | %.0f | %.0f | %.0f |\n", conf * k, calls * k, span * k);
    cg_scanner_free(s);
    cg_engine_unref(e);
    corpus_free(&c);
    return 0;
}
