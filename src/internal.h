/*
 * internal.h — types shared by the stages of libchatguard. Not installed.
 *
 * Data path: bytes → normalized views (normalize/) → Hyperscan per view (scan/scan.c) → PCRE2
 * confirmation and validators (scan/confirm.c, scan/validate.c) → policy (policy/score.c) → verdict.
 */
#ifndef CG_INTERNAL_H
#define CG_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <hs.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "chatguard.h"

#define CG_LOCAL __attribute__((visibility("hidden")))

/* ---------------------------------------------------------------------------------------------------
 * The internal alphabet: one byte per character.
 *
 * Views are not UTF-8. Every character of a view is one byte: ASCII as itself (case-folded), the 32
 * Russian lower-case letters at their CP1251 positions (а = 0xE0 … я = 0xFF; ё is folded into е), and
 * three class bytes for everything else. Hyperscan then scans bytes without HS_FLAG_UTF8 (faster, and
 * bounded repeats do not explode), a character class such as [а-я] is one byte range, and word
 * boundaries are a table look-up. Rule patterns are written in UTF-8 and translated at load time.
 * ------------------------------------------------------------------------------------------------- */
#define CG_CH_OTHER_LETTER 0x80u /* a letter or digit of another script (word character) */
#define CG_CH_SYMBOL 0x81u       /* punctuation or symbol outside ASCII, U+FFFD for invalid bytes */
#define CG_CH_EMOJI 0x82u        /* pictographs and other So symbols */
#define CG_CH_CYR_FIRST 0xE0u    /* а */
#define CG_CH_CYR_LAST 0xFFu     /* я */

/* Character classes of the internal alphabet, for boundaries and token logic. */
#define CG_CLS_WORD 0x1u   /* letter, digit or underscore */
#define CG_CLS_DIGIT 0x2u  /* 0-9 */
#define CG_CLS_ALPHA 0x4u  /* letter of any script */
#define CG_CLS_CYR 0x8u    /* Russian letter */
#define CG_CLS_LATIN 0x10u /* a-z */
#define CG_CLS_SPACE 0x20u /* space, tab, newline */
CG_LOCAL extern const uint8_t cg_char_class[256];

/* Fold one code point into the internal alphabet. Writes up to CG_FOLD_MAX bytes to out and returns
 * how many (0 = the character vanishes: zero-width, format, variation selector, keycap...). A combining
 * mark returns CG_FOLD_COMBINING: the caller attaches it to the previous character. */
#define CG_FOLD_MAX 18
#define CG_FOLD_COMBINING (-1)
CG_LOCAL int cg_fold_codepoint(int32_t cp, uint8_t *out);
/* Decode one UTF-8 character at s (n bytes available). Returns its length (1..4) and stores the code
 * point, or returns 1 and stores -1 for an invalid byte (overlong, surrogate, truncated, > U+10FFFF). */
CG_LOCAL size_t cg_utf8_decode(const uint8_t *s, size_t n, int32_t *cp);
/* The UTF-8 encoding of one internal-alphabet byte (for printing views); returns its length. */
CG_LOCAL size_t cg_alpha_to_utf8(uint8_t b, char out[4]);

/* ---------------------------------------------------------------------------------------------------
 * Views: the normalized texts rules scan, each with a map back to the original bytes.
 * ------------------------------------------------------------------------------------------------- */
typedef enum cg_view_id {
    CG_VIEW_TEXT = 0, /* folded text: NFKC, case folded, ё→е, invisible characters removed, whitespace
                         runs collapsed, homoglyphs folded to the script of their token */
    CG_VIEW_DIGITS,   /* text with the separators inside digit runs removed ("8 (916) 123-45-67" →
                         "89161234567") */
    CG_VIEW_CONTACT,  /* text with spelled "@" and "." restored ("собака" → "@", "точка" → ".") and the
                         spaces around them removed */
    CG_VIEW_LETTERS,  /* words for мат: letter-spaced words joined, masks as '*', digits inside Russian
                         words as letters, repeated letters collapsed */
    CG_VIEW_COUNT
} cg_view_id;

CG_LOCAL int cg_view_from_name(const char *name, size_t len);

typedef struct cg_view {
    uint8_t *b;     /* the characters, one byte each; b[len] == 0 */
    uint32_t *os;   /* os[i]: offset in the original text where character i starts */
    uint32_t *oe;   /* oe[i]: offset in the original text where character i ends */
    size_t len, cap;
} cg_view;

/* Grow a view to hold at least `need` characters. Returns 0 or -1 on allocation failure. */
CG_LOCAL int cg_view_reserve(cg_view *v, size_t need);
/* Append one character (capacity must have been reserved). */
static inline void cg_view_put(cg_view *v, uint8_t c, uint32_t os, uint32_t oe)
{
    v->b[v->len] = c;
    v->os[v->len] = os;
    v->oe[v->len] = oe;
    v->len++;
}
/* Append from[a, b) to v as it is, with its offsets (capacity reserved): the derived views copy most of
 * the text view in runs like this. */
static inline void cg_view_put_run(cg_view *v, const cg_view *from, size_t a, size_t b)
{
    memcpy(v->b + v->len, from->b + a, b - a);
    memcpy(v->os + v->len, from->os + a, (b - a) * sizeof *from->os);
    memcpy(v->oe + v->len, from->oe + a, (b - a) * sizeof *from->oe);
    v->len += b - a;
}
CG_LOCAL void cg_view_free(cg_view *v);

typedef struct cg_views {
    cg_view v[CG_VIEW_COUNT];
    cg_view tmp; /* an intermediate step of the digits view */
    uint32_t flags; /* CG_FLAG_INVALID_UTF8, CG_FLAG_NUL_BYTE */
} cg_views;

/* Build every view of text[0..len). Returns CG_OK, CG_E_NOMEM or CG_E_INVALID_UTF8 (strict only). */
CG_LOCAL int cg_normalize(cg_views *views, const char *text, size_t len, int strict_utf8);
/* The single steps, exposed for tests and for the pattern translator. */
CG_LOCAL int cg_build_text_view(cg_view *out, const uint8_t *text, size_t len, int strict, uint32_t *flags);
CG_LOCAL void cg_fold_homoglyphs(cg_view *v);
CG_LOCAL int cg_build_digits_view(cg_view *out, cg_view *tmp, const cg_view *text);
CG_LOCAL int cg_build_contact_view(cg_view *out, cg_view *tmp, const cg_view *text);
CG_LOCAL int cg_build_letters_view(cg_view *out, cg_view *tmp, const cg_view *text);
/* Consistency of the quick filters of the contact and digits views with their word tables (for the
 * tests): 0 if they agree. */
CG_LOCAL int cg_contact_selfcheck(void);
CG_LOCAL int cg_digits_selfcheck(void);

/* ---------------------------------------------------------------------------------------------------
 * Diagnostics (util/diag.c)
 * ------------------------------------------------------------------------------------------------- */
CG_LOCAL cg_diagnostics *cg_diag_new(void);
/* Append a diagnostic; printf-style message. Silently drops it if memory runs out (the load still
 * fails: the caller counts errors itself). */
CG_LOCAL void cg_diag_add(cg_diagnostics *d, const char *file, unsigned line, unsigned col, const char *rule,
                          const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---------------------------------------------------------------------------------------------------
 * Rules (rules/)
 * ------------------------------------------------------------------------------------------------- */
#define CG_BOUND_NONE 0u
#define CG_BOUND_LEFT 1u         /* no word character immediately before the match */
#define CG_BOUND_RIGHT 2u        /* no word character immediately after */
#define CG_BOUND_NUM_LEFT 4u     /* no digit (or '+') immediately before */
#define CG_BOUND_NUM_RIGHT 8u    /* no digit immediately after */
#define CG_BOUND_HOST_LEFT 16u    /* no word character, '@', '.' or '-' immediately before (a host starts) */
#define CG_BOUND_HOST_RIGHT 32u   /* no word character, '@' or '-' immediately after (a host ends) */
#define CG_BOUND_WORD (CG_BOUND_LEFT | CG_BOUND_RIGHT)
#define CG_BOUND_HOST (CG_BOUND_HOST_LEFT | CG_BOUND_HOST_RIGHT)
#define CG_BOUND_NUMBER (CG_BOUND_NUM_LEFT | CG_BOUND_NUM_RIGHT)

typedef enum cg_match_kind {
    CG_MATCH_FIXED = 0, /* Hyperscan exact, fixed width: the span is [end - width, end) */
    CG_MATCH_CONFIRM,   /* Hyperscan exact or prefilter: PCRE2 finds the spans on the view */
    CG_MATCH_LEXICON    /* a lexicon entry: a literal with per-entry boundaries */
} cg_match_kind;

typedef struct cg_lex_entry {
    uint32_t rule;     /* index of the rule that owns the lexicon */
    uint16_t len;      /* bytes in the internal alphabet */
    uint8_t bounds;    /* CG_BOUND_LEFT / CG_BOUND_RIGHT as written (word*, *word, word, *word*) */
    uint8_t pad;
} cg_lex_entry;

/* What a translated pattern can consume, from its text (compile/analyze.c). Sets are bit sets over the
 * 256 bytes of the alphabet. Conservative: when `known` is 0 nothing may be assumed; otherwise `bytes`
 * holds at least every byte a match span can contain (look-around contents are not part of the span),
 * every match contains at least one byte of `req` (when has_req) and one of the adjacent byte pairs,
 * and every match is min_width .. max_width bytes wide. */
#define CG_WIDTH_INF UINT32_MAX
#define CG_MAX_PAIRS 4
typedef struct cg_byte_pair {
    uint8_t a[32], b[32];
} cg_byte_pair;
typedef struct cg_shape {
    uint8_t bytes[32];
    uint8_t req[32];
    uint32_t min_width, max_width; /* max_width CG_WIDTH_INF: unbounded */
    float req_weight;   /* how common the `req` bytes are in chat text (a rough guess: ~1 for '@') */
    cg_byte_pair pairs[CG_MAX_PAIRS]; /* every match holds a byte of some pairs[k].a right before a byte of
                                         pairs[k].b (when n_pairs) */
    uint8_t n_pairs;
    uint8_t known;
    uint8_t has_req;
    uint8_t anchored;   /* ^ $ \A \z \Z \G \b \B: whether it matches depends on bytes around the span */
    uint8_t lookaround; /* look-arounds (Hyperscan runs such a pattern in prefilter mode, without them) */
} cg_shape;
/* Analyze a translated pattern (0), or give up (-1, shape unknown). */
CG_LOCAL int cg_analyze_pattern(const char *pat, size_t len, cg_shape *out);
/* The shape of a literal: its bytes, its rarest byte as the required one, its length as the width. */
CG_LOCAL void cg_shape_literal(const uint8_t *w, size_t len, cg_shape *out);
static inline int cg_shape_has(const uint8_t *set, unsigned b) { return (set[b >> 3] >> (b & 7)) & 1; }

/* A word pattern from a lexicon-style file: "слово", "слов*", "*слово", "*слов*". Used for lexicon
 * exceptions ("!застрах*" keeps "застрахуйте" clean) and for context words. */
typedef struct cg_wordpat {
    uint8_t *word;      /* internal alphabet */
    uint16_t len;
    uint8_t anchored_start, anchored_end; /* no '*' before / after */
} cg_wordpat;

/* Does the word w[0..n) match p? */
CG_LOCAL int cg_wordpat_match(const cg_wordpat *p, const uint8_t *w, size_t n);

/* A set of context words and how far from a hit they are looked for. */
typedef struct cg_context_words {
    cg_wordpat *pats;
    size_t n;
    unsigned before, after; /* how many words before and after the hit are looked at */
    /* An index (compile.c): pats reordered so the patterns anchored at the word start come first, by
     * first byte; those with first byte c are [by_first[c], by_first[c + 1]), the rest [by_first[256], n).
     * NULL: no index, every pattern is tried. */
    uint32_t *by_first;
} cg_context_words;
/* Index the patterns of cw by first byte (reorders cw->pats). Returns 0 or -1 (no memory: no index). */
CG_LOCAL int cg_context_index(cg_context_words *cw);

/* Where a {{list}} expansion stands in a rule's expanded pattern and in the pattern as written
 * (1-based character columns; end is one past). */
typedef struct cg_list_span {
    unsigned out_col, out_end, src_col, src_end;
} cg_list_span;

typedef struct cg_rule {
    char *id;             /* "category.name" */
    cg_category category;
    int severity;         /* 1..5 */
    int view;             /* cg_view_id */
    unsigned bounds;      /* CG_BOUND_* */
    int validator;        /* index into cg_validators, or -1 */
    char *file;           /* where the rule was defined */
    unsigned line;
    /* regex rules */
    char *pattern;        /* UTF-8 after {{list}} expansion; translated when compiled */
    unsigned pattern_line, pattern_col; /* where the pattern was written, for diagnostics */
    cg_list_span *list_spans; /* the {{list}} expansions in `pattern`, in order */
    size_t n_list_spans;
    pcre2_code *re;       /* PCRE2 code (JIT compiled when possible) */
    cg_match_kind kind;
    unsigned width;       /* CG_MATCH_FIXED only */
    cg_shape shape;       /* what a match can consume (known = 0 when the analysis gave up) */
    int all_ends;         /* confirm kind: Hyperscan reports every match end, so PCRE2 runs only near them */
    /* lexicon rules */
    char *lexicon;        /* path of the lexicon file, NULL for regex rules */
    cg_wordpat *exceptions;
    size_t n_exceptions;
    /* context: a hit stands only with one of these words near it (or a `follow` character right after
     * it), and never with one of the `not` words near it */
    cg_context_words context, not_context;
    char *context_follow;
    uint16_t hit_groups[4]; /* PCRE2 numbers of the groups named "hit" (the first set one is reported) */
    unsigned n_hit_groups;
    int span_word;        /* report the whole word(s) the match lies in ("span = word") */
    unsigned roles;       /* bit (1 << cg_role) for each role the rule applies to ("role = seller") */
    unsigned channels;    /* bit (1 << cg_channel) for each channel ("channel = chat") */
    /* examples for `chatguard lint` */
    char **examples, **counterexamples;
    unsigned *example_lines, *counterexample_lines;
    size_t n_examples, n_counterexamples;
} cg_rule;

/* One Hyperscan pattern id in a view database. */
typedef struct cg_pattern {
    uint32_t rule;
    uint8_t kind;     /* cg_match_kind */
    uint8_t bounds;   /* lexicon entries: their own bounds; regexes: the rule's */
    uint16_t width;   /* fixed width or lexicon entry length */
    uint8_t all_ends; /* confirm kind without HS_FLAG_SINGLEMATCH: every end is reported and recorded */
} cg_pattern;

/* Which bytes of a view its database has to see (compile.c builds it from the patterns' shapes, scan.c
 * follows it). Only for databases whose patterns Hyperscan runs exactly (no prefilter approximation) and
 * that the analysis understood, so a skipped byte is one no reported match could have covered. */
typedef enum cg_scan_plan {
    CG_PLAN_FULL = 0, /* scan the whole view */
    CG_PLAN_REQUIRED, /* every match holds a byte of class CG_SCAN_REQ: no such byte, no scan */
    CG_PLAN_RUNS      /* no anchors either: a match lies in a run of CG_SCAN_SPAN bytes at least
                         min_width long holding a CG_SCAN_REQ byte; only such runs are scanned */
} cg_scan_plan;
#define CG_SCAN_SPAN 1u /* scan_class bits */
#define CG_SCAN_REQ 2u

typedef struct cg_view_db {
    hs_database_t *db;
    cg_pattern *pats;
    size_t n_pats;
    cg_scan_plan plan;
    uint8_t scan_class[256];
    uint32_t min_width;
    /* the CG_SCAN_REQ bytes as at most 4 ranges, for a vector search (n_req_ranges 0: too many) */
    uint8_t req_lo[4], req_hi[4];
    unsigned n_req_ranges;
    /* Adjacent pairs one of which every match holds (n_pairs 0: none known): bit k of pair_a[x] and of
     * pair_b[y] set means x followed by y is pair k. */
    uint8_t pair_a[256], pair_b[256];
    unsigned n_pairs;
} cg_view_db;

/* ---------------------------------------------------------------------------------------------------
 * Profiles (policy/profile.c)
 * ------------------------------------------------------------------------------------------------- */
#define CG_MAX_LADDER 6
typedef struct cg_policy {
    uint8_t action;                    /* cg_action */
    uint8_t n_steps;                   /* escalation ladder length (>= 1) */
    uint8_t steps[CG_MAX_LADDER];      /* cg_sanction for prior_violations = 0, 1, ... (last repeats) */
    long fine_rub;                     /* for steps that are CG_SANCTION_FINE */
} cg_policy;

typedef struct cg_profile {
    char *name;
    char *file;
    cg_policy cell[CG_CAT_COUNT][CG_ROLE_COUNT][CG_CHANNEL_COUNT];
    char **allowed_domains; /* internal alphabet, lower case */
    size_t n_allowed_domains;
    uint32_t mask_categories; /* categories whose spans the masked text hides (when their action >= mask) */
    cg_wordpat *own_names;    /* the marketplace's own names ("marketplace_names"): not another marketplace */
    size_t n_own_names;
} cg_profile;

CG_LOCAL int cg_profile_load(cg_profile *p, const char *path, const char *name, cg_diagnostics *diag);
CG_LOCAL void cg_profile_free(cg_profile *p);

/* ---------------------------------------------------------------------------------------------------
 * Engine
 * ------------------------------------------------------------------------------------------------- */
/* A list file: one item per line in the internal alphabet ('#' comments dropped). */
typedef struct cg_list {
    char **items;
    size_t n;
} cg_list;
CG_LOCAL void cg_list_free(cg_list *l);
/* Is `key` (NUL-terminated) in the sorted list? */
CG_LOCAL int cg_list_has(const cg_list *l, const char *key);
/* What the compiled-database cache did for this engine (compile/cache.c, cg_engine_cache_status()). */
typedef struct cg_cache_note {
    cg_cache_status status;
    int keyed;                 /* key is set: the databases' inputs were hashed */
    uint8_t key[32];           /* SHA-256 of the databases' inputs (compile/cache.h) */
    char detail[640];          /* what happened, and why a cache file was not used */
} cg_cache_note;
struct cg_engine {
    atomic_uint refs;
    cg_rule *rules;
    size_t n_rules;
    cg_view_db views[CG_VIEW_COUNT];
    cg_profile profile;
    pcre2_match_context *mctx; /* match limits; read-only during matching, so shareable */
    cg_options opts;
    char *mask_text;
    size_t max_captures;       /* largest capture count of any rule + 1 */
    cg_list tlds;              /* lists/tlds.txt, sorted (validator "domain") */
    cg_list brands;            /* lists/brands.txt: "brand official.domain ..." lines (validator "lookalike_domain") */
    cg_list bait;              /* lists/phishing_bait.txt: words phishing hosts add to a short brand */
    char *cache_dir;           /* opts.cache_dir (owned copy), NULL: no compiled-database cache */
    cg_cache_note cache;
};

/* Load the lists the rules' validators need. Returns the number of errors. */
CG_LOCAL size_t cg_load_lists(cg_engine *e, const char *rules_dir, cg_diagnostics *diag);

/* ---------------------------------------------------------------------------------------------------
 * Scanner (scan/)
 * ------------------------------------------------------------------------------------------------- */
typedef struct cg_raw_match {
    uint32_t pat;  /* pattern id in its view database */
    uint32_t end;  /* end offset in the view */
} cg_raw_match;

typedef struct cg_raw_list {
    cg_raw_match *m;
    size_t n, cap;
    int truncated;
} cg_raw_list;

/* Every end Hyperscan reported for a confirm-kind rule with all_ends, in report order. */
typedef struct cg_end {
    uint32_t rule, end;
    uint32_t lo; /* confirm.c: the earliest offset a match ending at `end` can start at */
} cg_end;

/* Counters of the scan path, for `make bench-scanstats` (bench/scanstats.c) only: compiled in with
 * -DCG_SCAN_STATS, so the shipped library neither pays for them nor carries them. They live in the
 * scanner (per thread), never in globals. */
#ifdef CG_SCAN_STATS
typedef struct cg_scan_stats {
    unsigned long messages;
    unsigned long hs_scans[CG_VIEW_COUNT];   /* hs_scan calls per view */
    unsigned long hs_bytes[CG_VIEW_COUNT];   /* bytes handed to them */
    unsigned long raw[CG_VIEW_COUNT];        /* Hyperscan reports per view */
    unsigned long *rule_confirms;            /* per rule: messages whose rule went to PCRE2 */
    unsigned long *rule_pcre2;               /* per rule: pcre2_match calls */
    unsigned long *rule_pcre2_span;          /* per rule: view bytes from start offset to the end, summed */
    size_t n_rules;
} cg_scan_stats;
#define CG_STAT(stmt) do { stmt; } while (0)
#else
#define CG_STAT(stmt) ((void)0)
#endif

struct cg_scanner {
    const cg_engine *engine; /* the engine the scratch and tables are sized for (a reference is held) */
    hs_scratch_t *scratch;
    pcre2_match_data *md;
    pcre2_match_context *mctx; /* the engine's limits plus this scan's offset limit (confirm.c) */
    cg_views views;
    cg_raw_list raw;
    uint8_t *pending;        /* per rule: a confirm-kind hit was reported in this message */
    size_t pending_cap;
    uint32_t *pending_list;  /* the rules set in `pending`, in the order they were set */
    size_t n_pending;
    cg_end *ends, *rule_ends; /* confirm-kind ends as reported; one rule's, for its confirmation */
    size_t n_ends, ends_cap, rule_ends_cap;
    int ends_incomplete;     /* a scan stopped early or `ends` overflowed: the ends cannot be relied on */
    cg_hit *hits;
    size_t n_hits, hits_cap;
    char *masked;
    size_t masked_cap;
    cg_role role;            /* the sender of the message being checked */
    cg_channel channel;      /* where it is sent */
    /* cg_check_batch storage */
    cg_batch_item *bitems;
    size_t bitems_cap;
    cg_hit *bhits;
    size_t bhits_n, bhits_cap;
    char *bmasked;
    size_t bmasked_n, bmasked_cap;
    /* conversation mode (conversation/) */
    cg_part *parts;
    size_t n_parts, parts_cap;
    struct cg_conv_scratch *conv; /* joined texts and candidates; NULL until the first conversation check */
#ifdef CG_SCAN_STATS
    cg_scan_stats stats;
#endif
};

/* cg_check_message() without the scoring: arguments checked, scanner prepared, views built and hits found
 * (s->hits, s->views). Conversation mode adds its hits to these before cg_score(). */
CG_LOCAL int cg_check_hits(const cg_engine *e, cg_scanner *s, const char *text, size_t len, const cg_context *ctx);
CG_LOCAL void cg_conv_scratch_free(struct cg_conv_scratch *x);
CG_LOCAL size_t cg_conv_scratch_memory(const struct cg_conv_scratch *x);


/* The windows [w[k][0], w[k][1]) of view v that its database's scan plan scans (at most max stored);
 * returns how many there are. Exposed for the differential test. */
CG_LOCAL size_t cg_scan_windows(const cg_view_db *vdb, const cg_view *v, size_t (*w)[2], size_t max);
/* Scan every view with its database and turn the matches into hits (not yet scored). */
CG_LOCAL int cg_scan_views(const cg_engine *e, cg_scanner *s, const cg_context *ctx);
/* Add a hit for rule r on view span [vs, ve). Returns 0, or -1 on allocation failure. */
CG_LOCAL int cg_add_hit(cg_scanner *s, const cg_engine *e, uint32_t r, const cg_view *v, size_t vs, size_t ve);
/* Apply the rule's validator and context to a candidate span, and add the hit if it stands. */
CG_LOCAL int cg_accept_and_add(cg_scanner *s, const cg_engine *e, uint32_t r, const cg_view *v, size_t vs, size_t ve);
/* Run PCRE2 for a confirm-kind rule over its view; adds the hits it confirms. `ends` (ascending, may be
 * NULL when unknown) are all the ends Hyperscan reported for the rule: PCRE2 then searches only where a
 * match ending at one of them could start (their `lo` fields are scratch for that). */
CG_LOCAL int cg_confirm_rule(const cg_engine *e, cg_scanner *s, uint32_t r, cg_end *ends, size_t n_ends);
/* True if [vs, ve) of v satisfies the CG_BOUND_* flags. */
CG_LOCAL int cg_bounds_ok(const cg_view *v, size_t vs, size_t ve, unsigned bounds);

/* Validators: named checks a rule may require of its match ("validate = phone"). */
typedef int (*cg_validator_fn)(const cg_engine *e, const cg_view *v, size_t vs, size_t ve);
typedef struct cg_validator {
    const char *name;
    cg_validator_fn fn;
} cg_validator;
CG_LOCAL int cg_validator_find(const char *name, size_t len);
CG_LOCAL int cg_validate(int validator, const cg_engine *e, const cg_view *v, size_t vs, size_t ve);

/* Scoring: per-hit policy, aggregate verdict, masked text. */
CG_LOCAL int cg_score(const cg_engine *e, cg_scanner *s, const char *text, size_t len, const cg_context *ctx,
                      cg_result *res);

/* ---------------------------------------------------------------------------------------------------
 * Loading (rules/load.c, compile/compile.c)
 * ------------------------------------------------------------------------------------------------- */
typedef struct cg_lexicon_set {
    cg_lex_entry *entries;
    uint8_t **words;   /* entry bytes, parallel to entries */
    size_t n, cap;
} cg_lexicon_set;

typedef struct cg_ruleset {
    cg_rule *rules;
    size_t n, cap;
    cg_lexicon_set lex[CG_VIEW_COUNT];
    char *rules_dir;
} cg_ruleset;

/* Parse every *.rules file in dir (sorted by name) and the lexicons and lists they use. Returns the
 * number of errors added to diag. */
CG_LOCAL size_t cg_rules_parse_dir(cg_ruleset *rs, const char *dir, cg_diagnostics *diag);
CG_LOCAL void cg_ruleset_free(cg_ruleset *rs);
/* Compile the parsed rules into per-view Hyperscan databases and PCRE2 codes; moves the rules into e.
 * Every rule is compiled alone first (one diagnostic per bad rule); the databases are built only when
 * neither this nor the parse (prior_errors) found an error. Returns the number of errors added. */
CG_LOCAL size_t cg_compile_ruleset(cg_engine *e, cg_ruleset *rs, cg_diagnostics *diag, int jit, size_t prior_errors);
CG_LOCAL void cg_rule_free(cg_rule *r);
/* The column in the pattern as written of column col of the expanded pattern (inside an expansion: its "{{"). */
CG_LOCAL unsigned cg_rule_pattern_column(const cg_rule *r, unsigned col);

/* Translate a UTF-8 text (a pattern or a lexicon word) into the internal alphabet. For patterns,
 * `colmap` (may be NULL) receives for each output byte the 1-based column of the source character.
 * Returns 0, or the 1-based column of the first character that cannot be translated. */
CG_LOCAL unsigned cg_translate_pattern(const char *src, size_t len, int view, char **out, size_t *out_len,
                                       unsigned **colmap);
/* Turn the "(?<hit>" groups of a pattern into plain groups for Hyperscan (in place). */
CG_LOCAL void cg_strip_hit_names(char *pat);
CG_LOCAL int cg_translate_word(const char *src, size_t len, uint8_t **out, size_t *out_len);
/* The same for a word matched in view `view` (letters-view words are folded like that view). */
CG_LOCAL int cg_translate_word_for(const char *src, size_t len, int view, uint8_t **out, size_t *out_len);

/* ---------------------------------------------------------------------------------------------------
 * Small utilities (util/)
 * ------------------------------------------------------------------------------------------------- */
CG_LOCAL char *cg_strndup(const char *s, size_t n);
CG_LOCAL char *cg_strdup(const char *s);
CG_LOCAL char *cg_path_join(const char *a, const char *b);
/* Read a whole file; returns NULL with errno set on failure. *len excludes the added NUL. */
CG_LOCAL char *cg_read_file(const char *path, size_t *len);
/* Grow *p (an array of elem-size items with capacity *cap) to hold at least need items. */
CG_LOCAL int cg_grow(void **p, size_t *cap, size_t need, size_t elem);
/* Column (1-based, in code points) of byte offset off within line starting at line_start. */
CG_LOCAL unsigned cg_utf8_column(const char *line_start, size_t off);

#endif /* CG_INTERNAL_H */
