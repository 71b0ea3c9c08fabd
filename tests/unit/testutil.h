/* testutil.h — helpers shared by the unit suites: engines from the shipped rules, checks, hits, temporary
 * rule directories. Every suite includes it (it includes cmocka with the headers cmocka needs).
 *
 *   tu_engine("wb")                 engine from $CHATGUARD_RULES_DIR (the Makefile sets it to rules/)
 *   tu_check(e, s, text, ctx)       cg_check_message on a NUL-terminated text, asserting CG_OK
 *   tu_hit(&r, CG_CAT_PHONE)        first hit of a category, or NULL
 *   tu_rules_tmpdir(files)          a temporary rules directory holding the given files
 *   tu_rmdir(dir)                   remove it again (recursively) and free the name
 */
#ifndef CG_TESTUTIL_H
#define CG_TESTUTIL_H

#include <dirent.h>
#include <errno.h>
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

/* ---- engines --------------------------------------------------------------------------------------- */

/* The shipped rules directory, from CHATGUARD_RULES_DIR (fails the test when it is not set). */
static inline const char *tu_rules_dir(void)
{
    const char *dir = getenv("CHATGUARD_RULES_DIR");
    if (!dir || !*dir)
        fail_msg("CHATGUARD_RULES_DIR is not set (run the suites with `make unit`)");
    return dir;
}

/* Print every diagnostic as file:line:column: message [rule]. */
static inline void tu_print_diags(const cg_diagnostics *d)
{
    for (size_t i = 0; i < cg_diagnostics_count(d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(d, i);
        fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message, x->rule);
    }
}

/* An engine from the shipped rules with `profile` and options `o` (NULL: defaults). Fails the test, after
 * printing the diagnostics, unless the load succeeds. */
static inline cg_engine *tu_engine_opts(const char *profile, const cg_options *o)
{
    cg_engine *e = NULL;
    cg_diagnostics *d = NULL;
    const char *dir = tu_rules_dir();
    int rc = cg_engine_load(dir, profile, o, &e, &d);
    if (rc != CG_OK) {
        fprintf(stderr, "cg_engine_load(%s, %s): %s\n", dir, profile ? profile : "(default)", cg_strerror(rc));
        tu_print_diags(d);
    }
    cg_diagnostics_free(d);
    assert_int_equal(rc, CG_OK);
    assert_non_null(e);
    return e;
}

static inline cg_engine *tu_engine(const char *profile) { return tu_engine_opts(profile, NULL); }

/* ---- checks ---------------------------------------------------------------------------------------- */

/* Check the NUL-terminated `text` (ctx NULL: seller in the chat); fails the test unless CG_OK. */
static inline cg_result tu_check(const cg_engine *e, cg_scanner *s, const char *text, const cg_context *ctx)
{
    cg_result r;
    int rc = cg_check_message(e, s, text, strlen(text), ctx, &r);
    if (rc != CG_OK)
        fail_msg("cg_check_message(\"%s\"): %s", text, cg_strerror(rc));
    return r;
}

/* The same with the context spelled out. */
static inline cg_result tu_check_as(const cg_engine *e, cg_scanner *s, const char *text, cg_role role,
                                    cg_channel channel, unsigned prior)
{
    cg_context ctx = {role, channel, prior};
    return tu_check(e, s, text, &ctx);
}

/* The first hit of category c, or NULL. */
static inline const cg_hit *tu_hit(const cg_result *r, cg_category c)
{
    for (size_t i = 0; i < r->n_hits; i++)
        if (r->hits[i].category == c)
            return &r->hits[i];
    return NULL;
}

/* Does the result have a hit of category c? (Also cross-checks the categories bit mask.) */
static inline int tu_has(const cg_result *r, cg_category c)
{
    int hit = tu_hit(r, c) != NULL;
    assert_int_equal(hit, (r->categories >> c) & 1u);
    return hit;
}

/* Print a result (for failure messages). */
static inline void tu_print_result(const char *text, const cg_result *r)
{
    fprintf(stderr, "  \"%s\": action %s, sanction %s, fine %ld, %zu hit(s)\n", text, cg_action_name(r->action),
            cg_sanction_name(r->sanction), r->fine_rub, r->n_hits);
    for (size_t i = 0; i < r->n_hits; i++)
        fprintf(stderr, "    %s %s [%zu,%zu) \"%.*s\"\n", cg_category_name(r->hits[i].category), r->hits[i].rule,
                r->hits[i].start, r->hits[i].end, (int)(r->hits[i].end - r->hits[i].start), text + r->hits[i].start);
}

/* ---- temporary rule directories -------------------------------------------------------------------- */

/* A file of a temporary rules directory: path relative to the directory, and its content. */
typedef struct tu_file {
    const char *name;
    const char *content;
} tu_file;

/* A minimal valid profile named "t". */
#define TU_PROFILE "[profile]\nname = t\n\n[policy]\n* * * block warning\n"

/* Create the parent directories of dir/name. */
static inline void tu_mkparents(const char *dir, const char *name)
{
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            fail_msg("mkdir %s: %s", path, strerror(errno));
        *p = '/';
    }
}

/* Write dir/name (creating its directories). */
static inline void tu_write(const char *dir, const char *name, const char *content)
{
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    tu_mkparents(dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    size_t len = strlen(content);
    assert_int_equal(fwrite(content, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* A new empty rules directory under /tmp with profiles/, lexicons/ and lists/ (malloc'd name). */
static inline char *tu_tmpdir(void)
{
    char *dir = strdup("/tmp/cgtest.XXXXXX");
    assert_non_null(dir);
    if (!mkdtemp(dir))
        fail_msg("mkdtemp: %s", strerror(errno));
    static const char *const subs[] = {"profiles", "lexicons", "lists"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        char sub[512];
        snprintf(sub, sizeof sub, "%s/%s", dir, subs[i]);
        assert_int_equal(mkdir(sub, 0755), 0);
    }
    return dir;
}

/* A temporary rules directory holding files[] (terminated by an entry with name NULL). */
static inline char *tu_rules_tmpdir(const tu_file *files)
{
    char *dir = tu_tmpdir();
    for (const tu_file *f = files; f && f->name; f++)
        tu_write(dir, f->name, f->content);
    return dir;
}

/* Remove path and everything under it (never follows symbolic links). */
static inline int tu_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *de;
        int rc = 0;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            size_t lp = strlen(path), ln = strlen(de->d_name);
            char *sub = malloc(lp + ln + 2);
            if (!sub) {
                rc = -1;
                continue;
            }
            memcpy(sub, path, lp);
            sub[lp] = '/';
            memcpy(sub + lp + 1, de->d_name, ln + 1);
            rc |= tu_remove_tree(sub);
            free(sub);
        }
        closedir(d);
        return rmdir(path) | rc;
    }
    return unlink(path);
}

/* Remove a directory made by tu_tmpdir()/tu_rules_tmpdir() and free its name. */
static inline void tu_rmdir(char *dir)
{
    assert_non_null(dir);
    assert_int_equal(strncmp(dir, "/tmp/cgtest.", 12), 0); /* never anything else */
    assert_int_equal(tu_remove_tree(dir), 0);
    free(dir);
}

/* ---- loading temporary rule directories ------------------------------------------------------------ */

/* The outcome of cg_engine_load on a directory. */
typedef struct tu_load {
    int rc;
    cg_engine *e;
    cg_diagnostics *d;
} tu_load;

static inline tu_load tu_load_dir(const char *dir, const char *profile)
{
    tu_load l = {0, NULL, NULL};
    l.rc = cg_engine_load(dir, profile, NULL, &l.e, &l.d);
    return l;
}

static inline void tu_load_free(tu_load *l)
{
    cg_engine_unref(l->e);
    cg_diagnostics_free(l->d);
    l->e = NULL;
    l->d = NULL;
}

/* An engine from a temporary rules directory holding files[] (profile "t" unless given); fails the test
 * unless it loads. The directory is removed again: an engine keeps no reference to its files. */
static inline cg_engine *tu_engine_from(const tu_file *files, const char *profile)
{
    char *dir = tu_rules_tmpdir(files);
    tu_load l = tu_load_dir(dir, profile ? profile : "t");
    if (l.rc != CG_OK) {
        fprintf(stderr, "cg_engine_load(%s): %s\n", dir, cg_strerror(l.rc));
        tu_print_diags(l.d);
    }
    tu_rmdir(dir);
    cg_diagnostics_free(l.d);
    assert_int_equal(l.rc, CG_OK);
    return l.e;
}

#endif
