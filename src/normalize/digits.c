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

static const struct numeral *find_numeral(const uint8_t *w, size_t len)
{
    /* Every numeral starts with one of в д н о п с т ч ш: most words are ruled out by their first letter. */
    switch (w[0]) {
    case 0xE2: case 0xE4: case 0xED: case 0xEE: case 0xEF: case 0xF1: case 0xF2: case 0xF7: case 0xF8:
        break;
    default:
        return NULL;
    }
    for (size_t i = 0; i < sizeof numerals_table / sizeof numerals_table[0]; i++)
        if (numerals_table[i].len == len && (uint8_t)numerals_table[i].word[0] == w[0] &&
            memcmp(numerals_table[i].word, w, len) == 0)
            return &numerals_table[i];
    return NULL;
}

/* The digit a look-alike character stands for, or 0. */
static uint8_t look_alike_digit(uint8_t c)
{
    switch (c) {
    case 'o': case 0xEE: /* о */ return '0';
    case 0xE7: /* з */ return '3';
    case 'i': case 'l': case '|': return '1';
    case 0xE1: /* б */ return '6';
    case 0xF7: /* ч */ return '4';
    default: return 0;
    }
}

/* Look-alikes that are also common one-letter words or size marks ("S", "M, L"): they count only inside
 * a token that holds a real digit ("S4O", "2l S7"), never as a token of their own. */
static uint8_t weak_look_alike_digit(uint8_t c) { return c == 's' ? '5' : 0; }

static int in_token(uint8_t c) { return IS(c, CG_CLS_WORD) || c == '|'; }

/* Separators people put between digit groups of one number. */
static int is_digit_sep(uint8_t c)
{
    return c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == ',' || c == '_' || c == '/' ||
           c == ':' || c == '~' || c == '*' || c == '|';
}

typedef struct token {
    size_t s, e;        /* [s, e) in the text view */
    unsigned digits, looks, others;
    const struct numeral *num;
} token;

static void classify(const cg_view *in, token *t)
{
    unsigned weak = 0;
    t->digits = t->looks = t->others = 0;
    for (size_t i = t->s; i < t->e; i++) {
        uint8_t c = in->b[i];
        if (IS(c, CG_CLS_DIGIT))
            t->digits++;
        else if (look_alike_digit(c))
            t->looks++;
        else if (weak_look_alike_digit(c))
            weak++;
        else
            t->others++;
    }
    if (t->digits)
        t->looks += weak;
    else
        t->others += weak;
    t->num = t->digits == 0 ? find_numeral(in->b + t->s, t->e - t->s) : NULL;
}

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

/* Next token at or after position i, or t->s = in->len if none. */
static void next_token(const cg_view *in, size_t i, token *t)
{
    while (i < in->len && !in_token(in->b[i]))
        i++;
    t->s = i;
    while (i < in->len && in_token(in->b[i]))
        i++;
    t->e = i;
    if (t->s < in->len)
        classify(in, t);
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
            if (find_numeral(in->b + i, e - i))
                return 1;
            i = e - 1;
        }
    }
    return 0;
}

int cg_build_digits_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    if (!has_numbers(in)) {
        if (cg_view_reserve(out, in->len) != 0)
            return CG_E_NOMEM;
        memcpy(out->b, in->b, in->len + 1);
        memcpy(out->os, in->os, in->len * sizeof *in->os);
        memcpy(out->oe, in->oe, in->len * sizeof *in->oe);
        out->len = in->len;
        return CG_OK;
    }
    /* Steps 1 and 2 into tmp. A numeral group may grow ("сто" → "100"), so reserve three bytes each. */
    tmp->len = 0;
    if (cg_view_reserve(tmp, in->len * 3) != 0 || cg_view_reserve(out, in->len * 3) != 0)
        return CG_E_NOMEM;
    size_t i = 0;
    token prev = {0, 0, 0, 0, 1, NULL}; /* "others" = 1: no digit token before the first */
    while (i < in->len) {
        if (!in_token(in->b[i])) {
            cg_view_put(tmp, in->b[i], in->os[i], in->oe[i]);
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
            for (int k = 0; k < nd; k++)
                cg_view_put(tmp, (uint8_t)digits[k], in->os[t.s], in->oe[last.e - 1]);
            prev = last;
            prev.digits = 1, prev.others = 0, prev.looks = 0;
            i = last.e;
            continue;
        }
        if (t.digits > 0 && t.others > 0 && glued_numerals(in, &t, tmp)) {
            prev = t;
            prev.digits += prev.others, prev.others = 0;
            i = t.e;
            continue;
        }
        if (bar_separated(in, &t)) {
            /* kept as written: '|' is a separator, dropped between digits below */
            for (size_t k = t.s; k < t.e; k++)
                cg_view_put(tmp, in->b[k], in->os[k], in->oe[k]);
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
        for (size_t k = t.s; k < t.e; k++) {
            uint8_t c = in->b[k], d = convert ? look_alike_digit(c) : 0;
            if (convert && !d)
                d = weak_look_alike_digit(c);
            cg_view_put(tmp, d ? d : c, in->os[k], in->oe[k]);
        }
        prev = t;
        if (convert)
            prev.digits += prev.looks, prev.looks = 0;
        i = t.e;
    }
    /* Step 3: drop separators between digits. */
    out->len = 0;
    size_t n = tmp->len;
    i = 0;
    while (i < n) {
        uint8_t c = tmp->b[i];
        if (is_digit_sep(c) && out->len > 0 && IS(out->b[out->len - 1], CG_CLS_DIGIT)) {
            size_t j = i;
            while (j < n && j - i < 3 && is_digit_sep(tmp->b[j]))
                j++;
            if (j < n && IS(tmp->b[j], CG_CLS_DIGIT)) {
                i = j;
                continue;
            }
            /* an ellipsis between groups, spaced or not: "8 951 ... 204 ... 33" */
            j = i + (tmp->b[i] == ' ');
            size_t dots = 0;
            while (j < n && dots < 3 && tmp->b[j] == '.')
                j++, dots++;
            j += j < n && tmp->b[j] == ' ';
            if (dots >= 2 && j < n && IS(tmp->b[j], CG_CLS_DIGIT)) {
                i = j;
                continue;
            }
        }
        cg_view_put(out, c, tmp->os[i], tmp->oe[i]);
        i++;
    }
    out->b[out->len] = 0;
    return CG_OK;
}
