/* analyze.c — what a translated pattern can consume, worked out from its text at load time.
 *
 * The scan path uses these facts to give Hyperscan and PCRE2 less to do without changing what they find
 * (src/scan/scan.c, src/scan/confirm.c):
 *  - the bytes a match can consist of (look-around contents excluded: they are not part of the span), so
 *    a match lies inside one run of such bytes;
 *  - a set of bytes of which every match consumes at least one, so a view without any cannot match;
 *  - a few pairs of byte sets (a, b), one of which every match holds as a byte of a right before a byte
 *    of b ('.' before a letter: a sentence's last full stop is no domain);
 *  - the least and the greatest width of a match;
 *  - whether the pattern has anchors or word boundaries, which look at bytes outside the match.
 * The analysis is conservative. A construct it does not know (POSIX classes, back references, inline
 * options, \p, verbs ...) makes it give up, and the scan path then does its full work; where it
 * approximates, it errs toward more bytes and wider widths, which only costs speed. */
#include <string.h>

#include "../internal.h"

typedef struct node {
    uint8_t bytes[32]; /* bit set: bytes the node can consume */
    uint8_t req[32];   /* every match of the node consumes one of these (when has_req) */
    double req_cost;   /* how often those bytes are expected in chat text (lower is better) */
    int has_req;
    uint32_t min_w, max_w;
    uint8_t first[32], last[32]; /* bytes a non-empty match can begin and end with */
    cg_byte_pair pairs[CG_MAX_PAIRS]; /* every match holds one of these adjacent pairs (when n_pairs) */
    unsigned n_pairs;
    double pairs_cost;
} node;

typedef struct parser {
    const char *p, *end;
    int fail;
    int anchored, lookaround;
} parser;

/* How common a byte is in Russian chat text, roughly: only used to prefer rare required bytes. */
static double byte_weight(unsigned b)
{
    if (b == ' ')
        return 30;
    if (b >= CG_CH_CYR_FIRST)
        return 6;
    if (b >= 'a' && b <= 'z')
        return 4;
    if ((b >= '0' && b <= '9') || b == '.' || b == ',')
        return 3;
    if (b == '\n' || b == '!' || b == '?' || (b >= 0x80 && b <= 0x82))
        return 2;
    if (b < 0x80)
        return 1;
    return 0.1;
}

static void set_add(uint8_t *s, unsigned b) { s[b >> 3] |= (uint8_t)(1u << (b & 7)); }
#define set_has cg_shape_has
static void set_or(uint8_t *d, const uint8_t *s)
{
    for (int i = 0; i < 32; i++)
        d[i] |= s[i];
}
static double set_cost(const uint8_t *s)
{
    double c = 0;
    for (unsigned b = 0; b < 256; b++)
        if (set_has(s, b))
            c += byte_weight(b);
    return c;
}

static uint32_t add_w(uint32_t a, uint32_t b) { return a > CG_WIDTH_INF - b ? CG_WIDTH_INF : a + b; }
static uint32_t mul_w(uint32_t a, uint32_t n)
{
    if (a == 0 || n == 0)
        return 0;
    if (a == CG_WIDTH_INF || n == CG_WIDTH_INF || a > CG_WIDTH_INF / n)
        return CG_WIDTH_INF;
    return a * n;
}

/* A node consuming exactly one byte of set s. */
static void one_of(node *n, const uint8_t *s)
{
    memset(n, 0, sizeof *n);
    memcpy(n->bytes, s, 32);
    memcpy(n->req, s, 32);
    memcpy(n->first, s, 32);
    memcpy(n->last, s, 32);
    n->req_cost = set_cost(s);
    n->has_req = 1;
    n->min_w = n->max_w = 1;
}

/* How often a byte of a followed by a byte of b is expected (lower is rarer). */
static double pair_cost(const uint8_t *a, const uint8_t *b) { return set_cost(a) * set_cost(b); }

static void empty_node(node *n)
{
    memset(n, 0, sizeof *n);
}

static int is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
static unsigned hex_val(char c) { return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10); }
static int is_alnum(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

/* The byte sets of \d, \w and \s as PCRE2 (default tables, no UCP) and Hyperscan (no UTF-8) read them;
 * negated when upper case. Returns 0 if c is not one of them. */
static int escape_class(char c, uint8_t *s)
{
    memset(s, 0, 32);
    char lc = (char)(c | 0x20);
    if (lc == 'd') {
        for (unsigned b = '0'; b <= '9'; b++)
            set_add(s, b);
    } else if (lc == 'w') {
        for (unsigned b = 0; b < 128; b++)
            if (is_alnum((char)b) || b == '_')
                set_add(s, b);
    } else if (lc == 's') {
        for (unsigned b = 9; b <= 13; b++)
            set_add(s, b);
        set_add(s, ' ');
    } else {
        return 0;
    }
    if (c != lc)
        for (int i = 0; i < 32; i++)
            s[i] = (uint8_t)~s[i];
    return 1;
}

/* One escaped single byte (\xHH, \n, \t, an escaped punctuation mark ...), after the backslash. Returns
 * the byte, or -1 for anything else. `in_class`: \b is a backspace there. */
static int escape_byte(parser *ps, int in_class)
{
    char c = *ps->p;
    if (c == 'x') {
        ps->p++;
        if (ps->p < ps->end && *ps->p == '{')
            return -1;
        unsigned v = 0;
        for (int k = 0; k < 2 && ps->p < ps->end && is_hex(*ps->p); k++)
            v = v * 16 + hex_val(*ps->p++);
        return (int)v;
    }
    int b = -1;
    switch (c) {
    case 'n': b = '\n'; break;
    case 't': b = '\t'; break;
    case 'r': b = '\r'; break;
    case 'f': b = '\f'; break;
    case 'e': b = 0x1b; break;
    case 'a': b = 0x07; break;
    case 'b': b = in_class ? 0x08 : -1; break;
    default: b = is_alnum(c) ? -1 : (uint8_t)c; break;
    }
    if (b >= 0)
        ps->p++;
    return b;
}

/* [...] */
static void parse_class(parser *ps, node *out)
{
    uint8_t s[32] = {0};
    int negate = 0;
    ps->p++; /* '[' */
    if (ps->p < ps->end && *ps->p == '^')
        negate = 1, ps->p++;
    int first = 1;
    while (ps->p < ps->end && (*ps->p != ']' || first)) {
        first = 0;
        int lo;
        if (*ps->p == '[' && ps->p + 1 < ps->end && strchr(":.=", ps->p[1])) {
            ps->fail = 1; /* POSIX classes and collating elements */
            return;
        }
        if (*ps->p == '\\') {
            ps->p++;
            if (ps->p >= ps->end) {
                ps->fail = 1;
                return;
            }
            uint8_t cs[32];
            if (escape_class(*ps->p, cs)) {
                ps->p++;
                set_or(s, cs);
                continue;
            }
            lo = escape_byte(ps, 1);
            if (lo < 0) {
                ps->fail = 1;
                return;
            }
        } else {
            lo = (uint8_t)*ps->p++;
        }
        int hi = lo;
        if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
            ps->p++;
            if (*ps->p == '\\') {
                ps->p++;
                if (ps->p >= ps->end) {
                    ps->fail = 1;
                    return;
                }
                hi = escape_byte(ps, 1);
                if (hi < 0) {
                    ps->fail = 1;
                    return;
                }
            } else if (*ps->p == '[') {
                ps->fail = 1;
                return;
            } else {
                hi = (uint8_t)*ps->p++;
            }
            if (hi < lo) {
                ps->fail = 1;
                return;
            }
        }
        for (int b = lo; b <= hi; b++)
            set_add(s, (unsigned)b);
    }
    if (ps->p >= ps->end) {
        ps->fail = 1;
        return;
    }
    ps->p++; /* ']' */
    if (negate)
        for (int i = 0; i < 32; i++)
            s[i] = (uint8_t)~s[i];
    one_of(out, s);
}

static void parse_alt(parser *ps, node *out);

/* A quantifier {n}, {n,} or {n,m} at ps->p; anything else is a literal '{' to PCRE2. */
static int parse_braces(parser *ps, uint32_t *lo, uint32_t *hi)
{
    const char *q = ps->p + 1;
    uint32_t a = 0, b;
    int digits = 0;
    while (q < ps->end && *q >= '0' && *q <= '9' && digits < 6)
        a = a * 10 + (uint32_t)(*q++ - '0'), digits++;
    if (!digits || q >= ps->end)
        return 0;
    if (*q == '}') {
        b = a;
    } else if (*q == ',') {
        q++;
        digits = 0;
        b = 0;
        while (q < ps->end && *q >= '0' && *q <= '9' && digits < 6)
            b = b * 10 + (uint32_t)(*q++ - '0'), digits++;
        if (q >= ps->end || *q != '}')
            return 0;
        if (!digits)
            b = CG_WIDTH_INF;
    } else {
        return 0;
    }
    ps->p = q + 1;
    *lo = a;
    *hi = b;
    return 1;
}

static void parse_atom(parser *ps, node *out)
{
    char c = *ps->p;
    if (c == '(') {
        ps->p++;
        int look = 0;
        if (ps->p < ps->end && *ps->p == '*') {
            ps->fail = 1; /* verbs */
            return;
        }
        if (ps->p < ps->end && *ps->p == '?') {
            ps->p++;
            if (ps->p >= ps->end) {
                ps->fail = 1;
                return;
            }
            char k = *ps->p;
            if (k == ':' || k == '|' || k == '>') {
                ps->p++;
            } else if (k == '=' || k == '!') {
                look = 1, ps->p++;
            } else if (k == '<' && ps->p + 1 < ps->end && (ps->p[1] == '=' || ps->p[1] == '!')) {
                look = 1, ps->p += 2;
            } else if (k == '<' || k == '\'' || (k == 'P' && ps->p + 1 < ps->end && ps->p[1] == '<')) {
                char close = k == '\'' ? '\'' : '>';
                ps->p += k == 'P' ? 2 : 1;
                while (ps->p < ps->end && (is_alnum(*ps->p) || *ps->p == '_'))
                    ps->p++;
                if (ps->p >= ps->end || *ps->p != close) {
                    ps->fail = 1;
                    return;
                }
                ps->p++;
            } else {
                ps->fail = 1; /* inline options, comments, conditionals, recursion */
                return;
            }
        }
        node inner;
        parse_alt(ps, &inner);
        if (ps->fail || ps->p >= ps->end || *ps->p != ')') {
            ps->fail = 1;
            return;
        }
        ps->p++;
        if (look) {
            ps->lookaround = 1;
            empty_node(out); /* not part of the span */
        } else {
            *out = inner;
        }
        return;
    }
    if (c == '[') {
        parse_class(ps, out);
        return;
    }
    if (c == '\\') {
        ps->p++;
        if (ps->p >= ps->end) {
            ps->fail = 1;
            return;
        }
        char e = *ps->p;
        uint8_t cs[32];
        if (escape_class(e, cs)) {
            ps->p++;
            one_of(out, cs);
            return;
        }
        if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G') {
            ps->p++;
            ps->anchored = 1;
            empty_node(out);
            return;
        }
        int b = escape_byte(ps, 0);
        if (b < 0) {
            ps->fail = 1; /* back references, \p, \K, \Q, \R, \h, \v ... */
            return;
        }
        memset(cs, 0, sizeof cs);
        set_add(cs, (unsigned)b);
        one_of(out, cs);
        return;
    }
    if (c == '^' || c == '$') {
        ps->p++;
        ps->anchored = 1;
        empty_node(out);
        return;
    }
    uint8_t cs[32];
    if (c == '.') {
        memset(cs, 0xff, sizeof cs); /* any byte but \n; \n too, to be safe */
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        /* A quantifier with nothing to repeat PCRE2 would have refused; a second quantifier or a '{' that
         * PCRE2 reads as a literal (or, in later versions, as "{,m}") is not worth guessing at. */
        ps->fail = 1;
        return;
    } else {
        memset(cs, 0, sizeof cs);
        set_add(cs, (uint8_t)c);
    }
    ps->p++;
    one_of(out, cs);
}

static void concat(node *acc, const node *a)
{
    if (a->max_w == 0)
        return; /* a look-around or an anchor: consumes nothing, and the bytes around it stay adjacent */
    /* Both parts non-empty: the last byte of acc's part is followed by the first of a's. */
    if (acc->min_w > 0 && a->min_w > 0) {
        double c = pair_cost(acc->last, a->first);
        if (!acc->n_pairs || c < acc->pairs_cost) {
            memcpy(acc->pairs[0].a, acc->last, 32);
            memcpy(acc->pairs[0].b, a->first, 32);
            acc->n_pairs = 1;
            acc->pairs_cost = c;
        }
    }
    if (a->n_pairs && (!acc->n_pairs || a->pairs_cost < acc->pairs_cost)) {
        memcpy(acc->pairs, a->pairs, sizeof a->pairs);
        acc->n_pairs = a->n_pairs;
        acc->pairs_cost = a->pairs_cost;
    }
    if (acc->min_w == 0)
        set_or(acc->first, a->first);
    if (a->min_w == 0) {
        set_or(acc->last, a->last);
    } else {
        memcpy(acc->last, a->last, 32);
    }
    set_or(acc->bytes, a->bytes);
    acc->min_w = add_w(acc->min_w, a->min_w);
    acc->max_w = add_w(acc->max_w, a->max_w);
    if (a->has_req && (!acc->has_req || a->req_cost < acc->req_cost)) {
        memcpy(acc->req, a->req, 32);
        acc->req_cost = a->req_cost;
        acc->has_req = 1;
    }
}

static void parse_seq(parser *ps, node *out)
{
    empty_node(out);
    while (!ps->fail && ps->p < ps->end && *ps->p != '|' && *ps->p != ')') {
        node a;
        parse_atom(ps, &a);
        if (ps->fail)
            return;
        /* quantifiers */
        for (;;) {
            uint32_t lo, hi;
            if (ps->p >= ps->end)
                break;
            char q = *ps->p;
            if (q == '*')
                lo = 0, hi = CG_WIDTH_INF, ps->p++;
            else if (q == '+')
                lo = 1, hi = CG_WIDTH_INF, ps->p++;
            else if (q == '?')
                lo = 0, hi = 1, ps->p++;
            else if (q == '{' && parse_braces(ps, &lo, &hi))
                ;
            else
                break;
            if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
                ps->p++; /* lazy or possessive: the same language */
            a.min_w = mul_w(a.min_w, lo);
            a.max_w = mul_w(a.max_w, hi);
            if (lo == 0)
                a.has_req = 0, a.n_pairs = 0;
            break; /* PCRE2 does not allow a second quantifier here (other than the suffixes above) */
        }
        concat(out, &a);
    }
}

static void parse_alt(parser *ps, node *out)
{
    parse_seq(ps, out);
    while (!ps->fail && ps->p < ps->end && *ps->p == '|') {
        ps->p++;
        node b;
        parse_seq(ps, &b);
        if (ps->fail)
            return;
        set_or(out->bytes, b.bytes);
        set_or(out->first, b.first);
        set_or(out->last, b.last);
        if (out->n_pairs && b.n_pairs && out->n_pairs + b.n_pairs <= CG_MAX_PAIRS) {
            memcpy(out->pairs + out->n_pairs, b.pairs, b.n_pairs * sizeof b.pairs[0]);
            out->n_pairs += b.n_pairs;
            out->pairs_cost += b.pairs_cost;
        } else {
            out->n_pairs = 0; /* a branch without pairs, or too many to keep */
        }
        if (b.min_w < out->min_w)
            out->min_w = b.min_w;
        if (b.max_w > out->max_w)
            out->max_w = b.max_w;
        if (out->has_req && b.has_req) {
            set_or(out->req, b.req);
            out->req_cost = set_cost(out->req);
        } else {
            out->has_req = 0;
        }
    }
}

int cg_analyze_pattern(const char *pat, size_t len, cg_shape *out)
{
    memset(out, 0, sizeof *out);
    parser ps = {pat, pat + len, 0, 0, 0};
    node n;
    parse_alt(&ps, &n);
    if (ps.fail || ps.p != ps.end) {
        memset(out, 0, sizeof *out); /* known = 0: nothing may be assumed */
        return -1;
    }
    memcpy(out->bytes, n.bytes, 32);
    memcpy(out->req, n.req, 32);
    out->has_req = (uint8_t)n.has_req;
    out->req_weight = (float)n.req_cost;
    memcpy(out->pairs, n.pairs, sizeof n.pairs);
    out->n_pairs = (uint8_t)n.n_pairs;
    out->min_width = n.min_w;
    out->max_width = n.max_w;
    out->anchored = (uint8_t)ps.anchored;
    out->lookaround = (uint8_t)ps.lookaround;
    out->known = 1;
    return 0;
}

void cg_shape_literal(const uint8_t *w, size_t len, cg_shape *out)
{
    memset(out, 0, sizeof *out);
    unsigned best = 0;
    for (size_t i = 0; i < len; i++) {
        set_add(out->bytes, w[i]);
        if (i == 0 || byte_weight(w[i]) < byte_weight(best))
            best = w[i];
    }
    if (len) {
        set_add(out->req, best);
        out->has_req = 1;
        out->req_weight = (float)byte_weight(best);
    }
    /* the rarest adjacent pair of the literal */
    double best_pair = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        double c = byte_weight(w[i]) * byte_weight(w[i + 1]);
        if (out->n_pairs == 0 || c < best_pair) {
            memset(&out->pairs[0], 0, sizeof out->pairs[0]);
            set_add(out->pairs[0].a, w[i]);
            set_add(out->pairs[0].b, w[i + 1]);
            out->n_pairs = 1;
            best_pair = c;
        }
    }
    out->min_width = out->max_width = (uint32_t)len;
    out->known = 1;
}
