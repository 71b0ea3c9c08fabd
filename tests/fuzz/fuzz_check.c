/* fuzz_check.c — libFuzzer target: random bytes and contexts through cg_check_message.
 * The first byte picks role, channel and prior violations; the rest is the message. Invariants: the call
 * returns, every hit lies inside the message, the masked text is valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"

static cg_engine *engine;
static cg_scanner *scanner;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (cg_engine_load(getenv("CHATGUARD_RULES_DIR"), "wb", NULL, &engine, NULL) != CG_OK ||
        cg_scanner_new(&scanner) != CG_OK)
        abort();
    return 0;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!k || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    cg_context ctx = {(cg_role)(data[0] & 1), (cg_channel)((data[0] >> 1) % 3), (unsigned)(data[0] >> 3)};
    cg_result r;
    int rc = cg_check_message(engine, scanner, (const char *)data + 1, size - 1, &ctx, &r);
    if (rc != CG_OK)
        return 0;
    for (size_t i = 0; i < r.n_hits; i++)
        if (r.hits[i].start >= r.hits[i].end || r.hits[i].end > size - 1 || !r.hits[i].rule)
            abort();
    if (!valid_utf8((const unsigned char *)r.masked, r.masked_len) || r.masked[r.masked_len] != 0)
        abort();
    return 0;
}
