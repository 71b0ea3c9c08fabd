/* letters.c — the letters view: words as a мат filter must see them.
 *
 * From the text view:
 *  - letter-spaced words are joined: "х у й", "х.у.й", "х_у_й" → "хуй" (three or more single letters
 *    separated by single separators; "страх у йога" has one single letter and stays apart);
 *  - masking symbols inside a word become '*', one each: "х*й" → "х*й", "п@здец" → "п*здец",
 *    "бл..ь" → "бл**ь" (two or three dots between letters are a mask, one dot ends a sentence);
 *  - digits inside a Russian word become the letters they imitate: "3аебал", "6лять", "п1зда";
 *  - runs of one repeated letter collapse: "хуууй" → "хуй", "бляяя" → "бля";
 *  - every other symbol becomes a space, so words are cleanly apart.
 * Rules on this view are written without doubled letters ("ебаный", not "ебанный"); in their patterns a
 * Russian vowel also matches '*', a masked letter (see cg_translate_pattern). */
#include <string.h>

#include "../internal.h"

#define IS(c, cls) (cg_char_class[(uint8_t)(c)] & (cls))

static int is_mask(uint8_t c)
{
    return c == '*' || c == '@' || c == '#' || c == '$' || c == '%' || c == '!' || c == '?' || c == '^' ||
           c == '~' || c == CG_CH_SYMBOL || c == CG_CH_EMOJI;
}

static int is_spacer(uint8_t c) { return c == ' ' || c == '.' || c == '-' || c == '_' || c == ',' || c == '/' || c == '|'; }

/* The letter a digit imitates inside a Russian word, or 0. */
static uint8_t digit_letter(uint8_t c)
{
    switch (c) {
    case '0': return 0xEE; /* о */
    case '1': return 0xE8; /* и */
    case '3': return 0xE7; /* з */
    case '4': return 0xF7; /* ч */
    case '6': return 0xE1; /* б */
    case '9': return 0xFF; /* я */
    default: return 0;
    }
}

/* A letter or digit ('_' is a separator here: "х_у_й"). */
static int is_letter(uint8_t c) { return IS(c, CG_CLS_ALPHA | CG_CLS_DIGIT); }

/* Mark separators inside letter-spaced runs (L s L s L ..., each L one letter or digit). */
static void mark_spaced(const cg_view *in, uint8_t *drop)
{
    size_t n = in->len, i = 0;
    while (i < n) {
        int single = is_letter(in->b[i]) && (i == 0 || !is_letter(in->b[i - 1])) &&
                     (i + 1 == n || !is_letter(in->b[i + 1]));
        if (!single) {
            i++;
            continue;
        }
        size_t j = i, letters = 1;
        while (j + 2 < n && is_spacer(in->b[j + 1]) && is_letter(in->b[j + 2]) &&
               (j + 3 == n || !is_letter(in->b[j + 3]))) {
            j += 2;
            letters++;
        }
        if (letters >= 3)
            for (size_t k = i + 1; k < j; k += 2)
                drop[k] = 1;
        i = j + 1;
    }
}

int cg_build_letters_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    size_t n = in->len;
    out->len = 0;
    if (cg_view_reserve(out, n) != 0 || cg_view_reserve(tmp, n) != 0)
        return CG_E_NOMEM;
    uint8_t *drop = tmp->b;
    memset(drop, 0, n);
    mark_spaced(in, drop);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in->b[i];
        if (drop[i])
            continue;
        if (is_letter(c)) {
            /* one repeated letter collapses into the first (digits and '_' are kept as written) */
            if (IS(c, CG_CLS_ALPHA) && out->len > 0 && out->b[out->len - 1] == c) {
                out->oe[out->len - 1] = in->oe[i];
                continue;
            }
            cg_view_put(out, c, in->os[i], in->oe[i]);
            continue;
        }
        int prev_letter = out->len > 0 && IS(out->b[out->len - 1], CG_CLS_ALPHA | CG_CLS_DIGIT);
        if (prev_letter && (is_mask(c) || c == '.')) {
            size_t j = i;
            while (j < n && j - i < 3 && (c == '.' ? in->b[j] == '.' : is_mask(in->b[j])))
                j++;
            int letter_after = j < n && IS(in->b[j], CG_CLS_ALPHA);
            if (letter_after && (c != '.' || j - i >= 2)) {
                for (size_t k = i; k < j; k++)
                    cg_view_put(out, '*', in->os[k], in->oe[k]);
                i = j - 1;
                continue;
            }
        }
        if (out->len == 0 || out->b[out->len - 1] != ' ')
            cg_view_put(out, ' ', in->os[i], in->oe[i]);
    }
    /* Digits inside a Russian word: "6лять", "п1зда", "3аебал". */
    size_t i = 0;
    while (i < out->len) {
        if (!IS(out->b[i], CG_CLS_WORD) && out->b[i] != '*') {
            i++;
            continue;
        }
        size_t s = i;
        unsigned cyr = 0, dig = 0;
        while (i < out->len && (IS(out->b[i], CG_CLS_WORD) || out->b[i] == '*')) {
            cyr += IS(out->b[i], CG_CLS_CYR) ? 1 : 0;
            dig += IS(out->b[i], CG_CLS_DIGIT) ? 1 : 0;
            i++;
        }
        if (cyr >= 2 && dig > 0 && dig <= cyr)
            for (size_t k = s; k < i; k++) {
                uint8_t l = digit_letter(out->b[k]);
                if (l)
                    out->b[k] = l;
            }
    }
    out->b[out->len] = 0;
    return CG_OK;
}
