/* test_conversation.c — conversation mode: contacts split across messages, the other side's messages,
 * the options' bounds, repeats, and the serialized state (round trips, every kind of corruption, size). */
#include "testutil.h"

/* ---- helpers ----------------------------------------------------------------------------------------- */

typedef struct chat {
    const cg_engine *e;
    cg_scanner *s;
    cg_conversation *c;
    const char *texts[64]; /* every message so far, by index, for checking parts against */
} chat;

static chat chat_new(const cg_engine *e, const cg_conversation_options *o)
{
    chat ch;
    memset(&ch, 0, sizeof ch);
    ch.e = e;
    assert_int_equal(cg_scanner_new(&ch.s), CG_OK);
    assert_int_equal(cg_conversation_new(o, &ch.c), CG_OK);
    return ch;
}

static void chat_free(chat *ch)
{
    cg_conversation_free(ch->c);
    cg_scanner_free(ch->s);
}

/* Every part lies inside the message it names, and the current message's part is its hit's span. */
static void check_parts(const chat *ch, const cg_result *r, const char *text)
{
    for (size_t k = 0; k < r->n_parts; k++) {
        const cg_part *p = &r->parts[k];
        assert_true(p->hit < r->n_hits);
        assert_true(p->message <= r->message);
        assert_true(p->start < p->end);
        const char *t = p->message == r->message ? text : ch->texts[p->message];
        assert_non_null(t);
        assert_true(p->end <= strlen(t));
        if (p->message == r->message) {
            assert_int_equal(p->start, r->hits[p->hit].start);
            assert_int_equal(p->end, r->hits[p->hit].end);
        }
    }
}

static cg_result say(chat *ch, cg_role role, const char *text)
{
    cg_context ctx = {role, CG_CHANNEL_CHAT, 0};
    cg_result r;
    uint32_t index = cg_conversation_messages(ch->c);
    int rc = cg_check_in_conversation(ch->e, ch->s, ch->c, text, strlen(text), &ctx, &r);
    if (rc != CG_OK)
        fail_msg("cg_check_in_conversation(\"%s\"): %s", text, cg_strerror(rc));
    assert_int_equal(r.message, index);
    assert_int_equal(cg_conversation_messages(ch->c), index + 1);
    check_parts(ch, &r, text);
    if (index < 64)
        ch->texts[index] = text;
    return r;
}

static cg_result seller(chat *ch, const char *text) { return say(ch, CG_ROLE_SELLER, text); }
static cg_result buyer(chat *ch, const char *text) { return say(ch, CG_ROLE_BUYER, text); }

/* The first hit of category c that has parts (a cross-message hit), or NULL. */
static const cg_hit *cross_hit(const cg_result *r, cg_category c, size_t *index)
{
    for (size_t k = 0; k < r->n_parts; k++)
        if (r->hits[r->parts[k].hit].category == c) {
            if (index)
                *index = r->parts[k].hit;
            return &r->hits[r->parts[k].hit];
        }
    return NULL;
}

/* The part of hit `hit` in message `message`, or NULL. */
static const cg_part *part_in(const cg_result *r, size_t hit, uint32_t message)
{
    for (size_t k = 0; k < r->n_parts; k++)
        if (r->parts[k].hit == hit && r->parts[k].message == message)
            return &r->parts[k];
    return NULL;
}

/* Does the part cover exactly `piece` inside `text`? */
static void assert_part_is(const cg_part *p, const char *text, const char *piece)
{
    assert_non_null(p);
    const char *at = strstr(text, piece);
    assert_non_null(at);
    assert_int_equal(p->start, (size_t)(at - text));
    assert_int_equal(p->end, (size_t)(at - text) + strlen(piece));
}

static cg_engine *wb;

static int setup(void **state)
{
    (void)state;
    wb = tu_engine("wb");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cg_engine_unref(wb);
    return 0;
}

/* ---- split contacts ---------------------------------------------------------------------------------- */

static void test_phone_in_three_pieces_with_a_reply_between(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    const char *m0 = "Запишите 8916", *m2 = "123", *m3 = "45 67";
    cg_result r = seller(&ch, m0);
    assert_false(tu_has(&r, CG_CAT_PHONE));
    buyer(&ch, "Секунду, ручку возьму");
    r = seller(&ch, m2);
    assert_false(tu_has(&r, CG_CAT_PHONE));
    r = seller(&ch, m3);
    size_t h = 0;
    const cg_hit *hit = cross_hit(&r, CG_CAT_PHONE, &h);
    assert_non_null(hit);
    assert_int_equal(hit->start, 0);
    assert_int_equal(hit->end, strlen(m3));
    assert_part_is(part_in(&r, h, 0), m0, "8916");
    assert_null(part_in(&r, h, 1)); /* the buyer's message is no part of it */
    assert_part_is(part_in(&r, h, 2), m2, "123");
    assert_part_is(part_in(&r, h, 3), m3, "45 67");
    /* sanctioned by the profile like any contact: the wb fine for a seller's contact */
    assert_int_equal(r.action, CG_ACTION_BLOCK);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    assert_int_equal(r.fine_rub, 25000);
    assert_string_equal(r.masked, "** **");
    chat_free(&ch);
}

static void test_email_split_at_sobaka_and_tochka(void **state)
{
    (void)state;
    /* "ivan.petrov" / "собака mail" is already an address (mail is a provider: mail.ru), found on the
     * message that completes it; with the domain spelled out too it takes three messages */
    chat ch = chat_new(wb, NULL);
    const char *m0 = "ivan.petrov", *m1 = "собака mail";
    seller(&ch, m0);
    cg_result r = seller(&ch, m1);
    size_t h = 0;
    assert_non_null(cross_hit(&r, CG_CAT_EMAIL, &h));
    assert_part_is(part_in(&r, h, 0), m0, m0);
    assert_part_is(part_in(&r, h, 1), m1, m1);
    chat_free(&ch);

    ch = chat_new(wb, NULL);
    const char *n0 = "ivan.petrov", *n1 = "собака tkani", *n2 = "точка ru";
    seller(&ch, n0);
    r = seller(&ch, n1);
    assert_false(tu_has(&r, CG_CAT_EMAIL));
    r = seller(&ch, n2);
    assert_non_null(cross_hit(&r, CG_CAT_EMAIL, &h));
    assert_part_is(part_in(&r, h, 0), n0, n0);
    assert_part_is(part_in(&r, h, 1), n1, n1);
    assert_part_is(part_in(&r, h, 2), n2, n2);
    chat_free(&ch);
}

static void test_spelled_number_over_three_messages(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    seller(&ch, "восемь девятьсот шестнадцать");
    buyer(&ch, "Так");
    seller(&ch, "сто двадцать три");
    cg_result r = seller(&ch, "сорок пять шестьдесят семь");
    assert_non_null(cross_hit(&r, CG_CAT_PHONE, NULL));
    chat_free(&ch);
}

static void test_pieces_cut_mid_group_are_glued(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    seller(&ch, "Короче, +7953");
    buyer(&ch, "Да-да");
    cg_result r = seller(&ch, "7611712 звоните после 18");
    size_t h = 0;
    assert_non_null(cross_hit(&r, CG_CAT_PHONE, &h));
    assert_part_is(part_in(&r, h, 0), "Короче, +7953", "+7953");
    assert_part_is(part_in(&r, h, 2), "7611712 звоните после 18", "7611712");
    chat_free(&ch);
}

static void test_context_word_in_an_earlier_message(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    seller(&ch, "мой номер");
    cg_result r = seller(&ch, "123 45 67");
    size_t h = 0;
    const cg_hit *hit = cross_hit(&r, CG_CAT_PHONE, &h);
    assert_non_null(hit);
    assert_string_equal(hit->rule, "phone.announced");
    assert_part_is(part_in(&r, h, 0), "мой номер", "номер"); /* the word that makes it a phone */

    chat ch2 = chat_new(wb, NULL);
    seller(&ch2, "пиши мне в");
    r = seller(&ch2, "телегу");
    assert_non_null(cross_hit(&r, CG_CAT_MESSENGER, &h));
    assert_part_is(part_in(&r, h, 0), "пиши мне в", "пиши"); /* the invitation that makes "телегу" a messenger */
    /* ... but a messenger deep in a new sentence is that sentence's: a smartwatch's notifications */
    chat ch3 = chat_new(wb, NULL);
    seller(&ch3, "Да, есть");
    r = seller(&ch3, "И из Телеграма тоже");
    assert_null(cross_hit(&r, CG_CAT_MESSENGER, NULL));
    chat_free(&ch);
    chat_free(&ch2);
    chat_free(&ch3);
}

static void test_the_other_side_never_glues_in(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    seller(&ch, "8916");
    cg_result r = buyer(&ch, "123");
    assert_int_equal(r.n_parts, 0);
    r = seller(&ch, "45 67");
    assert_false(tu_has(&r, CG_CAT_PHONE)); /* "8916" + "45 67": the buyer's "123" is not the seller's */
    assert_int_equal(r.n_parts, 0);
    chat_free(&ch);

    /* a buyer's own split number is a buyer's contact: masked, not fined (wb) */
    chat b = chat_new(wb, NULL);
    buyer(&b, "мой 8 916");
    seller(&b, "Размер 48 есть");
    r = buyer(&b, "123-45-67");
    assert_non_null(cross_hit(&r, CG_CAT_PHONE, NULL));
    assert_int_equal(r.action, CG_ACTION_MASK);
    assert_int_equal(r.sanction, CG_SANCTION_NONE);
    chat_free(&b);
}

static void test_clean_numbers_do_not_join(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    const char *const lines[][2] = {
        {"b", "Здравствуйте! Какой размер на рост 176?"}, {"s", "Рекомендуем 48"}, {"b", "А цена?"},
        {"s", "2990 ₽"}, {"s", "Скидка 15% до 25.05"}, {"b", "Заказ 123456789 когда придёт?"},
        {"s", "Отправили 12.05"}, {"s", "8"}, {"s", "9"}, {"s", "Осталось 8 штук, 9 в пути"}, {"s", "трек 80085412345678"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        cg_result r = say(&ch, lines[i][0][0] == 'b' ? CG_ROLE_BUYER : CG_ROLE_SELLER, lines[i][1]);
        if (r.n_parts)
            tu_print_result(lines[i][1], &r);
        assert_int_equal(r.n_parts, 0);
        assert_false(tu_has(&r, CG_CAT_PHONE));
    }
    chat_free(&ch);
}

static void test_own_hits_are_not_repeated_as_cross_hits(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    seller(&ch, "Осталось 8");
    cg_result r = seller(&ch, "916 123 45 67");
    assert_true(tu_has(&r, CG_CAT_PHONE));
    assert_int_equal(r.n_parts, 0); /* the second message is a phone by itself */
    size_t phones = 0;
    for (size_t i = 0; i < r.n_hits; i++)
        phones += r.hits[i].category == CG_CAT_PHONE;
    assert_int_equal(phones, 1);
    /* every hit of the plain check is there too */
    cg_result alone = tu_check(wb, ch.s, "916 123 45 67", NULL);
    assert_int_equal(alone.n_hits, 1);
    chat_free(&ch);
}

static void test_limits_on_messages_and_distance(void **state)
{
    (void)state;
    cg_conversation_options one = CG_CONVERSATION_OPTIONS_INIT;
    one.max_messages = 1;
    chat ch = chat_new(wb, &one);
    seller(&ch, "8916");
    seller(&ch, "123");
    cg_result r = seller(&ch, "45 67");
    assert_false(tu_has(&r, CG_CAT_PHONE)); /* only "123" is remembered */
    chat_free(&ch);

    cg_conversation_options near = CG_CONVERSATION_OPTIONS_INIT;
    near.max_distance = 2;
    for (int far = 0; far < 2; far++) {
        chat c2 = chat_new(wb, far ? &near : NULL);
        seller(&c2, "8916");
        buyer(&c2, "Что?");
        buyer(&c2, "Не поняла");
        buyer(&c2, "Повторите");
        r = seller(&c2, "123 45 67");
        assert_int_equal(cross_hit(&r, CG_CAT_PHONE, NULL) != NULL, !far);
        chat_free(&c2);
    }
}

static void test_long_message_completing_a_contact(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    char big[2048];
    strcpy(big, "123 45 67");
    while (strlen(big) < 1500)
        strcat(big, " и ещё немного текста про доставку");
    seller(&ch, "Звоните 8916");
    cg_result r = seller(&ch, big);
    assert_non_null(cross_hit(&r, CG_CAT_PHONE, NULL));
    chat_free(&ch);
}

/* ---- repeats ----------------------------------------------------------------------------------------- */

static void test_fifth_identical_message_is_spam(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    const char *const forms[] = {"Скидка 50% только сегодня!", "скидка 50% только СЕГОДНЯ", "Скидка 50%  только сегодня!!!",
                                 "Скидка 50% только сегодня! 🔥", "Скидка 50% только сегодня!"};
    for (int i = 0; i < 5; i++) {
        cg_result r = seller(&ch, forms[i]);
        const cg_hit *h = tu_hit(&r, CG_CAT_SPAM);
        if (i < 4) {
            assert_null(h);
            buyer(&ch, "Спасибо"); /* the other side in between changes nothing */
            seller(&ch, i % 2 ? "Есть все размеры" : "Отправим завтра утром");
            continue;
        }
        assert_non_null(h);
        assert_string_equal(h->rule, "spam.repeat");
        assert_int_equal(h->start, 0);
        assert_int_equal(h->end, strlen(forms[i]));
        assert_int_equal(r.action, CG_ACTION_BLOCK);
        assert_int_equal(r.sanction, CG_SANCTION_WARNING);
        assert_int_equal(r.n_parts, 0);
    }
    cg_result r = seller(&ch, "Скидка 50% только сегодня");
    assert_non_null(tu_hit(&r, CG_CAT_SPAM)); /* and every one after */
    chat_free(&ch);
}

static void test_short_messages_and_options(void **state)
{
    (void)state;
    chat ch = chat_new(wb, NULL);
    for (int i = 0; i < 10; i++) {
        cg_result r = seller(&ch, i % 2 ? "Спасибо!" : "Добрый день");
        assert_null(tu_hit(&r, CG_CAT_SPAM));
    }
    chat_free(&ch);

    cg_conversation_options two = CG_CONVERSATION_OPTIONS_INIT, off = CG_CONVERSATION_OPTIONS_INIT;
    two.repeat_threshold = 2;
    off.no_repeats = 1;
    chat a = chat_new(wb, &two), b = chat_new(wb, &off);
    assert_null(tu_hit((cg_result[]){seller(&a, "Заберите заказ в пункте выдачи")}, CG_CAT_SPAM));
    assert_non_null(tu_hit((cg_result[]){seller(&a, "Заберите заказ в пункте выдачи")}, CG_CAT_SPAM));
    for (int i = 0; i < 8; i++)
        assert_null(tu_hit((cg_result[]){seller(&b, "Заберите заказ в пункте выдачи")}, CG_CAT_SPAM));
    chat_free(&a);
    chat_free(&b);
}

static void test_buyer_repeats_priced_by_the_profile(void **state)
{
    (void)state;
    cg_engine *avito = tu_engine("avito");
    const cg_engine *engines[2] = {wb, avito};
    for (int k = 0; k < 2; k++) {
        chat ch = chat_new(engines[k], NULL);
        cg_result r;
        for (int i = 0; i < 5; i++)
            r = buyer(&ch, "Где мой заказ, почему так долго?");
        const cg_hit *h = tu_hit(&r, CG_CAT_SPAM);
        assert_non_null(h);
        /* wb has no row for a buyer's spam (the contract's spam is a seller's); avito blocks anyone's */
        assert_int_equal(h->action, k ? CG_ACTION_BLOCK : CG_ACTION_ALLOW);
        chat_free(&ch);
    }
    cg_engine_unref(avito);
}

/* ---- state ------------------------------------------------------------------------------------------- */

/* A conversation with a bit of everything, to serialize. */
static const char *const script[][2] = {
    {"b", "Здравствуйте, можно напрямую?"}, {"s", "Запишите 8916"}, {"b", "Секунду"}, {"s", "123"},
    {"s", "45 67"}, {"s", "Скидка 50% только сегодня!"}, {"s", "ivan.petrov"}, {"b", "Размер 48 есть?"},
    {"s", "собака mail"}, {"s", "точка ru"}, {"s", "Скидка 50% только сегодня!"}, {"s", "Скидка 50% только сегодня!"},
    {"b", "мой 8 916"}, {"s", "Скидка 50% только сегодня!"}, {"b", "123-45-67"}, {"s", "Скидка 50% только сегодня!"},
};
#define SCRIPT_LEN (sizeof script / sizeof script[0])

/* A summary of a result to compare runs with: rules, spans and parts. */
static void summary(const cg_result *r, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "%d %d %ld |", r->action, r->sanction, r->fine_rub);
    for (size_t i = 0; i < r->n_hits && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, " %s[%zu,%zu)", r->hits[i].rule, r->hits[i].start, r->hits[i].end);
    for (size_t k = 0; k < r->n_parts && n < cap; k++)
        n += (size_t)snprintf(out + n, cap - n, " %zu:%u[%zu,%zu)", r->parts[k].hit, r->parts[k].message,
                              r->parts[k].start, r->parts[k].end);
}

static void test_serialized_state_continues_anywhere(void **state)
{
    (void)state;
    cg_engine *ozon = tu_engine("ozon");
    /* one process, uninterrupted */
    char expect[SCRIPT_LEN][1024];
    chat one = chat_new(wb, NULL);
    for (size_t i = 0; i < SCRIPT_LEN; i++) {
        cg_result r = say(&one, script[i][0][0] == 'b' ? CG_ROLE_BUYER : CG_ROLE_SELLER, script[i][1]);
        summary(&r, expect[i], sizeof expect[i]);
    }
    assert_non_null(strstr(expect[4], "phone.ru_mobile"));
    assert_non_null(strstr(expect[9], "email.address"));
    assert_non_null(strstr(expect[15], "spam.repeat"));
    assert_non_null(strstr(expect[14], "phone"));
    /* the same messages, the state serialized after each and read back into a new object, on another
     * scanner each time: the results are the same */
    uint8_t buf[CG_CONVERSATION_STATE_MAX];
    size_t len = 0;
    cg_scanner *scanners[2];
    assert_int_equal(cg_scanner_new(&scanners[0]), CG_OK);
    assert_int_equal(cg_scanner_new(&scanners[1]), CG_OK);
    for (size_t i = 0; i < SCRIPT_LEN; i++) {
        cg_conversation *c = NULL;
        if (i == 0)
            assert_int_equal(cg_conversation_new(NULL, &c), CG_OK);
        else
            assert_int_equal(cg_conversation_deserialize(buf, len, &c), CG_OK);
        assert_int_equal(cg_conversation_messages(c), i);
        cg_context ctx = {script[i][0][0] == 'b' ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0};
        cg_result r;
        assert_int_equal(cg_check_in_conversation(wb, scanners[i % 2], c, script[i][1], strlen(script[i][1]), &ctx, &r),
                         CG_OK);
        char got[1024];
        summary(&r, got, sizeof got);
        assert_string_equal(got, expect[i]);
        assert_int_equal(cg_conversation_serialize(c, buf, sizeof buf, &len), CG_OK);
        assert_true(len <= CG_CONVERSATION_STATE_MAX);
        /* the bytes are canonical: read back and written again, they are the same */
        cg_conversation *again;
        uint8_t buf2[CG_CONVERSATION_STATE_MAX];
        size_t len2;
        assert_int_equal(cg_conversation_deserialize(buf, len, &again), CG_OK);
        assert_int_equal(cg_conversation_serialize(again, buf2, sizeof buf2, &len2), CG_OK);
        assert_int_equal(len2, len);
        assert_memory_equal(buf2, buf, len);
        cg_conversation_free(again);
        cg_conversation_free(c);
    }
    /* another engine (a reload, another profile) continues it too: the state holds no engine */
    cg_conversation *c;
    assert_int_equal(cg_conversation_deserialize(buf, len, &c), CG_OK);
    cg_context ctx = CG_CONTEXT_INIT;
    cg_result r;
    const char *spam = "Скидка 50% только сегодня!";
    assert_int_equal(cg_check_in_conversation(ozon, scanners[0], c, spam, strlen(spam), &ctx, &r), CG_OK);
    assert_non_null(tu_hit(&r, CG_CAT_SPAM));
    /* a buffer too small says how much is needed */
    size_t need;
    assert_int_equal(cg_conversation_serialize(c, buf, 8, &need), CG_E_INVALID_ARG);
    assert_true(need > 8 && need <= CG_CONVERSATION_STATE_MAX);
    cg_conversation_free(c);
    cg_scanner_free(scanners[0]);
    cg_scanner_free(scanners[1]);
    chat_free(&one);
    cg_engine_unref(ozon);
}

/* A real state of the script, for the corruption tests. */
static size_t script_state(uint8_t *buf)
{
    chat ch = chat_new(wb, NULL);
    for (size_t i = 0; i < SCRIPT_LEN; i++)
        say(&ch, script[i][0][0] == 'b' ? CG_ROLE_BUYER : CG_ROLE_SELLER, script[i][1]);
    size_t len;
    assert_int_equal(cg_conversation_serialize(ch.c, buf, CG_CONVERSATION_STATE_MAX, &len), CG_OK);
    chat_free(&ch);
    return len;
}

static void assert_rejected(const uint8_t *buf, size_t len)
{
    cg_conversation *c = (cg_conversation *)1;
    assert_int_equal(cg_conversation_deserialize(buf, len, &c), CG_E_BAD_STATE);
    assert_null(c);
}

static void test_truncated_or_damaged_state_is_rejected(void **state)
{
    (void)state;
    uint8_t good[CG_CONVERSATION_STATE_MAX], bad[CG_CONVERSATION_STATE_MAX + 8];
    size_t len = script_state(good);
    cg_conversation *c;
    assert_int_equal(cg_conversation_deserialize(good, len, &c), CG_OK);
    cg_conversation_free(c);
    for (size_t n = 0; n < len; n++) /* every truncation */
        assert_rejected(good, n);
    for (size_t i = 0; i < len; i++) /* every bit of every byte (CRC-32 detects any one-bit error) */
        for (int b = 0; b < 8; b++) {
            memcpy(bad, good, len);
            bad[i] ^= (uint8_t)(1u << b);
            assert_rejected(bad, len);
        }
    memcpy(bad, good, len); /* a byte appended */
    bad[len] = 0;
    assert_rejected(bad, len + 1);
    assert_rejected((const uint8_t *)"", 0);
    assert_int_equal(cg_conversation_deserialize(NULL, 4, &c), CG_E_INVALID_ARG);
    assert_int_equal(cg_conversation_deserialize(good, len, NULL), CG_E_INVALID_ARG);
    static const char foreign[] = "{\"conversation\": \"c1\", \"tails\": []}";
    assert_rejected((const uint8_t *)foreign, sizeof foreign - 1);
}

/* The checksum is CRC-32 (IEEE, reflected, init and final xor 0xFFFFFFFF), written here independently of
 * the library so that forged states with a valid checksum test the structural checks behind it. */
static uint32_t crc32_ieee(const uint8_t *p, size_t n)
{
    uint32_t c = ~0u;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = c & 1u ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static void seal(uint8_t *b, size_t len)
{
    b[6] = (uint8_t)len, b[7] = (uint8_t)(len >> 8);
    uint32_t c = crc32_ieee(b, len - 4);
    for (int i = 0; i < 4; i++)
        b[len - 4 + (size_t)i] = (uint8_t)(c >> (8 * i));
}

static void test_forged_states_with_valid_checksums_are_rejected(void **state)
{
    (void)state;
    uint8_t good[CG_CONVERSATION_STATE_MAX], b[CG_CONVERSATION_STATE_MAX + 16];
    size_t len = script_state(good);
    /* the layout, from state.c: header of 17 bytes, then per side n_tails, n_seen, tails (4 message,
     * 4 offset, 1 length, bytes), fingerprints (8 hash, 1 count) */
    size_t side0 = 17;
    assert_true(good[side0] >= 1); /* the seller has tails */
    size_t tail0 = side0 + 2;
    struct { size_t at; uint8_t value; const char *what; } edits[] = {
        {4, 2, "an unknown version"}, {5, 2, "an unknown flag"}, {12, 0, "max_messages 0"}, {12, 9, "max_messages 9"},
        {13, 15, "tail_bytes below 16"}, {14, 0, "max_distance 0"}, {15, 1, "repeat threshold 1"},
        {16, 0, "repeat_min_words 0"}, {13, 255, "options whose state could exceed 1 KiB"},
        {side0, 9, "more tails than max_messages"}, {side0 + 1, 9, "more fingerprints than the ring"},
        {tail0 + 8, 0, "an empty tail"}, {tail0 + 8, 200, "a tail longer than tail_bytes"},
        {tail0 + 3, 0x7F, "a tail from a message not yet sent"},
        {tail0 + 7, 0x40, "a tail offset past any message"},
    };
    for (size_t k = 0; k < sizeof edits / sizeof edits[0]; k++) {
        memcpy(b, good, len);
        b[edits[k].at] = edits[k].value;
        seal(b, len);
        cg_conversation *c = NULL;
        int rc = cg_conversation_deserialize(b, len, &c);
        if (rc != CG_E_BAD_STATE)
            fail_msg("%s was accepted (rc %d)", edits[k].what, rc);
        cg_conversation_free(c);
    }
    /* the declared length is not the real one */
    memcpy(b, good, len);
    seal(b, len);
    b[6] ^= 1;
    uint32_t c32 = crc32_ieee(b, len - 4);
    for (int i = 0; i < 4; i++)
        b[len - 4 + (size_t)i] = (uint8_t)(c32 >> (8 * i));
    assert_rejected(b, len);
    /* extra bytes inside, sealed */
    memcpy(b, good, len - 4);
    b[len - 4] = 0;
    seal(b, len + 1);
    assert_rejected(b, len + 1);
    /* the same seller tail message index twice: indices must increase */
    memcpy(b, good, len);
    if (b[side0] >= 2) {
        size_t tail1 = tail0 + 9 + b[tail0 + 8];
        memcpy(b + tail1, b + tail0, 4);
        seal(b, len);
        assert_rejected(b, len);
    }
    /* a counter so small that the tails would lie in the future */
    memcpy(b, good, len);
    b[8] = 1, b[9] = b[10] = b[11] = 0;
    seal(b, len);
    assert_rejected(b, len);
    /* a sealed copy of the unchanged state still reads: the forgeries above failed for their edit */
    memcpy(b, good, len);
    seal(b, len);
    cg_conversation *ok;
    assert_int_equal(cg_conversation_deserialize(b, len, &ok), CG_OK);
    cg_conversation_free(ok);
}

/* Every option set that is accepted keeps its state within 1 KiB, filled to the worst case: every tail
 * full, every fingerprint slot used, on both sides. */
static void test_state_never_exceeds_one_kib(void **state)
{
    (void)state;
    static const unsigned tails[] = {16, 32, 44, 48, 64, 80, 96, 128, 200, 255};
    cg_scanner *s;
    assert_int_equal(cg_scanner_new(&s), CG_OK);
    size_t accepted = 0, largest = 0;
    for (unsigned m = 1; m <= 9; m++)
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            cg_conversation_options o = CG_CONVERSATION_OPTIONS_INIT;
            o.max_messages = m, o.tail_bytes = tails[t], o.max_distance = 255, o.repeat_threshold = 255;
            o.repeat_min_words = 1;
            cg_conversation *c = NULL;
            int rc = cg_conversation_new(&o, &c);
            if (rc != CG_OK) {
                assert_int_equal(rc, CG_E_INVALID_ARG);
                continue;
            }
            accepted++;
            char text[600];
            for (unsigned i = 0; i < 2 * (m + 10); i++) {
                /* long, distinct, many-word messages, alternating sides */
                int n = snprintf(text, sizeof text, "сообщение %u ", i);
                while (n < 500)
                    n += snprintf(text + n, sizeof text - (size_t)n, "слово%u ", i);
                cg_context ctx = {(cg_role)(i % 2), CG_CHANNEL_CHAT, 0};
                cg_result r;
                assert_int_equal(cg_check_in_conversation(wb, s, c, text, (size_t)n, &ctx, &r), CG_OK);
            }
            uint8_t buf[CG_CONVERSATION_STATE_MAX];
            size_t len;
            assert_int_equal(cg_conversation_serialize(c, buf, sizeof buf, &len), CG_OK);
            assert_true(len <= CG_CONVERSATION_STATE_MAX);
            if (len > largest)
                largest = len;
            cg_conversation_free(c);
        }
    /* defaults are accepted; 8 messages of 255 bytes are not */
    cg_conversation_options big = CG_CONVERSATION_OPTIONS_INIT;
    big.max_messages = 8, big.tail_bytes = 255;
    cg_conversation *c = NULL;
    assert_int_equal(cg_conversation_new(&big, &c), CG_E_INVALID_ARG);
    assert_int_equal(cg_conversation_new(NULL, &c), CG_OK);
    cg_conversation_free(c);
    print_message("%zu option sets accepted, largest filled state %zu bytes\n", accepted, largest);
    assert_true(accepted >= 10);
    assert_true(largest > 900); /* the fill reached near the bound: the test measures something */
    cg_scanner_free(s);
}

/* ---- errors ------------------------------------------------------------------------------------------ */

static void test_errors_leave_the_conversation_unchanged(void **state)
{
    (void)state;
    cg_options eo = CG_OPTIONS_INIT;
    eo.max_message_bytes = 32;
    cg_engine *small = tu_engine_opts("wb", &eo);
    chat ch = chat_new(small, NULL);
    seller(&ch, "Запишите 8916");
    uint8_t before[CG_CONVERSATION_STATE_MAX], after[CG_CONVERSATION_STATE_MAX];
    size_t lb, la;
    assert_int_equal(cg_conversation_serialize(ch.c, before, sizeof before, &lb), CG_OK);
    cg_context ctx = CG_CONTEXT_INIT;
    cg_result r;
    const char *longer = "это сообщение длиннее тридцати двух байтов";
    assert_int_equal(cg_check_in_conversation(small, ch.s, ch.c, longer, strlen(longer), &ctx, &r), CG_E_TOO_LONG);
    assert_int_equal(r.n_hits, 0);
    assert_int_equal(r.action, CG_ACTION_ALLOW);
    assert_int_equal(cg_conversation_serialize(ch.c, after, sizeof after, &la), CG_OK);
    assert_int_equal(la, lb);
    assert_memory_equal(after, before, lb);
    /* a joined text over the engine's limit: the message is still checked, alone */
    r = seller(&ch, "123 45 67 и всё");
    assert_int_equal(r.n_parts, 0);
    /* arguments */
    cg_conversation_options o = CG_CONVERSATION_OPTIONS_INIT;
    o.struct_size = 8;
    cg_conversation *c = NULL;
    assert_int_equal(cg_conversation_new(&o, &c), CG_E_INVALID_ARG);
    assert_null(c);
    assert_int_equal(cg_conversation_new(NULL, NULL), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_in_conversation(small, ch.s, NULL, "x", 1, &ctx, &r), CG_E_INVALID_ARG);
    cg_context bad = {(cg_role)7, CG_CHANNEL_CHAT, 0};
    assert_int_equal(cg_check_in_conversation(small, ch.s, ch.c, "x", 1, &bad, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_in_conversation(small, ch.s, ch.c, NULL, 1, &ctx, &r), CG_E_INVALID_ARG);
    assert_int_equal(cg_check_in_conversation(small, ch.s, ch.c, "x", 1, &ctx, NULL), CG_E_INVALID_ARG);
    assert_int_equal(cg_conversation_serialize(NULL, after, sizeof after, &la), CG_E_INVALID_ARG);
    assert_int_equal(cg_conversation_messages(NULL), 0);
    cg_conversation_free(NULL);
    /* cg_check_message leaves the conversation fields empty */
    r = tu_check(small, ch.s, "8 916 123 45 67", NULL);
    assert_null(r.parts);
    assert_int_equal(r.n_parts, 0);
    assert_int_equal(r.message, 0);
    chat_free(&ch);
    cg_engine_unref(small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_in_three_pieces_with_a_reply_between),
        cmocka_unit_test(test_email_split_at_sobaka_and_tochka),
        cmocka_unit_test(test_spelled_number_over_three_messages),
        cmocka_unit_test(test_pieces_cut_mid_group_are_glued),
        cmocka_unit_test(test_context_word_in_an_earlier_message),
        cmocka_unit_test(test_the_other_side_never_glues_in),
        cmocka_unit_test(test_clean_numbers_do_not_join),
        cmocka_unit_test(test_own_hits_are_not_repeated_as_cross_hits),
        cmocka_unit_test(test_limits_on_messages_and_distance),
        cmocka_unit_test(test_long_message_completing_a_contact),
        cmocka_unit_test(test_fifth_identical_message_is_spam),
        cmocka_unit_test(test_short_messages_and_options),
        cmocka_unit_test(test_buyer_repeats_priced_by_the_profile),
        cmocka_unit_test(test_serialized_state_continues_anywhere),
        cmocka_unit_test(test_truncated_or_damaged_state_is_rejected),
        cmocka_unit_test(test_forged_states_with_valid_checksums_are_rejected),
        cmocka_unit_test(test_state_never_exceeds_one_kib),
        cmocka_unit_test(test_errors_leave_the_conversation_unchanged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
