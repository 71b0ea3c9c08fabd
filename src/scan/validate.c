/* validate.c — checks a regex cannot express well, named in rules with "validate = <name>".
 *
 * A validator sees the view and the span of a candidate match and says yes or no. Adding one is adding a
 * function here and a line to the table; rule files then use it by name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../internal.h"

/* Collect the digits of a span (and whether it started with '+'). Returns the digit count. */
static size_t span_digits(const cg_view *v, size_t vs, size_t ve, char *out, size_t cap, int *plus)
{
    size_t n = 0;
    *plus = 0;
    for (size_t i = vs; i < ve; i++) {
        uint8_t c = v->b[i];
        if (c == '+' && n == 0)
            *plus = 1;
        else if (c >= '0' && c <= '9') {
            if (n + 1 < cap)
                out[n] = (char)c;
            n++;
        }
    }
    out[n < cap ? n : cap - 1] = 0;
    return n;
}

/* Kazakhstan after the country code 7 (the national number starts with 7): geographic area codes 71x
 * and 72x (Astana 7172, Almaty 727 ...), mobile and service ranges. */
static int kz_national(const char *d)
{
    static const char *const prefixes[] = {"71",  "72",  "700", "701", "702", "705", "707", "708", "747", "750",
                                           "751", "760", "762", "763", "764", "771", "775", "776", "777", "778",
                                           "785"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (memcmp(d, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* Russian national numbers: 3xx/4xx/8xx geographic and service codes, 9xx mobile. */
static int ru_national(const char *d) { return d[0] == '3' || d[0] == '4' || d[0] == '8' || d[0] == '9'; }

/* Belarusian numbers dialled nationally: trunk prefix 80, then a mobile operator code (A1 29/44, МТС
 * 29/33, life:) 25) and seven digits: "80296124408". 80 is not a Russian prefix, so nothing collides. */
static int by_national(const char *d)
{
    static const char *const codes[] = {"8025", "8029", "8033", "8044"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (memcmp(d, codes[i], 4) == 0)
            return 1;
    return 0;
}

/* Numbering plans of the CIS and Baltic countries whose numbers come up in these chats (ITU-T E.164
 * national plans): the country code, the length of the national significant number, and the leading
 * digits of its mobile ranges. A number written with '+' may be any number of the right length; one
 * written without it (or after the international prefixes 810 / 00) must be a mobile. */
static const struct plan {
    const char *code;
    unsigned char nsn_min, nsn_max;
    const char *mobile; /* space-separated leading digits */
} plans[] = {
    {"375", 9, 9, "25 29 33 44"},                                      /* Belarus */
    {"380", 9, 9, "39 50 63 66 67 68 73 89 91 92 93 94 95 96 97 98 99"}, /* Ukraine */
    {"998", 9, 9, "20 33 50 55 77 88 90 91 93 94 95 97 98 99"},       /* Uzbekistan */
    {"996", 9, 9, "20 22 50 55 70 75 77 99"},                          /* Kyrgyzstan */
    {"992", 9, 9, "00 01 10 11 12 20 40 50 55 77 88 90 91 92 93 98"},  /* Tajikistan */
    {"993", 8, 8, "61 62 63 64 65 71"},                                /* Turkmenistan */
    {"994", 9, 9, "10 50 51 55 60 70 77 99"},                          /* Azerbaijan */
    {"995", 9, 9, "5"},                                                /* Georgia */
    {"374", 8, 8, "33 41 43 44 47 49 55 77 91 93 94 95 96 97 98 99"},  /* Armenia */
    {"373", 8, 8, "6 7"},                                              /* Moldova */
    {"371", 8, 8, "2"},                                                /* Latvia */
    {"370", 8, 8, "6"},                                                /* Lithuania */
    {"372", 7, 8, "5 8"},                                              /* Estonia */
};

/* Does the national number d (n digits) start with one of the space-separated prefixes? */
static int starts_with_one_of(const char *d, size_t n, const char *prefixes)
{
    for (const char *p = prefixes; *p;) {
        size_t l = strcspn(p, " ");
        if (l <= n && memcmp(d, p, l) == 0)
            return 1;
        p += l;
        p += *p == ' ';
    }
    return 0;
}

/* The plan of the country code d starts with, or NULL. */
static const struct plan *plan_of(const char *d, size_t n)
{
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        size_t cl = strlen(plans[i].code);
        if (n > cl && memcmp(d, plans[i].code, cl) == 0)
            return &plans[i];
    }
    return NULL;
}

/* An international number written with '+' (d without it): a country of the plans above with a national
 * number of its length, or one of the other countries seen in these chats, at E.164's 15 digits at most. */
static int known_country(const char *d, size_t n)
{
    const struct plan *p = plan_of(d, n);
    if (p) {
        size_t nsn = n - strlen(p->code);
        return nsn >= p->nsn_min && nsn <= p->nsn_max;
    }
    static const char *const codes[] = {"90", "49", "44", "86", "1", "971", "972"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        size_t cl = strlen(codes[i]);
        if (n >= cl + 7 && n <= cl + 11 && n <= 15 && memcmp(d, codes[i], cl) == 0)
            return 1;
    }
    return 0;
}

/* Lengths of the digit groups of a span, split where the original had separators between digits (the
 * digits view keeps those gaps in its offset map). Returns the number of groups. */
static size_t span_groups(const cg_view *v, size_t vs, size_t ve, unsigned *g, size_t max)
{
    size_t n = 0, prev = (size_t)-1;
    for (size_t i = vs; i < ve; i++) {
        if (!(cg_char_class[v->b[i]] & CG_CLS_DIGIT))
            continue;
        if (prev == (size_t)-1 || v->oe[prev] < v->os[i]) {
            if (n == max)
                return n + 1;
            g[n++] = 0;
        }
        g[n - 1]++;
        prev = i;
    }
    return n;
}

/* The values of the digit groups span_groups found (groups longer than 9 digits saturate). */
static void group_values(const cg_view *v, size_t vs, size_t ve, const unsigned *g, size_t n, unsigned long *val)
{
    size_t gi = 0, left = n ? g[0] : 0;
    for (size_t i = vs; i < ve && gi < n; i++) {
        if (!(cg_char_class[v->b[i]] & CG_CLS_DIGIT))
            continue;
        if (left == 0) {
            if (++gi == n)
                break;
            left = g[gi];
        }
        if (left == g[gi])
            val[gi] = 0;
        if (val[gi] < 1000000000ul)
            val[gi] = val[gi] * 10 + (unsigned long)(v->b[i] - '0');
        left--;
    }
}

/* Groups that read as a list of values, not as one number: three or more groups of two or more digits
 * rising ("80 85 90 95 100", "46 48 50 52"), or four or more two-digit groups falling ("98 96 94 92").
 * A phone is written with its longer groups first (3-3-2-2), so its groups never rise like that; equal
 * groups of three may fall ("+996 555 318 204"). */
static int list_of_values(const cg_view *v, size_t vs, size_t ve, const unsigned *g, size_t n)
{
    size_t k = g[0] == 1 ? 1 : 0;
    if (n - k < 3)
        return 0;
    for (size_t i = k; i < n; i++)
        if (g[i] < 2)
            return 0;
    unsigned long val[16] = {0};
    group_values(v, vs, ve, g, n, val);
    int rising = 1, falling_even = 1;
    for (size_t i = k + 1; i < n; i++) {
        rising &= val[i] > val[i - 1];
        falling_even &= val[i] < val[i - 1] && g[i] == 2 && g[k] == 2;
    }
    return rising || (falling_even && n - k >= 4);
}

/* Is the way the digits were grouped one a phone number is written in? "8 916 123-45-67", "8 916
 * 1234567", "+375 44 5081137", "8 (49624) 5-12-34", digit by digit, or no separators at all; not
 * "42 44 46 48 50" or "1234 5678 90". */
static int phone_grouping(const cg_view *v, size_t vs, size_t ve)
{
    unsigned g[16];
    size_t n = span_groups(v, vs, ve, g, 16);
    if (n <= 1)
        return 1;
    if (n > 16)
        return 1; /* more groups than digits allow: digit by digit, checked below by the caller's length */
    int all_single = 1;
    for (size_t i = 0; i < n; i++)
        all_single &= g[i] == 1;
    if (all_single)
        return 1;
    if (v->b[vs] != '+' && list_of_values(v, vs, ve, g, n)) /* "+49 151 2345 6789" rises, but a list has no '+' */
        return 0;
    size_t k = g[0] == 1 ? 1 : 0; /* "+7" or "8" written apart */
    if (n - k == 2 && g[k] == 3 && g[k + 1] == 7)
        return 1;
    /* groups of at most four digits; the code after a prefix written apart may have five
     * ("8 (49624) 5-12-34"), the subscriber number may be written in one piece of seven */
    for (size_t i = k; i < n; i++)
        if (g[i] > 4 && !(n - k == 1) && !(i == n - 1 && g[i] == 7) && !(k == 1 && i == k && g[i] == 5))
            return 0;
    return 1;
}

/* Is the candidate cut out of an alphanumeric code, glued to letters that are themselves glued to digits
 * ("SN 2K4815162342", "AB12C9161234567")? Serial and model numbers are written so; phones are not. */
static int inside_code(const cg_view *v, size_t vs, size_t ve)
{
    int letter = 0, digit = 0;
    for (size_t i = vs; i > 0 && (cg_char_class[v->b[i - 1]] & CG_CLS_WORD) && vs - i < 32; i--) {
        letter |= (cg_char_class[v->b[i - 1]] & CG_CLS_ALPHA) != 0;
        digit |= (cg_char_class[v->b[i - 1]] & CG_CLS_DIGIT) != 0;
    }
    if (letter && digit)
        return 1;
    letter = digit = 0;
    for (size_t i = ve; i < v->len && (cg_char_class[v->b[i]] & CG_CLS_WORD) && i - ve < 32; i++) {
        letter |= (cg_char_class[v->b[i]] & CG_CLS_ALPHA) != 0;
        digit |= (cg_char_class[v->b[i]] & CG_CLS_DIGIT) != 0;
    }
    return letter && digit;
}

/* СНИЛС: 11 digits whose last two are a checksum of the first nine (weights 9..1, mod 101). */
static int snils_valid(const char *d)
{
    int sum = 0;
    for (int i = 0; i < 9; i++)
        sum += (d[i] - '0') * (9 - i);
    int check = sum % 101;
    if (check == 100)
        check = 0;
    return check == (d[9] - '0') * 10 + (d[10] - '0');
}

/* Is the 10-digit candidate d one of a series of codes: another digit run of the view, of the same
 * length, differs from it only in its last three digits ("артикул 9630015542, у старой 9630015519")? A
 * phone number is not written beside its near twin; article and order numbers are. */
static int in_series(const cg_view *v, size_t vs, size_t ve, const char *d)
{
    for (size_t i = 0; i < v->len;) {
        if (!(cg_char_class[v->b[i]] & CG_CLS_DIGIT)) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < v->len && (cg_char_class[v->b[i]] & CG_CLS_DIGIT))
            i++;
        if (s == vs || (s < ve && i > vs) || i - s != 10)
            continue;
        if (memcmp(v->b + s, d, 7) == 0 && memcmp(v->b + s + 7, d + 7, 3) != 0)
            return 1;
    }
    return 0;
}

static int validate_phone(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    char d[32];
    int plus;
    size_t n = span_digits(v, vs, ve, d, sizeof d, &plus);
    if (n >= sizeof d || !phone_grouping(v, vs, ve) || inside_code(v, vs, ve))
        return 0;
    if (n == 11 && !plus && snils_valid(d)) {
        unsigned g[8];
        size_t ng = span_groups(v, vs, ve, g, 8);
        if (ng == 4 && g[0] == 3 && g[1] == 3 && g[2] == 3 && g[3] == 2)
            return 0; /* written as a СНИЛС "XXX-XXX-XXX YY" and its checksum holds */
    }
    if (n == 11 && d[0] == '8' && d[1] == '0' && !plus)
        return by_national(d);
    if (n == 11 && (d[0] == '7' || (d[0] == '8' && !plus)))
        return ru_national(d + 1) || kz_national(d + 1);
    if (n == 10 && !plus)
        return d[0] == '9' && !in_series(v, vs, ve, d); /* a Russian mobile written without the trunk prefix */
    if (plus && d[0] != '7')
        return known_country(d, n);
    return 0;
}

/* A number of a country of the plans above written without '+' ("375 29 611 22 33"), or after the
 * international prefix 810 or 00: its national number has the plan's length and is a mobile. */
static int validate_phone_foreign(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    char d[32];
    int plus;
    size_t n = span_digits(v, vs, ve, d, sizeof d, &plus);
    if (plus || n >= sizeof d || !phone_grouping(v, vs, ve) || inside_code(v, vs, ve))
        return 0;
    const char *p = d;
    if (n > 3 && memcmp(p, "810", 3) == 0)
        p += 3, n -= 3;
    else if (n > 2 && memcmp(p, "00", 2) == 0)
        p += 2, n -= 2;
    const struct plan *pl = plan_of(p, n);
    if (!pl)
        return 0;
    size_t cl = strlen(pl->code), nsn = n - cl;
    return nsn >= pl->nsn_min && nsn <= pl->nsn_max && starts_with_one_of(p + cl, nsn, pl->mobile);
}

/* A Russian mobile number told in two or three pieces with words between them ("8 926, а потом 514 08
 * 73", "последние 17 22, а начало 8 903 448"): the digit runs of the span, joined in the order written
 * or with the last piece first (when the first piece is the end of the number), make a mobile number of
 * 11 digits (8 or 7 and 9xx) or 10 (9xx). The pattern names the words between; this checks the pieces. */
static int validate_phone_split(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    size_t start[4], len[4], k = 0;
    int plus = 0;
    for (size_t i = vs; i < ve;) {
        if (v->b[i] == '+' && i + 1 < ve && (cg_char_class[v->b[i + 1]] & CG_CLS_DIGIT) && k == 0) {
            plus = 1;
            i++;
            continue;
        }
        if (!(cg_char_class[v->b[i]] & CG_CLS_DIGIT)) {
            i++;
            continue;
        }
        if (k == 4)
            return 0;
        start[k] = i;
        while (i < ve && (cg_char_class[v->b[i]] & CG_CLS_DIGIT))
            i++;
        len[k] = i - start[k];
        if (len[k] < 2)
            return 0;
        k++;
    }
    if (k < 2)
        return 0;
    /* the piece that starts the number: the first, or else the last */
    for (int rot = 0; rot < 2; rot++) {
        char d[24];
        size_t n = 0;
        for (size_t j = 0; j < k; j++) {
            size_t c = rot ? (j + k - 1) % k : j;
            if (n + len[c] >= sizeof d)
                return 0;
            memcpy(d + n, v->b + start[c], len[c]);
            n += len[c];
        }
        d[n] = 0;
        if (rot && (plus || len[k - 1] < 3 || len[0] > 4))
            continue; /* only an end of at most four digits is told first */
        if ((n == 11 && (d[0] == '8' || d[0] == '7') && d[1] == '9' && !(plus && d[0] != '7')) ||
            (n == 10 && d[0] == '9' && !plus))
            return 1;
    }
    return 0;
}

/* A word written letter by letter ("т е л е г р а м", "W h a t s A p p"): the contact view joins such
 * runs, and the original offsets of at least three of its characters are apart from the one before. */
static int validate_letter_spaced(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    size_t gaps = 0, pairs = 0;
    for (size_t i = vs + 1; i < ve; i++) {
        if (!(cg_char_class[v->b[i]] & CG_CLS_ALPHA))
            continue;
        pairs++;
        gaps += v->os[i] > v->oe[i - 1];
    }
    return gaps >= 3 && gaps * 2 >= pairs;
}

/* A word with digits or '@' standing for letters ("в0тсап", "телегр4м", "telegr@m"): at least one of
 * them and two letters. */
static int validate_digit_lookalike(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    size_t digits = 0, letters = 0;
    for (size_t i = vs; i < ve; i++) {
        digits += (cg_char_class[v->b[i]] & CG_CLS_DIGIT) != 0 || v->b[i] == '@';
        letters += (cg_char_class[v->b[i]] & CG_CLS_ALPHA) != 0;
    }
    return digits >= 1 && letters >= 2;
}

/* The host part of a link or e-mail span, as [hs, he) of the view. */
static void span_host(const cg_view *v, size_t vs, size_t ve, size_t *hs, size_t *he)
{
    size_t s = vs;
    for (size_t i = vs; i + 2 < ve; i++)
        if (v->b[i] == ':' && v->b[i + 1] == '/' && v->b[i + 2] == '/') {
            s = i + 3;
            break;
        }
    /* a user before the host ("ivan@mail.ru", "user@host/path"); an '@' in the path is a profile
     * ("tiktok.com/@shop"), not a user */
    for (size_t i = s; i < ve && v->b[i] != '/'; i++)
        if (v->b[i] == '@')
            s = i + 1;
    if (ve - s > 4 && memcmp(v->b + s, "www.", 4) == 0)
        s += 4;
    size_t e = s;
    while (e < ve && v->b[e] != '/' && v->b[e] != ':' && v->b[e] != '?' && v->b[e] != '#')
        e++;
    while (e > s && v->b[e - 1] == '.')
        e--;
    *hs = s;
    *he = e;
}

/* Is the last label of host [hs, he) a known top-level domain? */
static int known_tld(const cg_engine *e, const cg_view *v, size_t hs, size_t he)
{
    size_t d = he;
    while (d > hs && v->b[d - 1] != '.')
        d--;
    if (d == hs || he - d > 63)
        return 0;
    char key[64];
    memcpy(key, v->b + d, he - d);
    key[he - d] = 0;
    return cg_list_has(&e->tlds, key);
}

/* The profile's own domains (and their subdomains) are not contacts: "wildberries.ru" is the platform. */
static int own_domain(const cg_engine *e, const cg_view *v, size_t hs, size_t he)
{
    size_t hl = he - hs;
    for (size_t i = 0; i < e->profile.n_allowed_domains; i++) {
        const char *d = e->profile.allowed_domains[i];
        size_t dl = strlen(d);
        if (hl == dl && memcmp(v->b + hs, d, dl) == 0)
            return 1;
        if (hl > dl && v->b[he - dl - 1] == '.' && memcmp(v->b + he - dl, d, dl) == 0)
            return 1;
    }
    return 0;
}

static int validate_external_host(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    size_t hs, he;
    span_host(v, vs, ve, &hs, &he);
    return !own_domain(e, v, hs, he);
}

/* A host with a real top-level domain (lists/tlds.txt), not one of the profile's own. */
static int validate_domain(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    size_t hs, he;
    span_host(v, vs, ve, &hs, &he);
    return known_tld(e, v, hs, he) && !own_domain(e, v, hs, he);
}

/* A number a contact word announced (the rule's context says so): 7 digits of a local number, or 10 of a
 * Russian national number written without the prefix. */
static int validate_phone_announced(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    (void)e;
    char d[16];
    int plus;
    size_t n = span_digits(v, vs, ve, d, sizeof d, &plus);
    if (plus || !phone_grouping(v, vs, ve) || inside_code(v, vs, ve))
        return 0;
    return (n == 7 && d[0] >= '1') || (n == 10 && ru_national(d));
}

/* The skeleton of a name: look-alike characters unified (0→o, 1/i→l, 3→e, 5→s, vv→w, rn→m) and
 * everything but letters dropped, so "wiIdberries", "wi1dberries" and "vvildberries" look the same. */
static size_t skeleton(const uint8_t *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        uint8_t c = s[i];
        if (c == 'v' && i + 1 < n && s[i + 1] == 'v') {
            out[k++] = 'w';
            i++;
            continue;
        }
        if (c == 'r' && i + 1 < n && s[i + 1] == 'n') {
            out[k++] = 'm';
            i++;
            continue;
        }
        switch (c) {
        case '0': c = 'o'; break;
        case '1': case 'i': case '|': c = 'l'; break;
        case '3': c = 'e'; break;
        case '4': c = 'a'; break;
        case '5': c = 's'; break;
        default: break;
        }
        if (c >= 'a' && c <= 'z')
            out[k++] = (char)c;
    }
    out[k] = 0;
    return k;
}

/* Is a within one insertion, deletion or substitution of b? */
static int within_one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb + 1 || lb > la + 1)
        return 0;
    size_t i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
        if (a[i] == b[j]) {
            i++, j++;
            continue;
        }
        if (++edits > 1)
            return 0;
        if (la > lb)
            i++;
        else if (lb > la)
            j++;
        else
            i++, j++;
    }
    return edits + (la - i) + (lb - j) <= 1;
}

/* Is the host a brand's own domain or a subdomain of one? */
static int official_host(const char *host, size_t hl, const char *line)
{
    const char *p = strchr(line, ' ');
    while (p) {
        while (*p == ' ')
            p++;
        const char *q = strchr(p, ' ');
        size_t dl = q ? (size_t)(q - p) : strlen(p);
        if (dl && (hl == dl || (hl > dl && host[hl - dl - 1] == '.')) && memcmp(host + hl - dl, p, dl) == 0)
            return 1;
        p = q;
    }
    return 0;
}

/* Does one label (its skeleton sk, its raw text raw) imitate a brand? A long brand inside it or one typo
 * away makes it a look-alike (returns 1); a short brand ("wb") only counts with a bait word elsewhere in
 * the host, so the caller collects *short_brand and *bait over all labels. */
static int label_imitates(const cg_engine *e, const char *sk, size_t sl, const char *raw, int *bait,
                          int *short_brand)
{
    *bait |= cg_list_has(&e->bait, raw);
    for (size_t b = 0; b < e->brands.n && sl; b++) {
        const char *line = e->brands.items[b];
        size_t bl = strcspn(line, " ");
        char bs[64];
        size_t bsl = skeleton((const uint8_t *)line, bl, bs, sizeof bs);
        if (bsl <= 3) {
            *short_brand |= sl == bsl && memcmp(sk, bs, bsl) == 0;
            continue;
        }
        if (strstr(sk, bs) || (bsl >= 6 && within_one_edit(sk, sl, bs, bsl)))
            return 1;
    }
    return 0;
}

/* Punycode (RFC 3492): decode the part of a label after "xn--" into code points. Returns how many, or
 * (size_t)-1 for a malformed label or one longer than cap. */
static uint32_t puny_adapt(uint32_t delta, uint32_t points, int first)
{
    delta = first ? delta / 700 : delta / 2;
    delta += delta / points;
    uint32_t k = 0;
    while (delta > ((36 - 1) * 26) / 2) {
        delta /= 36 - 1;
        k += 36;
    }
    return k + (36 * delta) / (delta + 38);
}

static size_t puny_decode(const char *in, size_t n, uint32_t *out, size_t cap)
{
    size_t basic = 0, len = 0;
    for (size_t j = 0; j < n; j++)
        if (in[j] == '-')
            basic = j;
    for (size_t j = 0; j < basic; j++) {
        if (len == cap)
            return (size_t)-1;
        out[len++] = (uint8_t)in[j];
    }
    uint32_t code = 128, i = 0, bias = 72;
    for (size_t pos = basic ? basic + 1 : 0; pos < n;) {
        uint32_t old = i, w = 1;
        for (uint32_t k = 36;; k += 36) {
            if (pos >= n)
                return (size_t)-1;
            char c = in[pos++];
            uint32_t d = c >= 'a' && c <= 'z' ? (uint32_t)(c - 'a') : c >= '0' && c <= '9' ? (uint32_t)(c - '0') + 26 : 36;
            if (d >= 36 || d > (UINT32_MAX - i) / w)
                return (size_t)-1;
            i += d * w;
            uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
            if (d < t)
                break;
            if (w > UINT32_MAX / (36 - t))
                return (size_t)-1;
            w *= 36 - t;
        }
        bias = puny_adapt(i - old, (uint32_t)len + 1, old == 0);
        if (i / (len + 1) > 0x10FFFF - code || len == cap)
            return (size_t)-1;
        code += i / (uint32_t)(len + 1);
        i %= (uint32_t)(len + 1);
        memmove(out + i + 1, out + i, (len - i) * sizeof *out);
        out[i++] = code;
        len++;
    }
    return len;
}

/* The Latin letter a character of another script passes for in a domain (Cyrillic а, е, о, р, с, у, х,
 * і, ј, ѕ, ӏ, ԁ, һ; Greek ο, α, ι, κ, ν, ρ), or a Latin letter's base without its accent (ó, ǟ); 0 if none. */
static char latin_lookalike(uint32_t cp)
{
    static const struct { uint16_t cp; char c; } map[] = {
        {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'},
        {0x0445, 'x'}, {0x043A, 'k'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x0455, 's'}, {0x04CF, 'l'},
        {0x0501, 'd'}, {0x04BB, 'h'}, {0x051B, 'q'}, {0x051D, 'w'}, {0x0261, 'g'}, {0x03BF, 'o'},
        {0x03B1, 'a'}, {0x03B9, 'i'}, {0x03BA, 'k'}, {0x03BD, 'v'}, {0x03C1, 'p'}, {0x0131, 'i'},
    };
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (map[k].cp == cp)
            return map[k].c;
    if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
        utf8proc_int32_t d[8];
        int bound = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 8,
                                                     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
        if (m == 1 && d[0] >= 'a' && d[0] <= 'z')
            return (char)d[0];
    }
    return 0;
}

/* A punycode label (without "xn--"): a homograph if, decoded, it mixes Latin letters with Cyrillic or
 * Greek ones, or imitates a brand read through its look-alike letters (or with them left out):
 * "xn--wildberris-ssi" is "wildberriеs" with a Cyrillic е. A name in one script that imitates nothing
 * ("xn--80aswg" is "сайт", "xn--80ak6aa92e" is "аррӏе") is an ordinary international domain. */
static int puny_homograph(const cg_engine *e, const char *label, size_t n, int *bait, int *short_brand)
{
    uint32_t cp[64];
    size_t m = puny_decode(label, n, cp, 64);
    if (m == (size_t)-1)
        return 0;
    int ascii = 0, other = 0;
    for (size_t k = 0; k < m; k++) {
        ascii |= cp[k] >= 'a' && cp[k] <= 'z';
        other |= (cp[k] >= 0x370 && cp[k] <= 0x3FF) || (cp[k] >= 0x400 && cp[k] <= 0x52F);
    }
    if (ascii && other)
        return 1;
    /* each part between hyphens, read two ways: look-alikes as Latin, and Latin only */
    for (size_t s = 0; s < m;) {
        size_t t = s;
        while (t < m && cp[t] != '-')
            t++;
        char mapped[64], plain[64];
        size_t ml = 0, pl = 0;
        for (size_t k = s; k < t; k++) {
            char c = cp[k] < 128 ? (char)cp[k] : latin_lookalike(cp[k]);
            if (c)
                mapped[ml++] = c;
            if (cp[k] < 128)
                plain[pl++] = (char)cp[k];
        }
        mapped[ml] = plain[pl] = 0;
        char sk[64];
        size_t sl = skeleton((const uint8_t *)mapped, ml, sk, sizeof sk);
        if (label_imitates(e, sk, sl, mapped, bait, short_brand))
            return 1;
        sl = skeleton((const uint8_t *)plain, pl, sk, sizeof sk);
        if (pl != ml && label_imitates(e, sk, sl, plain, bait, short_brand))
            return 1;
        s = t + 1;
    }
    return 0;
}

/* A domain that imitates a marketplace or a bank: a label that is, contains or is one typo away from a
 * brand (after look-alike folding), on a host that is not the brand's own; a short brand ("wb") only
 * with a bait word beside it ("wb-partners-support"); or a punycode label that is a homograph. */
static int validate_lookalike_domain(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    size_t hs, he;
    span_host(v, vs, ve, &hs, &he);
    char host[256];
    size_t hl = he - hs < sizeof host - 1 ? he - hs : sizeof host - 1;
    memcpy(host, v->b + hs, hl);
    host[hl] = 0;
    for (size_t b = 0; b < e->brands.n; b++) {
        const char *line = e->brands.items[b];
        if (official_host(host, hl, line))
            return 0;
    }
    /* labels, split at '.' (punycode) and then at '-' (the top-level domain is not a label that can
     * imitate) */
    size_t tld = hl;
    while (tld > 0 && host[tld - 1] != '.')
        tld--;
    int bait = 0, short_brand = 0;
    for (size_t i = 0; i < tld;) {
        size_t dot = i;
        while (dot < tld && host[dot] != '.')
            dot++;
        if (dot - i > 4 && memcmp(host + i, "xn--", 4) == 0) {
            if (puny_homograph(e, host + i + 4, dot - i - 4, &bait, &short_brand))
                return 1;
            i = dot + 1;
            continue;
        }
        for (size_t j = i; i < dot; i = j + 1) {
            j = i;
            while (j < dot && host[j] != '-')
                j++;
            char sk[128];
            size_t sl = skeleton((const uint8_t *)host + i, j - i, sk, sizeof sk);
            char raw[64];
            size_t rl = j - i < sizeof raw - 1 ? j - i : sizeof raw - 1;
            memcpy(raw, host + i, rl);
            raw[rl] = 0;
            if (label_imitates(e, sk, sl, raw, &bait, &short_brand))
                return 1;
        }
        i = dot + 1;
    }
    return short_brand && bait;
}

/* Another marketplace than the profile's own: the name (the first word of the span after a preposition:
 * "на Озоне", "через Авито") is not one of the profile's marketplace_names, so "на Озоне дешевле" lures
 * away on wb and is home on ozon. Only the first word counts: "на магнит маркете" is Magnit's, not the
 * "маркет" of Yandex Market. */
static int validate_other_marketplace(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    static const char *const prepositions[] = {"\xe2", "\xe2\xee", "\xed\xe0", "\xf1", "\xf1\xee",
                                               "\xf7\xe5\xf0\xe5\xe7", "\xe8\xe7", "\xf3"}; /* в во на с со через из у */
    for (size_t i = vs; i < ve;) {
        if (!(cg_char_class[v->b[i]] & CG_CLS_WORD)) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < ve && (cg_char_class[v->b[i]] & CG_CLS_WORD))
            i++;
        int prep = 0;
        for (size_t k = 0; k < sizeof prepositions / sizeof prepositions[0] && !prep; k++)
            prep = strlen(prepositions[k]) == i - s && memcmp(prepositions[k], v->b + s, i - s) == 0;
        if (prep)
            continue;
        for (size_t k = 0; k < e->profile.n_own_names; k++)
            if (cg_wordpat_match(&e->profile.own_names[k], v->b + s, i - s))
                return 0;
        return 1;
    }
    return 1;
}

static const cg_validator validators[] = {
    {"lookalike_domain", validate_lookalike_domain},
    {"phone", validate_phone},
    {"phone_announced", validate_phone_announced},
    {"phone_foreign", validate_phone_foreign},
    {"phone_split", validate_phone_split},
    {"letter_spaced", validate_letter_spaced},
    {"digit_lookalike", validate_digit_lookalike},
    {"external_host", validate_external_host},
    {"domain", validate_domain},
    {"other_marketplace", validate_other_marketplace},
};

int cg_validator_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof validators / sizeof validators[0]; i++)
        if (strlen(validators[i].name) == len && memcmp(validators[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

int cg_validate(int validator, const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    return validators[validator].fn(e, v, vs, ve);
}
