/* views.c — build the normalized views of a message, each with its map back to the original bytes.
 *
 * Every view character i carries [os[i], oe[i]): the original bytes it came from. A span [a, b) of a
 * view is [os[a], oe[b-1]) in the original, which is always a whole number of original characters. */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../internal.h"

/* bench/normalize builds the library once more with -DCG_FAST_PATHS=0 to measure what the ASCII and
 * Russian fast paths buy over utf8proc for every character. */
#ifndef CG_FAST_PATHS
#define CG_FAST_PATHS 1
#endif

static const char *const view_names[CG_VIEW_COUNT] = {"text", "digits", "contact", "letters"};

unsigned cg_view_count(void) { return CG_VIEW_COUNT; }

const char *cg_view_name(unsigned v) { return v < CG_VIEW_COUNT ? view_names[v] : NULL; }

int cg_view_from_name(const char *name, size_t len)
{
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        if (strlen(view_names[v]) == len && memcmp(view_names[v], name, len) == 0)
            return v;
    return -1;
}

int cg_view_reserve(cg_view *v, size_t need)
{
    if (need + 1 <= v->cap)
        return 0;
    size_t cap = v->cap ? v->cap : 256;
    while (cap < need + 1)
        cap *= 2;
    uint8_t *b = realloc(v->b, cap);
    if (!b)
        return -1;
    v->b = b;
    uint32_t *os = realloc(v->os, cap * sizeof *os);
    if (!os)
        return -1;
    v->os = os;
    uint32_t *oe = realloc(v->oe, cap * sizeof *oe);
    if (!oe)
        return -1;
    v->oe = oe;
    v->cap = cap;
    return 0;
}

void cg_view_free(cg_view *v)
{
    free(v->b);
    free(v->os);
    free(v->oe);
    memset(v, 0, sizeof *v);
}


#define IS(c, cls) (cg_char_class[(uint8_t)(c)] & (cls))

/* Russian letters in two-byte UTF-8 (lead 0xD0 or 0xD1): the byte of the alphabet for each second byte,
 * or 0 where the letter needs the general path (ё, Ukrainian letters, other Cyrillic). */
static uint8_t cyr_d0(uint8_t c)
{
    if (c >= 0x90 && c <= 0xAF) /* А..Я */
        return (uint8_t)(CG_CH_CYR_FIRST + (c - 0x90));
    if (c >= 0xB0 && c <= 0xBF) /* а..п */
        return (uint8_t)(CG_CH_CYR_FIRST + (c - 0xB0));
    return 0;
}

static uint8_t cyr_d1(uint8_t c)
{
    if (c >= 0x80 && c <= 0x8F) /* р..я */
        return (uint8_t)(CG_CH_CYR_FIRST + 16 + (c - 0x80));
    return 0;
}

static uint8_t ascii_fold(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return (uint8_t)(c + 32);
    return (c < 0x20 || c == 0x7F) ? ' ' : c;
}

/* Middle dots and bullets. Between two letters or digits they stand for a dot ("sumki·ru", "8·916·123"),
 * elsewhere they decorate ("Новинки · Sale · Shop"), where a dot would join words into a domain. */
static int dot_like(int32_t cp)
{
    return cp == 0x00B7 || cp == 0x0387 || cp == 0x2022 || cp == 0x2027 || cp == 0x2219 || cp == 0x22C5 ||
           cp == 0x2E31 || cp == 0x2E33 || cp == 0x30FB || cp == 0xFF65;
}

/* Does the character at t[0..n) fold to a letter or digit? */
static int word_char_at(const uint8_t *t, size_t n)
{
    if (n == 0)
        return 0;
    int32_t cp;
    cg_utf8_decode(t, n, &cp);
    uint8_t f[CG_FOLD_MAX];
    return cp > 0 && cg_fold_codepoint(cp, f) >= 1 && (cg_char_class[f[0]] & CG_CLS_WORD);
}

/* Append c for original bytes [os, oe): whitespace runs collapse to one space, none at the start. */
static inline void put_folded(cg_view *out, uint8_t c, uint32_t os, uint32_t oe)
{
    if (c == ' ' && (out->len == 0 || out->b[out->len - 1] == ' '))
        return;
    cg_view_put(out, c, os, oe);
}

int cg_build_text_view(cg_view *out, const uint8_t *t, size_t len, int strict, uint32_t *flags)
{
    out->len = 0;
    /* ASCII and Russian letters never produce more characters than they have bytes: room for all of them
     * now; only the general path below, where NFKC may expand a character, reserves more. */
    if (cg_view_reserve(out, len + CG_FOLD_MAX) != 0)
        return CG_E_NOMEM;
    size_t i = 0;
    while (i < len) {
        if (CG_FAST_PATHS) {
            /* ASCII and Russian letters, nearly all of the text, in a loop of their own with the arrays,
             * the length and the last character in locals: byte stores would otherwise make the compiler
             * reload them for every character. An empty view counts as ending in a space (none at the
             * start). */
            uint8_t *ob = out->b;
            uint32_t *oos = out->os, *ooe = out->oe;
            size_t ol = out->len;
            uint8_t last = ol > 0 ? ob[ol - 1] : ' ';
            while (i < len) {
                uint8_t c = t[i];
                if (c < 0x80) {
                    if (c == 0)
                        *flags |= CG_FLAG_NUL_BYTE;
                    c = ascii_fold(c);
                    if (c != ' ' || last != ' ') {
                        ob[ol] = last = c, oos[ol] = (uint32_t)i, ooe[ol] = (uint32_t)(i + 1);
                        ol++;
                    }
                    i++;
                    continue;
                }
                uint8_t r = 0;
                if ((c == 0xD0 || c == 0xD1) && i + 1 < len)
                    r = c == 0xD0 ? cyr_d0(t[i + 1]) : cyr_d1(t[i + 1]);
                if (!r)
                    break;
                ob[ol] = last = r, oos[ol] = (uint32_t)i, ooe[ol] = (uint32_t)(i + 2);
                ol++;
                i += 2;
            }
            out->len = ol;
            if (i >= len)
                break;
        }
        /* The general path (the loop above stops only at a character it does not know): decode, fold
         * through utf8proc's data, handle marks and invisibles. */
        uint8_t tmp[CG_FOLD_MAX];
        int k;
        int32_t cp;
        size_t n = cg_utf8_decode(t + i, len - i, &cp);
        if (cp == 0)
            *flags |= CG_FLAG_NUL_BYTE;
        if (cp < 0) {
            *flags |= CG_FLAG_INVALID_UTF8;
            if (strict)
                return CG_E_INVALID_UTF8;
            tmp[0] = CG_CH_SYMBOL; /* the policy: each bad byte is one U+FFFD, a non-word symbol */
            k = 1;
        } else if (dot_like(cp)) {
            int glued = out->len > 0 && (cg_char_class[out->b[out->len - 1]] & CG_CLS_WORD) &&
                        word_char_at(t + i + n, len - i - n);
            tmp[0] = glued ? '.' : CG_CH_SYMBOL;
            k = 1;
        } else {
            k = cg_fold_codepoint(cp, tmp);
            if (k == 0) {
                /* Invisible: it joins the character before it, so "8<ZWSP>9" stays one digit run. */
                if (out->len > 0 && out->b[out->len - 1] != ' ')
                    out->oe[out->len - 1] = (uint32_t)(i + n);
                i += n;
                continue;
            }
            if (k == CG_FOLD_COMBINING) {
                /* A mark belongs to the character before it. Two of them make Russian letters. */
                if (out->len > 0 && out->b[out->len - 1] != ' ') {
                    if (cp == 0x0306 && out->b[out->len - 1] == CG_CH_CYR_FIRST + 8)
                        out->b[out->len - 1] = CG_CH_CYR_FIRST + 9; /* и + breve = й */
                    out->oe[out->len - 1] = (uint32_t)(i + n);
                }
                i += n;
                continue;
            }
        }
        if (cg_view_reserve(out, out->len + (size_t)k + (len - i) + CG_FOLD_MAX) != 0)
            return CG_E_NOMEM;
        for (int j = 0; j < k; j++)
            put_folded(out, tmp[j], (uint32_t)i, (uint32_t)(i + n));
        i += n;
    }
    if (out->len > 0 && out->b[out->len - 1] == ' ')
        out->len--;
    out->b[out->len] = 0;
    return CG_OK;
}

/* Look-alikes: a Latin letter and the Russian letter it passes for (and back; ь passes for b). Constant
 * tables, so folding costs a look-up per character of a mixed-script word. */
static const uint8_t to_cyr[128] = {
    ['a'] = 0xE0 /* а */, ['b'] = 0xE2 /* в */, ['c'] = 0xF1 /* с */, ['e'] = 0xE5 /* е */,
    ['h'] = 0xED /* н */, ['k'] = 0xEA /* к */, ['m'] = 0xEC /* м */, ['o'] = 0xEE /* о */,
    ['p'] = 0xF0 /* р */, ['t'] = 0xF2 /* т */, ['x'] = 0xF5 /* х */, ['y'] = 0xF3 /* у */,
    ['u'] = 0xE8 /* и */, ['n'] = 0xEF /* п */, ['i'] = 0xE8 /* и */, ['r'] = 0xE3 /* г */,
};

static const uint8_t to_lat[256] = {
    [0xE0] = 'a', [0xE2] = 'b', [0xF1] = 'c', [0xE5] = 'e', [0xED] = 'h', [0xEA] = 'k', [0xEC] = 'm',
    [0xEE] = 'o', [0xF0] = 'p', [0xF2] = 't', [0xF5] = 'x', [0xF3] = 'y', [0xE8] = 'u', [0xEF] = 'n',
    [0xE3] = 'r', [0xFC] = 'b' /* ь */,
};

/* Does [s, e) hold a run of four or more letters of the minority script with a letter that has no
 * look-alike in the other script? Then it is a real word glued to one in the other script
 * ("anna1991собакаmail", "iphoneчехол"), not a disguise: a disguise only uses letters that pass for
 * the other script's, so folding would turn real words into garbage. */
static int glued_real_word(const cg_view *v, size_t s, size_t e, int minority_latin)
{
    size_t run = 0;
    int foreign = 0;
    for (size_t j = s; j < e; j++) {
        uint8_t c = v->b[j];
        int in_minority = minority_latin ? IS(c, CG_CLS_LATIN) != 0 : IS(c, CG_CLS_CYR) != 0;
        if (!in_minority) {
            run = 0, foreign = 0;
            continue;
        }
        run++;
        foreign |= minority_latin ? to_cyr[c] == 0 : to_lat[c] == 0;
        if (run >= 4 && foreign)
            return 1;
    }
    return 0;
}

/* Letters that pass for digits inside numbers (the digits view reads them so: "9I2", "З45", "ЧI"). */
static int digit_look_alike(uint8_t c)
{
    return c == 'o' || c == 'i' || c == 'l' || c == 's' || c == 0xEE /* о */ || c == 0xE7 /* з */ ||
           c == 0xE1 /* б */ || c == 0xF7 /* ч */;
}

/* A mixed-script token made only of digits and letters that pass for digits ("I4З", "ЧI") is a
 * disguised number, not a word: folding "I" to "и" would hide the "1" from the digits view. */
static int disguised_number(const cg_view *v, size_t s, size_t e)
{
    for (size_t j = s; j < e; j++)
        if (!IS(v->b[j], CG_CLS_DIGIT) && !digit_look_alike(v->b[j]))
            return 0;
    return 1;
}

/* The first Latin letter at or after i (A-Z or a-z: exactly CG_CLS_LATIN), or n. Russian text has few,
 * so 16 bytes at a time. */
static size_t next_latin(const uint8_t *b, size_t i, size_t n)
{
#if defined(__SSE2__)
    const __m128i la = _mm_set1_epi8('a'), l25 = _mm_set1_epi8(25), b20 = _mm_set1_epi8(0x20);
    for (; i + 16 <= n; i += 16) {
        __m128i l = _mm_sub_epi8(_mm_or_si128(_mm_loadu_si128((const __m128i *)(b + i)), b20), la);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(l, l25), l));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < n && !IS(b[i], CG_CLS_LATIN))
        i++;
    return i;
}

void cg_fold_homoglyphs(cg_view *v)
{
    size_t i = 0, n = v->len;
    while (i < n) {
        /* Only a token with a Latin letter can mix scripts: from the next Latin letter, its whole token.
         * (Folding keeps letters letters, so tokens stay where they are and each is seen once.) */
        i = next_latin(v->b, i, n);
        if (i >= n)
            break;
        size_t s = i;
        while (s > 0 && IS(v->b[s - 1], CG_CLS_WORD))
            s--;
        unsigned cyr = 0, lat = 0;
        for (i = s; i < n && IS(v->b[i], CG_CLS_WORD); i++) {
            cyr += IS(v->b[i], CG_CLS_CYR) ? 1 : 0;
            lat += IS(v->b[i], CG_CLS_LATIN) ? 1 : 0;
        }
        if (cyr == 0 || lat == 0)
            continue; /* one script (or none): leave the token alone */
        if (glued_real_word(v, s, i, cyr >= lat) || disguised_number(v, s, i))
            continue;
        if (cyr >= lat) {
            for (size_t j = s; j < i; j++)
                if (v->b[j] < 128 && to_cyr[v->b[j]])
                    v->b[j] = to_cyr[v->b[j]];
        } else {
            for (size_t j = s; j < i; j++)
                if (to_lat[v->b[j]])
                    v->b[j] = to_lat[v->b[j]];
        }
    }
}

int cg_normalize(cg_views *views, const char *text, size_t len, int strict_utf8)
{
    views->flags = 0;
    int rc = cg_build_text_view(&views->v[CG_VIEW_TEXT], (const uint8_t *)text, len, strict_utf8, &views->flags);
    if (rc != CG_OK)
        return rc;
    cg_fold_homoglyphs(&views->v[CG_VIEW_TEXT]);
    if (cg_build_digits_view(&views->v[CG_VIEW_DIGITS], &views->tmp, &views->v[CG_VIEW_TEXT]) != 0 ||
        cg_build_contact_view(&views->v[CG_VIEW_CONTACT], &views->tmp, &views->v[CG_VIEW_TEXT]) != 0 ||
        cg_build_letters_view(&views->v[CG_VIEW_LETTERS], &views->tmp, &views->v[CG_VIEW_TEXT]) != 0)
        return CG_E_NOMEM;
    return CG_OK;
}

