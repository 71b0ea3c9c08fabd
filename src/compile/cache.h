/*
 * cache.h — the compiled-database cache (cg_options.cache_dir). Not installed.
 *
 * What is cached is exactly the output of the hs_compile_ext_multi calls of a load: for each view, the
 * serialized Hyperscan database of its patterns. The key is a SHA-256 over exactly their input — every
 * expression after translation into the internal alphabet, its flags and id, the pattern table that maps
 * ids back to rules — plus the cache format, the library version, hs_version(), the CPU features and tuning
 * of hs_populate_platform(), the architecture and the compile mode. Anything that changes what Hyperscan
 * would be asked to compile (a rule, a lexicon word, the alphabet or the normalizer that folds lexicon words,
 * the translator, the per-rule compile decisions) therefore changes the key by construction, without a
 * version number someone must remember to bump; comments and rule examples do not. Everything else the
 * engine holds (rules, PCRE2 codes, kinds and widths, scan plans, the profile, the validators' lists) is rebuilt at
 * every load, cache or not, so a hit gives the same engine as a fresh build.
 *
 * The file, <cache_dir>/chatguard-<hex key>.hsdb, all integers little-endian:
 *
 *     off  size
 *       0     8  magic "CGHSDB\r\n"
 *       8     4  format version (CG_CACHE_FORMAT)
 *      12     4  header length (CG_CACHE_HEADER_LEN)
 *      16    32  key
 *      48     4  number of views (CG_VIEW_COUNT)
 *      52     4  bytes per pattern record (12)
 *      56  16*V  per view: u32 patterns, u32 0, u64 bytes of its serialized database (0 = no database)
 *              then per view: its pattern records (u32 rule, u8 kind, u8 bounds, u16 width, u8 all_ends,
 *              3 bytes 0), then its serialized database
 *   len-32   32  SHA-256 of every byte before it
 *
 * A file is used only if every field is one this library writes, its length is exact, the checksum and the
 * key match, the pattern tables equal the ones just built, and Hyperscan reads, deserializes and allocates
 * scratch for every database. Anything else is ignored (the reason is kept for cg_engine_cache_status())
 * and the databases are compiled and the file rewritten: through a temporary file in the same directory,
 * fsync'd, renamed over the old one, and the directory fsync'd.
 */
#ifndef CG_CACHE_H
#define CG_CACHE_H

#include "../internal.h"

/* ---- SHA-256 (util/sha256.c) ------------------------------------------------------------------------ */
#define CG_SHA256_LEN 32
typedef struct cg_sha256_ctx {
    uint32_t h[8];
    uint64_t len;
    uint8_t buf[64];
    size_t n;
} cg_sha256_ctx;
CG_LOCAL void cg_sha256_init(cg_sha256_ctx *c);
CG_LOCAL void cg_sha256_update(cg_sha256_ctx *c, const void *data, size_t len);
CG_LOCAL void cg_sha256_final(cg_sha256_ctx *c, uint8_t out[CG_SHA256_LEN]);
CG_LOCAL void cg_sha256(const void *data, size_t len, uint8_t out[CG_SHA256_LEN]);

/* ---- the file format -------------------------------------------------------------------------------- */
#define CG_CACHE_MAGIC "CGHSDB\r\n"
#define CG_CACHE_FORMAT 1u
#define CG_CACHE_PAT_SIZE 12u
#define CG_CACHE_VIEW_REC 16u
#define CG_CACHE_HEADER_LEN (56u + CG_CACHE_VIEW_REC * CG_VIEW_COUNT)
#define CG_CACHE_MAX_BYTES ((size_t)1 << 30) /* a larger file is not read (databases are ~1 MiB) */

/* The input of one view's hs_compile_ext_multi: n expressions with their flags and ids, and the pattern
 * table the engine keeps for the view. */
typedef struct cg_hs_input {
    const char *const *exprs;
    const unsigned *flags;
    const unsigned *ids;
    const cg_pattern *pats;
    size_t n;
} cg_hs_input;

/* ---- what compile.c calls ---------------------------------------------------------------------------- */
/* Look for the databases of in[] in e->cache_dir. Returns 1 with dbs[v] set for every view with patterns
 * (NULL for the others) when the cache file is valid for exactly these inputs; else 0 with every dbs[v]
 * NULL, and e->cache says why. With no cache_dir, returns 0 at once (status CG_CACHE_OFF). */
CG_LOCAL int cg_cache_fetch(cg_engine *e, const cg_hs_input in[CG_VIEW_COUNT], hs_database_t *dbs[CG_VIEW_COUNT]);
/* After a miss and a successful compile into e->views: write the cache file. Never fails the load; the
 * outcome is in e->cache (CG_CACHE_WRITTEN or CG_CACHE_FAILED). Does nothing after a hit or without a
 * cache_dir. */
CG_LOCAL void cg_cache_store(cg_engine *e);

/* ---- the pieces, for the tests and the fuzzer -------------------------------------------------------- */
/* The key of in[] on this library, Hyperscan and CPU. Returns 0, or -1 if the platform cannot be read. */
CG_LOCAL int cg_cache_key(const cg_hs_input in[CG_VIEW_COUNT], uint8_t key[CG_SHA256_LEN]);
/* The file's bytes for key and the databases and pattern tables of views[] (malloc'd into *out). Returns 0,
 * or -1 when memory runs out or Hyperscan cannot serialize a database. */
CG_LOCAL int cg_cache_encode(const uint8_t key[CG_SHA256_LEN], const cg_view_db views[CG_VIEW_COUNT], uint8_t **out,
                             size_t *len);
/* Check b[0..len) against key and in[] and deserialize its databases into dbs[] (0), or say in why[0..cap)
 * why it cannot be used (-1, every dbs[v] NULL). Reads nothing outside b, whatever the bytes. */
CG_LOCAL int cg_cache_decode(const uint8_t *b, size_t len, const uint8_t key[CG_SHA256_LEN],
                             const cg_hs_input in[CG_VIEW_COUNT], hs_database_t *dbs[CG_VIEW_COUNT], char *why,
                             size_t cap);

#endif /* CG_CACHE_H */
