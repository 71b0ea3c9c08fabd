/* test_reload.c — reloading under load: 4 threads check messages without pause while another thread
 * swaps the rules between two profiles and tries reloads that must fail. Every result is exactly what one
 * of the two complete engines gives (never a half-built rule set), failed reloads keep the engine, and
 * in-flight checks finish on the engine they started with. Run under TSan by make check-tsan. */
#include <pthread.h>
#include <stdatomic.h>

#include "testutil.h"

static cg_engine_slot *slot;
static atomic_int stop;
static const char *text = "Звоните +7 916 123-45-67";

static void *checker(void *arg)
{
    (void)arg;
    cg_scanner *s;
    cg_scanner_new(&s);
    size_t bad = 0, done = 0;
    while (!atomic_load(&stop) || done < 1000) {
        cg_engine *e = cg_slot_acquire(slot);
        cg_result r;
        if (cg_check_message(e, s, text, strlen(text), NULL, &r) != CG_OK)
            bad++;
        /* wb blocks the phone with a fine; avito lets it through: nothing in between may happen */
        else if (!((r.action == CG_ACTION_BLOCK && r.sanction == CG_SANCTION_FINE) ||
                   (r.action == CG_ACTION_ALLOW && r.sanction == CG_SANCTION_NONE)))
            bad++;
        cg_engine_unref(e);
        done++;
    }
    cg_scanner_free(s);
    return (void *)(uintptr_t)bad;
}

static void test_reload_under_load(void **st)
{
    (void)st;
    cg_engine *wb = tu_engine("wb");
    assert_int_equal(cg_slot_new(wb, &slot), CG_OK);
    cg_engine_unref(wb); /* the slot holds it now */
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, checker, NULL), 0);
    const char *rules = getenv("CHATGUARD_RULES_DIR");
    for (int round = 0; round < 6; round++) {
        assert_int_equal(cg_slot_reload(slot, rules, round % 2 ? "wb" : "avito", NULL, NULL), CG_OK);
        /* a reload that fails keeps the current engine and says why */
        cg_diagnostics *d = NULL;
        cg_engine *before = cg_slot_acquire(slot);
        assert_int_equal(cg_slot_reload(slot, rules, "nosuch", NULL, &d), CG_E_NO_PROFILE);
        assert_true(cg_diagnostics_count(d) > 0);
        cg_diagnostics_free(d);
        cg_engine *after = cg_slot_acquire(slot);
        assert_ptr_equal(before, after);
        cg_engine_unref(before);
        cg_engine_unref(after);
    }
    atomic_store(&stop, 1);
    size_t bad = 0;
    for (int i = 0; i < 4; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        bad += (size_t)(uintptr_t)ret;
    }
    assert_int_equal(bad, 0);
    /* the last reload was to wb */
    cg_engine *e = cg_slot_acquire(slot);
    cg_scanner *s;
    cg_scanner_new(&s);
    cg_result r = tu_check(e, s, text, NULL);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    cg_scanner_free(s);
    cg_engine_unref(e);
    cg_slot_free(slot);
}

/* An engine acquired before a swap stays usable after it, until released. */
static void test_inflight_keeps_old_engine(void **st)
{
    (void)st;
    cg_engine *wb = tu_engine("wb"), *avito = tu_engine("avito");
    cg_engine_slot *sl;
    assert_int_equal(cg_slot_new(wb, &sl), CG_OK);
    cg_engine *held = cg_slot_acquire(sl);
    assert_int_equal(cg_slot_swap(sl, avito), CG_OK);
    cg_engine_unref(wb);
    cg_engine_unref(avito);
    cg_slot_free(sl); /* the slot lets go of avito; `held` still holds wb */
    cg_scanner *s;
    cg_scanner_new(&s);
    cg_result r = tu_check(held, s, text, NULL);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    cg_scanner_free(s);
    cg_engine_unref(held);
    assert_int_equal(cg_slot_new(NULL, &sl), CG_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reload_under_load),
        cmocka_unit_test(test_inflight_keeps_old_engine),
    };
    return cmocka_run_group_tests_name("reload", tests, NULL, NULL);
}
