/* parse.c — read rule files (*.rules), the lexicons and the lists they use.
 *
 * A rule file is a sequence of sections, one per rule:
 *
 *     [phone.ru_mobile]
 *     category = phone
 *     severity = 4
 *     view     = digits
 *     pattern  = (?:\+7|8)?9\d{9}
 *     bounds   = number
 *
 * Everything is checked here that can be checked without compiling, and every problem is reported with
 * file:line:column; parsing goes on after an error so that one load reports them all. rules/README.md is
 * the user-facing description of the format. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

#define MAX_SEVERITY 5

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted names of the files in dir ending with suffix. Returns count, or -1 if dir cannot be read. */
static long list_dir(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0, sl = strlen(suffix);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l <= sl || strcmp(de->d_name + l - sl, suffix) != 0)
            continue;
        if (cg_grow((void **)&names, &cap, n + 1, sizeof *names) != 0)
            break;
        if ((names[n] = cg_strdup(de->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    return (long)n;
}

static void free_names(char **names, long n)
{
    for (long i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

unsigned cg_rule_pattern_column(const cg_rule *r, unsigned col)
{
    unsigned src = col;
    for (size_t i = 0; i < r->n_list_spans; i++) {
        const cg_list_span *sp = &r->list_spans[i];
        if (col < sp->out_col)
            break;
        if (col < sp->out_end)
            return sp->src_col;
        src = col - sp->out_end + sp->src_end;
    }
    return src;
}

void cg_rule_free(cg_rule *r)
{
    free(r->list_spans);
    free(r->id);
    free(r->file);
    free(r->pattern);
    if (r->re)
        pcre2_code_free(r->re);
    free(r->lexicon);
    for (size_t i = 0; i < r->n_exceptions; i++)
        free(r->exceptions[i].word);
    free(r->exceptions);
    cg_context_words *cws[2] = {&r->context, &r->not_context};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < cws[k]->n; i++)
            free(cws[k]->pats[i].word);
        free(cws[k]->pats);
        free(cws[k]->by_first);
    }
    free(r->context_follow);
    for (size_t i = 0; i < r->n_examples; i++)
        free(r->examples[i]);
    for (size_t i = 0; i < r->n_counterexamples; i++)
        free(r->counterexamples[i]);
    free(r->examples);
    free(r->counterexamples);
    free(r->example_lines);
    free(r->counterexample_lines);
    memset(r, 0, sizeof *r);
}

void cg_ruleset_free(cg_ruleset *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        cg_rule_free(&rs->rules[i]);
    free(rs->rules);
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        for (size_t i = 0; i < rs->lex[v].n; i++)
            free(rs->lex[v].words[i]);
        free(rs->lex[v].entries);
        free(rs->lex[v].words);
    }
    free(rs->rules_dir);
    memset(rs, 0, sizeof *rs);
}

/* Where a key's value was written, for diagnostics about it. */
typedef struct src_loc {
    unsigned line, col;
} src_loc;

/* A rule being parsed, with the source locations of its keys. */
typedef struct pending_rule {
    cg_rule r;
    char *pattern_src;
    char *context_path, *not_context_path, *exceptions_path;
    src_loc at_pattern, at_lexicon, at_category, at_view, at_validate, at_context, at_not_context, at_exceptions;
    int has_category, has_severity, has_view, has_bounds, has_context_window, has_not_context_window;
    int seen_category, seen_severity, seen_source; /* the key was written, even if its value was bad */
    int has_context_follow;
    int errors;
} pending_rule;

static int add_string(char ***arr, unsigned **lines, size_t *n, const char *s, size_t len, unsigned line)
{
    char **na = realloc(*arr, (*n + 1) * sizeof *na);
    if (!na)
        return -1;
    *arr = na;
    unsigned *nl = realloc(*lines, (*n + 1) * sizeof *nl);
    if (!nl)
        return -1;
    *lines = nl;
    if (!(na[*n] = cg_strndup(s, len)))
        return -1;
    nl[*n] = line;
    (*n)++;
    return 0;
}

/* Expand {{name}} list references in a pattern with the items of <rules_dir>/lists/<name>.txt, as an
 * alternation of escaped literals. Returns the new pattern (malloc'd) or NULL after a diagnostic. */
static char *expand_lists(const char *pat, const char *rules_dir, const char *file, unsigned line, unsigned col0,
                          cg_rule *r, cg_diagnostics *diag)
{
    const char *rule_id = r->id;
    size_t cap = strlen(pat) + 1, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    const char *p = pat;
    while (*p) {
        const char *open = strstr(p, "{{");
        size_t chunk = open ? (size_t)(open - p) : strlen(p);
        if (cg_grow((void **)&out, &cap, n + chunk + 1, 1) != 0)
            goto fail;
        memcpy(out + n, p, chunk);
        n += chunk;
        if (!open)
            break;
        const char *close = strstr(open + 2, "}}");
        unsigned col = col0 + cg_utf8_column(pat, (size_t)(open - pat)) - 1;
        if (!close) {
            cg_diag_add(diag, file, line, col, rule_id, "unterminated list reference '{{'");
            goto fail;
        }
        char name[128];
        size_t nl = (size_t)(close - open - 2);
        if (nl == 0 || nl >= sizeof name) {
            cg_diag_add(diag, file, line, col, rule_id, "bad list name in '{{...}}'");
            goto fail;
        }
        memcpy(name, open + 2, nl);
        name[nl] = 0;
        for (size_t k = 0; k < nl; k++)
            if (!((name[k] >= 'a' && name[k] <= 'z') || (name[k] >= '0' && name[k] <= '9') || name[k] == '_' ||
                  name[k] == '-')) {
                cg_diag_add(diag, file, line, col, rule_id, "list name '%s' may use only a-z 0-9 _ -", name);
                goto fail;
            }
        char rel[160];
        snprintf(rel, sizeof rel, "lists/%s.txt", name);
        char *path = cg_path_join(rules_dir, rel);
        size_t flen;
        char *data = path ? cg_read_file(path, &flen) : NULL;
        if (!data) {
            cg_diag_add(diag, file, line, col, rule_id, "cannot read list '%s' (%s): %s", name, path ? path : rel,
                        strerror(errno));
            free(path);
            goto fail;
        }
        if (memchr(data, 0, flen)) {
            cg_diag_add(diag, file, line, col, rule_id, "list '%s' (%s) contains a NUL byte", name, path);
            goto fail_data;
        }
        /* Items: one per line, '#' comments; longest first so the alternation prefers them. */
        size_t items = 0, out_start = n;
        if (cg_grow((void **)&out, &cap, n + 4, 1) != 0)
            goto fail_data;
        memcpy(out + n, "(?:", 3);
        n += 3;
        char *save = NULL;
        for (char *ln = strtok_r(data, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
            while (is_space(*ln))
                ln++;
            size_t l = strlen(ln);
            while (l && is_space(ln[l - 1]))
                l--;
            if (l == 0 || ln[0] == '#')
                continue;
            if (cg_grow((void **)&out, &cap, n + 2 * l + 2, 1) != 0)
                goto fail_data;
            if (items++)
                out[n++] = '|';
            for (size_t k = 0; k < l; k++) {
                if (strchr("\\^$.|?*+()[]{}-/#", ln[k]))
                    out[n++] = '\\';
                out[n++] = ln[k];
            }
        }
        if (items == 0) {
            cg_diag_add(diag, file, line, col, rule_id, "list '%s' (%s) is empty", name, path);
            free(data);
            free(path);
            goto fail;
        }
        out[n++] = ')';
        free(data);
        free(path);
        /* remember where the expansion stands, so compile errors inside or after it point at the source */
        cg_list_span *ns = realloc(r->list_spans, (r->n_list_spans + 1) * sizeof *ns);
        if (!ns)
            goto fail;
        r->list_spans = ns;
        ns[r->n_list_spans++] = (cg_list_span){cg_utf8_column(out, out_start), cg_utf8_column(out, n),
                                               cg_utf8_column(pat, (size_t)(open - pat)),
                                               cg_utf8_column(pat, (size_t)(close + 2 - pat))};
        p = close + 2;
        continue;
    fail_data:
        free(data);
        free(path);
        goto fail;
    }
    out[n] = 0;
    return out;
fail:
    free(out);
    return NULL;
}

/* One entry of a lexicon-style file, as written. */
typedef struct entry {
    const char *s;      /* the characters between the '*' marks */
    size_t len;
    int lead, trail;    /* '*' before / after */
    int exception;      /* '!' in front */
    unsigned line, col;
} entry;

typedef size_t (*entry_fn)(void *ctx, const entry *en, const char *path, cg_diagnostics *diag);

/* Read a lexicon-style file (one entry per line, '#' comments) and call fn for each entry. Reports
 * unreadable files and malformed entries; returns the number of errors, and the entries in *count. */
static size_t read_entries(const char *dir, const char *rel, const char *file, src_loc at, const char *rule_id,
                           cg_diagnostics *diag, entry_fn fn, void *ctx, size_t *count)
{
    char *path = cg_path_join(dir, rel);
    size_t len;
    char *data = path ? cg_read_file(path, &len) : NULL;
    *count = 0;
    if (!data) {
        cg_diag_add(diag, file, at.line, at.col, rule_id, "cannot read '%s': %s", path ? path : rel, strerror(errno));
        free(path);
        return 1;
    }
    size_t errors = 0;
    unsigned lineno = 0;
    char *p = data, *end = data + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end, *line_start = p;
        lineno++;
        char *s = p;
        p = nl ? nl + 1 : end;
        while (s < le && is_space(*s))
            s++;
        char *e = le;
        while (e > s && is_space(e[-1]))
            e--;
        if (s == e || *s == '#')
            continue;
        entry en = {0};
        en.line = lineno;
        en.col = cg_utf8_column(line_start, (size_t)(s - line_start));
        if (*s == '!') {
            en.exception = 1;
            s++;
        }
        if (s < e && *s == '*') {
            en.lead = 1;
            s++;
        }
        if (e > s && e[-1] == '*') {
            en.trail = 1;
            e--;
        }
        char *star = memchr(s, '*', (size_t)(e - s));
        if (s == e || star) {
            cg_diag_add(diag, path, lineno, star ? cg_utf8_column(line_start, (size_t)(star - line_start)) : en.col,
                        rule_id, star ? "'*' is allowed only at the start or end of an entry" : "empty entry");
            errors++;
            continue;
        }
        en.s = s;
        en.len = (size_t)(e - s);
        size_t err = fn(ctx, &en, path, diag);
        errors += err;
        if (!err)
            (*count)++;
    }
    free(data);
    free(path);
    return errors;
}

/* Translate an entry's word into a word pattern. Returns 0, or 1 after a diagnostic. */
static size_t entry_wordpat(const entry *en, const char *path, const cg_rule *r, cg_diagnostics *diag,
                            cg_wordpat *out)
{
    uint8_t *w = NULL;
    size_t wl = 0;
    const char *rule_id = r->id;
    if (cg_translate_word_for(en->s, en->len, r->view, &w, &wl) != 0 || wl == 0 || wl > 255) {
        cg_diag_add(diag, path, en->line, en->col, rule_id,
                    wl > 255 ? "entry longer than 255 characters" : "entry has no characters");
        free(w);
        return 1;
    }
    *out = (cg_wordpat){w, (uint16_t)wl, (uint8_t)!en->lead, (uint8_t)!en->trail};
    return 0;
}

static int push_wordpat(cg_wordpat **arr, size_t *n, cg_wordpat wp)
{
    cg_wordpat *na = realloc(*arr, (*n + 1) * sizeof *na);
    if (!na) {
        free(wp.word);
        return -1;
    }
    *arr = na;
    na[(*n)++] = wp;
    return 0;
}

typedef struct lexicon_ctx {
    cg_ruleset *rs;
    cg_rule *r;
    uint32_t ri;
} lexicon_ctx;

static size_t lexicon_entry(void *ctx, const entry *en, const char *path, cg_diagnostics *diag)
{
    lexicon_ctx *lc = ctx;
    cg_wordpat wp;
    if (entry_wordpat(en, path, lc->r, diag, &wp) != 0)
        return 1;
    if (en->exception)
        return push_wordpat(&lc->r->exceptions, &lc->r->n_exceptions, wp) != 0;
    cg_lexicon_set *lx = &lc->rs->lex[lc->r->view];
    if (cg_grow((void **)&lx->entries, &lx->cap, lx->n + 1, sizeof *lx->entries) != 0) {
        free(wp.word);
        return 1;
    }
    uint8_t **nw = realloc(lx->words, lx->cap * sizeof *nw);
    if (!nw) {
        free(wp.word);
        return 1;
    }
    lx->words = nw;
    lx->words[lx->n] = wp.word;
    lx->entries[lx->n] = (cg_lex_entry){lc->ri, wp.len,
                                        (uint8_t)((en->lead ? 0 : CG_BOUND_LEFT) | (en->trail ? 0 : CG_BOUND_RIGHT)), 0};
    lx->n++;
    return 0;
}

/* Load the lexicon of rule r (index ri) into the lexicon set of its view. Returns the error count. */
static size_t load_lexicon(cg_ruleset *rs, cg_rule *r, uint32_t ri, src_loc at, cg_diagnostics *diag)
{
    lexicon_ctx lc = {rs, r, ri};
    size_t count, before = rs->lex[r->view].n;
    size_t errors = read_entries(rs->rules_dir, r->lexicon, r->file, at, r->id, diag, lexicon_entry, &lc, &count);
    if (errors == 0 && rs->lex[r->view].n == before) {
        cg_diag_add(diag, r->file, at.line, at.col, r->id, "lexicon '%s' has no entries", r->lexicon);
        errors++;
    }
    return errors;
}

typedef struct words_ctx {
    cg_context_words *cw;
    const cg_rule *r;
} words_ctx;

static size_t context_entry(void *ctx, const entry *en, const char *path, cg_diagnostics *diag)
{
    words_ctx *wc = ctx;
    if (en->exception) {
        cg_diag_add(diag, path, en->line, en->col, wc->r->id, "'!' exceptions belong in lexicons, not context lists");
        return 1;
    }
    cg_wordpat wp;
    if (entry_wordpat(en, path, wc->r, diag, &wp) != 0)
        return 1;
    return push_wordpat(&wc->cw->pats, &wc->cw->n, wp) != 0;
}

typedef struct except_ctx {
    cg_rule *r;
} except_ctx;

/* An exceptions file: word patterns, with or without the '!' a lexicon would need. */
static size_t exception_entry(void *ctx, const entry *en, const char *path, cg_diagnostics *diag)
{
    except_ctx *xc = ctx;
    cg_wordpat wp;
    if (entry_wordpat(en, path, xc->r, diag, &wp) != 0)
        return 1;
    return push_wordpat(&xc->r->exceptions, &xc->r->n_exceptions, wp) != 0;
}

static size_t load_context(cg_ruleset *rs, cg_rule *r, const char *rel, src_loc at, cg_context_words *cw,
                           cg_diagnostics *diag)
{
    words_ctx wc = {cw, r};
    size_t count;
    size_t errors = read_entries(rs->rules_dir, rel, r->file, at, r->id, diag, context_entry, &wc, &count);
    if (errors == 0 && count == 0) {
        cg_diag_add(diag, r->file, at.line, at.col, r->id, "context list '%s' has no entries", rel);
        errors++;
    }
    return errors;
}

static int parse_bounds(const char *v, unsigned *out)
{
    static const struct { const char *name; unsigned b; } tab[] = {
        {"none", CG_BOUND_NONE}, {"word", CG_BOUND_WORD}, {"left", CG_BOUND_LEFT},
        {"right", CG_BOUND_RIGHT}, {"number", CG_BOUND_NUMBER}, {"host", CG_BOUND_HOST},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(v, tab[i].name) == 0) {
            *out = tab[i].b;
            return 0;
        }
    return -1;
}

/* Finish a rule section: check required keys, expand lists, load lexicon; append to rs on success. */
static size_t finish_rule(cg_ruleset *rs, pending_rule *pr, cg_diagnostics *diag)
{
    cg_rule *r = &pr->r;
    size_t errors = 0; /* new errors; those in pr->errors were counted when found */
    int had_errors = pr->errors > 0;
    if (!r->id)
        return 0;
    if (!pr->has_category) {
        if (!pr->seen_category) {
            cg_diag_add(diag, r->file, r->line, 1, r->id, "rule has no 'category'");
            errors++;
        }
    } else {
        const char *name = cg_category_name(r->category);
        size_t nl = strlen(name);
        if (strncmp(r->id, name, nl) != 0 || r->id[nl] != '.' || r->id[nl + 1] == 0) {
            cg_diag_add(diag, r->file, r->line, 2, r->id, "rule id must be '%s.<name>'", name);
            errors++;
        }
    }
    if (!pr->has_severity && !pr->seen_severity) {
        cg_diag_add(diag, r->file, r->line, 1, r->id, "rule has no 'severity' (1..%d)", MAX_SEVERITY);
        errors++;
    }
    if (!pr->has_view)
        r->view = CG_VIEW_TEXT;
    if (!pr->pattern_src && !r->lexicon) {
        if (!pr->seen_source) {
            cg_diag_add(diag, r->file, r->line, 1, r->id, "rule needs a 'pattern' or a 'lexicon'");
            errors++;
        }
    } else if (pr->pattern_src && r->lexicon) {
        cg_diag_add(diag, r->file, pr->at_lexicon.line, pr->at_lexicon.col, r->id,
                    "a rule has either a 'pattern' or a 'lexicon', not both");
        errors++;
    }
    if (r->lexicon && pr->has_bounds) {
        cg_diag_add(diag, r->file, r->line, 1, r->id,
                    "'bounds' is for patterns; lexicon entries set their own with '*'");
        errors++;
    }
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i].id, r->id) == 0) {
            cg_diag_add(diag, r->file, r->line, 2, r->id, "duplicate rule id (first defined in %s:%u)",
                        rs->rules[i].file, rs->rules[i].line);
            errors++;
            break;
        }
    if (errors == 0 && !had_errors && pr->pattern_src) {
        r->pattern = expand_lists(pr->pattern_src, rs->rules_dir, r->file, pr->at_pattern.line, pr->at_pattern.col,
                                  r, diag);
        if (!r->pattern)
            errors++;
        r->pattern_line = pr->at_pattern.line;
        r->pattern_col = pr->at_pattern.col;
    }
    if (errors == 0 && !had_errors && pr->exceptions_path) {
        except_ctx xc = {r};
        size_t count;
        errors += read_entries(rs->rules_dir, pr->exceptions_path, r->file, pr->at_exceptions, r->id, diag,
                               exception_entry, &xc, &count);
    }
    if (errors == 0 && !had_errors && pr->context_path)
        errors += load_context(rs, r, pr->context_path, pr->at_context, &r->context, diag);
    if (errors == 0 && !had_errors && pr->not_context_path)
        errors += load_context(rs, r, pr->not_context_path, pr->at_not_context, &r->not_context, diag);
    if (errors == 0 && !had_errors && ((pr->has_context_window && !pr->context_path) ||
                                       (pr->has_not_context_window && !pr->not_context_path))) {
        cg_diag_add(diag, r->file, r->line, 1, r->id, "a context window without its 'context' or 'not_context'");
        errors++;
    }
    if (!pr->has_context_window)
        r->context.before = r->context.after = 3;
    if (!pr->has_not_context_window)
        r->not_context.before = r->not_context.after = 3;
    if (errors == 0 && !had_errors && r->lexicon) {
        r->kind = CG_MATCH_LEXICON;
        errors += load_lexicon(rs, r, (uint32_t)rs->n, pr->at_lexicon, diag);
    }
    if (errors == 0 && !had_errors) {
        if (cg_grow((void **)&rs->rules, &rs->cap, rs->n + 1, sizeof *rs->rules) == 0) {
            rs->rules[rs->n++] = *r;
            memset(r, 0, sizeof *r);
        } else {
            cg_diag_add(diag, r->file, r->line, 1, r->id, "out of memory");
            errors++;
        }
    }
    free(pr->pattern_src);
    free(pr->context_path);
    free(pr->not_context_path);
    free(pr->exceptions_path);
    cg_rule_free(r);
    memset(pr, 0, sizeof *pr);
    return errors;
}

/* A key whose value names a file under the rules directory (lexicon, context, exceptions): once per
 * rule, relative, no "..". Returns 1 after a diagnostic, 0 when stored. */
static int set_path(char **dst, src_loc *dst_at, const char *key, const char *v, src_loc at, const char *file,
                    const char *rule_id, cg_diagnostics *diag)
{
    if (*dst || strstr(v, "..") || v[0] == '/') {
        cg_diag_add(diag, file, at.line, at.col, rule_id,
                    *dst ? "second '%s' in one rule" : "'%s' path must be relative to the rules directory, without '..'",
                    key);
        return 1;
    }
    *dst = cg_strdup(v);
    *dst_at = at;
    return 0;
}

static size_t parse_file(cg_ruleset *rs, const char *path, cg_diagnostics *diag)
{
    size_t len;
    char *data = cg_read_file(path, &len);
    if (!data) {
        cg_diag_add(diag, path, 0, 0, NULL, "cannot read rule file: %s", strerror(errno));
        return 1;
    }
    size_t errors = 0;
    pending_rule pr;
    memset(&pr, 0, sizeof pr);
    int in_bad_section = 0;
    unsigned lineno = 0;
    char *p = data, *end = data + len;
    if (memchr(data, 0, len)) {
        cg_diag_add(diag, path, 0, 0, NULL, "rule file contains a NUL byte");
        free(data);
        return 1;
    }
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *line = p;
        lineno++;
        p = nl ? nl + 1 : end;
        *le = 0;
        char *s = line;
        while (*s && is_space(*s))
            s++;
        char *e = le;
        while (e > s && is_space(e[-1]))
            *--e = 0;
        if (*s == 0 || *s == '#')
            continue;
        unsigned col = cg_utf8_column(line, (size_t)(s - line));
        if (*s == '[') {
            errors += finish_rule(rs, &pr, diag);
            in_bad_section = 0;
            char *close = strchr(s, ']');
            if (!close || close[1] != 0) {
                cg_diag_add(diag, path, lineno, col, NULL, "section header must be '[category.name]'");
                errors++;
                in_bad_section = 1;
                continue;
            }
            for (char *c = s + 1; c < close; c++)
                if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' || *c == '-')) {
                    cg_diag_add(diag, path, lineno, cg_utf8_column(line, (size_t)(c - line)), NULL,
                                "rule id may use only a-z 0-9 . _ -");
                    errors++;
                    in_bad_section = 1;
                    break;
                }
            if (in_bad_section)
                continue;
            pr.r.id = cg_strndup(s + 1, (size_t)(close - s - 1));
            pr.r.file = cg_strdup(path);
            pr.r.line = lineno;
            pr.r.validator = -1;
            pr.r.bounds = CG_BOUND_NONE;
            pr.r.roles = (1u << CG_ROLE_COUNT) - 1;
            pr.r.channels = (1u << CG_CHANNEL_COUNT) - 1;
            if (!pr.r.id || !pr.r.file) {
                errors++;
                cg_rule_free(&pr.r);
                memset(&pr, 0, sizeof pr);
            }
            continue;
        }
        if (in_bad_section)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            cg_diag_add(diag, path, lineno, col, pr.r.id, "expected 'key = value'");
            errors++;
            pr.errors++;
            continue;
        }
        if (!pr.r.id) {
            cg_diag_add(diag, path, lineno, col, NULL, "'key = value' before the first [rule] section");
            errors++;
            continue;
        }
        char *ke = eq;
        while (ke > s && is_space(ke[-1]))
            ke--;
        *ke = 0;
        char *v = eq + 1;
        while (*v && is_space(*v))
            v++;
        unsigned vcol = cg_utf8_column(line, (size_t)(v - line));
        src_loc at = {lineno, vcol};
        const char *key = s;
        int bad = 0;
        if (*v == 0 && strcmp(key, "counterexample") != 0) {
            cg_diag_add(diag, path, lineno, vcol, pr.r.id, "'%s' has no value", key);
            bad = 1;
            /* one diagnostic per mistake: the section is not also told it lacks this key */
            pr.seen_category |= strcmp(key, "category") == 0;
            pr.seen_severity |= strcmp(key, "severity") == 0;
            pr.seen_source |= strcmp(key, "pattern") == 0 || strcmp(key, "lexicon") == 0;
        } else if (strcmp(key, "category") == 0) {
            pr.seen_category = 1;
            int c = cg_category_from_name(v, strlen(v));
            if (c < 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "unknown category '%s'", v);
                bad = 1;
            } else {
                pr.r.category = (cg_category)c;
                pr.has_category = 1;
            }
        } else if (strcmp(key, "severity") == 0) {
            pr.seen_severity = 1;
            char *ep;
            long sv = strtol(v, &ep, 10);
            if (*ep || sv < 1 || sv > MAX_SEVERITY) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "severity must be an integer 1..%d", MAX_SEVERITY);
                bad = 1;
            } else {
                pr.r.severity = (int)sv;
                pr.has_severity = 1;
            }
        } else if (strcmp(key, "view") == 0) {
            int vw = cg_view_from_name(v, strlen(v));
            if (vw < 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "unknown view '%s' (text, digits, contact, letters)", v);
                bad = 1;
            } else {
                pr.r.view = vw;
                pr.has_view = 1;
            }
        } else if (strcmp(key, "pattern") == 0) {
            if (pr.pattern_src) {
                cg_diag_add(diag, path, lineno, col, pr.r.id, "second 'pattern' in one rule");
                bad = 1;
            } else {
                pr.pattern_src = cg_strdup(v);
                pr.at_pattern = at;
            }
        } else if (strcmp(key, "lexicon") == 0) {
            pr.seen_source = 1;
            bad = set_path(&pr.r.lexicon, &pr.at_lexicon, key, v, at, path, pr.r.id, diag);
        } else if (strcmp(key, "bounds") == 0) {
            if (parse_bounds(v, &pr.r.bounds) != 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id,
                            "unknown bounds '%s' (none, word, left, right, number, host)", v);
                bad = 1;
            } else {
                pr.has_bounds = 1;
            }
        } else if (strcmp(key, "validate") == 0) {
            int vi = cg_validator_find(v, strlen(v));
            if (vi < 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "unknown validator '%s'", v);
                bad = 1;
            } else {
                pr.r.validator = vi;
            }
        } else if (strcmp(key, "example") == 0) {
            if (add_string(&pr.r.examples, &pr.r.example_lines, &pr.r.n_examples, v, strlen(v), lineno) != 0)
                bad = 1;
        } else if (strcmp(key, "counterexample") == 0) {
            if (*v == 0 || add_string(&pr.r.counterexamples, &pr.r.counterexample_lines, &pr.r.n_counterexamples, v,
                                      strlen(v), lineno) != 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "'counterexample' has no value");
                bad = 1;
            }
        } else if (strcmp(key, "context") == 0 || strcmp(key, "not_context") == 0 || strcmp(key, "exceptions") == 0) {
            int neg = key[0] == 'n', exc = key[0] == 'e';
            bad = set_path(exc ? &pr.exceptions_path : neg ? &pr.not_context_path : &pr.context_path,
                           exc ? &pr.at_exceptions : neg ? &pr.at_not_context : &pr.at_context, key, v, at, path,
                           pr.r.id, diag);
        } else if (strcmp(key, "context_window") == 0 || strcmp(key, "not_context_window") == 0) {
            /* "N" looks N words each side; "B:A" looks B words before and A after. */
            char *ep, *ep2 = NULL;
            long b = strtol(v, &ep, 10), a = b;
            if (*ep == ':')
                a = strtol(ep + 1, &ep2, 10);
            if ((ep2 ? *ep2 : *ep) || b < 0 || a < 0 || b > 20 || a > 20 || a + b == 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id,
                            "%s must be N or BEFORE:AFTER, numbers of words 0..20, not both 0", key);
                bad = 1;
            } else {
                cg_context_words *cw = key[0] == 'n' ? &pr.r.not_context : &pr.r.context;
                cw->before = (unsigned)b;
                cw->after = (unsigned)a;
                *(key[0] == 'n' ? &pr.has_not_context_window : &pr.has_context_window) = 1;
            }
        } else if (strcmp(key, "context_follow") == 0) {
            uint8_t *w = NULL;
            size_t wl = 0;
            if (pr.has_context_follow) {
                cg_diag_add(diag, path, lineno, col, pr.r.id, "second 'context_follow' in one rule");
                bad = 1;
            } else if (cg_translate_word(v, strlen(v), &w, &wl) != 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "'context_follow' is not valid UTF-8");
                bad = 1;
            } else {
                pr.r.context_follow = (char *)w;
            }
            pr.has_context_follow = 1;
        } else if (strcmp(key, "role") == 0) {
            int ro = cg_role_from_name(v, strlen(v));
            if (ro < 0 && strcmp(v, "any") != 0) {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "role must be seller, buyer or any");
                bad = 1;
            } else {
                pr.r.roles = ro < 0 ? (1u << CG_ROLE_COUNT) - 1 : 1u << ro;
            }
        } else if (strcmp(key, "channel") == 0) {
            /* one or more of chat, review_reply, question_answer (space-separated), or any */
            unsigned mask = 0;
            for (const char *c = v; *c;) {
                while (*c == ' ' || *c == '\t')
                    c++;
                const char *w = c;
                while (*c && *c != ' ' && *c != '\t')
                    c++;
                if (c == w)
                    break;
                int ch = cg_channel_from_name(w, (size_t)(c - w));
                if (ch < 0 && !((size_t)(c - w) == 3 && memcmp(w, "any", 3) == 0)) {
                    cg_diag_add(diag, path, lineno, cg_utf8_column(line, (size_t)(w - line)), pr.r.id,
                                "unknown channel '%.*s' (chat, review_reply, question_answer or any)", (int)(c - w), w);
                    bad = 1;
                    break;
                }
                mask |= ch < 0 ? (1u << CG_CHANNEL_COUNT) - 1 : 1u << ch;
            }
            if (!bad)
                pr.r.channels = mask;
        } else if (strcmp(key, "span") == 0) {
            if (strcmp(v, "word") == 0 || strcmp(v, "match") == 0) {
                pr.r.span_word = v[0] == 'w';
            } else {
                cg_diag_add(diag, path, lineno, vcol, pr.r.id, "span must be 'match' or 'word'");
                bad = 1;
            }
        } else if (strcmp(key, "description") == 0) {
            /* free text for people; not used by the engine */
        } else {
            cg_diag_add(diag, path, lineno, col, pr.r.id, "unknown key '%s'", key);
            bad = 1;
        }
        if (bad) {
            errors++;
            pr.errors++;
        }
    }
    errors += finish_rule(rs, &pr, diag);
    free(data);
    return errors;
}

size_t cg_rules_parse_dir(cg_ruleset *rs, const char *dir, cg_diagnostics *diag)
{
    rs->rules_dir = cg_strdup(dir);
    char **names;
    long n = list_dir(dir, ".rules", &names);
    if (n < 0) {
        cg_diag_add(diag, dir, 0, 0, NULL, "cannot read rules directory: %s", strerror(errno));
        return 1;
    }
    if (n == 0) {
        cg_diag_add(diag, dir, 0, 0, NULL, "no *.rules files in the rules directory");
        free(names);
        return 1;
    }
    size_t errors = 0;
    for (long i = 0; i < n; i++) {
        char *path = cg_path_join(dir, names[i]);
        if (path)
            errors += parse_file(rs, path, diag);
        free(path);
    }
    free_names(names, n);
    return errors;
}
