/* test_engine.c — the public API end to end on the shipped rules (CHATGUARD_RULES_DIR): what is found and
 * where in the original bytes, what is not found, the verdicts of the profiles, masking, escalation, and
 * the error paths, engines and scanners. */
#include <limits.h>

#include "testutil.h"

static cg_engine *wb, *ozon, *avito;
static cg_scanner *sc;

static int setup(void **s)
{
    (void)s;
    wb = tu_engine("wb");
    ozon = tu_engine("ozon");
    avito = tu_engine("avito");
    return cg_scanner_new(&sc);
}

static int teardown(void **s)
{
    (void)s;
    cg_scanner_free(sc);
    cg_engine_unref(wb);
    cg_engine_unref(ozon);
    cg_engine_unref(avito);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------------------------- */

/* A hit of category c in `text` (checked with e as `role`) must cover exactly the first occurrence of
 * `needle`, in bytes of the original. */
static void span_is(const cg_engine *e, cg_role role, const char *text, cg_category c, const char *needle, int line)
{
    const char *at = strstr(text, needle);
    if (!at)
        fail_msg("line %d: \"%s\" not in \"%s\"", line, needle, text);
    size_t start = (size_t)(at - text), end = start + strlen(needle);
    cg_result r = tu_check_as(e, sc, text, role, CG_CHANNEL_CHAT, 0);
    for (size_t i = 0; i < r.n_hits; i++)
        if (r.hits[i].category == c && r.hits[i].start == start && r.hits[i].end == end) {
            assert_true(r.categories & (1u << c));
            assert_non_null(r.hits[i].rule);
            /* the rule id is "<category>.<name>" */
            const char *cn = cg_category_name(c);
            assert_int_equal(strncmp(r.hits[i].rule, cn, strlen(cn)), 0);
            assert_int_equal(r.hits[i].rule[strlen(cn)], '.');
            assert_in_range(r.hits[i].severity, 1, 5);
            assert_in_range(r.hits[i].view, 0, cg_view_count() - 1);
            return;
        }
    tu_print_result(text, &r);
    fail_msg("line %d: no %s hit on [%zu,%zu) \"%s\"", line, cg_category_name(c), start, end, needle);
}
#define SPAN_IS(text, c, needle) span_is(wb, CG_ROLE_SELLER, (text), (c), (needle), __LINE__)

/* No hit at all (as `role`); the message goes through unchanged. */
static void clean(const cg_engine *e, cg_role role, const char *text, int line)
{
    cg_result r = tu_check_as(e, sc, text, role, CG_CHANNEL_CHAT, 0);
    if (r.n_hits) {
        tu_print_result(text, &r);
        fail_msg("line %d: \"%s\" should have no hit", line, text);
    }
    assert_int_equal(r.categories, 0);
    assert_int_equal(r.action, CG_ACTION_ALLOW);
    assert_int_equal(r.sanction, CG_SANCTION_NONE);
    assert_int_equal(r.fine_rub, 0);
    assert_int_equal(r.masked_len, strlen(text));
    assert_memory_equal(r.masked, text, r.masked_len + 1);
}

/* ---- what is found, and where ----------------------------------------------------------------------- */

static void test_phone_spans(void **s)
{
    (void)s;
    SPAN_IS("Звоните +7 916 123-45-67 после шести", CG_CAT_PHONE, "+7 916 123-45-67");
    SPAN_IS("мой номер 8 (903) 111-22-33!", CG_CAT_PHONE, "8 (903) 111-22-33");
    SPAN_IS("тел.: 8(916)123-45-67, вечером", CG_CAT_PHONE, "8(916)123-45-67");
    SPAN_IS("89161234567", CG_CAT_PHONE, "89161234567");
    SPAN_IS("+7(916)1234567", CG_CAT_PHONE, "+7(916)1234567");
    SPAN_IS("пишите 916 123 45 67", CG_CAT_PHONE, "916 123 45 67");
    SPAN_IS("офис: +7 (495) 123-45-67", CG_CAT_PHONE, "+7 (495) 123-45-67");
    SPAN_IS("8-800-555-35-35 бесплатно", CG_CAT_PHONE, "8-800-555-35-35");
    SPAN_IS("мой номер +375 29 123-45-67", CG_CAT_PHONE, "+375 29 123-45-67");
    /* another number right before it is not part of it */
    SPAN_IS("цена 990 89161234567", CG_CAT_PHONE, "89161234567");
    SPAN_IS("89161234567звони", CG_CAT_PHONE, "89161234567");
    /* disguised: the span is on the original bytes, whole characters */
    SPAN_IS("тел ８９１６１２３４５６７", CG_CAT_PHONE, "８９１６１２３４５６７");
    SPAN_IS("тел 8\xe2\x80\x8b" "916\xe2\x80\x8b" "1234567 ок", CG_CAT_PHONE,
            "8\xe2\x80\x8b" "916\xe2\x80\x8b" "1234567");
    SPAN_IS("😀 звоните 89161234567 😀", CG_CAT_PHONE, "89161234567");
    SPAN_IS("тел: восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", CG_CAT_PHONE,
            "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь");
    SPAN_IS("МОЙ НОМЕР 8 916 123 45 67", CG_CAT_PHONE, "8 916 123 45 67");
    SPAN_IS("звоните 8:923:455:67:01 днём", CG_CAT_PHONE, "8:923:455:67:01");
    SPAN_IS("+7 985 I4З 8б O2 — примерка", CG_CAT_PHONE, "+7 985 I4З 8б O2");
    SPAN_IS("8 9ноль5 999 ноль ноль 07 по вопросам", CG_CAT_PHONE, "8 9ноль5 999 ноль ноль 07");
    SPAN_IS("+375 44 5081137 Витебск", CG_CAT_PHONE, "+375 44 5081137");
}

/* Validators phone_split, phone_foreign and the series check of bare 10-digit numbers. */
static void test_phone_split_and_foreign(void **s)
{
    (void)s;
    /* a number told in pieces: the span runs from the first piece to the last */
    SPAN_IS("звоните, первые цифры 8 926, а потом 514 08 73", CG_CAT_PHONE, "8 926, а потом 514 08 73");
    SPAN_IS("последние цифры 17 22, а начало 8 903 448", CG_CAT_PHONE, "17 22, а начало 8 903 448");
    SPAN_IS("тел 8 964 380, дальше 27 19", CG_CAT_PHONE, "8 964 380, дальше 27 19");
    /* pieces that do not make a mobile, or no contact word near them */
    clean(wb, CG_ROLE_SELLER, "номер 8 964, потом 380 27 1", __LINE__);
    clean(wb, CG_ROLE_SELLER, "партия 8 915 шт, а сумма 1 250 000", __LINE__);
    clean(wb, CG_ROLE_SELLER, "последние цифры 17 22, а начало 8 803 448", __LINE__);
    /* CIS numbers: with '+' at the plan's length, without it a mobile near a contact word */
    SPAN_IS("мой номер +374 91 40 52 17", CG_CAT_PHONE, "+374 91 40 52 17");
    SPAN_IS("грузинский номер +995 599 12 34 56", CG_CAT_PHONE, "+995 599 12 34 56");
    SPAN_IS("Туркменистан +993 65 12 34 56", CG_CAT_PHONE, "+993 65 12 34 56");
    SPAN_IS("звоните 375 29 611 22 33", CG_CAT_PHONE, "375 29 611 22 33");
    SPAN_IS("телефон 810 996 555 40 71 18", CG_CAT_PHONE, "810 996 555 40 71 18");
    clean(wb, CG_ROLE_SELLER, "мой номер +374 914 052", __LINE__);      /* too short for Armenia */
    clean(wb, CG_ROLE_SELLER, "заказ 375296112233 в пути", __LINE__);   /* no contact word */
    /* a series of article numbers is no phone; the same number repeated is */
    clean(wb, CG_ROLE_SELLER, "артикул 9630015542, у старой модели 9630015519", __LINE__);
    SPAN_IS("пишите 9161234567, повторю: 9161234567", CG_CAT_PHONE, "9161234567");
}

/* One-word replies are detected in every channel (the profile prices them per channel); another marketplace
 * is the profile's own one or not. */
static void test_channel_rules_and_own_marketplace(void **s)
{
    (void)s;
    cg_context ctx = CG_CONTEXT_INIT;
    cg_result r = tu_check(wb, sc, "Спасибо!", &ctx);
    assert_non_null(tu_hit(&r, CG_CAT_ONE_WORD));
    ctx.channel = CG_CHANNEL_REVIEW_REPLY;
    r = tu_check(wb, sc, "Спасибо!", &ctx);
    assert_non_null(tu_hit(&r, CG_CAT_ONE_WORD));
    ctx.channel = CG_CHANNEL_QUESTION_ANSWER;
    r = tu_check(wb, sc, "Да", &ctx);
    assert_non_null(tu_hit(&r, CG_CAT_ONE_WORD));
    ctx = (cg_context)CG_CONTEXT_INIT;
    r = tu_check(wb, sc, "на Озоне эта модель дешевле", &ctx);
    assert_non_null(tu_hit(&r, CG_CAT_OFFPLATFORM));
    r = tu_check(ozon, sc, "на Озоне эта модель дешевле", &ctx);
    assert_null(tu_hit(&r, CG_CAT_OFFPLATFORM));
    r = tu_check(wb, sc, "на WB эта модель дешевле", &ctx);
    assert_null(tu_hit(&r, CG_CAT_OFFPLATFORM));
    r = tu_check(ozon, sc, "на WB эта модель дешевле", &ctx);
    assert_non_null(tu_hit(&r, CG_CAT_OFFPLATFORM));
}

static void test_phone_span_after_invalid_utf8(void **s)
{
    (void)s;
    const char text[] = "\xff\xfe тел 89161234567";
    cg_result r;
    assert_int_equal(cg_check_message(wb, sc, text, sizeof text - 1, NULL, &r), CG_OK);
    assert_true(r.flags & CG_FLAG_INVALID_UTF8);
    const cg_hit *h = tu_hit(&r, CG_CAT_PHONE);
    assert_non_null(h);
    assert_int_equal(h->start, strlen("\xff\xfe тел "));
    assert_int_equal(h->end, sizeof text - 1);
}

static void test_email_spans(void **s)
{
    (void)s;
    SPAN_IS("пишите ivan.petrov@mail.ru, жду", CG_CAT_EMAIL, "ivan.petrov@mail.ru");
    SPAN_IS("mail: Ivan@Mail.Ru.", CG_CAT_EMAIL, "Ivan@Mail.Ru");
    SPAN_IS("почта ivan собака mail точка ru ок", CG_CAT_EMAIL, "ivan собака mail точка ru");
    SPAN_IS("ivan (at) bk (dot) ru", CG_CAT_EMAIL, "ivan (at) bk (dot) ru");
    SPAN_IS("a@b.ru", CG_CAT_EMAIL, "a@b.ru");
    /* spellings the contact view restores: the span is the whole spelled address, glued or bracketed */
    SPAN_IS("почта anna1991собакаmailточкаru, жду", CG_CAT_EMAIL, "anna1991собакаmailточкаru");
    SPAN_IS("kids.opt [ at ] gmail [ dot ] com!", CG_CAT_EMAIL, "kids.opt [ at ] gmail [ dot ] com");
    SPAN_IS("пишите vera собака бк ру, там каталог", CG_CAT_EMAIL, "vera собака бк ру");
    SPAN_IS("tanya@mail。ru", CG_CAT_EMAIL, "tanya@mail。ru");
}

/* The domain of an address is part of the address: no link hit of its own, and a login such as
 * "nadezhda.shop" (.shop is a top-level domain) before a spelled "@" is no link either. */
static void test_email_domain_is_not_a_link(void **s)
{
    (void)s;
    const char *texts[] = {"пишите ivan.petrov@mail.ru", "elena собачка gmail точка com", "tanya_shop (@) yandex (.) ru",
                           "nadezhda.shop sobakamailtochkaru", "olgaSobaka.gmail.com"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        cg_result r = tu_check_as(wb, sc, texts[i], CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0);
        if (!(r.categories & (1u << CG_CAT_EMAIL)) || (r.categories & (1u << CG_CAT_LINK))) {
            tu_print_result(texts[i], &r);
            fail_msg("\"%s\" should be an e-mail address and no link", texts[i]);
        }
    }
    /* a link beside an address is still a link */
    SPAN_IS("почта ivan@mail.ru, сайт myshop.ru", CG_CAT_LINK, "myshop.ru");
}

static void test_link_spans(void **s)
{
    (void)s;
    SPAN_IS("у нас дешевле на myshop.ru.", CG_CAT_LINK, "myshop.ru");
    SPAN_IS("сайт https://shop.example.com/item?id=1 ок", CG_CAT_LINK, "https://shop.example.com/item?id=1");
    SPAN_IS("www.myshop.ru", CG_CAT_LINK, "www.myshop.ru");
    SPAN_IS("смотрите ozon.ru", CG_CAT_LINK, "ozon.ru");
}

/* The profile's own domains are the platform, not a link away from it. */
static void test_own_domain_is_not_a_link(void **s)
{
    (void)s;
    static const char *const own[] = {"карточка на wildberries.ru", "https://www.wildberries.ru/catalog/123/detail.aspx",
                                      "смотрите seller.wildberries.ru", "смотрите WILDBERRIES.RU", "смотрите wb.ru"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        cg_result r = tu_check(wb, sc, own[i], NULL);
        if (tu_has(&r, CG_CAT_LINK)) {
            tu_print_result(own[i], &r);
            fail_msg("wb: \"%s\" is the platform's own domain", own[i]);
        }
        assert_int_equal(r.action, CG_ACTION_ALLOW);
        /* under another profile the same domain is a link */
        r = tu_check(ozon, sc, own[i], NULL);
        assert_true(tu_has(&r, CG_CAT_LINK));
        assert_int_equal(r.action, CG_ACTION_BLOCK);
    }
    /* a domain that only ends with the name is not the platform's */
    cg_result r = tu_check(wb, sc, "смотрите notwildberries.ru", NULL);
    assert_true(tu_has(&r, CG_CAT_LINK));
    r = tu_check(ozon, sc, "смотрите ozon.ru", NULL);
    assert_false(tu_has(&r, CG_CAT_LINK));
}

static void test_tme_link_and_messenger(void **s)
{
    (void)s;
    const char *t = "наш канал t.me/shop_msk";
    SPAN_IS(t, CG_CAT_LINK, "t.me/shop_msk");
    SPAN_IS(t, CG_CAT_MESSENGER, "t.me/shop_msk");
    cg_result r = tu_check(wb, sc, t, NULL);
    assert_int_equal(r.categories, (1u << CG_CAT_LINK) | (1u << CG_CAT_MESSENGER));
    SPAN_IS("https://t.me/joinchat/abc", CG_CAT_LINK, "https://t.me/joinchat/abc");
    SPAN_IS("https://t.me/joinchat/abc", CG_CAT_MESSENGER, "t.me/joinchat");
    SPAN_IS("пишите vk.com/id123", CG_CAT_MESSENGER, "vk.com/id123");
}

static void test_handles(void **s)
{
    (void)s;
    SPAN_IS("мой ник @ivan_shop", CG_CAT_MESSENGER, "@ivan_shop");
    SPAN_IS("inst: @shop_msk", CG_CAT_MESSENGER, "@shop_msk");
    SPAN_IS("тг: @ivan_shop", CG_CAT_MESSENGER, "@ivan_shop");
    SPAN_IS("тг: @ivan_shop", CG_CAT_MESSENGER, "тг");
    /* an address is an e-mail, not a handle */
    cg_result r = tu_check(wb, sc, "почта ivan@mail.ru", NULL);
    assert_true(tu_has(&r, CG_CAT_EMAIL));
    assert_false(tu_has(&r, CG_CAT_MESSENGER));
}

static void test_profanity(void **s)
{
    (void)s;
    SPAN_IS("это пиздец какой-то", CG_CAT_PROFANITY, "пиздец");
    SPAN_IS("иди на хуй", CG_CAT_PROFANITY, "хуй");
    SPAN_IS("ну ты и блядь", CG_CAT_PROFANITY, "блядь");
    SPAN_IS("ЕБАТЬ копать", CG_CAT_PROFANITY, "ЕБАТЬ");
    /* disguised */
    SPAN_IS("х*йня полная", CG_CAT_PROFANITY, "х*йня");
    SPAN_IS("ну ты бл..ь", CG_CAT_PROFANITY, "бл..ь");
    SPAN_IS("х у й тебе", CG_CAT_PROFANITY, "х у й");
    SPAN_IS("6лять опять", CG_CAT_PROFANITY, "6лять");
    SPAN_IS("ты сууука", CG_CAT_PROFANITY, "сууука");
    SPAN_IS("пиши xуй", CG_CAT_PROFANITY, "xуй"); /* Latin x */
}

/* Words that hold a contact's or мат's letters and are clean. */
static void test_clean_traps(void **s)
{
    (void)s;
    static const char *const sentences[] = {
        "застрахуйте посылку, пожалуйста", "требую вернуть деньги до рубля", "команда склада работает",
        "артикул 145678923", "цена 1 990 ₽", "т.е. размер 42", "размеры 42 44 46 48 50", "сдача 500 тг",
        "номер заказа 9876543210", "скидка +15% на второй товар", "Добрый день! Отправим завтра.",
        "ИНН 7707083893", "СНИЛС 112-233-445 95", "трек 80085374123456", "доставка в Астрахань",
        "хлебать суп ложкой", "колебания цен на рынке", "подробности на wildberries.ru", "г.Москва, ул.Ленина",
        "собака лает на кота", "оскорблять никого не хотели", "фото.jpg прикрепил",
        /* contact look-alikes */
        "Есть 80 85 90 95 100 105 110 см пояса", "Серийный номер SN 2K4815162342 на задней крышке",
        "Товар в наличии. Online оплата при получении", "Купила 2 шт. Ru размер или EU?", "Новинки · Sale · Shop",
        "у меня собака лист съела", "оплата в тг по курсу", "в WhatsApp не пишем, только в этом чате",
        "часы показывают уведомления из WhatsApp", "мотор 150 лс", "погрузили мешки на телегу",
        "в контакте с кожей не вызывает раздражения", "Время работы 9:00-18:00, сб 10:00-16:00",
    };
    for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++)
        clean(wb, CG_ROLE_SELLER, sentences[i], __LINE__);
    /* single words (as a buyer: a seller's one-word answer is a category of its own) */
    static const char *const words[] = {"команда",    "застрахуйте", "страхуй",  "рубля",     "хлебало",
                                        "оскорбление", "употреблять", "гребля",   "сабля",     "психиатр",
                                        "ипподром",   "скипидар",    "колебания", "тебя",     "потребляю"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        clean(wb, CG_ROLE_BUYER, words[i], __LINE__);
}

/* ---- verdicts ---------------------------------------------------------------------------------------- */

static void test_wb_seller_phone_block_fine(void **s)
{
    (void)s;
    const char *t = "Звоните +7 916 123-45-67";
    cg_result r = tu_check(wb, sc, t, NULL); /* NULL context: seller, chat, no prior violations */
    assert_int_equal(r.action, CG_ACTION_BLOCK);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    assert_int_equal(r.fine_rub, 25000);
    assert_int_equal(r.categories, 1u << CG_CAT_PHONE);
    const cg_hit *h = tu_hit(&r, CG_CAT_PHONE);
    assert_non_null(h);
    assert_int_equal(h->action, CG_ACTION_BLOCK);
    assert_int_equal(h->sanction, CG_SANCTION_FINE); /* the evidence */
    assert_int_equal(h->fine_rub, 25000);
    /* the same with an explicit context */
    cg_result r2 = tu_check_as(wb, sc, t, CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0);
    assert_int_equal(r2.action, CG_ACTION_BLOCK);
    assert_int_equal(r2.fine_rub, 25000);
}

/* A buyer's phone is masked: every byte outside the span as it was, every digit inside it '*'. */
static void test_buyer_phone_masked(void **s)
{
    (void)s;
    static const char *const texts[] = {"звоните 8 (916) 123-45-67 вечером", "тел.: +7(916)1234567, жду",
                                        "89161234567", "номер 8-916-123-45-67 и всё"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const char *t = texts[k];
        size_t len = strlen(t);
        cg_result r = tu_check_as(wb, sc, t, CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
        assert_int_equal(r.action, CG_ACTION_MASK);
        assert_int_equal(r.sanction, CG_SANCTION_NONE);
        assert_int_equal(r.fine_rub, 0);
        const cg_hit *h = tu_hit(&r, CG_CAT_PHONE);
        assert_non_null(h);
        assert_int_equal(r.n_hits, 1);
        assert_int_equal(r.masked_len, len); /* ASCII inside the span: same length */
        assert_int_equal(r.masked[len], 0);
        size_t masked = 0;
        for (size_t i = 0; i < len; i++) {
            int inside = i >= h->start && i < h->end;
            char want = inside && t[i] >= '0' && t[i] <= '9' ? '*' : t[i];
            if (r.masked[i] != want)
                fail_msg("\"%s\": masked byte %zu is '%c', want '%c' (masked \"%s\")", t, i, r.masked[i], want,
                         r.masked);
            masked += inside && want == '*';
        }
        assert_int_equal(masked, 11); /* all eleven digits */
    }
    /* a seller's message is blocked, not masked: masked text is the original */
    cg_result r = tu_check(wb, sc, texts[0], NULL);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
}

/* Escalation with prior violations: WB messenger ladder fine > fine > disconnect (the last step repeats). */
static void test_escalation_wb_messenger(void **s)
{
    (void)s;
    static const struct {
        unsigned prior;
        cg_sanction sanction;
        long fine;
    } ladder[] = {{0, CG_SANCTION_FINE, 25000},       {1, CG_SANCTION_FINE, 25000},
                  {2, CG_SANCTION_DISCONNECT, 0},     {3, CG_SANCTION_DISCONNECT, 0},
                  {1000, CG_SANCTION_DISCONNECT, 0},  {UINT_MAX, CG_SANCTION_DISCONNECT, 0}};
    static const char *const texts[] = {"пишите мне в телеграм", "мой ник @ivan_shop"};
    for (size_t t = 0; t < 2; t++)
        for (size_t i = 0; i < sizeof ladder / sizeof ladder[0]; i++) {
            cg_result r = tu_check_as(wb, sc, texts[t], CG_ROLE_SELLER, CG_CHANNEL_CHAT, ladder[i].prior);
            assert_int_equal(r.categories, 1u << CG_CAT_MESSENGER);
            assert_int_equal(r.action, CG_ACTION_BLOCK);
            if (r.sanction != ladder[i].sanction || r.fine_rub != ladder[i].fine)
                fail_msg("\"%s\" prior %u: %s %ld, want %s %ld", texts[t], ladder[i].prior,
                         cg_sanction_name(r.sanction), r.fine_rub, cg_sanction_name(ladder[i].sanction),
                         ladder[i].fine);
            for (size_t h = 0; h < r.n_hits; h++) {
                assert_int_equal(r.hits[h].sanction, ladder[i].sanction);
                assert_int_equal(r.hits[h].fine_rub, ladder[i].fine);
            }
            /* a buyer is never fined, however many violations */
            r = tu_check_as(wb, sc, texts[t], CG_ROLE_BUYER, CG_CHANNEL_CHAT, ladder[i].prior);
            assert_int_equal(r.action, CG_ACTION_MASK);
            assert_int_equal(r.sanction, CG_SANCTION_NONE);
            assert_int_equal(r.fine_rub, 0);
        }
    /* links start with a warning: warning > fine > disconnect */
    cg_result r = tu_check_as(wb, sc, "у нас дешевле на myshop.ru", CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0);
    assert_int_equal(r.sanction, CG_SANCTION_WARNING);
    assert_int_equal(r.fine_rub, 0);
    r = tu_check_as(wb, sc, "у нас дешевле на myshop.ru", CG_ROLE_SELLER, CG_CHANNEL_CHAT, 1);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    assert_int_equal(r.fine_rub, 25000);
}

/* The strictest hit decides: a message with a link (warning) and a phone (fine) is fined; with a phishing
 * link (disconnect) it is a disconnection and no fine. */
static void test_strictest_hit_wins(void **s)
{
    (void)s;
    cg_result r = tu_check(wb, sc, "сайт myshop.ru и телефон 89161234567", NULL);
    assert_true(tu_has(&r, CG_CAT_LINK) && tu_has(&r, CG_CAT_PHONE));
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    assert_int_equal(r.fine_rub, 25000);
    r = tu_check(wb, sc, "вход https://wildberries-bonus.ru/login и телефон 89161234567", NULL);
    assert_true(tu_has(&r, CG_CAT_PHISHING) && tu_has(&r, CG_CAT_PHONE));
    assert_int_equal(r.sanction, CG_SANCTION_DISCONNECT);
    assert_int_equal(r.fine_rub, 0);
    /* the phone hit itself still carries its fine: it is not the evidence */
    assert_int_equal(tu_hit(&r, CG_CAT_PHONE)->fine_rub, 25000);
}

/* Ozon has no fines: no verdict and no hit is ever a fine, whatever the role, channel and history. */
static void test_ozon_never_fines(void **s)
{
    (void)s;
    static const char *const texts[] = {
        "Звоните +7 916 123-45-67", "пишите ivan.petrov@mail.ru", "у нас дешевле на myshop.ru",
        "пишите мне в телеграм",    "мой ник @ivan_shop",         "давайте оплатим напрямую на карту",
        "продиктуйте номер телефона", "это пиздец",               "ты идиот",
        "вход https://wildberries-bonus.ru/login",
    };
    size_t blocked = 0, disconnected = 0;
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (int role = 0; role < CG_ROLE_COUNT; role++)
            for (int ch = 0; ch < CG_CHANNEL_COUNT; ch++)
                for (unsigned prior = 0; prior < 5; prior++) {
                    cg_result r = tu_check_as(ozon, sc, texts[t], (cg_role)role, (cg_channel)ch, prior);
                    assert_true(r.n_hits > 0);
                    if (r.sanction == CG_SANCTION_FINE || r.fine_rub != 0)
                        fail_msg("ozon fined \"%s\" (%s, %s, prior %u): %ld", texts[t], cg_role_name((cg_role)role),
                                 cg_channel_name((cg_channel)ch), prior, r.fine_rub);
                    for (size_t h = 0; h < r.n_hits; h++) {
                        assert_int_not_equal(r.hits[h].sanction, CG_SANCTION_FINE);
                        assert_int_equal(r.hits[h].fine_rub, 0);
                    }
                    blocked += r.action == CG_ACTION_BLOCK;
                    disconnected += r.sanction == CG_SANCTION_DISCONNECT;
                }
    /* ... and it does sanction: a seller's phone is a warning, then a disconnection */
    assert_true(blocked > 100);
    assert_true(disconnected > 50);
    cg_result r = tu_check_as(ozon, sc, texts[0], CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
    assert_int_equal(r.sanction, CG_SANCTION_WARNING);
    r = tu_check_as(ozon, sc, texts[0], CG_ROLE_SELLER, CG_CHANNEL_CHAT, 1);
    assert_int_equal(r.sanction, CG_SANCTION_DISCONNECT);
}

/* Avito is classifieds: a phone is part of the deal. It is still reported, with the action "allow". */
static void test_avito_allows_phone(void **s)
{
    (void)s;
    const char *t = "Звоните +7 916 123-45-67";
    for (int role = 0; role < CG_ROLE_COUNT; role++)
        for (unsigned prior = 0; prior < 3; prior++) {
            cg_result r = tu_check_as(avito, sc, t, (cg_role)role, CG_CHANNEL_CHAT, prior);
            const cg_hit *h = tu_hit(&r, CG_CAT_PHONE);
            assert_non_null(h);
            assert_int_equal(h->action, CG_ACTION_ALLOW);
            assert_int_equal(h->sanction, CG_SANCTION_NONE);
            assert_int_equal(r.action, CG_ACTION_ALLOW);
            assert_int_equal(r.sanction, CG_SANCTION_NONE);
            assert_int_equal(r.fine_rub, 0);
            assert_string_equal(r.masked, t); /* allowed: nothing masked */
        }
    /* what Avito does care about */
    cg_result r = tu_check(avito, sc, "пришлите код из смс", NULL);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
}

/* ---- error paths ------------------------------------------------------------------------------------ */

/* A result full of garbage, to see that failing calls reset it. */
static void garbage(cg_result *r)
{
    memset(r, 0x5A, sizeof *r);
}

static void assert_empty_result(const cg_result *r)
{
    assert_int_equal(r->action, CG_ACTION_ALLOW);
    assert_int_equal(r->sanction, CG_SANCTION_NONE);
    assert_int_equal(r->fine_rub, 0);
    assert_int_equal(r->categories, 0);
    assert_int_equal(r->n_hits, 0);
    assert_non_null(r->masked);
    assert_int_equal(r->masked_len, 0);
}

static void test_null_arguments(void **s)
{
    (void)s;
    cg_result r;
    garbage(&r);
    assert_int_equal(cg_check_message(NULL, sc, "x", 1, NULL, &r), CG_E_INVALID_ARG);
    assert_empty_result(&r);
    garbage(&r);
    assert_int_equal(cg_check_message(wb, NULL, "x", 1, NULL, &r), CG_E_INVALID_ARG);
    assert_empty_result(&r);
    garbage(&r);
    assert_int_equal(cg_check_message(wb, sc, NULL, 1, NULL, &r), CG_E_INVALID_ARG);
    assert_empty_result(&r);
    assert_int_equal(cg_check_message(wb, sc, "x", 1, NULL, NULL), CG_E_INVALID_ARG);
    /* out-of-range context values */
    cg_context bad_role = {(cg_role)CG_ROLE_COUNT, CG_CHANNEL_CHAT, 0};
    cg_context bad_channel = {CG_ROLE_SELLER, (cg_channel)CG_CHANNEL_COUNT, 0};
    cg_context negative = {(cg_role)-1, CG_CHANNEL_CHAT, 0};
    assert_int_equal(cg_check_message(wb, sc, "x", 1, &bad_role, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, sc, "x", 1, &bad_channel, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_message(wb, sc, "x", 1, &negative, &r), CG_E_INVALID_ARG);
    /* an empty message is fine, even with a NULL text */
    garbage(&r);
    assert_int_equal(cg_check_message(wb, sc, NULL, 0, NULL, &r), CG_OK);
    assert_empty_result(&r);
    assert_int_equal(cg_check_message(wb, sc, "", 0, NULL, &r), CG_OK);
    assert_empty_result(&r);
    /* the other entry points */
    cg_engine *e = (cg_engine *)&r; /* any non-NULL value: a failed load must set it to NULL */
    assert_int_equal(cg_engine_load(NULL, "wb", NULL, NULL, NULL), CG_E_INVALID_ARG);
    cg_options o = CG_OPTIONS_INIT;
    o.struct_size = sizeof o - 1; /* built against another header */
    assert_int_equal(cg_engine_load(tu_rules_dir(), "wb", &o, &e, NULL), CG_E_INVALID_ARG);
    assert_null(e);
    assert_int_equal(cg_scanner_new(NULL), CG_E_INVALID_ARG);
    cg_engine_info info;
    assert_int_equal(cg_engine_get_info(NULL, &info), CG_E_INVALID_ARG);
    assert_int_equal(cg_engine_get_info(wb, NULL), CG_E_INVALID_ARG);
    cg_rule_info ri;
    assert_int_equal(cg_engine_rule_info(NULL, 0, &ri), CG_E_INVALID_ARG);
    assert_int_equal(cg_engine_rule_info(wb, cg_engine_rule_count(wb), &ri), CG_E_INVALID_ARG);
    assert_int_equal(cg_engine_rule_count(NULL), 0);
    assert_null(cg_engine_rule_example(NULL, 0, 0, 0, NULL));
    cg_batch b;
    assert_int_equal(cg_check_batch(wb, sc, NULL, 1, &b), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_batch(wb, sc, NULL, 0, NULL), CG_E_INVALID_ARG);
    assert_null(cg_engine_ref(NULL));
    cg_engine_unref(NULL);
    cg_scanner_free(NULL);
    assert_int_equal(cg_scanner_memory(NULL), 0);
}

static void test_too_long(void **s)
{
    (void)s;
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 16;
    cg_engine *e = tu_engine_opts("wb", &o);
    const char *text = "89161234567 89161234567"; /* 23 bytes */
    cg_result r;
    garbage(&r);
    assert_int_equal(cg_check_message(e, sc, text, 17, NULL, &r), CG_E_TOO_LONG);
    assert_empty_result(&r);
    assert_int_equal(cg_check_message(e, sc, text, strlen(text), NULL, &r), CG_E_TOO_LONG);
    /* exactly the maximum is checked */
    assert_int_equal(cg_check_message(e, sc, text, 16, NULL, &r), CG_OK);
    assert_true(tu_has(&r, CG_CAT_PHONE));
    cg_engine_unref(e);
    /* the default maximum is 1 MiB */
    size_t mib = (size_t)1 << 20;
    char *big = malloc(mib + 1);
    assert_non_null(big);
    for (size_t i = 0; i < mib + 1; i++)
        big[i] = i % 8 == 7 ? ' ' : 'a';
    assert_int_equal(cg_check_message(wb, sc, big, mib + 1, NULL, &r), CG_E_TOO_LONG);
    assert_int_equal(cg_check_message(wb, sc, big, mib, NULL, &r), CG_OK);
    free(big);
}

static void test_strict_utf8(void **s)
{
    (void)s;
    cg_options o = CG_OPTIONS_INIT;
    o.strict_utf8 = 1;
    cg_engine *e = tu_engine_opts("wb", &o);
    cg_result r;
    garbage(&r);
    assert_int_equal(cg_check_message(e, sc, "тел 89161234567 \xff", strlen("тел 89161234567 \xff"), NULL, &r),
                     CG_E_INVALID_UTF8);
    assert_empty_result(&r);
    r = tu_check(e, sc, "тел 89161234567", NULL);
    assert_true(tu_has(&r, CG_CAT_PHONE));
    cg_engine_unref(e);
    /* lenient (the default): checked, flagged, found, and the masked text is valid UTF-8 */
    const char text[] = "\xff тел 89161234567";
    assert_int_equal(cg_check_message(wb, sc, text, sizeof text - 1, NULL, &r), CG_OK);
    assert_true(r.flags & CG_FLAG_INVALID_UTF8);
    assert_true(tu_has(&r, CG_CAT_PHONE));
    assert_memory_equal(r.masked, "\xef\xbf\xbd тел ", strlen("\xef\xbf\xbd тел "));
}

/* ---- engines and scanners --------------------------------------------------------------------------- */

/* Everything a result says, as text, to compare results of different scanners. */
static void digest(const cg_result *r, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "%d %d %ld %x %x %zu|", r->action, r->sanction, r->fine_rub,
                                r->categories, r->flags, r->n_hits);
    for (size_t i = 0; i < r->n_hits && n < cap; i++) {
        const cg_hit *h = &r->hits[i];
        n += (size_t)snprintf(out + n, cap - n, "%d %s %d [%zu,%zu) %u %d %d %ld|", h->category, h->rule, h->severity,
                              h->start, h->end, h->view, h->action, h->sanction, h->fine_rub);
    }
    if (n < cap)
        snprintf(out + n, cap - n, "%.*s", (int)r->masked_len, r->masked);
}

/* One scanner used with several engines in turn (rules reloaded, profiles switched) answers each check
 * for the engine it was given: exactly what a scanner of that engine alone answers. */
static void test_scanner_across_engines(void **s)
{
    (void)s;
    /* a third engine with a rule set of its own: one rule, other sizes of everything */
    tu_file files[] = {{"profiles/t.profile", "[profile]\nname = t\n\n[policy]\n* * * review warning\n"},
                       {"a.rules", "[spam.word]\ncategory = spam\nseverity = 2\npattern = (?<hit>спам)\\s*(\\d+)?\n"},
                       {NULL, NULL}};
    cg_engine *tiny = tu_engine_from(files, "t");
    cg_engine *engines[4] = {wb, avito, tiny, ozon};
    static const char *const texts[] = {"Звоните +7 916 123-45-67", "это спам 42 и пиздец", "Добрый день, размер 44",
                                        "пишите ivan собака mail точка ru", "спам", "наш канал t.me/shop_msk"};
    enum { NE = 4, NT = sizeof texts / sizeof texts[0] };
    static char want[NE][NT][2048];
    for (int k = 0; k < NE; k++) {
        cg_scanner *own;
        assert_int_equal(cg_scanner_new(&own), CG_OK);
        for (int t = 0; t < NT; t++) {
            cg_result r = tu_check_as(engines[k], own, texts[t], CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
            digest(&r, want[k][t], sizeof want[k][t]);
        }
        cg_scanner_free(own);
    }
    /* the tiny engine finds only its own rule, and the big ones do not have it */
    assert_non_null(strstr(want[2][1], "spam.word"));
    assert_null(strstr(want[2][0], "phone"));
    assert_null(strstr(want[0][1], "spam.word"));
    cg_scanner *shared;
    assert_int_equal(cg_scanner_new(&shared), CG_OK);
    char have[2048];
    for (int round = 0; round < 3; round++)
        for (int t = 0; t < NT; t++)
            for (int k = 0; k < NE; k++) {
                int kk = (k + round + t) % NE; /* every order of switching */
                cg_result r = tu_check_as(engines[kk], shared, texts[t], CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
                digest(&r, have, sizeof have);
                if (strcmp(have, want[kk][t]) != 0)
                    fail_msg("engine %d, \"%s\":\n  shared scanner %s\n  own scanner    %s", kk, texts[t], have,
                             want[kk][t]);
            }
    /* the scanner keeps the engine it last used alive: dropping the caller's reference is safe */
    cg_result r = tu_check_as(tiny, shared, "спам", CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
    cg_engine_unref(tiny);
    assert_int_equal(r.n_hits, 1);
    assert_string_equal(r.hits[0].rule, "spam.word"); /* still valid: owned by the engine the scanner holds */
    r = tu_check(wb, shared, "Звоните +7 916 123-45-67", NULL);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
    cg_scanner_free(shared);
}

static void test_engine_refcount(void **s)
{
    (void)s;
    cg_engine *e = tu_engine("wb");
    assert_ptr_equal(cg_engine_ref(e), e);
    assert_ptr_equal(cg_engine_ref(e), e);
    cg_engine_unref(e);
    cg_engine_unref(e);
    /* one reference left: still usable */
    cg_result r = tu_check(e, sc, "Звоните +7 916 123-45-67", NULL);
    assert_int_equal(r.fine_rub, 25000);
    /* hand a reference over and drop the first one */
    cg_engine *other = cg_engine_ref(e);
    cg_engine_unref(e);
    r = tu_check(other, sc, "это пиздец", NULL);
    assert_true(tu_has(&r, CG_CAT_PROFANITY));
    cg_engine_unref(other); /* freed once the scanner moves on */
    r = tu_check(wb, sc, "это пиздец", NULL);
    assert_true(tu_has(&r, CG_CAT_PROFANITY));
}

static void test_engine_info(void **s)
{
    (void)s;
    static const char *const profiles[] = {"wb", "ozon", "avito", "yandex-market", "magnit-market"};
    for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
        cg_engine *e = tu_engine(profiles[i]);
        cg_engine_info info;
        memset(&info, 0, sizeof info);
        assert_int_equal(cg_engine_get_info(e, &info), CG_OK);
        assert_true(info.rules > 0);
        assert_true(info.patterns >= info.rules); /* every rule has a pattern or lexicon entries */
        assert_true(info.database_bytes > 0);
        assert_true(info.views > 0);
        assert_true(info.views <= cg_view_count());
        assert_string_equal(info.profile, profiles[i]);
        assert_int_equal(cg_engine_rule_count(e), info.rules);
        cg_rule_info ri;
        for (size_t k = 0; k < info.rules; k++) {
            assert_int_equal(cg_engine_rule_info(e, k, &ri), CG_OK);
            assert_non_null(ri.id);
            assert_in_range(ri.severity, 1, 5);
            assert_in_range(ri.category, 0, CG_CAT_COUNT - 1);
        }
        cg_engine_unref(e);
    }
    cg_engine_info info;
    assert_int_equal(cg_engine_get_info(wb, &info), CG_OK);
    assert_string_equal(info.profile, "wb");
    tu_check(wb, sc, "Звоните +7 916 123-45-67", NULL);
    assert_true(cg_scanner_memory(sc) > 0);
    assert_int_equal(cg_version_number(), CG_VERSION_NUMBER);
    assert_string_equal(cg_version_string(), CG_VERSION_STRING);
}

static void test_strerror(void **s)
{
    (void)s;
    const char *unknown = cg_strerror(-12345);
    assert_non_null(unknown);
    static const int codes[] = {CG_OK,           CG_E_INVALID_ARG, CG_E_NOMEM,       CG_E_IO,
                                CG_E_RULES,      CG_E_NO_PROFILE,  CG_E_TOO_LONG,    CG_E_INVALID_UTF8,
                                CG_E_SCAN,       CG_E_PLATFORM,    CG_E_BAD_STATE};
    enum { N = sizeof codes / sizeof codes[0] };
    for (size_t i = 0; i < N; i++) {
        const char *t = cg_strerror(codes[i]);
        assert_non_null(t);
        assert_true(strlen(t) > 0);
        assert_string_not_equal(t, unknown); /* every defined code has its own text */
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(t, cg_strerror(codes[j]));
    }
    static const int others[] = {1, 2, 100, -11, -100, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        assert_non_null(cg_strerror(others[i]));
        assert_true(strlen(cg_strerror(others[i])) > 0);
    }
}

static void test_names_round_trip(void **s)
{
    (void)s;
    static const char *const cats[CG_CAT_COUNT] = {
        "phone", "email", "link", "messenger", "offplatform", "pii_request", "profanity", "insult",
        "disparagement", "ads", "one_word", "phishing", "extortion", "spam"};
    for (int c = 0; c < CG_CAT_COUNT; c++) {
        const char *n = cg_category_name((cg_category)c);
        assert_non_null(n);
        assert_string_equal(n, cats[c]); /* the contract */
        assert_int_equal(cg_category_from_name(n, strlen(n)), c);
        /* the length counts: a prefix or a longer buffer is not the name */
        assert_int_equal(cg_category_from_name(n, strlen(n) - 1), -1);
        char longer[32];
        snprintf(longer, sizeof longer, "%sx", n);
        assert_int_equal(cg_category_from_name(longer, strlen(longer)), -1);
        assert_int_equal(cg_category_from_name(longer, strlen(n)), c); /* need not be NUL-terminated */
    }
    assert_null(cg_category_name(CG_CAT_COUNT));
    assert_null(cg_category_name((cg_category)-1));
    static const char *const roles[CG_ROLE_COUNT] = {"seller", "buyer"};
    for (int r = 0; r < CG_ROLE_COUNT; r++) {
        assert_string_equal(cg_role_name((cg_role)r), roles[r]);
        assert_int_equal(cg_role_from_name(roles[r], strlen(roles[r])), r);
    }
    assert_null(cg_role_name(CG_ROLE_COUNT));
    static const char *const channels[CG_CHANNEL_COUNT] = {"chat", "review_reply", "question_answer"};
    for (int c = 0; c < CG_CHANNEL_COUNT; c++) {
        assert_string_equal(cg_channel_name((cg_channel)c), channels[c]);
        assert_int_equal(cg_channel_from_name(channels[c], strlen(channels[c])), c);
    }
    assert_null(cg_channel_name(CG_CHANNEL_COUNT));
    static const char *const actions[] = {"allow", "mask", "review", "block"};
    static const char *const sanctions[] = {"none", "warning", "fine", "disconnect"};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(cg_action_name((cg_action)i), actions[i]);
        assert_string_equal(cg_sanction_name((cg_sanction)i), sanctions[i]);
    }
    assert_null(cg_action_name((cg_action)4));
    assert_null(cg_sanction_name((cg_sanction)4));
    /* unknown names, wrong case, NULL */
    assert_int_equal(cg_category_from_name("phones", 6), -1);
    assert_int_equal(cg_category_from_name("Phone", 5), -1);
    assert_int_equal(cg_category_from_name("", 0), -1);
    assert_int_equal(cg_category_from_name(NULL, 0), -1);
    assert_int_equal(cg_role_from_name("robot", 5), -1);
    assert_int_equal(cg_role_from_name(NULL, 5), -1);
    assert_int_equal(cg_channel_from_name("sms", 3), -1);
    assert_int_equal(cg_channel_from_name("*", 1), -1);
    /* views */
    assert_int_equal(cg_view_count(), 4);
    assert_string_equal(cg_view_name(0), "text");
    assert_string_equal(cg_view_name(1), "digits");
    assert_string_equal(cg_view_name(2), "contact");
    assert_null(cg_view_name(cg_view_count()));
}

/* ---- invariants of results on random messages ------------------------------------------------------ */

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Is p a character boundary of t[0..len) (where a valid character or an invalid byte starts)? */
static int is_boundary(const unsigned char *t, size_t len, size_t p)
{
    size_t i = 0;
    while (i < p) {
        unsigned c = t[i];
        size_t n = 1;
        if (c >= 0xC2 && c <= 0xF4) {
            size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, k = 1;
            while (k < want && i + k < len && (t[i + k] & 0xC0) == 0x80)
                k++;
            n = k == want ? want : 1;
            /* overlong, surrogate and out-of-range forms are single invalid bytes */
            if (n == 3 && ((c == 0xE0 && t[i + 1] < 0xA0) || (c == 0xED && t[i + 1] > 0x9F)))
                n = 1;
            if (n == 4 && ((c == 0xF0 && t[i + 1] < 0x90) || (c == 0xF4 && t[i + 1] > 0x8F)))
                n = 1;
        }
        i += n;
    }
    return i == p;
}

/* For random messages (contacts, мат, invalid bytes, invisible characters) under each profile and role:
 * hits are ordered by start, lie in the message on character boundaries, the categories mask is theirs,
 * the verdict is the strictest of them, fines only with a fine sanction, masked text NUL-terminated. */
static void test_result_invariants(void **s)
{
    (void)s;
    static const char *const atoms[] = {"8", "9", "1", "6", " ", "-", "(", ")", "+7", "тел ", "собака", "точка",
                                        "mail", "ru", "ivan", "@", ".", "t", "me/", "х", "у", "й", "*", "пизд",
                                        "ец", "бля", "\xe2\x80\x8b", "\xcc\x86", "\xff", "\xd0", "восемь ",
                                        "девятьсот ", "８", "😀", "З", "О", "I", "тг", "в ", "пишите ", "https://",
                                        "shop", ".ru", "wildberries", "телеграм", "\0", "идиот ", "карту "};
    cg_engine *engines[3] = {wb, ozon, avito};
    rng_state = 20240601;
    char buf[400];
    size_t total_hits = 0;
    for (int round = 0; round < 1500; round++) {
        size_t len = 0, natoms = rng() % 30 + 1;
        for (size_t k = 0; k < natoms; k++) {
            size_t ai = rng() % (sizeof atoms / sizeof atoms[0]);
            size_t al = atoms[ai][0] ? strlen(atoms[ai]) : 1; /* "\0" is one NUL byte */
            if (len + al >= sizeof buf)
                break;
            memcpy(buf + len, atoms[ai], al);
            len += al;
        }
        cg_context ctx = {(cg_role)(rng() % 2), (cg_channel)(rng() % 3), (unsigned)(rng() % 4)};
        const cg_engine *e = engines[rng() % 3];
        cg_result r;
        assert_int_equal(cg_check_message(e, sc, buf, len, &ctx, &r), CG_OK);
        uint32_t cats = 0;
        cg_action act = CG_ACTION_ALLOW;
        cg_sanction sanc = CG_SANCTION_NONE;
        for (size_t h = 0; h < r.n_hits; h++) {
            const cg_hit *x = &r.hits[h];
            assert_true(x->start < x->end && x->end <= len);
            assert_true(is_boundary((const unsigned char *)buf, len, x->start));
            assert_true(is_boundary((const unsigned char *)buf, len, x->end));
            if (h)
                assert_true(r.hits[h - 1].start <= x->start);
            assert_true(x->fine_rub == 0 || x->sanction == CG_SANCTION_FINE);
            cats |= 1u << x->category;
            if (x->action > act)
                act = x->action;
            if (x->sanction > sanc)
                sanc = x->sanction;
        }
        total_hits += r.n_hits;
        assert_int_equal(r.categories, cats);
        assert_int_equal(r.action, act);
        assert_int_equal(r.sanction, sanc);
        assert_true(r.fine_rub == 0 || r.sanction == CG_SANCTION_FINE);
        assert_int_equal(r.masked[r.masked_len], 0);
        assert_int_equal(!!(r.flags & CG_FLAG_NUL_BYTE), memchr(buf, 0, len) != NULL);
        if (act < CG_ACTION_MASK && !(r.flags & CG_FLAG_INVALID_UTF8)) {
            /* nothing masked: the original, byte for byte */
            assert_int_equal(r.masked_len, len);
            assert_memory_equal(r.masked, buf, len);
        }
    }
    assert_true(total_hits > 500); /* the messages did hold things to find */
}

/* ---- batches and the explain API -------------------------------------------------------------------- */

/* A batch gives every message the verdict a single check gives it; a failing message does not stop the
 * others. */
static void test_batch_matches_single(void **s)
{
    (void)s;
    const char *texts[] = {"Звоните +7 916 123-45-67", "Добрый день, размер 44 есть", "это пиздец", "",
                           "пишите ivan собака mail точка ru и в тг @shop_msk"};
    enum { N = sizeof texts / sizeof texts[0] };
    cg_message msgs[N];
    for (int i = 0; i < N; i++) {
        cg_context c = {i % 2 ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, (unsigned)i};
        msgs[i] = (cg_message){texts[i], strlen(texts[i]), c};
    }
    cg_options o = CG_OPTIONS_INIT;
    o.max_message_bytes = 40;
    cg_engine *small = tu_engine_opts("wb", &o);
    cg_batch b;
    assert_int_equal(cg_check_batch(small, sc, msgs, N, &b), CG_OK);
    assert_int_equal(b.n_items, N);
    char want[2048], have[2048];
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        const cg_batch_item *it = &b.items[i];
        if (strlen(texts[i]) > 40) {
            assert_int_equal(it->error, CG_E_TOO_LONG);
            assert_int_equal(it->n_hits, 0);
            continue;
        }
        assert_int_equal(it->error, CG_OK);
        /* the batch item, as a result */
        cg_result rb = {it->action, it->sanction, it->fine_rub, it->categories, b.hits + it->first_hit, it->n_hits,
                        b.masked + it->masked_offset, it->masked_len, it->flags, NULL, 0, 0};
        digest(&rb, have, sizeof have);
        cg_scanner *own;
        assert_int_equal(cg_scanner_new(&own), CG_OK);
        cg_result r = tu_check(small, own, texts[i], &msgs[i].ctx);
        digest(&r, want, sizeof want);
        cg_scanner_free(own);
        assert_string_equal(have, want);
        assert_int_equal(b.masked[it->masked_offset + it->masked_len], 0);
        total += it->n_hits;
    }
    assert_int_equal(total, b.n_hits);
    assert_int_equal(cg_check_batch(small, sc, NULL, 0, &b), CG_OK);
    assert_int_equal(b.n_items, 0);
    cg_engine_unref(small);
}

static void test_scanner_view(void **s)
{
    (void)s;
    cg_scanner *fresh;
    assert_int_equal(cg_scanner_new(&fresh), CG_OK);
    char buf[64];
    assert_int_equal(cg_scanner_view(fresh, 0, buf, sizeof buf, NULL, 0), 0); /* nothing checked yet */
    assert_string_equal(buf, "");
    tu_check(wb, fresh, "Тел 8 9I2", NULL);
    size_t orig[64];
    size_t n = cg_scanner_view(fresh, 1 /* digits */, buf, sizeof buf, orig, 64);
    assert_string_equal(buf, "тел 8912");
    assert_int_equal(n, 8);
    assert_int_equal(orig[2 * 4], strlen("Тел "));           /* '8' */
    assert_int_equal(orig[2 * 7 + 1], strlen("Тел 8 9I2"));  /* the last '2' ends the text */
    assert_int_equal(cg_scanner_view(fresh, cg_view_count(), buf, sizeof buf, NULL, 0), 0);
    /* a small buffer: NUL-terminated, never more than cap bytes; the count is the whole view */
    char small[8];
    memset(small, 'x', sizeof small);
    assert_int_equal(cg_scanner_view(fresh, 0, small, 3, NULL, 0), 9);
    assert_string_equal(small, "т");
    assert_int_equal(small[3], 'x');
    assert_int_equal(cg_scanner_view(fresh, 0, NULL, 0, NULL, 0), 9);
    /* the map alone, into a short array: only the pairs that fit are written */
    size_t pairs[5] = {77, 77, 77, 77, 77};
    assert_int_equal(cg_scanner_view(fresh, 0, NULL, 0, pairs, 4), 9);
    assert_int_equal(pairs[0], 0);
    assert_int_equal(pairs[1], 2);
    assert_int_equal(pairs[2], 2);
    assert_int_equal(pairs[3], 4);
    assert_int_equal(pairs[4], 77);
    cg_scanner_free(fresh);
}

/* A buffer too small for the view gets a prefix of whole characters: the text view of "Тел 8 9I2"
 * ("тел 8 9i2") into 4 bytes is "т", not "т " (a shorter character written after one that did not fit,
 * as an earlier version did). */
static void test_scanner_view_truncation(void **s)
{
    (void)s;
    cg_scanner *fresh;
    assert_int_equal(cg_scanner_new(&fresh), CG_OK);
    tu_check(wb, fresh, "Тел 8 9I2", NULL);
    char small[4];
    assert_int_equal(cg_scanner_view(fresh, 0, small, sizeof small, NULL, 0), 9);
    cg_scanner_free(fresh);
    assert_string_equal(small, "т");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_spans),
        cmocka_unit_test(test_phone_split_and_foreign),
        cmocka_unit_test(test_channel_rules_and_own_marketplace),
        cmocka_unit_test(test_phone_span_after_invalid_utf8),
        cmocka_unit_test(test_email_spans),
        cmocka_unit_test(test_email_domain_is_not_a_link),
        cmocka_unit_test(test_link_spans),
        cmocka_unit_test(test_own_domain_is_not_a_link),
        cmocka_unit_test(test_tme_link_and_messenger),
        cmocka_unit_test(test_handles),
        cmocka_unit_test(test_profanity),
        cmocka_unit_test(test_clean_traps),
        cmocka_unit_test(test_wb_seller_phone_block_fine),
        cmocka_unit_test(test_buyer_phone_masked),
        cmocka_unit_test(test_escalation_wb_messenger),
        cmocka_unit_test(test_strictest_hit_wins),
        cmocka_unit_test(test_ozon_never_fines),
        cmocka_unit_test(test_avito_allows_phone),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_strict_utf8),
        cmocka_unit_test(test_scanner_across_engines),
        cmocka_unit_test(test_engine_refcount),
        cmocka_unit_test(test_engine_info),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_names_round_trip),
        cmocka_unit_test(test_result_invariants),
        cmocka_unit_test(test_batch_matches_single),
        cmocka_unit_test(test_scanner_view),
        cmocka_unit_test(test_scanner_view_truncation),
    };
    return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}
