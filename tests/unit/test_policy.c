/* test_policy.c — profiles turn hits into verdicts: the same messages under each marketplace's rules,
 * escalation with prior violations, buyer versus seller, channels, and masking. Table-driven, against
 * the shipped rules/ (CHATGUARD_RULES_DIR). */
#include "testutil.h"



typedef struct verdict_case {
    const char *profile;
    const char *text;
    cg_role role;
    cg_channel channel;
    unsigned prior;
    cg_action action;
    cg_sanction sanction;
    long fine;
} verdict_case;

#define S CG_ROLE_SELLER
#define B CG_ROLE_BUYER
#define CHAT CG_CHANNEL_CHAT
#define RR CG_CHANNEL_REVIEW_REPLY
#define QA CG_CHANNEL_QUESTION_ANSWER

static const verdict_case cases[] = {
    /* Wildberries: a seller's contact is an attempt to reach the buyer directly: 25 000 ₽, then disconnection */
    {"wb", "Звоните +7 916 123-45-67", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    {"wb", "Звоните +7 916 123-45-67", S, CHAT, 1, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    {"wb", "Звоните +7 916 123-45-67", S, CHAT, 2, CG_ACTION_BLOCK, CG_SANCTION_DISCONNECT, 0},
    {"wb", "Звоните +7 916 123-45-67", S, CHAT, 9, CG_ACTION_BLOCK, CG_SANCTION_DISCONNECT, 0},
    {"wb", "пишите ivan.petrov@mail.ru", S, RR, 0, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    {"wb", "пишите мне в телеграм", S, QA, 0, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    {"wb", "продиктуйте номер телефона", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    /* links are a warning first */
    {"wb", "у нас дешевле на myshop.ru", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    {"wb", "у нас дешевле на myshop.ru", S, CHAT, 1, CG_ACTION_BLOCK, CG_SANCTION_FINE, 25000},
    /* the platform's own domain is not a link */
    {"wb", "карточка товара на wildberries.ru", S, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    /* insults and мат: warning, then disconnection */
    {"wb", "это пиздец", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    {"wb", "это пиздец", S, CHAT, 1, CG_ACTION_BLOCK, CG_SANCTION_DISCONNECT, 0},
    {"wb", "вы идиот?", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    {"wb", "Да", S, CHAT, 0, CG_ACTION_REVIEW, CG_SANCTION_WARNING, 0},
    /* one_word.reply detects in every channel; wb prices a thank-you under a review at nothing and a
     * one-word answer to a product question like one in the chat */
    {"wb", "Спасибо!", S, RR, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    {"wb", "Спасибо!", S, QA, 0, CG_ACTION_REVIEW, CG_SANCTION_WARNING, 0},
    {"ozon", "Да", S, RR, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    /* buyers are never fined: their contacts are masked, extortion goes to a moderator */
    {"wb", "Звоните +7 916 123-45-67", B, CHAT, 0, CG_ACTION_MASK, CG_SANCTION_NONE, 0},
    {"wb", "Звоните +7 916 123-45-67", B, CHAT, 5, CG_ACTION_MASK, CG_SANCTION_NONE, 0},
    {"wb", "Да", B, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    {"wb", "верните половину, иначе отзыв на единицу", B, CHAT, 0, CG_ACTION_REVIEW, CG_SANCTION_NONE, 0},
    {"wb", "верните половину, иначе отзыв на единицу", S, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    /* Ozon: no fines in the contract; warning, then chat disabled */
    {"ozon", "Звоните +7 916 123-45-67", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    {"ozon", "Звоните +7 916 123-45-67", S, CHAT, 1, CG_ACTION_BLOCK, CG_SANCTION_DISCONNECT, 0},
    {"ozon", "карточка товара на ozon.ru", S, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    {"ozon", "карточка товара на wildberries.ru", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    /* Yandex Market promotes its own promotions: superlatives are not sanctioned there */
    {"yandex-market", "у нас самый лучший товар", S, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    {"wb", "у нас самый лучший товар", S, CHAT, 0, CG_ACTION_REVIEW, CG_SANCTION_WARNING, 0},
    /* Avito: a phone is part of the deal; card codes and phishing are not */
    {"avito", "Звоните +7 916 123-45-67", S, CHAT, 0, CG_ACTION_ALLOW, CG_SANCTION_NONE, 0},
    {"avito", "назовите CVC код", B, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    {"avito", "Ваш аккаунт заблокирован, подтвердите данные", B, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_DISCONNECT, 0},
    {"magnit-market", "Звоните +7 916 123-45-67", S, CHAT, 0, CG_ACTION_BLOCK, CG_SANCTION_WARNING, 0},
    /* clean messages stay clean everywhere */
    {"wb", "Добрый день! Отправим завтра, размер 42-44 в наличии, цена 1 990 ₽", S, CHAT, 3, CG_ACTION_ALLOW,
     CG_SANCTION_NONE, 0},
    {"ozon", "Добрый день! Отправим завтра, размер 42-44 в наличии, цена 1 990 ₽", S, CHAT, 3, CG_ACTION_ALLOW,
     CG_SANCTION_NONE, 0},
};

static void test_verdicts(void **state)
{
    (void)state;
    const char *loaded = NULL;
    cg_engine *e = NULL;
    cg_scanner *s;
    assert_int_equal(cg_scanner_new(&s), CG_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const verdict_case *c = &cases[i];
        if (!loaded || strcmp(loaded, c->profile) != 0) {
            cg_engine_unref(e);
            e = tu_engine(c->profile);
            loaded = c->profile;
        }
        cg_context ctx = {c->role, c->channel, c->prior};
        cg_result r;
        assert_int_equal(cg_check_message(e, s, c->text, strlen(c->text), &ctx, &r), CG_OK);
        if (r.action != c->action || r.sanction != c->sanction || r.fine_rub != c->fine)
            fail_msg("case %zu [%s, %s, prior %u] \"%s\": got %s/%s/%ld, want %s/%s/%ld", i, c->profile,
                     cg_role_name(c->role), c->prior, c->text, cg_action_name(r.action), cg_sanction_name(r.sanction),
                     r.fine_rub, cg_action_name(c->action), cg_sanction_name(c->sanction), c->fine);
        /* every sanction is explained by at least one hit carrying it */
        if (r.sanction != CG_SANCTION_NONE) {
            int evidence = 0;
            for (size_t k = 0; k < r.n_hits; k++)
                evidence |= r.hits[k].sanction == r.sanction && r.hits[k].rule && r.hits[k].end > r.hits[k].start;
            assert_true(evidence);
        }
    }
    cg_scanner_free(s);
    cg_engine_unref(e);
}

/* Outside every masked span the masked text equals the original byte for byte. */
static void test_masking_outside_spans_identical(void **state)
{
    (void)state;
    cg_engine *e = tu_engine("wb");
    cg_scanner *s;
    cg_scanner_new(&s);
    const char *text = "Здравствуйте, Ольга! Мой номер 8 916 123 45 67, жду звонка. Спасибо!";
    cg_context ctx = {CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0};
    cg_result r;
    assert_int_equal(cg_check_message(e, s, text, strlen(text), &ctx, &r), CG_OK);
    assert_int_equal(r.n_hits, 1);
    const cg_hit *h = &r.hits[0];
    assert_int_equal(h->category, CG_CAT_PHONE);
    /* the span is ASCII digits and spaces: same length, and the prefix and suffix are identical */
    assert_int_equal(r.masked_len, strlen(text));
    assert_memory_equal(r.masked, text, h->start);
    assert_memory_equal(r.masked + h->end, text + h->end, strlen(text) - h->end);
    for (size_t i = h->start; i < h->end; i++)
        assert_true(r.masked[i] == '*' || r.masked[i] == ' ');
    cg_scanner_free(s);
    cg_engine_unref(e);
}

/* A configured mask text replaces each masked span whole. */
static void test_mask_text_option(void **state)
{
    (void)state;
    cg_options o = CG_OPTIONS_INIT;
    o.mask_text = "[скрыто]";
    cg_engine *e;
    cg_diagnostics *d;
    assert_int_equal(cg_engine_load(NULL, "wb", &o, &e, &d), CG_OK);
    cg_scanner *s;
    cg_scanner_new(&s);
    const char *text = "мой номер 89161234567, жду";
    cg_context ctx = {CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0};
    cg_result r;
    assert_int_equal(cg_check_message(e, s, text, strlen(text), &ctx, &r), CG_OK);
    assert_string_equal(r.masked, "мой номер [скрыто], жду");
    cg_scanner_free(s);
    cg_engine_unref(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_masking_outside_spans_identical),
        cmocka_unit_test(test_mask_text_option),
    };
    return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
