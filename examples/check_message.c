/* check_message.c — the smallest real use of libchatguard: load the rules, check one message, print
 * the verdict and the evidence. Build against an installed copy:
 *
 *     cc -o check_message check_message.c $(pkg-config --cflags --libs chatguard)
 *     ./check_message "$(pkg-config --variable=rulesdir chatguard)" 'Звоните +7 916 123-45-67'
 */
#include <chatguard.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s RULES_DIR MESSAGE\n", argv[0]);
        return 2;
    }
    cg_engine *engine;
    cg_diagnostics *diag;
    int rc = cg_engine_load(argv[1], "wb", NULL, &engine, &diag);
    if (rc != CG_OK) {
        fprintf(stderr, "cannot load rules: %s\n", cg_strerror(rc));
        for (size_t i = 0; i < cg_diagnostics_count(diag); i++) {
            const cg_diagnostic *d = cg_diagnostics_get(diag, i);
            fprintf(stderr, "%s:%u:%u: %s\n", d->file, d->line, d->column, d->message);
        }
        cg_diagnostics_free(diag);
        return 1;
    }
    cg_scanner *scanner;
    cg_scanner_new(&scanner);

    cg_context ctx = CG_CONTEXT_INIT; /* a seller writing in the order chat, no prior violations */
    cg_result res;
    const char *text = argv[2];
    rc = cg_check_message(engine, scanner, text, strlen(text), &ctx, &res);
    if (rc != CG_OK) {
        fprintf(stderr, "check failed: %s\n", cg_strerror(rc));
        return 1;
    }
    printf("action=%s sanction=%s fine_rub=%ld\n", cg_action_name(res.action), cg_sanction_name(res.sanction),
           res.fine_rub);
    for (size_t i = 0; i < res.n_hits; i++) {
        const cg_hit *h = &res.hits[i];
        printf("  %s %s [%zu,%zu) \"%.*s\"\n", cg_category_name(h->category), h->rule, h->start, h->end,
               (int)(h->end - h->start), text + h->start);
    }
    cg_scanner_free(scanner);
    cg_engine_unref(engine);
    return 0;
}
