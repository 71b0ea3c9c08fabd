/* diag.c — the list of problems found while loading rules and profiles.
 *
 * Loading keeps going after an error so that one run reports every bad rule; the list owns copies of all
 * its strings because the rule set they came from is freed when loading fails. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

struct cg_diagnostics {
    cg_diagnostic *items;
    size_t n, cap;
};

cg_diagnostics *cg_diag_new(void) { return calloc(1, sizeof(cg_diagnostics)); }

void cg_diag_add(cg_diagnostics *d, const char *file, unsigned line, unsigned col, const char *rule,
                 const char *fmt, ...)
{
    if (!d || cg_grow((void **)&d->items, &d->cap, d->n + 1, sizeof(cg_diagnostic)) != 0)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cg_diagnostic *it = &d->items[d->n];
    it->file = cg_strdup(file ? file : "");
    it->rule = cg_strdup(rule ? rule : "");
    it->message = cg_strdup(buf);
    it->line = line;
    it->column = col;
    if (!it->file || !it->rule || !it->message) {
        free((char *)it->file);
        free((char *)it->rule);
        free((char *)it->message);
        return;
    }
    d->n++;
}

size_t cg_diagnostics_count(const cg_diagnostics *d) { return d ? d->n : 0; }

const cg_diagnostic *cg_diagnostics_get(const cg_diagnostics *d, size_t i)
{
    return (d && i < d->n) ? &d->items[i] : NULL;
}

void cg_diagnostics_free(cg_diagnostics *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].rule);
        free((char *)d->items[i].message);
    }
    free(d->items);
    free(d);
}
