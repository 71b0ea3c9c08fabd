/* bench.c — the libchatguard benchmark (make bench, make bench-quick).
 *
 * Through the public API unless a stage has to be timed alone: load time and sizes, throughput on each
 * corpus (one thread, one thread per core), per-message latency percentiles, where the time goes
 * (normalization, Hyperscan, confirmation, scoring), how the cost grows with the rule set (1x, 4x, 16x)
 * and with message length (50 B .. 50 KB), and a PCRE2-JIT baseline: the same rules, one compiled
 * pattern per rule, every rule on every message. Monotonic clock, a warm-up pass, medians of repeated
 * runs. Writes the scaling series to OUT_DIR (scaling_rules.dat, scaling_length.dat) for the charts.
 *
 *     build/bench/bench [--quick] RULES_DIR OUT_DIR MIXED.jsonl REAL.jsonl
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "corpus.h"
#include "timing.h"

/* Messages/s of one pass of the corpus with scanner s. */
static double pass(const cg_engine *e, cg_scanner *s, const corpus *c)
{
    double t0 = bench_now();
    for (size_t i = 0; i < c->n; i++) {
        cg_result r;
        cg_check_message(e, s, c->m[i].text, c->m[i].len, &c->m[i].ctx, &r);
    }
    return (double)c->n / (bench_now() - t0);
}

/* Median messages/s over `runs` passes after a warm-up pass. */
static double throughput(const cg_engine *e, const corpus *c, int runs)
{
    cg_scanner *s;
    cg_scanner_new(&s);
    pass(e, s, c);
    double v[32];
    for (int r = 0; r < runs; r++)
        v[r] = pass(e, s, c);
    cg_scanner_free(s);
    return bench_median(v, runs);
}

typedef struct worker {
    const cg_engine *e;
    const corpus *c;
    int runs;
    double seconds;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    cg_scanner *s;
    cg_scanner_new(&s);
    pass(w->e, s, w->c);
    double t0 = bench_now();
    for (int r = 0; r < w->runs; r++)
        pass(w->e, s, w->c);
    w->seconds = bench_now() - t0;
    cg_scanner_free(s);
    return NULL;
}

/* Aggregate messages/s with `threads` threads sharing the engine, each checking the whole corpus. */
static double throughput_threads(const cg_engine *e, const corpus *c, int threads, int runs)
{
    pthread_t t[64];
    worker w[64];
    double t0 = bench_now();
    for (int i = 0; i < threads; i++) {
        w[i] = (worker){e, c, runs, 0};
        pthread_create(&t[i], NULL, work, &w[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    (void)t0;
    double total = 0;
    for (int i = 0; i < threads; i++)
        total += (double)c->n * runs / w[i].seconds;
    return total;
}

static void latency(const cg_engine *e, const corpus *c, double *p50, double *p99, double *p999)
{
    cg_scanner *s;
    cg_scanner_new(&s);
    pass(e, s, c);
    double *v = malloc(c->n * sizeof *v);
    for (size_t i = 0; i < c->n; i++) {
        cg_result r;
        double t0 = bench_now();
        cg_check_message(e, s, c->m[i].text, c->m[i].len, &c->m[i].ctx, &r);
        v[i] = (bench_now() - t0) * 1e6;
    }
    qsort(v, c->n, sizeof *v, bench_cmp_double);
    *p50 = v[c->n / 2];
    *p99 = v[(size_t)((double)c->n * 0.99)];
    *p999 = v[(size_t)((double)c->n * 0.999)];
    free(v);
    cg_scanner_free(s);
}

static int count_cb(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)id, (void)from, (void)to, (void)flags;
    ++*(unsigned long *)ctx;
    return 0;
}

/* Where a check's time goes: each stage timed alone over the corpus (internal API). */
static void stages(const cg_engine *e, const corpus *c, double out[4])
{
    cg_scanner *s;
    cg_scanner_new(&s);
    pass(e, s, c); /* prepares the scanner for e */
    double t_norm = 0, t_hs = 0, t_scan = 0, t_score = 0;
    for (int rep = 0; rep < 3; rep++)
        for (size_t i = 0; i < c->n; i++) {
            const cg_message *m = &c->m[i];
            double t0 = bench_now();
            cg_normalize(&s->views, m->text, m->len, 0);
            double t1 = bench_now();
            unsigned long hits = 0;
            /* Hyperscan as the library runs it: over the windows of each view's scan plan */
            for (int v = 0; v < CG_VIEW_COUNT; v++) {
                const cg_view *w = &s->views.v[v];
                size_t win[64][2], nw = e->views[v].db ? cg_scan_windows(&e->views[v], w, win, 64) : 0;
                for (size_t k = 0; k < nw && k < 64; k++)
                    hs_scan(e->views[v].db, (const char *)w->b + win[k][0], (unsigned)(win[k][1] - win[k][0]), 0,
                            s->scratch, count_cb, &hits);
            }
            double t2 = bench_now();
            cg_scan_views(e, s, &m->ctx);
            double t3 = bench_now();
            cg_result r;
            cg_score(e, s, m->text, m->len, &m->ctx, &r);
            double t4 = bench_now();
            t_norm += t1 - t0, t_hs += t2 - t1, t_scan += t3 - t2, t_score += t4 - t3;
        }
    /* cg_scan_views = Hyperscan + match handling + PCRE2 confirmation + validators */
    double confirm = t_scan > t_hs ? t_scan - t_hs : 0;
    double total = t_norm + t_scan + t_score;
    out[0] = t_norm / total, out[1] = t_hs / total, out[2] = confirm / total, out[3] = t_score / total;
    cg_scanner_free(s);
}

/* ---- the PCRE2-JIT baseline: every rule its own pattern, every rule on every message ------------- */
typedef struct baseline {
    pcre2_code **re;
    int *view;
    size_t n;
} baseline;

static baseline baseline_build(const cg_engine *e, const char *rules_dir)
{
    baseline b = {calloc(e->n_rules, sizeof(pcre2_code *)), calloc(e->n_rules, sizeof(int)), 0};
    cg_ruleset rs;
    memset(&rs, 0, sizeof rs);
    cg_diagnostics *d = cg_diag_new();
    cg_rules_parse_dir(&rs, rules_dir, d);
    cg_diagnostics_free(d);
    for (size_t i = 0; i < rs.n && i < e->n_rules; i++) {
        const cg_rule *r = &rs.rules[i];
        char *pat = NULL;
        size_t plen = 0;
        if (r->kind == CG_MATCH_LEXICON) {
            /* the rule's lexicon as one alternation of escaped entries */
            const cg_lexicon_set *lx = &rs.lex[r->view];
            size_t cap = 16, n = 0;
            pat = malloc(cap);
            n += (size_t)sprintf(pat, "(?:");
            int first = 1;
            for (size_t k = 0; k < lx->n; k++) {
                if (lx->entries[k].rule != i)
                    continue;
                size_t need = n + lx->entries[k].len * 4 + 8;
                if (need > cap) {
                    while (cap < need)
                        cap *= 2;
                    pat = realloc(pat, cap);
                }
                if (!first)
                    pat[n++] = '|';
                first = 0;
                for (size_t j = 0; j < lx->entries[k].len; j++)
                    n += (size_t)sprintf(pat + n, "\\x%02x", lx->words[k][j]);
            }
            n += (size_t)sprintf(pat + n, ")");
            plen = n;
        } else {
            cg_translate_pattern(r->pattern, strlen(r->pattern), r->view, &pat, &plen, NULL);
        }
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_DUPNAMES, &ec, &eo, NULL);
        free(pat);
        if (!re)
            continue;
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        b.re[b.n] = re;
        b.view[b.n] = r->view;
        b.n++;
    }
    cg_ruleset_free(&rs);
    return b;
}

/* Messages/s: normalize, then every rule's pattern over its view, all matches. */
static double baseline_run(const baseline *b, const corpus *c, int runs)
{
    cg_views views;
    memset(&views, 0, sizeof views);
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    double v[32];
    for (int r = -1; r < runs; r++) {
        double t0 = bench_now();
        unsigned long matches = 0;
        for (size_t i = 0; i < c->n; i++) {
            cg_normalize(&views, c->m[i].text, c->m[i].len, 0);
            for (size_t k = 0; k < b->n; k++) {
                const cg_view *w = &views.v[b->view[k]];
                PCRE2_SIZE start = 0;
                while (start <= w->len && pcre2_match(b->re[k], w->b, w->len, start, 0, md, NULL) > 0) {
                    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                    matches++;
                    start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
                }
            }
        }
        if (r >= 0)
            v[r] = (double)c->n / (bench_now() - t0);
    }
    pcre2_match_data_free(md);
    for (int k = 0; k < CG_VIEW_COUNT; k++)
        cg_view_free(&views.v[k]);
    cg_view_free(&views.tmp);
    return bench_median(v, runs);
}

/* ---- synthetic rule sets for the scaling test --------------------------------------------------- */
static void synth_word(unsigned *seed, char *out, size_t len)
{
    static const char *const syll[] = {"зы", "кю", "щэ", "ёж", "фь", "qx", "zv", "цы", "жю", "xq"};
    size_t n = 0;
    while (n + 4 < len) {
        *seed = *seed * 1103515245u + 12345u;
        const char *s = syll[(*seed >> 16) % 10];
        size_t l = strlen(s);
        memcpy(out + n, s, l);
        n += l;
    }
    out[n] = 0;
}

/* A copy of rules_dir with (factor - 1) times as many synthetic lexicon entries and regex rules. */
static char *synth_rules(const char *rules_dir, const cg_engine *e, int factor)
{
    char *dir = strdup("/tmp/cgbench.XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp -R '%s'/. '%s'/", rules_dir, dir);
    if (system(cmd) != 0)
        return NULL;
    size_t lex = 0, regex = 0;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        for (size_t k = 0; k < e->views[v].n_pats; k++)
            if (e->views[v].pats[k].kind == CG_MATCH_LEXICON)
                lex++;
            else
                regex++;
    size_t extra_lex = lex * (size_t)(factor - 1), extra_re = regex * (size_t)(factor - 1);
    unsigned seed = 7;
    char path[512];
    snprintf(path, sizeof path, "%s/lexicons/synthetic.txt", dir);
    FILE *f = fopen(path, "w");
    for (size_t k = 0; k < extra_lex; k++) {
        char w[64];
        synth_word(&seed, w, 14);
        fprintf(f, "%s%s\n", w, k % 3 == 0 ? "*" : "");
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/zz_synthetic.rules", dir);
    f = fopen(path, "w");
    fprintf(f, "[spam.synthetic_lexicon]\ncategory = spam\nseverity = 1\nview = text\nlexicon = lexicons/synthetic.txt\n"
               "example = x\ncounterexample = y\n\n");
    static const char *const views[] = {"text", "digits", "contact", "letters"};
    for (size_t k = 0; k < extra_re; k++) {
        char w[64];
        synth_word(&seed, w, 10);
        fprintf(f, "[spam.synthetic_%zu]\ncategory = spam\nseverity = 1\nview = %s\npattern = %s[a-z0-9]{2,6}%zu\n\n", k,
                views[k % 4], w, k);
    }
    fclose(f);
    return dir;
}

/* ---- messages of a given length, cut from a corpus ---------------------------------------------- */
static corpus sized(const corpus *src, size_t size, size_t count)
{
    corpus c = {0};
    char *buf = malloc(size + 8);
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        size_t n = 0;
        while (n < size) {
            const cg_message *m = &src->m[k++ % src->n];
            size_t take = m->len < size - n ? m->len : size - n;
            memcpy(buf + n, m->text, take);
            n += take;
            if (n < size)
                buf[n++] = ' ';
        }
        /* do not cut a UTF-8 character in two */
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
            n--;
        if (n > 0 && (unsigned char)buf[n - 1] >= 0xC0)
            n--;
        corpus_add(&c, buf, n, CG_ROLE_SELLER);
    }
    free(buf);
    return c;
}

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    int quick = 0, a = 1;
    if (argc > 1 && strcmp(argv[1], "--quick") == 0)
        quick = 1, a++;
    if (argc - a != 4) {
        fprintf(stderr, "usage: %s [--quick] RULES_DIR OUT_DIR MIXED.jsonl REAL.jsonl\n", argv[0]);
        return 2;
    }
    const char *rules = argv[a], *outdir = argv[a + 1];
    size_t limit = quick ? 5000 : 100000;
    int runs = quick ? 3 : 7;
    corpus mixed = corpus_load(argv[a + 2], limit), real = corpus_load(argv[a + 3], limit);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);

    printf("# libchatguard %s benchmark%s\n\n", cg_version_string(), quick ? " (quick)" : "");
    printf("corpora: mixed %zu messages (%.0f B mean), real %zu messages (%.0f B mean); %ld cores\n\n", mixed.n,
           (double)mixed.bytes / (double)mixed.n, real.n, (double)real.bytes / (double)real.n, cores);

    /* load */
    double lt[5];
    cg_engine *e = NULL;
    for (int i = 0; i < (quick ? 1 : 3); i++) {
        cg_engine_unref(e);
        double t0 = bench_now();
        if (cg_engine_load(rules, "wb", NULL, &e, NULL) != CG_OK) {
            fprintf(stderr, "cannot load %s\n", rules);
            return 1;
        }
        lt[i] = bench_now() - t0;
    }
    cg_engine_info info;
    cg_engine_get_info(e, &info);
    printf("load from rule files: %.1f ms (median of %d); %zu rules, %zu patterns, %zu views; compiled databases "
           "%.1f KiB\n",
           bench_median(lt, quick ? 1 : 3) * 1e3, quick ? 1 : 3, info.rules, info.patterns, info.views,
           info.database_bytes / 1024.0);

    /* load with the compiled-database cache: the first load compiles and writes the file, the next ones
     * read it (still parsing every rule and compiling PCRE2, only hs_compile_ext_multi is skipped) */
    {
        char cdir[] = "/tmp/cgbench-cache.XXXXXX";
        if (!mkdtemp(cdir)) {
            perror("mkdtemp");
            return 1;
        }
        cg_options co = CG_OPTIONS_INIT;
        co.cache_dir = cdir;
        double cw = 0, ch[9];
        int nh = quick ? 3 : 9, ok = 1;
        for (int i = 0; i <= nh && ok; i++) {
            cg_engine *ec = NULL;
            double t0 = bench_now();
            ok = cg_engine_load(rules, "wb", &co, &ec, NULL) == CG_OK;
            double t = bench_now() - t0;
            cg_cache_status want = i == 0 ? CG_CACHE_WRITTEN : CG_CACHE_HIT;
            const char *detail = "";
            if (ok && cg_engine_cache_status(ec, &detail) != want) {
                fprintf(stderr, "cache: %s\n", detail);
                ok = 0;
            }
            if (i == 0)
                cw = t;
            else
                ch[i - 1] = t;
            cg_engine_unref(ec);
        }
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -f '%s'/chatguard-*.hsdb && rmdir '%s'", cdir, cdir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", cdir);
        if (!ok) {
            fprintf(stderr, "load with a cache failed\n");
            return 1;
        }
        printf("load with a cache (cg_options.cache_dir): compile and write %.1f ms; from the cache %.1f ms (median of "
               "%d), %.1fx faster than from rule files\n",
               cw * 1e3, bench_median(ch, nh) * 1e3, nh, bench_median(lt, quick ? 1 : 3) / bench_median(ch, nh));
    }

    /* throughput */
    printf("\n| corpus | threads | messages/s | MB/s |\n|---|---:|---:|---:|\n");
    const corpus *cs[2] = {&mixed, &real};
    const char *names[2] = {"mixed", "real (fortunes-ru)"};
    double single_mixed = 0;
    for (int k = 0; k < 2; k++) {
        double t1 = throughput(e, cs[k], runs);
        if (k == 0)
            single_mixed = t1;
        printf("| %s | 1 | %.0f | %.1f |\n", names[k], t1, t1 * (double)cs[k]->bytes / (double)cs[k]->n / 1e6);
        double tn = throughput_threads(e, cs[k], (int)cores, quick ? 1 : 3);
        printf("| %s | %ld | %.0f | %.1f |\n", names[k], cores, tn, tn * (double)cs[k]->bytes / (double)cs[k]->n / 1e6);
    }

    /* latency */
    double p50, p99, p999;
    latency(e, &mixed, &p50, &p99, &p999);
    printf("\nlatency per message (mixed, batch of 1): p50 %.2f us, p99 %.2f us, p99.9 %.2f us\n", p50, p99, p999);

    /* stages */
    double st[4];
    stages(e, &mixed, st);
    printf("time share (mixed): normalization %.0f%%, Hyperscan %.0f%%, confirmation and validators %.0f%%, "
           "scoring %.0f%%\n",
           st[0] * 100, st[1] * 100, st[2] * 100, st[3] * 100);

    /* memory */
    cg_scanner *s;
    cg_scanner_new(&s);
    pass(e, s, &mixed);
    size_t scratch = 0;
    hs_scratch_size(s->scratch, &scratch);
    printf("memory: Hyperscan scratch %.1f KiB, scanner total %.1f KiB after the mixed corpus, peak RSS %.1f MiB\n",
           scratch / 1024.0, cg_scanner_memory(s) / 1024.0, peak_rss_kib() / 1024.0);
    cg_scanner_free(s);

    /* baseline */
    baseline b = baseline_build(e, rules);
    double base = baseline_run(&b, &mixed, quick ? 1 : 3);
    printf("\nPCRE2-JIT baseline (%zu patterns, one per rule, every rule on every message, same normalization): "
           "%.0f messages/s; libchatguard %.0f messages/s: %.1fx\n",
           b.n, base, single_mixed, single_mixed / base);

    /* scaling with the rule set */
    char path[512];
    snprintf(path, sizeof path, "%s/scaling_rules.dat", outdir);
    FILE *dat = fopen(path, "w");
    fprintf(dat, "# factor patterns libchatguard_msgs_per_s pcre2_baseline_msgs_per_s\n");
    printf("\n| rule set | patterns | libchatguard messages/s | PCRE2 baseline messages/s |\n|---|---:|---:|---:|\n");
    int factors[3] = {1, 4, 16};
    double t_first = 0;
    for (int k = 0; k < 3; k++) {
        cg_engine *ek = e;
        char *dir = NULL;
        if (factors[k] > 1) {
            dir = synth_rules(rules, e, factors[k]);
            if (!dir || cg_engine_load(dir, "wb", NULL, &ek, NULL) != CG_OK) {
                printf("| %dx | cannot build the synthetic rule set |\n", factors[k]);
                continue;
            }
        }
        cg_engine_info ik;
        cg_engine_get_info(ek, &ik);
        double tk = throughput(ek, &mixed, runs);
        baseline bk = factors[k] == 1 ? b : baseline_build(ek, dir);
        double basek = baseline_run(&bk, &mixed, 1);
        if (k == 0)
            t_first = tk;
        printf("| %dx | %zu | %.0f (%.2fx slower) | %.0f |\n", factors[k], ik.patterns, tk, t_first / tk, basek);
        fprintf(dat, "%d %zu %.0f %.0f\n", factors[k], ik.patterns, tk, basek);
        if (factors[k] > 1) {
            for (size_t i = 0; i < bk.n; i++)
                pcre2_code_free(bk.re[i]);
            free(bk.re), free(bk.view);
            cg_engine_unref(ek);
            char cmd[600];
            snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
            if (system(cmd) != 0)
                fprintf(stderr, "cannot remove %s\n", dir);
            free(dir);
        }
    }
    fclose(dat);

    /* scaling with the message length */
    snprintf(path, sizeof path, "%s/scaling_length.dat", outdir);
    dat = fopen(path, "w");
    fprintf(dat, "# bytes us_per_message MB_per_s\n");
    printf("\n| message length | us/message | MB/s |\n|---:|---:|---:|\n");
    size_t sizes[4] = {50, 500, 5000, 50000};
    for (int k = 0; k < 4; k++) {
        corpus c = sized(&mixed, sizes[k], quick ? 200 : (sizes[k] >= 50000 ? 200 : 2000));
        double t = throughput(e, &c, quick ? 1 : 3);
        double mb = t * (double)c.bytes / (double)c.n / 1e6;
        printf("| %zu B | %.2f | %.1f |\n", sizes[k], 1e6 / t, mb);
        fprintf(dat, "%zu %.3f %.2f\n", sizes[k], 1e6 / t, mb);
        corpus_free(&c);
    }
    fclose(dat);

    for (size_t i = 0; i < b.n; i++)
        pcre2_code_free(b.re[i]);
    free(b.re), free(b.view);
    cg_engine_unref(e);
    corpus_free(&mixed);
    corpus_free(&real);
    return 0;
}
