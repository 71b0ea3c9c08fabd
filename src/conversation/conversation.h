/*
 * conversation.h — the conversation state shared by the conversation stage's files. Not installed.
 *
 *   conversation.c   the object, its options, and cg_check_in_conversation (split contacts)
 *   repeat.c         fingerprints of messages and the ring that counts repeats (spam)
 *   state.c          the portable serialized form
 *
 * Per side (seller, buyer) the state keeps the tails of that side's last few messages — the last
 * tail_bytes bytes of each, cut at a word start, with the message's index and the tail's offset in it, so a
 * contact found in the joined text can be reported in every message it came from — and a ring of
 * fingerprints of that side's recent messages with how often each was sent.
 */
#ifndef CG_CONVERSATION_H
#define CG_CONVERSATION_H

#include "../internal.h"

#define CONV_MAX_MESSAGES 8u   /* max_messages may not exceed this */
#define CONV_MIN_TAIL 16u
#define CONV_MAX_TAIL 255u     /* a tail's length is one byte in the serialized state */
#define CONV_RING 8u           /* fingerprints remembered per side */

#define CONV_DEFAULT_MESSAGES 3u
#define CONV_DEFAULT_TAIL 96u  /* ~45 Russian letters: a spelled "восемь девятьсот шестнадцать" and its lead-in */
#define CONV_DEFAULT_DISTANCE 8u
#define CONV_DEFAULT_REPEATS 5u /* the contract's "fifth identical" */
#define CONV_DEFAULT_MIN_WORDS 3u

/* Options as the state carries them: every value resolved (no 0 = default left). */
typedef struct conv_opts {
    uint8_t max_messages, tail_bytes, max_distance, repeat_threshold, repeat_min_words, no_repeats;
} conv_opts;

typedef struct conv_tail {
    uint32_t message; /* index of the message in the conversation */
    uint32_t offset;  /* byte offset in that message where the tail starts */
    uint8_t len;      /* 1..tail_bytes */
} conv_tail;

typedef struct conv_seen {
    uint64_t hash;    /* conv_fingerprint() of the message */
    uint8_t count;    /* how many times the side sent it (saturates at 255) */
} conv_seen;

typedef struct conv_side {
    uint8_t n_tails;
    conv_tail tails[CONV_MAX_MESSAGES]; /* oldest first; bytes in the side's slots of the pool */
    uint8_t n_seen;
    conv_seen seen[CONV_RING];          /* most recently sent first */
} conv_side;

struct cg_conversation {
    conv_opts o;
    uint32_t messages;                  /* messages checked so far: the index of the next one */
    conv_side side[CG_ROLE_COUNT];
    uint8_t pool[];                     /* CG_ROLE_COUNT * max_messages slots of tail_bytes bytes */
};

/* The bytes of tail i of side r. */
static inline uint8_t *conv_tail_bytes(cg_conversation *c, unsigned r, unsigned i)
{
    return c->pool + ((size_t)r * c->o.max_messages + i) * c->o.tail_bytes;
}

/* The spaces the tails are trimmed of and the joins look for (ASCII: bytes of UTF-8 are never these). */
static inline int conv_is_space(uint8_t b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v';
}

/* Resolve and check public options (NULL = defaults). CG_OK or CG_E_INVALID_ARG. */
CG_LOCAL int conv_opts_resolve(const cg_conversation_options *in, conv_opts *out);
/* Are resolved options (as read from a state) within the limits? */
CG_LOCAL int conv_opts_valid(const conv_opts *o);
/* The most bytes a state with these options can serialize to. */
CG_LOCAL size_t conv_state_bound(const conv_opts *o);
/* A zeroed conversation with room for these options' tails. */
CG_LOCAL cg_conversation *conv_alloc(const conv_opts *o);

/* Fingerprint of a message from its text view: FNV-1a over its words (letters and digits, one separator
 * between words), so case, look-alike letters, spacing, punctuation and emoji do not make a repeat new.
 * *words receives the number of words, [*start, *end) the original bytes from the first to the last. */
CG_LOCAL uint64_t conv_fingerprint(const cg_view *text_view, unsigned *words, size_t *start, size_t *end);
/* How many times the side already sent the message with this fingerprint (0 = never, or forgotten). */
CG_LOCAL unsigned conv_seen_count(const conv_side *sd, uint64_t hash);
/* Count one more sending of it: it becomes the most recent; the least recent is forgotten when full. */
CG_LOCAL void conv_seen_add(conv_side *sd, uint64_t hash);

/* ---------------------------------------------------------------------------------------------------
 * Joining (join.c): the scratch a scanner keeps for conversation checks, and the candidates found
 * ------------------------------------------------------------------------------------------------- */
#define CONV_MAX_CANDIDATES 16u /* cross-message contacts in one message (more is a flood) */

typedef struct conv_part {
    uint32_t message;
    size_t start, end;
} conv_part;

typedef struct conv_cand {
    cg_hit hit;                  /* start/end in the new message */
    conv_part parts[CONV_MAX_MESSAGES]; /* in earlier messages */
    unsigned n_parts;
    int crossing;                /* starts in an earlier message (else it stands only with earlier words) */
    size_t js, je;               /* the span in the joined text it was found in */
    int keep;
} conv_cand;

typedef struct conv_seg {
    size_t at, len;              /* where a stored tail lies in the joined text */
    uint32_t message, offset;
} conv_seg;

struct cg_conv_scratch {
    char *joined;
    size_t joined_cap, joined_len, base; /* the new message's head starts at `base` */
    conv_seg segs[CONV_MAX_MESSAGES];
    size_t n_segs;
    conv_cand cands[CONV_MAX_CANDIDATES + 1]; /* + the repeat hit */
    size_t n_cands;
    cg_hit *merged;
    size_t merged_cap;
};

/* Find the contacts the sender's stored tails complete in the new message (role r), as candidates in
 * x->cands: joined checks first, then the message's own check (its hits and views are left in s, ready
 * for scoring), then the candidates it already reports are dropped and the rest explained. */
CG_LOCAL int conv_join_check(struct cg_conv_scratch *x, const cg_engine *e, cg_scanner *s, cg_conversation *c,
                             unsigned r, const char *text, size_t len, const cg_context *ctx);

#endif
