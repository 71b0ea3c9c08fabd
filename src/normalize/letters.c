/* letters.c — the letters view: words as a мат filter must see them.
 *
 * From the text view:
 *  - letter-spaced words are joined: "х у й", "х.у.й", "х_у_й" → "хуй" (three or more single letters
 *    separated by single separators; "страх у йога" has one single letter and stays apart);
 *  - syllable-split words are joined: "де-би-лы", "бл-я-ть", "му-дак" → "дебилы", "блять", "мудак" (two or
 *    more pieces of one to three Russian letters joined by single '-' or '_', one piece at most two
 *    letters; "кое-как" and every longer hyphenated word stay apart);
 *  - Latin letters left inside a Russian word (the text view turned the look-alikes already) are read as
 *    the Russian letters they spell: "пиzдец", "муdак"; a word of Latin look-alikes and look-alike digits
 *    is read as Russian: "3ae6al" → "заебал", "e6al" → "ебал";
 *  - masking symbols inside a word become '*', one each: "х*й" → "х*й", "п@здец" → "п*здец",
 *    "бл..ь" → "бл**ь" (two or three dots between letters are a mask, one dot ends a sentence);
 *  - digits inside a Russian word become the letters they imitate: "3аебал", "6лять", "п1зда"; a 3
 *    between two consonants stands for е, not з ("кр3тин", "д3бил");
 *  - a в that the text view made of a Latin b (a one-byte character in the original) is read б inside
 *    a word and ь at its end ("деbил", "заеbали", "сволочb"): lower-case b passes for б, not for в;
 *    at the start of a word it stays в ("Bы");
 *  - runs of one repeated letter collapse: "хуууй" → "хуй", "бляяя" → "бля";
 *  - a comma stays a comma (a name called out at someone is followed by one: "мудачьё, где посылка");
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

/* Russian consonants (for the 3 of "кр3тин"). */
static int is_consonant(uint8_t c)
{
    static const char cons[] = "\xe1\xe2\xe3\xe4\xe6\xe7\xea\xeb\xec\xed\xef\xf0\xf1\xf2\xf4\xf5\xf6\xf7\xf8\xf9";
    return c != 0 && memchr(cons, c, sizeof cons - 1) != NULL;
}

/* A letter or digit ('_' is a separator here: "х_у_й"). */
static int is_letter(uint8_t c) { return IS(c, CG_CLS_ALPHA | CG_CLS_DIGIT); }

/* Russian letters from a run starting at i. */
static size_t cyr_run(const cg_view *in, size_t i)
{
    size_t j = i;
    while (j < in->len && IS(in->b[j], CG_CLS_CYR))
        j++;
    return j - i;
}

/* Mark the hyphens inside syllable-split words ("де-би-лы", "бл-я-ть"). */
static void mark_syllables(const cg_view *in, uint8_t *drop)
{
    size_t n = in->len, i = 0;
    while (i < n) {
        if (!IS(in->b[i], CG_CLS_CYR) || (i > 0 && is_letter(in->b[i - 1]))) {
            i++;
            continue;
        }
        size_t len = cyr_run(in, i), end = i + len, pieces = 1, shortest = len;
        while (len <= 3 && end + 1 < n && (in->b[end] == '-' || in->b[end] == '_')) {
            size_t l2 = cyr_run(in, end + 1), after = end + 1 + l2;
            if (l2 == 0 || l2 > 3 || (after < n && is_letter(in->b[after])))
                break;
            pieces++;
            shortest = l2 < shortest ? l2 : shortest;
            end = after;
        }
        if (pieces >= 2 && shortest <= 2 && (end == n || !is_letter(in->b[end])))
            for (size_t k = i; k < end; k++)
                if (!IS(in->b[k], CG_CLS_CYR))
                    drop[k] = 1;
        i = end;
    }
}

/* The Russian letter a Latin letter stands for in a disguised Russian word: the look-alikes (a → а,
 * c → с, u → и ...) and the letters that spell a sound (z → з, d → д, l → л, p → п ...); 0 for none.
 * (A p that passes for р never gets here: the text view folds it inside a Russian word, so a p left is
 * in a word of Latin letters and digits, spelled as it sounds: "pi3dec".) */
static uint8_t latin_letter(uint8_t c)
{
    static const uint8_t map[128] = {
        ['a'] = 0xE0, ['b'] = 0xE1, ['c'] = 0xF1, ['d'] = 0xE4, ['e'] = 0xE5, ['f'] = 0xF4, ['g'] = 0xE3,
        ['h'] = 0xED, ['i'] = 0xE8, ['j'] = 0xE9, ['k'] = 0xEA, ['l'] = 0xEB, ['m'] = 0xEC, ['n'] = 0xEF,
        ['o'] = 0xEE, ['p'] = 0xEF, ['r'] = 0xE3, ['s'] = 0xF1, ['t'] = 0xF2, ['u'] = 0xE8, ['v'] = 0xE2,
        ['w'] = 0xF8, ['x'] = 0xF5, ['y'] = 0xF3, ['z'] = 0xE7,
    };
    return c < 128 ? map[c] : 0;
}

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
    mark_syllables(in, drop);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = in->b[i];
        if (drop[i])
            continue;
        if (is_letter(c)) {
            /* a в made of a Latin b inside a word: б, or ь at the end of the word */
            if (c == 0xE2 && in->oe[i] - in->os[i] == 1 && out->len > 0 && IS(out->b[out->len - 1], CG_CLS_ALPHA))
                c = i + 1 < n && IS(in->b[i + 1], CG_CLS_ALPHA) ? 0xE1 : 0xFC;
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
        if (c == ',') {
            /* A comma stays (one, with no space before it): a name called out at someone is followed by
             * one ("мудачьё, где посылка"), and rules look for it. */
            if (out->len > 0 && out->b[out->len - 1] == ' ')
                out->len--;
            if (out->len > 0 && out->b[out->len - 1] != ',')
                cg_view_put(out, ',', in->os[i], in->oe[i]);
            continue;
        }
        if (out->len == 0 || out->b[out->len - 1] != ' ')
            cg_view_put(out, ' ', in->os[i], in->oe[i]);
    }
    /* Latin letters inside a Russian word, then digits: "пиzдец", "6лять", "п1зда", "3аебал", "3ae6al". */
    size_t i = 0;
    while (i < out->len) {
        if (!IS(out->b[i], CG_CLS_WORD) && out->b[i] != '*') {
            i++;
            continue;
        }
        size_t s = i;
        unsigned cyr = 0, dig = 0, lat = 0, lat_mapped = 0, dig_mapped = 0, other = 0;
        while (i < out->len && (IS(out->b[i], CG_CLS_WORD) || out->b[i] == '*')) {
            uint8_t c = out->b[i];
            cyr += IS(c, CG_CLS_CYR) ? 1 : 0;
            dig += IS(c, CG_CLS_DIGIT) ? 1 : 0;
            dig_mapped += digit_letter(c) ? 1 : 0;
            lat += IS(c, CG_CLS_LATIN) ? 1 : 0;
            lat_mapped += IS(c, CG_CLS_LATIN) && latin_letter(c) ? 1 : 0;
            other += c == CG_CH_OTHER_LETTER || c == '_' ? 1 : 0;
            i++;
        }
        /* A Russian word with Latin letters left in it, or a word of Latin look-alikes and look-alike
         * digits only ("3ae6al": a digit is what shows it is a disguise, not an English word). */
        int russian = cyr > 0 && cyr >= lat;
        int disguised = cyr == 0 && lat >= 2 && dig > 0 && dig <= lat && dig_mapped == dig && lat_mapped == lat &&
                        other == 0;
        if (lat > 0 && (russian || disguised)) {
            for (size_t k = s; k < i; k++) {
                uint8_t l = IS(out->b[k], CG_CLS_LATIN) ? latin_letter(out->b[k]) : 0;
                if (l == 0xE1 && k + 1 == i)
                    l = 0xFC; /* a final b is ь: "3a6ucb" */
                if (l)
                    out->b[k] = l;
            }
            cyr += lat_mapped;
        }
        if (cyr >= 2 && dig > 0 && dig <= cyr)
            for (size_t k = s; k < i; k++) {
                uint8_t l = digit_letter(out->b[k]);
                if (l == 0xE7 && k > s && k + 1 < i && is_consonant(out->b[k - 1]) && is_consonant(out->b[k + 1]))
                    l = 0xE5; /* е between consonants: "кр3тин" */
                if (l)
                    out->b[k] = l;
            }
    }
    out->b[out->len] = 0;
    return CG_OK;
}
