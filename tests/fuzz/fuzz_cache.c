/* fuzz_cache.c — libFuzzer target for the compiled-database cache: whatever bytes lie in the cache file,
 * a load succeeds, uses the file only when it is the genuine one, gives the reference verdicts, and leaves
 * the genuine file behind.
 *
 * The first byte picks the mode. Even: the rest is the whole cache file. Odd: the rest edits the genuine
 * file — bytes 1-4 a length to cut it to (0xFFFFFFFF: keep), then (u32 offset, xor byte) pairs; with bit 1
 * of the mode set only the header and pattern tables are edited and the checksum is recomputed, as a forger
 * would, so that the checks behind the checksum are reached. (Forged Hyperscan bytecode is outside the
 * threat model: the cache directory is trusted like the rules, the checksum is against damage.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chatguard.h"
#include "../../src/compile/cache.h"

static char rules[96], cache[96], path[512];
static uint8_t *good;
static size_t good_len, forgeable; /* bytes of header and pattern records before the first database */
static cg_engine *ref;
static cg_scanner *sa, *sb;
static cg_options opts;

static const char *const msgs[] = {"звоните 89161234567", "shop.ru и @ivanshop", "это слово", "чисто", ""};

static void put(const char *dir, const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        abort();
}

static uint8_t *slurp(size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *b = malloc((size_t)n + 1);
    if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Remove the directories at exit (libFuzzer ends with exit()). */
static void cleanup(void)
{
    static const char *const files[] = {"profiles/t.profile", "lexicons/w.txt", "a.rules", "profiles", "lexicons"};
    char p[256];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", rules, files[i]);
        if (unlink(p) != 0)
            rmdir(p);
    }
    rmdir(rules);
    unlink(path);
    rmdir(cache);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    atexit(cleanup);
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"; /* fsync is free there */
    snprintf(rules, sizeof rules, "%s/cgfuzz-cache-rules-%d", base, (int)getpid());
    snprintf(cache, sizeof cache, "%s/cgfuzz-cache-%d", base, (int)getpid());
    char sub[160];
    mkdir(rules, 0755);
    mkdir(cache, 0700);
    snprintf(sub, sizeof sub, "%s/profiles", rules);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/lexicons", rules);
    mkdir(sub, 0755);
    put(rules, "profiles/t.profile", "[profile]\nname = t\n\n[policy]\n* * * block warning\n");
    put(rules, "lexicons/w.txt", "слово\n");
    put(rules, "a.rules",
        "[phone.t]\ncategory = phone\nseverity = 4\nview = digits\npattern = 89\\d{9}\n\n"
        "[link.t]\ncategory = link\nseverity = 3\nview = contact\npattern = [a-z0-9]+\\.(?:ru|com)\n\n"
        "[messenger.t]\ncategory = messenger\nseverity = 3\nview = text\npattern = @[a-z]{4,}\n\n"
        "[profanity.t]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/w.txt\n");
    cg_options o = CG_OPTIONS_INIT;
    opts = o;
    opts.cache_dir = cache;
    cg_engine *e = NULL;
    if (cg_engine_load(rules, "t", NULL, &ref, NULL) != CG_OK || cg_engine_load(rules, "t", &opts, &e, NULL) != CG_OK ||
        cg_engine_cache_status(e, NULL) != CG_CACHE_WRITTEN)
        abort();
    /* the file's name is in the detail: "no cache file <path>; compiled and written" */
    const char *d;
    cg_engine_cache_status(e, &d);
    const char *p = strstr(d, cache);
    const char *end = p ? strchr(p, ';') : NULL;
    if (!end || (size_t)(end - p) >= sizeof path)
        abort();
    memcpy(path, p, (size_t)(end - p));
    cg_engine_unref(e);
    good = slurp(&good_len);
    /* the header and the first view's pattern records come before any database */
    forgeable = CG_CACHE_HEADER_LEN;
    for (unsigned v = 0; v < CG_VIEW_COUNT; v++) {
        const uint8_t *r = good + 56 + CG_CACHE_VIEW_REC * v;
        uint32_t np = (uint32_t)r[0] | (uint32_t)r[1] << 8 | (uint32_t)r[2] << 16 | (uint32_t)r[3] << 24;
        forgeable += np * CG_CACHE_PAT_SIZE;
        if (r[8] | r[9] | r[10] | r[11])
            break;
    }
    if (cg_scanner_new(&sa) != CG_OK || cg_scanner_new(&sb) != CG_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *b;
    size_t len;
    if (size == 0 || !(data[0] & 1)) {
        len = size ? size - 1 : 0;
        b = malloc(len + 1);
        if (!b)
            return 0;
        if (len)
            memcpy(b, data + 1, len);
    } else {
        b = malloc(good_len);
        if (!b)
            return 0;
        memcpy(b, good, good_len);
        len = good_len;
        int forge = (data[0] & 2) != 0;
        if (size >= 5) {
            uint32_t cut = (uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
            if (cut != 0xFFFFFFFFu && !forge)
                len = cut % (good_len + 1);
        }
        for (size_t i = 5; i + 5 <= size; i += 5) {
            uint32_t off = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 | (uint32_t)data[i + 2] << 16 |
                           (uint32_t)data[i + 3] << 24;
            size_t span = forge ? forgeable : len;
            if (span)
                b[off % span] ^= data[i + 4];
        }
        if (forge)
            cg_sha256(b, len - CG_SHA256_LEN, b + len - CG_SHA256_LEN);
    }
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(b, 1, len, f) != len) || fclose(f) != 0)
        abort();
    int genuine = len == good_len && memcmp(b, good, len) == 0;
    free(b);

    cg_engine *e = NULL;
    if (cg_engine_load(rules, "t", &opts, &e, NULL) != CG_OK)
        abort();
    cg_cache_status st = cg_engine_cache_status(e, NULL);
    if (st != (genuine ? CG_CACHE_HIT : CG_CACHE_WRITTEN))
        abort();
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        cg_result ra, rb;
        if (cg_check_message(ref, sa, msgs[i], strlen(msgs[i]), NULL, &ra) != CG_OK ||
            cg_check_message(e, sb, msgs[i], strlen(msgs[i]), NULL, &rb) != CG_OK)
            abort();
        if (ra.n_hits != rb.n_hits || ra.categories != rb.categories || ra.action != rb.action)
            abort();
        for (size_t k = 0; k < ra.n_hits; k++)
            if (ra.hits[k].start != rb.hits[k].start || ra.hits[k].end != rb.hits[k].end ||
                strcmp(ra.hits[k].rule, rb.hits[k].rule) != 0)
                abort();
    }
    cg_engine_unref(e);
    /* the genuine file is back */
    size_t n;
    uint8_t *now = slurp(&n);
    if (n != good_len || memcmp(now, good, n) != 0)
        abort();
    free(now);
    return 0;
}
