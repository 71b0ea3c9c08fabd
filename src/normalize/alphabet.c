/* alphabet.c — the one-byte-per-character internal alphabet and folding of code points into it.
 *
 * ASCII and Russian letters, which are nearly all of the text we see, take a fast path with no table
 * look-up in utf8proc; everything else goes through utf8proc's compatibility decomposition and case
 * folding (NFKC + casefold, as far as our alphabet can tell the difference) and its general category. */
#include <utf8proc.h>

#include "../internal.h"

#ifndef CG_FAST_PATHS
#define CG_FAST_PATHS 1
#endif

const uint8_t cg_char_class[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x20, 0x20, 0x20, 0x20, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15,
    0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x00, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15,
    0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d,
    0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d,};

size_t cg_utf8_decode(const uint8_t *s, size_t n, int32_t *cp)
{
    uint8_t c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = -1; /* continuation byte, overlong lead C0/C1, or F5..FF */
        return 1;
    }
    if (len > n) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1; /* overlong, out of range or a surrogate */
        return 1;
    }
    *cp = v;
    return len;
}

/* Russian and the Cyrillic letters that stand in for Russian or Latin ones in disguises. Returns the
 * internal byte, or 0 if cp is not handled here. */
static uint8_t fold_cyrillic(int32_t cp)
{
    if (cp >= 0x0430 && cp <= 0x044F)
        return (uint8_t)(CG_CH_CYR_FIRST + (cp - 0x0430));
    if (cp >= 0x0410 && cp <= 0x042F)
        return (uint8_t)(CG_CH_CYR_FIRST + (cp - 0x0410));
    switch (cp) {
    case 0x0401: case 0x0451: /* Ё ё */
    case 0x0400: case 0x0450: /* Ѐ ѐ */
    case 0x0404: case 0x0454: /* Є є: Ukrainian ie, read as е */
        return CG_CH_CYR_FIRST + 5;
    case 0x040D: case 0x045D: /* Ѝ ѝ */
        return CG_CH_CYR_FIRST + 8;
    case 0x040E: case 0x045E: /* Ў ў */
        return CG_CH_CYR_FIRST + 19;
    case 0x0406: case 0x0456: /* І і */
    case 0x0407: case 0x0457: /* Ї ї */
        return 'i';
    case 0x0408: case 0x0458: /* Ј ј */
        return 'j';
    case 0x0405: case 0x0455: /* Ѕ ѕ */
        return 's';
    case 0x04BB: case 0x04BA: /* Һ һ */
        return 'h';
    case 0x04CF: case 0x04C0: /* ӏ Ӏ palochka */
        return 'l';
    default:
        return 0;
    }
}

/* Punctuation we read our own way, before Unicode's compatibility mappings (NFKC turns "№" into "No"). */
static int fold_punctuation(int32_t cp, uint8_t *out)
{
    /* Dashes, minus and quotes: writers use them as separators inside numbers and around words. */
    if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2043) {
        out[0] = '-';
        return 1;
    }
    if (cp == 0x00AB || cp == 0x00BB || (cp >= 0x201C && cp <= 0x201F) || cp == 0x2033) {
        out[0] = '"';
        return 1;
    }
    if ((cp >= 0x2018 && cp <= 0x201B) || cp == 0x2032 || cp == 0x2039 || cp == 0x203A) { /* and ‹ › */
        out[0] = '\'';
        return 1;
    }
    if (cp == 0x2116) { /* № */
        out[0] = '#';
        return 1;
    }
    /* Dingbat digits, which have no compatibility mapping: negative circled ❶..❾, circled sans-serif
     * ➀..➈ and negative ➊..➒, negative circled zero ⓿. (Their "10" forms are left alone.) */
    if ((cp >= 0x2776 && cp <= 0x277E) || (cp >= 0x2780 && cp <= 0x2788) || (cp >= 0x278A && cp <= 0x2792)) {
        int32_t base = cp >= 0x278A ? 0x278A : cp >= 0x2780 ? 0x2780 : 0x2776;
        out[0] = (uint8_t)('1' + (cp - base));
        return 1;
    }
    if (cp == 0x24FF || cp == 0x1F10B || cp == 0x1F10C) { /* ⓿, dingbat circled and negative circled 0 */
        out[0] = '0';
        return 1;
    }
    /* Double circled ⓵..⓽ (no compatibility mapping either; ⓾ is ten and stays a symbol). */
    if (cp >= 0x24F5 && cp <= 0x24FD) {
        out[0] = (uint8_t)('1' + (cp - 0x24F5));
        return 1;
    }
    /* Ideographic full stops are full stops: "mail。ru" is "mail.ru" (NFKC keeps them as they are). */
    if (cp == 0x3002 || cp == 0xFF61) {
        out[0] = '.';
        return 1;
    }
    return 0;
}

/* Fold one code point that needs no decomposition, by category. */
static int fold_simple(int32_t cp, uint8_t *out)
{
    if (cp < 0x80) {
        if (cp < 0x20 || cp == 0x7F)
            out[0] = ' ';
        else if (cp >= 'A' && cp <= 'Z')
            out[0] = (uint8_t)(cp + 32);
        else
            out[0] = (uint8_t)cp;
        return 1;
    }
    uint8_t c = fold_cyrillic(cp);
    if (c) {
        out[0] = c;
        return 1;
    }
    if (fold_punctuation(cp, out))
        return 1;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        out[0] = CG_CH_OTHER_LETTER;
        return 1;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_SK: /* emoji skin-tone modifiers and other modifier symbols */
        return CG_FOLD_COMBINING;
    case UTF8PROC_CATEGORY_CF: /* zero-width space/joiners, soft hyphen, BOM, bidi controls */
        return 0;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        out[0] = ' ';
        return 1;
    case UTF8PROC_CATEGORY_SO:
        out[0] = CG_CH_EMOJI;
        return 1;
    default:
        out[0] = CG_CH_SYMBOL;
        return 1;
    }
}

int cg_fold_codepoint(int32_t cp, uint8_t *out)
{
    if (CG_FAST_PATHS && (cp < 0x80 || (cp >= 0x0400 && cp <= 0x045F)))
        return fold_simple(cp, out);
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF))
        return 0; /* variation selectors: invisible, even where utf8proc calls them marks */
    if (cp == 0x20E3)
        return 0; /* combining enclosing keycap: "8️⃣" is the digit 8 */
    if (fold_punctuation(cp, out))
        return 1;
    if (CG_FAST_PATHS) {
        /* Characters frequent in chat that need no table: spaces, invisibles, currency, emoji. */
        if (cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000) {
            out[0] = ' ';
            return 1;
        }
        if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF)
            return 0;
        if (cp == 0x2026) { /* … */
            out[0] = out[1] = out[2] = '.';
            return 3;
        }
        if ((cp >= 0x20A0 && cp <= 0x20CF) || cp == 0x00D7 || cp == 0x00F7 || cp == 0x00B0 || cp == 0x00A7 ||
            cp == 0x00B1) {
            out[0] = CG_CH_SYMBOL;
            return 1;
        }
        if (cp >= 0x1F3FB && cp <= 0x1F3FF)
            return CG_FOLD_COMBINING; /* skin tones belong to the emoji before them */
        if ((cp >= 0x1F300 && cp <= 0x1F5FF) || (cp >= 0x1F600 && cp <= 0x1F64F) || (cp >= 0x1F680 && cp <= 0x1F6FF) ||
            (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x1FA70 && cp <= 0x1FAFF)) {
            out[0] = CG_CH_EMOJI;
            return 1;
        }
    }
    utf8proc_int32_t dec[CG_FOLD_MAX];
    int last_bound = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, dec, CG_FOLD_MAX, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &last_bound);
    if (n <= 0 || n > CG_FOLD_MAX || (n == 1 && dec[0] == cp))
        return fold_simple(cp, out);
    /* A decomposition: the base character(s) count, the marks they carried do not ("é" → "e"). */
    int k = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        uint8_t tmp[1];
        int r = fold_simple(dec[i], tmp);
        if (r == 1 && k < CG_FOLD_MAX)
            out[k++] = tmp[0];
    }
    if (k == 0) {
        /* The whole character was a mark (e.g. a decomposed accent): treat it as one. */
        return CG_FOLD_COMBINING;
    }
    return k;
}

size_t cg_alpha_to_utf8(uint8_t b, char out[4])
{
    if (b < 0x80) {
        out[0] = (char)b;
        return 1;
    }
    int32_t cp;
    if (b >= CG_CH_CYR_FIRST)
        cp = 0x0430 + (b - CG_CH_CYR_FIRST);
    else if (b == CG_CH_OTHER_LETTER)
        cp = 0x2022; /* • */
    else if (b == CG_CH_EMOJI)
        cp = 0x263A; /* ☺ */
    else
        cp = 0x00B7; /* · */
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}
