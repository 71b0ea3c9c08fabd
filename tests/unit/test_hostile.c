/* test_hostile.c — what attackers type: every input gets a stated result, never a crash. (Time linear in
 * length is shown by bench/hostile, not asserted here.) */
#include "testutil.h"
#include "../utf8_valid.h"

static cg_engine *big;
static cg_scanner *sc;

static int setup(void **s)
{
    (void)s;
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 4u << 20;
    cg_diagnostics *d;
    if (cg_engine_load(NULL, "wb", &o, &big, &d) != CG_OK)
        return -1;
    return cg_scanner_new(&sc);
}

static int teardown(void **s)
{
    (void)s;
    cg_scanner_free(sc);
    cg_engine_unref(big);
    return 0;
}

static char *repeat(const char *unit, size_t total, size_t *len)
{
    size_t ul = strlen(unit), n = total / ul * ul;
    char *b = malloc(n + 1);
    for (size_t i = 0; i < n; i += ul)
        memcpy(b + i, unit, ul);
    b[n] = 0;
    *len = n;
    return b;
}

static void test_floods(void **st)
{
    (void)st;
    static const struct { const char *unit; int hits; } cases[] = {
        {"\xcc\x81", 0},       /* combining acute accents */
        {"\xe2\x80\x8b", 0},   /* zero-width spaces */
        {"((((", 0},           /* nested brackets */
        {"а", 1},              /* one letter, a million times: a one-word reply */
        {"8 ", 1},             /* one endless spaced number */
        {"хуйхуй", 1},         /* мат glued into one enormous word */
        {"ivan@mail.ru ", 1},  /* an address flood */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len;
        char *text = repeat(cases[k].unit, 1u << 20, &len);
        cg_result r;
        assert_int_equal(cg_check_message(big, sc, text, len, NULL, &r), CG_OK);
        if (cases[k].hits)
            assert_true(r.n_hits > 0);
        else
            assert_int_equal(r.n_hits, 0);
        for (size_t h = 0; h < r.n_hits; h++)
            assert_true(r.hits[h].start < r.hits[h].end && r.hits[h].end <= len);
        free(text);
    }
}

static void test_invalid_sequences(void **st)
{
    (void)st;
    static const char *const bad[] = {
        "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
        "\xff\xfe", "\xd0", "\xe2\x82", "\x80\x80\x80",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[64];
        int n = snprintf(text, sizeof text, "тел %s 89161234567 %s", bad[k], bad[k]);
        cg_result r;
        assert_int_equal(cg_check_message(big, sc, text, (size_t)n, NULL, &r), CG_OK);
        assert_true(r.flags & CG_FLAG_INVALID_UTF8);
        assert_non_null(tu_hit(&r, CG_CAT_PHONE));                  /* checked anyway */
        assert_true(utf8_valid((const unsigned char *)r.masked, r.masked_len)); /* safe to deliver */
    }
}

static void test_nul_and_limits(void **st)
{
    (void)st;
    const char text[] = "8916\0" "1234567 пиздец";
    cg_result r;
    assert_int_equal(cg_check_message(big, sc, text, sizeof text - 1, NULL, &r), CG_OK);
    assert_true(r.flags & CG_FLAG_NUL_BYTE);
    assert_non_null(tu_hit(&r, CG_CAT_PROFANITY));
    /* over the configured maximum: a clear error, nothing half-checked */
    size_t len;
    char *huge = repeat("x", (4u << 20) + 10, &len);
    assert_int_equal(cg_check_message(big, sc, huge, len, NULL, &r), CG_E_TOO_LONG);
    assert_int_equal(r.n_hits, 0);
    free(huge);
}

/* A numeral followed by a digit run longer than an int holds ("девятьсот 12345678901234"): the run
 * does not continue the spoken group (found by fuzz_conversation, where glued pieces make such runs;
 * it was a signed overflow that UBSan reports). */
static void test_numeral_before_long_number(void **st)
{
    (void)st;
    const char *const texts[] = {"девятьсот 12345678901234567890", "восемь девятьсот 8965777871 двадцать 99999999999",
                                 "сто 2147483648"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        cg_result r;
        assert_int_equal(cg_check_message(big, sc, texts[i], strlen(texts[i]), NULL, &r), CG_OK);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_floods),
        cmocka_unit_test(test_invalid_sequences),
        cmocka_unit_test(test_nul_and_limits),
        cmocka_unit_test(test_numeral_before_long_number),
    };
    return cmocka_run_group_tests_name("hostile", tests, setup, teardown);
}
