/* fuzz_check.c — libFuzzer target: random bytes and contexts through cg_check_message.
 * The first byte picks role, channel and prior violations; the rest is the message. Invariants: the call
 * returns, every hit lies inside the message, the masked text is valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"
#include "../utf8_valid.h"

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
    if (!utf8_valid((const unsigned char *)r.masked, r.masked_len) || r.masked[r.masked_len] != 0)
        abort();
    return 0;
}
