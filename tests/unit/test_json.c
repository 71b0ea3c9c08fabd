/* test_json.c — the JSONL reader and the string writer of the CLI (src/cli/json.c, compiled into this
 * test: the library archive does not hold the CLI). */
#include "testutil.h"

#include "cli/json.h"

#include "../../src/cli/json.c"

static json_reader rd;
static char err[256];

/* Parse a NUL-terminated line. */
static int parse(const char *line, json_msg *m)
{
    err[0] = 0;
    return json_parse_message(&rd, line, strlen(line), m, err, sizeof err);
}

/* The line must parse; fails the test with the reader's error otherwise. */
static json_msg parse_ok(const char *line)
{
    json_msg m;
    if (parse(line, &m) != 0)
        fail_msg("rejected: %s\n  error: %s", line, err);
    assert_int_equal(m.has_text, 1);
    assert_non_null(m.text);
    assert_int_equal(m.text[m.text_len], 0); /* decoded text is NUL-terminated past its length */
    return m;
}

/* The line must be rejected with an error message containing `what`. */
static void parse_fails(const char *line, const char *what, int src)
{
    json_msg m;
    if (parse(line, &m) == 0)
        fail_msg("line %d: accepted: %s", src, line);
    if (!strstr(err, what))
        fail_msg("line %d: %s\n  error \"%s\", want \"%s\"", src, line, err, what);
}
#define PARSE_FAILS(line, what) parse_fails((line), (what), __LINE__)

/* ---- valid lines ------------------------------------------------------------------------------------ */

static void test_all_fields(void **s)
{
    (void)s;
    json_msg m = parse_ok("{\"id\": {\"a\": [1, 2]}, \"text\": \"Привет\", \"role\": \"buyer\", "
                          "\"channel\": \"review_reply\", \"prior_violations\": 3, "
                          "\"expect\": [\"phone\", \"profanity\"], \"conversation\": \"c-17\"}");
    assert_int_equal(m.id_len, strlen("{\"a\": [1, 2]}"));
    assert_memory_equal(m.id, "{\"a\": [1, 2]}", m.id_len); /* the raw JSON of any value */
    assert_int_equal(m.text_len, strlen("Привет"));
    assert_memory_equal(m.text, "Привет", m.text_len);
    assert_int_equal(m.ctx.role, CG_ROLE_BUYER);
    assert_int_equal(m.ctx.channel, CG_CHANNEL_REVIEW_REPLY);
    assert_int_equal(m.ctx.prior_violations, 3);
    assert_true(m.has_expect);
    assert_int_equal(m.expect, (1u << CG_CAT_PHONE) | (1u << CG_CAT_PROFANITY));
    assert_int_equal(m.conversation_len, strlen("\"c-17\""));
    assert_memory_equal(m.conversation, "\"c-17\"", m.conversation_len);
    /* every role and channel name */
    m = parse_ok("{\"text\":\"x\",\"role\":\"seller\",\"channel\":\"question_answer\"}");
    assert_int_equal(m.ctx.role, CG_ROLE_SELLER);
    assert_int_equal(m.ctx.channel, CG_CHANNEL_QUESTION_ANSWER);
    m = parse_ok("{\"channel\":\"chat\",\"text\":\"x\"}");
    assert_int_equal(m.ctx.channel, CG_CHANNEL_CHAT);
    /* id of other types */
    m = parse_ok("{\"id\": 42, \"text\": \"x\"}");
    assert_int_equal(m.id_len, 2);
    assert_memory_equal(m.id, "42", 2);
    m = parse_ok("{\"id\": \"m-1\", \"text\": \"x\"}");
    assert_memory_equal(m.id, "\"m-1\"", m.id_len);
    m = parse_ok("{\"text\": \"x\", \"id\": null}");
    assert_memory_equal(m.id, "null", m.id_len);
}

static void test_defaults_and_whitespace(void **s)
{
    (void)s;
    json_msg m = parse_ok("{\"text\":\"x\"}");
    assert_null(m.id);
    assert_null(m.conversation);
    assert_int_equal(m.ctx.role, CG_ROLE_SELLER);
    assert_int_equal(m.ctx.channel, CG_CHANNEL_CHAT);
    assert_int_equal(m.ctx.prior_violations, 0);
    assert_false(m.has_expect);
    assert_int_equal(m.expect, 0);
    m = parse_ok(" \t{ \"text\" : \"a b\" , \"prior_violations\" : 0 }\r\n");
    assert_int_equal(m.text_len, 3);
    assert_memory_equal(m.text, "a b", 3);
    m = parse_ok("{\"text\":\"\"}"); /* empty text */
    assert_int_equal(m.text_len, 0);
    m = parse_ok("{\"text\":\"x\",\"expect\":[]}");
    assert_true(m.has_expect);
    assert_int_equal(m.expect, 0);
    /* a later "text" replaces an earlier one */
    m = parse_ok("{\"text\":\"first\",\"text\":\"second\"}");
    assert_int_equal(m.text_len, 6);
    assert_memory_equal(m.text, "second", 6);
    /* the line need not be NUL-terminated: only len bytes are read */
    const char line[] = "{\"text\":\"abc\"}GARBAGE";
    assert_int_equal(json_parse_message(&rd, line, strlen("{\"text\":\"abc\"}"), &m, err, sizeof err), 0);
    assert_memory_equal(m.text, "abc", 3);
}

static void test_unicode_escapes(void **s)
{
    (void)s;
    json_msg m = parse_ok("{\"text\":\"\\u0416\\u0436 \\u20ac \\ud83d\\ude00 \\uD83D\\uDE00 \\u00e9\"}");
    const char want[] = "Жж € 😀 😀 é";
    assert_int_equal(m.text_len, sizeof want - 1);
    assert_memory_equal(m.text, want, sizeof want - 1);
    /* the highest code point, as a pair */
    m = parse_ok("{\"text\":\"\\udbff\\udfff\"}");
    assert_int_equal(m.text_len, 4);
    assert_memory_equal(m.text, "\xf4\x8f\xbf\xbf", 4);
    /* \u0000 inside the text is a NUL byte, and text_len counts it */
    m = parse_ok("{\"text\":\"a\\u0000b\\u0000\"}");
    assert_int_equal(m.text_len, 4);
    assert_memory_equal(m.text, "a\0b\0", 4);
    /* the simple escapes */
    m = parse_ok("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}");
    assert_int_equal(m.text_len, 8);
    assert_memory_equal(m.text, "\"\\/\b\f\n\r\t", 8);
    /* raw UTF-8 passes through unchanged, also bytes that are not valid UTF-8 */
    m = parse_ok("{\"text\":\"Привет 😀 \xff\"}");
    assert_memory_equal(m.text, "Привет 😀 \xff", m.text_len);
    /* lone surrogates cannot be UTF-8: each becomes U+FFFD, and what follows is kept */
    m = parse_ok("{\"text\":\"\\ud800x\"}");
    assert_int_equal(m.text_len, 4);
    assert_memory_equal(m.text, "\xef\xbf\xbdx", 4);
    m = parse_ok("{\"text\":\"\\udc00\"}");
    assert_memory_equal(m.text, "\xef\xbf\xbd", 3);
    m = parse_ok("{\"text\":\"\\ud800\\u0041\"}"); /* high surrogate, then not a low one */
    assert_int_equal(m.text_len, 4);
    assert_memory_equal(m.text, "\xef\xbf\xbd" "A", 4);
    m = parse_ok("{\"text\":\"\\ud800\\ud83d\\ude00\"}"); /* a lone high one, then a pair */
    assert_int_equal(m.text_len, 7);
    assert_memory_equal(m.text, "\xef\xbf\xbd\xf0\x9f\x98\x80", 7);
    m = parse_ok("{\"text\":\"\\ud800\"}"); /* at the end */
    assert_memory_equal(m.text, "\xef\xbf\xbd", 3);
    /* escapes in member names count: this is "text" */
    m = parse_ok("{\"t\\u0065xt\":\"yes\"}");
    assert_memory_equal(m.text, "yes", 3);
    /* bad escapes */
    PARSE_FAILS("{\"text\":\"\\u12G4\"}", "bad \\u escape");
    PARSE_FAILS("{\"text\":\"\\u12\"}", "bad \\u escape");
    PARSE_FAILS("{\"text\":\"\\q\"}", "bad escape");
    PARSE_FAILS("{\"text\":\"\\x41\"}", "bad escape");
    PARSE_FAILS("{\"text\":\"\\U0041\"}", "bad escape");
}

static void test_unknown_members_skipped(void **s)
{
    (void)s;
    json_msg m = parse_ok("{\"extra\": [true, false, null, -1.5e3, 0, 0.25, 1E+2, \"s\\\"t\\u0041\", {}, [], "
                          "{\"a\": {\"b\": [1, {\"c\": null}]}}], \"text\": \"ok\", \"more\": {\"x\": \"y\"}, "
                          "\"n\": -0, \"e\": 1e-7}");
    assert_int_equal(m.text_len, 2);
    assert_memory_equal(m.text, "ok", 2);
    /* a "text" inside another member is not the message's */
    m = parse_ok("{\"meta\": {\"text\": \"no\", \"role\": \"buyer\"}, \"text\": \"yes\"}");
    assert_memory_equal(m.text, "yes", 3);
    assert_int_equal(m.ctx.role, CG_ROLE_SELLER);
    m = parse_ok("{\"text\": \"yes\", \"meta\": [{\"text\": \"no\"}]}");
    assert_memory_equal(m.text, "yes", 3);
    /* names that only look like ours */
    m = parse_ok("{\"Text\": 5, \"texts\": [], \"text \": 1, \"text\": \"real\", "
                 "\"a_very_long_member_name_that_is_longer_than_any_of_ours\": 1}");
    assert_memory_equal(m.text, "real", 4);
    /* skipped members must still be well-formed */
    PARSE_FAILS("{\"text\":\"x\",\"a\":[1,]}", "bad number");
    PARSE_FAILS("{\"text\":\"x\",\"a\":{\"b\":1,}}", "expected a member name");
    PARSE_FAILS("{\"text\":\"x\",\"a\":tru}", "unexpected character");
    PARSE_FAILS("{\"text\":\"x\",\"a\":nul}", "unexpected character");
    PARSE_FAILS("{\"text\":\"x\",\"a\":01}", "expected ',' or '}'");
    PARSE_FAILS("{\"text\":\"x\",\"a\":1.}", "bad number");
    PARSE_FAILS("{\"text\":\"x\",\"a\":-}", "bad number");
    PARSE_FAILS("{\"text\":\"x\",\"a\":+1}", "bad number");
    PARSE_FAILS("{\"text\":\"x\",\"a\":1e}", "bad number");
    PARSE_FAILS("{\"text\":\"x\",\"a\":[1 2]}", "expected ',' or ']'");
    PARSE_FAILS("{\"text\":\"x\",\"a\":{\"b\" 1}}", "expected ':'");
    PARSE_FAILS("{\"text\":\"x\",\"a\":\"tab\there\"}", "control character");
    PARSE_FAILS("{\"text\":\"x\",\"a\":[1, 2", "expected ',' or ']'");
    PARSE_FAILS("{\"text\":\"x\",\"a\":", "unexpected end of line");
}

/* ---- errors ----------------------------------------------------------------------------------------- */

static void test_missing_text(void **s)
{
    (void)s;
    PARSE_FAILS("{\"id\": 1}", "missing \"text\"");
    PARSE_FAILS("{}", "missing \"text\"");
    PARSE_FAILS("{\"meta\": {\"text\": \"nested\"}}", "missing \"text\"");
    PARSE_FAILS("{\"text\": 5}", "\"text\" must be a string");
    PARSE_FAILS("{\"text\": null}", "\"text\" must be a string");
    PARSE_FAILS("{\"text\": [\"x\"]}", "\"text\" must be a string");
}

static void test_bad_role_and_channel(void **s)
{
    (void)s;
    PARSE_FAILS("{\"text\": \"x\", \"role\": \"robot\"}", "unknown role 'robot'");
    PARSE_FAILS("{\"text\": \"x\", \"role\": \"Seller\"}", "unknown role 'Seller'");
    PARSE_FAILS("{\"text\": \"x\", \"role\": \"\"}", "unknown role ''");
    PARSE_FAILS("{\"text\": \"x\", \"role\": 1}", "role");
    PARSE_FAILS("{\"text\": \"x\", \"role\": null}", "role");
    PARSE_FAILS("{\"text\": \"x\", \"channel\": \"sms\"}", "unknown channel 'sms'");
    PARSE_FAILS("{\"text\": \"x\", \"channel\": 5}", "channel");
    PARSE_FAILS("{\"text\": \"x\", \"expect\": [\"phones\"]}", "unknown category 'phones'");
    PARSE_FAILS("{\"text\": \"x\", \"expect\": \"phone\"}", "\"expect\" must be an array");
    PARSE_FAILS("{\"text\": \"x\", \"expect\": [1]}", "category");
    PARSE_FAILS("{\"text\": \"x\", \"expect\": [\"phone\",", "unterminated array");
    PARSE_FAILS("{\"text\": \"x\", \"expect\": [\"phone\"", "expected ',' or ']'");
    /* an over-long bad name is cut in the message, which stays within the buffer */
    char line[400];
    snprintf(line, sizeof line, "{\"text\": \"x\", \"role\": \"%0200d\"}", 7);
    PARSE_FAILS(line, "unknown role '0000");
    assert_true(strlen(err) < 100);
}

static void test_trailing_garbage(void **s)
{
    (void)s;
    PARSE_FAILS("{\"text\": \"x\"} trailing", "trailing characters");
    PARSE_FAILS("{\"text\": \"x\"}}", "trailing characters");
    PARSE_FAILS("{\"text\": \"x\"},", "trailing characters");
    PARSE_FAILS("{\"text\": \"x\"}{\"text\": \"y\"}", "trailing characters");
    PARSE_FAILS("{\"text\": \"x\"} 0", "trailing characters");
    /* the byte position is reported (1-based) */
    PARSE_FAILS("{\"text\": \"x\"} trailing", "at byte 15");
}

static void test_malformed_lines(void **s)
{
    (void)s;
    PARSE_FAILS("", "expected a JSON object");
    PARSE_FAILS("   ", "expected a JSON object");
    PARSE_FAILS("[1,2]", "expected a JSON object");
    PARSE_FAILS("\"text\"", "expected a JSON object");
    PARSE_FAILS("{\"text\": \"unterminated", "unterminated string");
    PARSE_FAILS("{\"text\": \"ends in a backslash\\", "unterminated string");
    PARSE_FAILS("{\"text\" \"x\"}", "expected ':'");
    PARSE_FAILS("{\"text\": \"x\" \"id\": 1}", "expected ',' or '}'");
    PARSE_FAILS("{\"text\": \"x\",}", "expected a member name");
    PARSE_FAILS("{,\"text\": \"x\"}", "expected a member name");
    PARSE_FAILS("{text: \"x\"}", "expected a member name");
    PARSE_FAILS("{\"text\": \"x\"", "expected ',' or '}'");
    PARSE_FAILS("{\"text\": \"new\nline\"}", "control character");
    PARSE_FAILS("{\"text\": \"nul\0byte\"}", "unterminated string"); /* strlen stops at the NUL */
    /* a raw NUL inside the line (len covers it) is a control character */
    const char withnul[] = "{\"text\": \"a\0b\"}";
    json_msg m;
    assert_int_not_equal(json_parse_message(&rd, withnul, sizeof withnul - 1, &m, err, sizeof err), 0);
    assert_non_null(strstr(err, "control character"));
    /* a tiny error buffer is not overrun */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    assert_int_not_equal(json_parse_message(&rd, "[", 1, &m, tiny, 5), 0);
    assert_int_equal(tiny[4], 0);
    assert_int_equal(tiny[5], 'x');
}

static void test_nesting_depth_limit(void **s)
{
    (void)s;
    /* nested containers in a skipped member: 64 levels are fine, 65 are too deep */
    static char line[600000];
    for (int depth = 63; depth <= 66; depth++) {
        for (int kind = 0; kind < 2; kind++) {
            size_t n = (size_t)sprintf(line, "{\"text\":\"x\",\"deep\":");
            for (int i = 0; i < depth; i++)
                n += (size_t)sprintf(line + n, "%s", kind ? "{\"a\":" : "[");
            line[n++] = '1';
            for (int i = 0; i < depth; i++)
                line[n++] = kind ? '}' : ']';
            line[n++] = '}';
            line[n] = 0;
            json_msg m;
            int rc = parse(line, &m);
            if (depth <= 64 && rc != 0)
                fail_msg("depth %d (%s) rejected: %s", depth, kind ? "objects" : "arrays", err);
            if (depth > 64) {
                assert_int_not_equal(rc, 0);
                assert_non_null(strstr(err, "nesting too deep"));
            }
        }
    }
    /* a hostile line: very deep nesting is refused without exhausting the stack */
    size_t n = (size_t)sprintf(line, "{\"text\":\"x\",\"deep\":");
    while (n < sizeof line - 2)
        line[n++] = '[';
    line[n] = 0;
    json_msg m;
    assert_int_not_equal(parse(line, &m), 0);
    assert_non_null(strstr(err, "nesting too deep"));
}

static void test_prior_violations_integer(void **s)
{
    (void)s;
    json_msg m = parse_ok("{\"text\":\"x\",\"prior_violations\":0}");
    assert_int_equal(m.ctx.prior_violations, 0);
    m = parse_ok("{\"text\":\"x\",\"prior_violations\":17}");
    assert_int_equal(m.ctx.prior_violations, 17);
    m = parse_ok("{\"text\":\"x\",\"prior_violations\":1000000}");
    assert_int_equal(m.ctx.prior_violations, 1000000);
    static const char *const bad[] = {"-1", "1.5", "2.0", "1e3", "1E3", "\"3\"", "true", "null", "[1]", "-0", "+1",
                                      ".5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char line[128];
        snprintf(line, sizeof line, "{\"text\":\"x\",\"prior_violations\":%s}", bad[i]);
        PARSE_FAILS(line, "\"prior_violations\" must be a non-negative integer");
    }
    PARSE_FAILS("{\"text\":\"x\",\"prior_violations\":1000001}", "\"prior_violations\" is too large");
    PARSE_FAILS("{\"text\":\"x\",\"prior_violations\":99999999999999999999999}", "\"prior_violations\" is too large");
}

/* The reader's buffer grows for long texts and is reused from line to line. */
static void test_reader_reuse_and_long_text(void **s)
{
    (void)s;
    size_t big = 200000;
    char *line = malloc(big + 64);
    assert_non_null(line);
    size_t n = (size_t)sprintf(line, "{\"text\":\"");
    for (size_t i = 0; i < big; i++)
        line[n++] = (char)('a' + i % 26);
    n += (size_t)sprintf(line + n, "\\u0416\"}");
    json_msg m;
    assert_int_equal(json_parse_message(&rd, line, n, &m, err, sizeof err), 0);
    assert_int_equal(m.text_len, big + 2);
    assert_int_equal(m.text[0], 'a');
    assert_int_equal(m.text[big - 1], (char)('a' + (big - 1) % 26));
    assert_memory_equal(m.text + big, "Ж", 2);
    free(line);
    for (int i = 0; i < 100; i++) {
        char l[64];
        snprintf(l, sizeof l, "{\"id\":%d,\"text\":\"m%d\"}", i, i);
        m = parse_ok(l);
        char want[16];
        snprintf(want, sizeof want, "m%d", i);
        assert_int_equal(m.text_len, strlen(want));
        assert_memory_equal(m.text, want, m.text_len);
    }
}

/* ---- writing strings -------------------------------------------------------------------------------- */

/* json_write_string(s[0..len)) as a NUL-terminated string (malloc'd). */
static char *written(const char *str, size_t len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    json_write_string(f, str, len);
    assert_int_equal(fclose(f), 0);
    return buf;
}

#define WRITES(lit, want)                                                                                          \
    do {                                                                                                       \
        char *got_ = written((lit), sizeof(lit) - 1);                                                          \
        if (strcmp(got_, (want)) != 0)                                                                         \
            fail_msg("line %d: wrote %s, want %s", __LINE__, got_, (want));                                    \
        free(got_);                                                                                            \
    } while (0)

static void test_write_string_escapes(void **s)
{
    (void)s;
    WRITES("", "\"\"");
    WRITES("plain text", "\"plain text\"");
    WRITES("say \"hi\"", "\"say \\\"hi\\\"\"");
    WRITES("back\\slash", "\"back\\\\slash\"");
    WRITES("a/b", "\"a/b\"");
    WRITES("n\nr\rt\t", "\"n\\nr\\rt\\t\"");
    WRITES("\x01\x08\x0c\x1f\x7f", "\"\\u0001\\u0008\\u000c\\u001f\\u007f\"");
    WRITES("a\0b", "\"a\\u0000b\"");
    /* valid UTF-8 is copied as it is */
    WRITES("Жж € 😀 \xf4\x8f\xbf\xbf \xed\x9f\xbf \xee\x80\x80", "\"Жж € 😀 \xf4\x8f\xbf\xbf \xed\x9f\xbf \xee\x80\x80\"");
}

static void test_write_string_invalid_utf8(void **s)
{
    (void)s;
    WRITES("\xff", "\"\\ufffd\"");
    WRITES("\x80", "\"\\ufffd\"");                              /* lone continuation byte */
    WRITES("\xc0\xaf", "\"\\ufffd\\ufffd\"");                   /* overlong '/' */
    WRITES("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");        /* overlong, three bytes */
    WRITES("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");        /* surrogate */
    WRITES("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* past U+10FFFF */
    WRITES("\xf0\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* overlong, four bytes */
    WRITES("\xf5\x80", "\"\\ufffd\\ufffd\"");
    WRITES("ok\xe2\x82", "\"ok\\ufffd\\ufffd\"");               /* truncated at the end */
    WRITES("\xe2\x82x", "\"\\ufffd\\ufffdx\"");              /* truncated before an ASCII byte */
    WRITES("\xd0\xd0\x96", "\"\\ufffdЖ\"");                     /* a bad byte, then a good letter */
    WRITES("q\"b\\n\n\x01 Ж \xff\xc0\xaf end", "\"q\\\"b\\\\n\\n\\u0001 Ж \\ufffd\\ufffd\\ufffd end\"");
}

/* What is written reads back as the same bytes (for valid UTF-8, NUL and control characters included). */
static void test_write_then_read(void **s)
{
    (void)s;
    static const char src[] = "Привет, \"мир\"\\ \n\t\x01\x7f 😀 € a\0b /end";
    char *lit = written(src, sizeof src - 1);
    size_t ll = strlen(lit);
    char *line = malloc(ll + 16);
    assert_non_null(line);
    sprintf(line, "{\"text\":%s}", lit);
    json_msg m = parse_ok(line);
    assert_int_equal(m.text_len, sizeof src - 1);
    assert_memory_equal(m.text, src, sizeof src - 1);
    free(line);
    free(lit);
    /* invalid bytes read back as U+FFFD each */
    lit = written("a\xff" "b", 3);
    line = malloc(strlen(lit) + 16);
    assert_non_null(line);
    sprintf(line, "{\"text\":%s}", lit);
    m = parse_ok(line);
    assert_int_equal(m.text_len, 5);
    assert_memory_equal(m.text, "a\xef\xbf\xbd" "b", 5);
    free(line);
    free(lit);
}

/* ---- regressions: each of these was accepted by an earlier version ---------------------------------- */

/* The "expect" array takes no trailing comma ("expect": ["phone",]), like every other array. */
static void test_expect_trailing_comma(void **s)
{
    (void)s;
    PARSE_FAILS("{\"text\":\"x\",\"expect\":[\"phone\",]}", "expected");
}

/* A member name with an escaped NUL is not one of ours: {"text\u0000": "x"} is not the message text and
 * {"role\u0000x": "buyer"} not the role; both are skipped like any unknown member. */
static void test_member_name_with_nul(void **s)
{
    (void)s;
    PARSE_FAILS("{\"text\\u0000\":\"x\"}", "missing \"text\"");
    json_msg m = parse_ok("{\"text\":\"x\",\"role\\u0000x\":\"buyer\"}");
    assert_int_equal(m.ctx.role, CG_ROLE_SELLER);
}

/* "prior_violations": 01 is refused: JSON numbers have no leading zeros. */
static void test_prior_violations_leading_zero(void **s)
{
    (void)s;
    PARSE_FAILS("{\"text\":\"x\",\"prior_violations\":01}", "prior_violations");
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
        cmocka_unit_test(test_all_fields),
        cmocka_unit_test(test_defaults_and_whitespace),
        cmocka_unit_test(test_unicode_escapes),
        cmocka_unit_test(test_unknown_members_skipped),
        cmocka_unit_test(test_missing_text),
        cmocka_unit_test(test_bad_role_and_channel),
        cmocka_unit_test(test_trailing_garbage),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_nesting_depth_limit),
        cmocka_unit_test(test_prior_violations_integer),
        cmocka_unit_test(test_reader_reuse_and_long_text),
        cmocka_unit_test(test_write_string_escapes),
        cmocka_unit_test(test_write_string_invalid_utf8),
        cmocka_unit_test(test_write_then_read),
        cmocka_unit_test(test_expect_trailing_comma),
        cmocka_unit_test(test_member_name_with_nul),
        cmocka_unit_test(test_prior_violations_leading_zero),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, teardown);
}
