/* fuzz_json.c — libFuzzer target: random lines through the JSONL reader of the CLI, and whatever it
 * accepts written back as a JSON string. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static json_reader rd;
    json_msg m;
    char err[160];
    if (json_parse_message(&rd, (const char *)data, size, &m, err, sizeof err) == 0) {
        FILE *f = fopen("/dev/null", "w");
        if (f) {
            json_write_string(f, m.text, m.text_len);
            fclose(f);
        }
        if (m.id && (m.id < (const char *)data || m.id + m.id_len > (const char *)data + size))
            abort();
    }
    return 0;
}
