/*
 * chatguard.h — libchatguard public API.
 *
 * libchatguard checks a marketplace chat message (Russian, UTF-8) for contacts, off-platform luring,
 * personal-data requests, мат, insults and the other categories of the marketplace rules, and maps what
 * it finds to the action and sanction a marketplace profile prescribes. One call per message:
 *
 *     cg_engine  *engine;  cg_diagnostics *diag;
 *     cg_engine_load(NULL, "wb", NULL, &engine, &diag);      // rules dir NULL = installed rules
 *     cg_scanner *scanner; cg_scanner_new(&scanner);          // one per thread
 *     cg_context ctx = CG_CONTEXT_INIT;                       // seller, chat, no prior violations
 *     cg_result res;
 *     cg_check_message(engine, scanner, text, len, &ctx, &res);
 *     // res.action, res.sanction, res.fine_rub, res.hits[0..n_hits)
 *
 * The model is Hyperscan's: a compile-time object that is immutable and shared, and run-time state that
 * each thread owns.
 *
 *  - cg_engine is the compiled rule set plus the selected profile. It is immutable after cg_engine_load()
 *    returns, reference counted, and safe to use from any number of threads at once.
 *  - cg_scanner is the per-thread state: Hyperscan scratch, PCRE2 match data, the normalized views of the
 *    current message and the storage the result points into. A scanner may be used with any engine, but
 *    by one thread at a time.
 *
 * Ownership: every pointer inside a cg_result (hits, rule ids, masked text) points into memory owned by
 * the scanner or by the engine. It stays valid until the next check on the same scanner, or until the
 * scanner is freed or the engine released, whichever comes first. The library never keeps a pointer to
 * the caller's text after a call returns. No function calls back into the caller.
 *
 * Errors: functions return cg_error (0 = CG_OK, negative = failure); cg_strerror() gives a static text.
 */
#ifndef CHATGUARD_H
#define CHATGUARD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && !defined(CG_STATIC_BUILD)
#define CG_API __attribute__((visibility("default")))
#else
#define CG_API
#endif

/* ===================================================================================================
 * Version
 * =================================================================================================== */
#define CG_VERSION_MAJOR 0
#define CG_VERSION_MINOR 1
#define CG_VERSION_PATCH 0
#define CG_VERSION_NUMBER (CG_VERSION_MAJOR * 10000 + CG_VERSION_MINOR * 100 + CG_VERSION_PATCH)
#define CG_VERSION_STRING "0.1.0"

/** Version of the library actually loaded (may differ from the header's CG_VERSION_NUMBER). */
CG_API unsigned cg_version_number(void);
/** "0.1.0": the version of the library actually loaded. */
CG_API const char *cg_version_string(void);

/* ===================================================================================================
 * Errors
 * =================================================================================================== */
typedef enum cg_error {
    CG_OK = 0,
    CG_E_INVALID_ARG = -1,   /* a NULL pointer or out-of-range value where one is not allowed */
    CG_E_NOMEM = -2,         /* allocation failed */
    CG_E_IO = -3,            /* a rule, lexicon or profile file could not be read */
    CG_E_RULES = -4,         /* the rule set or profile has errors: see the diagnostics */
    CG_E_NO_PROFILE = -5,    /* no profile of that name in the rules directory */
    CG_E_TOO_LONG = -6,      /* the message is longer than cg_options.max_message_bytes */
    CG_E_INVALID_UTF8 = -7,  /* invalid UTF-8 and cg_options.strict_utf8 is set */
    CG_E_SCAN = -8,          /* the regex engine failed at run time (should not happen; report it) */
    CG_E_PLATFORM = -9,      /* this CPU cannot run Hyperscan (needs SSSE3) */
    CG_E_BAD_STATE = -10     /* serialized state is corrupt, truncated or of another version */
} cg_error;

/** Static, human-readable text for an error code. Never NULL. */
CG_API const char *cg_strerror(int err);

/* ===================================================================================================
 * Categories, actions, sanctions (string ids are the contract: see cg_category_name())
 * =================================================================================================== */
typedef enum cg_category {
    CG_CAT_PHONE = 0,
    CG_CAT_EMAIL,
    CG_CAT_LINK,
    CG_CAT_MESSENGER,
    CG_CAT_OFFPLATFORM,
    CG_CAT_PII_REQUEST,
    CG_CAT_PROFANITY,
    CG_CAT_INSULT,
    CG_CAT_DISPARAGEMENT,
    CG_CAT_ADS,
    CG_CAT_ONE_WORD,
    CG_CAT_PHISHING,
    CG_CAT_EXTORTION,
    CG_CAT_SPAM,
    CG_CAT_COUNT
} cg_category;

/** What to do with the message. Ordered: a larger value is stricter. */
typedef enum cg_action {
    CG_ACTION_ALLOW = 0,  /* deliver as is */
    CG_ACTION_MASK,       /* deliver cg_result.masked instead of the original */
    CG_ACTION_REVIEW,     /* hold for a moderator */
    CG_ACTION_BLOCK       /* do not deliver */
} cg_action;

/** What happens to the sender. Ordered: a larger value is stricter. */
typedef enum cg_sanction {
    CG_SANCTION_NONE = 0,
    CG_SANCTION_WARNING,
    CG_SANCTION_FINE,
    CG_SANCTION_DISCONNECT
} cg_sanction;

typedef enum cg_role { CG_ROLE_SELLER = 0, CG_ROLE_BUYER, CG_ROLE_COUNT } cg_role;

typedef enum cg_channel {
    CG_CHANNEL_CHAT = 0,
    CG_CHANNEL_REVIEW_REPLY,
    CG_CHANNEL_QUESTION_ANSWER,
    CG_CHANNEL_COUNT
} cg_channel;

/** Contract string ids ("phone", "mask", "fine", "seller", "review_reply"...); NULL if out of range. */
CG_API const char *cg_category_name(cg_category c);
CG_API const char *cg_action_name(cg_action a);
CG_API const char *cg_sanction_name(cg_sanction s);
CG_API const char *cg_role_name(cg_role r);
CG_API const char *cg_channel_name(cg_channel c);
/** Reverse look-ups: return the value, or -1 for an unknown name. `len` is the name's length in bytes. */
CG_API int cg_category_from_name(const char *name, size_t len);
CG_API int cg_role_from_name(const char *name, size_t len);
CG_API int cg_channel_from_name(const char *name, size_t len);

/* ===================================================================================================
 * Diagnostics: every problem found while loading rules and profiles, not only the first
 * =================================================================================================== */
typedef struct cg_diagnostic {
    const char *file;     /* path of the rule, lexicon or profile file ("" if not file-specific) */
    unsigned line;        /* 1-based; 0 if not line-specific */
    unsigned column;      /* 1-based, in characters (code points) of that line; 0 if unknown */
    const char *rule;     /* id of the rule concerned, or "" */
    const char *message;  /* what is wrong, in English */
} cg_diagnostic;

typedef struct cg_diagnostics cg_diagnostics;

CG_API size_t cg_diagnostics_count(const cg_diagnostics *d);
/** The i-th diagnostic (0-based), or NULL when i is out of range. Owned by `d`. */
CG_API const cg_diagnostic *cg_diagnostics_get(const cg_diagnostics *d, size_t i);
CG_API void cg_diagnostics_free(cg_diagnostics *d);

/* ===================================================================================================
 * Engine: the compiled, immutable, shareable rule set plus one profile
 * =================================================================================================== */
typedef struct cg_engine cg_engine;

typedef struct cg_options {
    size_t struct_size;          /* sizeof(cg_options), for forward compatibility */
    size_t max_message_bytes;    /* longer messages fail with CG_E_TOO_LONG; 0 = default (1 MiB) */
    int strict_utf8;             /* nonzero: invalid UTF-8 fails with CG_E_INVALID_UTF8 instead of being
                                    checked with U+FFFD in place of each bad byte (the default) */
    const char *mask_text;       /* NULL: mask each masked character with '*'; else replace each masked
                                    span by this UTF-8 text (e.g. "[скрыто]") */
    int no_jit;                  /* nonzero: do not JIT-compile PCRE2 patterns (for memory checkers such
                                    as valgrind, which cannot follow JIT code); results are the same */
    /* Appended after 0.1.0 (a caller built against the 0.1.0 header passes the smaller struct_size, which
     * is still accepted, and gets no cache): */
    const char *cache_dir;       /* NULL or "": no cache. Else an existing directory where the compiled
                                    Hyperscan databases are kept between loads (see "Compiled-database
                                    cache" below); the library only reads and writes files named
                                    chatguard-<key>.hsdb and .chatguard-<key>.tmp.* in it */
} cg_options;

#define CG_OPTIONS_INIT { sizeof(cg_options), 0, 0, NULL, 0, NULL }

/**
 * Load every rule file (*.rules) of `rules_dir` with the lexicons they name, and the profile
 * `rules_dir/profiles/<profile>.profile`, and compile them.
 *
 * rules_dir NULL: $CHATGUARD_RULES_DIR if set, else the rules installed with the library.
 * profile NULL: "wb". opts NULL: defaults.
 *
 * On success returns CG_OK and *engine_out holds a new engine with one reference. On failure
 * *engine_out is NULL and, when diag_out is not NULL, *diag_out receives every problem found (file,
 * line, column, message) — free it with cg_diagnostics_free(). A rule set with any error gives no
 * engine. Thread-safe; may be called while other engines are in use (that is how to reload rules).
 */
CG_API int cg_engine_load(const char *rules_dir, const char *profile, const cg_options *opts,
                          cg_engine **engine_out, cg_diagnostics **diag_out);

/** Add a reference (e.g. before handing the engine to another thread). Returns `e`. Thread-safe. */
CG_API cg_engine *cg_engine_ref(cg_engine *e);
/** Drop a reference; the last one frees the engine. Thread-safe. NULL is ignored. */
CG_API void cg_engine_unref(cg_engine *e);

/** Statistics of a compiled engine. */
typedef struct cg_engine_info {
    size_t rules;            /* rules loaded */
    size_t patterns;         /* Hyperscan patterns (rules' regexes plus lexicon entries) */
    size_t database_bytes;   /* total size of the compiled Hyperscan databases */
    size_t views;            /* text views that have a database (one hs_scan each per message) */
    const char *profile;     /* name of the profile */
} cg_engine_info;

CG_API int cg_engine_get_info(const cg_engine *e, cg_engine_info *info);

/* ===================================================================================================
 * Compiled-database cache (cg_options.cache_dir)
 *
 * Compiling the Hyperscan databases is over 90 % of a load's time (bench/RESULTS.md: "Load time").
 * With cache_dir set, cg_engine_load() still reads and checks every rule, lexicon, list and the profile,
 * compiles the PCRE2 codes and checks each pattern alone, as always (under a tenth of the time); then,
 * instead of compiling the databases, it reads <cache_dir>/chatguard-<key>.hsdb if there is one for
 * exactly these databases. The key is a
 * SHA-256 over everything Hyperscan would compile (every pattern and lexicon word as translated, with
 * its flags and id, and the table mapping ids to rules) and over the library version, hs_version(), the
 * CPU features Hyperscan targets, the architecture and the file format: a changed rule or lexicon, another
 * library or Hyperscan build, another CPU each have their own file. An engine from the cache gives the same
 * results as one compiled from the files.
 *
 * A cache file is used only if its header is one this library writes, its length is exact, its SHA-256
 * checksum and its key match, its pattern tables equal the ones just built, and Hyperscan reads and
 * deserializes each database. A missing, empty, truncated, damaged, foreign or stale file is ignored
 * (never trusted, never a crash): the databases are compiled and the file rewritten — into a temporary
 * file in the same directory, fsync'd, renamed over the old name, then the directory fsync'd, so readers
 * (other processes loading at the same time) see either the old file or the whole new one. A cache that
 * cannot be read or written never fails the load; cg_engine_cache_status() tells what happened. The
 * checksum detects damage, not forgery: the directory must be as trusted as the rules (SECURITY.md).
 * Files of rule sets no longer used are not deleted; any file in the directory may be removed at any time.
 * =================================================================================================== */
typedef enum cg_cache_status {
    CG_CACHE_OFF = 0,    /* no cache_dir: the databases were compiled */
    CG_CACHE_HIT,        /* the databases were read from the cache file: nothing was compiled */
    CG_CACHE_WRITTEN,    /* no usable cache file (none, or one ignored: the detail says why); the databases
                            were compiled and the cache file written */
    CG_CACHE_FAILED      /* the databases were compiled, but the cache file could not be written (the
                            detail says why: e.g. a directory that is missing or not writable). The engine
                            is complete and correct; only the next load will not be faster */
} cg_cache_status;

/**
 * What the compiled-database cache did when `e` was loaded. If `detail` is not NULL it receives a text
 * owned by the engine: the file read, or why no file was used ("no cache file ...", "ignored ... (checksum
 * mismatch: the file is damaged)") and whether one was written or why not. NULL e: CG_CACHE_OFF and "".
 */
CG_API cg_cache_status cg_engine_cache_status(const cg_engine *e, const char **detail);

/* ===================================================================================================
 * Reloading rules while traffic flows
 *
 * A slot holds the current engine. Request threads take it with cg_slot_acquire() (a reference they
 * release with cg_engine_unref() when their check is done); a reload builds the new engine off the hot
 * path and swaps it in atomically, so checks in flight finish on the old engine, which is freed when the
 * last of them lets go. A reload that fails keeps the current engine and returns the diagnostics: no
 * message is ever checked against a half-built rule set. All slot functions are thread-safe.
 * =================================================================================================== */
typedef struct cg_engine_slot cg_engine_slot;

/** A slot holding `initial` (the slot takes its own reference). */
CG_API int cg_slot_new(cg_engine *initial, cg_engine_slot **slot_out);
/** The current engine, with a reference for the caller. Never NULL for a valid slot. */
CG_API cg_engine *cg_slot_acquire(cg_engine_slot *slot);
/** Load rules_dir/profile (arguments as for cg_engine_load) and, on success, make it current. On failure
 *  the current engine stays and *diag_out (if not NULL) receives the diagnostics. */
CG_API int cg_slot_reload(cg_engine_slot *slot, const char *rules_dir, const char *profile, const cg_options *opts,
                          cg_diagnostics **diag_out);
/** Swap in an engine the caller built (the slot takes its own reference). */
CG_API int cg_slot_swap(cg_engine_slot *slot, cg_engine *engine);
/** Free the slot and its reference to the current engine. */
CG_API void cg_slot_free(cg_engine_slot *slot);

/* ===================================================================================================
 * Scanner: per-thread run-time state
 * =================================================================================================== */
typedef struct cg_scanner cg_scanner;

/** A new scanner. Use it from one thread at a time; it adapts itself to whichever engine it is given. */
CG_API int cg_scanner_new(cg_scanner **scanner_out);
CG_API void cg_scanner_free(cg_scanner *s);
/** Bytes of memory the scanner holds now (scratch, buffers, result storage). */
CG_API size_t cg_scanner_memory(const cg_scanner *s);

/* ===================================================================================================
 * Checking a message
 * =================================================================================================== */
typedef struct cg_context {
    cg_role role;                /* who wrote the message (default seller) */
    cg_channel channel;          /* where it is sent (default chat) */
    unsigned prior_violations;   /* sanctioned violations the sender already has (drives escalation) */
} cg_context;

#define CG_CONTEXT_INIT { CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0 }

typedef struct cg_hit {
    cg_category category;
    const char *rule;        /* stable rule id, "category.name"; owned by the engine */
    int severity;            /* 1 (mild) .. 5 (most severe), from the rule */
    size_t start, end;       /* byte offsets [start, end) into the ORIGINAL message */
    unsigned view;           /* the normalized view the rule matched in (see cg_view_name()) */
    cg_action action;        /* what the profile prescribes for this hit alone */
    cg_sanction sanction;    /* ditto, after escalation */
    long fine_rub;           /* ditto; 0 unless sanction is CG_SANCTION_FINE */
} cg_hit;

/* Flags in cg_result.flags: facts about the input worth telling the caller. */
#define CG_FLAG_INVALID_UTF8 0x1u  /* invalid UTF-8 bytes were read as U+FFFD */
#define CG_FLAG_NUL_BYTE 0x2u      /* the message contains NUL bytes (read as spaces) */
#define CG_FLAG_TRUNCATED 0x4u     /* so many matches that some were dropped; the verdict still stands */

/** Conversation mode (cg_check_in_conversation): one piece of a hit assembled from several messages of
 *  the same sender. A cross-message hit has one part per contributing message, the current one
 *  included (its part is the hit's own start/end). */
typedef struct cg_part {
    size_t hit;                  /* index into cg_result.hits of the hit this part belongs to */
    uint32_t message;            /* index of the message in its conversation (0 = the first checked) */
    size_t start, end;           /* byte offsets [start, end) into THAT message's original text */
} cg_part;

typedef struct cg_result {
    cg_action action;            /* strictest action over all hits */
    cg_sanction sanction;        /* strictest sanction over all hits */
    long fine_rub;               /* the fine when sanction is CG_SANCTION_FINE, else 0 */
    uint32_t categories;         /* bit (1u << cg_category) for each category hit */
    const cg_hit *hits;          /* hits ordered by start offset; the hits whose own sanction equals
                                    `sanction` are its evidence */
    size_t n_hits;
    const char *masked;          /* the message with masked spans replaced, NUL-terminated */
    size_t masked_len;
    uint32_t flags;              /* CG_FLAG_* */
    /* Appended after 0.1.0 for conversation mode; cg_check_message() sets them to NULL, 0, 0. A caller
     * compiled against the 0.1.0 header passes a smaller struct: rebuild it against this one. */
    const cg_part *parts;        /* the parts of cross-message hits, ordered by hit, then message; owned
                                    like `hits` (by the scanner) */
    size_t n_parts;
    uint32_t message;            /* conversation mode: index of this message in its conversation */
} cg_result;

/**
 * Check one message. `text` is `len` bytes of UTF-8 (it need not be NUL-terminated and may contain NUL).
 * `ctx` NULL means CG_CONTEXT_INIT. On CG_OK, *result is filled; its pointers follow the ownership rule
 * at the top of this file. On error, *result is set to an empty "allow" result and must not be used to
 * deliver the message: the error says why it could not be checked.
 *
 * Thread-safety: any number of threads may check with the same engine at once, each with its own scanner.
 */
CG_API int cg_check_message(const cg_engine *engine, cg_scanner *scanner, const char *text, size_t len,
                            const cg_context *ctx, cg_result *result);

/* ===================================================================================================
 * Checking many messages in one call (for bindings: one crossing of the FFI boundary per batch)
 * =================================================================================================== */
typedef struct cg_message {
    const char *text;            /* UTF-8, need not be NUL-terminated */
    size_t len;
    cg_context ctx;
} cg_message;

/** The verdict on one message of a batch. Its hits are batch->hits[first_hit .. first_hit + n_hits), its
 *  masked text batch->masked[masked_offset .. masked_offset + masked_len). */
typedef struct cg_batch_item {
    int error;                   /* CG_OK, or why this message could not be checked (then allow, no hits) */
    cg_action action;
    cg_sanction sanction;
    long fine_rub;
    uint32_t categories;
    uint32_t flags;
    size_t first_hit, n_hits;
    size_t masked_offset, masked_len;
} cg_batch_item;

/** Flat results of a batch: arrays owned by the scanner, valid until its next check. */
typedef struct cg_batch {
    const cg_batch_item *items;  /* one per message, in order */
    size_t n_items;
    const cg_hit *hits;          /* all hits, message after message */
    size_t n_hits;
    const char *masked;          /* all masked texts, one after another (each also NUL-terminated) */
    size_t masked_len;
} cg_batch;

/**
 * Check msgs[0..n) with one scanner. A message that fails (too long, strict UTF-8) gets its error in its
 * item and the others are still checked. Returns CG_OK, or an error when the call itself failed (bad
 * arguments, out of memory), in which case *out is empty.
 */
CG_API int cg_check_batch(const cg_engine *engine, cg_scanner *scanner, const cg_message *msgs, size_t n,
                          cg_batch *out);

/* ===================================================================================================
 * Conversation mode: contacts split across messages, repeated messages
 *
 * A per-message filter misses "8916" / "123" / "45 67" or "ivan.petrov" / "собака mail" / "точка ru".
 * A cg_conversation is the state a backend keeps per chat: the tails (last bytes) of each side's last few
 * messages and fingerprints of each side's recent messages. Feed it every message of the chat in order,
 * both sides, with cg_check_in_conversation(). Each message is checked as by cg_check_message() (every
 * hit of that call is reported), and also:
 *
 *  - joined with the same sender's earlier messages (never the other side's: a buyer's "48" between a
 *    seller's "8916" and "1234567" does not glue in, and a buyer's reply in between does not hide the
 *    seller's pieces). A phone, e-mail, link or messenger hit that crosses into this message, or that stands
 *    only with the sender's earlier words ("мой номер" / "123 45 67", "пиши мне в" / "телегу"), is reported
 *    on this message, priced by the profile like any contact, with cg_result.parts naming its span (or the
 *    earlier word it needs) in every contributing message. Hits the message has alone are not repeated;
 *  - counted against the sender's earlier messages: the repeat_threshold-th identical message (same
 *    normalized words, at least repeat_min_words of them) gets a `spam` hit (rule "spam.repeat") spanning
 *    the message; the profile decides what that costs.
 *
 * The state is small and portable: cg_conversation_serialize() writes at most CG_CONVERSATION_STATE_MAX
 * bytes (versioned, little-endian, checksummed) that any process with this library can continue with
 * cg_conversation_deserialize(); corrupt, truncated or foreign bytes fail with CG_E_BAD_STATE. The state
 * holds fragments of the messages' text: store it like the messages themselves.
 *
 * A conversation is used by one thread at a time; it holds no pointer to an engine or scanner, so any
 * engine (after a reload too) and any scanner may continue it.
 * =================================================================================================== */
typedef struct cg_conversation cg_conversation;

/** The most bytes cg_conversation_serialize() ever writes, whatever the messages and options. */
#define CG_CONVERSATION_STATE_MAX 1024

typedef struct cg_conversation_options {
    size_t struct_size;          /* sizeof(cg_conversation_options), for forward compatibility */
    unsigned max_messages;       /* earlier messages of the same sender a contact may be assembled from:
                                    0 = 3; at most 8 */
    unsigned tail_bytes;         /* bytes kept of the end of each (cut at a word start): 0 = 96; 16..255 */
    unsigned max_distance;       /* an earlier message more than this many messages back (either side)
                                    no longer joins: 0 = 8; at most 255 */
    unsigned repeat_threshold;   /* the n-th identical message of a sender is spam: 0 = 5; 2..255 */
    unsigned repeat_min_words;   /* messages of fewer words never count as repeats: 0 = 3; at most 255 */
    int no_repeats;              /* nonzero: do not look for repeats */
} cg_conversation_options;

#define CG_CONVERSATION_OPTIONS_INIT { sizeof(cg_conversation_options), 0, 0, 0, 0, 0, 0 }

/**
 * A new, empty conversation. opts NULL: defaults. Options whose worst-case state would not fit in
 * CG_CONVERSATION_STATE_MAX bytes (e.g. 8 messages of 255 bytes) fail with CG_E_INVALID_ARG. The options
 * travel with the serialized state.
 */
CG_API int cg_conversation_new(const cg_conversation_options *opts, cg_conversation **conv_out);
CG_API void cg_conversation_free(cg_conversation *conv);
/** Messages checked in this conversation so far (the index the next message will get). */
CG_API uint32_t cg_conversation_messages(const cg_conversation *conv);

/**
 * Check the next message of a conversation (arguments and result as for cg_check_message(), plus `conv`).
 * result->message is the message's index; cross-message hits have parts in result->parts. On CG_OK the
 * message is added to `conv`; on error `conv` is unchanged and *result is an empty "allow" result.
 */
CG_API int cg_check_in_conversation(const cg_engine *engine, cg_scanner *scanner, cg_conversation *conv,
                                    const char *text, size_t len, const cg_context *ctx, cg_result *result);

/**
 * Write the state of `conv` into buf[0..cap) and its length into *len_out. A buffer of
 * CG_CONVERSATION_STATE_MAX bytes is always enough; a smaller one that does not fit fails with
 * CG_E_INVALID_ARG and *len_out set to the length needed.
 */
CG_API int cg_conversation_serialize(const cg_conversation *conv, void *buf, size_t cap, size_t *len_out);

/**
 * A conversation from bytes written by cg_conversation_serialize(). Every length, count, index and option
 * is checked, and a checksum; anything else (truncated, corrupt, another format version) fails with
 * CG_E_BAD_STATE and *conv_out NULL. The checksum detects damage, not tampering: whoever can write the
 * state can make it say anything a real conversation could (which never makes the library misbehave).
 */
CG_API int cg_conversation_deserialize(const void *data, size_t len, cg_conversation **conv_out);

/* ===================================================================================================
 * Introspection: the rules of an engine, for tools such as `chatguard lint`
 * =================================================================================================== */
typedef struct cg_rule_info {
    const char *id;              /* "category.name" */
    cg_category category;
    int severity;
    const char *view;            /* the view the rule scans */
    const char *file;            /* where the rule is defined */
    unsigned line;
    unsigned roles;              /* bit (1u << cg_role) for each role the rule applies to */
    size_t n_examples;           /* messages that must produce a hit of this rule */
    size_t n_counterexamples;    /* messages that must not */
} cg_rule_info;

CG_API size_t cg_engine_rule_count(const cg_engine *e);
/** Information on rule i (0-based); CG_E_INVALID_ARG when i is out of range. Strings are owned by e. */
CG_API int cg_engine_rule_info(const cg_engine *e, size_t i, cg_rule_info *info);
/** The channels rule i applies to: bit (1u << cg_channel) for each ("channel = chat"); 0 if i is out of range. */
CG_API unsigned cg_engine_rule_channels(const cg_engine *e, size_t i);
/** Example k of rule i (counter != 0: counterexample k), with its line in the rule file; NULL if none. */
CG_API const char *cg_engine_rule_example(const cg_engine *e, size_t i, size_t k, int counter, unsigned *line);

/* ===================================================================================================
 * Explaining a verdict: the normalized views the rules saw (for rule authors and moderators' tools)
 * =================================================================================================== */

/** Number of normalized views ("text", "digits", "contact"). */
CG_API unsigned cg_view_count(void);
/** Name of view `view`, or NULL when out of range. */
CG_API const char *cg_view_name(unsigned view);

/**
 * The view `view` of the last message checked with `s`, rendered as UTF-8: one character per view
 * position (Russian and ASCII as themselves, a letter of another script as '•', other symbols as '·',
 * emoji as '☺'). Writes at most `cap` bytes including a terminating NUL into buf (buf may be NULL when
 * cap is 0). If `orig` is not NULL, for each position i < orig_cap/2 orig[2i] and orig[2i+1] receive the
 * [start, end) byte offsets in the original message that position came from. Returns the number of
 * positions in the view (0 when nothing was checked yet or view is out of range).
 */
CG_API size_t cg_scanner_view(const cg_scanner *s, unsigned view, char *buf, size_t cap, size_t *orig,
                              size_t orig_cap);

#ifdef __cplusplus
}
#endif

#endif /* CHATGUARD_H */
