/* cache.c — the compiled-database cache: Hyperscan databases kept on disk between loads.
 *
 * The format, the key and what makes a file usable are described in cache.h. In short: a load that finds
 * a valid file for exactly the patterns it just prepared skips hs_compile_ext_multi (nearly all of a load's
 * time); any other file is ignored, never trusted, and replaced after the databases are compiled. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

#if defined(__x86_64__)
#define CG_ARCH "x86_64"
#elif defined(__i386__)
#define CG_ARCH "i386"
#elif defined(__aarch64__)
#define CG_ARCH "aarch64"
#elif defined(__arm__)
#define CG_ARCH "arm"
#elif defined(__powerpc64__)
#define CG_ARCH "ppc64"
#else
#define CG_ARCH "other"
#endif

/* ---- little-endian encoding --------------------------------------------------------------------------- */
static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p) { return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32; }

/* Every field of a cg_pattern goes into the file and the key: a field added to it must be added here (and
 * CG_CACHE_FORMAT bumped), which this assertion makes sure is not forgotten. */
_Static_assert(sizeof(cg_pattern) == 12 && offsetof(cg_pattern, all_ends) == 8,
               "cg_pattern changed: encode the new field in put_pattern() and bump CG_CACHE_FORMAT");

static void put_pattern(uint8_t *p, const cg_pattern *pat)
{
    put32(p, pat->rule);
    p[4] = pat->kind;
    p[5] = pat->bounds;
    p[6] = (uint8_t)pat->width;
    p[7] = (uint8_t)(pat->width >> 8);
    p[8] = pat->all_ends;
    p[9] = p[10] = p[11] = 0;
}

/* ---- the key ------------------------------------------------------------------------------------------- */
static void hash_u32(cg_sha256_ctx *c, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    cg_sha256_update(c, b, 4);
}

static void hash_u64(cg_sha256_ctx *c, uint64_t v)
{
    uint8_t b[8];
    put64(b, v);
    cg_sha256_update(c, b, 8);
}

/* Length-prefixed, so that no two sequences of strings hash the same bytes. */
static void hash_str(cg_sha256_ctx *c, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    hash_u64(c, n);
    cg_sha256_update(c, s ? s : "", n);
}

int cg_cache_key(const cg_hs_input in[CG_VIEW_COUNT], uint8_t key[CG_SHA256_LEN])
{
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof plat);
    if (hs_populate_platform(&plat) != HS_SUCCESS)
        return -1;
    const uint16_t probe = 1;
    cg_sha256_ctx c;
    cg_sha256_init(&c);
    hash_str(&c, "libchatguard compiled-database cache key");
    hash_u32(&c, CG_CACHE_FORMAT);
    hash_str(&c, CG_VERSION_STRING);
    hash_str(&c, hs_version());
    hash_u32(&c, plat.tune);
    hash_u64(&c, plat.cpu_features);
    hash_str(&c, CG_ARCH);
    hash_u32(&c, (uint32_t)sizeof(void *));
    hash_u32(&c, *(const uint8_t *)&probe); /* byte order */
    hash_u32(&c, HS_MODE_BLOCK);
    hash_u32(&c, CG_VIEW_COUNT);
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        hash_u64(&c, in[v].n);
        for (size_t i = 0; i < in[v].n; i++) {
            uint8_t rec[CG_CACHE_PAT_SIZE];
            hash_str(&c, in[v].exprs[i]);
            hash_u32(&c, in[v].flags[i]);
            hash_u32(&c, in[v].ids[i]);
            put_pattern(rec, &in[v].pats[i]);
            cg_sha256_update(&c, rec, sizeof rec);
        }
    }
    cg_sha256_final(&c, key);
    return 0;
}

/* ---- encoding ------------------------------------------------------------------------------------------ */
int cg_cache_encode(const uint8_t key[CG_SHA256_LEN], const cg_view_db views[CG_VIEW_COUNT], uint8_t **out,
                    size_t *len)
{
    *out = NULL;
    *len = 0;
    char *ser[CG_VIEW_COUNT] = {NULL};
    size_t ser_len[CG_VIEW_COUNT] = {0};
    size_t total = CG_CACHE_HEADER_LEN + CG_SHA256_LEN;
    int rc = -1;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        if (views[v].db && hs_serialize_database(views[v].db, &ser[v], &ser_len[v]) != HS_SUCCESS)
            goto done;
        total += views[v].n_pats * CG_CACHE_PAT_SIZE + ser_len[v];
    }
    uint8_t *b = malloc(total);
    if (!b)
        goto done;
    memcpy(b, CG_CACHE_MAGIC, 8);
    put32(b + 8, CG_CACHE_FORMAT);
    put32(b + 12, CG_CACHE_HEADER_LEN);
    memcpy(b + 16, key, CG_SHA256_LEN);
    put32(b + 48, CG_VIEW_COUNT);
    put32(b + 52, CG_CACHE_PAT_SIZE);
    size_t off = CG_CACHE_HEADER_LEN;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        uint8_t *rec = b + 56 + CG_CACHE_VIEW_REC * (size_t)v;
        put32(rec, (uint32_t)views[v].n_pats);
        put32(rec + 4, 0);
        put64(rec + 8, ser_len[v]);
        for (size_t i = 0; i < views[v].n_pats; i++, off += CG_CACHE_PAT_SIZE)
            put_pattern(b + off, &views[v].pats[i]);
        if (ser_len[v])
            memcpy(b + off, ser[v], ser_len[v]);
        off += ser_len[v];
    }
    cg_sha256(b, off, b + off);
    *out = b;
    *len = total;
    rc = 0;
done:
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        free(ser[v]); /* hs_serialize_database allocates with the misc allocator: malloc */
    return rc;
}

/* ---- decoding ------------------------------------------------------------------------------------------ */
static void free_dbs(hs_database_t *dbs[CG_VIEW_COUNT])
{
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        hs_free_database(dbs[v]);
        dbs[v] = NULL;
    }
}

/* One view's serialized database: its version and mode are this Hyperscan's, it deserializes, its
 * description is the same after that, and scratch can be allocated for it. */
static int read_database(const uint8_t *p, size_t n, hs_database_t **db, char *why, size_t cap, const char *view)
{
    char *sinfo = NULL, *dinfo = NULL;
    hs_scratch_t *scratch = NULL;
    int rc = -1;
    if (hs_serialized_database_info((const char *)p, n, &sinfo) != HS_SUCCESS || !sinfo) {
        snprintf(why, cap, "Hyperscan cannot read the '%s' database", view);
        goto done;
    }
    /* "Version: 5.4.0 Features: AVX2 Mode: BLOCK" against hs_version() "5.4.0 2021-01-26" */
    const char *hv = hs_version();
    size_t vl = strcspn(hv, " ");
    if (strncmp(sinfo, "Version: ", 9) != 0 || strncmp(sinfo + 9, hv, vl) != 0 || sinfo[9 + vl] != ' ' ||
        !strstr(sinfo, "Mode: BLOCK")) {
        snprintf(why, cap, "the '%s' database is '%.80s', not Hyperscan %.*s block mode", view, sinfo, (int)vl, hv);
        goto done;
    }
    hs_error_t err = hs_deserialize_database((const char *)p, n, db);
    if (err != HS_SUCCESS) {
        *db = NULL;
        snprintf(why, cap, "Hyperscan rejected the '%s' database (error %d)", view, (int)err);
        goto done;
    }
    if (hs_database_info(*db, &dinfo) != HS_SUCCESS || !dinfo || strcmp(dinfo, sinfo) != 0 ||
        hs_alloc_scratch(*db, &scratch) != HS_SUCCESS) {
        snprintf(why, cap, "the '%s' database does not work after deserializing", view);
        hs_free_database(*db);
        *db = NULL;
        goto done;
    }
    rc = 0;
done:
    free(sinfo);
    free(dinfo);
    hs_free_scratch(scratch);
    return rc;
}

int cg_cache_decode(const uint8_t *b, size_t len, const uint8_t key[CG_SHA256_LEN],
                    const cg_hs_input in[CG_VIEW_COUNT], hs_database_t *dbs[CG_VIEW_COUNT], char *why, size_t cap)
{
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        dbs[v] = NULL;
    if (len == 0) {
        snprintf(why, cap, "empty file");
        return -1;
    }
    if (len < CG_CACHE_HEADER_LEN + CG_SHA256_LEN) {
        snprintf(why, cap, "truncated: %zu bytes, shorter than a header and checksum", len);
        return -1;
    }
    if (memcmp(b, CG_CACHE_MAGIC, 8) != 0) {
        snprintf(why, cap, "not a chatguard cache file (bad magic)");
        return -1;
    }
    if (get32(b + 8) != CG_CACHE_FORMAT) {
        snprintf(why, cap, "cache format %u, this library reads format %u", get32(b + 8), CG_CACHE_FORMAT);
        return -1;
    }
    if (get32(b + 12) != CG_CACHE_HEADER_LEN || get32(b + 48) != CG_VIEW_COUNT || get32(b + 52) != CG_CACHE_PAT_SIZE) {
        snprintf(why, cap, "header of another layout (length %u, %u views, %u-byte patterns)", get32(b + 12),
                 get32(b + 48), get32(b + 52));
        return -1;
    }
    /* The exact length the header announces, computed without overflow. */
    uint64_t total = CG_CACHE_HEADER_LEN + CG_SHA256_LEN;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        const uint8_t *rec = b + 56 + CG_CACHE_VIEW_REC * (size_t)v;
        uint64_t np = get32(rec), dl = get64(rec + 8);
        if (get32(rec + 4) != 0 || dl > CG_CACHE_MAX_BYTES || np > CG_CACHE_MAX_BYTES / CG_CACHE_PAT_SIZE) {
            snprintf(why, cap, "bad header entry for the '%s' view", cg_view_name((unsigned)v));
            return -1;
        }
        total += np * CG_CACHE_PAT_SIZE + dl; /* each term < 2^31, at most 4 of them */
    }
    if (len != total) {
        snprintf(why, cap, len < total ? "truncated: %zu of %llu bytes" : "%zu bytes, the header says %llu", len,
                 (unsigned long long)total);
        return -1;
    }
    uint8_t sum[CG_SHA256_LEN];
    cg_sha256(b, len - CG_SHA256_LEN, sum);
    if (memcmp(sum, b + len - CG_SHA256_LEN, CG_SHA256_LEN) != 0) {
        snprintf(why, cap, "checksum mismatch: the file is damaged");
        return -1;
    }
    if (memcmp(b + 16, key, CG_SHA256_LEN) != 0) {
        snprintf(why, cap, "key mismatch: written for other rules, another library or Hyperscan version, or another CPU");
        return -1;
    }
    size_t off = CG_CACHE_HEADER_LEN;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        const uint8_t *rec = b + 56 + CG_CACHE_VIEW_REC * (size_t)v;
        size_t np = get32(rec), dl = (size_t)get64(rec + 8);
        const char *name = cg_view_name((unsigned)v);
        /* The key covers the pattern tables, so these hold unless SHA-256 collides or this code is wrong:
         * checked anyway, as they decide which rule a match belongs to. */
        if (np != in[v].n || (np > 0) != (dl > 0)) {
            snprintf(why, cap, "the '%s' view has %zu patterns and %zu database bytes, expected %zu patterns", name,
                     np, dl, in[v].n);
            free_dbs(dbs);
            return -1;
        }
        for (size_t i = 0; i < np; i++, off += CG_CACHE_PAT_SIZE) {
            uint8_t want[CG_CACHE_PAT_SIZE];
            put_pattern(want, &in[v].pats[i]);
            if (memcmp(b + off, want, sizeof want) != 0) {
                snprintf(why, cap, "pattern %zu of the '%s' view differs", i, name);
                free_dbs(dbs);
                return -1;
            }
        }
        if (dl && read_database(b + off, dl, &dbs[v], why, cap, name) != 0) {
            free_dbs(dbs);
            return -1;
        }
        off += dl;
    }
    return 0;
}

/* ---- files --------------------------------------------------------------------------------------------- */
static void hex(const uint8_t *k, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++)
        out[2 * i] = d[k[i] >> 4], out[2 * i + 1] = d[k[i] & 15];
    out[2 * n] = 0;
}

/* dir/<prefix><hex key><suffix>, malloc'd. */
static char *cache_path(const char *dir, const uint8_t key[CG_SHA256_LEN], const char *prefix, const char *suffix)
{
    char name[2 * CG_SHA256_LEN + 64];
    char hk[2 * CG_SHA256_LEN + 1];
    hex(key, CG_SHA256_LEN, hk);
    snprintf(name, sizeof name, "%s%s%s", prefix, hk, suffix);
    return cg_path_join(dir, name);
}

/* Read a regular file of at most CG_CACHE_MAX_BYTES. Returns 0, 1 if there is none, -1 with why. */
static int read_file(const char *path, uint8_t **out, size_t *len, char *why, size_t cap)
{
    *out = NULL;
    *len = 0;
    /* O_NONBLOCK: a FIFO or device in its place must not stall the load */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        snprintf(why, cap, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) != 0) {
        snprintf(why, cap, "cannot stat: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, cap, "not a regular file");
        goto done;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > CG_CACHE_MAX_BYTES) {
        snprintf(why, cap, "%lld bytes, more than a cache file can be", (long long)st.st_size);
        goto done;
    }
    size_t n = (size_t)st.st_size, got = 0;
    uint8_t *b = malloc(n + 1);
    if (!b) {
        snprintf(why, cap, "out of memory reading it");
        goto done;
    }
    while (got < n) {
        ssize_t k = read(fd, b + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            snprintf(why, cap, "cannot read: %s", strerror(errno));
            free(b);
            goto done;
        }
        if (k == 0)
            break; /* shrank while being read: the decoder sees it truncated */
        got += (size_t)k;
    }
    *out = b;
    *len = got;
    rc = 0;
done:
    close(fd);
    return rc;
}

/* Write b[0..len) to path atomically: a temporary file beside it, written, fsync'd, renamed over path, and
 * the directory fsync'd so the rename survives a crash. Returns 0, or -1 with why (nothing left behind). */
static int write_file(const char *dir, const char *path, const uint8_t key[CG_SHA256_LEN], const uint8_t *b,
                      size_t len, char *why, size_t cap)
{
    char *tmp = cache_path(dir, key, ".chatguard-", ".tmp.XXXXXX");
    if (!tmp) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    int fd = mkstemp(tmp); /* mode 0600, a name no other writer has */
    if (fd < 0) {
        snprintf(why, cap, "cannot create a temporary file in %s: %s", dir, strerror(errno));
        free(tmp);
        return -1;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    const char *step = "write";
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, b + done, len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            goto fail;
        }
        done += (size_t)k;
    }
    step = "fsync";
    if (fsync(fd) != 0)
        goto fail;
    step = "close";
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    step = "rename";
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    /* The file is in place and complete; a directory that cannot be synced only weakens crash safety. */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) != 0) {
        int e = errno;
        if (dfd >= 0)
            close(dfd);
        if (e != EINVAL && e != EROFS) {
            snprintf(why, cap, "written, but the directory could not be synced: %s", strerror(e));
            return 1;
        }
        return 0;
    }
    close(dfd);
    return 0;
fail:;
    int err = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    snprintf(why, cap, "%s %s: %s", step, step[0] == 'r' ? path : tmp, strerror(err));
    free(tmp);
    return -1;
}

/* ---- the two calls compile.c makes ---------------------------------------------------------------------- */
int cg_cache_fetch(cg_engine *e, const cg_hs_input in[CG_VIEW_COUNT], hs_database_t *dbs[CG_VIEW_COUNT])
{
    cg_cache_note *c = &e->cache;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        dbs[v] = NULL;
    c->keyed = 0;
    if (!e->cache_dir) {
        c->status = CG_CACHE_OFF;
        snprintf(c->detail, sizeof c->detail, "off: no cache_dir");
        return 0;
    }
    if (cg_cache_key(in, c->key) != 0) {
        c->status = CG_CACHE_FAILED;
        snprintf(c->detail, sizeof c->detail, "not used: Hyperscan cannot describe this platform");
        return 0;
    }
    c->keyed = 1;
    c->status = CG_CACHE_FAILED; /* until cg_cache_store() writes the file */
    char *path = cache_path(e->cache_dir, c->key, "chatguard-", ".hsdb");
    if (!path) {
        snprintf(c->detail, sizeof c->detail, "not used: out of memory");
        return 0;
    }
    uint8_t *b;
    size_t len;
    char why[400] = "";
    int rc = read_file(path, &b, &len, why, sizeof why);
    if (rc == 0) {
        rc = cg_cache_decode(b, len, c->key, in, dbs, why, sizeof why);
        free(b);
        if (rc == 0) {
            c->status = CG_CACHE_HIT;
            snprintf(c->detail, sizeof c->detail, "hit: %s", path);
            free(path);
            return 1;
        }
    }
    if (rc == 1)
        snprintf(c->detail, sizeof c->detail, "no cache file %s", path);
    else
        snprintf(c->detail, sizeof c->detail, "ignored %s (%s)", path, why);
    free(path);
    return 0;
}

void cg_cache_store(cg_engine *e)
{
    cg_cache_note *c = &e->cache;
    if (!e->cache_dir || !c->keyed || c->status == CG_CACHE_HIT)
        return;
    size_t dl = strlen(c->detail);
    char *tail = c->detail + dl;
    size_t room = sizeof c->detail - dl;
    uint8_t *b;
    size_t len;
    if (cg_cache_encode(c->key, e->views, &b, &len) != 0) {
        c->status = CG_CACHE_FAILED;
        snprintf(tail, room, "; compiled, not written: cannot serialize the databases");
        return;
    }
    char *path = cache_path(e->cache_dir, c->key, "chatguard-", ".hsdb");
    char why[400] = "";
    int rc = path ? write_file(e->cache_dir, path, c->key, b, len, why, sizeof why) : -1;
    if (!path)
        snprintf(why, sizeof why, "out of memory");
    free(b);
    free(path);
    c->status = rc >= 0 ? CG_CACHE_WRITTEN : CG_CACHE_FAILED;
    if (rc == 0)
        snprintf(tail, room, "; compiled and written");
    else if (rc > 0)
        snprintf(tail, room, "; compiled and %s", why);
    else
        snprintf(tail, room, "; compiled, not written: %s", why);
}

cg_cache_status cg_engine_cache_status(const cg_engine *e, const char **detail)
{
    if (detail)
        *detail = e ? e->cache.detail : "";
    return e ? e->cache.status : CG_CACHE_OFF;
}
