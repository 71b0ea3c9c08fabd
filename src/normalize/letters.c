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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
static int mark_syllables(const cg_view *in, uint8_t *drop)
{
    size_t n = in->len, i = 0;
    int marked = 0;
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
                    drop[k] = marked = 1;
        i = end;
    }
    return marked;
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
static int mark_spaced(const cg_view *in, uint8_t *drop)
{
    size_t n = in->len, i = 0;
    int marked = 0;
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
                drop[k] = marked = 1;
        i = j + 1;
    }
    return marked;
}

/* Three single letters or digits, each between non-letters, two apart ("х у й", "х.у.й"): mark_spaced
 * needs them to join anything. A window of seven letter flags slides over the text: non-letter, letter,
 * non-letter, letter, non-letter, letter, non-letter (the text's ends count as non-letters). It may say
 * yes where there is no such run (that only costs the marking), never the other way round. */
static int maybe_spaced(const cg_view *in)
{
    size_t n = in->len, i = 0;
#if defined(__SSE2__)
    /* 16 letter flags at a time: exactly is_letter, i.e. 0-9, A-Z, a-z, 0x80 and 0xE0-0xFF */
    const __m128i d0 = _mm_set1_epi8('0'), d9 = _mm_set1_epi8(9), la = _mm_set1_epi8('a'), l25 = _mm_set1_epi8(25),
                  b20 = _mm_set1_epi8(0x20), o80 = _mm_set1_epi8((char)0x80), cE0 = _mm_set1_epi8((char)0xE0);
    uint32_t prev = 0; /* the flags of the previous 16 bytes, none before the text */
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(in->b + i));
        __m128i d = _mm_sub_epi8(x, d0), l = _mm_sub_epi8(_mm_or_si128(x, b20), la);
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, d9), d), _mm_cmpeq_epi8(_mm_min_epu8(l, l25), l));
        m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(x, o80), _mm_cmpeq_epi8(_mm_max_epu8(x, cE0), x)));
        uint32_t cur = (uint32_t)_mm_movemask_epi8(m);
        /* bit k: the byte at i - 8 + k; windows starting at bits 0..17 lie inside the 24 bits */
        uint32_t a = cur << 8 | prev >> 8;
        uint32_t hit = ~a & a >> 1 & ~(a >> 2) & a >> 3 & ~(a >> 4) & a >> 5 & ~(a >> 6);
        if (hit & 0x3FFFFu)
            return 1;
        prev = cur;
    }
    /* the rest one byte at a time, from six bytes back (the byte before those taken for a non-letter:
     * at worst a false yes) */
    i = i >= 6 ? i - 6 : 0;
#endif
    unsigned w = 0;
    for (; i < n; i++) {
        w = (w << 1 | (is_letter(in->b[i]) ? 1u : 0u)) & 0x7Fu;
        if (w == 0x2Au)
            return 1;
    }
    return ((w << 1) & 0x7Fu) == 0x2Au;
}

/* Words out that hold a Latin letter or a digit (the only ones the word pass changes), by their start;
 * past FLAGGED_MAX of them the pass walks on from the first. */
enum { FLAGGED_MAX = 32 };
typedef struct flagged_words {
    size_t start[FLAGGED_MAX];
    size_t n; /* how many there are (n > FLAGGED_MAX: only start[0] is kept up to date) */
} flagged_words;

/* The main pass of the letters view: each character of in, dropped, put, collapsed, masked or turned
 * into a space. Returns the length out; fw gets the words that hold a Latin letter or a digit. Inlined
 * twice, with and without drop marks, so the common text without them does not test a mark per
 * character. */
static inline __attribute__((always_inline)) size_t letters_main(const cg_view *in, cg_view *out, const uint8_t *drop,
                                                                 const int use_drop, flagged_words *fw)
{
    size_t n = in->len;
    /* Local copies of the arrays and of the length: the compiler cannot keep them in registers across
     * the byte stores otherwise. `last` is the last character out, 0 while there is none. */
    const uint8_t *ib = in->b;
    const uint32_t *ios = in->os, *ioe = in->oe;
    uint8_t *ob = out->b;
    uint32_t *oos = out->os, *ooe = out->oe;
    size_t ol = 0;
    uint8_t last = 0;
    /* Words out are runs of letters, digits and '*' between the spaces and commas put; wmask is what
     * the current one, from wstart, holds. */
    size_t wstart = 0;
    unsigned wmask = 0;
#define PUT(ch, s, e) (ob[ol] = last = (ch), oos[ol] = (s), ooe[ol] = (e), ol++)
#define END_WORD()                                                                                          \
    do {                                                                                                    \
        if (wmask & (CG_CLS_LATIN | CG_CLS_DIGIT)) {                                                        \
            if (fw->n < FLAGGED_MAX)                                                                        \
                fw->start[fw->n] = wstart;                                                                  \
            fw->n++;                                                                                        \
        }                                                                                                   \
        wmask = 0;                                                                                          \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        uint8_t c = ib[i];
        if (use_drop && drop[i])
            continue;
        if (c >= CG_CH_CYR_FIRST && c != 0xE2) {
            /* a Russian letter other than в, most of the text: the branch below without its look-ups
             * (it holds no Latin letter or digit for wmask) */
            if (last == c) {
                ooe[ol - 1] = ioe[i];
                continue;
            }
            PUT(c, ios[i], ioe[i]);
            continue;
        }
        unsigned cls = cg_char_class[c];
        if (cls & (CG_CLS_ALPHA | CG_CLS_DIGIT)) {
            /* a в made of a Latin b inside a word: б, or ь at the end of the word */
            if (c == 0xE2 && ioe[i] - ios[i] == 1 && IS(last, CG_CLS_ALPHA)) {
                c = i + 1 < n && IS(ib[i + 1], CG_CLS_ALPHA) ? 0xE1 : 0xFC;
                cls = cg_char_class[c];
            }
            /* one repeated letter collapses into the first (digits and '_' are kept as written) */
            if (last == c && (cls & CG_CLS_ALPHA)) {
                ooe[ol - 1] = ioe[i];
                continue;
            }
            PUT(c, ios[i], ioe[i]);
            wmask |= cls;
            continue;
        }
        int prev_letter = IS(last, CG_CLS_ALPHA | CG_CLS_DIGIT);
        if (prev_letter && (is_mask(c) || c == '.')) {
            size_t j = i;
            while (j < n && j - i < 3 && (c == '.' ? ib[j] == '.' : is_mask(ib[j])))
                j++;
            int letter_after = j < n && IS(ib[j], CG_CLS_ALPHA);
            if (letter_after && (c != '.' || j - i >= 2)) {
                for (size_t k = i; k < j; k++)
                    PUT('*', ios[k], ioe[k]);
                i = j - 1;
                continue;
            }
        }
        END_WORD();
        if (c == ',') {
            /* A comma stays (one, with no space before it): a name called out at someone is followed by
             * one ("мудачьё, где посылка"), and rules look for it. */
            if (last == ' ') {
                ol--;
                last = ol > 0 ? ob[ol - 1] : 0;
            }
            if (ol > 0 && last != ',')
                PUT(',', ios[i], ioe[i]);
        } else if (last != ' ') {
            PUT(' ', ios[i], ioe[i]);
        }
        wstart = ol;
    }
    END_WORD();
#undef END_WORD
#undef PUT
    return ol;
}

static void fix_words(cg_view *out, size_t from, size_t until);

int cg_build_letters_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    size_t n = in->len;
    out->len = 0;
    if (cg_view_reserve(out, n) != 0 || cg_view_reserve(tmp, n) != 0)
        return CG_E_NOMEM;
    /* Separators to drop: only where a letter-spaced or syllable-split word can be (most texts have
     * neither), so the marks are made, and looked at, only then. */
    uint8_t *drop = tmp->b;
    int drops = 0, spaced = maybe_spaced(in);
    int syllables = memchr(in->b, '-', n) != NULL || memchr(in->b, '_', n) != NULL;
    if (spaced || syllables) {
        memset(drop, 0, n);
        if (spaced)
            drops |= mark_spaced(in, drop);
        if (syllables)
            drops |= mark_syllables(in, drop);
    }
    flagged_words fw;
    fw.n = 0;
    out->len = drops ? letters_main(in, out, drop, 1, &fw) : letters_main(in, out, NULL, 0, &fw);
    /* Latin letters inside a Russian word, then digits: "пиzдец", "6лять", "п1зда", "3аебал", "3ae6al".
     * Only the words flagged above can change: each of them, or (past FLAGGED_MAX) every word from the
     * first one on. */
    size_t nw = fw.n > FLAGGED_MAX ? 1 : fw.n;
    for (size_t w = 0; w < nw; w++)
        fix_words(out, fw.start[w], fw.n > FLAGGED_MAX ? out->len : fw.start[w] + 1);
    out->b[out->len] = 0;
    return CG_OK;
}

/* The word pass over the words of out that start in [from, until): "from" is a word's start. */
static void fix_words(cg_view *out, size_t from, size_t until)
{
    size_t i = from;
    while (i < out->len && i < until) {
        if (!IS(out->b[i], CG_CLS_WORD) && out->b[i] != '*') {
            i++;
            continue;
        }
        size_t s = i;
        unsigned mask = 0;
        while (i < out->len && (IS(out->b[i], CG_CLS_WORD) || out->b[i] == '*'))
            mask |= cg_char_class[out->b[i++]];
        if (!(mask & (CG_CLS_LATIN | CG_CLS_DIGIT)))
            continue; /* neither step below touches a word without a Latin letter or a digit */
        unsigned cyr = 0, dig = 0, lat = 0, lat_mapped = 0, dig_mapped = 0, other = 0;
        for (i = s; i < out->len && (IS(out->b[i], CG_CLS_WORD) || out->b[i] == '*');) {
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
}
