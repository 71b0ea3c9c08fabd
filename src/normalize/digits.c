/* digits.c — the digits view: numbers as a phone filter must see them.
 *
 * Three steps on the text view:
 *  1. Russian numerals become digits, composed the way people dictate phone numbers in groups:
 *     "восемь девятьсот шестнадцать" → "8 916", also mixed with digits ("девятьсот 12" → "912").
 *  2. Letters that look like digits become digits, but only inside a digit run: "9I2" → "912",
 *     "З45" → "345", and a short all-look-alike token ("ЗОО") between digit tokens.
 *  3. Separators between digits are dropped: "8 (916) 123-45-67" → "89161234567". The gaps stay in the
 *     offset map (os[i] > oe[i-1]), which is the grouping evidence validators read.
 */
#include <string.h>

#include "../internal.h"

#define IS(c, cls) (cg_char_class[(uint8_t)(c)] & (cls))

enum num_class { NUM_UNIT, NUM_TEEN, NUM_TENS, NUM_HUNDREDS };

/* Numerals in the internal alphabet (CP1251 positions), with common misspellings. */
static const struct numeral {
    const char *word;
    unsigned char len;
    short value;
    unsigned char cls;
} numerals_table[] = {
    {"\xed\xee\xeb\xfc", 4, 0, NUM_UNIT}, /* ноль */
    {"\xed\xf3\xeb\xfc", 4, 0, NUM_UNIT}, /* нуль */
    {"\xee\xe4\xe8\xed", 4, 1, NUM_UNIT}, /* один */
    {"\xee\xe4\xed\xe0", 4, 1, NUM_UNIT}, /* одна */
    {"\xee\xe4\xed\xee", 4, 1, NUM_UNIT}, /* одно */
    {"\xe4\xe2\xe0", 3, 2, NUM_UNIT}, /* два */
    {"\xe4\xe2\xe5", 3, 2, NUM_UNIT}, /* две */
    {"\xf2\xf0\xe8", 3, 3, NUM_UNIT}, /* три */
    {"\xf7\xe5\xf2\xfb\xf0\xe5", 6, 4, NUM_UNIT}, /* четыре */
    {"\xef\xff\xf2\xfc", 4, 5, NUM_UNIT}, /* пять */
    {"\xf8\xe5\xf1\xf2\xfc", 5, 6, NUM_UNIT}, /* шесть */
    {"\xf1\xe5\xec\xfc", 4, 7, NUM_UNIT}, /* семь */
    {"\xe2\xee\xf1\xe5\xec\xfc", 6, 8, NUM_UNIT}, /* восемь */
    {"\xe4\xe5\xe2\xff\xf2\xfc", 6, 9, NUM_UNIT}, /* девять */
    {"\xe4\xe5\xf1\xff\xf2\xfc", 6, 10, NUM_TEEN}, /* десять */
    {"\xee\xe4\xe8\xed\xed\xe0\xe4\xf6\xe0\xf2\xfc", 11, 11, NUM_TEEN}, /* одиннадцать */
    {"\xe4\xe2\xe5\xed\xe0\xe4\xf6\xe0\xf2\xfc", 10, 12, NUM_TEEN}, /* двенадцать */
    {"\xf2\xf0\xe8\xed\xe0\xe4\xf6\xe0\xf2\xfc", 10, 13, NUM_TEEN}, /* тринадцать */
    {"\xf7\xe5\xf2\xfb\xf0\xed\xe0\xe4\xf6\xe0\xf2\xfc", 12, 14, NUM_TEEN}, /* четырнадцать */
    {"\xef\xff\xf2\xed\xe0\xe4\xf6\xe0\xf2\xfc", 10, 15, NUM_TEEN}, /* пятнадцать */
    {"\xf8\xe5\xf1\xf2\xed\xe0\xe4\xf6\xe0\xf2\xfc", 11, 16, NUM_TEEN}, /* шестнадцать */
    {"\xf1\xe5\xec\xed\xe0\xe4\xf6\xe0\xf2\xfc", 10, 17, NUM_TEEN}, /* семнадцать */
    {"\xe2\xee\xf1\xe5\xec\xed\xe0\xe4\xf6\xe0\xf2\xfc", 12, 18, NUM_TEEN}, /* восемнадцать */
    {"\xe4\xe5\xe2\xff\xf2\xed\xe0\xe4\xf6\xe0\xf2\xfc", 12, 19, NUM_TEEN}, /* девятнадцать */
    {"\xe4\xe2\xe0\xe4\xf6\xe0\xf2\xfc", 8, 20, NUM_TENS}, /* двадцать */
    {"\xf2\xf0\xe8\xe4\xf6\xe0\xf2\xfc", 8, 30, NUM_TENS}, /* тридцать */
    {"\xf1\xee\xf0\xee\xea", 5, 40, NUM_TENS}, /* сорок */
    {"\xef\xff\xf2\xfc\xe4\xe5\xf1\xff\xf2", 9, 50, NUM_TENS}, /* пятьдесят */
    {"\xef\xff\xf2\xe4\xe5\xf1\xff\xf2", 8, 50, NUM_TENS}, /* пятдесят */
    {"\xf8\xe5\xf1\xf2\xfc\xe4\xe5\xf1\xff\xf2", 10, 60, NUM_TENS}, /* шестьдесят */
    {"\xf8\xe5\xf1\xf2\xe4\xe5\xf1\xff\xf2", 9, 60, NUM_TENS}, /* шестдесят */
    {"\xf1\xe5\xec\xfc\xe4\xe5\xf1\xff\xf2", 9, 70, NUM_TENS}, /* семьдесят */
    {"\xf1\xe5\xec\xe4\xe5\xf1\xff\xf2", 8, 70, NUM_TENS}, /* семдесят */
    {"\xe2\xee\xf1\xe5\xec\xfc\xe4\xe5\xf1\xff\xf2", 11, 80, NUM_TENS}, /* восемьдесят */
    {"\xe2\xee\xf1\xe5\xec\xe4\xe5\xf1\xff\xf2", 10, 80, NUM_TENS}, /* восемдесят */
    {"\xe4\xe5\xe2\xff\xed\xee\xf1\xf2\xee", 9, 90, NUM_TENS}, /* девяносто */
    {"\xf1\xf2\xee", 3, 100, NUM_HUNDREDS}, /* сто */
    {"\xe4\xe2\xe5\xf1\xf2\xe8", 6, 200, NUM_HUNDREDS}, /* двести */
    {"\xf2\xf0\xe8\xf1\xf2\xe0", 6, 300, NUM_HUNDREDS}, /* триста */
    {"\xf7\xe5\xf2\xfb\xf0\xe5\xf1\xf2\xe0", 9, 400, NUM_HUNDREDS}, /* четыреста */
    {"\xef\xff\xf2\xfc\xf1\xee\xf2", 7, 500, NUM_HUNDREDS}, /* пятьсот */
    {"\xef\xff\xf2\xf1\xee\xf2", 6, 500, NUM_HUNDREDS}, /* пятсот */
    {"\xf8\xe5\xf1\xf2\xfc\xf1\xee\xf2", 8, 600, NUM_HUNDREDS}, /* шестьсот */
    {"\xf8\xe5\xf1\xf2\xf1\xee\xf2", 7, 600, NUM_HUNDREDS}, /* шестсот */
    {"\xf1\xe5\xec\xfc\xf1\xee\xf2", 7, 700, NUM_HUNDREDS}, /* семьсот */
    {"\xf1\xe5\xec\xf1\xee\xf2", 6, 700, NUM_HUNDREDS}, /* семсот */
    {"\xe2\xee\xf1\xe5\xec\xfc\xf1\xee\xf2", 9, 800, NUM_HUNDREDS}, /* восемьсот */
    {"\xe2\xee\xf1\xe5\xec\xf1\xee\xf2", 8, 800, NUM_HUNDREDS}, /* восемсот */
    {"\xe4\xe5\xe2\xff\xf2\xfc\xf1\xee\xf2", 9, 900, NUM_HUNDREDS}, /* девятьсот */
    {"\xe4\xe5\xe2\xff\xf2\xf1\xee\xf2", 8, 900, NUM_HUNDREDS}, /* девятсот */};

/* The entries of numerals_table (their indices, in table order) that start with c, ending with NONE; in
 * *lens a bit for each of their lengths, in *second a bit for each of their second letters (all Russian:
 * bit k is 0xE0 + k). NULL for a letter no numeral starts with. cg_digits_selfcheck checks these
 * against the table. */
enum { NONE = 0xFF };
static inline const uint8_t *numerals_starting(uint8_t c, unsigned *lens, uint32_t *second)
{
    switch (c) {
    case 0xE2: { /* в */
        static const uint8_t k[] = {12, 22, 33, 34, 46, 47, NONE};
        *lens = 0x1F40, *second = 0x00004000u;
        return k;
    }
    case 0xE4: { /* д */
        static const uint8_t k[] = {5, 6, 13, 14, 16, 23, 24, 35, 37, 48, 49, NONE};
        *lens = 0x1748, *second = 0x00000024u;
        return k;
    }
    case 0xED: { /* н */
        static const uint8_t k[] = {0, 1, NONE};
        *lens = 0x0010, *second = 0x00084000u;
        return k;
    }
    case 0xEE: { /* о */
        static const uint8_t k[] = {2, 3, 4, 15, NONE};
        *lens = 0x0810, *second = 0x00000010u;
        return k;
    }
    case 0xEF: { /* п */
        static const uint8_t k[] = {9, 19, 27, 28, 40, 41, NONE};
        *lens = 0x07D0, *second = 0x80000000u;
        return k;
    }
    case 0xF1: { /* с */
        static const uint8_t k[] = {11, 21, 26, 31, 32, 36, 44, 45, NONE};
        *lens = 0x07F8, *second = 0x00044020u;
        return k;
    }
    case 0xF2: { /* т */
        static const uint8_t k[] = {7, 17, 25, 38, NONE};
        *lens = 0x0548, *second = 0x00010000u;
        return k;
    }
    case 0xF7: { /* ч */
        static const uint8_t k[] = {8, 18, 39, NONE};
        *lens = 0x1240, *second = 0x00000020u;
        return k;
    }
    case 0xF8: { /* ш */
        static const uint8_t k[] = {10, 20, 29, 30, 42, 43, NONE};
        *lens = 0x0FA0, *second = 0x00000020u;
        return k;
    }
    default:
        return NULL;
    }
}

static const struct numeral *find_numeral(const uint8_t *w, size_t len)
{
    /* Every numeral starts with one of в д н о п с т ч ш: most words are ruled out by their first letter,
     * length and second letter, the rest by a handful of entries. */
    unsigned lens;
    uint32_t second;
    const uint8_t *k = numerals_starting(w[0], &lens, &second);
    if (!k || len > 15 || !(lens >> len & 1) || w[1] < 0xE0 || !(second >> (w[1] - 0xE0) & 1))
        return NULL;
    for (; *k != NONE; k++)
        if (numerals_table[*k].len == len && memcmp(numerals_table[*k].word, w, len) == 0)
            return &numerals_table[*k];
    return NULL;
}

/* The digit a look-alike character stands for, or 0 (a table: it is asked for every character of a
 * token). */
static const uint8_t look_alike_digits[256] = {
    ['o'] = '0', [0xEE] = '0' /* о */, [0xE7] = '3' /* з */, ['i'] = '1', ['l'] = '1', ['|'] = '1',
    [0xE1] = '6' /* б */, [0xF7] = '4' /* ч */,
};
static uint8_t look_alike_digit(uint8_t c) { return look_alike_digits[c]; }

/* Look-alikes that are also common one-letter words or size marks ("S", "M, L"): they count only inside
 * a token that holds a real digit ("S4O", "2l S7"), never as a token of their own. */
static uint8_t weak_look_alike_digit(uint8_t c) { return c == 's' ? '5' : 0; }

static int in_token(uint8_t c) { return IS(c, CG_CLS_WORD) || c == '|'; }

/* Separators people put between digit groups of one number. */
static const uint8_t digit_seps[256] = {
    [' '] = 1, ['-'] = 1, ['('] = 1, [')'] = 1, ['.'] = 1, [','] = 1, ['_'] = 1, ['/'] = 1, [':'] = 1,
    ['~'] = 1, ['*'] = 1, ['|'] = 1,
};
static int is_digit_sep(uint8_t c) { return digit_seps[c]; }

typedef struct token {
    size_t s, e;        /* [s, e) in the text view */
    unsigned digits, looks, others;
    const struct numeral *num;
} token;

/* "8|916|204|11|37": bars between digit groups, three or more of them, separate the groups; a bar here
 * and there inside a number is a 1 ("9|2"). */
static int bar_separated(const cg_view *in, const token *t)
{
    unsigned bars = 0;
    for (size_t i = t->s; i < t->e; i++) {
        uint8_t c = in->b[i];
        if (c == '|') {
            if (i == t->s || i + 1 == t->e || !IS(in->b[i - 1], CG_CLS_DIGIT) || !IS(in->b[i + 1], CG_CLS_DIGIT))
                return 0;
            bars++;
        } else if (!IS(c, CG_CLS_DIGIT)) {
            return 0;
        }
    }
    return bars >= 3;
}

/* A token of digits and unit numerals glued together ("9ноль5", "ноль7"): write it as digits into out,
 * each numeral's digit mapped to the whole numeral. Returns 0 (and writes nothing) unless the token is
 * exactly that, with at least one numeral. */
static int glued_numerals(const cg_view *in, const token *t, cg_view *out)
{
    size_t mark = out->len, i = t->s;
    int numerals = 0;
    while (i < t->e) {
        uint8_t c = in->b[i];
        if (IS(c, CG_CLS_DIGIT)) {
            cg_view_put(out, c, in->os[i], in->oe[i]);
            i++;
            continue;
        }
        const struct numeral *m = NULL;
        for (size_t k = 0; k < sizeof numerals_table / sizeof numerals_table[0] && !m; k++) {
            const struct numeral *u = &numerals_table[k];
            if (u->cls == NUM_UNIT && i + u->len <= t->e && memcmp(in->b + i, u->word, u->len) == 0)
                m = u;
        }
        if (!m) {
            out->len = mark;
            return 0;
        }
        cg_view_put(out, (uint8_t)('0' + m->value), in->os[i], in->oe[i + m->len - 1]);
        i += m->len;
        numerals++;
    }
    if (!numerals)
        out->len = mark;
    return numerals > 0;
}

/* Is the text between two tokens only digit separators? */
static int sep_gap(const cg_view *in, size_t a, size_t b)
{
    if (b - a > 3)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!is_digit_sep(in->b[i]))
            return 0;
    return 1;
}

/* Is the text between two numerals of one dictated group only spaces or a hyphen? A comma or a full stop
 * ends the group: "триста, двадцать, двадцать" is dictated as 300 20 20, not 320 20. */
static int word_gap(const cg_view *in, size_t a, size_t b)
{
    if (b - a > 3)
        return 0;
    for (size_t i = a; i < b; i++)
        if (in->b[i] != ' ' && in->b[i] != '-')
            return 0;
    return 1;
}

static int digit_token(const token *t) { return t->digits > 0 && t->others == 0; }

/* What each character is to a token of this view (in_token, then digit, look_alike_digit,
 * weak_look_alike_digit or anything else), so a token is found and counted with one look-up per
 * character; cg_digits_selfcheck compares it with those functions. */
enum { TK_NONE = 0, TK_DIGIT, TK_LOOK, TK_WEAK, TK_OTHER };
static const uint8_t token_kind[256] = {
    [0x30] = TK_DIGIT, [0x31] = TK_DIGIT, [0x32] = TK_DIGIT, [0x33] = TK_DIGIT, [0x34] = TK_DIGIT,
    [0x35] = TK_DIGIT, [0x36] = TK_DIGIT, [0x37] = TK_DIGIT, [0x38] = TK_DIGIT, [0x39] = TK_DIGIT,
    [0x41] = TK_OTHER, [0x42] = TK_OTHER, [0x43] = TK_OTHER, [0x44] = TK_OTHER, [0x45] = TK_OTHER,
    [0x46] = TK_OTHER, [0x47] = TK_OTHER, [0x48] = TK_OTHER, [0x49] = TK_OTHER, [0x4A] = TK_OTHER,
    [0x4B] = TK_OTHER, [0x4C] = TK_OTHER, [0x4D] = TK_OTHER, [0x4E] = TK_OTHER, [0x4F] = TK_OTHER,
    [0x50] = TK_OTHER, [0x51] = TK_OTHER, [0x52] = TK_OTHER, [0x53] = TK_OTHER, [0x54] = TK_OTHER,
    [0x55] = TK_OTHER, [0x56] = TK_OTHER, [0x57] = TK_OTHER, [0x58] = TK_OTHER, [0x59] = TK_OTHER,
    [0x5A] = TK_OTHER, [0x5F] = TK_OTHER, [0x61] = TK_OTHER, [0x62] = TK_OTHER, [0x63] = TK_OTHER,
    [0x64] = TK_OTHER, [0x65] = TK_OTHER, [0x66] = TK_OTHER, [0x67] = TK_OTHER, [0x68] = TK_OTHER,
    [0x69] = TK_LOOK, [0x6A] = TK_OTHER, [0x6B] = TK_OTHER, [0x6C] = TK_LOOK, [0x6D] = TK_OTHER,
    [0x6E] = TK_OTHER, [0x6F] = TK_LOOK, [0x70] = TK_OTHER, [0x71] = TK_OTHER, [0x72] = TK_OTHER,
    [0x73] = TK_WEAK, [0x74] = TK_OTHER, [0x75] = TK_OTHER, [0x76] = TK_OTHER, [0x77] = TK_OTHER,
    [0x78] = TK_OTHER, [0x79] = TK_OTHER, [0x7A] = TK_OTHER, [0x7C] = TK_LOOK, [0x80] = TK_OTHER,
    [0xE0] = TK_OTHER, [0xE1] = TK_LOOK, [0xE2] = TK_OTHER, [0xE3] = TK_OTHER, [0xE4] = TK_OTHER,
    [0xE5] = TK_OTHER, [0xE6] = TK_OTHER, [0xE7] = TK_LOOK, [0xE8] = TK_OTHER, [0xE9] = TK_OTHER,
    [0xEA] = TK_OTHER, [0xEB] = TK_OTHER, [0xEC] = TK_OTHER, [0xED] = TK_OTHER, [0xEE] = TK_LOOK,
    [0xEF] = TK_OTHER, [0xF0] = TK_OTHER, [0xF1] = TK_OTHER, [0xF2] = TK_OTHER, [0xF3] = TK_OTHER,
    [0xF4] = TK_OTHER, [0xF5] = TK_OTHER, [0xF6] = TK_OTHER, [0xF7] = TK_LOOK, [0xF8] = TK_OTHER,
    [0xF9] = TK_OTHER, [0xFA] = TK_OTHER, [0xFB] = TK_OTHER, [0xFC] = TK_OTHER, [0xFD] = TK_OTHER,
    [0xFE] = TK_OTHER, [0xFF] = TK_OTHER,
};

/* Next token at or after position i, or t->s = in->len if none. */
static void next_token(const cg_view *in, size_t i, token *t)
{
    const uint8_t *b = in->b;
    size_t n = in->len;
    while (i < n && token_kind[b[i]] == TK_NONE)
        i++;
    t->s = i;
    unsigned count[5] = {0, 0, 0, 0, 0};
    unsigned k;
    while (i < n && (k = token_kind[b[i]]) != TK_NONE) {
        count[k]++;
        i++;
    }
    t->e = i;
    if (t->s >= n)
        return;
    /* weak look-alikes count as look-alikes only in a token with a real digit */
    t->digits = count[TK_DIGIT];
    t->looks = count[TK_LOOK] + (t->digits ? count[TK_WEAK] : 0);
    t->others = count[TK_OTHER] + (t->digits ? 0 : count[TK_WEAK]);
    t->num = t->digits == 0 ? find_numeral(b + t->s, t->e - t->s) : NULL;
}

/* Compose a dictated group starting at numeral token t0: H [X [U] | T | U | dd], X [U | d], T, U.
 * Returns the value and the token where the group ends (*last). */
static int compose(const cg_view *in, const token *t0, token *last, int *ndigits)
{
    int value = t0->num->value;
    *last = *t0;
    *ndigits = t0->num->cls == NUM_HUNDREDS ? 3 : (t0->num->cls == NUM_UNIT ? 1 : 2);
    int want_tens = t0->num->cls == NUM_HUNDREDS, want_units = t0->num->cls != NUM_UNIT && t0->num->cls != NUM_TEEN;
    while (want_tens || want_units) {
        token t;
        next_token(in, last->e, &t);
        if (t.s >= in->len || !word_gap(in, last->e, t.s))
            break;
        int v = -1;
        if (t.num) {
            int c = t.num->cls;
            if (want_tens && (c == NUM_TENS || c == NUM_TEEN))
                v = t.num->value;
            else if (want_units && c == NUM_UNIT && t.num->value > 0)
                v = t.num->value;
            if (v >= 0) {
                value += v;
                *last = t;
                want_tens = 0;
                want_units = c == NUM_TENS;
                continue;
            }
            break;
        }
        /* Digits continue a spoken group: "девятьсот 12" is 912, "двадцать 5" is 25. */
        if (t.digits && t.looks == 0 && t.others == 0) {
            size_t n = t.e - t.s;
            int d = 0;
            /* only one or two digits can continue a group; a longer run must not overflow the sum */
            for (size_t i = t.s; i < t.e && n <= 2; i++)
                d = d * 10 + (in->b[i] - '0');
            if ((want_tens && n <= 2 && d > 0) || (!want_tens && want_units && n == 1 && d > 0)) {
                value += d;
                *last = t;
            }
        }
        break;
    }
    return value;
}

/* Does the text hold anything the digits view would change: a digit, or a numeral? Without one the
 * digits view is the text view itself, and copying it is much cheaper than building it. */
static int has_numbers(const cg_view *in)
{
    for (size_t i = 0; i < in->len; i++) {
        uint8_t c = in->b[i];
        if (IS(c, CG_CLS_DIGIT))
            return 1;
        if (IS(c, CG_CLS_CYR) && (i == 0 || !IS(in->b[i - 1], CG_CLS_WORD))) {
            size_t e = i;
            while (e < in->len && IS(in->b[e], CG_CLS_WORD))
                e++;
            /* the rest of the word is still looked at: it may go on in digits ("тел8_916_123_45_67") */
            if (find_numeral(in->b + i, e - i))
                return 1;
        }
    }
    return 0;
}

int cg_build_digits_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    if (!has_numbers(in)) {
        if (cg_view_reserve(out, in->len) != 0)
            return CG_E_NOMEM;
        out->len = 0;
        cg_view_put_run(out, in, 0, in->len);
        out->b[out->len] = 0;
        return CG_OK;
    }
    /* Steps 1 and 2 into tmp. A numeral group may grow ("сто" → "100"), so reserve three bytes each.
     * Most of the text is copied as it is: in[pend, i) waits to be copied until something is written
     * differently, and if nothing is, step 3 reads the text view itself. */
    tmp->len = 0;
    if (cg_view_reserve(tmp, in->len * 3) != 0 || cg_view_reserve(out, in->len * 3) != 0)
        return CG_E_NOMEM;
    size_t i = 0, pend = 0;
    int changed = 0;
    token prev = {0, 0, 0, 0, 1, NULL}; /* "others" = 1: no digit token before the first */
    while (i < in->len) {
        if (!in_token(in->b[i])) {
            i++;
            continue;
        }
        token t;
        next_token(in, i, &t);
        if (t.num) {
            token last;
            int nd;
            int v = compose(in, &t, &last, &nd);
            char digits[4];
            for (int k = nd - 1; k >= 0; k--, v /= 10)
                digits[k] = (char)('0' + v % 10);
            cg_view_put_run(tmp, in, pend, t.s);
            for (int k = 0; k < nd; k++)
                cg_view_put(tmp, (uint8_t)digits[k], in->os[t.s], in->oe[last.e - 1]);
            pend = last.e, changed = 1;
            prev = last;
            prev.digits = 1, prev.others = 0, prev.looks = 0;
            i = last.e;
            continue;
        }
        if (t.digits > 0 && t.others > 0) {
            /* glued_numerals writes at the end of tmp: what waits goes first */
            cg_view_put_run(tmp, in, pend, t.s);
            pend = t.s;
            if (glued_numerals(in, &t, tmp)) {
                pend = t.e, changed = 1;
                prev = t;
                prev.digits += prev.others, prev.others = 0;
                i = t.e;
                continue;
            }
        }
        if (bar_separated(in, &t)) {
            /* kept as written: '|' is a separator, dropped between digits below */
            prev = t;
            prev.digits += prev.looks, prev.looks = 0;
            i = t.e;
            continue;
        }
        int convert = t.looks > 0 && t.others == 0 && t.digits > 0;
        if (!convert && t.looks > 0 && t.others == 0 && t.digits == 0 && t.e - t.s <= 4) {
            /* A token of look-alikes only ("ЗОО") counts when a digit token sits next to it. */
            token nx;
            next_token(in, t.e, &nx);
            convert = (digit_token(&prev) && prev.e <= t.s && sep_gap(in, prev.e, t.s)) ||
                      (nx.s < in->len && digit_token(&nx) && sep_gap(in, t.e, nx.s));
        }
        if (convert) {
            cg_view_put_run(tmp, in, pend, t.s);
            for (size_t k = t.s; k < t.e; k++) {
                uint8_t c = in->b[k], d = look_alike_digit(c);
                if (!d)
                    d = weak_look_alike_digit(c);
                cg_view_put(tmp, d ? d : c, in->os[k], in->oe[k]);
            }
            pend = t.e, changed = 1;
        }
        prev = t;
        if (convert)
            prev.digits += prev.looks, prev.looks = 0;
        i = t.e;
    }
    const cg_view *src = in;
    if (changed) {
        cg_view_put_run(tmp, in, pend, in->len);
        src = tmp;
    }
    /* Step 3: drop separators between digits. A separator can go only right after a digit (the last
     * character out is always src->b[i - 1] where a separator is looked at), so the text between such
     * places is copied in runs. */
    out->len = 0;
    size_t n = src->len, run = 0;
    i = 0;
    while (i < n) {
        uint8_t c = src->b[i];
        if (!(is_digit_sep(c) && i > 0 && IS(src->b[i - 1], CG_CLS_DIGIT))) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && j - i < 3 && is_digit_sep(src->b[j]))
            j++;
        if (!(j < n && IS(src->b[j], CG_CLS_DIGIT))) {
            /* an ellipsis between groups, spaced or not: "8 951 ... 204 ... 33" */
            j = i + (src->b[i] == ' ');
            size_t dots = 0;
            while (j < n && dots < 3 && src->b[j] == '.')
                j++, dots++;
            j += j < n && src->b[j] == ' ';
            if (!(dots >= 2 && j < n && IS(src->b[j], CG_CLS_DIGIT))) {
                i++;
                continue;
            }
        }
        cg_view_put_run(out, src, run, i);
        i = run = j;
    }
    cg_view_put_run(out, src, run, n);
    out->b[out->len] = 0;
    return CG_OK;
}

int cg_digits_selfcheck(void)
{
    enum { N = sizeof numerals_table / sizeof numerals_table[0] };
    unsigned listed = 0;
    for (int c = 0; c < 256; c++) {
        unsigned lens = 0, seen = 0;
        uint32_t second = 0, seen2 = 0;
        const uint8_t *k = numerals_starting((uint8_t)c, &lens, &second);
        for (; k && *k != NONE; k++, listed++) {
            uint8_t c2 = (uint8_t)numerals_table[*k].word[1];
            if (*k >= N || (uint8_t)numerals_table[*k].word[0] != c || (k[1] != NONE && k[1] <= k[0]) || c2 < 0xE0)
                return -1;
            seen |= 1u << numerals_table[*k].len;
            seen2 |= 1u << (c2 - 0xE0);
        }
        if (k && (seen != lens || seen2 != second))
            return -1;
    }
    for (size_t i = 0; i < N; i++)
        if (numerals_table[i].len < 3 || numerals_table[i].len > 12 || strlen(numerals_table[i].word) != numerals_table[i].len)
            return -1;
    for (int c = 0; c < 256; c++) {
        uint8_t ch = (uint8_t)c;
        unsigned want = !in_token(ch)                ? TK_NONE
                        : IS(ch, CG_CLS_DIGIT)       ? TK_DIGIT
                        : look_alike_digit(ch)       ? TK_LOOK
                        : weak_look_alike_digit(ch)  ? TK_WEAK
                                                     : TK_OTHER;
        if (token_kind[c] != want)
            return -1;
    }
    return listed == N ? 0 : -1;
}
