/* test_normalize.c — the normalizer: the text, digits and contact views (and a little of the letters
 * view), their maps back to the original bytes, invalid UTF-8 and NUL bytes, homoglyph folding.
 *
 * Expected views are written in UTF-8 and turned into the internal alphabet by ib(), a translator of this
 * file (not the library's): ASCII stays, а..я become 0xE0..0xFF. Class bytes are written as C escapes. */
#include "testutil.h"

#include "internal.h"

static cg_views views;

/* ---- helpers ---------------------------------------------------------------------------------------- */

/* UTF-8 (lower-case ASCII and а..я only) → internal alphabet. Returns one of a ring of static buffers. */
static const char *ib(const char *utf8)
{
    static char ring[8][512];
    static unsigned next;
    char *out = ring[next++ % 8];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)utf8; *p; p++) {
        assert_true(n + 1 < sizeof ring[0]);
        if (*p < 0x80) {
            assert_false(*p >= 'A' && *p <= 'Z'); /* views are lower case: write expectations so */
            out[n++] = (char)*p;
        } else if (p[0] == 0xD0 && p[1] >= 0xB0 && p[1] <= 0xBF) { /* а..п */
            out[n++] = (char)(0xE0 + (p[1] - 0xB0));
            p++;
        } else if (p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x8F) { /* р..я */
            out[n++] = (char)(0xF0 + (p[1] - 0x80));
            p++;
        } else {
            fail_msg("ib(): \"%s\" holds a character outside a-z and а-я", utf8);
        }
    }
    out[n] = 0;
    return out;
}

/* A view as readable UTF-8 (for failure messages). */
static const char *render(const uint8_t *b, size_t len)
{
    static char out[2048];
    size_t n = 0;
    for (size_t i = 0; i < len && n + 5 < sizeof out; i++) {
        char u[4];
        size_t k = cg_alpha_to_utf8(b[i], u);
        memcpy(out + n, u, k);
        n += k;
    }
    out[n] = 0;
    return out;
}

static void normalize_n(const char *text, size_t len)
{
    int rc = cg_normalize(&views, text, len, 0);
    if (rc != CG_OK)
        fail_msg("cg_normalize(\"%s\") = %d", text, rc);
}

static const cg_view *view_of(const char *text, int v)
{
    normalize_n(text, strlen(text));
    return &views.v[v];
}

/* View v of text must be exactly want[0..want_len). */
static void check_view(const char *text, size_t len, int v, const char *want, size_t want_len, int line)
{
    normalize_n(text, len);
    const cg_view *w = &views.v[v];
    if (w->len != want_len || memcmp(w->b, want, want_len) != 0) {
        char have[2048];
        snprintf(have, sizeof have, "%s", render(w->b, w->len));
        fail_msg("line %d: %s view of \"%s\" is \"%s\" (%zu), want \"%s\" (%zu)", line, cg_view_name((unsigned)v),
                 text, have, w->len, render((const uint8_t *)want, want_len), want_len);
    }
    assert_int_equal(w->b[w->len], 0); /* b[len] == 0 */
}

/* The view of a NUL-terminated text, expected in UTF-8 (through ib). */
#define VIEW_IS(text, v, want_utf8)                                                                                \
    do {                                                                                                       \
        const char *want_ = ib(want_utf8);                                                                     \
        check_view((text), strlen(text), (v), want_, strlen(want_), __LINE__);                                 \
    } while (0)

/* The view of a text, expected as raw bytes of the internal alphabet (a string literal). */
#define VIEW_BYTES(text, len, v, want_lit) check_view((text), (len), (v), (want_lit), sizeof(want_lit) - 1, __LINE__)

/* Character i of view v (of the last message) came from original bytes [os, oe). */
static void map_is(int v, size_t i, uint32_t os, uint32_t oe, int line)
{
    const cg_view *w = &views.v[v];
    if (i >= w->len)
        fail_msg("line %d: %s view has %zu characters, no %zu", line, cg_view_name((unsigned)v), w->len, i);
    if (w->os[i] != os || w->oe[i] != oe)
        fail_msg("line %d: %s view character %zu maps to [%u,%u), want [%u,%u)", line, cg_view_name((unsigned)v), i,
                 w->os[i], w->oe[i], os, oe);
}
#define MAP_IS(v, i, os, oe) map_is((v), (i), (os), (oe), __LINE__)

/* ---- the internal alphabet -------------------------------------------------------------------------- */

static void test_alphabet_bytes(void **s)
{
    (void)s;
    /* а = 0xE0 ... я = 0xFF, upper case folded, ё → е */
    VIEW_BYTES("а", strlen("а"), CG_VIEW_TEXT, "\xe0");
    VIEW_BYTES("я", strlen("я"), CG_VIEW_TEXT, "\xff");
    VIEW_BYTES("АЯ", strlen("АЯ"), CG_VIEW_TEXT, "\xe0\xff");
    VIEW_BYTES("ёЁе", strlen("ёЁе"), CG_VIEW_TEXT, "\xe5\xe5\xe5");
    VIEW_BYTES("й", strlen("й"), CG_VIEW_TEXT, "\xe9");
    VIEW_BYTES("ъыьэюя", strlen("ъыьэюя"), CG_VIEW_TEXT, "\xfa\xfb\xfc\xfd\xfe\xff");
    /* every Russian letter, upper and lower case, is one byte of its class */
    for (int k = 0; k < 32; k++) {
        unsigned lo = 0x430u + (unsigned)k, up = 0x410u + (unsigned)k;
        char t[5] = {(char)(0xC0 | (lo >> 6)), (char)(0x80 | (lo & 0x3F)), (char)(0xC0 | (up >> 6)),
                     (char)(0x80 | (up & 0x3F)), 0};
        const cg_view *w = view_of(t, CG_VIEW_TEXT);
        assert_int_equal(w->len, 2);
        assert_int_equal(w->b[0], 0xE0 + k);
        assert_int_equal(w->b[1], 0xE0 + k);
        assert_true(cg_char_class[w->b[0]] & CG_CLS_CYR);
        assert_true(cg_char_class[w->b[0]] & CG_CLS_WORD);
        /* and the explain API prints it back as the lower-case letter */
        char u[4];
        assert_int_equal(cg_alpha_to_utf8(w->b[0], u), 2);
        assert_memory_equal(u, t, 2);
    }
    /* other scripts, symbols and emoji are the three class bytes */
    VIEW_BYTES("α", strlen("α"), CG_VIEW_TEXT, "\x80");
    VIEW_BYTES("§", strlen("§"), CG_VIEW_TEXT, "\x81");
    VIEW_BYTES("😀", strlen("😀"), CG_VIEW_TEXT, "\x82");
}

/* ---- the text view ---------------------------------------------------------------------------------- */

static void test_text_ascii_case_folding(void **s)
{
    (void)s;
    VIEW_IS("HeLLo WORLD", CG_VIEW_TEXT, "hello world");
    VIEW_IS("ABCXYZ abcxyz 0123456789 !?.,@#", CG_VIEW_TEXT, "abcxyz abcxyz 0123456789 !?.,@#");
    VIEW_IS("Ivan.Petrov@Mail.RU", CG_VIEW_TEXT, "ivan.petrov@mail.ru");
}

static void test_text_cyrillic_case_folding_and_yo(void **s)
{
    (void)s;
    VIEW_IS("ПРИВЕТ, Мир", CG_VIEW_TEXT, "привет, мир");
    VIEW_IS("Ёжик ёлка ЕЛЬ", CG_VIEW_TEXT, "ежик елка ель");
    VIEW_IS("ЪЫЬЭЮЯ", CG_VIEW_TEXT, "ъыьэюя");
    /* the map: one view character per two-byte letter */
    view_of("Ёж", CG_VIEW_TEXT);
    MAP_IS(CG_VIEW_TEXT, 0, 0, 2);
    MAP_IS(CG_VIEW_TEXT, 1, 2, 4);
}

static void test_text_nfkc_digits(void **s)
{
    (void)s;
    VIEW_IS("８９１６", CG_VIEW_TEXT, "8916");           /* fullwidth */
    VIEW_IS("ＡＢＣ", CG_VIEW_TEXT, "abc");              /* fullwidth Latin */
    VIEW_IS("𝟴𝟵𝟭𝟲", CG_VIEW_TEXT, "8916");           /* mathematical bold */
    VIEW_IS("𝟘𝟙𝟚", CG_VIEW_TEXT, "012");              /* mathematical double-struck */
    VIEW_IS("𝟪𝟫", CG_VIEW_TEXT, "89");                 /* mathematical sans-serif */
    VIEW_IS("①②③", CG_VIEW_TEXT, "123");              /* circled */
    VIEW_IS("x²³", CG_VIEW_TEXT, "x23");               /* superscript */
    VIEW_IS("₁₂", CG_VIEW_TEXT, "12");                 /* subscript */
    /* each digit maps to its whole original character */
    view_of("８𝟵", CG_VIEW_TEXT);
    MAP_IS(CG_VIEW_TEXT, 0, 0, 3);
    MAP_IS(CG_VIEW_TEXT, 1, 3, 7);
    /* an expansion: every character it makes maps to the one it came from */
    view_of("aﬁ", CG_VIEW_TEXT);
    assert_string_equal((const char *)views.v[CG_VIEW_TEXT].b, "afi");
    MAP_IS(CG_VIEW_TEXT, 1, 1, 4);
    MAP_IS(CG_VIEW_TEXT, 2, 1, 4);
}

static void test_text_dots_and_circled_digits(void **s)
{
    (void)s;
    VIEW_IS("mail。ru t｡me", CG_VIEW_TEXT, "mail.ru t.me");        /* ideographic full stops are stops */
    VIEW_IS("sumki·ru 8•916∙123", CG_VIEW_TEXT, "sumki.ru 8.916.123"); /* a middle dot between two words */
    /* ... but not as decoration between spaced words: a dot there would join them into a domain */
    VIEW_BYTES("sale · shop", strlen("sale · shop"), CG_VIEW_TEXT, "sale \x81 shop");
    VIEW_BYTES("·ru", strlen("·ru"), CG_VIEW_TEXT, "\x81ru");
    VIEW_IS("⓼⓽⓵", CG_VIEW_TEXT, "891");                              /* double circled */
    VIEW_IS("\xf0\x9f\x84\x8b⓿", CG_VIEW_TEXT, "00");                 /* dingbat circled zeros */
}

static void test_text_keycaps(void **s)
{
    (void)s;
    const char *k8 = "8\xef\xb8\x8f\xe2\x83\xa3"; /* 8 + VS16 + combining enclosing keycap */
    VIEW_IS(k8, CG_VIEW_TEXT, "8");
    MAP_IS(CG_VIEW_TEXT, 0, 0, 7); /* the '8' carries the invisible marks after it */
    VIEW_IS("8\xef\xb8\x8f\xe2\x83\xa3" "9\xef\xb8\x8f\xe2\x83\xa3" "1\xe2\x83\xa3", CG_VIEW_TEXT, "891");
    MAP_IS(CG_VIEW_TEXT, 1, 7, 14);
    MAP_IS(CG_VIEW_TEXT, 2, 14, 18);
}

static void test_text_invisible_removed(void **s)
{
    (void)s;
    VIEW_IS("8\xe2\x80\x8b" "9\xe2\x80\x8c" "1\xe2\x80\x8d" "6", CG_VIEW_TEXT, "8916"); /* ZWSP ZWNJ ZWJ */
    VIEW_IS("при\xc2\xadвет", CG_VIEW_TEXT, "привет");                                /* soft hyphen */
    VIEW_IS("a\xef\xbb\xbf" "b\xe2\x81\xa0" "c", CG_VIEW_TEXT, "abc");                  /* BOM, word joiner */
    VIEW_IS("\xe2\x80\x8b" "x", CG_VIEW_TEXT, "x");                                     /* at the start */
    /* the invisible character joins the one before it in the map, so nothing of the original is lost */
    view_of("8\xe2\x80\x8b" "9", CG_VIEW_TEXT);
    MAP_IS(CG_VIEW_TEXT, 0, 0, 4);
    MAP_IS(CG_VIEW_TEXT, 1, 4, 5);
    view_of("п\xc2\xad" "р", CG_VIEW_TEXT);
    MAP_IS(CG_VIEW_TEXT, 0, 0, 4);
    MAP_IS(CG_VIEW_TEXT, 1, 4, 6);
}

static void test_text_whitespace_collapsed(void **s)
{
    (void)s;
    VIEW_IS("  много    пробелов \t\n тут  ", CG_VIEW_TEXT, "много пробелов тут");
    /* NBSP, em space, ideographic space, narrow NBSP, tab and newline are all one space */
    VIEW_IS("a\xc2\xa0\xe2\x80\x83\xe3\x80\x80\xe2\x80\xaf\t\nb", CG_VIEW_TEXT, "a b");
    view_of("a\xc2\xa0\xe2\x80\x83" "b", CG_VIEW_TEXT);
    MAP_IS(CG_VIEW_TEXT, 1, 1, 3); /* the space is the first of the run */
    MAP_IS(CG_VIEW_TEXT, 2, 6, 7);
    VIEW_IS(" \t\n ", CG_VIEW_TEXT, "");
    VIEW_IS("", CG_VIEW_TEXT, "");
    /* control characters are spaces too */
    VIEW_IS("a\x01\x1f\x7f" "b", CG_VIEW_TEXT, "a b");
}

static void test_text_combining_marks(void **s)
{
    (void)s;
    VIEW_IS("и\xcc\x86", CG_VIEW_TEXT, "й");         /* и + combining breve */
    MAP_IS(CG_VIEW_TEXT, 0, 0, 4);
    VIEW_IS("И\xcc\x86", CG_VIEW_TEXT, "й");         /* upper case too */
    VIEW_IS("мои\xcc\x86 чаи\xcc\x86", CG_VIEW_TEXT, "мой чай");
    VIEW_IS("е\xcc\x88ж", CG_VIEW_TEXT, "еж");       /* е + diaeresis: ё, read as е */
    VIEW_IS("а\xcc\x81", CG_VIEW_TEXT, "а");         /* a stress mark is dropped ... */
    MAP_IS(CG_VIEW_TEXT, 0, 0, 4);                   /* ... into the letter it sits on */
    VIEW_IS("cafe\xcc\x81", CG_VIEW_TEXT, "cafe");
    VIEW_IS("café", CG_VIEW_TEXT, "cafe");           /* precomposed: decomposed, base letter kept */
    VIEW_IS("\xcc\x86" "abc", CG_VIEW_TEXT, "abc");  /* a mark with nothing before it vanishes */
    MAP_IS(CG_VIEW_TEXT, 0, 2, 3);
    VIEW_IS("а \xcc\x81" "б", CG_VIEW_TEXT, "а б");  /* ... and so after a space */
}

/* ---- homoglyphs ------------------------------------------------------------------------------------- */

static void test_homoglyphs_mostly_cyrillic(void **s)
{
    (void)s;
    VIEW_IS("пaпa", CG_VIEW_TEXT, "папа");                               /* Latin a in a Russian word */
    VIEW_IS("пишитe в тeлeграм", CG_VIEW_TEXT, "пишите в телеграм");     /* Latin e */
    VIEW_IS("Mолоко", CG_VIEW_TEXT, "молоко");                           /* an upper-case Latin M */
    VIEW_IS("мOлOкO", CG_VIEW_TEXT, "молоко");                           /* as many of each: Cyrillic */
    VIEW_IS("xуй", CG_VIEW_TEXT, "хуй");
}

static void test_homoglyphs_mostly_latin(void **s)
{
    (void)s;
    VIEW_IS("tеlеgrаm", CG_VIEW_TEXT, "telegram"); /* Cyrillic е, а in a Latin word */
    VIEW_IS("whаtsаpp", CG_VIEW_TEXT, "whatsapp");
    VIEW_IS("gmаil.cоm", CG_VIEW_TEXT, "gmail.com"); /* two tokens, each folded on its own */
}

static void test_homoglyphs_glued_words_untouched(void **s)
{
    (void)s;
    /* a real word of each script glued together is not a disguise: folding would wreck both */
    VIEW_IS("anna1991собакаmailточкаru", CG_VIEW_TEXT, "anna1991собакаmailточкаru");
    VIEW_IS("ivanсобакаgmail", CG_VIEW_TEXT, "ivanсобакаgmail");
    VIEW_IS("iphoneчехол", CG_VIEW_TEXT, "iphoneчехол");
    VIEW_IS("пиzдeц", CG_VIEW_TEXT, "пиzдец"); /* single letters of the other script still fold */
    /* a token of digits and digit look-alikes is a disguised number: "I" stays "i" (1), not "и" */
    VIEW_IS("I4З ЧI", CG_VIEW_TEXT, "i4з чi");
}

static void test_homoglyphs_single_script_untouched(void **s)
{
    (void)s;
    VIEW_IS("hello мир", CG_VIEW_TEXT, "hello мир");
    VIEW_IS("cooper сорок", CG_VIEW_TEXT, "cooper сорок"); /* all look-alikes, but each word one script */
    VIEW_IS("abc123 где456", CG_VIEW_TEXT, "abc123 где456");
    /* tokens are separated by any non-word character: one script per side of the comma */
    VIEW_IS("пaпa,hеllo", CG_VIEW_TEXT, "папа,hello");
}

/* The folding is a step of its own: the text view before it still has the mixed scripts. */
static void test_homoglyphs_separate_step(void **s)
{
    (void)s;
    cg_view v = {0};
    uint32_t flags = 0;
    const char *t = "пaпa tеlеgrаm";
    assert_int_equal(cg_build_text_view(&v, (const uint8_t *)t, strlen(t), 0, &flags), CG_OK);
    assert_int_equal(v.len, 13);
    assert_int_equal(v.b[1], 'a');  /* Latin, as written */
    assert_int_equal(v.b[6], 0xE5); /* Cyrillic е, as written */
    cg_fold_homoglyphs(&v);
    assert_memory_equal(v.b, ib("папа telegram"), 13);
    assert_int_equal(v.len, 13); /* folding never changes the length or the map */
    assert_int_equal(v.os[1], 2);
    assert_int_equal(v.oe[1], 3);
    cg_view_free(&v);
}

/* ---- the digits view -------------------------------------------------------------------------------- */

static void test_digits_view_separators(void **s)
{
    (void)s;
    VIEW_IS("8 (916) 123-45-67", CG_VIEW_DIGITS, "89161234567");
    /* every digit keeps its own original byte; the dropped separators are gaps in the map */
    static const uint32_t at[11] = {0, 3, 4, 5, 8, 9, 10, 12, 13, 15, 16};
    for (size_t i = 0; i < 11; i++)
        MAP_IS(CG_VIEW_DIGITS, i, at[i], at[i] + 1);
    VIEW_IS("+7 916 123-45-67", CG_VIEW_DIGITS, "+79161234567");
    VIEW_IS("8.916.123.45.67", CG_VIEW_DIGITS, "89161234567");
    VIEW_IS("8-916-123_45/67", CG_VIEW_DIGITS, "89161234567");
    VIEW_IS("8:923:455:67:01 или 8~927~614 или 8*961*507", CG_VIEW_DIGITS, "89234556701 или 8927614 или 8961507");
    VIEW_IS("5536 **** **** 2204", CG_VIEW_DIGITS, "5536 **** **** 2204"); /* a mask is no separator */
    VIEW_IS("тел: 8 (916) 123-45-67!", CG_VIEW_DIGITS, "тел: 89161234567!");
    /* a number glued to the word before it, with nothing else in the message that is a number */
    VIEW_IS("тел8_916_123_45_67", CG_VIEW_DIGITS, "тел89161234567");
    /* fullwidth digits with spaces: separators go, the digits map to their three bytes each */
    VIEW_IS("８ ９", CG_VIEW_DIGITS, "89");
    MAP_IS(CG_VIEW_DIGITS, 1, 4, 7);
}

static void test_digits_view_keeps_words(void **s)
{
    (void)s;
    VIEW_IS("размер 42, цена 500", CG_VIEW_DIGITS, "размер 42, цена 500");
    VIEW_IS("размер 42 цена 500", CG_VIEW_DIGITS, "размер 42 цена 500");
    VIEW_IS("просто слова", CG_VIEW_DIGITS, "просто слова");
    /* a separator run longer than three characters is not inside one number */
    VIEW_IS("1 - - 2", CG_VIEW_DIGITS, "1 - - 2");
    VIEW_IS("1 - 2", CG_VIEW_DIGITS, "12");
    /* ... but an ellipsis between groups is, spaced or not */
    VIEW_IS("8 951 ... 204 ... 33...19", CG_VIEW_DIGITS, "89512043319");
    VIEW_IS("8 951 . . 204", CG_VIEW_DIGITS, "8951 . . 204"); /* dots apart are no ellipsis */
}

static void test_digits_view_numerals_and_look_alikes(void **s)
{
    (void)s;
    VIEW_IS("восемь девятьсот шестнадцать", CG_VIEW_DIGITS, "8916");
    VIEW_IS("восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь", CG_VIEW_DIGITS,
            "89161234567");
    VIEW_IS("8 9I2 З45", CG_VIEW_DIGITS, "8912345"); /* I and З inside digit runs */
    VIEW_IS("слово ЗОО", CG_VIEW_DIGITS, "слово зоо"); /* no digit beside it: letters stay */
    VIEW_IS("+7 985 I4З 8б O2", CG_VIEW_DIGITS, "+79851438602"); /* Latin I beside Cyrillic З */
    VIEW_IS("+7 9l2 8O5 З6 ЧI", CG_VIEW_DIGITS, "+79128053641"); /* a token of look-alikes only */
    VIEW_IS("8 9l8 S4O 2l S7", CG_VIEW_DIGITS, "89185402157"); /* S is 5 inside a number ... */
    VIEW_IS("S 44, M 46", CG_VIEW_DIGITS, "s 44, m 46");        /* ... but a size on its own */
    VIEW_IS("6 из 12", CG_VIEW_DIGITS, "6 из 12");
    /* a comma or a full stop between numerals ends a dictated group: 300 20 20, not 320 20 */
    VIEW_IS("восемь, девятьсот двадцать один, четыреста, десять, десять", CG_VIEW_DIGITS, "89214001010");
    VIEW_IS("триста двадцать", CG_VIEW_DIGITS, "320");
    VIEW_IS("двадцать-пять", CG_VIEW_DIGITS, "25");
    VIEW_IS("девятьсот. 12", CG_VIEW_DIGITS, "90012");
    /* unit numerals glued to digits */
    VIEW_IS("8 9ноль5 999 ноль ноль 07", CG_VIEW_DIGITS, "89059990007");
    VIEW_IS("ноль7 9два", CG_VIEW_DIGITS, "0792");
    VIEW_IS("5шт 9ноль5ы", CG_VIEW_DIGITS, "5шт 9ноль5ы"); /* only when the whole token is numbers */
    view_of("9ноль5", CG_VIEW_DIGITS);
    MAP_IS(CG_VIEW_DIGITS, 1, 1, 1 + strlen("ноль"));
    /* a composed group maps each of its digits to the whole group of words */
    view_of("восемь девятьсот шестнадцать", CG_VIEW_DIGITS);
    MAP_IS(CG_VIEW_DIGITS, 0, 0, strlen("восемь"));
    MAP_IS(CG_VIEW_DIGITS, 1, strlen("восемь "), strlen("восемь девятьсот шестнадцать"));
    MAP_IS(CG_VIEW_DIGITS, 3, strlen("восемь "), strlen("восемь девятьсот шестнадцать"));
}

/* ---- the contact view ------------------------------------------------------------------------------- */

static void test_contact_view_spelled(void **s)
{
    (void)s;
    const char *t = "ivan собака mail точка ru";
    VIEW_IS(t, CG_VIEW_CONTACT, "ivan@mail.ru");
    /* '@' is the word "собака", '.' the word "точка" */
    size_t dog = (size_t)(strstr(t, "собака") - t), dot = (size_t)(strstr(t, "точка") - t);
    MAP_IS(CG_VIEW_CONTACT, 4, dog, dog + strlen("собака"));
    MAP_IS(CG_VIEW_CONTACT, 9, dot, dot + strlen("точка"));
    MAP_IS(CG_VIEW_CONTACT, 10, dot + strlen("точка "), dot + strlen("точка r"));
    VIEW_IS("ivan (at) bk (dot) ru", CG_VIEW_CONTACT, "ivan@bk.ru");
    MAP_IS(CG_VIEW_CONTACT, 4, 5, 9); /* "(at)" */
    VIEW_IS("ivan[at]mail[dot]ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    VIEW_IS("ivan at gmail dot com", CG_VIEW_CONTACT, "ivan@gmail.com");
    VIEW_IS("ИВАН СОБАКА MAIL ТОЧКА RU", CG_VIEW_CONTACT, "иван@mail.ru");
    VIEW_IS("ivan собака гмейл", CG_VIEW_CONTACT, "ivan@gmail.com");
    VIEW_IS("mail точка ру", CG_VIEW_CONTACT, "mail.ru");
    VIEW_IS("ivan @ mail . ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    VIEW_IS("t . m e / s h o p", CG_VIEW_CONTACT, "t.me/shop");
    /* a letter-spaced run joins letters of one script and stops before the next word */
    VIEW_IS("на t e l e g r a m отвечу", CG_VIEW_CONTACT, "на telegram отвечу");
    VIEW_IS("т е л е г р а м anna", CG_VIEW_CONTACT, "телеграм anna");
    VIEW_IS("a b в v i b e", CG_VIEW_CONTACT, "a b в vibe");
    /* a spelled slash between Latin words */
    VIEW_IS("t tochka me слэш shop_opt", CG_VIEW_CONTACT, "t.me/shop_opt");
    VIEW_IS("vk dot com slash tkani", CG_VIEW_CONTACT, "vk.com/tkani");
    VIEW_IS("слэш между словами", CG_VIEW_CONTACT, "слэш между словами");
}

static void test_contact_view_more_spellings(void **s)
{
    (void)s;
    VIEW_IS("elena собачка gmail точка com", CG_VIEW_CONTACT, "elena@gmail.com");
    VIEW_IS("igor sabaka gmail tochka com", CG_VIEW_CONTACT, "igor@gmail.com");
    VIEW_IS("andrey sobaka bk tchk ru", CG_VIEW_CONTACT, "andrey@bk.ru");
    VIEW_IS("zakaz ат bk точка ру", CG_VIEW_CONTACT, "zakaz@bk.ru");     /* Cyrillic "at" between Latin words */
    VIEW_IS("roma ат mail дот ру", CG_VIEW_CONTACT, "roma@mail.ru");     /* "дот" before a spelled domain */
    /* brackets of every kind, with or without spaces, around words or the symbols themselves */
    VIEW_IS("katya (sobaka) mail (tochka) ru", CG_VIEW_CONTACT, "katya@mail.ru");
    VIEW_IS("manager<at>tkani<dot>ru", CG_VIEW_CONTACT, "manager@tkani.ru");
    VIEW_IS("m.ivanova [@] mail [.] ru", CG_VIEW_CONTACT, "m.ivanova@mail.ru");
    VIEW_IS("tanya (@) yandex (.) ru", CG_VIEW_CONTACT, "tanya@yandex.ru");
    VIEW_IS("kids.opt [ at ] gmail [ dot ] com", CG_VIEW_CONTACT, "kids.opt@gmail.com");
    VIEW_IS("ekaterina /at/ gmail /dot/ com", CG_VIEW_CONTACT, "ekaterina@gmail.com");
    /* glued into Latin */
    VIEW_IS("anna1991собакаmailточкаru", CG_VIEW_CONTACT, "anna1991@mail.ru");
    VIEW_IS("olgaSobaka.gmail.com", CG_VIEW_CONTACT, "olga@gmail.com");
    VIEW_IS("shop sobakamailtochkaru", CG_VIEW_CONTACT, "shop@mail.ru");
    VIEW_IS("shop@mail tochkaru", CG_VIEW_CONTACT, "shop@mail.ru");
    VIEW_IS("ivanсобакагмейл", CG_VIEW_CONTACT, "ivan@gmail.com");
    /* providers spelled, with the top-level domain after a space, or none */
    VIEW_IS("vera собака бк ру", CG_VIEW_CONTACT, "vera@bk.ru");
    VIEW_IS("tkani собака инбокс ру", CG_VIEW_CONTACT, "tkani@inbox.ru");
    VIEW_IS("lena собака ya ру", CG_VIEW_CONTACT, "lena@ya.ru");
    VIEW_IS("nikita собака айклауд ком", CG_VIEW_CONTACT, "nikita@icloud.com");
    VIEW_IS("ivan собака gmail", CG_VIEW_CONTACT, "ivan@gmail.com");
    VIEW_IS("ivan собака mail ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    VIEW_IS("ivan собака мейл.ру", CG_VIEW_CONTACT, "ivan@mail.ru");
    const char *t = "vera собака бк ру";
    view_of(t, CG_VIEW_CONTACT);
    size_t bk = (size_t)(strstr(t, "бк") - t), ru = (size_t)(strstr(t, "ру") - t);
    MAP_IS(CG_VIEW_CONTACT, 5, bk, bk + strlen("бк")); /* "b" */
    MAP_IS(CG_VIEW_CONTACT, 7, ru, ru + strlen("ру")); /* the dot stands for the space before "ру" */
    /* a path written apart from its host */
    VIEW_IS("t .me/ sale_msk", CG_VIEW_CONTACT, "t.me/sale_msk");
    VIEW_IS("vk . com / dom_tkani", CG_VIEW_CONTACT, "vk.com/dom_tkani");
}

static void test_contact_view_leaves_words(void **s)
{
    (void)s;
    VIEW_IS("собака лает", CG_VIEW_CONTACT, "собака лает");
    VIEW_IS("точка", CG_VIEW_CONTACT, "точка");
    VIEW_IS("ivan собака", CG_VIEW_CONTACT, "ivan собака"); /* nothing after it */
    VIEW_IS("в инсте @shop", CG_VIEW_CONTACT, "в инсте @shop");
    VIEW_IS("ivan@mail.ru", CG_VIEW_CONTACT, "ivan@mail.ru");
    VIEW_IS("конец.начало", CG_VIEW_CONTACT, "конец.начало"); /* a written dot between words is a dot */
    /* ... but a full stop and a space end a sentence, unless a common top-level domain or a path follows */
    VIEW_IS("конец. начало", CG_VIEW_CONTACT, "конец. начало");
    VIEW_IS("в наличии. online оплата", CG_VIEW_CONTACT, "в наличии. online оплата");
    VIEW_IS("myshop. ru, t. me/shop", CG_VIEW_CONTACT, "myshop.ru, t.me/shop");
    /* собака between Russian words, then a word that is also a provider: no address without a Latin local part */
    VIEW_IS("моя собака я думаю", CG_VIEW_CONTACT, "моя@я думаю");
    VIEW_IS("кормим собаками", CG_VIEW_CONTACT, "кормим собаками"); /* glued only into Latin */
    VIEW_IS("sobakas tochkami", CG_VIEW_CONTACT, "sobakas tochkami");
    VIEW_IS("размеры s/m/l и /a/", CG_VIEW_CONTACT, "размеры s/m/l и /a/");
    VIEW_IS("1.5 / 2 литра", CG_VIEW_CONTACT, "1.5/2 литра"); /* a path is harmless where there is no host */
    VIEW_IS("привет at мир", CG_VIEW_CONTACT, "привет at мир");  /* " at " needs Latin words around it */
}

/* ---- the letters view (the мат view; only its basics here) ----------------------------------------- */

static void test_letters_view(void **s)
{
    (void)s;
    VIEW_IS("х у й", CG_VIEW_LETTERS, "хуй");
    VIEW_IS("п@здец", CG_VIEW_LETTERS, "п*здец");
    VIEW_IS("хуууй", CG_VIEW_LETTERS, "хуй");
    VIEW_IS("6лять", CG_VIEW_LETTERS, "блять");
    VIEW_IS("страх у йога", CG_VIEW_LETTERS, "страх у йога");
    /* syllables joined by hyphens; ordinary hyphenated words stay apart */
    VIEW_IS("де-би-лы", CG_VIEW_LETTERS, "дебилы");
    VIEW_IS("бл-я-ть", CG_VIEW_LETTERS, "блять");
    VIEW_IS("кое-как", CG_VIEW_LETTERS, "кое как");
    VIEW_IS("из-за склада", CG_VIEW_LETTERS, "иза склада"); /* joined, then the repeat collapses */
    VIEW_IS("т-34", CG_VIEW_LETTERS, "т 34");
    /* Latin letters left in a Russian word; a word of look-alikes with a look-alike digit */
    VIEW_IS("пиzдец", CG_VIEW_LETTERS, "пиздец");
    VIEW_IS("муdак", CG_VIEW_LETTERS, "мудак");
    VIEW_IS("3ae6al", CG_VIEW_LETTERS, "заебал");
    VIEW_IS("iphone 13", CG_VIEW_LETTERS, "iphone 13");
    VIEW_IS("cat5e", CG_VIEW_LETTERS, "cat5e");
    /* a Latin b the text view read as в: б inside a Russian word, ь at its end, в at its start */
    VIEW_IS("деbил", CG_VIEW_LETTERS, "дебил");
    VIEW_IS("заеbали", CG_VIEW_LETTERS, "заебали");
    VIEW_IS("сволочb", CG_VIEW_LETTERS, "сволочь");
    VIEW_IS("Bы правы", CG_VIEW_LETTERS, "вы правы");
    VIEW_IS("девочка", CG_VIEW_LETTERS, "девочка"); /* a Russian в stays */
    /* 3 between consonants is е, elsewhere з */
    VIEW_IS("кр3тины", CG_VIEW_LETTERS, "кретины");
    VIEW_IS("д3бил", CG_VIEW_LETTERS, "дебил");
    VIEW_IS("пи3дец", CG_VIEW_LETTERS, "пиздец");
    VIEW_IS("3аебал", CG_VIEW_LETTERS, "заебал");
    VIEW_IS("p1zda", CG_VIEW_LETTERS, "пизда"); /* Latin and digits: p is п */
    view_of("хуууй", CG_VIEW_LETTERS);
    MAP_IS(CG_VIEW_LETTERS, 1, 2, 8); /* the collapsed run maps to all of its letters */
}

/* ---- invalid UTF-8 and NUL ------------------------------------------------------------------------- */

static void test_invalid_utf8_lenient(void **s)
{
    (void)s;
    static const struct {
        const char *bytes;
        size_t len;
    } bad[] = {
        {"\x80", 1},                 /* lone continuation byte */
        {"\xff", 1},                 /* never valid */
        {"\xfe", 1},
        {"\xc0\xaf", 2},             /* overlong '/' */
        {"\xc1\xbf", 2},
        {"\xe0\x80\xaf", 3},         /* overlong, three bytes */
        {"\xed\xa0\x80", 3},         /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 4},     /* past U+10FFFF */
        {"\xf5\x80\x80\x80", 4},
        {"\xe2\x82", 2},             /* truncated at the end */
        {"\xd0", 1},                 /* truncated Russian letter */
        {"\xf0\x9f\x98", 3},         /* truncated emoji */
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        /* "a" + bad bytes + "b": each bad byte is one U+FFFD, a symbol mapping to that byte */
        char t[16];
        size_t n = 0;
        t[n++] = 'a';
        memcpy(t + n, bad[k].bytes, bad[k].len);
        n += bad[k].len;
        t[n++] = 'b';
        assert_int_equal(cg_normalize(&views, t, n, 0), CG_OK);
        assert_true(views.flags & CG_FLAG_INVALID_UTF8);
        const cg_view *w = &views.v[CG_VIEW_TEXT];
        if (w->len != bad[k].len + 2)
            fail_msg("case %zu: %zu characters, want %zu", k, w->len, bad[k].len + 2);
        assert_int_equal(w->b[0], 'a');
        for (size_t i = 0; i < bad[k].len; i++) {
            assert_int_equal(w->b[1 + i], CG_CH_SYMBOL);
            MAP_IS(CG_VIEW_TEXT, 1 + i, 1 + i, 2 + i);
        }
        assert_int_equal(w->b[w->len - 1], 'b');
    }
    /* a bad byte inside a Russian word leaves the letters around it alone */
    VIEW_BYTES("пр\xffивет", strlen("пр\xffивет"), CG_VIEW_TEXT, "\xef\xf0\x81\xe8\xe2\xe5\xf2");
    /* valid text carries no flag */
    normalize_n("привет, мир 😀", strlen("привет, мир 😀"));
    assert_int_equal(views.flags, 0);
}

static void test_invalid_utf8_strict(void **s)
{
    (void)s;
    static const char *const bad[] = {"a\xff\x62" /* a, 0xff, b */, "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                      "ok \xe2\x82", "при\xd0"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        assert_int_equal(cg_normalize(&views, bad[k], strlen(bad[k]), 1), CG_E_INVALID_UTF8);
    /* valid text is fine in strict mode, flags clear */
    const char *ok = "Привет \xf0\x9f\x98\x80 8️⃣ ８ й";
    assert_int_equal(cg_normalize(&views, ok, strlen(ok), 1), CG_OK);
    assert_int_equal(views.flags, 0);
    assert_int_equal(cg_build_text_view(&views.v[CG_VIEW_TEXT], (const uint8_t *)"x\xff", 2, 1, &views.flags),
                     CG_E_INVALID_UTF8);
}

static void test_nul_byte(void **s)
{
    (void)s;
    VIEW_BYTES("a\0b", 3, CG_VIEW_TEXT, "a b");
    assert_true(views.flags & CG_FLAG_NUL_BYTE);
    assert_false(views.flags & CG_FLAG_INVALID_UTF8);
    MAP_IS(CG_VIEW_TEXT, 1, 1, 2);
    VIEW_BYTES("\0\0", 2, CG_VIEW_TEXT, "");
    assert_true(views.flags & CG_FLAG_NUL_BYTE);
    VIEW_BYTES("п\0р", 5, CG_VIEW_TEXT, "\xef \xf0");
    assert_true(views.flags & CG_FLAG_NUL_BYTE);
    normalize_n("ab", 2);
    assert_int_equal(views.flags, 0);
    /* flags are per message: the next message starts clean */
    normalize_n("x\xff\0", 3);
    assert_int_equal(views.flags, CG_FLAG_INVALID_UTF8 | CG_FLAG_NUL_BYTE);
    normalize_n("x", 1);
    assert_int_equal(views.flags, 0);
}

/* ---- the maps: a property test ---------------------------------------------------------------------- */

/* Length of the UTF-8 character at s (RFC 3629, Table 3-7 of Unicode), or 1 for an invalid byte. Written
 * here independently of the library's decoder. */
static size_t ref_char_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t l;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        l = 2;
    else if (c == 0xE0)
        l = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        l = 3;
    else if (c == 0xED)
        l = 3, hi = 0x9F;
    else if (c == 0xF0)
        l = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        l = 4;
    else if (c == 0xF4)
        l = 4, hi = 0x8F;
    else
        return 1;
    if (l > n || s[1] < lo || s[1] > hi)
        return 1;
    for (size_t k = 2; k < l; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 1;
    return l;
}

static uint64_t rng_state;
static uint64_t rng(void) /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t put_cp(unsigned char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One random piece of a message. */
static size_t random_piece(unsigned char *o)
{
    static const unsigned invisible[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFE0F, 0x20E3, 0x200E};
    static const char *const words[] = {
        "собака", "точка", " at ", "(at)", "(dot)", "[.]", "гмейл", "ру", "восемь", "девятьсот", "сто",
        "двадцать", "ноль", "х у й", "х.у.й", "бл..ь", "п@здец", "t . m e", "８", "𝟴", "①", "❽", "x²", "ﬁ", "Ⅻ",
        "…", "№", "😀", "🏻", "8\xef\xb8\x8f\xe2\x83\xa3", "З", "О", "I", "l", "|", "+7", "(916)", "-", ".", "@",
        "  ", "\t", "\xc2\xa0", "\xe3\x80\x80", "ё", "Й", "і", "é", "α", "中"};
    switch (rng() % 8) {
    case 0: /* any ASCII byte, controls and NUL included */
        o[0] = (unsigned char)(rng() % 128);
        return 1;
    case 1: /* a letter or digit */
        o[0] = (unsigned char)("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789"[rng() % 42]);
        return 1;
    case 2: /* Cyrillic: the Russian letters mostly, sometimes anything of the block */
        return put_cp(o, rng() % 4 ? 0x410 + (unsigned)(rng() % 64) : 0x400 + (unsigned)(rng() % 256));
    case 3: /* a random byte 0x80..0xFF: mostly invalid, sometimes a lead byte of a truncated sequence */
        o[0] = (unsigned char)(0x80 + rng() % 128);
        return 1;
    case 4: /* a zero-width or other invisible character */
        return put_cp(o, invisible[rng() % (sizeof invisible / sizeof invisible[0])]);
    case 5: /* a combining mark (U+0300..U+036F, the breve among them) */
        return put_cp(o, rng() % 4 ? 0x300 + (unsigned)(rng() % 0x70) : 0x306);
    case 6: { /* a word or symbol the views transform */
        const char *w = words[rng() % (sizeof words / sizeof words[0])];
        memcpy(o, w, strlen(w));
        return strlen(w);
    }
    default: /* a space */
        o[0] = ' ';
        return 1;
    }
}

/* The normalizer's quick filters (which characters and prefixes a view builder may act on) are written
 * out by hand next to the word tables they stand for: they must admit every word of those tables. */
static void test_quick_filters_match_tables(void **state)
{
    (void)state;
    assert_int_equal(cg_contact_selfcheck(), 0);
    assert_int_equal(cg_digits_selfcheck(), 0);
}

/* For a few thousand random byte strings, every character of every view maps to whole original
 * characters: os[i] < oe[i] <= len, os never decreases, and both ends are character boundaries of the
 * original (where a valid character or an invalid byte starts, or the end). The views also hold only
 * bytes of the internal alphabet, in lower case. */
static void test_offset_maps_property(void **s)
{
    (void)s;
    rng_state = 0x9E3779B97F4A7C15ull; /* deterministic */
    unsigned char buf[700];
    unsigned char boundary[701];
    size_t checked = 0;
    for (int round = 0; round < 4000; round++) {
        size_t len = 0, pieces = 1 + rng() % 48;
        for (size_t k = 0; k < pieces && len < 600; k++)
            len += random_piece(buf + len);
        memset(boundary, 0, len + 1);
        for (size_t p = 0; p < len; p += ref_char_len(buf + p, len - p))
            boundary[p] = 1;
        boundary[len] = 1;
        assert_int_equal(cg_normalize(&views, (const char *)buf, len, 0), CG_OK);
        for (int v = 0; v < CG_VIEW_COUNT; v++) {
            const cg_view *w = &views.v[v];
            assert_int_equal(w->b[w->len], 0);
            for (size_t i = 0; i < w->len; i++) {
                uint32_t a = w->os[i], b = w->oe[i];
                int ok = a < b && b <= len && (i == 0 || a >= w->os[i - 1]) && boundary[a] && boundary[b];
                uint8_t c = w->b[i];
                int alphabet = (c < 0x80 && !(c >= 'A' && c <= 'Z')) || c == CG_CH_OTHER_LETTER ||
                               c == CG_CH_SYMBOL || c == CG_CH_EMOJI || c >= CG_CH_CYR_FIRST;
                if (!ok || !alphabet) {
                    fprintf(stderr, "round %d, %s view, character %zu (0x%02x): [%u,%u) of %zu, previous os %u\n  input:",
                            round, cg_view_name((unsigned)v), i, c, a, b, len, i ? w->os[i - 1] : 0);
                    for (size_t q = 0; q < len; q++)
                        fprintf(stderr, " %02x", buf[q]);
                    fprintf(stderr, "\n");
                    fail();
                }
                checked++;
            }
            if (v == CG_VIEW_TEXT) {
                /* text view: no control characters, no leading, trailing or doubled space */
                for (size_t i = 0; i < w->len; i++) {
                    assert_true(w->b[i] >= 0x20 && w->b[i] != 0x7F);
                    if (w->b[i] == ' ')
                        assert_true(i > 0 && i + 1 < w->len && w->b[i - 1] != ' ');
                }
            }
        }
    }
    assert_true(checked > 100000); /* the inputs were not degenerate */
}

static int teardown(void **s)
{
    (void)s;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        cg_view_free(&views.v[v]);
    cg_view_free(&views.tmp);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alphabet_bytes),
        cmocka_unit_test(test_text_ascii_case_folding),
        cmocka_unit_test(test_text_cyrillic_case_folding_and_yo),
        cmocka_unit_test(test_text_nfkc_digits),
        cmocka_unit_test(test_text_dots_and_circled_digits),
        cmocka_unit_test(test_text_keycaps),
        cmocka_unit_test(test_text_invisible_removed),
        cmocka_unit_test(test_text_whitespace_collapsed),
        cmocka_unit_test(test_text_combining_marks),
        cmocka_unit_test(test_homoglyphs_mostly_cyrillic),
        cmocka_unit_test(test_homoglyphs_mostly_latin),
        cmocka_unit_test(test_homoglyphs_glued_words_untouched),
        cmocka_unit_test(test_homoglyphs_single_script_untouched),
        cmocka_unit_test(test_homoglyphs_separate_step),
        cmocka_unit_test(test_digits_view_separators),
        cmocka_unit_test(test_digits_view_keeps_words),
        cmocka_unit_test(test_digits_view_numerals_and_look_alikes),
        cmocka_unit_test(test_contact_view_spelled),
        cmocka_unit_test(test_contact_view_more_spellings),
        cmocka_unit_test(test_contact_view_leaves_words),
        cmocka_unit_test(test_letters_view),
        cmocka_unit_test(test_invalid_utf8_lenient),
        cmocka_unit_test(test_invalid_utf8_strict),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_quick_filters_match_tables),
        cmocka_unit_test(test_offset_maps_property),
    };
    return cmocka_run_group_tests_name("normalize", tests, NULL, teardown);
}
