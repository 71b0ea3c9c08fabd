/* conversation_eval.c — precision and recall of conversation mode on labeled chats.
 *
 * Lines as for `chatguard check --conversation` ({"conversation": id, "role": ..., "text": ...}), in chat
 * order, with "cross": [categories] on the message where a contact split across several messages of its
 * sender is complete. Scored per (conversation, category): a labeled pair is found when some message of the
 * conversation gets a cross-message hit (one with parts) of that category, or when the labeled message is
 * flagged for it on its own (its last piece is a contact by itself, e.g. "в вотсап" after "напишите": the
 * message is stopped all the same; these are counted apart); a cross-message hit in a conversation
 * without that label is a false alarm. Also counted: how many labeled messages carry the hit
 * themselves. Prints every miss and false alarm, and fails below --min-recall / --min-precision (over all
 * contact categories together). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"
#include "conv_table.h"
#include "json.h"

#define CONTACTS ((1u << CG_CAT_PHONE) | (1u << CG_CAT_EMAIL) | (1u << CG_CAT_LINK) | (1u << CG_CAT_MESSENGER))

typedef struct record {
    char *id;
    size_t len;
    uint32_t truth, found;
    char *transcript; /* the chat, for the report */
    size_t tlen;
} record;

static record *records;
static size_t n_records, records_cap;

static record *find_record(const char *id, size_t len)
{
    for (size_t i = 0; i < n_records; i++)
        if (records[i].len == len && memcmp(records[i].id, id, len) == 0)
            return &records[i];
    if (n_records == records_cap) {
        records_cap = records_cap ? 2 * records_cap : 256;
        records = realloc(records, records_cap * sizeof *records);
        if (!records)
            exit(2);
    }
    record *r = &records[n_records++];
    memset(r, 0, sizeof *r);
    r->id = malloc(len + 1);
    if (!r->id)
        exit(2);
    memcpy(r->id, id, len);
    r->id[len] = 0;
    r->len = len;
    return r;
}

static void transcript_add(record *r, const json_msg *m, uint32_t cross_found)
{
    char line[600];
    int n = snprintf(line, sizeof line, "      %-6s %.*s%s\n", cg_role_name(m->ctx.role),
                     (int)(m->text_len > 400 ? 400 : m->text_len), m->text, cross_found ? "   <- cross hit" : "");
    if (n < 0)
        return;
    char *t = realloc(r->transcript, r->tlen + (size_t)n + 1);
    if (!t)
        exit(2);
    memcpy(t + r->tlen, line, (size_t)n + 1);
    r->transcript = t;
    r->tlen += (size_t)n;
}

int main(int argc, char **argv)
{
    const char *rules = NULL, *profile = NULL, *files[16];
    int n_files = 0, verbose = 1;
    double min_recall = 0, min_precision = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc) rules = argv[++i];
        else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) profile = argv[++i];
        else if (strcmp(argv[i], "--min-recall") == 0 && i + 1 < argc) min_recall = atof(argv[++i]);
        else if (strcmp(argv[i], "--min-precision") == 0 && i + 1 < argc) min_precision = atof(argv[++i]);
        else if (strcmp(argv[i], "--quiet") == 0) verbose = 0;
        else if (n_files < 16) files[n_files++] = argv[i];
    }
    if (!n_files) {
        fprintf(stderr, "usage: conversation_eval [--rules DIR] [--profile P] [--min-recall R] [--min-precision P] "
                        "[--quiet] FILE.jsonl...\n");
        return 2;
    }
    cg_engine *e;
    cg_diagnostics *d;
    int rc = cg_engine_load(rules, profile, NULL, &e, &d);
    if (rc != CG_OK) {
        fprintf(stderr, "conversation_eval: %s\n", cg_strerror(rc));
        cg_diagnostics_free(d);
        return 2;
    }
    cg_scanner *s;
    conv_table *convs = conv_table_new(NULL);
    if (cg_scanner_new(&s) != CG_OK || !convs)
        return 2;
    json_reader rd = {0};
    char *line = NULL;
    size_t cap = 0;
    unsigned long messages = 0, bad = 0, labeled_msgs = 0, labeled_on_msg = 0, found_alone = 0;
    for (int fi = 0; fi < n_files; fi++) {
        FILE *in = fopen(files[fi], "r");
        if (!in) {
            perror(files[fi]);
            return 2;
        }
        unsigned long lineno = 0;
        ssize_t got;
        while ((got = getline(&line, &cap, in)) >= 0) {
            lineno++;
            size_t len = (size_t)got;
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                len--;
            if (!len)
                continue;
            json_msg m;
            char err[160];
            if (json_parse_message(&rd, line, len, &m, err, sizeof err) != 0 || !m.conversation) {
                fprintf(stderr, "%s:%lu: %s\n", files[fi], lineno, m.conversation ? err : "no \"conversation\"");
                bad++;
                continue;
            }
            cg_conversation *c = conv_table_get(convs, m.conversation, m.conversation_len);
            cg_result r;
            if (!c || (rc = cg_check_in_conversation(e, s, c, m.text, m.text_len, &m.ctx, &r)) != CG_OK) {
                fprintf(stderr, "%s:%lu: %s\n", files[fi], lineno, c ? cg_strerror(rc) : "out of memory");
                bad++;
                continue;
            }
            messages++;
            uint32_t cross = 0;
            for (size_t k = 0; k < r.n_parts; k++)
                cross |= 1u << r.hits[r.parts[k].hit].category;
            cross &= CONTACTS;
            record *rec = find_record(m.conversation, m.conversation_len);
            rec->truth |= m.cross & CONTACTS;
            rec->found |= cross;
            if (m.cross & CONTACTS) {
                uint32_t alone = r.categories & m.cross & CONTACTS & ~rec->found;
                rec->found |= alone;
                found_alone += __builtin_popcount(alone);
                labeled_msgs++;
                labeled_on_msg += (m.cross & cross & CONTACTS) == (m.cross & CONTACTS);
            }
            transcript_add(rec, &m, cross);
        }
        fclose(in);
    }
    unsigned long tp[CG_CAT_COUNT] = {0}, fp[CG_CAT_COUNT] = {0}, fn[CG_CAT_COUNT] = {0};
    unsigned long split = 0, clean = 0;
    for (size_t i = 0; i < n_records; i++) {
        const record *rec = &records[i];
        split += rec->truth != 0;
        clean += rec->truth == 0;
        for (int c = 0; c < CG_CAT_COUNT; c++) {
            uint32_t bit = 1u << c;
            if (!(CONTACTS & bit))
                continue;
            int want = (rec->truth & bit) != 0, got = (rec->found & bit) != 0;
            tp[c] += want && got;
            fp[c] += got && !want;
            fn[c] += want && !got;
            if (verbose && want != got)
                printf("  %s %-9s conversation %s:\n%s", got ? "false" : "missed", cg_category_name((cg_category)c),
                       rec->id, rec->transcript ? rec->transcript : "");
        }
    }
    for (int fi = 0; fi < n_files; fi++)
        printf("%s%s", fi ? " + " : "", files[fi]);
    printf(": %lu messages, %lu conversations (%lu with split contacts, %lu clean), profile %s\n", messages,
           (unsigned long)n_records, split, clean, profile ? profile : "wb");
    printf("  %-14s %6s %6s %6s %9s %9s\n", "cross-message", "tp", "fp", "fn", "precision", "recall");
    unsigned long TP = 0, FP = 0, FN = 0;
    for (int c = 0; c <= CG_CAT_COUNT; c++) {
        int all = c == CG_CAT_COUNT;
        if (!all && !(CONTACTS & (1u << c)))
            continue;
        unsigned long a = all ? TP : tp[c], b = all ? FP : fp[c], f = all ? FN : fn[c];
        double p = a + b ? (double)a / (double)(a + b) : 1.0, rcl = a + f ? (double)a / (double)(a + f) : 1.0;
        printf("  %-14s %6lu %6lu %6lu %9.3f %9.3f\n", all ? "all" : cg_category_name((cg_category)c), a, b, f, p, rcl);
        if (!all)
            TP += a, FP += b, FN += f;
    }
    double P = TP + FP ? (double)TP / (double)(TP + FP) : 1.0, R = TP + FN ? (double)TP / (double)(TP + FN) : 1.0;
    printf("  on the labeled message itself: %lu of %lu\n", labeled_on_msg, labeled_msgs);
    printf("  found by the completing message alone (no cross-message hit needed): %lu\n", found_alone);
    int failed = bad > 0 || P < min_precision || R < min_recall;
    printf("  thresholds: recall >= %.2f, precision >= %.2f: %s\n", min_recall, min_precision, failed ? "FAIL" : "ok");
    for (size_t i = 0; i < n_records; i++)
        free(records[i].id), free(records[i].transcript);
    free(records);
    free(line);
    json_reader_free(&rd);
    conv_table_free(convs);
    cg_scanner_free(s);
    cg_engine_unref(e);
    return failed ? 1 : 0;
}
