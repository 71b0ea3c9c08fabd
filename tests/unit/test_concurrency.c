/* test_concurrency.c — one engine shared by 8 threads, each with its own scanner, gives exactly the
 * results of one thread (CG_TEST_CHECKS per thread, default 100,000). Run under TSan by make check-tsan. */
#include <pthread.h>

#include "testutil.h"

#define THREADS 8

typedef struct digest {
    int action, sanction;
    long fine;
    uint32_t categories;
    size_t n_hits, first_start, last_end, masked_len;
} digest;

static const char *const texts[] = {
    "Звоните +7 916 123-45-67", "Добрый день! Размер 44 в наличии, цена 1 990 ₽", "это пиздец какой-то",
    "ivan собака mail точка ru", "пишите в тг @shop_msk", "8 9I2 З45 67 89", "вы идиот?", "Да",
    "на нашем сайте myshop.ru дешевле", "застрахуйте посылку", "заказ №4567890123 не пришёл",
    "верните половину, иначе отзыв на единицу", "Ваш аккаунт заблокирован, подтвердите данные",
    "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", "х*й вам",
};
#define NTEXTS (sizeof texts / sizeof texts[0])

static cg_engine *engine;
static digest expected[NTEXTS];
static size_t checks;

static digest digest_of(const cg_result *r)
{
    digest d = {r->action, r->sanction, r->fine_rub, r->categories, r->n_hits, 0, 0, r->masked_len};
    if (r->n_hits) {
        d.first_start = r->hits[0].start;
        d.last_end = r->hits[r->n_hits - 1].end;
    }
    return d;
}

static void *worker(void *arg)
{
    size_t k = (size_t)(uintptr_t)arg, bad = 0;
    cg_scanner *s;
    if (cg_scanner_new(&s) != CG_OK)
        return (void *)1;
    for (size_t i = 0; i < checks; i++) {
        size_t j = (i * 7 + k) % NTEXTS;
        cg_context ctx = {(j % 3 == 0) ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, (unsigned)(j % 3)};
        cg_result r;
        if (cg_check_message(engine, s, texts[j], strlen(texts[j]), &ctx, &r) != CG_OK) {
            bad++;
            continue;
        }
        digest d = digest_of(&r);
        const digest *x = &expected[j];
        bad += d.action != x->action || d.sanction != x->sanction || d.fine != x->fine ||
               d.categories != x->categories || d.n_hits != x->n_hits || d.first_start != x->first_start ||
               d.last_end != x->last_end || d.masked_len != x->masked_len;
    }
    cg_scanner_free(s);
    return (void *)(uintptr_t)bad;
}

static void test_threads_match_single(void **st)
{
    (void)st;
    const char *env = getenv("CG_TEST_CHECKS");
    checks = env ? (size_t)strtoul(env, NULL, 10) : 100000;
    engine = tu_engine("wb");
    cg_scanner *s;
    cg_scanner_new(&s);
    for (size_t j = 0; j < NTEXTS; j++) {
        cg_context ctx = {(j % 3 == 0) ? CG_ROLE_BUYER : CG_ROLE_SELLER, CG_CHANNEL_CHAT, (unsigned)(j % 3)};
        cg_result r = tu_check(engine, s, texts[j], &ctx);
        expected[j] = digest_of(&r);
        assert_true(j < 2 || expected[j].n_hits > 0 || expected[j].action == CG_ACTION_ALLOW);
    }
    cg_scanner_free(s);
    pthread_t t[THREADS];
    for (size_t k = 0; k < THREADS; k++)
        assert_int_equal(pthread_create(&t[k], NULL, worker, (void *)(uintptr_t)k), 0);
    size_t bad = 0;
    for (size_t k = 0; k < THREADS; k++) {
        void *ret;
        pthread_join(t[k], &ret);
        bad += (size_t)(uintptr_t)ret;
    }
    assert_int_equal(bad, 0);
    /* the engine outlives the threads' scanners by its reference count */
    cg_engine_unref(engine);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_threads_match_single)};
    return cmocka_run_group_tests_name("concurrency", tests, NULL, NULL);
}
