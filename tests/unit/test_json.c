/* test_json.c — the JSONL reader and string writer of the CLI (src/cli/json.c). */
#include "testutil.h"

#include "../../src/cli/json.c"

static json_reader rd;

static int parse(const char *line, json_msg *m, char *err)
{
    return json_parse_message(&rd, line, strlen(line), m, err, 160);
}

static void test_all_fields(void **s)
{
    (void)s;
    json_msg m;
    char err[160];
    assert_int_equal(parse("{\"id\": {\"a\": [1, 2]}, \"text\": \"Привет\", \"role\": \"buyer\", "
                           "\"channel\": \"review_reply\", \"prior_violations\": 3, \"extra\": [true, null, -1.5e3]}",
                           &m, err),
                     0);
    assert_int_equal(m.id_len, strlen("{\"a\": [1, 2]}"));
    assert_memory_equal(m.id, "{\"a\": [1, 2]}", m.id_len);
    assert_int_equal(m.text_len, strlen("Привет"));
    assert_memory_equal(m.text, "Привет", m.text_len);
    assert_int_equal(m.ctx.role, CG_ROLE_BUYER);
    assert_int_equal(m.ctx.channel, CG_CHANNEL_REVIEW_REPLY);
    assert_int_equal(m.ctx.prior_violations, 3);
}

static void test_defaults_and_expect(void **s)
{
    (void)s;
    json_msg m;
    char err[160];
    assert_int_equal(parse("{\"text\":\"x\",\"expect\":[\"phone\",\"profanity\"]}", &m, err), 0);
    assert_null(m.id);
    assert_int_equal(m.ctx.role, CG_ROLE_SELLER);
    assert_int_equal(m.ctx.channel, CG_CHANNEL_CHAT);
    assert_true(m.has_expect);
    assert_int_equal(m.expect, (1u << CG_CAT_PHONE) | (1u << CG_CAT_PROFANITY));
}

static void test_escapes(void **s)
{
    (void)s;
    json_msg m;
    char err[160];
    assert_int_equal(parse("{\"text\":\"a\\u0000b\\n\\u0416\\ud83d\\ude00\\\"\\\\\\/\"}", &m, err), 0);
    const char want[] = "a\0b\n\xd0\x96\xf0\x9f\x98\x80\"\\/";
    assert_int_equal(m.text_len, sizeof want - 1);
    assert_memory_equal(m.text, want, sizeof want - 1);
    /* a lone surrogate becomes U+FFFD */
    assert_int_equal(parse("{\"text\":\"\\ud800x\"}", &m, err), 0);
    assert_memory_equal(m.text, "\xef\xbf\xbdx", 4);
}

static void test_errors(void **s)
{
    (void)s;
    json_msg m;
    char err[160];
    static const char *const bad[][2] = {
        {"{\"id\": 1}", "missing \"text\""},
        {"[1,2]", "expected a JSON object"},
        {"{\"text\": \"x\"} trailing", "trailing characters"},
        {"{\"text\": \"x\", \"role\": \"robot\"}", "unknown role"},
        {"{\"text\": \"x\", \"channel\": 5}", "channel"},
        {"{\"text\": \"x\", \"prior_violations\": -1}", "non-negative integer"},
        {"{\"text\": \"x\", \"prior_violations\": 1.5}", "non-negative integer"},
        {"{\"text\": 5}", "must be a string"},
        {"{\"text\": \"unterminated", "unterminated string"},
        {"{\"text\": \"bad \\q escape\"}", "bad escape"},
        {"{\"text\": \"tab\there\"}", "control character"},
        {"{\"text\": \"x\", \"expect\": [\"phones\"]}", "unknown category"},
        {"{\"text\" \"x\"}", "expected ':'"},
        {"", "expected a JSON object"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(bad[i][0], &m, err) == 0)
            fail_msg("accepted: %s", bad[i][0]);
        if (!strstr(err, bad[i][1]))
            fail_msg("%s: error \"%s\", want \"%s\"", bad[i][0], err, bad[i][1]);
    }
}

static void test_depth_limit(void **s)
{
    (void)s;
    char line[1000];
    size_t n = 0;
    n += (size_t)sprintf(line, "{\"text\":\"x\",\"deep\":");
    for (int i = 0; i < 200; i++)
        line[n++] = '[';
    for (int i = 0; i < 200; i++)
        line[n++] = ']';
    line[n++] = '}';
    line[n] = 0;
    json_msg m;
    char err[160];
    assert_int_not_equal(parse(line, &m, err), 0);
    assert_non_null(strstr(err, "nesting too deep"));
}

static void test_write_string(void **s)
{
    (void)s;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char in[] = "q\"b\\n\n\x01 Ж \xff\xc0\xaf end";
    json_write_string(f, in, sizeof in - 1);
    fclose(f);
    assert_string_equal(buf, "\"q\\\"b\\\\n\\n\\u0001 Ж \\ufffd\\ufffd\\ufffd end\"");
    free(buf);
}

static int teardown(void **s)
{
    (void)s;
    json_reader_free(&rd);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_fields), cmocka_unit_test(test_defaults_and_expect),
        cmocka_unit_test(test_escapes),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth_limit), cmocka_unit_test(test_write_string),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, teardown);
}
