/* test_engine.c — the public API end to end on the shipped rules: spans on the original text, clean
 * traps, errors, engines and scanners. */
#include "testutil.h"

static cg_engine *wb;
static cg_scanner *sc;

static int setup(void **s)
{
    (void)s;
    wb = tu_engine("wb");
    return cg_scanner_new(&sc);
}

static int teardown(void **s)
{
    (void)s;
    cg_scanner_free(sc);
    cg_engine_unref(wb);
    return 0;
}

/* The hit of category c must cover exactly `needle` inside `text`. */
static void assert_span(const char *text, cg_category c, const char *needle)
{
    cg_result r = tu_check(wb, sc, text, NULL);
    const cg_hit *h = tu_hit(&r, c);
    if (!h)
        fail_msg("no %s hit in \"%s\"", cg_category_name(c), text);
    size_t start = (size_t)(strstr(text, needle) - text);
    if (h->start != start || h->end != start + strlen(needle))
        fail_msg("\"%s\": %s span [%zu,%zu) \"%.*s\", want \"%s\"", text, cg_category_name(c), h->start, h->end,
                 (int)(h->end - h->start), text + h->start, needle);
}

static void test_spans_on_original(void **s)
{
    (void)s;
    assert_span("Звоните +7 916 123-45-67 после шести", CG_CAT_PHONE, "+7 916 123-45-67");
    assert_span("мой номер 8 (903) 111-22-33!", CG_CAT_PHONE, "8 (903) 111-22-33");
    assert_span("тел: восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", CG_CAT_PHONE,
                "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь");
    assert_span("цена 990 89161234567", CG_CAT_PHONE, "89161234567");
    assert_span("пишите ivan.petrov@mail.ru, жду", CG_CAT_EMAIL, "ivan.petrov@mail.ru");
    assert_span("почта ivan собака mail точка ru ок", CG_CAT_EMAIL, "ivan собака mail точка ru");
    assert_span("у нас дешевле на myshop.ru.", CG_CAT_LINK, "myshop.ru");
    assert_span("наш канал t.me/shop_msk", CG_CAT_MESSENGER, "t.me/shop_msk");
    assert_span("тг: @ivan_shop", CG_CAT_MESSENGER, "тг");
    assert_span("это пиздец какой-то", CG_CAT_PROFANITY, "пиздец");
    assert_span("х*йня полная", CG_CAT_PROFANITY, "х*йня");
}

static void test_clean_traps(void **s)
{
    (void)s;
    static const char *const clean[] = {
        "застрахуйте посылку, пожалуйста", "требую вернуть деньги до рубля", "команда склада", "артикул 145678923",
        "цена 1 990 ₽", "т.е. размер 42", "заказ №4567890123", "номер заказа 12345678-0011-1", "трек 80085374123456",
        "г.Москва, ул.Ленина", "фото.jpg", "сдача 500 тг", "Макс, ваш заказ готов", "садовая тележка",
        "подробности на wildberries.ru", "ИНН 7707083893", "СНИЛС 112-233-445 95", "размеры 42 44 46 48 50 52",
        "тихую и сухую погоду", "не хотел оскорблять", "хлебать суп", "доставка в Астрахань", "ПВЗ в Чебоксарах",
    };
    for (size_t i = 0; i < sizeof clean / sizeof clean[0]; i++) {
        cg_result r = tu_check(wb, sc, clean[i], NULL);
        if (r.n_hits)
            fail_msg("\"%s\" has a %s hit %s", clean[i], cg_category_name(r.hits[0].category), r.hits[0].rule);
        assert_int_equal(r.action, CG_ACTION_ALLOW);
        assert_int_equal(r.masked_len, strlen(clean[i]));
        assert_memory_equal(r.masked, clean[i], r.masked_len);
    }
}

static void test_bad_arguments(void **s)
{
    (void)s;
    cg_result r;
    assert_int_equal(cg_check_message(NULL, sc, "x", 1, NULL, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, NULL, "x", 1, NULL, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, sc, NULL, 1, NULL, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, sc, "x", 1, NULL, NULL), CG_E_INVALID_ARG);
    cg_context bad = {(cg_role)7, CG_CHANNEL_CHAT, 0};
    assert_int_equal(cg_check_message(wb, sc, "x", 1, &bad, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, sc, NULL, 0, NULL, &r), CG_OK); /* empty message */
    assert_int_equal(r.n_hits, 0);
    assert_int_equal(cg_engine_load(NULL, "wb", NULL, NULL, NULL), CG_E_INVALID_ARG);
}

static void test_too_long(void **s)
{
    (void)s;
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 16;
    cg_engine *e;
    assert_int_equal(cg_engine_load(NULL, "wb", &o, &e, NULL), CG_OK);
    cg_result r;
    const char *text = "это сообщение длиннее шестнадцати байт";
    assert_int_equal(cg_check_message(e, sc, text, strlen(text), NULL, &r), CG_E_TOO_LONG);
    assert_int_equal(r.action, CG_ACTION_ALLOW);
    assert_int_equal(r.n_hits, 0);
    assert_int_equal(cg_check_message(e, sc, "короткое", strlen("короткое"), NULL, &r), CG_OK);
    cg_engine_unref(e);
}

static void test_strict_utf8(void **s)
{
    (void)s;
    cg_options o = CG_OPTIONS_INIT;
    o.strict_utf8 = 1;
    cg_engine *e;
    assert_int_equal(cg_engine_load(NULL, "wb", &o, &e, NULL), CG_OK);
    cg_result r;
    assert_int_equal(cg_check_message(e, sc, "a\xff", 2, NULL, &r), CG_E_INVALID_UTF8);
    cg_engine_unref(e);
    /* lenient (default): checked, flagged, the phone still found */
    const char text[] = "\xff тел 89161234567";
    assert_int_equal(cg_check_message(wb, sc, text, sizeof text - 1, NULL, &r), CG_OK);
    assert_true(r.flags & CG_FLAG_INVALID_UTF8);
    assert_non_null(tu_hit(&r, CG_CAT_PHONE));
}

/* One scanner, two engines in turn (a reload): each check answers for the engine it was given. */
static void test_scanner_across_engines(void **s)
{
    (void)s;
    cg_engine *avito = tu_engine("avito");
    const char *text = "Звоните +7 916 123-45-67";
    for (int round = 0; round < 3; round++) {
        cg_result r = tu_check(wb, sc, text, NULL);
        assert_int_equal(r.action, CG_ACTION_BLOCK);
        r = tu_check(avito, sc, text, NULL);
        assert_int_equal(r.action, CG_ACTION_ALLOW);
    }
    cg_engine_unref(avito); /* the scanner still holds it until it moves on */
    cg_result r = tu_check(wb, sc, text, NULL);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
}

static void test_refcount_and_info(void **s)
{
    (void)s;
    assert_ptr_equal(cg_engine_ref(wb), wb);
    cg_engine_unref(wb);
    cg_engine_info info;
    assert_int_equal(cg_engine_get_info(wb, &info), CG_OK);
    assert_true(info.rules > 10);
    assert_true(info.patterns > info.rules);
    assert_true(info.database_bytes > 0);
    assert_int_equal(info.views, cg_view_count());
    assert_string_equal(info.profile, "wb");
    assert_true(cg_scanner_memory(sc) > 0);
    assert_int_equal(cg_version_number(), CG_VERSION_NUMBER);
    assert_string_equal(cg_version_string(), CG_VERSION_STRING);
}

static void test_names(void **s)
{
    (void)s;
    for (int c = 0; c < CG_CAT_COUNT; c++) {
        const char *n = cg_category_name((cg_category)c);
        assert_non_null(n);
        assert_int_equal(cg_category_from_name(n, strlen(n)), c);
    }
    assert_null(cg_category_name(CG_CAT_COUNT));
    assert_int_equal(cg_category_from_name("phones", 6), -1);
    assert_int_equal(cg_role_from_name("buyer", 5), CG_ROLE_BUYER);
    assert_int_equal(cg_channel_from_name("review_reply", 12), CG_CHANNEL_REVIEW_REPLY);
    assert_string_equal(cg_action_name(CG_ACTION_MASK), "mask");
    assert_string_equal(cg_sanction_name(CG_SANCTION_DISCONNECT), "disconnect");
    for (int e = 0; e >= -12; e--)
        assert_non_null(cg_strerror(e));
    assert_string_equal(cg_view_name(0), "text");
    assert_null(cg_view_name(cg_view_count()));
}

/* The explain API renders the views of the last message with a map to the original bytes. */
static void test_scanner_view(void **s)
{
    (void)s;
    tu_check(wb, sc, "Тел 8 9I2", NULL);
    char buf[64];
    size_t orig[64];
    size_t n = cg_scanner_view(sc, 1 /* digits */, buf, sizeof buf, orig, 64);
    assert_string_equal(buf, "тел 8912");
    assert_int_equal(n, 8);
    assert_int_equal(orig[2 * 4], strlen("Тел "));     /* '8' */
    assert_int_equal(orig[2 * 7 + 1], strlen("Тел 8 9I2")); /* last '2' ends the text */
}

/* For random inputs (contacts, мат, invalid bytes, invisible characters, marks), every hit's [start, end)
 * lies in the message and both ends are character boundaries of the original: the span is a whole number
 * of characters (a valid UTF-8 slice wherever the message itself is valid UTF-8). */
static void test_hit_spans_property(void **s)
{
    (void)s;
    static const char *const atoms[] = {"8", "9", "1", "6", " ", "-", "(", ")", "+7", "тел ", "собака", "точка",
                                        "mail", "ru", "ivan", "@", ".", "t", "me/", "х", "у", "й", "*", "пизд",
                                        "ец", "бля", "\xe2\x80\x8b", "\xcc\x86", "\xff", "\xd0", "восемь ",
                                        "девятьсот ", "８", "😀", "З", "О", "I", "тг", "в ", "пишите "};
    uint64_t seed = 12345;
    char buf[400];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int natoms = (int)((seed >> 40) % 30) + 1;
        for (int k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *a = atoms[(seed >> 33) % (sizeof atoms / sizeof atoms[0])];
            size_t al = strlen(a);
            if (len + al >= sizeof buf)
                break;
            memcpy(buf + len, a, al);
            len += al;
        }
        cg_result r;
        assert_int_equal(cg_check_message(wb, sc, buf, len, NULL, &r), CG_OK);
        for (size_t h = 0; h < r.n_hits; h++) {
            size_t a = r.hits[h].start, b = r.hits[h].end;
            assert_true(a < b && b <= len);
            /* walking whole characters (an invalid byte counts as one) from a reaches b exactly */
            size_t p = 0;
            while (p < a) {
                size_t n = 1;
                unsigned char c = (unsigned char)buf[p];
                if (c >= 0xC2 && c <= 0xF4) {
                    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, k = 1;
                    while (k < want && p + k < len && ((unsigned char)buf[p + k] & 0xC0) == 0x80)
                        k++;
                    n = k == want ? want : 1;
                }
                p += n;
            }
            assert_int_equal(p, a); /* a is a character start */
        }
    }
}

/* A batch gives every message the verdict a single check gives it, in order, with its own hits and
 * masked text; a failing message does not stop the others. */
static void test_batch_matches_single(void **s)
{
    (void)s;
    const char *texts[] = {"Звоните +7 916 123-45-67", "Добрый день, размер 44 есть", "это пиздец", "",
                           "пишите ivan собака mail точка ru и в тг @shop_msk"};
    cg_message msgs[6];
    for (int i = 0; i < 5; i++) {
        cg_context c = {i % 2 ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, (unsigned)i};
        msgs[i] = (cg_message){texts[i], strlen(texts[i]), c};
    }
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 40;
    cg_engine *small;
    assert_int_equal(cg_engine_load(NULL, "wb", &o, &small, NULL), CG_OK);
    cg_batch b;
    assert_int_equal(cg_check_batch(small, sc, msgs, 5, &b), CG_OK);
    assert_int_equal(b.n_items, 5);
    size_t total = 0;
    for (int i = 0; i < 5; i++) {
        const cg_batch_item *it = &b.items[i];
        if (strlen(texts[i]) > 40) {
            assert_int_equal(it->error, CG_E_TOO_LONG);
            continue;
        }
        assert_int_equal(it->error, CG_OK);
        cg_result r = tu_check(small, sc, texts[i], &msgs[i].ctx);
        assert_int_equal(it->action, r.action);
        assert_int_equal(it->sanction, r.sanction);
        assert_int_equal(it->n_hits, r.n_hits);
        assert_int_equal(it->masked_len, r.masked_len);
        total += it->n_hits;
    }
    assert_int_equal(total, b.n_hits);
    /* results stay valid across the single checks above: they live in the batch storage */
    assert_memory_equal(b.masked + b.items[2].masked_offset, "это ******", strlen("это ******"));
    assert_int_equal(b.hits[b.items[0].first_hit].category, CG_CAT_PHONE);
    assert_int_equal(cg_check_batch(small, sc, NULL, 0, &b), CG_OK);
    assert_int_equal(b.n_items, 0);
    assert_int_equal(cg_check_batch(small, sc, NULL, 1, &b), CG_E_INVALID_ARG);
    cg_engine_unref(small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spans_on_original), cmocka_unit_test(test_clean_traps),
        cmocka_unit_test(test_bad_arguments),     cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_strict_utf8),       cmocka_unit_test(test_scanner_across_engines),
        cmocka_unit_test(test_refcount_and_info), cmocka_unit_test(test_names),
        cmocka_unit_test(test_scanner_view),      cmocka_unit_test(test_hit_spans_property),
        cmocka_unit_test(test_batch_matches_single),
    };
    return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}
