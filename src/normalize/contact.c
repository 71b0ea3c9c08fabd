/* contact.c — the contact view: addresses as their writers meant them.
 *
 *  - spelled "@": собака, sobaka, (at), [at], {at}, and " at ", "эт", "dog" between Latin words;
 *  - spelled ".": точка, tochka, тчк, (dot), [dot], [.], (.), and "dot" between Latin words;
 *    the spaces around a restored or real "@"/"." between two words are removed;
 *  - providers spelled after "@": гмейл → gmail.com, мейл ру → mail.ru, яндекс → yandex.ru ...;
 *    top-level domains spelled in Cyrillic after ".": ру → ru, ком → com;
 *  - letter-spaced words joined: "t . m e / s h o p" → "t.me/shop".
 */
#include <string.h>

#include "../internal.h"

#define IS(c, cls) (cg_char_class[(uint8_t)(c)] & (cls))

enum { LEFT_ANY = 0, LATIN_BOTH = 1 };

/* The tables are written in the internal alphabet (CP1251 positions for Russian letters; the comments
 * show the words), with their lengths, so matching is a memcmp. */
typedef struct word {
    const char *b;
    size_t len;
} word;
#define W(lit) {lit, sizeof(lit) - 1}

/* Spelled symbols. `when`: LEFT_ANY needs a word on both sides; LATIN_BOTH needs Latin words. */
static const struct { word w; char sym; char when; } spelled[] = {
    {W("[\xf1\xee\xe1\xe0\xea\xe0]"), '@', LEFT_ANY}, /* [собака] */
    {W("{\xf1\xee\xe1\xe0\xea\xe0}"), '@', LEFT_ANY}, /* {собака} */
    {W("[\xf2\xee\xf7\xea\xe0]"), '.', LEFT_ANY}, /* [точка] */
    {W("{\xf2\xee\xf7\xea\xe0}"), '.', LEFT_ANY}, /* {точка} */
    {W("\xf1\xee\xe1\xe0\xea\xe0"), '@', LEFT_ANY}, /* собака */
    {W("sobaka"), '@', LEFT_ANY}, /* sobaka */
    {W("(at)"), '@', LEFT_ANY}, /* (at) */
    {W("[at]"), '@', LEFT_ANY}, /* [at] */
    {W("{at}"), '@', LEFT_ANY}, /* {at} */
    {W("(\xf1\xee\xe1\xe0\xea\xe0)"), '@', LEFT_ANY}, /* (собака) */
    {W("(a)"), '@', LEFT_ANY}, /* (a) */
    {W("at"), '@', LATIN_BOTH}, /* at */
    {W("\xfd\xf2"), '@', LATIN_BOTH}, /* эт */
    {W("dog"), '@', LATIN_BOTH}, /* dog */
    {W("\xf2\xee\xf7\xea\xe0"), '.', LEFT_ANY}, /* точка */
    {W("tochka"), '.', LEFT_ANY}, /* tochka */
    {W("\xf2\xf7\xea"), '.', LEFT_ANY}, /* тчк */
    {W("(dot)"), '.', LEFT_ANY}, /* (dot) */
    {W("[dot]"), '.', LEFT_ANY}, /* [dot] */
    {W("{dot}"), '.', LEFT_ANY}, /* {dot} */
    {W("[.]"), '.', LEFT_ANY}, /* [.] */
    {W("(.)"), '.', LEFT_ANY}, /* (.) */
    {W("{.}"), '.', LEFT_ANY}, /* {.} */
    {W("(\xf2\xee\xf7\xea\xe0)"), '.', LEFT_ANY}, /* (точка) */
    {W("dot"), '.', LATIN_BOTH}, /* dot */
};

/* Mail providers written out after "@", and what they stand for. Two-word forms first. */
static const struct { word w; const char *domain; } providers[] = {
    {W("\xec\xe5\xe9\xeb \xf0\xf3"), "mail.ru"}, /* мейл ру */
    {W("\xec\xe0\xe9\xeb \xf0\xf3"), "mail.ru"}, /* майл ру */
    {W("\xec\xfd\xe9\xeb \xf0\xf3"), "mail.ru"}, /* мэйл ру */
    {W("\xff\xed\xe4\xe5\xea\xf1 \xf0\xf3"), "yandex.ru"}, /* яндекс ру */
    {W("\xe3\xec\xe5\xe9\xeb"), "gmail.com"}, /* гмейл */
    {W("\xe3\xec\xe0\xe9\xeb"), "gmail.com"}, /* гмайл */
    {W("\xe4\xe6\xe8\xec\xe5\xe9\xeb"), "gmail.com"}, /* джимейл */
    {W("\xe4\xe6\xe8\xec\xfd\xe9\xeb"), "gmail.com"}, /* джимэйл */
    {W("\xe3\xec\xe5\xe8\xeb"), "gmail.com"}, /* гмеил */
    {W("\xec\xe5\xe9\xeb\xf0\xf3"), "mail.ru"}, /* мейлру */
    {W("\xec\xe0\xe9\xeb\xf0\xf3"), "mail.ru"}, /* майлру */
    {W("\xff\xed\xe4\xe5\xea\xf1"), "yandex.ru"}, /* яндекс */
    {W("\xf0\xe0\xec\xe1\xeb\xe5\xf0"), "rambler.ru"}, /* рамблер */
    {W("\xec\xe5\xe9\xeb"), "mail.ru"}, /* мейл */
    {W("\xec\xe0\xe9\xeb"), "mail.ru"}, /* майл */
    {W("\xec\xfd\xe9\xeb"), "mail.ru"}, /* мэйл */
};

/* Top-level domains spelled in Cyrillic after a dot. */
static const struct { word w; const char *tld; } tlds[] = {
    {W("\xf0\xf3"), "ru"}, /* ру */
    {W("\xea\xee\xec"), "com"}, /* ком */
    {W("\xed\xe5\xf2"), "net"}, /* нет */
    {W("\xee\xf0\xe3"), "org"}, /* орг */
    {W("\xf1\xf3"), "su"}, /* су */
    {W("\xe1\xe0\xe9"), "by"}, /* бай */
    {W("\xea\xe7"), "kz"}, /* кз */
};

/* Can a spelled symbol start with c? (Most characters cannot: this keeps the loop below cheap.) */
static int may_start_spelled(uint8_t c)
{
    return c == 0xF1 /* с */ || c == 0xF2 /* т */ || c == 0xFD /* э */ || c == 's' || c == 't' || c == 'a' ||
           c == 'd' || c == '(' || c == '[' || c == '{';
}

/* Does w occur at in->b[i] as a whole token (word-bounded where its ends are word characters)? */
static size_t match_at(const cg_view *in, size_t i, const word *w)
{
    if (i + w->len > in->len || in->b[i] != (uint8_t)w->b[0] || memcmp(in->b + i, w->b, w->len) != 0)
        return 0;
    if (IS(w->b[0], CG_CLS_WORD) && i > 0 && IS(in->b[i - 1], CG_CLS_WORD))
        return 0;
    if (IS(w->b[w->len - 1], CG_CLS_WORD) && i + w->len < in->len && IS(in->b[i + w->len], CG_CLS_WORD))
        return 0;
    return w->len;
}

/* Is the token ending right before position `end` (of out) made of ASCII letters and digits? */
static int latin_before(const cg_view *out)
{
    size_t e = out->len;
    if (e > 0 && out->b[e - 1] == ' ')
        e--;
    if (e == 0 || !IS(out->b[e - 1], CG_CLS_WORD))
        return 0;
    while (e > 0 && IS(out->b[e - 1], CG_CLS_WORD)) {
        if (IS(out->b[e - 1], CG_CLS_CYR) || out->b[e - 1] == CG_CH_OTHER_LETTER)
            return 0;
        e--;
    }
    return 1;
}

static int latin_after(const cg_view *in, size_t i)
{
    if (i >= in->len || !IS(in->b[i], CG_CLS_WORD))
        return 0;
    while (i < in->len && IS(in->b[i], CG_CLS_WORD)) {
        if (IS(in->b[i], CG_CLS_CYR) || in->b[i] == CG_CH_OTHER_LETTER)
            return 0;
        i++;
    }
    return 1;
}

static int word_before(const cg_view *out)
{
    size_t e = out->len;
    if (e > 0 && out->b[e - 1] == ' ')
        e--;
    return e > 0 && IS(out->b[e - 1], CG_CLS_WORD);
}

/* Mark the spaces inside letter-spaced runs ("t . m e"): at least four one-character tokens in a row,
 * three of them letters or digits. */
static void mark_spaced_runs(const cg_view *in, uint8_t *join)
{
    size_t i = 0, n = in->len;
    while (i < n) {
        size_t s = i, singles = 0, alnum = 0, j = i;
        /* tokens of one character separated by single spaces */
        while (j < n && in->b[j] != ' ' && (j + 1 == n || in->b[j + 1] == ' ')) {
            singles++;
            alnum += IS(in->b[j], CG_CLS_WORD) ? 1 : 0;
            if (j + 1 >= n)
                break;
            j += 2;
        }
        if (singles >= 4 && alnum >= 3) {
            for (size_t k = s; k < j && k < n; k++)
                if (in->b[k] == ' ')
                    join[k] = 1;
            i = j + 1;
        } else {
            /* skip to the next token start */
            while (i < n && in->b[i] != ' ')
                i++;
            i++;
        }
    }
}

static int put_str(cg_view *out, const char *s, uint32_t os, uint32_t oe)
{
    size_t n = strlen(s);
    if (cg_view_reserve(out, out->len + n) != 0)
        return -1;
    for (size_t k = 0; k < n; k++)
        cg_view_put(out, (uint8_t)s[k], os, oe);
    return 0;
}

int cg_build_contact_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    enum { NSP = sizeof spelled / sizeof spelled[0], NPR = sizeof providers / sizeof providers[0],
           NTLD = sizeof tlds / sizeof tlds[0] };
    out->len = 0;
    /* tmp's bytes hold one mark per input character: the spaces of letter-spaced runs to drop. */
    if (cg_view_reserve(out, in->len + 16) != 0 || cg_view_reserve(tmp, in->len) != 0)
        return CG_E_NOMEM;
    uint8_t *join = tmp->b;
    memset(join, 0, in->len);
    mark_spaced_runs(in, join);

    size_t i = 0, n = in->len;
    while (i < n) {
        if (in->b[i] == ' ' && join[i]) {
            i++;
            continue;
        }
        /* After "@": a provider spelled out. */
        if (out->len > 0 && out->b[out->len - 1] == '@') {
            size_t ml = 0, k;
            for (k = 0; k < NPR && !ml; k++)
                ml = match_at(in, i, &providers[k].w);
            if (ml) {
                if (put_str(out, providers[k - 1].domain, in->os[i], in->oe[i + ml - 1]) != 0)
                    return CG_E_NOMEM;
                i += ml;
                continue;
            }
        }
        /* After "word.": a top-level domain spelled in Cyrillic. */
        if (out->len > 1 && out->b[out->len - 1] == '.' && IS(out->b[out->len - 2], CG_CLS_WORD)) {
            size_t ml = 0, k;
            for (k = 0; k < NTLD && !ml; k++)
                ml = match_at(in, i, &tlds[k].w);
            if (ml) {
                if (put_str(out, tlds[k - 1].tld, in->os[i], in->oe[i + ml - 1]) != 0)
                    return CG_E_NOMEM;
                i += ml;
                continue;
            }
        }
        uint8_t sym = 0;
        size_t ml = 0;
        uint8_t c = in->b[i];
        /* Spelled symbols start a token: skip the table inside words and for characters none starts with. */
        int try_spelled = may_start_spelled(c) && !(IS(c, CG_CLS_WORD) && i > 0 && IS(in->b[i - 1], CG_CLS_WORD));
        for (size_t k = 0; k < NSP && !ml && try_spelled; k++) {
            if ((uint8_t)spelled[k].w.b[0] != c || (ml = match_at(in, i, &spelled[k].w)) == 0)
                continue;
            size_t after = i + ml;
            while (after < n && in->b[after] == ' ')
                after++;
            int ok = spelled[k].when == LATIN_BOTH ? latin_before(out) && latin_after(in, after)
                                                   : word_before(out) && after < n && IS(in->b[after], CG_CLS_WORD);
            if (ok)
                sym = (uint8_t)spelled[k].sym;
            else
                ml = 0;
        }
        if (!ml && (in->b[i] == '@' || in->b[i] == '.')) {
            size_t after = i + 1;
            while (after < n && in->b[after] == ' ')
                after++;
            /* "ivan @ mail.ru" is an address, "в инсте @shop" a word and a handle: around a written '@'
             * spaces go only after a Latin word (local parts are Latin). */
            int spaced = (out->len > 0 && out->b[out->len - 1] == ' ') || after > i + 1;
            int ok_left = in->b[i] == '.' || !spaced ? word_before(out) : latin_before(out);
            if (ok_left && after < n && IS(in->b[after], CG_CLS_WORD)) {
                sym = in->b[i];
                ml = 1;
            }
        }
        if (ml) {
            /* Between two words the symbol swallows the spaces around it: "ivan @ mail . ru". */
            if (out->b[out->len - 1] == ' ')
                out->len--;
            if (cg_view_reserve(out, out->len + 1) != 0)
                return CG_E_NOMEM;
            cg_view_put(out, sym, in->os[i], in->oe[i + ml - 1]);
            i += ml;
            while (i < n && in->b[i] == ' ')
                i++;
            continue;
        }
        if (cg_view_reserve(out, out->len + 1) != 0)
            return CG_E_NOMEM;
        cg_view_put(out, in->b[i], in->os[i], in->oe[i]);
        i++;
    }
    out->b[out->len] = 0;
    return CG_OK;
}
