/* fuzz_rules.c — libFuzzer target: random rule files through the parser and compiler. The input is
 * written as a rule file (beside a valid profile) and loaded; a load either gives an engine or a list of
 * diagnostics, each with a file and a message, and never crashes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chatguard.h"

static char dir[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/cgfuzz-rules-%d", (int)getpid());
    char path[128];
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/profiles", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/lexicons", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/profiles/t.profile", dir);
    FILE *f = fopen(path, "w");
    fputs("[profile]\nname = t\n\n[policy]\n* * * block warning\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/lexicons/a.txt", dir);
    f = fopen(path, "w");
    fputs("слово*\n!словарь\n", f);
    fclose(f);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/f.rules", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    cg_engine *e = NULL;
    cg_diagnostics *d = NULL;
    int rc = cg_engine_load(dir, "t", NULL, &e, &d);
    if (rc == CG_OK) {
        cg_scanner *s;
        cg_scanner_new(&s);
        cg_result r;
        cg_check_message(e, s, "пишите 89161234567 слово", strlen("пишите 89161234567 слово"), NULL, &r);
        cg_scanner_free(s);
        cg_engine_unref(e);
    } else {
        for (size_t i = 0; i < cg_diagnostics_count(d); i++) {
            const cg_diagnostic *x = cg_diagnostics_get(d, i);
            if (!x->file || !x->message || !x->rule)
                abort();
        }
        cg_diagnostics_free(d);
    }
    return 0;
}
