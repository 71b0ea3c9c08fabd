/* json.c — a strict reader for the flat objects of the JSONL protocol, and string output.
 *
 * Only what the protocol needs: an object whose known members are read ("id", "text", "role", "channel",
 * "prior_violations", "expect", "cross", "conversation") and whose other members are skipped after being checked
 * for well-formedness. Nesting is bounded so a hostile line cannot exhaust the stack. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct parser {
    const char *p, *end;
    json_reader *rd;
    size_t used;   /* bytes used in rd->buf */
    char *err;
    size_t errlen;
} parser;

static int fail_with(parser *ps, const char *msg)
{
    snprintf(ps->err, ps->errlen, "%s", msg);
    return -1;
}

static int fail_at(parser *ps, const char *line, const char *msg)
{
    snprintf(ps->err, ps->errlen, "%s at byte %zu", msg, (size_t)(ps->p - line) + 1);
    return -1;
}

static void ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r' || *ps->p == '\n'))
        ps->p++;
}

static int put(parser *ps, const char *s, size_t n)
{
    if (ps->used + n + 1 > ps->rd->cap) {
        size_t cap = ps->rd->cap ? ps->rd->cap : 1024;
        while (cap < ps->used + n + 1)
            cap *= 2;
        char *nb = realloc(ps->rd->buf, cap);
        if (!nb)
            return -1;
        ps->rd->buf = nb;
        ps->rd->cap = cap;
    }
    memcpy(ps->rd->buf + ps->used, s, n);
    ps->used += n;
    return 0;
}

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        *v <<= 4;
        if (c >= '0' && c <= '9') *v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') *v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') *v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    return 0;
}

static size_t utf8_encode(unsigned cp, char *o)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Parse a string at ps->p (on the opening quote). If out_off is not NULL the decoded bytes are appended
 * to the reader's buffer and their offset/length returned. */
static int string(parser *ps, const char *line, size_t *out_off, size_t *out_len)
{
    ps->p++; /* opening quote */
    size_t start = ps->used;
    while (ps->p < ps->end) {
        const char *run = ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        if (out_off && ps->p > run && put(ps, run, (size_t)(ps->p - run)) != 0)
            return fail_with(ps, "out of memory");
        if (ps->p >= ps->end)
            break;
        char c = *ps->p;
        if (c == '"') {
            ps->p++;
            if (out_off) {
                *out_off = start;
                *out_len = ps->used - start;
                if (put(ps, "", 1) != 0) /* NUL terminator, not counted */
                    return fail_with(ps, "out of memory");
            }
            return 0;
        }
        if ((unsigned char)c < 0x20)
            return fail_at(ps, line, "control character in string");
        /* backslash escape */
        if (ps->end - ps->p < 2)
            break;
        char e = ps->p[1];
        char buf[8];
        size_t bl = 1;
        ps->p += 2;
        switch (e) {
        case '"': buf[0] = '"'; break;
        case '\\': buf[0] = '\\'; break;
        case '/': buf[0] = '/'; break;
        case 'b': buf[0] = '\b'; break;
        case 'f': buf[0] = '\f'; break;
        case 'n': buf[0] = '\n'; break;
        case 'r': buf[0] = '\r'; break;
        case 't': buf[0] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (ps->end - ps->p < 4 || hex4(ps->p, &cp) != 0)
                return fail_at(ps, line, "bad \\u escape");
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u' && hex4(ps->p + 2, &lo) == 0 &&
                    lo >= 0xDC00 && lo <= 0xDFFF) {
                    ps->p += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    cp = 0xFFFD; /* a lone surrogate cannot be UTF-8 */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            bl = utf8_encode(cp, buf);
            break;
        }
        default:
            ps->p -= 1;
            return fail_at(ps, line, "bad escape in string");
        }
        if (out_off && put(ps, buf, bl) != 0)
            return fail_with(ps, "out of memory");
    }
    return fail_at(ps, line, "unterminated string");
}

static int value(parser *ps, const char *line, int depth);

static int literal(parser *ps, const char *line, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail_at(ps, line, "unexpected character");
    ps->p += n;
    return 0;
}

static int number(parser *ps, const char *line)
{
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
        return fail_at(ps, line, "bad number");
    if (*ps->p == '0')
        ps->p++;
    else
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
            return fail_at(ps, line, "bad number");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
            return fail_at(ps, line, "bad number");
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
    }
    return 0;
}

static int container(parser *ps, const char *line, int depth, char close)
{
    if (depth > MAX_DEPTH)
        return fail_at(ps, line, "nesting too deep");
    ps->p++;
    ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return 0;
    }
    for (;;) {
        ws(ps);
        if (close == '}') {
            if (ps->p >= ps->end || *ps->p != '"')
                return fail_at(ps, line, "expected a member name");
            if (string(ps, line, NULL, NULL) != 0)
                return -1;
            ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail_at(ps, line, "expected ':'");
            ps->p++;
        }
        if (value(ps, line, depth + 1) != 0)
            return -1;
        ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return 0;
        }
        return fail_at(ps, line, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int value(parser *ps, const char *line, int depth)
{
    ws(ps);
    if (ps->p >= ps->end)
        return fail_at(ps, line, "unexpected end of line");
    switch (*ps->p) {
    case '"': return string(ps, line, NULL, NULL);
    case '{': return container(ps, line, depth, '}');
    case '[': return container(ps, line, depth, ']');
    case 't': return literal(ps, line, "true");
    case 'f': return literal(ps, line, "false");
    case 'n': return literal(ps, line, "null");
    default: return number(ps, line);
    }
}

/* A string member whose decoded value must be one of a set of names. */
static int name_member(parser *ps, const char *line, const char *what, int (*lookup)(const char *, size_t), int *out)
{
    if (ps->p >= ps->end || *ps->p != '"')
        return fail_at(ps, line, what);
    size_t off, len;
    if (string(ps, line, &off, &len) != 0)
        return -1;
    int v = lookup(ps->rd->buf + off, len);
    if (v < 0) {
        snprintf(ps->err, ps->errlen, "unknown %s '%.*s'", what, (int)(len > 40 ? 40 : len), ps->rd->buf + off);
        return -1;
    }
    *out = v;
    return 0;
}

/* An array of category names ("expect", "cross") into a bit mask. */
static int category_array(parser *ps, const char *line, const char *key, uint32_t *mask)
{
    if (ps->p >= ps->end || *ps->p != '[') {
        /* key is one of the two names the caller matched */
        return fail_at(ps, line, key[0] == 'c' ? "\"cross\" must be an array of category names"
                                               : "\"expect\" must be an array of category names");
    }
    ps->p++;
    ws(ps);
    while (ps->p < ps->end && *ps->p != ']') {
        int c;
        if (name_member(ps, line, "category", cg_category_from_name, &c) != 0)
            return -1;
        *mask |= 1u << c;
        ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            ws(ps);
            if (ps->p < ps->end && *ps->p == ']')
                return fail_at(ps, line, "expected a category name after ','");
        } else if (ps->p >= ps->end || *ps->p != ']') {
            return fail_at(ps, line, "expected ',' or ']'");
        }
    }
    if (ps->p >= ps->end)
        return fail_at(ps, line, "unterminated array");
    ps->p++;
    return 0;
}

static int lookup_role(const char *s, size_t n) { return cg_role_from_name(s, n); }
static int lookup_channel(const char *s, size_t n) { return cg_channel_from_name(s, n); }

int json_parse_message(json_reader *rd, const char *line, size_t len, json_msg *msg, char *err, size_t errlen)
{
    parser ps = {line, line + len, rd, 0, err, errlen};
    memset(msg, 0, sizeof *msg);
    cg_context def = CG_CONTEXT_INIT;
    msg->ctx = def;
    size_t text_off = 0;
    ws(&ps);
    if (ps.p >= ps.end || *ps.p != '{')
        return fail_at(&ps, line, "expected a JSON object");
    ps.p++;
    ws(&ps);
    int first = 1;
    while (!(ps.p < ps.end && *ps.p == '}')) {
        if (!first) {
            if (ps.p >= ps.end || *ps.p != ',')
                return fail_at(&ps, line, "expected ',' or '}'");
            ps.p++;
            ws(&ps);
        }
        first = 0;
        if (ps.p >= ps.end || *ps.p != '"')
            return fail_at(&ps, line, "expected a member name");
        size_t koff, klen;
        if (string(&ps, line, &koff, &klen) != 0)
            return -1;
        char key[32];
        size_t kl = klen < sizeof key - 1 ? klen : sizeof key - 1;
        memcpy(key, rd->buf + koff, kl);
        key[kl] = 0;
        if (klen >= sizeof key || memchr(key, 0, kl))
            key[0] = 0; /* too long, or with an escaped NUL: not one of ours */
        ws(&ps);
        if (ps.p >= ps.end || *ps.p != ':')
            return fail_at(&ps, line, "expected ':'");
        ps.p++;
        ws(&ps);
        const char *vstart = ps.p;
        if (strcmp(key, "text") == 0) {
            if (ps.p >= ps.end || *ps.p != '"')
                return fail_at(&ps, line, "\"text\" must be a string");
            if (string(&ps, line, &text_off, &msg->text_len) != 0)
                return -1;
            msg->has_text = 1;
        } else if (strcmp(key, "role") == 0) {
            int v;
            if (name_member(&ps, line, "role", lookup_role, &v) != 0)
                return -1;
            msg->ctx.role = (cg_role)v;
        } else if (strcmp(key, "channel") == 0) {
            int v;
            if (name_member(&ps, line, "channel", lookup_channel, &v) != 0)
                return -1;
            msg->ctx.channel = (cg_channel)v;
        } else if (strcmp(key, "prior_violations") == 0) {
            unsigned long v = 0;
            if (ps.p >= ps.end || !(*ps.p >= '0' && *ps.p <= '9'))
                return fail_at(&ps, line, "\"prior_violations\" must be a non-negative integer");
            if (*ps.p == '0' && ps.p + 1 < ps.end && ps.p[1] >= '0' && ps.p[1] <= '9')
                return fail_at(&ps, line, "\"prior_violations\" must be a non-negative integer without leading zeros");
            while (ps.p < ps.end && *ps.p >= '0' && *ps.p <= '9') {
                v = v * 10 + (unsigned long)(*ps.p - '0');
                if (v > 1000000)
                    return fail_at(&ps, line, "\"prior_violations\" is too large");
                ps.p++;
            }
            if (ps.p < ps.end && (*ps.p == '.' || *ps.p == 'e' || *ps.p == 'E'))
                return fail_at(&ps, line, "\"prior_violations\" must be a non-negative integer");
            msg->ctx.prior_violations = (unsigned)v;
        } else if (strcmp(key, "expect") == 0 || strcmp(key, "cross") == 0) {
            int cross = key[0] == 'c';
            if (category_array(&ps, line, key, cross ? &msg->cross : &msg->expect) != 0)
                return -1;
            if (cross)
                msg->has_cross = 1;
            else
                msg->has_expect = 1;
        } else {
            if (value(&ps, line, 1) != 0)
                return -1;
            if (strcmp(key, "id") == 0) {
                msg->id = vstart;
                msg->id_len = (size_t)(ps.p - vstart);
            } else if (strcmp(key, "conversation") == 0) {
                msg->conversation = vstart;
                msg->conversation_len = (size_t)(ps.p - vstart);
            }
        }
        ws(&ps);
    }
    ps.p++;
    ws(&ps);
    if (ps.p != ps.end)
        return fail_at(&ps, line, "trailing characters after the object");
    if (!msg->has_text)
        return fail_at(&ps, line, "missing \"text\"");
    msg->text = rd->buf + text_off;
    return 0;
}

void json_reader_free(json_reader *rd)
{
    free(rd->buf);
    rd->buf = NULL;
    rd->cap = 0;
}

void json_write_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '"': fputs("\\\"", f); break;
            case '\\': fputs("\\\\", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            default:
                if (c < 0x20 || c == 0x7F)
                    fprintf(f, "\\u%04x", c);
                else
                    fputc(c, f);
            }
            i++;
            continue;
        }
        /* Copy a valid UTF-8 sequence; replace an invalid byte. */
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        int ok = n && i + n <= len && c >= 0xC2 && c <= 0xF4;
        for (size_t k = 1; ok && k < n; k++)
            ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
        if (ok && n == 3) {
            unsigned cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6);
            ok = cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
        } else if (ok && n == 4) {
            unsigned cp = ((c & 0x07u) << 18) | (((unsigned char)s[i + 1] & 0x3Fu) << 12);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (ok) {
            fwrite(s + i, 1, n, f);
            i += n;
        } else {
            fputs("\\ufffd", f);
            i++;
        }
    }
    fputc('"', f);
}
