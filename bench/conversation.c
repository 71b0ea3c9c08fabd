/* conversation.c — what conversation mode costs: messages/s through cg_check_message and through
 * cg_check_in_conversation on the same messages in the same order, the replica pattern (state read back
 * before and written after every message), the serializer alone, and the state's size and memory.
 *
 *   bench/conversation RULES_DIR CHAT_LENGTH FILE.jsonl...
 *
 * Each file's messages, in order, are cut into chats of CHAT_LENGTH messages (each message keeps its role),
 * so every message after a chat's first has earlier ones to be joined with. Medians of 5 passes. */
#include <stdint.h>
#include <time.h>

#include "../bench/corpus.h"
#include "../bench/timing.h"
#include "conversation/conversation.h"

#define PASSES 5

typedef enum { PLAIN, CONVERSATION, REPLICA } mode;

/* One pass over the corpus; returns seconds. Sizes of the states go to sizes[] when given. */
static double pass(const cg_engine *e, cg_scanner *s, const corpus *c, size_t chat, mode m, size_t *sizes)
{
    cg_conversation *conv = NULL;
    uint8_t buf[CG_CONVERSATION_STATE_MAX];
    size_t len = 0;
    double t0 = bench_now();
    for (size_t i = 0; i < c->n; i++) {
        cg_result r;
        const cg_message *msg = &c->m[i];
        if (m == PLAIN) {
            cg_check_message(e, s, msg->text, msg->len, &msg->ctx, &r);
            continue;
        }
        if (i % chat == 0) {
            cg_conversation_free(conv);
            conv = NULL;
            cg_conversation_new(NULL, &conv);
        } else if (m == REPLICA) {
            conv = NULL;
            if (cg_conversation_deserialize(buf, len, &conv) != CG_OK)
                abort();
        }
        if (cg_check_in_conversation(e, s, conv, msg->text, msg->len, &msg->ctx, &r) != CG_OK)
            abort();
        if (m == REPLICA || sizes) {
            cg_conversation_serialize(conv, buf, sizeof buf, &len);
            if (sizes)
                sizes[i] = len;
        }
        if (m == REPLICA) {
            cg_conversation_free(conv);
            conv = NULL;
        }
    }
    double t = bench_now() - t0;
    cg_conversation_free(conv);
    return t;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench/conversation RULES_DIR CHAT_LENGTH FILE.jsonl...\n");
        return 2;
    }
    size_t chat = (size_t)atoi(argv[2]);
    if (chat < 1)
        return 2;
    cg_engine *e;
    if (cg_engine_load(argv[1], "wb", NULL, &e, NULL) != CG_OK)
        return 2;
    cg_scanner *s;
    cg_scanner_new(&s);
    printf("| corpus | messages | cg_check_message msg/s | cg_check_in_conversation msg/s | ratio | + state read and "
           "written per message msg/s | state bytes mean / p99 / max |\n|---|---:|---:|---:|---:|---:|---|\n");
    for (int f = 3; f < argc; f++) {
        corpus c = corpus_load(argv[f], (size_t)-1);
        double t[3][PASSES];
        for (int m = 0; m < 3; m++) {
            pass(e, s, &c, chat, (mode)m, NULL); /* warm-up */
            for (int p = 0; p < PASSES; p++)
                t[m][p] = pass(e, s, &c, chat, (mode)m, NULL);
        }
        size_t *sizes = calloc(c.n, sizeof *sizes);
        pass(e, s, &c, chat, CONVERSATION, sizes);
        double mean = 0;
        for (size_t i = 0; i < c.n; i++)
            mean += (double)sizes[i];
        mean /= (double)c.n;
        qsort(sizes, c.n, sizeof *sizes, cmp_size);
        double plain = (double)c.n / bench_median(t[0], PASSES), conv = (double)c.n / bench_median(t[1], PASSES),
               rep = (double)c.n / bench_median(t[2], PASSES);
        const char *name = strrchr(argv[f], '/');
        printf("| %s | %zu | %.0f | %.0f | %.2f× | %.0f | %.0f / %zu / %zu |\n", name ? name + 1 : argv[f], c.n, plain,
               conv, plain / conv, rep, mean, sizes[c.n * 99 / 100], sizes[c.n - 1]);
        free(sizes);
        corpus_free(&c);
    }
    /* the serializer alone, on a full default state */
    cg_conversation *conv;
    cg_conversation_new(NULL, &conv);
    char text[200];
    for (int i = 0; i < 40; i++) {
        int n = snprintf(text, sizeof text, "сообщение номер %d про доставку, размеры и цены со скидкой %d%%", i, i);
        cg_context ctx = {(cg_role)(i % 2), CG_CHANNEL_CHAT, 0};
        cg_result r;
        cg_check_in_conversation(e, s, conv, text, (size_t)n, &ctx, &r);
    }
    uint8_t buf[CG_CONVERSATION_STATE_MAX];
    size_t len = 0;
    const int reps = 200000;
    double t0 = bench_now();
    for (int i = 0; i < reps; i++)
        cg_conversation_serialize(conv, buf, sizeof buf, &len);
    double ser = (bench_now() - t0) / reps;
    t0 = bench_now();
    for (int i = 0; i < reps; i++) {
        cg_conversation *c2;
        cg_conversation_deserialize(buf, len, &c2);
        cg_conversation_free(c2);
    }
    double de = (bench_now() - t0) / reps;
    conv_opts o = {CONV_DEFAULT_MESSAGES, CONV_DEFAULT_TAIL, CONV_DEFAULT_DISTANCE, CONV_DEFAULT_REPEATS,
                   CONV_DEFAULT_MIN_WORDS, 0};
    printf("\nA full default state (3 tails of up to 96 bytes and 8 fingerprints per side): %zu bytes serialized "
           "(bound for the default options %zu, for any options %d); serialize %.2f µs, deserialize %.2f µs; in "
           "memory %zu bytes per conversation; a scanner's conversation scratch %zu bytes.\n",
           len, conv_state_bound(&o), CG_CONVERSATION_STATE_MAX, ser * 1e6, de * 1e6,
           sizeof(struct cg_conversation) + (size_t)CG_ROLE_COUNT * o.max_messages * o.tail_bytes,
           cg_conv_scratch_memory(s->conv));
    cg_conversation_free(conv);
    cg_scanner_free(s);
    cg_engine_unref(e);
    return 0;
}
