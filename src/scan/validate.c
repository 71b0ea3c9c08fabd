/* validate.c — checks a regex cannot express well, named in rules with "validate = <name>".
 *
 * A validator sees the view and the span of a candidate match and says yes or no. Adding one is adding a
 * function here and a line to the table; rule files then use it by name. */
#include <string.h>

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

/* Kazakhstan mobile and service ranges after the country code 7 (the national number starts with 7). */
static int kz_national(const char *d)
{
    static const char *const prefixes[] = {"700", "701", "702", "705", "707", "708", "747", "750", "751",
                                           "760", "762", "763", "764", "771", "775", "776", "777", "778", "785"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (memcmp(d, prefixes[i], 3) == 0)
            return 1;
    return 0;
}

/* Russian national numbers: 3xx/4xx/8xx geographic and service codes, 9xx mobile. */
static int ru_national(const char *d) { return d[0] == '3' || d[0] == '4' || d[0] == '8' || d[0] == '9'; }

/* Country codes of the international numbers seen in these chats, besides zone 7. */
static int known_country(const char *d, size_t n)
{
    static const char *const codes[] = {"375", "380", "998", "996", "992", "993", "994", "995", "374", "373",
                                        "371", "370", "372", "90",  "49",  "44",  "86",  "1",   "971", "972"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        size_t cl = strlen(codes[i]);
        if (n >= cl + 7 && n <= cl + 10 && memcmp(d, codes[i], cl) == 0)
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
    if (n >= sizeof d)
        return 0;
    if (n == 11 && (d[0] == '7' || (d[0] == '8' && !plus)))
        return ru_national(d + 1) || kz_national(d + 1);
    if (n == 10 && !plus)
        return d[0] == '9'; /* a Russian mobile written without the trunk prefix */
    if (plus && d[0] != '7')
        return known_country(d, n);
    return 0;
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
    for (size_t i = s; i < ve; i++)
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

/* The profile's own domains (and their subdomains) are not contacts: "wildberries.ru" is the platform. */
static int validate_external_host(const cg_engine *e, const cg_view *v, size_t vs, size_t ve)
{
    size_t hs, he;
    span_host(v, vs, ve, &hs, &he);
    size_t hl = he - hs;
    for (size_t i = 0; i < e->profile.n_allowed_domains; i++) {
        const char *d = e->profile.allowed_domains[i];
        size_t dl = strlen(d);
        if (hl == dl && memcmp(v->b + hs, d, dl) == 0)
            return 0;
        if (hl > dl && v->b[he - dl - 1] == '.' && memcmp(v->b + he - dl, d, dl) == 0)
            return 0;
    }
    return 1;
}

static const cg_validator validators[] = {
    {"phone", validate_phone},
    {"external_host", validate_external_host},
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
