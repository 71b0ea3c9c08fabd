/* contact.c — the contact view: addresses as their writers meant them.
 *
 *  - spelled "@": собака, собачка, sobaka, sabaka, and "at", "ат", "эт", "dog" between Latin words;
 *  - spelled ".": точка, tochka, тчк, tchk, and "dot", "дот" between Latin words (or before a spelled
 *    top-level domain: "mail дот ру");
 *  - spelled "/": слэш, слеш, slash between Latin words ("t tochka me слеш shop");
 *  - any of these, and "@" or "." themselves, in brackets: (at) [ at ] {dot} <at> /dot/ (@) [.] (собака);
 *  - собака, точка and their transliterations glued into Latin: "olgaSobaka.gmail.com",
 *    "anna1991собакаmailточкаru";
 *    the spaces around a restored or real "@"/"." between two words are removed (but a sentence's full
 *    stop, "наличии. Online", is not taken for the dot of a domain);
 *  - providers after "@": spelled ones become their names (гмейл → gmail, бк → bk); a top-level domain
 *    written after a space joins them ("бк ру" → bk.ru, "ya ру" → ya.ru), and a provider with none gets its
 *    own ("гмейл" → gmail.com);
 *  - top-level domains spelled in Cyrillic after ".": ру → ru, ком → com;
 *  - a "/" after a host takes the spaces around it: "vk . com / shop" → "vk.com/shop";
 *  - a comma between a Latin name and a top-level domain or a path is a dot: "t,me/shop", "kovry,ru";
 *  - letter-spaced words joined: "t . m e / s h o p" → "t.me/shop".
 */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../internal.h"

#define IS(c, cls) (cg_char_class[(uint8_t)(c)] & (cls))

/* A letter or digit of ASCII: what local parts, hosts and transliterated words are made of. */
static int ascii_alnum(uint8_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

enum { LEFT_ANY = 0, LATIN_BOTH = 1 };

/* The tables are written in the internal alphabet (CP1251 positions for Russian letters; the comments
 * show the words), with their lengths, so matching is a memcmp. */
typedef struct word {
    const char *b;
    size_t len;
} word;
#define W(lit) {lit, sizeof(lit) - 1}

/* Spelled symbols. `when`: LEFT_ANY needs a word on both sides; LATIN_BOTH needs Latin words (short
 * words such as "at" are English or Russian words elsewhere). `glue`: the word is distinctive enough to be
 * found glued between Latin letters or digits ("ivansobakamail"). */
static const struct { word w; char sym; char when; char glue; } spelled[] = {
    {W("\xf1\xee\xe1\xe0\xea\xe0"), '@', LEFT_ANY, 1}, /* собака */
    {W("\xf1\xee\xe1\xe0\xf7\xea\xe0"), '@', LEFT_ANY, 1}, /* собачка */
    {W("sobaka"), '@', LEFT_ANY, 1},
    {W("sobachka"), '@', LEFT_ANY, 1},
    {W("sabaka"), '@', LEFT_ANY, 1},
    {W("at"), '@', LATIN_BOTH, 0},
    {W("\xe0\xf2"), '@', LATIN_BOTH, 0}, /* ат */
    {W("\xfd\xf2"), '@', LATIN_BOTH, 0}, /* эт */
    {W("dog"), '@', LATIN_BOTH, 0},
    {W("\xf2\xee\xf7\xea\xe0"), '.', LEFT_ANY, 1}, /* точка */
    {W("tochka"), '.', LEFT_ANY, 1},
    {W("\xf2\xf7\xea"), '.', LEFT_ANY, 1}, /* тчк */
    {W("tchk"), '.', LEFT_ANY, 1},
    {W("dot"), '.', LATIN_BOTH, 0},
    {W("\xe4\xee\xf2"), '.', LATIN_BOTH, 0}, /* дот */
    {W("\xf1\xeb\xfd\xf8"), '/', LATIN_BOTH, 0}, /* слэш */
    {W("\xf1\xeb\xe5\xf8"), '/', LATIN_BOTH, 0}, /* слеш */
    {W("slash"), '/', LATIN_BOTH, 0},
};
enum { NSP = sizeof spelled / sizeof spelled[0] };

/* Brackets that enclose a spelled symbol, and their closers (quotes: «at», ‹dot› fold to them). */
static const char bracket_open[] = "([{</\"'", bracket_close[] = ")]}>/\"'";

/* Mail providers after "@": how they are spelled, their name, and their own top-level domain. Latin
 * names are kept as written and only gain the domain when none is written after them. */
static const struct { word w; const char *name; const char *tld; } providers[] = {
    {W("\xe3\xec\xe5\xe9\xeb"), "gmail", "com"}, /* гмейл */
    {W("\xe3\xec\xe0\xe9\xeb"), "gmail", "com"}, /* гмайл */
    {W("\xe3\xec\xe5\xe8\xeb"), "gmail", "com"}, /* гмеил */
    {W("\xe4\xe6\xe8\xec\xe5\xe9\xeb"), "gmail", "com"}, /* джимейл */
    {W("\xe4\xe6\xe8\xec\xfd\xe9\xeb"), "gmail", "com"}, /* джимэйл */
    {W("\xe4\xe6\xe8\xec\xe0\xe9\xeb"), "gmail", "com"}, /* джимайл */
    {W("\xec\xe5\xe9\xeb\xf0\xf3"), "mail.ru", NULL}, /* мейлру */
    {W("\xec\xe0\xe9\xeb\xf0\xf3"), "mail.ru", NULL}, /* майлру */
    {W("\xec\xe5\xe9\xeb"), "mail", "ru"}, /* мейл */
    {W("\xec\xe0\xe9\xeb"), "mail", "ru"}, /* майл */
    {W("\xec\xfd\xe9\xeb"), "mail", "ru"}, /* мэйл */
    {W("\xec\xe0\xe8\xeb"), "mail", "ru"}, /* маил */
    {W("\xff\xed\xe4\xe5\xea\xf1"), "yandex", "ru"}, /* яндекс */
    {W("\xff"), "ya", "ru"}, /* я */
    {W("\xf0\xe0\xec\xe1\xeb\xe5\xf0"), "rambler", "ru"}, /* рамблер */
    {W("\xe1\xea"), "bk", "ru"}, /* бк */
    {W("\xe8\xed\xe1\xee\xea\xf1"), "inbox", "ru"}, /* инбокс */
    {W("\xeb\xe8\xf1\xf2"), "list", "ru"}, /* лист */
    {W("\xe0\xe9\xea\xeb\xe0\xf3\xe4"), "icloud", "com"}, /* айклауд */
    {W("\xe0\xf3\xf2\xeb\xf3\xea"), "outlook", "com"}, /* аутлук */
    {W("\xf5\xee\xf2\xec\xe5\xe9\xeb"), "hotmail", "com"}, /* хотмейл */
    {W("\xff\xf5\xf3"), "yahoo", "com"}, /* яху */
    {W("\xe3\xf3\xe3\xeb"), "gmail", "com"}, /* гугл: "ivan собака гугл" is Google's mail */
    {W("gmail"), "gmail", "com"},
    {W("mail"), "mail", "ru"},
    {W("yandex"), "yandex", "ru"},
    {W("ya"), "ya", "ru"},
    {W("rambler"), "rambler", "ru"},
    {W("bk"), "bk", "ru"},
    {W("inbox"), "inbox", "ru"},
    {W("list"), "list", "ru"},
    {W("icloud"), "icloud", "com"},
    {W("outlook"), "outlook", "com"},
    {W("hotmail"), "hotmail", "com"},
    {W("yahoo"), "yahoo", "com"},
};
enum { NPR = sizeof providers / sizeof providers[0] };

/* Top-level domains spelled in Cyrillic (or transliterated from it) after a dot. */
static const struct { word w; const char *tld; } tlds[] = {
    {W("\xf0\xf3"), "ru"}, /* ру */
    {W("\xea\xee\xec"), "com"}, /* ком */
    {W("\xed\xe5\xf2"), "net"}, /* нет */
    {W("\xee\xf0\xe3"), "org"}, /* орг */
    {W("\xf1\xf3"), "su"}, /* су */
    {W("\xe1\xe0\xe9"), "by"}, /* бай */
    {W("\xea\xe7"), "kz"}, /* кз */
    {W("kom"), "com"}, /* "tochka kom": ком transliterated back */
};
enum { NTLD = sizeof tlds / sizeof tlds[0] };

/* Top-level domains that may stand after a space instead of a dot ("бк ру", "mail ru"), or after a full
 * stop and a space ("bk. ru"): the common ones that are not also words ("нет", "me", "shop" are). */
static const struct { word w; const char *tld; } spaced_tlds[] = {
    {W("ru"), "ru"}, {W("\xf0\xf3"), "ru"} /* ру */, {W("com"), "com"}, {W("\xea\xee\xec"), "com"} /* ком */,
    {W("net"), "net"}, {W("org"), "org"}, {W("su"), "su"}, {W("by"), "by"}, {W("kz"), "kz"}, {W("ua"), "ua"},
    {W("\xf0\xf4"), "\xf0\xf4"} /* рф */,
};
enum { NSTLD = sizeof spaced_tlds / sizeof spaced_tlds[0] };

/* The characters a spelled symbol can start with: the first letters of the words in `spelled` and the
 * brackets. Most characters are not, which keeps the loop below cheap (one look-up per character). */
static const uint8_t spell_start[256] = {
    [0xF1] = 1 /* с */, [0xF2] = 1 /* т */, [0xFD] = 1 /* э */, [0xE0] = 1 /* а */, [0xE4] = 1 /* д */,
    ['s'] = 1, ['t'] = 1, ['a'] = 1, ['d'] = 1,
    ['('] = 1, ['['] = 1, ['{'] = 1, ['<'] = 1, ['/'] = 1, ['"'] = 1, ['\''] = 1,
};

/* What the contact loop may do with a character, whatever is around it: nothing (copy it), or look at
 * it more closely — a space (letter-spaced runs drop theirs), a letter of spell_start, a comma (a dot
 * between ASCII letters or digits), or anything else of spell_start, '@' and '.'. */
enum { CS_PLAIN = 0, CS_SPACE, CS_CYR, CS_LETTER, CS_COMMA, CS_OTHER }; /* CS_CYR: a Russian CS_LETTER */
static const uint8_t contact_special[256] = {
    [0xF1] = CS_CYR /* с */, [0xF2] = CS_CYR /* т */, [0xFD] = CS_CYR /* э */,
    [0xE0] = CS_CYR /* а */, [0xE4] = CS_CYR /* д */,
    ['s'] = CS_LETTER, ['t'] = CS_LETTER, ['a'] = CS_LETTER, ['d'] = CS_LETTER,
    ['('] = CS_OTHER, ['['] = CS_OTHER, ['{'] = CS_OTHER, ['<'] = CS_OTHER, ['/'] = CS_OTHER, ['"'] = CS_OTHER,
    ['\''] = CS_OTHER, ['@'] = CS_OTHER, ['.'] = CS_OTHER, [' '] = CS_SPACE, [','] = CS_COMMA,
};

/* Can a word of `spelled` start with the characters c, c2? Most words starting with с, т, а, д cannot,
 * which saves the look-up through the table. cg_contact_selfcheck checks this against the table. */
static int spelled_prefix(uint8_t c, uint8_t c2)
{
    switch (c) {
    case 0xF1: return c2 == 0xEE || c2 == 0xEB;             /* со(бака), сл(эш) */
    case 0xF2: return c2 == 0xEE || c2 == 0xF7;             /* то(чка), тч(к) */
    case 0xE0: case 0xFD: return c2 == 0xF2;                /* ат, эт */
    case 0xE4: return c2 == 0xEE;                           /* до(т) */
    case 's': return c2 == 'o' || c2 == 'a' || c2 == 'l';   /* so(baka), sa(baka), sl(ash) */
    case 't': return c2 == 'o' || c2 == 'c';                /* to(chka), tc(hk) */
    case 'a': return c2 == 't';                             /* at */
    case 'd': return c2 == 'o';                             /* do(g), do(t) */
    default: return 0;
    }
}

/* Three spaces two apart ("a b c d" has them): without them there are no letter-spaced runs to mark
 * (mark_spaced_runs needs four one-character tokens in a row). */
static int spaced_triple(const cg_view *in)
{
    size_t n = in->len, i = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' ');
    for (; i + 20 <= n; i += 16) {
        __m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(in->b + i)), sp);
        __m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(in->b + i + 2)), sp);
        __m128i c = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(in->b + i + 4)), sp);
        if (_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(a, b), c)))
            return 1;
    }
#endif
    for (; i + 4 < n; i++)
        if (in->b[i] == ' ' && in->b[i + 2] == ' ' && in->b[i + 4] == ' ')
            return 1;
    return 0;
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

/* A Cyrillic top-level domain spelled at i (ру, ком ...), as a whole token: its length and domain. */
static size_t cyr_tld_at(const cg_view *in, size_t i, const char **tld)
{
    for (size_t k = 0; k < NTLD; k++) {
        size_t ml = match_at(in, i, &tlds[k].w);
        if (ml) {
            *tld = tlds[k].tld;
            return ml;
        }
    }
    return 0;
}

/* A top-level domain written as a token of its own at i (spaced_tlds). */
static size_t spaced_tld_at(const cg_view *in, size_t i, const char **tld)
{
    for (size_t k = 0; k < NSTLD; k++) {
        size_t ml = match_at(in, i, &spaced_tlds[k].w);
        if (ml) {
            *tld = spaced_tlds[k].tld;
            return ml;
        }
    }
    return 0;
}

/* A bracketed symbol at i: an opening bracket, an optional space, "@", "." or a spelled symbol (or "a"
 * for "@" in round, square and curly brackets), an optional space, the matching closer. Returns its
 * length and stores the symbol. */
static size_t bracket_at(const cg_view *in, size_t i, uint8_t *sym)
{
    const char *o = in->b[i] ? strchr(bracket_open, in->b[i]) : NULL;
    if (!o)
        return 0;
    uint8_t close = (uint8_t)bracket_close[o - bracket_open];
    size_t j = i + 1, n = in->len;
    if (j < n && in->b[j] == ' ')
        j++;
    size_t cl = 0;
    if (j < n && (in->b[j] == '@' || in->b[j] == '.')) {
        *sym = in->b[j];
        cl = 1;
    } else if (j < n && in->b[j] == 'a' && (*o == '(' || *o == '[' || *o == '{') && j + 1 < n &&
               !IS(in->b[j + 1], CG_CLS_WORD)) {
        *sym = '@';
        cl = 1;
    } else if (j < n && spelled_prefix(in->b[j], j + 1 < n ? in->b[j + 1] : 0)) {
        /* every word of `spelled` is two characters or more, and starts with a prefix spelled_prefix knows */
        for (size_t k = 0; k < NSP && !cl; k++)
            if ((cl = match_at(in, j, &spelled[k].w)) != 0)
                *sym = (uint8_t)spelled[k].sym;
    }
    if (!cl)
        return 0;
    j += cl;
    if (j < n && in->b[j] == ' ')
        j++;
    return j < n && in->b[j] == close ? j + 1 - i : 0;
}

/* Does a dot, written or spelled, come at i (after spaces)? Then a provider needs no domain of its own. */
static int dot_follows(const cg_view *in, size_t i)
{
    while (i < in->len && in->b[i] == ' ')
        i++;
    if (i >= in->len)
        return 0;
    if (in->b[i] == '.')
        return 1;
    uint8_t sym = 0;
    if (bracket_at(in, i, &sym))
        return sym == '.';
    for (size_t k = 0; k < NSP; k++) {
        const word *w = &spelled[k].w;
        if (spelled[k].sym == '.' && (match_at(in, i, w) || (spelled[k].glue && i + w->len <= in->len &&
                                                             memcmp(in->b + i, w->b, w->len) == 0)))
            return 1; /* "точка", or glued: "tochkaru" */
    }
    return 0;
}

/* A provider at i, right after "@" (written, or spelled and possibly glued: "ivanсобакагмейл"): it must
 * end where its word ends. */
static size_t provider_at(const cg_view *in, size_t i, size_t *k)
{
    for (*k = 0; *k < NPR; (*k)++) {
        const word *w = &providers[*k].w;
        size_t e = i + w->len;
        if (e <= in->len && memcmp(in->b + i, w->b, w->len) == 0 && (e == in->len || !IS(in->b[e], CG_CLS_WORD)))
            return w->len;
    }
    return 0;
}

/* A spelled symbol glued into Latin at i ("olgasobaka.gmail", "anna1991собакаmail", "mailточкаru"): the
 * word must touch an ASCII letter or digit on at least one side, and each side must either touch one or
 * be a word boundary with a word beyond. Returns the length taken (a "." written right after a glued "@"
 * is taken with it: "sobaka.gmail"). */
static size_t glued_at(const cg_view *in, const cg_view *out, size_t i, size_t k)
{
    const word *w = &spelled[k].w;
    size_t n = in->len, r = i + w->len;
    if (!spelled[k].glue || r > n || memcmp(in->b + i, w->b, w->len) != 0)
        return 0;
    int left_glued = i > 0 && IS(in->b[i - 1], CG_CLS_WORD);
    int right_glued = r < n && IS(in->b[r], CG_CLS_WORD);
    if (!left_glued && !right_glued)
        return 0; /* a token of its own: the ordinary path */
    if (left_glued ? !ascii_alnum(in->b[i - 1]) : !word_before(out))
        return 0;
    if (right_glued) {
        size_t pk;
        if (ascii_alnum(in->b[r])) {
            if (left_glued)
                return w->len;
            /* glued only on the right, at the start of a token: "sobakamail...", "tochkaru" only with a
             * provider or a top-level domain after it, so "tochkami" stays a word */
            if (spelled[k].sym == '@') {
                for (pk = 0; pk < NPR; pk++)
                    if (r + providers[pk].w.len <= n && memcmp(in->b + r, providers[pk].w.b, providers[pk].w.len) == 0)
                        return w->len;
                return 0;
            }
            for (pk = 0; pk < NSTLD; pk++) {
                size_t e = r + spaced_tlds[pk].w.len;
                if (e <= n && memcmp(in->b + r, spaced_tlds[pk].w.b, spaced_tlds[pk].w.len) == 0 &&
                    (e == n || !IS(in->b[e], CG_CLS_WORD)))
                    return w->len;
            }
            return 0;
        }
        /* "ivanсобакагмейл": a spelled provider after a glued "@" */
        return spelled[k].sym == '@' && provider_at(in, r, &pk) ? w->len : 0;
    }
    if (spelled[k].sym == '@' && in->b[r] == '.' && r + 1 < n && ascii_alnum(in->b[r + 1]))
        return w->len + 1;
    size_t after = r;
    while (after < n && in->b[after] == ' ')
        after++;
    return after < n && IS(in->b[after], CG_CLS_WORD) ? w->len : 0;
}

/* Does out end with "local@", the local part in ASCII? Only then is a provider read after it: "моя
 * собака я думаю" is not моя@ya.ru (spelled-out addresses are Latin; Cyrillic ones write their domain). */
static int ascii_local(const cg_view *out)
{
    size_t e = out->len - 1, k = e; /* out->b[e] == '@' */
    while (k > 0 && (IS(out->b[k - 1], CG_CLS_WORD) || out->b[k - 1] == '.' || out->b[k - 1] == '-')) {
        if (!ascii_alnum(out->b[k - 1]) && out->b[k - 1] != '_' && out->b[k - 1] != '.' && out->b[k - 1] != '-')
            return 0;
        k--;
    }
    return k < e && ascii_alnum(out->b[e - 1]);
}

/* The host (a word, a dot, a word ...) that out ends with, before one optional space. */
static int host_before(const cg_view *out)
{
    size_t e = out->len;
    if (e > 0 && out->b[e - 1] == ' ')
        e--;
    if (e == 0 || !IS(out->b[e - 1], CG_CLS_WORD))
        return 0;
    for (size_t k = e; k > 0; k--) {
        uint8_t c = out->b[k - 1];
        if (c == '.' && k >= 2 && k < e && IS(out->b[k - 2], CG_CLS_WORD) && IS(out->b[k], CG_CLS_WORD))
            return 1;
        if (!IS(c, CG_CLS_WORD) && c != '-')
            return 0;
    }
    return 0;
}

/* The script of a one-character token: 1 Latin, 2 Russian, 0 anything else (digits and symbols go with
 * either). */
static int single_script(uint8_t c) { return IS(c, CG_CLS_LATIN) ? 1 : IS(c, CG_CLS_CYR) ? 2 : 0; }

/* Mark the spaces inside letter-spaced runs ("t . m e"): at least four one-character tokens in a row,
 * three of them letters or digits, all letters of one script: "на t e l e g r a m" joins "telegram" and
 * leaves the preposition "в" a word of its own. The space after the run's last token stays. */
static int mark_spaced_runs(const cg_view *in, uint8_t *join)
{
    size_t i = 0, n = in->len;
    int marked = 0;
    while (i < n) {
        size_t s = i, singles = 0, alnum = 0, j = i, last = i;
        int script = 0;
        /* tokens of one character separated by single spaces */
        while (j < n && in->b[j] != ' ' && (j + 1 == n || in->b[j + 1] == ' ')) {
            int sc = single_script(in->b[j]);
            if (sc && script && sc != script)
                break;
            if (sc)
                script = sc;
            singles++;
            alnum += IS(in->b[j], CG_CLS_WORD) ? 1 : 0;
            last = j;
            if (j + 1 >= n)
                break;
            j += 2;
        }
        if (singles >= 4 && alnum >= 3) {
            for (size_t k = s; k < last; k++)
                if (in->b[k] == ' ')
                    join[k] = marked = 1;
            i = last + 2;
        } else if (singles >= 2 && j > s && j < n && in->b[j] != ' ' && (j + 1 == n || in->b[j + 1] == ' ')) {
            /* the run broke at a change of script: the next run starts at the first token of the other one
             * ("на t e l e g r a m": from "t") */
            i = j;
        } else {
            /* skip to the next token start */
            while (i < n && in->b[i] != ' ')
                i++;
            i++;
        }
    }
    return marked;
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

/* A provider written after "@" at i: its name (spelled ones translated, Latin ones copied), then the
 * top-level domain written after a space, or the provider's own when no dot follows. Returns the input
 * taken, 0 if there is no provider at i, or (size_t)-1 when memory runs out. */
static size_t put_provider(cg_view *out, const cg_view *in, size_t i)
{
    size_t k, ml = provider_at(in, i, &k);
    if (!ml)
        return 0;
    if (cg_view_reserve(out, out->len + ml + 16) != 0)
        return (size_t)-1;
    if (ascii_alnum((uint8_t)providers[k].w.b[0])) {
        for (size_t j = i; j < i + ml; j++)
            cg_view_put(out, in->b[j], in->os[j], in->oe[j]);
    } else if (put_str(out, providers[k].name, in->os[i], in->oe[i + ml - 1]) != 0) {
        return (size_t)-1;
    }
    size_t j = i + ml;
    if (!providers[k].tld || dot_follows(in, j))
        return ml;
    const char *tld;
    size_t tl = j < in->len && in->b[j] == ' ' ? spaced_tld_at(in, j + 1, &tld) : 0;
    if (tl) {
        if (put_str(out, ".", in->os[j + 1], in->oe[j + tl]) != 0 || put_str(out, tld, in->os[j + 1], in->oe[j + tl]) != 0)
            return (size_t)-1;
        return ml + 1 + tl;
    }
    if (put_str(out, ".", in->os[i], in->oe[i + ml - 1]) != 0 ||
        put_str(out, providers[k].tld, in->os[i], in->oe[i + ml - 1]) != 0)
        return (size_t)-1;
    return ml;
}

int cg_build_contact_view(cg_view *out, cg_view *tmp, const cg_view *in)
{
    out->len = 0;
    /* tmp's bytes hold one mark per input character: the spaces of letter-spaced runs to drop. */
    if (cg_view_reserve(out, in->len + 16) != 0 || cg_view_reserve(tmp, in->len) != 0)
        return CG_E_NOMEM;
    uint8_t *join = tmp->b;
    int joins = 0;
    if (spaced_triple(in)) {
        memset(join, 0, in->len);
        joins = mark_spaced_runs(in, join);
    }

    size_t i = 0, n = in->len;
    while (i < n) {
        /* Nearly every character is copied as it is: a run of them goes out in one step. Every branch
         * below acts only on a space marked in `join`, on '@' '.' ',' '/', on a character of spell_start
         * (a letter of one only at a token start or after an ASCII letter or digit), or after an out
         * character '@' or '.'; a run holds none of them, and each character it copies is not '@' or '.'. */
        if (out->len == 0 || (out->b[out->len - 1] != '@' && out->b[out->len - 1] != '.')) {
            size_t j = i;
            /* without letter-spaced runs a space is plain; a Russian letter of spell_start is too right
             * after another Russian letter (the common case, checked first) */
            const unsigned plain_max = joins ? CS_PLAIN : CS_SPACE;
            for (; j < n; j++) {
                while (j < n) {
                    unsigned cs = contact_special[in->b[j]];
                    if (cs <= plain_max || (cs == CS_CYR && j > 0 && IS(in->b[j - 1], CG_CLS_CYR)))
                        j++;
                    else
                        break;
                }
                if (j == n)
                    break;
                uint8_t c = in->b[j], prev = j > 0 ? in->b[j - 1] : 0, next = j + 1 < n ? in->b[j + 1] : 0;
                switch (contact_special[c]) {
                case CS_SPACE:
                    if (!joins || !join[j])
                        continue;
                    break;
                case CS_CYR:
                case CS_LETTER:
                    /* inside a word only a glued spelling after an ASCII letter or digit; any spelling
                     * starts with its word's first two characters */
                    if ((IS(prev, CG_CLS_WORD) && !ascii_alnum(prev)) || !spelled_prefix(c, next))
                        continue;
                    break;
                case CS_COMMA:
                    if (!(ascii_alnum(prev) && ascii_alnum(next)))
                        continue;
                    break;
                default:
                    break;
                }
                break;
            }
            if (j > i) {
                if (cg_view_reserve(out, out->len + (j - i)) != 0)
                    return CG_E_NOMEM;
                cg_view_put_run(out, in, i, j);
                i = j;
                continue;
            }
        }
        if (joins && in->b[i] == ' ' && join[i]) {
            i++;
            continue;
        }
        /* After "local@": a provider, spelled or not. */
        if (out->len > 1 && out->b[out->len - 1] == '@' && ascii_local(out)) {
            size_t ml = put_provider(out, in, i);
            if (ml == (size_t)-1)
                return CG_E_NOMEM;
            if (ml) {
                i += ml;
                continue;
            }
        }
        /* After "word.": a top-level domain spelled in Cyrillic. */
        if (out->len > 1 && out->b[out->len - 1] == '.' && IS(out->b[out->len - 2], CG_CLS_WORD)) {
            const char *tld;
            size_t ml = cyr_tld_at(in, i, &tld);
            if (ml) {
                if (put_str(out, tld, in->os[i], in->oe[i + ml - 1]) != 0)
                    return CG_E_NOMEM;
                i += ml;
                continue;
            }
        }
        uint8_t sym = 0;
        size_t ml = 0;
        uint8_t c = in->b[i];
        int inside = spell_start[c] && i > 0 && IS(in->b[i - 1], CG_CLS_WORD) && IS(c, CG_CLS_WORD);
        /* inside a word only a glued spelling can start, and only after a Latin letter or digit */
        if (spell_start[c] && (!inside || ascii_alnum(in->b[i - 1]))) {
            /* In brackets: "(at)", "[ dot ]", "<at>", "/dot/", "(@)", "[.]". */
            if (!inside && (ml = bracket_at(in, i, &sym)) != 0) {
                size_t after = i + ml;
                while (after < n && in->b[after] == ' ')
                    after++;
                if (!(word_before(out) && after < n && IS(in->b[after], CG_CLS_WORD)))
                    ml = 0;
            }
            /* A spelled word: a token of its own, or glued into Latin. Inside a word only glued ones, and
             * only after a Latin letter or digit. */
            for (size_t k = 0; k < NSP && !ml; k++) {
                if ((uint8_t)spelled[k].w.b[0] != c)
                    continue;
                if ((ml = glued_at(in, out, i, k)) != 0) {
                    sym = (uint8_t)spelled[k].sym;
                    break;
                }
                if (inside || (ml = match_at(in, i, &spelled[k].w)) == 0)
                    continue;
                size_t after = i + ml;
                while (after < n && in->b[after] == ' ')
                    after++;
                /* between Latin words; "mail дот ру" before a spelled domain, "alina эт гмейл" before a
                 * spelled provider */
                const char *tld;
                size_t pk;
                int spelled_right = spelled[k].sym == '.'   ? cyr_tld_at(in, after, &tld) != 0
                                    : spelled[k].sym == '@' ? after < n && provider_at(in, after, &pk) != 0
                                                            : 0;
                int ok = spelled[k].when == LATIN_BOTH
                             ? latin_before(out) && (latin_after(in, after) || spelled_right)
                             : word_before(out) && after < n && IS(in->b[after], CG_CLS_WORD);
                if (ok)
                    sym = (uint8_t)spelled[k].sym;
                else
                    ml = 0;
            }
        }
        /* "t,me/shop", "kovry,ru": a comma between a Latin name and a top-level domain or a path. */
        if (!ml && in->b[i] == ',' && i > 0 && ascii_alnum(in->b[i - 1]) && i + 1 < n && ascii_alnum(in->b[i + 1])) {
            const char *tld;
            size_t e = i + 1;
            while (e < n && IS(in->b[e], CG_CLS_WORD))
                e++;
            if ((spaced_tld_at(in, i + 1, &tld) && !(e < n && in->b[e] == '-')) || (e < n && in->b[e] == '/')) {
                sym = '.';
                ml = 1;
            }
        }
        if (!ml && (in->b[i] == '@' || in->b[i] == '.')) {
            size_t after = i + 1;
            while (after < n && in->b[after] == ' ')
                after++;
            /* "ivan @ mail.ru" is an address, "в инсте @shop" a word and a handle: around a written '@'
             * spaces go only after a Latin word (local parts are Latin). */
            int space_before = out->len > 0 && out->b[out->len - 1] == ' ';
            int spaced = space_before || after > i + 1;
            int ok_left = in->b[i] == '.' || !spaced ? word_before(out) : latin_before(out);
            /* "наличии. Online": a full stop written against a word and followed by a space ends a
             * sentence; it is a domain's dot only after a Latin name and before a common top-level domain
             * ("bk. ru", not "шт. Ru размер", "кг. Com-порт") or a path ("t. me/shop"). */
            if (in->b[i] == '.' && !space_before && after > i + 1 && after < n) {
                const char *tld;
                size_t e = after;
                while (e < n && IS(in->b[e], CG_CLS_WORD))
                    e++;
                int path = e < n && in->b[e] == '/';
                ok_left = ok_left && latin_before(out) &&
                          ((spaced_tld_at(in, after, &tld) && !(e < n && in->b[e] == '-')) || path);
            }
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
        /* "t.me/ shop", "vk . com / shop": the path of a host, written apart. */
        if (in->b[i] == '/' && host_before(out)) {
            size_t after = i + 1;
            while (after < n && in->b[after] == ' ')
                after++;
            if (after < n && (IS(in->b[after], CG_CLS_WORD) || in->b[after] == '@')) {
                if (out->b[out->len - 1] == ' ')
                    out->len--;
                if (cg_view_reserve(out, out->len + 1) != 0)
                    return CG_E_NOMEM;
                cg_view_put(out, '/', in->os[i], in->oe[i]);
                i = after;
                continue;
            }
        }
        if (cg_view_reserve(out, out->len + 1) != 0)
            return CG_E_NOMEM;
        cg_view_put(out, in->b[i], in->os[i], in->oe[i]);
        i++;
    }
    out->b[out->len] = 0;
    return CG_OK;
}

int cg_contact_selfcheck(void)
{
    for (size_t k = 0; k < NSP; k++) {
        const word *w = &spelled[k].w;
        uint8_t c = (uint8_t)w->b[0];
        if (w->len < 2 || !spell_start[c] || !spelled_prefix(c, (uint8_t)w->b[1]))
            return -1;
    }
    for (int c = 0; c < 256; c++) {
        unsigned want = !spell_start[c]          ? contact_special[c]
                        : IS(c, CG_CLS_CYR)      ? CS_CYR
                        : IS(c, CG_CLS_WORD)     ? CS_LETTER
                                                 : CS_OTHER;
        if (contact_special[c] != want)
            return -1;
    }
    return 0;
}
