/* corpus_eval.c — per-category precision and recall of the detector on labeled JSONL corpora.
 *
 * Each line: {"id": ..., "text": "...", "role": "...", "expect": ["phone", ...]}. Only the categories
 * named with --categories are scored (a file labels what it is about). Prints a table, every miss and
 * false alarm with its id, and fails when a category falls below --min-recall / --min-precision. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"
#include "json.h"

static uint32_t parse_categories(const char *s)
{
    uint32_t m = 0;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        int c = cg_category_from_name(s, n);
        if (c < 0) {
            fprintf(stderr, "corpus_eval: unknown category '%.*s'\n", (int)n, s);
            exit(2);
        }
        m |= 1u << c;
        s += n + (e ? 1 : 0);
    }
    return m;
}

int main(int argc, char **argv)
{
    const char *rules = NULL, *profile = NULL, *files[16];
    int n_files = 0;
    uint32_t cats = 0;
    double min_recall = 0, min_precision = 0;
    int verbose = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc) rules = argv[++i];
        else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) profile = argv[++i];
        else if (strcmp(argv[i], "--categories") == 0 && i + 1 < argc) cats = parse_categories(argv[++i]);
        else if (strcmp(argv[i], "--min-recall") == 0 && i + 1 < argc) min_recall = atof(argv[++i]);
        else if (strcmp(argv[i], "--min-precision") == 0 && i + 1 < argc) min_precision = atof(argv[++i]);
        else if (strcmp(argv[i], "--quiet") == 0) verbose = 0;
        else if (n_files < 16) files[n_files++] = argv[i];
    }
    if (!n_files || !cats) {
        fprintf(stderr, "usage: corpus_eval --categories a,b [--rules DIR] [--profile P] [--min-recall R] "
                        "[--min-precision P] [--quiet] FILE.jsonl... (scored together)\n");
        return 2;
    }
    cg_engine *e;
    cg_diagnostics *d;
    int rc = cg_engine_load(rules, profile, NULL, &e, &d);
    if (rc != CG_OK) {
        fprintf(stderr, "corpus_eval: %s\n", cg_strerror(rc));
        for (size_t i = 0; i < cg_diagnostics_count(d); i++) {
            const cg_diagnostic *x = cg_diagnostics_get(d, i);
            fprintf(stderr, "%s:%u:%u: %s\n", x->file, x->line, x->column, x->message);
        }
        cg_diagnostics_free(d);
        return 2;
    }
    cg_scanner *s;
    cg_scanner_new(&s);
    unsigned long tp[CG_CAT_COUNT] = {0}, fp[CG_CAT_COUNT] = {0}, fn[CG_CAT_COUNT] = {0};
    unsigned long messages = 0, bad = 0;
    json_reader rd = {0};
    char *line = NULL;
    size_t cap = 0;
    for (int fi = 0; fi < n_files; fi++) {
        const char *file = files[fi];
        FILE *in = fopen(file, "r");
        if (!in) {
            perror(file);
            return 2;
        }
        unsigned long lines = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, in)) >= 0) {
            lines++;
            size_t len = (size_t)n;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                len--;
            if (len == 0)
                continue;
            json_msg m;
            char err[160];
            if (json_parse_message(&rd, line, len, &m, err, sizeof err) != 0 || !m.has_expect) {
                fprintf(stderr, "%s:%lu: %s\n", file, lines, m.has_expect ? err : "no \"expect\" labels");
                bad++;
                continue;
            }
            cg_result r;
            if ((rc = cg_check_message(e, s, m.text, m.text_len, &m.ctx, &r)) != CG_OK) {
                fprintf(stderr, "%s:%lu: %s\n", file, lines, cg_strerror(rc));
                bad++;
                continue;
            }
            messages++;
            uint32_t got = r.categories & cats, want = m.expect & cats;
            for (int c = 0; c < CG_CAT_COUNT; c++) {
                uint32_t bit = 1u << c;
                if (!(cats & bit))
                    continue;
                if ((got & bit) && (want & bit))
                    tp[c]++;
                else if (got & bit) {
                    fp[c]++;
                    if (verbose) {
                        const char *rule = "";
                        size_t hs = 0, he = 0;
                        for (size_t k = 0; k < r.n_hits; k++)
                            if (r.hits[k].category == (cg_category)c) {
                                rule = r.hits[k].rule;
                                hs = r.hits[k].start;
                                he = r.hits[k].end;
                                break;
                            }
                        printf("  false %-13s %.*s  %s \"%.*s\" in: %.*s\n", cg_category_name((cg_category)c),
                               (int)m.id_len, m.id ? m.id : "", rule, (int)(he - hs), m.text + hs, (int)m.text_len,
                               m.text);
                    }
                } else if (want & bit) {
                    fn[c]++;
                    if (verbose)
                        printf("  missed %-12s %.*s  %.*s\n", cg_category_name((cg_category)c), (int)m.id_len,
                               m.id ? m.id : "", (int)m.text_len, m.text);
                }
            }
        }
        fclose(in);
    }
    free(line);
    json_reader_free(&rd);
    for (int fi = 0; fi < n_files; fi++)
        printf("%s%s", fi ? " + " : "", files[fi]);
    printf(": %lu messages (profile %s)\n", messages, profile ? profile : "wb");
    printf("  %-14s %6s %6s %6s %9s %9s %6s\n", "category", "tp", "fp", "fn", "precision", "recall", "f1");
    int failed = bad > 0;
    for (int c = 0; c < CG_CAT_COUNT; c++) {
        if (!(cats & (1u << c)))
            continue;
        double p = tp[c] + fp[c] ? (double)tp[c] / (double)(tp[c] + fp[c]) : 1.0;
        double rcl = tp[c] + fn[c] ? (double)tp[c] / (double)(tp[c] + fn[c]) : 1.0;
        double f1 = p + rcl > 0 ? 2 * p * rcl / (p + rcl) : 0;
        int ok = p >= min_precision && rcl >= min_recall;
        printf("  %-14s %6lu %6lu %6lu %9.3f %9.3f %6.3f%s\n", cg_category_name((cg_category)c), tp[c], fp[c], fn[c],
               p, rcl, f1, ok ? "" : "  BELOW THRESHOLD");
        failed |= !ok;
    }
    printf("  thresholds: recall >= %.2f, precision >= %.2f: %s\n", min_recall, min_precision,
           failed ? "FAIL" : "ok");
    cg_scanner_free(s);
    cg_engine_unref(e);
    return failed ? 1 : 0;
}
