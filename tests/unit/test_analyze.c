/* test_analyze.c — the pattern shape analysis (src/compile/analyze.c) that lets the scan path skip bytes:
 * hand-checked shapes, the constructs it must refuse, and a property test against PCRE2 on random
 * patterns and subjects (every span PCRE2 can match holds only shape bytes, a required byte, and has a
 * width within the bounds). */
#include "testutil.h"

#include "internal.h"

static cg_shape shape(const char *pat)
{
    cg_shape sh;
    cg_analyze_pattern(pat, strlen(pat), &sh);
    return sh;
}

static int has(const uint8_t *set, const char *bytes)
{
    for (const char *p = bytes; *p; p++)
        if (!cg_shape_has(set, (uint8_t)*p))
            return 0;
    return 1;
}

static unsigned count(const uint8_t *set)
{
    unsigned n = 0;
    for (unsigned b = 0; b < 256; b++)
        n += (unsigned)cg_shape_has(set, b);
    return n;
}

static void test_literals_and_widths(void **state)
{
    (void)state;
    cg_shape sh = shape("abc");
    assert_true(sh.known);
    assert_int_equal(sh.min_width, 3);
    assert_int_equal(sh.max_width, 3);
    assert_true(has(sh.bytes, "abc"));
    assert_int_equal(count(sh.bytes), 3);
    assert_true(sh.has_req);
    assert_int_equal(count(sh.req), 1);
    assert_false(sh.anchored);

    sh = shape("a+b*");
    assert_int_equal(sh.min_width, 1);
    assert_int_equal(sh.max_width, CG_WIDTH_INF);
    assert_true(has(sh.req, "a"));
    assert_int_equal(count(sh.req), 1);

    sh = shape("x?");
    assert_true(sh.known);
    assert_false(sh.has_req);
    assert_int_equal(sh.min_width, 0);

    sh = shape("a{2,5}b{3}c{2,}");
    assert_int_equal(sh.min_width, 7);
    assert_int_equal(sh.max_width, CG_WIDTH_INF);
    sh = shape("(?:ab){0,3}");
    assert_int_equal(sh.min_width, 0);
    assert_int_equal(sh.max_width, 6);
    assert_false(sh.has_req);

    sh = shape("\\d{7}");
    assert_int_equal(sh.min_width, 7);
    assert_int_equal(sh.max_width, 7);
    assert_true(has(sh.bytes, "0123456789"));
    assert_int_equal(count(sh.bytes), 10);
}

static void test_alternation_and_groups(void **state)
{
    (void)state;
    cg_shape sh = shape("(?:ab|cde)");
    assert_int_equal(sh.min_width, 2);
    assert_int_equal(sh.max_width, 3);
    assert_true(sh.has_req);
    assert_int_equal(count(sh.req), 2); /* one byte from each branch */
    sh = shape("(?<hit>ab)|c");
    assert_true(sh.known);
    assert_int_equal(sh.min_width, 1);
    assert_int_equal(sh.max_width, 2);
    sh = shape("ab|c?");
    assert_false(sh.has_req); /* a branch that needs nothing */
    sh = shape("(a)(?:b)(?>c)(?|d)(?P<x>e)(?'y'f)");
    assert_true(sh.known);
    assert_int_equal(sh.min_width, 6);
}

static void test_pairs(void **state)
{
    (void)state;
    cg_shape sh = shape("ab\\.c");
    assert_int_equal(sh.n_pairs, 1);
    sh = shape("[a-z]+\\.(?:ru|com)");
    assert_int_equal(sh.n_pairs, 1); /* '.' before r or c is rarer than a letter before '.' */
    assert_true(has(sh.pairs[0].a, "."));
    assert_true(has(sh.pairs[0].b, "rc"));
    assert_int_equal(count(sh.pairs[0].b), 2);
    sh = shape("x(?=y)z");
    assert_int_equal(sh.n_pairs, 1); /* the look-ahead consumes nothing: x and z are adjacent */
    assert_true(has(sh.pairs[0].a, "x"));
    assert_true(has(sh.pairs[0].b, "z"));
    sh = shape("ab?c");
    assert_int_equal(sh.n_pairs, 1);
    sh = shape("a|b");
    assert_int_equal(sh.n_pairs, 0); /* one-byte matches hold no pair */
    sh = shape("(?:ab|cd)");
    assert_int_equal(sh.n_pairs, 2);
}

static void test_classes_and_escapes(void **state)
{
    (void)state;
    cg_shape sh = shape("[^ ]+");
    assert_int_equal(count(sh.bytes), 255);
    assert_false(cg_shape_has(sh.bytes, ' '));
    sh = shape("[\\x41-\\x43\\-]");
    assert_true(has(sh.bytes, "ABC-"));
    assert_int_equal(count(sh.bytes), 4);
    sh = shape("[]a]");
    assert_true(has(sh.bytes, "]a"));
    assert_int_equal(count(sh.bytes), 2);
    sh = shape("[a-]");
    assert_true(has(sh.bytes, "a-"));
    sh = shape("\\xe0\\.\\n");
    assert_true(cg_shape_has(sh.bytes, 0xE0));
    assert_true(has(sh.bytes, ".\n"));
    assert_int_equal(count(sh.bytes), 3);
    sh = shape(".");
    assert_int_equal(count(sh.bytes), 256);
    sh = shape("\\w");
    assert_int_equal(count(sh.bytes), 63);
    sh = shape("\\S");
    assert_false(cg_shape_has(sh.bytes, ' '));
    assert_true(cg_shape_has(sh.bytes, 0xE0)); /* bytes above 127 are never \s */
}

static void test_assertions(void **state)
{
    (void)state;
    cg_shape sh = shape("(?<![a-z])foo(?=bar)");
    assert_true(sh.known);
    assert_true(sh.lookaround);
    assert_false(sh.anchored);
    assert_int_equal(sh.min_width, 3);
    assert_int_equal(sh.max_width, 3);
    assert_int_equal(count(sh.bytes), 2); /* look-arounds are not part of the span */
    assert_true(shape("^a$").anchored);
    assert_true(shape("\\bfoo").anchored);
    assert_true(shape("a\\z").anchored);
    assert_false(shape("[\\b]").anchored); /* a backspace in a class */
}

static void test_refused(void **state)
{
    (void)state;
    const char *bad[] = {"(?i)abc", "[[:alpha:]]", "(a)\\1", "\\p{L}", "a{,3}", "(*UTF)a", "\\Qa\\E", "a**",
                         "{", "a{2}{3}", "\\x{41}", "\\K", "(?#c)a", "(?(1)a|b)", "(?R)", "[a", "(a", "a)",
                         "\\h", "\\R", "\\0", "\\cA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cg_shape sh;
        int rc = cg_analyze_pattern(bad[i], strlen(bad[i]), &sh);
        if (rc == 0 || sh.known)
            fail_msg("analysis accepted \"%s\"", bad[i]);
    }
}

/* ---- random patterns against PCRE2 --------------------------------------------------------------- */

static unsigned rnd(unsigned *seed, unsigned n)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) % n;
}

static void gen(unsigned *seed, char *out, size_t *n, size_t cap, int depth)
{
    static const char *const atoms[] = {"a", "b", "c", " ", "\\.", "1", "[ab]", "[^a]", "\\d", "\\s", ".", "[a-c ]",
                                        "\\x2e", "[^ .]"};
    static const char *const quants[] = {"", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{2,}", "*?", "++"};
    unsigned items = 1 + rnd(seed, 4);
    for (unsigned i = 0; i < items && *n + 40 < cap; i++) {
        unsigned kind = depth < 3 ? rnd(seed, 10) : 0;
        const char *open = NULL;
        if (kind == 7)
            open = "(?:";
        else if (kind == 8)
            open = rnd(seed, 2) ? "(?=" : "(?<!";
        else if (kind == 9)
            open = "(";
        if (open) {
            *n += (size_t)sprintf(out + *n, "%s", open);
            gen(seed, out, n, cap, depth + 1);
            if (rnd(seed, 2)) {
                out[(*n)++] = '|';
                gen(seed, out, n, cap, depth + 1);
            }
            out[(*n)++] = ')';
            if (open[1] != '?' || open[2] == ':') /* no quantifier on look-behinds (PCRE2 fixed length) */
                *n += (size_t)sprintf(out + *n, "%s", quants[rnd(seed, 12)]);
        } else {
            *n += (size_t)sprintf(out + *n, "%s%s", atoms[rnd(seed, 14)], quants[rnd(seed, 12)]);
        }
    }
    out[*n] = 0;
}

static void test_random_against_pcre2(void **state)
{
    (void)state;
    unsigned seed = 12345;
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    unsigned long spans = 0, patterns = 0, pairs = 0;
    for (int t = 0; t < 3000; t++) {
        char pat[512];
        size_t n = 0;
        gen(&seed, pat, &n, sizeof pat, 0);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n, 0, &ec, &eo, NULL);
        if (!re)
            continue; /* e.g. a variable-length look-behind */
        cg_shape sh;
        if (cg_analyze_pattern(pat, n, &sh) != 0) {
            pcre2_code_free(re);
            fail_msg("analysis refused the generated pattern \"%s\"", pat);
        }
        patterns++;
        for (int k = 0; k < 20; k++) {
            static const char alpha[] = "abc .1xa b";
            uint8_t subj[40];
            size_t len = rnd(&seed, sizeof subj);
            for (size_t i = 0; i < len; i++)
                subj[i] = (uint8_t)alpha[rnd(&seed, sizeof alpha - 1)];
            for (size_t at = 0; at <= len; at++) {
                if (pcre2_match(re, subj, len, at, PCRE2_ANCHORED, md, NULL) < 0)
                    continue;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
                size_t w = ov[1] - ov[0];
                int req = !sh.has_req;
                for (size_t i = ov[0]; i < ov[1]; i++) {
                    if (!cg_shape_has(sh.bytes, subj[i]))
                        fail_msg("\"%s\" on \"%.*s\" at %zu: byte '%c' outside the shape", pat, (int)len, subj, at,
                                 subj[i]);
                    req |= cg_shape_has(sh.req, subj[i]);
                }
                if (!req)
                    fail_msg("\"%s\" on \"%.*s\" at %zu: no required byte", pat, (int)len, subj, at);
                int pair = !sh.n_pairs;
                for (size_t i = ov[0]; i + 1 < ov[1] && !pair; i++)
                    for (unsigned q = 0; q < sh.n_pairs; q++)
                        pair |= cg_shape_has(sh.pairs[q].a, subj[i]) && cg_shape_has(sh.pairs[q].b, subj[i + 1]);
                if (!pair)
                    fail_msg("\"%s\" on \"%.*s\" at %zu: no required pair", pat, (int)len, subj, at);
                pairs += sh.n_pairs > 0;
                if (w < sh.min_width || w > sh.max_width)
                    fail_msg("\"%s\" on \"%.*s\" at %zu: width %zu outside %u..%u", pat, (int)len, subj, at, w,
                             sh.min_width, sh.max_width);
                spans++;
            }
        }
        pcre2_code_free(re);
    }
    pcre2_match_data_free(md);
    assert_true(patterns > 1000);
    assert_true(spans > 10000);
    assert_true(pairs > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_widths), cmocka_unit_test(test_alternation_and_groups),
        cmocka_unit_test(test_classes_and_escapes), cmocka_unit_test(test_assertions), cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_refused),             cmocka_unit_test(test_random_against_pcre2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
