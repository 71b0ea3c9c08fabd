/* test_cache.c — the compiled-database cache (cg_options.cache_dir, src/compile/cache.c).
 *
 * A hit gives the same engine as a fresh build (every corpus message, every profile); a changed rule or
 * lexicon gets its own file while comments and examples do not; and every file that must not be trusted —
 * empty, truncated at many lengths, every header byte flipped, payload and trailer bytes flipped, wrong
 * magic or format, another rule set's file copied over, forged files with valid checksums (counts, pattern
 * tables, database boundaries, another Hyperscan version or CPU), a directory, a FIFO — is ignored, the
 * databases rebuilt and the file rewritten, and the engine still gives the reference results. A directory
 * that cannot be written fails nothing but the write; concurrent loads on one cache all succeed and leave
 * one valid file and no temporary files. */
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "testutil.h"

#include "cli/json.h"
#include "compile/cache.h"

#include "../../src/cli/json.c"

/* ---- helpers ----------------------------------------------------------------------------------------- */

/* A small rule set with a regex in three views and a lexicon: compiles in milliseconds. */
#define SMALL_RULES                                                                                          \
    "# a comment\n"                                                                                          \
    "[phone.t]\ncategory = phone\nseverity = 4\nview = digits\npattern = 89\\d{9}\nbounds = number\n"        \
    "example = 89161234567\n\n"                                                                              \
    "[link.t]\ncategory = link\nseverity = 3\nview = contact\npattern = [a-z0-9]+\\.(?:ru|com)\n"           \
    "bounds = host\n\n"                                                                                      \
    "[messenger.t]\ncategory = messenger\nseverity = 3\nview = text\npattern = (?<![a-z])@[a-z]{4,}\n\n"     \
    "[profanity.t]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/words.txt\n"
#define SMALL_LEXICON "слово\nругань*\n"

static const char *const small_msgs[] = {
    "звоните 8 916 123 45 67", "пишите на shop.ru или @ivanshop", "это слово и руганью", "чистое сообщение",
    "89161234567 слово shop.com", "", "8916 123", "@abc @abcd",
};
#define N_SMALL (sizeof small_msgs / sizeof small_msgs[0])

static char *small_rules_dir(const char *rules, const char *lexicon)
{
    tu_file files[] = {{"a.rules", rules}, {"lexicons/words.txt", lexicon}, {"profiles/t.profile", TU_PROFILE},
                       {NULL, NULL}};
    return tu_rules_tmpdir(files);
}

/* An engine from rules_dir with cache_dir (NULL: none); its cache status and a copy of the detail. */
static cg_engine *load_cached(const char *rules_dir, const char *profile, const char *cache_dir,
                              cg_cache_status *status, char *detail, size_t cap)
{
    cg_options o = CG_OPTIONS_INIT;
    o.cache_dir = cache_dir;
    cg_engine *e = NULL;
    cg_diagnostics *d = NULL;
    int rc = cg_engine_load(rules_dir, profile, &o, &e, &d);
    if (rc != CG_OK)
        tu_print_diags(d);
    cg_diagnostics_free(d);
    assert_int_equal(rc, CG_OK);
    const char *det = NULL;
    cg_cache_status st = cg_engine_cache_status(e, &det);
    assert_non_null(det);
    if (status)
        *status = st;
    if (detail)
        snprintf(detail, cap, "%s", det);
    return e;
}

/* Two results are the same verdict with the same hits and masked text. */
static void assert_same_result(const char *text, const cg_result *a, const cg_result *b)
{
    int same = a->action == b->action && a->sanction == b->sanction && a->fine_rub == b->fine_rub &&
               a->categories == b->categories && a->flags == b->flags && a->n_hits == b->n_hits &&
               a->masked_len == b->masked_len && memcmp(a->masked, b->masked, a->masked_len) == 0;
    for (size_t i = 0; same && i < a->n_hits; i++) {
        const cg_hit *x = &a->hits[i], *y = &b->hits[i];
        same = x->category == y->category && strcmp(x->rule, y->rule) == 0 && x->severity == y->severity &&
               x->start == y->start && x->end == y->end && x->view == y->view && x->action == y->action &&
               x->sanction == y->sanction && x->fine_rub == y->fine_rub;
    }
    if (!same) {
        tu_print_result(text, a);
        tu_print_result(text, b);
        fail_msg("different results for \"%s\"", text);
    }
}

/* Same results of a and b on msgs[0..n) (roles alternating), and the same statistics. */
static void assert_same_engine(const cg_engine *a, const cg_engine *b, const char *const *msgs, size_t n)
{
    cg_engine_info ia, ib;
    assert_int_equal(cg_engine_get_info(a, &ia), CG_OK);
    assert_int_equal(cg_engine_get_info(b, &ib), CG_OK);
    assert_int_equal(ia.rules, ib.rules);
    assert_int_equal(ia.patterns, ib.patterns);
    assert_int_equal(ia.views, ib.views);
    assert_int_equal(ia.database_bytes, ib.database_bytes);
    cg_scanner *sa, *sb;
    assert_int_equal(cg_scanner_new(&sa), CG_OK);
    assert_int_equal(cg_scanner_new(&sb), CG_OK);
    for (size_t i = 0; i < n; i++) {
        cg_context ctx = {i % 2 ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, (unsigned)(i % 3)};
        cg_result ra, rb;
        assert_int_equal(cg_check_message(a, sa, msgs[i], strlen(msgs[i]), &ctx, &ra), CG_OK);
        assert_int_equal(cg_check_message(b, sb, msgs[i], strlen(msgs[i]), &ctx, &rb), CG_OK);
        assert_same_result(msgs[i], &ra, &rb);
    }
    cg_scanner_free(sa);
    cg_scanner_free(sb);
}

/* Files in dir: how many cache files (chatguard-*.hsdb) and temporary files (.chatguard-*); the path of
 * the last cache file seen into path (if not NULL). */
static void count_files(const char *dir, int *caches, int *temps, char *path, size_t cap)
{
    *caches = *temps = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (strncmp(de->d_name, "chatguard-", 10) == 0 && l > 5 && strcmp(de->d_name + l - 5, ".hsdb") == 0) {
            ++*caches;
            if (path)
                snprintf(path, cap, "%s/%s", dir, de->d_name);
        } else if (strncmp(de->d_name, ".chatguard-", 11) == 0)
            ++*temps;
    }
    closedir(d);
}

/* The one cache file of dir (fails unless there is exactly one, and no temporary file). */
static void the_cache_file(const char *dir, char *path, size_t cap)
{
    int caches, temps;
    count_files(dir, &caches, &temps, path, cap);
    assert_int_equal(caches, 1);
    assert_int_equal(temps, 0);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    char *b = NULL;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return (uint8_t *)b;
}

static void spill(const char *path, const uint8_t *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void set32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }
static void set64(uint8_t *p, uint64_t v) { set32(p, (uint32_t)v); set32(p + 4, (uint32_t)(v >> 32)); }

/* Recompute the SHA-256 trailer, as a forger would. */
static void resign(uint8_t *b, size_t len) { cg_sha256(b, len - CG_SHA256_LEN, b + len - CG_SHA256_LEN); }

/* ---- a fixture: the small rule set, its cache, a reference engine without cache ---------------------- */
typedef struct fixture {
    char *rules, *cache;
    char path[1024];     /* the cache file */
    uint8_t *good;       /* its valid bytes */
    size_t len;
    cg_engine *ref;      /* compiled without a cache */
} fixture;

static fixture fx_new(void)
{
    fixture f;
    memset(&f, 0, sizeof f);
    f.rules = small_rules_dir(SMALL_RULES, SMALL_LEXICON);
    f.cache = tu_tmpdir();
    f.ref = load_cached(f.rules, "t", NULL, NULL, NULL, 0);
    cg_cache_status st;
    cg_engine *e = load_cached(f.rules, "t", f.cache, &st, NULL, 0);
    assert_int_equal(st, CG_CACHE_WRITTEN);
    cg_engine_unref(e);
    the_cache_file(f.cache, f.path, sizeof f.path);
    f.good = slurp(f.path, &f.len);
    return f;
}

static void fx_free(fixture *f)
{
    cg_engine_unref(f->ref);
    free(f->good);
    tu_rmdir(f->rules);
    tu_rmdir(f->cache);
}

/* Put bytes b[0..len) in place of the cache file and load: the file must be ignored with a detail that
 * contains `why` (NULL: any), the engine must equal the reference, the file must be valid again after. */
static void expect_ignored(fixture *f, const uint8_t *b, size_t len, const char *why, const char *label)
{
    spill(f->path, b, len);
    cg_cache_status st;
    char detail[1024];
    cg_engine *e = load_cached(f->rules, "t", f->cache, &st, detail, sizeof detail);
    if (st != CG_CACHE_WRITTEN || strncmp(detail, "ignored ", 8) != 0 || (why && !strstr(detail, why)))
        fail_msg("%s: status %d, detail \"%s\", expected ignored for \"%s\"", label, (int)st, detail, why ? why : "");
    if (getenv("CG_TEST_VERBOSE"))
        fprintf(stderr, "  %s: %s\n", label, strchr(detail, '(') ? strchr(detail, '(') : detail);
    assert_same_engine(f->ref, e, small_msgs, N_SMALL);
    cg_engine_unref(e);
    /* rebuilt and rewritten: byte for byte the file a fresh build writes, and the next load is a hit */
    size_t n;
    uint8_t *now = slurp(f->path, &n);
    assert_int_equal(n, f->len);
    assert_memory_equal(now, f->good, n);
    free(now);
}

static void expect_hit(fixture *f)
{
    cg_cache_status st;
    char detail[1024];
    cg_engine *e = load_cached(f->rules, "t", f->cache, &st, detail, sizeof detail);
    if (st != CG_CACHE_HIT)
        fail_msg("expected a hit: %s", detail);
    assert_same_engine(f->ref, e, small_msgs, N_SMALL);
    cg_engine_unref(e);
}

/* ---- SHA-256 ------------------------------------------------------------------------------------------ */
static void hexdigest(const uint8_t d[32], char out[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void test_sha256_vectors(void **st)
{
    (void)st;
    static const struct { const char *in, *out; } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    uint8_t d[32];
    char h[65];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        cg_sha256(v[i].in, strlen(v[i].in), d);
        hexdigest(d, h);
        assert_string_equal(h, v[i].out);
        /* the same fed in pieces of every size */
        size_t n = strlen(v[i].in);
        for (size_t step = 1; step <= n; step++) {
            cg_sha256_ctx c;
            cg_sha256_init(&c);
            for (size_t k = 0; k < n; k += step)
                cg_sha256_update(&c, v[i].in + k, n - k < step ? n - k : step);
            cg_sha256_final(&c, d);
            hexdigest(d, h);
            assert_string_equal(h, v[i].out);
        }
    }
    /* one million 'a' */
    char *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    cg_sha256(m, 1000000, d);
    hexdigest(d, h);
    assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

/* ---- options ------------------------------------------------------------------------------------------ */
static void test_off_and_struct_sizes(void **st)
{
    (void)st;
    char *rules = small_rules_dir(SMALL_RULES, SMALL_LEXICON);
    char *cache = tu_tmpdir();
    cg_cache_status s;
    char detail[1024];
    /* no options, NULL and "" cache_dir: off */
    cg_engine *e = NULL;
    assert_int_equal(cg_engine_load(rules, "t", NULL, &e, NULL), CG_OK);
    assert_int_equal(cg_engine_cache_status(e, NULL), CG_CACHE_OFF);
    cg_engine_unref(e);
    e = load_cached(rules, "t", "", &s, detail, sizeof detail);
    assert_int_equal(s, CG_CACHE_OFF);
    cg_engine_unref(e);
    /* a caller built against the 0.1.0 header passes the struct without cache_dir: accepted, no cache,
     * whatever lies after it */
    cg_options o = CG_OPTIONS_INIT;
    o.cache_dir = cache;
    o.struct_size = offsetof(cg_options, cache_dir);
    assert_int_equal(cg_engine_load(rules, "t", &o, &e, NULL), CG_OK);
    assert_int_equal(cg_engine_cache_status(e, NULL), CG_CACHE_OFF);
    cg_engine_unref(e);
    int caches, temps;
    count_files(cache, &caches, &temps, NULL, 0);
    assert_int_equal(caches + temps, 0);
    /* any other size is refused */
    o.struct_size = sizeof o + 8;
    assert_int_equal(cg_engine_load(rules, "t", &o, &e, NULL), CG_E_INVALID_ARG);
    assert_null(e);
    o.struct_size = offsetof(cg_options, cache_dir) - 1;
    assert_int_equal(cg_engine_load(rules, "t", &o, &e, NULL), CG_E_INVALID_ARG);
    /* NULL engine */
    const char *det = "x";
    assert_int_equal(cg_engine_cache_status(NULL, &det), CG_CACHE_OFF);
    assert_string_equal(det, "");
    tu_rmdir(rules);
    tu_rmdir(cache);
}

/* ---- hits --------------------------------------------------------------------------------------------- */
typedef struct corpus_texts {
    char **t;
    size_t n, cap;
} corpus_texts;

static void read_corpora(corpus_texts *c)
{
    const char *dir = "tests/corpus";
    DIR *d = opendir(dir);
    if (!d) {
        /* run from the build tree's parent: the Makefile runs the suites from the repository root */
        fail_msg("cannot open %s (run from the repository root)", dir);
    }
    json_reader rd = {0};
    struct dirent *de;
    char **names = NULL;
    size_t nn = 0;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l > 6 && strcmp(de->d_name + l - 6, ".jsonl") == 0) {
            names = realloc(names, (nn + 1) * sizeof *names);
            names[nn++] = strdup(de->d_name);
        }
    }
    closedir(d);
    assert_true(nn >= 5);
    for (size_t k = 0; k < nn; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, f)) > 0) {
            json_msg m;
            char err[128];
            if (json_parse_message(&rd, line, (size_t)len, &m, err, sizeof err) != 0 || !m.has_text)
                continue;
            if (c->n == c->cap) {
                c->cap = c->cap ? 2 * c->cap : 1024;
                c->t = realloc(c->t, c->cap * sizeof *c->t);
                assert_non_null(c->t);
            }
            c->t[c->n++] = strndup(m.text, m.text_len); /* a NUL inside ends the message: fine here */
        }
        free(line);
        fclose(f);
        free(names[k]);
    }
    free(names);
    json_reader_free(&rd);
}

/* The shipped rules: written on the first load, read on the next, the same results on every corpus
 * message; the other profiles read the same file (the databases do not depend on the profile). */
static void test_hit_same_results_on_corpora(void **st)
{
    (void)st;
    corpus_texts c = {0};
    read_corpora(&c);
    assert_true(c.n > 3000);
    char *cache = tu_tmpdir();
    const char *rules = tu_rules_dir();
    cg_engine *ref = tu_engine("wb");
    cg_cache_status s;
    char detail[1024];
    cg_engine *w = load_cached(rules, "wb", cache, &s, detail, sizeof detail);
    assert_int_equal(s, CG_CACHE_WRITTEN);
    assert_non_null(strstr(detail, "no cache file"));
    assert_non_null(strstr(detail, "compiled and written"));
    cg_engine *h = load_cached(rules, "wb", cache, &s, detail, sizeof detail);
    if (s != CG_CACHE_HIT)
        fail_msg("second load: %s", detail);
    assert_int_equal(strncmp(detail, "hit: ", 5), 0);
    assert_same_engine(ref, w, (const char *const *)c.t, c.n);
    assert_same_engine(ref, h, (const char *const *)c.t, c.n);
    /* rule introspection is the same too */
    assert_int_equal(cg_engine_rule_count(ref), cg_engine_rule_count(h));
    for (size_t i = 0; i < cg_engine_rule_count(ref); i++) {
        cg_rule_info a, b;
        cg_engine_rule_info(ref, i, &a);
        cg_engine_rule_info(h, i, &b);
        assert_string_equal(a.id, b.id);
        assert_string_equal(a.view, b.view);
        assert_int_equal(a.n_examples, b.n_examples);
    }
    cg_engine_unref(w);
    cg_engine_unref(h);
    cg_engine_unref(ref);
    static const char *const profiles[] = {"ozon", "avito"};
    for (size_t p = 0; p < 2; p++) {
        cg_engine *pr = tu_engine(profiles[p]);
        cg_engine *ph = load_cached(rules, profiles[p], cache, &s, detail, sizeof detail);
        if (s != CG_CACHE_HIT)
            fail_msg("%s: %s", profiles[p], detail);
        assert_same_engine(pr, ph, (const char *const *)c.t, c.n < 3000 ? c.n : 3000);
        cg_engine_unref(pr);
        cg_engine_unref(ph);
    }
    int caches, temps;
    count_files(cache, &caches, &temps, NULL, 0);
    assert_int_equal(caches, 1);
    assert_int_equal(temps, 0);
    /* the file is private to the user that wrote it */
    char path[1024];
    the_cache_file(cache, path, sizeof path);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 077, 0);
    for (size_t i = 0; i < c.n; i++)
        free(c.t[i]);
    free(c.t);
    tu_rmdir(cache);
}

/* ---- invalidation ------------------------------------------------------------------------------------- */
static cg_engine *reload_small(const char *rules, const char *cache, cg_cache_status want, const char *why)
{
    cg_cache_status s;
    char detail[1024];
    cg_engine *e = load_cached(rules, "t", cache, &s, detail, sizeof detail);
    if (s != want || (why && !strstr(detail, why)))
        fail_msg("status %d (want %d), detail \"%s\" (want \"%s\")", (int)s, (int)want, detail, why ? why : "");
    return e;
}

static int has_category(const cg_engine *e, const char *text, cg_category cat)
{
    cg_scanner *s;
    cg_scanner_new(&s);
    cg_result r = tu_check(e, s, text, NULL);
    int hit = (r.categories >> cat) & 1u;
    cg_scanner_free(s);
    return hit;
}

static void test_changed_rules_invalidate(void **st)
{
    (void)st;
    char *rules = small_rules_dir(SMALL_RULES, SMALL_LEXICON);
    char *cache = tu_tmpdir();
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file"));
    cg_engine *e = reload_small(rules, cache, CG_CACHE_HIT, NULL);
    assert_false(has_category(e, "мат новоеслово", CG_CAT_PROFANITY));
    cg_engine_unref(e);

    /* a lexicon word added: another key, a new file, and the new word is found */
    tu_write(rules, "lexicons/words.txt", SMALL_LEXICON "новоеслово\n");
    e = reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file");
    assert_true(has_category(e, "мат новоеслово", CG_CAT_PROFANITY));
    cg_engine_unref(e);
    e = reload_small(rules, cache, CG_CACHE_HIT, NULL);
    assert_true(has_category(e, "мат новоеслово", CG_CAT_PROFANITY));
    cg_engine_unref(e);
    int caches, temps;
    count_files(cache, &caches, &temps, NULL, 0);
    assert_int_equal(caches, 2);

    /* a pattern changed */
    tu_write(rules, "lexicons/words.txt", SMALL_LEXICON);
    char *changed = strdup(SMALL_RULES);
    char *p = strstr(changed, "ru|com");
    memcpy(p, "ru|net", 6);
    tu_write(rules, "a.rules", changed);
    e = reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file");
    assert_true(has_category(e, "shop.net", CG_CAT_LINK));
    assert_false(has_category(e, "shop.com", CG_CAT_LINK));
    cg_engine_unref(e);
    /* a rule's bounds changed (the pattern table, not the expression) */
    strcpy(changed, SMALL_RULES);
    p = strstr(changed, "bounds = number");
    memcpy(p, "bounds = word  ", 15);
    tu_write(rules, "a.rules", changed);
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file"));
    /* a rule's view changed */
    tu_write(rules, "a.rules", SMALL_RULES "\n[messenger.u]\ncategory = messenger\nseverity = 3\nview = text\npattern = zzz\n");
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file"));
    tu_write(rules, "a.rules", SMALL_RULES "\n[messenger.u]\ncategory = messenger\nseverity = 3\nview = contact\npattern = zzz\n");
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file"));
    tu_write(rules, "a.rules", SMALL_RULES);
    free(changed);

    /* back to the original rules: their file is still there */
    e = reload_small(rules, cache, CG_CACHE_HIT, NULL);
    assert_false(has_category(e, "shop.net", CG_CAT_LINK));
    cg_engine_unref(e);
    /* comments and examples do not change what is compiled: still a hit */
    tu_write(rules, "a.rules", "# another comment\n" SMALL_RULES "example = ещё пример\n");
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_HIT, NULL));
    /* a rule removed: a miss */
    tu_write(rules, "a.rules", "[phone.t]\ncategory = phone\nseverity = 4\nview = digits\npattern = 89\\d{9}\n");
    cg_engine_unref(reload_small(rules, cache, CG_CACHE_WRITTEN, "no cache file"));
    tu_rmdir(rules);
    tu_rmdir(cache);
}

/* ---- damaged files -------------------------------------------------------------------------------------- */
static void test_empty_and_truncated(void **st)
{
    (void)st;
    fixture f = fx_new();
    expect_hit(&f);
    expect_ignored(&f, f.good, 0, "empty file", "empty");
    size_t cuts[] = {1, 7, 8, 55, CG_CACHE_HEADER_LEN - 1, CG_CACHE_HEADER_LEN, CG_CACHE_HEADER_LEN + 1,
                     CG_CACHE_HEADER_LEN + CG_SHA256_LEN - 1, CG_CACHE_HEADER_LEN + CG_SHA256_LEN,
                     CG_CACHE_HEADER_LEN + CG_SHA256_LEN + 1, f.len / 3, f.len / 2, f.len - CG_SHA256_LEN - 1,
                     f.len - CG_SHA256_LEN, f.len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "truncated to %zu", cuts[i]);
        expect_ignored(&f, f.good, cuts[i], "truncated", label);
    }
    /* a byte too many */
    uint8_t *b = malloc(f.len + 1);
    memcpy(b, f.good, f.len);
    b[f.len] = 0;
    expect_ignored(&f, b, f.len + 1, "the header says", "one byte appended");
    /* the file twice */
    b = realloc(b, 2 * f.len);
    memcpy(b + f.len, f.good, f.len);
    expect_ignored(&f, b, 2 * f.len, "the header says", "doubled");
    free(b);
    expect_hit(&f);
    fx_free(&f);
}

static void test_flipped_bytes(void **st)
{
    (void)st;
    fixture f = fx_new();
    uint8_t *b = malloc(f.len);
    /* every header byte, each bit pattern 0x01 and 0x80 */
    for (size_t i = 0; i < CG_CACHE_HEADER_LEN; i++)
        for (int m = 0; m < 2; m++) {
            memcpy(b, f.good, f.len);
            b[i] ^= m ? 0x80 : 0x01;
            char label[64];
            snprintf(label, sizeof label, "header byte %zu ^ %#x", i, m ? 0x80 : 0x01);
            const char *why = i < 8 ? "bad magic" : i < 12 ? "cache format" : (i >= 16 && i < 48) ? "checksum" : NULL;
            expect_ignored(&f, b, f.len, why, label);
        }
    /* payload bytes: the pattern records, the databases, the trailer */
    size_t payload = f.len - CG_CACHE_HEADER_LEN - CG_SHA256_LEN;
    for (size_t k = 0; k < 64; k++) {
        size_t i = CG_CACHE_HEADER_LEN + (k < 48 ? k * payload / 48 : payload - 1 - (k - 48) * 7);
        memcpy(b, f.good, f.len);
        b[i] ^= (uint8_t)(1u << (k % 8));
        char label[64];
        snprintf(label, sizeof label, "payload byte %zu", i);
        expect_ignored(&f, b, f.len, "checksum mismatch", label);
    }
    for (size_t i = f.len - CG_SHA256_LEN; i < f.len; i++) {
        memcpy(b, f.good, f.len);
        b[i] ^= 0x10;
        expect_ignored(&f, b, f.len, "checksum mismatch", "trailer byte");
    }
    free(b);
    expect_hit(&f);
    fx_free(&f);
}

static void test_magic_version_garbage(void **st)
{
    (void)st;
    fixture f = fx_new();
    uint8_t *b = malloc(f.len);
    /* wrong magic and wrong format, even with a valid checksum */
    memcpy(b, f.good, f.len);
    memcpy(b, "CGHSDB\n\n", 8);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "bad magic", "magic");
    memcpy(b, f.good, f.len);
    set32(b + 8, CG_CACHE_FORMAT + 1);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "cache format 2, this library reads format 1", "format + 1");
    memcpy(b, f.good, f.len);
    set32(b + 8, 0);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "cache format 0", "format 0");
    /* text, zeros, random bytes of the same length */
    const char *txt = "this is not a cache file\n";
    expect_ignored(&f, (const uint8_t *)txt, strlen(txt), "truncated", "text");
    memset(b, 0, f.len);
    expect_ignored(&f, b, f.len, "bad magic", "zeros");
    uint32_t x = 12345;
    for (size_t i = 0; i < f.len; i++)
        b[i] = (uint8_t)((x = x * 1103515245u + 12345u) >> 16);
    expect_ignored(&f, b, f.len, "bad magic", "random");
    /* random bytes behind a valid magic and format */
    memcpy(b, f.good, 12);
    expect_ignored(&f, b, f.len, NULL, "random after the magic");
    free(b);
    expect_hit(&f);
    fx_free(&f);
}

/* Forged files: every field consistent and the checksum recomputed, so only the checks behind the checksum
 * stand between them and the engine. */
static void test_forged_with_valid_checksum(void **st)
{
    (void)st;
    fixture f = fx_new();
    uint8_t *b = malloc(f.len + 64);
    /* the key of another rule set */
    memcpy(b, f.good, f.len);
    b[16] ^= 1;
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "key mismatch", "key");
    /* header fields of another layout */
    size_t fields[] = {12, 48, 52};
    for (size_t k = 0; k < 3; k++) {
        memcpy(b, f.good, f.len);
        set32(b + fields[k], le32(b + fields[k]) + 1);
        resign(b, f.len);
        expect_ignored(&f, b, f.len, "another layout", "layout");
    }
    /* the views' records: reserved word, absurd lengths */
    memcpy(b, f.good, f.len);
    set32(b + 56 + 4, 1);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "bad header entry", "reserved");
    memcpy(b, f.good, f.len);
    set64(b + 56 + 8, (uint64_t)1 << 40);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "bad header entry", "huge database");
    memcpy(b, f.good, f.len);
    set32(b + 56, 0xFFFFFFFFu);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "bad header entry", "huge pattern count");

    /* find a view with patterns and a database, and the offsets of its pieces */
    size_t off = CG_CACHE_HEADER_LEN, v0 = CG_VIEW_COUNT, v0_pats = 0, v0_db = 0;
    for (size_t v = 0; v < CG_VIEW_COUNT; v++) {
        uint32_t np = le32(f.good + 56 + 16 * v);
        uint64_t dl = le64(f.good + 56 + 16 * v + 8);
        if (np && v0 == CG_VIEW_COUNT)
            v0 = v, v0_pats = off, v0_db = off + np * CG_CACHE_PAT_SIZE;
        off += np * CG_CACHE_PAT_SIZE + dl;
    }
    assert_true(v0 < CG_VIEW_COUNT);
    assert_int_equal(off + CG_SHA256_LEN, f.len);
    uint32_t np0 = le32(f.good + 56 + 16 * v0);
    uint64_t dl0 = le64(f.good + 56 + 16 * v0 + 8);

    /* one pattern record less (lengths kept consistent) */
    memcpy(b, f.good, v0_db - CG_CACHE_PAT_SIZE);
    memcpy(b + v0_db - CG_CACHE_PAT_SIZE, f.good + v0_db, f.len - v0_db);
    set32(b + 56 + 16 * v0, np0 - 1);
    resign(b, f.len - CG_CACHE_PAT_SIZE);
    expect_ignored(&f, b, f.len - CG_CACHE_PAT_SIZE, "patterns and", "a pattern record less");
    /* a pattern record more */
    memcpy(b, f.good, v0_db);
    memcpy(b + v0_db, f.good + v0_pats, CG_CACHE_PAT_SIZE);
    memcpy(b + v0_db + CG_CACHE_PAT_SIZE, f.good + v0_db, f.len - v0_db);
    set32(b + 56 + 16 * v0, np0 + 1);
    resign(b, f.len + CG_CACHE_PAT_SIZE);
    expect_ignored(&f, b, f.len + CG_CACHE_PAT_SIZE, "patterns and", "a pattern record more");
    /* every field of the first pattern record: its rule, kind, bounds, width */
    for (size_t i = 0; i < CG_CACHE_PAT_SIZE; i++) {
        memcpy(b, f.good, f.len);
        b[v0_pats + i] ^= 0x01;
        resign(b, f.len);
        expect_ignored(&f, b, f.len, "differs", "pattern record");
    }
    /* a view's patterns without its database, and a database without patterns */
    memcpy(b, f.good, f.len);
    set64(b + 56 + 16 * v0 + 8, 0);
    memmove(b + v0_db, b + v0_db + dl0, f.len - v0_db - dl0);
    resign(b, f.len - dl0);
    expect_ignored(&f, b, f.len - dl0, "database bytes", "patterns without a database");
    /* database boundaries moved between two views (the bytes stay Hyperscan's own) */
    memcpy(b, f.good, f.len);
    size_t v1 = CG_VIEW_COUNT;
    for (size_t v = v0 + 1; v < CG_VIEW_COUNT; v++)
        if (le32(f.good + 56 + 16 * v))
            v1 = v;
    assert_true(v1 < CG_VIEW_COUNT);
    set64(b + 56 + 16 * v0 + 8, dl0 - 8);
    set64(b + 56 + 16 * v1 + 8, le64(f.good + 56 + 16 * v1 + 8) + 8);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, NULL, "database boundary moved");
    /* a database of another Hyperscan version, and one for another CPU: the serialized database starts
     * with magic, version (u32) and length (u32), then the platform (u64 feature bits) */
    memcpy(b, f.good, f.len);
    b[v0_db + 4] ^= 0x01;
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "database", "another Hyperscan version");
    memcpy(b, f.good, f.len);
    set64(b + v0_db + 12, ~(uint64_t)0);
    resign(b, f.len);
    expect_ignored(&f, b, f.len, "database", "another CPU");
    free(b);
    expect_hit(&f);
    fx_free(&f);
}

/* A valid cache file of another rule set copied over this one's name. */
static void test_foreign_file(void **st)
{
    (void)st;
    fixture f = fx_new();
    char *other_rules = small_rules_dir(SMALL_RULES, "другое\n");
    char *other_cache = tu_tmpdir();
    cg_engine_unref(reload_small(other_rules, other_cache, CG_CACHE_WRITTEN, NULL));
    char other_path[1024];
    the_cache_file(other_cache, other_path, sizeof other_path);
    assert_string_not_equal(strrchr(other_path, '/'), strrchr(f.path, '/')); /* another key, another name */
    size_t n;
    uint8_t *other = slurp(other_path, &n);
    expect_ignored(&f, other, n, "key mismatch", "foreign file");
    /* and the shipped rules' file, much larger */
    char *big_cache = tu_tmpdir();
    cg_cache_status s;
    cg_engine_unref(load_cached(tu_rules_dir(), "wb", big_cache, &s, NULL, 0));
    assert_int_equal(s, CG_CACHE_WRITTEN);
    char big_path[1024];
    the_cache_file(big_cache, big_path, sizeof big_path);
    free(other);
    other = slurp(big_path, &n);
    expect_ignored(&f, other, n, "key mismatch", "shipped rules' file");
    free(other);
    tu_rmdir(other_rules);
    tu_rmdir(other_cache);
    tu_rmdir(big_cache);
    fx_free(&f);
}

/* ---- the file system --------------------------------------------------------------------------------------- */
static void test_unusable_directories(void **st)
{
    (void)st;
    char *rules = small_rules_dir(SMALL_RULES, SMALL_LEXICON);
    cg_engine *ref = load_cached(rules, "t", NULL, NULL, NULL, 0);
    char *tmp = tu_tmpdir();
    char missing[1024], file[1024];
    snprintf(missing, sizeof missing, "%s/does/not/exist", tmp);
    snprintf(file, sizeof file, "%s/a-file", tmp);
    tu_write(tmp, "a-file", "x");
    const char *dirs[] = {missing, file, "/proc", "/proc/self"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        cg_cache_status s;
        char detail[1024];
        cg_engine *e = load_cached(rules, "t", dirs[i], &s, detail, sizeof detail);
        if (s != CG_CACHE_FAILED || !strstr(detail, "not written"))
            fail_msg("%s: status %d, %s", dirs[i], (int)s, detail);
        assert_same_engine(ref, e, small_msgs, N_SMALL);
        cg_engine_unref(e);
    }
    /* a directory without write permission (only meaningful when not root: root writes anyway) */
    char ro[1024];
    snprintf(ro, sizeof ro, "%s/ro", tmp);
    assert_int_equal(mkdir(ro, 0555), 0);
    if (geteuid() != 0) {
        cg_cache_status s;
        char detail[1024];
        cg_engine *e = load_cached(rules, "t", ro, &s, detail, sizeof detail);
        if (s != CG_CACHE_FAILED || !strstr(detail, "Permission denied"))
            fail_msg("read-only dir: status %d, %s", (int)s, detail);
        assert_same_engine(ref, e, small_msgs, N_SMALL);
        cg_engine_unref(e);
    }
    chmod(ro, 0755);
    cg_engine_unref(ref);
    tu_rmdir(rules);
    tu_rmdir(tmp);
}

/* The cache file's name taken by a directory (cannot be replaced: the write fails, nothing is left
 * behind) or by a FIFO (not read: no hang; replaced by the file). */
static void test_name_taken_by_other_files(void **st)
{
    (void)st;
    fixture f = fx_new();
    assert_int_equal(unlink(f.path), 0);
    assert_int_equal(mkdir(f.path, 0755), 0);
    cg_cache_status s;
    char detail[1024];
    cg_engine *e = load_cached(f.rules, "t", f.cache, &s, detail, sizeof detail);
    if (s != CG_CACHE_FAILED || !strstr(detail, "not a regular file") || !strstr(detail, "rename"))
        fail_msg("directory: status %d, %s", (int)s, detail);
    assert_same_engine(f.ref, e, small_msgs, N_SMALL);
    cg_engine_unref(e);
    int caches, temps;
    count_files(f.cache, &caches, &temps, NULL, 0);
    assert_int_equal(temps, 0);
    assert_int_equal(rmdir(f.path), 0);

    assert_int_equal(mkfifo(f.path, 0600), 0);
    e = load_cached(f.rules, "t", f.cache, &s, detail, sizeof detail);
    if (s != CG_CACHE_WRITTEN || !strstr(detail, "not a regular file"))
        fail_msg("fifo: status %d, %s", (int)s, detail);
    cg_engine_unref(e);
    expect_hit(&f);

    /* a temporary file left by a crashed writer changes nothing */
    tu_write(f.cache, ".chatguard-0000.tmp.abcdef", "partial");
    expect_hit(&f);
    fx_free(&f);
}

/* ---- concurrency --------------------------------------------------------------------------------------- */
typedef struct loader {
    const char *rules, *cache;
    const cg_engine *ref;
    pthread_barrier_t *barrier;
    cg_cache_status status;
    int rounds_ok;
} loader;

static void *load_thread(void *arg)
{
    loader *l = arg;
    cg_options o = CG_OPTIONS_INIT;
    o.cache_dir = l->cache;
    pthread_barrier_wait(l->barrier);
    cg_engine *e = NULL;
    if (cg_engine_load(l->rules, "t", &o, &e, NULL) != CG_OK)
        return NULL;
    l->status = cg_engine_cache_status(e, NULL);
    /* the same verdicts as the reference */
    cg_scanner *sa, *sb;
    cg_scanner_new(&sa);
    cg_scanner_new(&sb);
    int ok = 1;
    for (size_t i = 0; i < N_SMALL; i++) {
        cg_result ra, rb;
        cg_check_message(l->ref, sa, small_msgs[i], strlen(small_msgs[i]), NULL, &ra);
        cg_check_message(e, sb, small_msgs[i], strlen(small_msgs[i]), NULL, &rb);
        ok &= ra.n_hits == rb.n_hits && ra.action == rb.action && ra.categories == rb.categories;
    }
    cg_scanner_free(sa);
    cg_scanner_free(sb);
    cg_engine_unref(e);
    l->rounds_ok = ok;
    return NULL;
}

static void test_concurrent_loads(void **st)
{
    (void)st;
    fixture f = fx_new();
    enum { THREADS = 6, ROUNDS = 8 };
    for (int round = 0; round < ROUNDS; round++) {
        /* rounds start from no file, a damaged file, or a good one */
        if (round % 3 == 0)
            unlink(f.path);
        else if (round % 3 == 1) {
            uint8_t *b = malloc(f.len);
            memcpy(b, f.good, f.len);
            b[f.len / 2] ^= 0xFF;
            spill(f.path, b, f.len);
            free(b);
        }
        pthread_barrier_t barrier;
        pthread_barrier_init(&barrier, NULL, THREADS);
        pthread_t t[THREADS];
        loader l[THREADS];
        for (int i = 0; i < THREADS; i++) {
            l[i] = (loader){f.rules, f.cache, f.ref, &barrier, CG_CACHE_OFF, 0};
            assert_int_equal(pthread_create(&t[i], NULL, load_thread, &l[i]), 0);
        }
        for (int i = 0; i < THREADS; i++) {
            pthread_join(t[i], NULL);
            assert_true(l[i].rounds_ok);
            assert_true(l[i].status == CG_CACHE_HIT || l[i].status == CG_CACHE_WRITTEN);
            if (round % 3 == 2)
                assert_int_equal(l[i].status, CG_CACHE_HIT);
        }
        pthread_barrier_destroy(&barrier);
        /* one complete file, no temporary files, byte for byte what one writer writes */
        char path[1024];
        the_cache_file(f.cache, path, sizeof path);
        size_t n;
        uint8_t *now = slurp(path, &n);
        assert_int_equal(n, f.len);
        assert_memory_equal(now, f.good, n);
        free(now);
    }
    expect_hit(&f);
    fx_free(&f);
}

/* Writers in separate processes, one of them killed while the others write: no damaged file is ever
 * used (the rename is atomic), and the survivors' file is valid. */
static void test_concurrent_processes(void **st)
{
    (void)st;
    fixture f = fx_new();
    for (int round = 0; round < 3; round++) {
        unlink(f.path);
        pid_t pids[4];
        for (int i = 0; i < 4; i++) {
            pids[i] = fork();
            assert_true(pids[i] >= 0);
            if (pids[i] == 0) {
                cg_options o = CG_OPTIONS_INIT;
                o.cache_dir = f.cache;
                cg_engine *e = NULL;
                int rc = cg_engine_load(f.rules, "t", &o, &e, NULL);
                cg_cache_status s = cg_engine_cache_status(e, NULL);
                _exit(rc == CG_OK && (s == CG_CACHE_HIT || s == CG_CACHE_WRITTEN) ? 0 : 1);
            }
        }
        for (int i = 0; i < 4; i++) {
            int wst;
            assert_int_equal(waitpid(pids[i], &wst, 0), pids[i]);
            assert_true(WIFEXITED(wst));
            assert_int_equal(WEXITSTATUS(wst), 0);
        }
        expect_hit(&f);
    }
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_off_and_struct_sizes),
        cmocka_unit_test(test_hit_same_results_on_corpora),
        cmocka_unit_test(test_changed_rules_invalidate),
        cmocka_unit_test(test_empty_and_truncated),
        cmocka_unit_test(test_flipped_bytes),
        cmocka_unit_test(test_magic_version_garbage),
        cmocka_unit_test(test_forged_with_valid_checksum),
        cmocka_unit_test(test_foreign_file),
        cmocka_unit_test(test_unusable_directories),
        cmocka_unit_test(test_name_taken_by_other_files),
        cmocka_unit_test(test_concurrent_loads),
        cmocka_unit_test(test_concurrent_processes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
