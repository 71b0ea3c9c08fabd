/* json.h — the JSONL message format of `chatguard check` (one object per line), read and written. */
#ifndef CG_CLI_JSON_H
#define CG_CLI_JSON_H

#include <stdint.h>
#include <stdio.h>

#include "chatguard.h"

typedef struct json_msg {
    const char *id;        /* raw JSON text of "id" (any JSON value), or NULL */
    size_t id_len;
    char *text;            /* decoded "text" (may contain NUL), owned by the reader */
    size_t text_len;
    int has_text;
    cg_context ctx;
    uint32_t expect;       /* categories listed in "expect" (labeled corpora) */
    int has_expect;
    uint32_t cross;        /* categories listed in "cross" (conversation corpora: assembled here from
                              several messages of the sender) */
    int has_cross;
    const char *conversation; /* raw JSON text of "conversation", or NULL */
    size_t conversation_len;
} json_msg;

typedef struct json_reader {
    char *buf;             /* decoded strings */
    size_t cap;
} json_reader;

/* Parse one line. Returns 0, or -1 with a message in err. Pointers in msg point into `line` or into the
 * reader and stay valid until the next call. */
int json_parse_message(json_reader *rd, const char *line, size_t len, json_msg *msg, char *err, size_t errlen);
void json_reader_free(json_reader *rd);

/* Write s[0..len) as a JSON string literal (invalid UTF-8 becomes \ufffd). */
void json_write_string(FILE *f, const char *s, size_t len);

#endif
