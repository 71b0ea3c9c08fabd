/* hostile.c — hostile inputs cost time linear in their length (make bench-hostile).
 *
 * Each input is one unit repeated to 100 KB, 1 MB and 10 MB: ordinary letters, мат glued into one huge
 * word, combining marks, zero-width characters, nested brackets, phone numbers, invalid bytes, e-mail
 * addresses, single digits with spaces (one endless "number"), letter-spaced мат. Prints the time, ns per
 * byte (flat = linear), hits and flags (4 = truncated: too many matches, the verdict stands). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"
#include "timing.h"

static const struct unit {
    const char *label, *bytes;
} units[] = {
    {"а", "а"},
    {"хуйхуй", "хуйхуй"},
    {"combining", "\xcc\x81"},
    {"zero-width", "\xe2\x80\x8b"},
    {"(", "("},
    {"89161234567 ", "89161234567 "},
    {"invalid", "\xff"},
    {"ivan@mail.ru ", "ivan@mail.ru "},
    {"8 ", "8 "},
    {"х у й ", "х у й "},
};

/* The unit repeated to at most size bytes (whole units only), in a fresh buffer. */
static char *repeat(const char *unit, size_t size, size_t *len)
{
    size_t ul = strlen(unit), n = size / ul * ul;
    char *b = malloc(n + 1);
    if (!b)
        return NULL;
    for (size_t i = 0; i < n; i += ul)
        memcpy(b + i, unit, ul);
    b[n] = 0;
    *len = n;
    return b;
}

int main(void)
{
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 64u << 20; /* the default limit would refuse the 10 MB inputs */
    cg_engine *e;
    cg_scanner *s;
    if (cg_engine_load(NULL, "wb", &o, &e, NULL) != CG_OK || cg_scanner_new(&s) != CG_OK) {
        fprintf(stderr, "hostile: cannot load the rules (set CHATGUARD_RULES_DIR)\n");
        return 1;
    }
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (size_t size = 100000; size <= 10000000; size *= 10) {
            size_t n;
            char *b = repeat(units[u].bytes, size, &n);
            if (!b)
                return 1;
            cg_result r;
            double t0 = bench_now();
            int rc = cg_check_message(e, s, b, n, NULL, &r);
            double t = bench_now() - t0;
            printf("%-14.14s %9zu B rc=%d %6.1f ms %6.1f ns/B hits=%zu flags=%u\n", units[u].label, n, rc, t * 1e3,
                   t / (double)n * 1e9, r.n_hits, r.flags);
            fflush(stdout);
            free(b);
        }
    }
    cg_scanner_free(s);
    cg_engine_unref(e);
    return 0;
}
