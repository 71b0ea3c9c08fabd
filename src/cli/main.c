/* main.c — the chatguard command line: check messages (JSONL or one --text), print versions. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "chatguard.h"
#include "conv_table.h"
#include "json.h"

typedef enum { FMT_JSON, FMT_TEXT } out_format;

typedef struct options {
    const char *rules_dir, *profile, *text;
    const char *cache_dir;     /* --cache DIR or $CHATGUARD_CACHE_DIR: the compiled-database cache */
    out_format format;
    int explain;
    int no_jit;
    cg_context ctx;
    char **files;
    int n_files;
    int jobs;                  /* --jobs N: threads sharing the engine */
    int stats;                 /* --stats: a table of categories, actions and sanctions at the end */
    int conversation;          /* --conversation: lines with the same "conversation" id are one chat */
} options;

static void usage(FILE *f)
{
    fputs("usage: chatguard check [options] [FILE...]   check JSONL messages (stdin if no FILE)\n"
          "       chatguard check [options] --text MESSAGE\n"
          "       chatguard lint [--rules DIR] [--profile NAME] [--cache DIR]   validate rules, profiles, examples\n"
          "       chatguard version\n"
          "\n"
          "options:\n"
          "  --rules DIR        rules directory (default: $CHATGUARD_RULES_DIR or the installed rules)\n"
          "  --profile NAME     marketplace profile: wb (default), ozon, yandex-market, magnit-market, avito\n"
          "  --cache DIR        keep the compiled databases in DIR between runs (default: $CHATGUARD_CACHE_DIR;\n"
          "                     --cache '' turns it off); a damaged or stale file there is rebuilt\n"
          "  --format json|text output format (default json: one object per input line)\n"
          "  --text MESSAGE     check one message given on the command line\n"
          "  --explain          also print each normalized view with the hits marked under it\n"
          "  --no-jit           run PCRE2 without JIT (for valgrind)\n"
          "  --jobs N           check on N threads sharing the engine; output stays in input order\n"
          "  --stats            end with a table of messages per category, action and sanction (stderr),\n"
          "                     after the load time and what the cache did\n"
          "  --conversation     lines with the same \"conversation\" id are one chat, in input order:\n"
          "                     contacts split across a sender's messages and repeats are reported\n"
          "                     (one thread: not with --jobs above 1)\n"
          "  --role seller|buyer, --channel chat|review_reply|question_answer, --prior N\n"
          "                     context for --text (JSONL lines carry their own)\n"
          "\n"
          "Input lines: {\"id\": any, \"text\": \"...\", \"role\": \"seller\", \"channel\": \"chat\", "
          "\"prior_violations\": 0}\n"
          "Exit status: 0 all lines checked, 1 some line had an error, 2 usage or rule errors.\n",
          f);
}

static void print_diagnostics(const cg_diagnostics *d)
{
    for (size_t i = 0; i < cg_diagnostics_count(d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(d, i);
        fprintf(stderr, "%s:%u:%u: error: %s%s%s%s\n", x->file, x->line, x->column, x->message,
                *x->rule ? " [" : "", x->rule, *x->rule ? "]" : "");
    }
}

static void write_categories(FILE *f, uint32_t cats)
{
    fputc('[', f);
    int first = 1;
    for (int c = 0; c < CG_CAT_COUNT; c++)
        if (cats & (1u << c)) {
            fprintf(f, "%s\"%s\"", first ? "" : ", ", cg_category_name((cg_category)c));
            first = 0;
        }
    fputc(']', f);
}

/* The parts of hit i in the messages it was assembled from (conversation mode). */
static void write_parts(FILE *f, const cg_result *r, size_t i)
{
    int any = 0;
    for (size_t k = 0; k < r->n_parts; k++) {
        const cg_part *p = &r->parts[k];
        if (p->hit != i)
            continue;
        fprintf(f, "%s{\"message\": %u, \"start\": %zu, \"end\": %zu}", any ? ", " : ", \"parts\": [",
                (unsigned)p->message, p->start, p->end);
        any = 1;
    }
    if (any)
        fputc(']', f);
}

static void write_json_result(FILE *f, const json_msg *m, const char *text, const cg_result *r, int in_conv)
{
    fputs("{\"id\": ", f);
    if (m && m->id)
        fwrite(m->id, 1, m->id_len, f);
    else
        fputs("null", f);
    if (in_conv) {
        fputs(", \"conversation\": ", f);
        fwrite(m->conversation, 1, m->conversation_len, f);
        fprintf(f, ", \"message\": %u", (unsigned)r->message);
    }
    fprintf(f, ", \"action\": \"%s\", \"sanction\": \"%s\", \"fine_rub\": %ld, \"categories\": ",
            cg_action_name(r->action), cg_sanction_name(r->sanction), r->fine_rub);
    write_categories(f, r->categories);
    fputs(", \"hits\": [", f);
    for (size_t i = 0; i < r->n_hits; i++) {
        const cg_hit *h = &r->hits[i];
        fprintf(f, "%s{\"category\": \"%s\", \"rule\": \"%s\", \"severity\": %d, \"start\": %zu, \"end\": %zu, "
                   "\"text\": ",
                i ? ", " : "", cg_category_name(h->category), h->rule, h->severity, h->start, h->end);
        json_write_string(f, text + h->start, h->end - h->start);
        fprintf(f, ", \"action\": \"%s\", \"sanction\": \"%s\"", cg_action_name(h->action),
                cg_sanction_name(h->sanction));
        write_parts(f, r, i);
        fputc('}', f);
    }
    fputs("], \"masked\": ", f);
    json_write_string(f, r->masked, r->masked_len);
    if (r->flags) {
        fputs(", \"warnings\": [", f);
        const char *sep = "";
        if (r->flags & CG_FLAG_INVALID_UTF8) { fprintf(f, "%s\"invalid_utf8\"", sep); sep = ", "; }
        if (r->flags & CG_FLAG_NUL_BYTE) { fprintf(f, "%s\"nul_byte\"", sep); sep = ", "; }
        if (r->flags & CG_FLAG_TRUNCATED) { fprintf(f, "%s\"truncated\"", sep); }
        fputc(']', f);
    }
    fputs("}\n", f);
}

static void write_text_result(FILE *f, const json_msg *m, const char *text, size_t len, const cg_context *ctx,
                              const cg_result *r)
{
    if (m && m->id)
        fprintf(f, "%.*s  ", (int)m->id_len, m->id);
    fprintf(f, "[%s, %s] ", cg_role_name(ctx->role), cg_channel_name(ctx->channel));
    fwrite(text, 1, len > 200 ? 200 : len, f);
    fprintf(f, "%s\n  => %s", len > 200 ? "…" : "", cg_action_name(r->action));
    if (r->sanction != CG_SANCTION_NONE)
        fprintf(f, ", %s", cg_sanction_name(r->sanction));
    if (r->fine_rub)
        fprintf(f, " %ld RUB", r->fine_rub);
    fputc('\n', f);
    for (size_t i = 0; i < r->n_hits; i++) {
        const cg_hit *h = &r->hits[i];
        fprintf(f, "     %-12s %-28s [%zu,%zu) \"%.*s\" -> %s/%s%s\n", cg_category_name(h->category), h->rule,
                h->start, h->end, (int)(h->end - h->start), text + h->start, cg_action_name(h->action),
                cg_sanction_name(h->sanction), h->sanction == r->sanction && r->sanction ? "  (evidence)" : "");
        const char *lead = "       assembled from:";
        for (size_t k = 0; k < r->n_parts; k++)
            if (r->parts[k].hit == i) {
                fprintf(f, "%s message %u [%zu,%zu)", lead, (unsigned)r->parts[k].message, r->parts[k].start,
                        r->parts[k].end);
                lead = ",";
            }
        if (*lead == ',')
            fputc('\n', f);
    }
    if (r->action == CG_ACTION_MASK)
        fprintf(f, "  masked: %s\n", r->masked);
}

/* Print every view of the message just checked, with a line of '^' under the characters of each hit the
 * view produced, and the rule: this is how a rule author sees why a disguise was or was not caught. */
static void explain(FILE *f, const cg_scanner *s, const cg_result *r)
{
    for (unsigned v = 0; v < cg_view_count(); v++) {
        size_t n = cg_scanner_view(s, v, NULL, 0, NULL, 0);
        size_t cap = n * 4 + 1;
        char *buf = malloc(cap);
        size_t *orig = malloc((2 * n + 2) * sizeof *orig);
        char *marks = malloc(n + 1);
        if (!buf || !orig || !marks) {
            free(buf), free(orig), free(marks);
            return;
        }
        cg_scanner_view(s, v, buf, cap, orig, 2 * n);
        fprintf(f, "  %-8s| %s\n", cg_view_name(v), buf);
        for (size_t h = 0; h < r->n_hits; h++) {
            if (r->hits[h].view != v)
                continue;
            size_t last = 0;
            for (size_t i = 0; i < n; i++) {
                int in = orig[2 * i] >= r->hits[h].start && orig[2 * i + 1] <= r->hits[h].end;
                marks[i] = in ? '^' : ' ';
                if (in)
                    last = i + 1;
            }
            marks[last] = 0;
            fprintf(f, "  %-8s| %s %s (%s)\n", "", marks, r->hits[h].rule, cg_category_name(r->hits[h].category));
        }
        free(buf), free(orig), free(marks);
    }
}

static int emit(const options *o, const cg_scanner *sc, FILE *out, const json_msg *m, const char *text, size_t len,
                const cg_context *ctx, const cg_result *r, int in_conv)
{
    if (o->format == FMT_JSON)
        write_json_result(out, m, text, r, in_conv);
    else
        write_text_result(out, m, text, len, ctx, r);
    if (o->explain)
        explain(o->format == FMT_JSON ? stderr : out, sc, r);
    return 0;
}

static void emit_error(const options *o, FILE *out, unsigned long line, const json_msg *m, const char *msg)
{
    if (o->format == FMT_TEXT) {
        fprintf(out, "line %lu: error: %s\n", line, msg);
        return;
    }
    fprintf(out, "{\"line\": %lu, ", line);
    if (m && m->id) {
        fputs("\"id\": ", out);
        fwrite(m->id, 1, m->id_len, out);
        fputs(", ", out);
    }
    fputs("\"error\": ", out);
    json_write_string(out, msg, strlen(msg));
    fputs("}\n", out);
}

/* Counts for --stats. */
typedef struct stats {
    unsigned long messages, failed, cat[CG_CAT_COUNT], action[4], sanction[4];
} stats;

/* A slice of input lines checked by one thread into its own output buffer, so that the output keeps the
 * input order whatever the number of threads. */
typedef struct job {
    const options *o;
    const cg_engine *e;
    cg_scanner *s;
    json_reader rd;
    char **lines;
    size_t *lens;
    unsigned long *linenos;
    size_t from, to;
    char *out;
    size_t outlen;
    stats st;
    conv_table *convs;         /* --conversation: the state of every conversation seen so far */
} job;

static void check_line(job *j, FILE *out, const char *line, size_t len, unsigned long lineno)
{
    json_msg m;
    char err[160];
    if (json_parse_message(&j->rd, line, len, &m, err, sizeof err) != 0) {
        emit_error(j->o, out, lineno, NULL, err);
        j->st.failed++;
        return;
    }
    cg_result r;
    int rc, in_conv = j->convs && m.conversation;
    if (in_conv) {
        cg_conversation *c = conv_table_get(j->convs, m.conversation, m.conversation_len);
        rc = c ? cg_check_in_conversation(j->e, j->s, c, m.text, m.text_len, &m.ctx, &r) : CG_E_NOMEM;
    } else {
        rc = cg_check_message(j->e, j->s, m.text, m.text_len, &m.ctx, &r);
    }
    if (rc != CG_OK) {
        emit_error(j->o, out, lineno, &m, cg_strerror(rc));
        j->st.failed++;
        return;
    }
    j->st.messages++;
    for (int c = 0; c < CG_CAT_COUNT; c++)
        j->st.cat[c] += (r.categories >> c) & 1u;
    j->st.action[r.action]++;
    j->st.sanction[r.sanction]++;
    emit(j->o, j->s, out, &m, m.text, m.text_len, &m.ctx, &r, in_conv);
}

static void *run_job(void *arg)
{
    job *j = arg;
    FILE *out = open_memstream(&j->out, &j->outlen);
    if (!out)
        return NULL;
    for (size_t i = j->from; i < j->to; i++)
        check_line(j, out, j->lines[i], j->lens[i], j->linenos[i]);
    fclose(out);
    return NULL;
}

#define CHUNK 4096

typedef struct runner {
    const options *o;
    const cg_engine *e;
    job jobs[64];
    int n;
    stats total;
    unsigned long lines_done;
    double started;
    off_t bytes_total, bytes_done;
    int progress;
} runner;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void show_progress(runner *r, int done)
{
    double el = now() - r->started, rate = el > 0 ? (double)r->total.messages / el : 0;
    fprintf(stderr, "\r%lu messages, %.0f messages/s", r->total.messages + r->total.failed, rate);
    if (r->bytes_total > 0 && r->bytes_done > 0 && !done) {
        double eta = el * (double)(r->bytes_total - r->bytes_done) / (double)r->bytes_done;
        fprintf(stderr, ", ETA %.0f s   ", eta);
    }
    if (done)
        fputs("            \n", stderr);
}

/* Check every line of one stream on r->n threads, output in input order. */
static void check_stream(runner *r, FILE *in, FILE *out)
{
    char **lines = calloc(CHUNK, sizeof *lines);
    size_t *lens = calloc(CHUNK, sizeof *lens), *caps = calloc(CHUNK, sizeof *caps);
    unsigned long *linenos = calloc(CHUNK, sizeof *linenos);
    int eof = 0;
    while (!eof) {
        size_t n = 0;
        while (n < CHUNK) {
            ssize_t got = getline(&lines[n], &caps[n], in);
            if (got < 0) {
                eof = 1;
                break;
            }
            r->lines_done++;
            r->bytes_done += got;
            size_t len = (size_t)got;
            while (len && (lines[n][len - 1] == '\n' || lines[n][len - 1] == '\r'))
                len--;
            size_t k = 0;
            while (k < len && (lines[n][k] == ' ' || lines[n][k] == '\t'))
                k++;
            if (k == len)
                continue; /* blank lines separate nothing and carry nothing */
            lens[n] = len;
            linenos[n] = r->lines_done;
            n++;
        }
        if (n == 0)
            break;
        pthread_t t[64];
        size_t per = (n + (size_t)r->n - 1) / (size_t)r->n;
        for (int w = 0; w < r->n; w++) {
            job *j = &r->jobs[w];
            j->lines = lines, j->lens = lens, j->linenos = linenos;
            j->from = (size_t)w * per < n ? (size_t)w * per : n;
            j->to = j->from + per < n ? j->from + per : n;
            j->out = NULL, j->outlen = 0;
            if (r->n == 1)
                run_job(j);
            else
                pthread_create(&t[w], NULL, run_job, j);
        }
        for (int w = 0; w < r->n; w++) {
            job *j = &r->jobs[w];
            if (r->n > 1)
                pthread_join(t[w], NULL);
            if (j->out)
                fwrite(j->out, 1, j->outlen, out);
            free(j->out);
        }
        r->total.messages = r->total.failed = 0;
        for (int w = 0; w < r->n; w++)
            r->total.messages += r->jobs[w].st.messages, r->total.failed += r->jobs[w].st.failed;
        if (r->progress)
            show_progress(r, 0);
    }
    for (size_t i = 0; i < CHUNK; i++)
        free(lines[i]);
    free(lines), free(lens), free(caps), free(linenos);
}

static void print_stats(const runner *r)
{
    stats t = {0};
    for (int w = 0; w < r->n; w++) {
        const stats *s = &r->jobs[w].st;
        t.messages += s->messages, t.failed += s->failed;
        for (int c = 0; c < CG_CAT_COUNT; c++)
            t.cat[c] += s->cat[c];
        for (int k = 0; k < 4; k++)
            t.action[k] += s->action[k], t.sanction[k] += s->sanction[k];
    }
    fprintf(stderr, "\n%-16s %10s\n", "messages", "count");
    fprintf(stderr, "%-16s %10lu\n%-16s %10lu\n", "checked", t.messages, "failed", t.failed);
    fprintf(stderr, "\n%-16s %10s\n", "category", "messages");
    for (int c = 0; c < CG_CAT_COUNT; c++)
        fprintf(stderr, "%-16s %10lu\n", cg_category_name((cg_category)c), t.cat[c]);
    fprintf(stderr, "\n%-16s %10s\n", "action", "messages");
    for (int k = 0; k < 4; k++)
        fprintf(stderr, "%-16s %10lu\n", cg_action_name((cg_action)k), t.action[k]);
    fprintf(stderr, "\n%-16s %10s\n", "sanction", "messages");
    for (int k = 0; k < 4; k++)
        fprintf(stderr, "%-16s %10lu\n", cg_sanction_name((cg_sanction)k), t.sanction[k]);
}

static int parse_args(int argc, char **argv, options *o)
{
    cg_context def = CG_CONTEXT_INIT;
    o->ctx = def;
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files)
        return -1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--rules") == 0 && v) o->rules_dir = v, i++;
        else if (strcmp(a, "--profile") == 0 && v) o->profile = v, i++;
        else if (strcmp(a, "--cache") == 0 && v) o->cache_dir = v, i++;
        else if (strcmp(a, "--text") == 0 && v) o->text = v, i++;
        else if (strcmp(a, "--explain") == 0) o->explain = 1;
        else if (strcmp(a, "--no-jit") == 0) o->no_jit = 1;
        else if (strcmp(a, "--stats") == 0) o->stats = 1;
        else if (strcmp(a, "--conversation") == 0) o->conversation = 1;
        else if (strcmp(a, "--jobs") == 0 && v) {
            char *ep;
            long j = strtol(v, &ep, 10);
            if (*ep || j < 1 || j > 64) { fprintf(stderr, "chatguard: --jobs must be 1..64\n"); return -1; }
            o->jobs = (int)j, i++;
        }
        else if (strcmp(a, "--format") == 0 && v) {
            if (strcmp(v, "json") == 0) o->format = FMT_JSON;
            else if (strcmp(v, "text") == 0) o->format = FMT_TEXT;
            else { fprintf(stderr, "chatguard: unknown format '%s'\n", v); return -1; }
            i++;
        } else if (strcmp(a, "--role") == 0 && v) {
            int r = cg_role_from_name(v, strlen(v));
            if (r < 0) { fprintf(stderr, "chatguard: unknown role '%s'\n", v); return -1; }
            o->ctx.role = (cg_role)r, i++;
        } else if (strcmp(a, "--channel") == 0 && v) {
            int c = cg_channel_from_name(v, strlen(v));
            if (c < 0) { fprintf(stderr, "chatguard: unknown channel '%s'\n", v); return -1; }
            o->ctx.channel = (cg_channel)c, i++;
        } else if (strcmp(a, "--prior") == 0 && v) {
            char *ep;
            errno = 0;
            unsigned long p = strtoul(v, &ep, 10);
            if (*ep || errno || p > 1000000 || v[0] == '-') { fprintf(stderr, "chatguard: bad --prior '%s'\n", v); return -1; }
            o->ctx.prior_violations = (unsigned)p, i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (a[0] == '-' && a[1] != 0) {
            fprintf(stderr, "chatguard: unknown option or missing value: %s\n", a);
            return -1;
        } else {
            o->files[o->n_files++] = argv[i];
        }
    }
    if (o->text && o->n_files) {
        fputs("chatguard: --text and input files exclude each other\n", stderr);
        return -1;
    }
    /* A conversation's messages depend on each other in input order; one thread keeps that order without
     * sharding conversations across threads, and its speed is what a backend sees per chat anyway. */
    if (o->conversation && (o->text || o->jobs > 1)) {
        fputs("chatguard: --conversation reads JSONL on one thread (no --text, no --jobs above 1)\n", stderr);
        return -1;
    }
    return 0;
}

/* Report what the compiled-database cache did: always when it could not be written or a file there had to
 * be ignored (damaged or foreign), else only when asked (--stats). */
static void report_cache(const cg_engine *e, int verbose, double load_seconds)
{
    const char *detail;
    cg_cache_status st = cg_engine_cache_status(e, &detail);
    int ignored = strncmp(detail, "ignored ", 8) == 0;
    if (st == CG_CACHE_FAILED || ignored)
        fprintf(stderr, "chatguard: warning: compiled-database cache: %s\n", detail);
    else if (verbose)
        fprintf(stderr, "chatguard: rules loaded in %.1f ms; cache: %s\n", load_seconds * 1e3, detail);
}

static int cmd_check(int argc, char **argv)
{
    options o;
    memset(&o, 0, sizeof o);
    if (parse_args(argc, argv, &o) != 0) {
        free(o.files);
        usage(stderr);
        return 2;
    }
    cg_engine *e = NULL;
    cg_diagnostics *diag = NULL;
    cg_options eo = CG_OPTIONS_INIT;
    eo.no_jit = o.no_jit;
    eo.cache_dir = o.cache_dir ? o.cache_dir : getenv("CHATGUARD_CACHE_DIR");
    double t_load = now();
    int rc = cg_engine_load(o.rules_dir, o.profile, &eo, &e, &diag);
    t_load = now() - t_load;
    if (rc != CG_OK) {
        fprintf(stderr, "chatguard: cannot load rules: %s\n", cg_strerror(rc));
        print_diagnostics(diag);
        cg_diagnostics_free(diag);
        free(o.files);
        return 2;
    }
    report_cache(e, o.stats, t_load);
    runner r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    r.e = e;
    r.n = o.text ? 1 : (o.jobs ? o.jobs : 1);
    conv_table *convs = NULL;
    if (o.conversation && !(convs = conv_table_new(NULL))) {
        cg_engine_unref(e);
        free(o.files);
        return 2;
    }
    for (int w = 0; w < r.n; w++) {
        r.jobs[w].o = &o;
        r.jobs[w].e = e;
        r.jobs[w].convs = convs;
        if (cg_scanner_new(&r.jobs[w].s) != CG_OK) {
            cg_engine_unref(e);
            free(o.files);
            return 2;
        }
    }
    r.started = now();
    r.progress = !o.text && isatty(2);
    unsigned long failed = 0;
    if (o.text) {
        cg_result res;
        size_t len = strlen(o.text);
        rc = cg_check_message(e, r.jobs[0].s, o.text, len, &o.ctx, &res);
        if (rc != CG_OK) {
            fprintf(stderr, "chatguard: %s\n", cg_strerror(rc));
            failed++;
        } else {
            emit(&o, r.jobs[0].s, stdout, NULL, o.text, len, &o.ctx, &res, 0);
        }
    } else if (o.n_files == 0) {
        check_stream(&r, stdin, stdout);
    } else {
        for (int i = 0; i < o.n_files; i++) {
            FILE *in = strcmp(o.files[i], "-") == 0 ? stdin : fopen(o.files[i], "r");
            if (!in) {
                fprintf(stderr, "chatguard: %s: %s\n", o.files[i], strerror(errno));
                failed++;
                continue;
            }
            struct stat sb;
            if (in != stdin && fstat(fileno(in), &sb) == 0)
                r.bytes_total += sb.st_size;
            check_stream(&r, in, stdout);
            if (in != stdin)
                fclose(in);
        }
    }
    if (r.progress)
        show_progress(&r, 1);
    for (int w = 0; w < r.n; w++) {
        failed += r.jobs[w].st.failed;
        cg_scanner_free(r.jobs[w].s);
        json_reader_free(&r.jobs[w].rd);
    }
    conv_table_free(convs);
    if (fflush(stdout) != 0)
        failed++;
    if (o.stats)
        print_stats(&r);
    if (failed)
        fprintf(stderr, "chatguard: %lu line(s) could not be checked\n", failed);
    cg_engine_unref(e);
    free(o.files);
    return failed ? 1 : 0;
}

/* Does the result have a hit of rule `id`? */
static int has_rule_hit(const cg_result *r, const char *id)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (strcmp(r->hits[i].rule, id) == 0)
            return 1;
    return 0;
}

/* chatguard lint: every profile loads, every rule carries examples, every example hits its rule and no
 * counterexample does. Each failure is reported as file:line. */
static int cmd_lint(int argc, char **argv)
{
    const char *rules = NULL, *profile = "wb";
    cg_options lo = CG_OPTIONS_INIT;
    lo.cache_dir = getenv("CHATGUARD_CACHE_DIR");
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
            rules = argv[++i];
        else if (strcmp(argv[i], "--cache") == 0 && i + 1 < argc)
            lo.cache_dir = argv[++i];
        else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            profile = argv[++i];
        else {
            fprintf(stderr, "usage: chatguard lint [--rules DIR] [--profile NAME] [--cache DIR]\n");
            return 2;
        }
    }
    if (!rules)
        rules = getenv("CHATGUARD_RULES_DIR");
    unsigned long passed = 0, failed = 0;
    /* every profile must load with these rules */
    char pdir[4096];
    snprintf(pdir, sizeof pdir, "%s/profiles", rules ? rules : ".");
    DIR *d = rules ? opendir(pdir) : NULL;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l <= 8 || strcmp(de->d_name + l - 8, ".profile") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 8), de->d_name);
        cg_engine *pe;
        cg_diagnostics *diag;
        int rc = cg_engine_load(rules, name, &lo, &pe, &diag);
        if (rc != CG_OK) {
            print_diagnostics(diag);
            cg_diagnostics_free(diag);
            failed++;
        } else {
            cg_engine_unref(pe);
            passed++;
        }
    }
    if (d)
        closedir(d);
    cg_engine *e;
    cg_diagnostics *diag;
    int rc = cg_engine_load(rules, profile, &lo, &e, &diag);
    if (rc != CG_OK) {
        fprintf(stderr, "chatguard lint: %s\n", cg_strerror(rc));
        print_diagnostics(diag);
        cg_diagnostics_free(diag);
        printf("lint: %lu passed, %lu failed\n", passed, failed + 1);
        return 1;
    }
    report_cache(e, 0, 0);
    cg_scanner *s;
    cg_scanner_new(&s);
    size_t n = cg_engine_rule_count(e), examples = 0;
    for (size_t i = 0; i < n; i++) {
        cg_rule_info ri;
        cg_engine_rule_info(e, i, &ri);
        if (ri.n_examples == 0 || ri.n_counterexamples == 0) {
            printf("%s:%u: rule %s needs at least one example and one counterexample\n", ri.file, ri.line, ri.id);
            failed++;
        }
        cg_context ctx = CG_CONTEXT_INIT;
        if (!(ri.roles & (1u << CG_ROLE_SELLER)))
            ctx.role = CG_ROLE_BUYER;
        unsigned channels = cg_engine_rule_channels(e, i);
        for (int c = 0; c < CG_CHANNEL_COUNT; c++)
            if (channels & (1u << c)) {
                ctx.channel = (cg_channel)c; /* the first channel the rule applies to */
                break;
            }
        for (int counter = 0; counter < 2; counter++)
            for (size_t k = 0;; k++) {
                unsigned line;
                const char *ex = cg_engine_rule_example(e, i, k, counter, &line);
                if (!ex)
                    break;
                examples++;
                cg_result r;
                rc = cg_check_message(e, s, ex, strlen(ex), &ctx, &r);
                int hit = rc == CG_OK && has_rule_hit(&r, ri.id);
                if (rc == CG_OK && hit != counter) {
                    passed++;
                } else {
                    printf("%s:%u: %s %s: \"%s\"\n", ri.file, line, counter ? "counterexample matches" : "example does not match",
                           ri.id, ex);
                    failed++;
                }
            }
    }
    printf("lint: %zu rules, %zu examples and counterexamples\n", n, examples);
    printf("%lu passed, %lu failed\n", passed, failed);
    cg_scanner_free(s);
    cg_engine_unref(e);
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(argv[1], "lint") == 0)
        return cmd_lint(argc, argv);
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        char pcre[64] = "?";
        pcre2_config(PCRE2_CONFIG_VERSION, pcre);
        printf("chatguard %s (hyperscan %s; pcre2 %s; utf8proc %s)\n", cg_version_string(), hs_version(), pcre,
               utf8proc_version());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "chatguard: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
