/* test_rules.c — rule and profile files: every problem reported with file:line:column, no engine. */
#include "testutil.h"

typedef struct loaded {
    int rc;
    cg_engine *e;
    cg_diagnostics *d;
} loaded;

static loaded load_dir(const char *dir, const char *profile)
{
    loaded l = {0};
    l.rc = cg_engine_load(dir, profile, NULL, &l.e, &l.d);
    return l;
}

static void drop(loaded *l)
{
    cg_engine_unref(l->e);
    cg_diagnostics_free(l->d);
}

/* Is there a diagnostic at line:col (col 0 = any) whose message contains `what`? */
static int has_diag(const loaded *l, unsigned line, unsigned col, const char *what)
{
    for (size_t i = 0; i < cg_diagnostics_count(l->d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(l->d, i);
        if (x->line == line && (col == 0 || x->column == col) && strstr(x->message, what))
            return 1;
    }
    for (size_t i = 0; i < cg_diagnostics_count(l->d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(l->d, i);
        fprintf(stderr, "  have %s:%u:%u: %s\n", x->file, x->line, x->column, x->message);
    }
    return 0;
}

static void test_good_rules_load(void **s)
{
    (void)s;
    char *dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_write(dir, "a.rules", "[phone.x]\ncategory = phone\nseverity = 3\nview = digits\npattern = 9\\d{9}\n");
    loaded l = load_dir(dir, "t");
    assert_int_equal(l.rc, CG_OK);
    assert_non_null(l.e);
    assert_int_equal(cg_diagnostics_count(l.d), 0);
    drop(&l);
    tu_rmdir(dir);
}

/* One file, several bad rules: one diagnostic each, at the right line and column, and no engine. */
static void test_every_bad_rule_reported(void **s)
{
    (void)s;
    char *dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_write(dir, "bad.rules",
             "[phone.ok]\n"                               /* 1 */
             "category = phone\n"                         /* 2 */
             "severity = 3\n"                             /* 3 */
             "pattern = 9\\d{9}\n"                        /* 4 */
             "\n"                                         /* 5 */
             "[phone.badsyntax]\n"                        /* 6 */
             "category = phone\n"                         /* 7 */
             "severity = 3\n"                             /* 8 */
             "pattern = абв(где\n"                        /* 9: missing ')' at the end, column 18 */
             "\n"                                         /* 10 */
             "[email.badseverity]\n"                      /* 11 */
             "category = email\n"                         /* 12 */
             "severity = 9\n"                             /* 13 */
             "pattern = x@y\n"                            /* 14 */
             "\n"                                         /* 15 */
             "[link.badkey]\n"                            /* 16 */
             "category = link\n"                          /* 17 */
             "severity = 2\n"                             /* 18 */
             "colour = red\n"                             /* 19 */
             "pattern = x\\.ru\n"                         /* 20 */
             "\n"                                         /* 21 */
             "[messenger.wrongprefix]\n"                  /* 22 */
             "category = phone\n"                         /* 23 */
             "severity = 2\n"                             /* 24 */
             "pattern = abc\n"                            /* 25 */
             "\n"                                         /* 26 */
             "[phone.upper]\n"                            /* 27 */
             "category = phone\n"                         /* 28 */
             "severity = 2\n"                             /* 29 */
             "pattern = тел ABC\n"                        /* 30: 'A' at column 15 */
             "\n"                                         /* 31 */
             "[phone.novalidator]\n"                      /* 32 */
             "category = phone\n"                         /* 33 */
             "severity = 2\n"                             /* 34 */
             "pattern = 1234567\n"                        /* 35 */
             "validate = nosuch\n"                        /* 36 */
             "\n"                                         /* 37 */
             "[phone.ok]\n"                               /* 38: duplicate */
             "category = phone\n"
             "severity = 1\n"
             "pattern = 12345\n");
    loaded l = load_dir(dir, "t");
    assert_int_equal(l.rc, CG_E_RULES);
    assert_null(l.e);
    assert_true(has_diag(&l, 9, 18, "missing closing parenthesis"));
    assert_true(has_diag(&l, 13, 12, "severity"));
    assert_true(has_diag(&l, 19, 1, "unknown key 'colour'"));
    assert_true(has_diag(&l, 22, 2, "rule id must be 'phone.<name>'"));
    assert_true(has_diag(&l, 30, 15, "cannot appear in a pattern"));
    assert_true(has_diag(&l, 36, 12, "unknown validator 'nosuch'"));
    assert_true(has_diag(&l, 38, 2, "duplicate rule id"));
    assert_int_equal(cg_diagnostics_count(l.d), 7);
    const cg_diagnostic *x = cg_diagnostics_get(l.d, 0);
    assert_non_null(strstr(x->file, "bad.rules"));
    drop(&l);
    tu_rmdir(dir);
}

static void test_lexicon_errors(void **s)
{
    (void)s;
    char *dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_write(dir, "a.rules",
             "[profanity.lex]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/words.txt\n\n"
             "[profanity.missing]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/nope.txt\n");
    tu_write(dir, "lexicons/words.txt", "# comment\nслово*\nпло*хо\n");
    loaded l = load_dir(dir, "t");
    assert_int_equal(l.rc, CG_E_RULES);
    assert_true(has_diag(&l, 3, 4, "'*' is allowed only at the start or end"));
    assert_true(has_diag(&l, 9, 11, "cannot read"));
    drop(&l);
    tu_rmdir(dir);
}

static void test_category_and_view_names(void **s)
{
    (void)s;
    char *dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_write(dir, "a.rules", "[emial.x]\ncategory = emial\nseverity = 1\nview = txt\npattern = x\n");
    loaded l = load_dir(dir, "t");
    assert_int_equal(l.rc, CG_E_RULES);
    assert_true(has_diag(&l, 2, 12, "unknown category 'emial'"));
    assert_true(has_diag(&l, 4, 8, "unknown view 'txt'"));
    drop(&l);
    tu_rmdir(dir);
}

static void test_profile_errors(void **s)
{
    (void)s;
    char *dir = tu_tmpdir();
    tu_write(dir, "a.rules", "[phone.x]\ncategory = phone\nseverity = 3\nview = digits\npattern = 9\\d{9}\n");
    tu_write(dir, "profiles/t.profile",
             "[profile]\nname = t\n\n[policy]\n"
             "phone seller * explode warning\n"          /* 5: bad action at column 16 */
             "phone seller * block warning>jail\n"       /* 6: bad sanction at column 30 */
             "phone buyer * block fine 100\n"            /* 7: buyers are never fined */
             "phone seller * block fine\n"               /* 8: fine without amount */
             "phone seller\n");                          /* 9: too few columns */
    loaded l = load_dir(dir, "t");
    assert_int_equal(l.rc, CG_E_RULES);
    assert_null(l.e);
    assert_true(has_diag(&l, 5, 16, "unknown action"));
    assert_true(has_diag(&l, 6, 30, "unknown sanction 'jail'"));
    assert_true(has_diag(&l, 7, 7, "only sellers can be fined"));
    assert_true(has_diag(&l, 8, 22, "needs the fine_rub column"));
    assert_true(has_diag(&l, 9, 1, "policy row needs"));
    drop(&l);
    l = load_dir(dir, "nosuch");
    assert_int_equal(l.rc, CG_E_NO_PROFILE);
    assert_null(l.e);
    drop(&l);
    l = load_dir(dir, "../etc");
    assert_int_equal(l.rc, CG_E_NO_PROFILE);
    drop(&l);
    tu_rmdir(dir);
}

static void test_missing_dir(void **s)
{
    (void)s;
    loaded l = load_dir("/nonexistent/rules", "wb");
    assert_int_not_equal(l.rc, CG_OK);
    assert_null(l.e);
    assert_true(cg_diagnostics_count(l.d) >= 1);
    drop(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rules_load),  cmocka_unit_test(test_every_bad_rule_reported),
        cmocka_unit_test(test_lexicon_errors),   cmocka_unit_test(test_category_and_view_names),
        cmocka_unit_test(test_profile_errors),   cmocka_unit_test(test_missing_dir),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
