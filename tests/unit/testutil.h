/* testutil.h — helpers shared by the unit suites: engines from the shipped rules, checks, temporary rule
 * directories. Tests include it after cmocka. */
#ifndef CG_TESTUTIL_H
#define CG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chatguard.h"

/* An engine from the shipped rules (CHATGUARD_RULES_DIR, set by the Makefile); fails the test on error. */
static inline cg_engine *tu_engine(const char *profile)
{
    cg_engine *e = NULL;
    cg_diagnostics *d = NULL;
    int rc = cg_engine_load(NULL, profile, NULL, &e, &d);
    for (size_t i = 0; i < cg_diagnostics_count(d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(d, i);
        fprintf(stderr, "%s:%u:%u: %s\n", x->file, x->line, x->column, x->message);
    }
    cg_diagnostics_free(d);
    assert_int_equal(rc, CG_OK);
    return e;
}

/* Check `text` as a seller in the chat (or with ctx); fails the test unless CG_OK. */
static inline cg_result tu_check(const cg_engine *e, cg_scanner *s, const char *text, const cg_context *ctx)
{
    cg_result r;
    assert_int_equal(cg_check_message(e, s, text, strlen(text), ctx, &r), CG_OK);
    return r;
}

/* The first hit of category c, or NULL. */
static inline const cg_hit *tu_hit(const cg_result *r, cg_category c)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (r->hits[i].category == c)
            return &r->hits[i];
    return NULL;
}

/* A temporary rules directory (with profiles/ and lexicons/); files are written with tu_write. */
static inline char *tu_tmpdir(void)
{
    char *dir = strdup("/tmp/cgtest.XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sub[256];
    snprintf(sub, sizeof sub, "%s/profiles", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/lexicons", dir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/lists", dir);
    mkdir(sub, 0755);
    return dir;
}

static inline void tu_write(const char *dir, const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static inline void tu_rmdir(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* A minimal valid profile named "t". */
#define TU_PROFILE "[profile]\nname = t\n\n[policy]\n* * * block warning\n"

#endif
