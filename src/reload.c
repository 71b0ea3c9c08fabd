/* reload.c — a slot for the current engine, swapped while traffic flows.
 *
 * A mutex guards only the pointer and the reference taken under it: acquiring is a lock, an atomic
 * increment and an unlock (no loading or compiling ever happens under the lock), so request threads do
 * not wait for a reload, and an engine cannot be freed between reading the pointer and referencing it. */
#include <pthread.h>
#include <stdlib.h>

#include "internal.h"

struct cg_engine_slot {
    pthread_mutex_t lock;
    cg_engine *current;
};

int cg_slot_new(cg_engine *initial, cg_engine_slot **out)
{
    if (!initial || !out)
        return CG_E_INVALID_ARG;
    cg_engine_slot *s = calloc(1, sizeof *s);
    if (!s)
        return CG_E_NOMEM;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        return CG_E_NOMEM;
    }
    s->current = cg_engine_ref(initial);
    *out = s;
    return CG_OK;
}

cg_engine *cg_slot_acquire(cg_engine_slot *s)
{
    if (!s)
        return NULL;
    pthread_mutex_lock(&s->lock);
    cg_engine *e = cg_engine_ref(s->current);
    pthread_mutex_unlock(&s->lock);
    return e;
}

int cg_slot_swap(cg_engine_slot *s, cg_engine *engine)
{
    if (!s || !engine)
        return CG_E_INVALID_ARG;
    cg_engine_ref(engine);
    pthread_mutex_lock(&s->lock);
    cg_engine *old = s->current;
    s->current = engine;
    pthread_mutex_unlock(&s->lock);
    cg_engine_unref(old); /* freed here, or by the last check still using it */
    return CG_OK;
}

int cg_slot_reload(cg_engine_slot *s, const char *rules_dir, const char *profile, const cg_options *opts,
                   cg_diagnostics **diag_out)
{
    if (!s)
        return CG_E_INVALID_ARG;
    cg_engine *e = NULL;
    int rc = cg_engine_load(rules_dir, profile, opts, &e, diag_out); /* off the lock: slow, may fail */
    if (rc != CG_OK)
        return rc;
    rc = cg_slot_swap(s, e);
    cg_engine_unref(e);
    return rc;
}

void cg_slot_free(cg_engine_slot *s)
{
    if (!s)
        return;
    cg_engine_unref(s->current);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
