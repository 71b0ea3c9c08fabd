/* corpus.h — message corpora for the benchmark programs: JSONL files read into cg_message arrays. */
#ifndef CG_BENCH_CORPUS_H
#define CG_BENCH_CORPUS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatguard.h"
#include "json.h"

typedef struct corpus {
    cg_message *m;
    size_t n, cap, bytes;
} corpus;

static inline void corpus_add(corpus *c, const char *text, size_t len, cg_role role)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->m = realloc(c->m, c->cap * sizeof *c->m);
    }
    char *t = malloc(len + 1);
    memcpy(t, text, len);
    t[len] = 0;
    cg_context ctx = {role, CG_CHANNEL_CHAT, 0};
    c->m[c->n++] = (cg_message){t, len, ctx};
    c->bytes += len;
}

static inline corpus corpus_load(const char *path, size_t limit)
{
    corpus c = {0};
    json_reader rd = {0};
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char *line = NULL;
    size_t lc = 0;
    ssize_t got;
    while ((got = getline(&line, &lc, f)) > 0 && c.n < limit) {
        json_msg jm;
        char err[128];
        if (json_parse_message(&rd, line, (size_t)got - 1, &jm, err, sizeof err) == 0)
            corpus_add(&c, jm.text, jm.text_len, jm.ctx.role);
    }
    free(line);
    fclose(f);
    json_reader_free(&rd);
    return c;
}

static inline void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free((char *)c->m[i].text);
    free(c->m);
    memset(c, 0, sizeof *c);
}

#endif
