/* test_normalize.c — the views and their maps back to the original bytes. */
#include "testutil.h"

#include "internal.h"

/* The view of `text` number v, as a NUL-terminated string of the internal alphabet. */
static cg_views views;

static const char *view_of(const char *text, int v)
{
    assert_int_equal(cg_normalize(&views, text, strlen(text), 0), CG_OK);
    return (const char *)views.v[v].b;
}

/* UTF-8 → internal alphabet, for expected values ("пишите" → "\xef\xe8..."). */
static char *alpha(const char *utf8)
{
    uint8_t *w;
    size_t n;
    assert_int_equal(cg_translate_word(utf8, strlen(utf8), &w, &n), 0);
    return (char *)w;
}

#define ASSERT_VIEW(text, v, expected_utf8)                                                                        \
    do {                                                                                                       \
        char *want_ = alpha(expected_utf8);                                                                    \
        assert_string_equal(view_of(text, v), want_);                                                          \
        free(want_);                                                                                           \
    } while (0)

static void test_case_folding_and_yo(void **s)
{
    (void)s;
    ASSERT_VIEW("ПРИВЕТ, Ёжик! HeLLo", CG_VIEW_TEXT, "привет, ежик! hello");
    ASSERT_VIEW("ёлка Ёлка", CG_VIEW_TEXT, "елка елка");
}

static void test_nfkc_digits(void **s)
{
    (void)s;
    ASSERT_VIEW("８９１６", CG_VIEW_TEXT, "8916");         /* fullwidth */
    ASSERT_VIEW("𝟴𝟵𝟭𝟲", CG_VIEW_TEXT, "8916");           /* mathematical bold */
    ASSERT_VIEW("①②③", CG_VIEW_TEXT, "123");            /* circled */
    ASSERT_VIEW("❽➒⓿➀", CG_VIEW_TEXT, "8901");           /* dingbat digits */
    ASSERT_VIEW("x²", CG_VIEW_TEXT, "x2");               /* superscript */
    ASSERT_VIEW("8\xef\xb8\x8f\xe2\x83\xa3" "9\xef\xb8\x8f\xe2\x83\xa3", CG_VIEW_TEXT, "89"); /* keycaps */
    ASSERT_VIEW("№5", CG_VIEW_TEXT, "#5");
}

static void test_invisible_characters(void **s)
{
    (void)s;
    ASSERT_VIEW("8\xe2\x80\x8b" "9\xe2\x80\x8c" "1\xc2\xad" "6", CG_VIEW_TEXT, "8916"); /* ZWSP, ZWNJ, soft hyphen */
    ASSERT_VIEW("a\xef\xbb\xbf" "b", CG_VIEW_TEXT, "ab");                               /* BOM */
    ASSERT_VIEW("  много    пробелов \t\n тут  ", CG_VIEW_TEXT, "много пробелов тут");
}

static void test_combining_marks(void **s)
{
    (void)s;
    ASSERT_VIEW("и\xcc\x86", CG_VIEW_TEXT, "й");     /* и + combining breve */
    ASSERT_VIEW("xу\xcc\x81й", CG_VIEW_TEXT, "хуй"); /* stress mark dropped, x folded to Cyrillic */
    ASSERT_VIEW("café", CG_VIEW_TEXT, "cafe");
}

static void test_homoglyphs_by_token(void **s)
{
    (void)s;
    ASSERT_VIEW("пишитe в тeлeграм", CG_VIEW_TEXT, "пишите в телеграм"); /* Latin e in Cyrillic words */
    ASSERT_VIEW("tеlegram", CG_VIEW_TEXT, "telegram");                 /* Cyrillic е in a Latin word */
    ASSERT_VIEW("hello мир", CG_VIEW_TEXT, "hello мир");               /* one script each: untouched */
}

static void test_digits_view_separators(void **s)
{
    (void)s;
    ASSERT_VIEW("8 (916) 123-45-67", CG_VIEW_DIGITS, "89161234567");
    ASSERT_VIEW("8.916.123.45.67", CG_VIEW_DIGITS, "89161234567");
    ASSERT_VIEW("размер 42, цена 500", CG_VIEW_DIGITS, "размер 42, цена 500");
}

static void test_digits_view_look_alikes(void **s)
{
    (void)s;
    ASSERT_VIEW("8 9I2 З45 67 89", CG_VIEW_DIGITS, "89123456789");
    ASSERT_VIEW("8 9О5 ЗЗЗ 44 55", CG_VIEW_DIGITS, "89053334455");
    ASSERT_VIEW("8 9l6 123 45 67", CG_VIEW_DIGITS, "89161234567");
    ASSERT_VIEW("слово ЗОО", CG_VIEW_DIGITS, "слово зоо"); /* no digit beside it: letters stay */
}

static void test_digits_view_numerals(void **s)
{
    (void)s;
    ASSERT_VIEW("восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", CG_VIEW_DIGITS,
                "89161234567");
    ASSERT_VIEW("8 девятьсот 12 345 67 89", CG_VIEW_DIGITS, "89123456789");
    ASSERT_VIEW("девятьсот пять", CG_VIEW_DIGITS, "905");
    ASSERT_VIEW("ноль ноль один", CG_VIEW_DIGITS, "001");
    ASSERT_VIEW("две пары", CG_VIEW_DIGITS, "2 пары");
}

static void test_contact_view(void **s)
{
    (void)s;
    ASSERT_VIEW("ivan собака mail точка ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    ASSERT_VIEW("ivan (at) bk (dot) ru", CG_VIEW_CONTACT, "ivan@bk.ru");
    ASSERT_VIEW("ivan at gmail dot com", CG_VIEW_CONTACT, "ivan@gmail.com");
    ASSERT_VIEW("ivan собака гмейл", CG_VIEW_CONTACT, "ivan@gmail.com");
    ASSERT_VIEW("petrov собака мейл ру", CG_VIEW_CONTACT, "petrov@mail.ru");
    ASSERT_VIEW("mail точка ру", CG_VIEW_CONTACT, "mail.ru");
    ASSERT_VIEW("t . m e / s h o p", CG_VIEW_CONTACT, "t.me/shop");
    ASSERT_VIEW("ivan ＠ mail.ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    ASSERT_VIEW("собака лает", CG_VIEW_CONTACT, "собака лает");
    ASSERT_VIEW("look at me", CG_VIEW_CONTACT, "look@me"); /* between Latin words "at" is spelled: rules judge */
    ASSERT_VIEW("в инсте @shop", CG_VIEW_CONTACT, "в инсте @shop");
}

static void test_letters_view(void **s)
{
    (void)s;
    ASSERT_VIEW("х у й", CG_VIEW_LETTERS, "хуй");
    ASSERT_VIEW("х.у.й", CG_VIEW_LETTERS, "хуй");
    ASSERT_VIEW("п@здец", CG_VIEW_LETTERS, "п*здец");
    ASSERT_VIEW("бл..ь", CG_VIEW_LETTERS, "бл**ь");
    ASSERT_VIEW("хуууй", CG_VIEW_LETTERS, "хуй");
    ASSERT_VIEW("6лять", CG_VIEW_LETTERS, "блять");
    ASSERT_VIEW("страх у йога", CG_VIEW_LETTERS, "страх у йога");
    ASSERT_VIEW("конец. начало", CG_VIEW_LETTERS, "конец начало");
}

/* Every view character maps to whole original characters: [os, oe) within the text, starting and ending
 * on UTF-8 character boundaries, and never going backwards. Random inputs mix ASCII, Cyrillic, invalid
 * bytes, invisible characters, marks, digits, numerals and separators. */
static void test_offset_maps_property(void **s)
{
    (void)s;
    static const char *const atoms[] = {"a", "Z", "8", "9", " ", ".", "-", "(", "@", "п", "Ё", "й",
                                        "\xe2\x80\x8b", "\xcc\x86", "\xff", "\xc0\xaf", "\xed\xa0\x80",
                                        "восемь", "девятьсот", "собака", "точка", "８", "①", "😀",
                                        "\xef\xb8\x8f", "\xe2\x83\xa3", "х", "*", "\xf0\x9f", "ru", "І"};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char buf[512];
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        int natoms = (int)(seed % 40) + 1;
        for (int k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *a = atoms[(seed >> 33) % (sizeof atoms / sizeof atoms[0])];
            size_t al = strlen(a);
            if (len + al >= sizeof buf)
                break;
            memcpy(buf + len, a, al);
            len += al;
        }
        assert_int_equal(cg_normalize(&views, buf, len, 0), CG_OK);
        const uint8_t *t = (const uint8_t *)buf;
        for (int v = 0; v < CG_VIEW_COUNT; v++) {
            const cg_view *w = &views.v[v];
            for (size_t i = 0; i < w->len; i++) {
                assert_true(w->os[i] < w->oe[i]);
                assert_true(w->oe[i] <= len);
                if (i)
                    assert_true(w->os[i] >= w->os[i - 1]);
                /* [a, b) holds at least the whole character that starts at a ... */
                uint32_t a = w->os[i], b = w->oe[i];
                int32_t cp;
                size_t n = cg_utf8_decode(t + a, len - a, &cp);
                assert_true(a + n <= b);
                if (b < len) {
                    /* ... and b is where a character (valid, or one invalid byte) starts: decoding whole
                     * characters from a lands exactly on b */
                    size_t p = a;
                    while (p < b)
                        p += cg_utf8_decode(t + p, len - p, &cp);
                    assert_int_equal(p, b);
                }
            }
        }
    }
}

static void test_invalid_utf8_policy(void **s)
{
    (void)s;
    const char bad[] = "a\xff" "b\xc0\xaf" "c";
    assert_int_equal(cg_normalize(&views, bad, sizeof bad - 1, 0), CG_OK);
    assert_true(views.flags & CG_FLAG_INVALID_UTF8);
    const cg_view *v = &views.v[CG_VIEW_TEXT];
    assert_int_equal(v->len, 6); /* a, U+FFFD, b, U+FFFD, U+FFFD, c */
    assert_int_equal(v->b[1], CG_CH_SYMBOL);
    assert_int_equal(cg_normalize(&views, bad, sizeof bad - 1, 1), CG_E_INVALID_UTF8);
    /* surrogates and values past U+10FFFF are invalid too */
    assert_int_equal(cg_normalize(&views, "\xed\xa0\x80", 3, 1), CG_E_INVALID_UTF8);
    assert_int_equal(cg_normalize(&views, "\xf4\x90\x80\x80", 4, 1), CG_E_INVALID_UTF8);
}

static void test_nul_byte(void **s)
{
    (void)s;
    assert_int_equal(cg_normalize(&views, "a\0b", 3, 0), CG_OK);
    assert_true(views.flags & CG_FLAG_NUL_BYTE);
    assert_string_equal((const char *)views.v[CG_VIEW_TEXT].b, "a b");
}

static int teardown(void **s)
{
    (void)s;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        cg_view_free(&views.v[v]);
    cg_view_free(&views.tmp);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_folding_and_yo),  cmocka_unit_test(test_nfkc_digits),
        cmocka_unit_test(test_invisible_characters), cmocka_unit_test(test_combining_marks),
        cmocka_unit_test(test_homoglyphs_by_token),  cmocka_unit_test(test_digits_view_separators),
        cmocka_unit_test(test_digits_view_look_alikes), cmocka_unit_test(test_digits_view_numerals),
        cmocka_unit_test(test_contact_view),         cmocka_unit_test(test_letters_view),
        cmocka_unit_test(test_offset_maps_property), cmocka_unit_test(test_invalid_utf8_policy),
        cmocka_unit_test(test_nul_byte),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, teardown);
}
