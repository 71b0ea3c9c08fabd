/* test_rules.c — rule, lexicon and profile files through the public cg_engine_load(), on temporary rule
 * directories: every problem is reported with file, line and column (columns count code points), a rule
 * set with any error gives no engine, and one load reports every bad rule once.
 *
 * Expected lines and columns are computed from the file contents with locate() (the line and the code
 * point column of a marker string), so each case states the character a diagnostic must point at. */
#include "testutil.h"

/* A minimal valid rule, to sit beside the rule under test. */
#define GOOD_RULE "[phone.good]\ncategory = phone\nseverity = 3\nview = digits\npattern = 9\\d{9}\n"

/* The temporary directory of the running test, removed by the teardown if an assertion left it behind. */
static char *g_dir;

static int remove_g_dir(void **s)
{
    (void)s;
    if (g_dir)
        tu_rmdir(g_dir);
    g_dir = NULL;
    return 0;
}

/* ---- helpers ---------------------------------------------------------------------------------------- */

/* Line and column (1-based, code points) of the cp_off-th character after the start of the n-th (1-based)
 * occurrence of needle in content. */
static void locate_nth(const char *content, const char *needle, int n, unsigned cp_off, unsigned *line,
                       unsigned *col)
{
    const char *at = content;
    for (int k = 0; k < n; k++, at++) {
        at = strstr(at, needle);
        if (!at)
            fail_msg("locate: \"%s\" (occurrence %d) not in the test file", needle, n);
    }
    at--;
    /* skip cp_off code points */
    for (unsigned k = 0; k < cp_off; k++) {
        assert_true(*at != 0);
        at++;
        while (((unsigned char)*at & 0xC0) == 0x80)
            at++;
    }
    unsigned ln = 1, c = 1;
    for (const char *p = content; p < at; p++) {
        if (*p == '\n') {
            ln++;
            c = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = ln;
    *col = c;
}

static void locate(const char *content, const char *needle, unsigned cp_off, unsigned *line, unsigned *col)
{
    locate_nth(content, needle, 1, cp_off, line, col);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* How many diagnostics are in a file ending with `file`, at line:col (col 0 = any), with `what` in the
 * message? */
static size_t count_diag(const tu_load *l, const char *file, unsigned line, unsigned col, const char *what)
{
    size_t n = 0;
    for (size_t i = 0; i < cg_diagnostics_count(l->d); i++) {
        const cg_diagnostic *x = cg_diagnostics_get(l->d, i);
        if (ends_with(x->file, file) && x->line == line && (col == 0 || x->column == col) && strstr(x->message, what))
            n++;
    }
    return n;
}

/* Exactly one such diagnostic; prints them all otherwise. */
static void expect_diag(const tu_load *l, const char *file, unsigned line, unsigned col, const char *what, int src)
{
    size_t n = count_diag(l, file, line, col, what);
    if (n != 1) {
        fprintf(stderr, "want one diagnostic %s:%u:%u \"%s\", have %zu among:\n", file, line, col, what, n);
        tu_print_diags(l->d);
        fail_msg("line %d: diagnostic %s:%u:%u \"%s\"", src, file, line, col, what);
    }
}
#define EXPECT_DIAG(l, file, line, col, what) expect_diag((l), (file), (line), (col), (what), __LINE__)

static void expect_count(const tu_load *l, size_t n, int src)
{
    if (cg_diagnostics_count(l->d) != n) {
        tu_print_diags(l->d);
        fail_msg("line %d: %zu diagnostics, want %zu", src, cg_diagnostics_count(l->d), n);
    }
}
#define EXPECT_COUNT(l, n) expect_count((l), (n), __LINE__)

/* A failed load: CG_E_RULES (or `rc`), no engine, some diagnostics. */
static void expect_failed(const tu_load *l, int rc)
{
    if (l->rc != rc) {
        tu_print_diags(l->d);
        fail_msg("cg_engine_load returned %d (%s), want %d", l->rc, cg_strerror(l->rc), rc);
    }
    assert_null(l->e);
    assert_non_null(l->d);
    assert_true(cg_diagnostics_count(l->d) >= 1);
}

/* Load a directory with profile t and the rule file a.rules = rules (plus extra files). */
static tu_load load_rules(const char *rules, const tu_file *extra)
{
    char *dir = g_dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_write(dir, "a.rules", rules);
    for (const tu_file *f = extra; f && f->name; f++)
        tu_write(dir, f->name, f->content);
    tu_load l = tu_load_dir(dir, "t");
    tu_rmdir(dir);
    g_dir = NULL;
    return l;
}

/* Load a directory made of `files` with profile t; the directory is removed before returning. */
static tu_load load_files(const tu_file *files)
{
    char *dir = g_dir = tu_rules_tmpdir(files);
    tu_load l = tu_load_dir(dir, "t");
    tu_rmdir(dir);
    g_dir = NULL;
    return l;
}

/* One bad rule (beside a good one): exactly one diagnostic, in a.rules, at the `cp_off`-th character after
 * `marker`, with `what` in its message and the rule's id. */
static void one_bad_rule(const char *rule, const char *marker, unsigned cp_off, const char *what, const char *id)
{
    char content[2048];
    snprintf(content, sizeof content, "%s\n%s", GOOD_RULE, rule);
    unsigned line, col;
    locate(rule, marker, cp_off, &line, &col);
    line += 6; /* the five lines of GOOD_RULE and an empty one come first */
    tu_load l = load_rules(content, NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/a.rules", line, col, what);
    assert_string_equal(cg_diagnostics_get(l.d, 0)->rule, id);
    tu_load_free(&l);
}

/* ---- a valid rule set ------------------------------------------------------------------------------- */

static void test_valid_rules_load(void **s)
{
    (void)s;
    tu_file extra[] = {{"lexicons/words.txt", "# comment\n\nслово\nслов*\n*слово\n*сло*\n!словарь\n"}, {NULL, NULL}};
    tu_load l = load_rules(GOOD_RULE "\n"
                           "[profanity.lex]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/words.txt\n",
                           extra);
    if (l.rc != CG_OK)
        tu_print_diags(l.d);
    assert_int_equal(l.rc, CG_OK);
    assert_non_null(l.e);
    assert_null(l.d); /* no diagnostics object on success */
    assert_int_equal(cg_engine_rule_count(l.e), 2);
    cg_rule_info ri;
    assert_int_equal(cg_engine_rule_info(l.e, 0, &ri), CG_OK);
    assert_string_equal(ri.id, "phone.good");
    assert_int_equal(ri.category, CG_CAT_PHONE);
    assert_int_equal(ri.severity, 3);
    assert_string_equal(ri.view, "digits");
    assert_int_equal(ri.line, 1);
    assert_true(ends_with(ri.file, "/a.rules"));
    assert_int_equal(cg_engine_rule_info(l.e, 1, &ri), CG_OK);
    assert_string_equal(ri.id, "profanity.lex");
    assert_string_equal(ri.view, "text"); /* the default */
    assert_int_equal(ri.line, 7);
    assert_int_equal(cg_engine_rule_info(l.e, 2, &ri), CG_E_INVALID_ARG);
    /* the rules work: the lexicon rule finds its words, the exception holds */
    cg_scanner *sc;
    assert_int_equal(cg_scanner_new(&sc), CG_OK);
    cg_result r = tu_check_as(l.e, sc, "одно слово тут", CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
    assert_true(tu_has(&r, CG_CAT_PROFANITY));
    r = tu_check_as(l.e, sc, "толковый словарь", CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
    assert_false(tu_has(&r, CG_CAT_PROFANITY));
    r = tu_check_as(l.e, sc, "звоните 9161234567", CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
    assert_true(tu_has(&r, CG_CAT_PHONE));
    cg_scanner_free(sc);
    tu_load_free(&l);
}

/* ---- one bad rule at a time ------------------------------------------------------------------------- */

static void test_unknown_key(void **s)
{
    (void)s;
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 3\ncolour = red\npattern = 9\\d{9}\n", "colour", 0,
                 "unknown key 'colour'", "phone.x");
    /* indented: the column is the key's */
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 3\n   patern = 9\\d{9}\npattern = 9\\d{9}\n", "patern", 0,
                 "unknown key 'patern'", "phone.x");
}

static void test_bad_severity(void **s)
{
    (void)s;
    static const char *const bad[] = {"0", "6", "9", "-1", "x", "3.5", "3 4", "1e1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char rule[256];
        snprintf(rule, sizeof rule, "[email.x]\ncategory = email\nseverity = %s\npattern = x@y\n", bad[i]);
        one_bad_rule(rule, "severity = ", strlen("severity = "), "severity must be an integer 1..5", "email.x");
    }
    /* the bounds themselves are fine */
    tu_load l = load_rules("[email.a]\ncategory = email\nseverity = 1\npattern = x@y\n\n"
                           "[email.b]\ncategory = email\nseverity = 5\npattern = y@z\n",
                           NULL);
    assert_int_equal(l.rc, CG_OK);
    tu_load_free(&l);
}

static void test_unknown_category(void **s)
{
    (void)s;
    one_bad_rule("[emial.x]\ncategory = emial\nseverity = 2\npattern = x@y\n", "emial\n", 0,
                 "unknown category 'emial'", "emial.x");
    one_bad_rule("[phone.x]\ncategory = Phone\nseverity = 2\npattern = 123\n", "Phone", 0,
                 "unknown category 'Phone'", "phone.x");
}

static void test_id_not_prefixed_by_category(void **s)
{
    (void)s;
    /* reported on the section header, at the id (column 2, after '[') */
    one_bad_rule("[messenger.x]\ncategory = phone\nseverity = 2\npattern = abc\n", "[messenger.x]", 1,
                 "rule id must be 'phone.<name>'", "messenger.x");
    one_bad_rule("[phones.x]\ncategory = phone\nseverity = 2\npattern = abc\n", "[phones.x]", 1,
                 "rule id must be 'phone.<name>'", "phones.x");
    one_bad_rule("[phone]\ncategory = phone\nseverity = 2\npattern = abc\n", "[phone]", 1,
                 "rule id must be 'phone.<name>'", "phone");
    one_bad_rule("[phone.]\ncategory = phone\nseverity = 2\npattern = abc\n", "[phone.]", 1,
                 "rule id must be 'phone.<name>'", "phone.");
}

/* A pattern syntax error points at the bad character: PCRE2's offset is in the translated pattern (each
 * Russian letter is four bytes "\xHH" there), and the column counts code points of the source line. */
static void test_pattern_syntax_error_column(void **s)
{
    (void)s;
    static const struct {
        const char *line;   /* the pattern line as written */
        const char *marker; /* where the error is: this string's first character ... */
        unsigned off;       /* ... plus this many code points */
        const char *what;
    } cases[] = {
        {"pattern = ab)c", "ab)c", 2, "unmatched closing parenthesis"},
        {"pattern = абв)где", "абв)", 3, "unmatched closing parenthesis"},
        {"pattern = ё)", "ё)", 1, "unmatched closing parenthesis"},
        {"pattern = тест**", "тест**", 5, "quantifier does not follow a repeatable item"},
        {"pattern = абв(где", "абв(где", 7, "missing closing parenthesis"}, /* one past the end */
        {"pattern = жж[аб", "жж[аб", 5, "missing terminating ]"},
        {"pattern = (?<hit>тг))", "(?<hit>тг))", 10, "unmatched closing parenthesis"},
        {"   pattern = эюя)", "эюя)", 3, "unmatched closing parenthesis"}, /* indented */
        {"pattern\t=\tабв)", "абв)", 3, "unmatched closing parenthesis"},   /* tabs count as one column */
        {"pattern = \\d{3}щ)", "щ)", 1, "unmatched closing parenthesis"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rule[256];
        snprintf(rule, sizeof rule, "[phone.x]\ncategory = phone\nseverity = 3\n%s\n", cases[i].line);
        one_bad_rule(rule, cases[i].marker, cases[i].off, cases[i].what, "phone.x");
    }
}

/* A pattern that includes a list ({{name}}) is compiled after the list is expanded; the column of a
 * syntax error is mapped back to the pattern as written: with lists/x.txt = "ru\ncom", the ')' of
 * "pattern = a{{x}}b)" is column 18 (not 23, its column in the expanded text). */
static void test_pattern_column_after_list(void **s)
{
    (void)s;
    tu_file extra[] = {{"lists/x.txt", "ru\ncom\n"}, {NULL, NULL}};
    const char *rules = "[link.x]\ncategory = link\nseverity = 3\npattern = a{{x}}b)\n";
    unsigned line, col;
    locate(rules, "b)", 1, &line, &col);
    assert_int_equal(col, 18);
    tu_load l = load_rules(rules, extra);
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/a.rules", line, col, "unmatched closing parenthesis");
    tu_load_free(&l);
}

/* A pattern that compiles but can match nothing at all is refused too (at the pattern's column). */
static void test_pattern_matching_empty(void **s)
{
    (void)s;
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 3\npattern = (?:абв)?\n", "(?:", 0,
                 "pattern can match an empty string", "phone.x");
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 3\npattern = \\d*\n", "\\d*", 0,
                 "pattern can match an empty string", "phone.x");
}

/* The other keys with a closed set of values: one diagnostic at the value. */
static void test_other_bad_values(void **s)
{
    (void)s;
    static const struct {
        const char *line, *value, *what;
    } cases[] = {
        {"view = txt", "txt", "unknown view 'txt'"},
        {"bounds = wide", "wide", "unknown bounds 'wide'"},
        {"role = admin", "admin", "role must be seller, buyer or any"},
        {"channel = forum", "forum", "unknown channel 'forum'"},
        {"span = line", "line", "span must be 'match' or 'word'"},
        {"context_window = 30", "30", "context_window must be N or BEFORE:AFTER"},
        {"context_window = 2:x", "2:x", "context_window must be N or BEFORE:AFTER"},
        {"not_context_window = 0:0", "0:0", "not_context_window must be N or BEFORE:AFTER"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char rule[256];
        snprintf(rule, sizeof rule, "[spam.x]\ncategory = spam\nseverity = 1\n%s\npattern = спам\n", cases[i].line);
        char marker[64];
        snprintf(marker, sizeof marker, "= %s", cases[i].value);
        one_bad_rule(rule, marker, 2, cases[i].what, "spam.x");
    }
}

/* "channel = ..." takes several channels; a bad one is reported at its own column. */
static void test_channel_key(void **s)
{
    (void)s;
    one_bad_rule("[spam.x]\ncategory = spam\nseverity = 1\nchannel = chat Review_reply\npattern = спам\n", "Review_reply",
                 0, "unknown channel 'Review_reply'", "spam.x");
    tu_load l = load_rules(GOOD_RULE "\n[spam.y]\ncategory = spam\nseverity = 1\nchannel = chat question_answer\npattern = спам\n"
                                     "\n[spam.z]\ncategory = spam\nseverity = 1\nchannel = any\npattern = спам\n",
                           NULL);
    if (l.rc != CG_OK)
        tu_print_diags(l.d);
    assert_int_equal(l.rc, CG_OK);
    size_t n = cg_engine_rule_count(l.e);
    unsigned y = 0, z = 0;
    for (size_t i = 0; i < n; i++) {
        cg_rule_info ri;
        assert_int_equal(cg_engine_rule_info(l.e, i, &ri), CG_OK);
        if (strcmp(ri.id, "spam.y") == 0)
            y = cg_engine_rule_channels(l.e, i);
        if (strcmp(ri.id, "spam.z") == 0)
            z = cg_engine_rule_channels(l.e, i);
    }
    assert_int_equal(y, (1u << CG_CHANNEL_CHAT) | (1u << CG_CHANNEL_QUESTION_ANSWER));
    assert_int_equal(z, (1u << CG_CHANNEL_COUNT) - 1);
    assert_int_equal(cg_engine_rule_channels(l.e, n), 0);
    assert_int_equal(cg_engine_rule_channels(NULL, 0), 0);
    tu_load_free(&l);
}

static void test_missing_lexicon_file(void **s)
{
    (void)s;
    one_bad_rule("[profanity.x]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/nope.txt\n",
                 "lexicons/nope.txt", 0, "cannot read", "profanity.x");
    /* a path out of the rules directory is refused before any read (the count is in
     * test_rejected_value_reported_once) */
    tu_load l = load_rules("[profanity.x]\ncategory = profanity\nseverity = 5\nlexicon = ../etc/passwd\n", NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/a.rules", 4, 11, "without '..'");
    tu_load_free(&l);
}

static void test_bad_lexicon_entry(void **s)
{
    (void)s;
    const char *lex = "# words\nслово*\n  пло*хо\nхорошо\n*\n*сл*ово*\n";
    tu_file extra[] = {{"lexicons/words.txt", lex}, {NULL, NULL}};
    tu_load l = load_rules(GOOD_RULE "\n[profanity.lex]\ncategory = profanity\nseverity = 5\n"
                                     "lexicon = lexicons/words.txt\n",
                           extra);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 3);
    unsigned line, col;
    /* the diagnostics name the lexicon file, its line, and the column of the stray '*' */
    locate(lex, "пло*", 3, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 6);
    EXPECT_DIAG(&l, "/lexicons/words.txt", line, col, "'*' is allowed only at the start or end");
    locate(lex, "*сл*", 3, &line, &col);
    EXPECT_DIAG(&l, "/lexicons/words.txt", line, col, "'*' is allowed only at the start or end");
    EXPECT_DIAG(&l, "/lexicons/words.txt", 5, 1, "empty entry");
    for (size_t i = 0; i < cg_diagnostics_count(l.d); i++)
        assert_string_equal(cg_diagnostics_get(l.d, i)->rule, "profanity.lex");
    tu_load_free(&l);
}

static void test_duplicate_id(void **s)
{
    (void)s;
    /* in one file: reported at the second definition, naming the first */
    const char *rules = GOOD_RULE "\n[phone.good]\ncategory = phone\nseverity = 1\npattern = 12345\n";
    unsigned line, col;
    locate_nth(rules, "[phone.good]", 2, 1, &line, &col);
    tu_load l = load_rules(rules, NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/a.rules", line, col, "duplicate rule id");
    assert_non_null(strstr(cg_diagnostics_get(l.d, 0)->message, "a.rules:1)"));
    tu_load_free(&l);
    /* across files (loaded in name order: a.rules first) */
    tu_file extra[] = {{"b.rules", "# b\n[phone.good]\ncategory = phone\nseverity = 1\npattern = 54321\n"}, {NULL, NULL}};
    l = load_rules(GOOD_RULE, extra);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/b.rules", 2, 2, "duplicate rule id");
    assert_non_null(strstr(cg_diagnostics_get(l.d, 0)->message, "a.rules:1"));
    tu_load_free(&l);
}

static void test_unknown_validator(void **s)
{
    (void)s;
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = 1234567\nvalidate = nosuch\n", "nosuch", 0,
                 "unknown validator 'nosuch'", "phone.x");
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = 1234567\nvalidate = Phone\n", "Phone", 0,
                 "unknown validator 'Phone'", "phone.x");
}

static void test_upper_case_literal(void **s)
{
    (void)s;
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = тел ABC\n", "ABC", 0,
                 "cannot appear in a pattern", "phone.x");
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = [a-zA-Z]+\n", "A-Z", 0,
                 "cannot appear in a pattern", "phone.x");
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = ёжQ\n", "Q", 0, "cannot appear in a pattern",
                 "phone.x");
    /* Latin with a diacritic cannot be written either (it would silently become ASCII) */
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 2\npattern = абвé\n", "é", 0, "cannot appear in a pattern",
                 "phone.x");
    /* upper-case escapes are not literals: they load */
    tu_load l = load_rules("[phone.x]\ncategory = phone\nseverity = 2\npattern = \\d\\D\\s\\S\\w\\W[\\D]x\\b\n", NULL);
    if (l.rc != CG_OK)
        tu_print_diags(l.d);
    assert_int_equal(l.rc, CG_OK);
    tu_load_free(&l);
}

/* ---- many bad rules in one load --------------------------------------------------------------------- */

/* One file, many bad rules, one mistake each: one diagnostic per bad rule, at its line, and no engine. */
static void test_several_bad_rules_in_one_file(void **s)
{
    (void)s;
    const char *rules = GOOD_RULE "\n"
                        "[phone.badsyntax]\ncategory = phone\nseverity = 3\npattern = абв(где\n\n"
                        "[email.badseverity]\ncategory = email\nseverity = 9\npattern = x@y\n\n"
                        "[link.badkey]\ncategory = link\nseverity = 2\ncolour = red\npattern = x\\.ru\n\n"
                        "[messenger.wrongprefix]\ncategory = phone\nseverity = 2\npattern = abc\n\n"
                        "[ads.badcategory]\ncategory = adverts\nseverity = 2\npattern = купи\n\n"
                        "[phone.upper]\ncategory = phone\nseverity = 2\npattern = тел ABC\n\n"
                        "[phone.novalidator]\ncategory = phone\nseverity = 2\npattern = 1234567\nvalidate = nosuch\n\n"
                        "[profanity.nolexicon]\ncategory = profanity\nseverity = 5\nlexicon = lexicons/none.txt\n\n"
                        "[spam.ok]\ncategory = spam\nseverity = 1\npattern = спам\n\n"
                        "[phone.good]\ncategory = phone\nseverity = 1\npattern = 12345\n\n"
                        "[insult.badview]\ncategory = insult\nseverity = 2\nview = txt\npattern = дурак\n";
    static const struct {
        const char *marker;
        int nth;
        unsigned off;
        const char *what;
    } want[] = {
        {"абв(где", 1, 7, "missing closing parenthesis"},
        {"severity = 9", 1, 11, "severity must be"},
        {"colour", 1, 0, "unknown key 'colour'"},
        {"[messenger.wrongprefix]", 1, 1, "rule id must be 'phone.<name>'"},
        {"adverts", 1, 0, "unknown category 'adverts'"},
        {"ABC", 1, 0, "cannot appear in a pattern"},
        {"nosuch", 1, 0, "unknown validator 'nosuch'"},
        {"lexicons/none.txt", 1, 0, "cannot read"},
        {"[phone.good]", 2, 1, "duplicate rule id"},
        {"= txt", 1, 2, "unknown view 'txt'"},
    };
    size_t n = sizeof want / sizeof want[0];
    tu_load l = load_rules(rules, NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, n);
    unsigned lines[16];
    for (size_t i = 0; i < n; i++) {
        unsigned col;
        locate_nth(rules, want[i].marker, want[i].nth, want[i].off, &lines[i], &col);
        EXPECT_DIAG(&l, "/a.rules", lines[i], col, want[i].what);
    }
    /* every diagnostic is on a different line: one per bad rule */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_int_not_equal(lines[i], lines[j]);
    tu_load_free(&l);
}

/* Bad rules in several files and a bad profile: all reported by one load. */
static void test_errors_in_several_files_and_profile(void **s)
{
    (void)s;
    char *dir = g_dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", "[profile]\nname = t\n\n[policy]\nphone seller * block jail\n");
    tu_write(dir, "a.rules", "[phone.a]\ncategory = phone\nseverity = 0\npattern = 1\n");
    tu_write(dir, "b.rules", GOOD_RULE "\n[email.b]\ncategory = email\nseverity = 2\npattern = (x\n");
    tu_write(dir, "c.rules.bak", "this is not a rule file and is not read\n");
    tu_load l = tu_load_dir(dir, "t");
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 3);
    EXPECT_DIAG(&l, "/profiles/t.profile", 5, 22, "unknown sanction 'jail'");
    EXPECT_DIAG(&l, "/a.rules", 3, 12, "severity");
    EXPECT_DIAG(&l, "/b.rules", 10, 13, "missing closing parenthesis");
    tu_load_free(&l);
    tu_rmdir(dir);
    g_dir = NULL;
}

static void test_no_rule_files(void **s)
{
    (void)s;
    char *dir = g_dir = tu_tmpdir();
    tu_write(dir, "profiles/t.profile", TU_PROFILE);
    tu_load l = tu_load_dir(dir, "t");
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "", 0, 0, "no *.rules files");
    tu_load_free(&l);
    tu_rmdir(dir);
    g_dir = NULL;
    l = tu_load_dir("/nonexistent/chatguard-rules", "t");
    assert_int_not_equal(l.rc, CG_OK);
    assert_null(l.e);
    assert_true(cg_diagnostics_count(l.d) >= 1);
    tu_load_free(&l);
}

/* A key written with an empty or refused value gets one diagnostic, at the value: the section is not
 * also told that it lacks the key ("rule has no 'severity'", "rule needs a 'pattern' or a 'lexicon'"). */
static void test_rejected_value_reported_once(void **s)
{
    (void)s;
    one_bad_rule("[phone.x]\ncategory = phone\nseverity =\npattern = 9\\d{9}\n", "severity =", 10, "has no value",
                 "phone.x");
    one_bad_rule("[phone.x]\ncategory =\nseverity = 3\npattern = 9\\d{9}\n", "category =", 10, "has no value",
                 "phone.x");
    one_bad_rule("[phone.x]\ncategory = phone\nseverity = 3\npattern =\n", "pattern =", 9, "has no value",
                 "phone.x");
    one_bad_rule("[profanity.x]\ncategory = profanity\nseverity = 5\nlexicon = ../etc/passwd\n", "../etc", 0,
                 "without '..'", "profanity.x");
}

/* Invalid UTF-8 in a "context_follow" value, in a line of a validator's list (lists/tlds.txt) and in an
 * allow_domains entry of a profile is reported where it stands (an earlier version failed the load with
 * no diagnostic at all). */
static void test_invalid_utf8_diagnosed(void **s)
{
    (void)s;
    /* context_follow */
    tu_load l = load_rules("[phone.x]\ncategory = phone\nseverity = 3\npattern = 9\\d{9}\ncontext_follow = :\xff\n", NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/a.rules", 5, 0, "");
    tu_load_free(&l);
    /* a list a validator reads */
    tu_file lists[] = {{"lists/tlds.txt", "ru\nc\xffom\n"}, {NULL, NULL}};
    l = load_rules("[link.x]\ncategory = link\nseverity = 3\npattern = [a-z]+\\.[a-z]+\nvalidate = domain\n", lists);
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/lists/tlds.txt", 2, 0, "");
    tu_load_free(&l);
    /* allow_domains */
    tu_file files[] = {{"profiles/t.profile", "[profile]\nname = t\nallow_domains = a.ru b\xff.ru\n\n[policy]\n"
                                              "* * * block warning\n"},
                       {"a.rules", GOOD_RULE},
                       {NULL, NULL}};
    l = load_files(files);
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/profiles/t.profile", 3, 0, "");
    tu_load_free(&l);
}

/* ---- profiles --------------------------------------------------------------------------------------- */

/* A second "context_follow" in one rule is refused at its line, whatever its value; a bad value in
 * between used to leave the first one freed but still referenced, and the next "context_follow" freed
 * it again (found by fuzz_rules). */
static void test_context_follow_twice(void **s)
{
    (void)s;
    const char *rule = "[phone.x]\ncategory = phone\nseverity = 3\npattern = 9\\d{9}\n"
                       "context_follow = :@\ncontext_follow = :\xff\ncontext_follow = +\n";
    char content[512];
    snprintf(content, sizeof content, "%s\n%s", GOOD_RULE, rule);
    tu_load l = load_rules(content, NULL);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 2);
    EXPECT_DIAG(&l, "/a.rules", 12, 1, "second 'context_follow'");
    EXPECT_DIAG(&l, "/a.rules", 13, 1, "second 'context_follow'");
    tu_load_free(&l);
}

/* allow_domains takes any number of domains on its line: the 70th is read like the first (an earlier
 * version read 64 and dropped the rest without a word), so a bad one there is reported. */
static void test_allow_domains_unbounded(void **s)
{
    (void)s;
    char profile[2048] = "[profile]\nname = t\nallow_domains =";
    for (int i = 1; i < 70; i++)
        snprintf(profile + strlen(profile), sizeof profile - strlen(profile), " d%d.ru", i);
    strcat(profile, " \xff.ru\n\n[policy]\n* * * block warning\n");
    tu_file files[] = {{"profiles/t.profile", profile}, {"a.rules", GOOD_RULE}, {NULL, NULL}};
    tu_load l = load_files(files);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    unsigned line, col;
    locate(profile, "\xff", 0, &line, &col);
    EXPECT_DIAG(&l, "/profiles/t.profile", line, col, "not valid UTF-8");
    tu_load_free(&l);
}

/* A profile with one policy row under test (beside a valid rule set): exactly one diagnostic in the
 * profile, at the cp_off-th character after marker. */
static void one_bad_row(const char *row, const char *marker, unsigned cp_off, const char *what)
{
    char profile[512];
    snprintf(profile, sizeof profile, "[profile]\nname = t\n\n[policy]\nphone seller * block warning\n%s\n", row);
    unsigned line, col;
    locate(profile, marker, cp_off, &line, &col);
    tu_file files[] = {{"profiles/t.profile", profile}, {"a.rules", GOOD_RULE}, {NULL, NULL}};
    tu_load l = load_files(files);
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/profiles/t.profile", line, col, what);
    tu_load_free(&l);
}

static void test_profile_unknown_action(void **s)
{
    (void)s;
    one_bad_row("email seller * explode warning", "explode", 0, "unknown action 'explode'");
    one_bad_row("email seller * Block warning", "Block", 0, "unknown action 'Block'");
}

static void test_profile_unknown_sanction(void **s)
{
    (void)s;
    one_bad_row("email seller * block jail", "jail", 0, "unknown sanction 'jail'");
    /* in a ladder: the column of the bad step */
    one_bad_row("email seller * block warning>jail>disconnect", "jail", 0, "unknown sanction 'jail'");
    one_bad_row("email seller * block >warning", ">warning", 0, "unknown sanction ''");
}

static void test_profile_fine_for_buyer(void **s)
{
    (void)s;
    one_bad_row("email buyer * mask fine 100", "buyer", 0, "only sellers can be fined");
    one_bad_row("email buyer * block warning>fine 100", "buyer", 0, "only sellers can be fined");
    one_bad_row("email * * block fine 100", "* * block", 0, "only sellers can be fined"); /* '*' includes buyers */
}

static void test_profile_fine_without_fine_rub(void **s)
{
    (void)s;
    one_bad_row("email seller * block fine", "fine", 0, "needs the fine_rub column");
    one_bad_row("email seller * block warning>fine>disconnect", "warning>fine", 0, "needs the fine_rub column");
}

static void test_profile_other_row_errors(void **s)
{
    (void)s;
    one_bad_row("email seller * block warning 100", "100", 0, "fine_rub given but the ladder has no 'fine'");
    one_bad_row("email seller * block fine 0", "fine 0", 5, "fine_rub must be a positive whole number");
    one_bad_row("email seller * block fine 12x", "12x", 0, "fine_rub must be a positive whole number");
    one_bad_row("emial seller * block warning", "emial", 0, "unknown category 'emial'");
    one_bad_row("email robot * block warning", "robot", 0, "unknown role 'robot'");
    one_bad_row("email seller sms block warning", "sms", 0, "unknown channel 'sms'");
    one_bad_row("email seller", "email seller", 0, "policy row needs");
    one_bad_row("email seller * block fine 100 extra", "email seller * block fine 100", 0, "policy row needs");
    one_bad_row("email seller * block warning>warning>warning>warning>warning>warning>disconnect", "disconnect", 0,
                "longer than 6 steps");
}

/* A valid profile row of each kind loads, and the values reach the verdicts. */
static void test_profile_valid_rows(void **s)
{
    (void)s;
    tu_file files[] = {
        {"profiles/t.profile", "# a comment\n[profile]\nname = t\ndescription = test profile\n"
                               "allow_domains = example.ru\n\n[policy]\n"
                               "* * * allow none\n"
                               "phone seller * block warning>fine>disconnect 700\n"
                               "phone buyer chat mask none\n"
                               "phone buyer review_reply review warning\n"},
        {"a.rules", GOOD_RULE},
        {NULL, NULL}};
    cg_engine *e = tu_engine_from(files, "t");
    cg_scanner *sc;
    assert_int_equal(cg_scanner_new(&sc), CG_OK);
    const char *t = "пишите 9161234567";
    cg_result r = tu_check_as(e, sc, t, CG_ROLE_SELLER, CG_CHANNEL_CHAT, 0);
    assert_int_equal(r.action, CG_ACTION_BLOCK);
    assert_int_equal(r.sanction, CG_SANCTION_WARNING);
    r = tu_check_as(e, sc, t, CG_ROLE_SELLER, CG_CHANNEL_CHAT, 1);
    assert_int_equal(r.sanction, CG_SANCTION_FINE);
    assert_int_equal(r.fine_rub, 700);
    r = tu_check_as(e, sc, t, CG_ROLE_SELLER, CG_CHANNEL_CHAT, 2);
    assert_int_equal(r.sanction, CG_SANCTION_DISCONNECT);
    assert_int_equal(r.fine_rub, 0);
    r = tu_check_as(e, sc, t, CG_ROLE_BUYER, CG_CHANNEL_CHAT, 0);
    assert_int_equal(r.action, CG_ACTION_MASK);
    r = tu_check_as(e, sc, t, CG_ROLE_BUYER, CG_CHANNEL_REVIEW_REPLY, 0);
    assert_int_equal(r.action, CG_ACTION_REVIEW);
    assert_int_equal(r.sanction, CG_SANCTION_WARNING);
    r = tu_check_as(e, sc, t, CG_ROLE_BUYER, CG_CHANNEL_QUESTION_ANSWER, 0);
    assert_int_equal(r.action, CG_ACTION_ALLOW);
    cg_engine_info info;
    assert_int_equal(cg_engine_get_info(e, &info), CG_OK);
    assert_string_equal(info.profile, "t");
    cg_scanner_free(sc);
    cg_engine_unref(e);
}

/* A ladder with an empty step is an error wherever the step is, also a trailing '>' ("warning>"). */
static void test_ladder_trailing_gt(void **s)
{
    (void)s;
    char profile[] = "[profile]\nname = t\n\n[policy]\nemail seller * block warning>\n";
    tu_file files[] = {{"profiles/t.profile", profile}, {"a.rules", GOOD_RULE}, {NULL, NULL}};
    tu_load l = load_files(files);
    assert_int_equal(l.rc, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/profiles/t.profile", 5, 0, "sanction");
    tu_load_free(&l);
}

/* A ladder of more than 6 steps whose 7th step is 'fine', with the fine_rub column, gets one diagnostic,
 * not also a false "fine_rub given but the ladder has no 'fine'". */
static void test_long_ladder_one_diagnostic(void **s)
{
    (void)s;
    one_bad_row("email seller * block warning>warning>warning>warning>warning>warning>fine 5", "fine 5", 0,
                "longer than 6 steps");
}

/* A NUL byte in a profile is an error, as in rule files: read as a C string it would silently drop the
 * policy rows after it ("phone * * block warning" here) and let their messages through. */
static void test_profile_nul_byte_rejected(void **s)
{
    (void)s;
    char *dir = g_dir = tu_tmpdir();
    tu_write(dir, "a.rules", GOOD_RULE);
    static const char profile[] = "[profile]\nname = t\n\n[policy]\n\0\nphone * * block warning\n";
    char path[600];
    snprintf(path, sizeof path, "%s/profiles/t.profile", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(profile, 1, sizeof profile - 1, f), sizeof profile - 1);
    assert_int_equal(fclose(f), 0);
    tu_load l = tu_load_dir(dir, "t");
    tu_rmdir(dir);
    g_dir = NULL;
    expect_failed(&l, CG_E_RULES);
    tu_load_free(&l);
}

static void test_profile_header_errors(void **s)
{
    (void)s;
    /* the name must match the file name */
    tu_file files[] = {{"profiles/t.profile", "[profile]\nname = other\n\n[policy]\n* * * block warning\n"},
                       {"a.rules", GOOD_RULE},
                       {NULL, NULL}};
    char *dir = g_dir = tu_rules_tmpdir(files);
    tu_load l = tu_load_dir(dir, "t");
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 1);
    EXPECT_DIAG(&l, "/profiles/t.profile", 2, 8, "does not match its file name");
    tu_load_free(&l);
    /* unknown keys and sections, lines outside a section */
    tu_write(dir, "profiles/u.profile",
             "stray line\n[profile]\nname = u\ncolour = red\n[rules]\n[policy]\n* * * block warning\n");
    l = tu_load_dir(dir, "u");
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 3);
    EXPECT_DIAG(&l, "/profiles/u.profile", 1, 1, "outside a [profile] or [policy] section");
    EXPECT_DIAG(&l, "/profiles/u.profile", 4, 1, "unknown profile key 'colour'");
    EXPECT_DIAG(&l, "/profiles/u.profile", 5, 1, "unknown section '[rules]'");
    tu_load_free(&l);
    /* marketplace names must be words or stems */
    tu_write(dir, "profiles/m.profile", "[profile]\nname = m\nmarketplace_names = озон* o*z wb.ru\n[policy]\n* * * block warning\n");
    l = tu_load_dir(dir, "m");
    expect_failed(&l, CG_E_RULES);
    EXPECT_COUNT(&l, 2);
    EXPECT_DIAG(&l, "/profiles/m.profile", 3, 27, "marketplace name 'o*z' must be one word");
    EXPECT_DIAG(&l, "/profiles/m.profile", 3, 31, "marketplace name 'wb.ru' must be one word");
    tu_load_free(&l);
    /* no name at all */
    tu_write(dir, "profiles/v.profile", "[policy]\n* * * block warning\n");
    l = tu_load_dir(dir, "v");
    expect_failed(&l, CG_E_RULES);
    EXPECT_DIAG(&l, "/profiles/v.profile", 0, 0, "has no 'name'");
    tu_load_free(&l);
    tu_rmdir(dir);
    g_dir = NULL;
}

static void test_missing_profile(void **s)
{
    (void)s;
    tu_file files[] = {{"profiles/t.profile", TU_PROFILE}, {"a.rules", GOOD_RULE}, {NULL, NULL}};
    char *dir = g_dir = tu_rules_tmpdir(files);
    tu_load l = tu_load_dir(dir, "nosuch");
    expect_failed(&l, CG_E_NO_PROFILE);
    EXPECT_DIAG(&l, "/profiles/nosuch.profile", 0, 0, "cannot read profile 'nosuch'");
    tu_load_free(&l);
    /* NULL means "wb", which this directory does not have */
    l = tu_load_dir(dir, NULL);
    expect_failed(&l, CG_E_NO_PROFILE);
    tu_load_free(&l);
    /* names that could leave the profiles directory, or are not names */
    static const char *const bad[] = {"../etc", "t/../t", "", "T", "t.profile", "a b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        l = tu_load_dir(dir, bad[i]);
        if (l.rc != CG_E_NO_PROFILE)
            fail_msg("profile \"%s\": %d", bad[i], l.rc);
        assert_null(l.e);
        tu_load_free(&l);
    }
    /* rule errors are still reported when the profile is missing */
    tu_write(dir, "b.rules", "[phone.b]\ncategory = phone\nseverity = 7\npattern = 1\n");
    l = tu_load_dir(dir, "nosuch");
    expect_failed(&l, CG_E_NO_PROFILE);
    EXPECT_DIAG(&l, "/b.rules", 3, 12, "severity");
    tu_load_free(&l);
    tu_rmdir(dir);
    g_dir = NULL;
}

/* ---- the diagnostics object ------------------------------------------------------------------------ */

static void test_diagnostics_api(void **s)
{
    (void)s;
    assert_int_equal(cg_diagnostics_count(NULL), 0);
    assert_null(cg_diagnostics_get(NULL, 0));
    cg_diagnostics_free(NULL);
    tu_load l = load_rules("[phone.x]\ncategory = phone\nseverity = 0\npattern = 1\n", NULL);
    expect_failed(&l, CG_E_RULES);
    assert_int_equal(cg_diagnostics_count(l.d), 1);
    const cg_diagnostic *x = cg_diagnostics_get(l.d, 0);
    assert_non_null(x);
    assert_non_null(x->file);
    assert_non_null(x->rule);
    assert_non_null(x->message);
    assert_null(cg_diagnostics_get(l.d, 1));
    assert_null(cg_diagnostics_get(l.d, (size_t)-1));
    tu_load_free(&l);
    /* without diag_out the load still fails cleanly */
    tu_file files[] = {{"profiles/t.profile", TU_PROFILE}, {"a.rules", "[x]\n"}, {NULL, NULL}};
    char *dir = g_dir = tu_rules_tmpdir(files);
    cg_engine *e = (cg_engine *)&l; /* any non-NULL value: a failed load must set it to NULL */
    assert_int_equal(cg_engine_load(dir, "t", NULL, &e, NULL), CG_E_RULES);
    assert_null(e);
    tu_rmdir(dir);
    g_dir = NULL;
}

#define T(f) cmocka_unit_test_teardown(f, remove_g_dir)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_valid_rules_load),
        T(test_unknown_key),
        T(test_bad_severity),
        T(test_unknown_category),
        T(test_id_not_prefixed_by_category),
        T(test_pattern_syntax_error_column),
        T(test_pattern_column_after_list),
        T(test_pattern_matching_empty),
        T(test_other_bad_values),
        T(test_missing_lexicon_file),
        T(test_bad_lexicon_entry),
        T(test_duplicate_id),
        T(test_unknown_validator),
        T(test_channel_key),
        T(test_upper_case_literal),
        T(test_several_bad_rules_in_one_file),
        T(test_errors_in_several_files_and_profile),
        T(test_no_rule_files),
        T(test_rejected_value_reported_once),
        T(test_invalid_utf8_diagnosed),
        T(test_context_follow_twice),
        T(test_allow_domains_unbounded),
        T(test_profile_unknown_action),
        T(test_profile_unknown_sanction),
        T(test_profile_fine_for_buyer),
        T(test_profile_fine_without_fine_rub),
        T(test_profile_other_row_errors),
        T(test_profile_valid_rows),
        T(test_ladder_trailing_gt),
        T(test_long_ladder_one_diagnostic),
        T(test_profile_nul_byte_rejected),
        T(test_profile_header_errors),
        T(test_missing_profile),
        T(test_diagnostics_api),
    };
    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
