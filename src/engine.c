/* engine.c — the public API: loading an engine, scanners, and the one call that checks a message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

#ifndef CG_DEFAULT_RULES_DIR
#define CG_DEFAULT_RULES_DIR "/usr/local/share/chatguard/rules"
#endif

#define DEFAULT_MAX_MESSAGE (1u << 20)
#define HARD_MAX_MESSAGE (1u << 30) /* offsets are 32-bit; views may be larger than the message */

/* ------------------------------------------------------------------------------------------------ */
/* Version, errors, names                                                                           */

unsigned cg_version_number(void) { return CG_VERSION_NUMBER; }

const char *cg_version_string(void) { return CG_VERSION_STRING; }

const char *cg_strerror(int err)
{
    switch (err) {
    case CG_OK: return "success";
    case CG_E_INVALID_ARG: return "invalid argument";
    case CG_E_NOMEM: return "out of memory";
    case CG_E_IO: return "cannot read a rule, lexicon or profile file";
    case CG_E_RULES: return "the rules or the profile have errors (see the diagnostics)";
    case CG_E_NO_PROFILE: return "no such profile in the rules directory";
    case CG_E_TOO_LONG: return "message longer than the configured maximum";
    case CG_E_INVALID_UTF8: return "message is not valid UTF-8";
    case CG_E_SCAN: return "the regex engine failed while scanning";
    case CG_E_PLATFORM: return "this CPU cannot run Hyperscan (SSSE3 required)";
    case CG_E_BAD_STATE: return "serialized state is corrupt or of another version";
    default: return "unknown error";
    }
}

static const char *const category_names[CG_CAT_COUNT] = {
    "phone",   "email",         "link", "messenger", "offplatform", "pii_request", "profanity",
    "insult",  "disparagement", "ads",  "one_word",  "phishing",    "extortion",   "spam",
};
static const char *const role_names[CG_ROLE_COUNT] = {"seller", "buyer"};
static const char *const channel_names[CG_CHANNEL_COUNT] = {"chat", "review_reply", "question_answer"};

static int name_index(const char *const *names, int n, const char *s, size_t len)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return -1;
}

const char *cg_category_name(cg_category c) { return (unsigned)c < CG_CAT_COUNT ? category_names[c] : NULL; }
const char *cg_role_name(cg_role r) { return (unsigned)r < CG_ROLE_COUNT ? role_names[r] : NULL; }
const char *cg_channel_name(cg_channel c) { return (unsigned)c < CG_CHANNEL_COUNT ? channel_names[c] : NULL; }
int cg_category_from_name(const char *s, size_t len) { return name_index(category_names, CG_CAT_COUNT, s, len); }
int cg_role_from_name(const char *s, size_t len) { return name_index(role_names, CG_ROLE_COUNT, s, len); }
int cg_channel_from_name(const char *s, size_t len) { return name_index(channel_names, CG_CHANNEL_COUNT, s, len); }

/* ------------------------------------------------------------------------------------------------ */
/* Engine                                                                                           */

static void engine_free(cg_engine *e)
{
    for (size_t i = 0; i < e->n_rules; i++)
        cg_rule_free(&e->rules[i]);
    free(e->rules);
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        hs_free_database(e->views[v].db);
        free(e->views[v].pats);
    }
    cg_profile_free(&e->profile);
    cg_list_free(&e->tlds);
    cg_list_free(&e->brands);
    cg_list_free(&e->bait);
    pcre2_match_context_free(e->mctx);
    free(e->mask_text);
    free(e->cache_dir);
    free(e);
}

static int valid_profile_name(const char *p)
{
    if (!*p || strlen(p) > 64)
        return 0;
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

int cg_engine_load(const char *rules_dir, const char *profile, const cg_options *opts, cg_engine **engine_out,
                   cg_diagnostics **diag_out)
{
    if (diag_out)
        *diag_out = NULL;
    if (!engine_out)
        return CG_E_INVALID_ARG;
    *engine_out = NULL;
    /* struct_size: this header's, or 0.1.0's (the fields before cache_dir; the rest keep their defaults) */
    if (opts && opts->struct_size != sizeof(cg_options) && opts->struct_size != offsetof(cg_options, cache_dir))
        return CG_E_INVALID_ARG; /* built against another version of this header */
    if (!rules_dir)
        rules_dir = getenv("CHATGUARD_RULES_DIR");
    if (!rules_dir || !*rules_dir)
        rules_dir = CG_DEFAULT_RULES_DIR;
    if (!profile)
        profile = "wb";
    if (hs_valid_platform() != HS_SUCCESS)
        return CG_E_PLATFORM;

    cg_diagnostics *diag = cg_diag_new();
    cg_engine *e = calloc(1, sizeof *e);
    if (!diag || !e) {
        cg_diagnostics_free(diag);
        free(e);
        return CG_E_NOMEM;
    }
    atomic_init(&e->refs, 1);
    cg_options def = CG_OPTIONS_INIT;
    e->opts = def;
    if (opts)
        memcpy(&e->opts, opts, opts->struct_size);
    e->opts.struct_size = sizeof e->opts;
    if (e->opts.max_message_bytes == 0)
        e->opts.max_message_bytes = DEFAULT_MAX_MESSAGE;
    if (e->opts.max_message_bytes > HARD_MAX_MESSAGE)
        e->opts.max_message_bytes = HARD_MAX_MESSAGE;
    int nomem = 0;
    if (e->opts.mask_text) {
        e->mask_text = cg_strdup(e->opts.mask_text);
        nomem |= !e->mask_text;
        e->opts.mask_text = e->mask_text;
    }
    if (e->opts.cache_dir && *e->opts.cache_dir) { /* the compiled-database cache: compile/cache.c */
        e->cache_dir = cg_strdup(e->opts.cache_dir);
        nomem |= !e->cache_dir;
    }
    e->opts.cache_dir = e->cache_dir;
    if (nomem) {
        cg_diagnostics_free(diag);
        engine_free(e);
        return CG_E_NOMEM;
    }

    int rc = CG_OK;
    cg_ruleset rs;
    memset(&rs, 0, sizeof rs);
    size_t errors = 0;
    if (!valid_profile_name(profile)) {
        cg_diag_add(diag, "", 0, 0, NULL, "bad profile name '%s' (a-z 0-9 - _)", profile);
        rc = CG_E_NO_PROFILE;
    } else {
        char rel[96];
        snprintf(rel, sizeof rel, "profiles/%s.profile", profile);
        char *ppath = cg_path_join(rules_dir, rel);
        int prc = ppath ? cg_profile_load(&e->profile, ppath, profile, diag) : CG_E_NOMEM;
        free(ppath);
        if (prc != CG_OK)
            rc = prc;
    }
    /* Parse and compile the rules even when the profile failed, so one run reports every problem. The
     * validators read the profile's allowed domains only at scan time, so the order does not matter. */
    errors += cg_rules_parse_dir(&rs, rules_dir, diag);
    errors += cg_compile_ruleset(e, &rs, diag, !e->opts.no_jit, errors + (rc != CG_OK));
    if (errors == 0)
        errors += cg_load_lists(e, rules_dir, diag);
    cg_ruleset_free(&rs);
    if (errors && rc == CG_OK)
        rc = CG_E_RULES;
    if (rc == CG_OK) {
        e->mctx = pcre2_match_context_create(NULL);
        if (!e->mctx)
            rc = CG_E_NOMEM;
        else {
            /* Bounds on PCRE2 work per confirmation: a rule that would backtrack badly cannot stall a scan. */
            pcre2_set_match_limit(e->mctx, 100000);
            pcre2_set_depth_limit(e->mctx, 2000);
        }
    }
    if (rc != CG_OK) {
        engine_free(e);
        if (diag_out)
            *diag_out = diag;
        else
            cg_diagnostics_free(diag);
        return rc;
    }
    cg_diagnostics_free(diag);
    *engine_out = e;
    return CG_OK;
}

cg_engine *cg_engine_ref(cg_engine *e)
{
    if (e)
        atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
    return e;
}

void cg_engine_unref(cg_engine *e)
{
    if (e && atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1)
        engine_free(e);
}

int cg_engine_get_info(const cg_engine *e, cg_engine_info *info)
{
    if (!e || !info)
        return CG_E_INVALID_ARG;
    memset(info, 0, sizeof *info);
    info->rules = e->n_rules;
    for (int v = 0; v < CG_VIEW_COUNT; v++) {
        if (!e->views[v].db)
            continue;
        size_t sz = 0;
        hs_database_size(e->views[v].db, &sz);
        info->database_bytes += sz;
        info->patterns += e->views[v].n_pats;
        info->views++;
    }
    info->profile = e->profile.name;
    return CG_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

void cg_list_free(cg_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int cg_list_has(const cg_list *l, const char *key)
{
    return l->n && bsearch(&key, l->items, l->n, sizeof *l->items, cmp_str) != NULL;
}

/* Read lists/<name> of the rules directory: one item per line, folded into the internal alphabet. */
static size_t load_list(cg_list *l, const char *rules_dir, const char *name, int sorted, cg_diagnostics *diag)
{
    char rel[64];
    snprintf(rel, sizeof rel, "lists/%s", name);
    char *path = cg_path_join(rules_dir, rel);
    size_t len, cap = 0;
    char *data = path ? cg_read_file(path, &len) : NULL;
    if (!data) {
        cg_diag_add(diag, path ? path : rel, 0, 0, NULL, "cannot read the list a validator needs: %s", strerror(errno));
        free(path);
        return 1;
    }
    size_t errors = 0;
    unsigned lineno = 0;
    for (char *ln = data, *next; ln < data + len; ln = next) {
        char *nl = memchr(ln, '\n', (size_t)(data + len - ln));
        next = nl ? nl + 1 : data + len;
        lineno++;
        size_t n = (size_t)(next - ln) - (nl != NULL);
        while (n && (*ln == ' ' || *ln == '\t'))
            ln++, n--;
        while (n && (ln[n - 1] == ' ' || ln[n - 1] == '\r' || ln[n - 1] == '\t'))
            n--;
        if (!n || ln[0] == '#')
            continue;
        uint8_t *w;
        size_t wl;
        if (memchr(ln, 0, n) || cg_translate_word(ln, n, &w, &wl) != 0) {
            cg_diag_add(diag, path, lineno, 1, NULL, "list item is not valid UTF-8 text");
            errors++;
            continue;
        }
        if (cg_grow((void **)&l->items, &cap, l->n + 1, sizeof *l->items) != 0) {
            free(w);
            cg_diag_add(diag, path, lineno, 1, NULL, "out of memory");
            errors++;
            break;
        }
        l->items[l->n++] = (char *)w;
    }
    if (sorted && l->n)
        qsort(l->items, l->n, sizeof *l->items, cmp_str);
    free(data);
    free(path);
    return errors;
}

size_t cg_load_lists(cg_engine *e, const char *rules_dir, cg_diagnostics *diag)
{
    int domain = cg_validator_find("domain", 6), lookalike = cg_validator_find("lookalike_domain", 16);
    int need_tlds = 0, need_brands = 0;
    for (size_t i = 0; i < e->n_rules; i++) {
        need_tlds |= e->rules[i].validator == domain;
        need_brands |= e->rules[i].validator == lookalike;
    }
    size_t errors = 0;
    if (need_tlds)
        errors += load_list(&e->tlds, rules_dir, "tlds.txt", 1, diag);
    if (need_brands) {
        errors += load_list(&e->brands, rules_dir, "brands.txt", 0, diag);
        errors += load_list(&e->bait, rules_dir, "phishing_bait.txt", 1, diag);
    }
    return errors;
}

size_t cg_engine_rule_count(const cg_engine *e) { return e ? e->n_rules : 0; }

int cg_engine_rule_info(const cg_engine *e, size_t i, cg_rule_info *info)
{
    if (!e || !info || i >= e->n_rules)
        return CG_E_INVALID_ARG;
    const cg_rule *r = &e->rules[i];
    info->id = r->id;
    info->category = r->category;
    info->severity = r->severity;
    info->view = cg_view_name((unsigned)r->view);
    info->file = r->file;
    info->line = r->line;
    info->roles = r->roles;
    info->n_examples = r->n_examples;
    info->n_counterexamples = r->n_counterexamples;
    return CG_OK;
}

unsigned cg_engine_rule_channels(const cg_engine *e, size_t i)
{
    return e && i < e->n_rules ? e->rules[i].channels : 0;
}

const char *cg_engine_rule_example(const cg_engine *e, size_t i, size_t k, int counter, unsigned *line)
{
    if (!e || i >= e->n_rules)
        return NULL;
    const cg_rule *r = &e->rules[i];
    if (k >= (counter ? r->n_counterexamples : r->n_examples))
        return NULL;
    if (line)
        *line = counter ? r->counterexample_lines[k] : r->example_lines[k];
    return counter ? r->counterexamples[k] : r->examples[k];
}

/* ------------------------------------------------------------------------------------------------ */
/* Scanner                                                                                          */

int cg_scanner_new(cg_scanner **out)
{
    if (!out)
        return CG_E_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    return *out ? CG_OK : CG_E_NOMEM;
}

void cg_scanner_free(cg_scanner *s)
{
    if (!s)
        return;
    cg_engine_unref((cg_engine *)s->engine);
    hs_free_scratch(s->scratch);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        cg_view_free(&s->views.v[v]);
    cg_view_free(&s->views.tmp);
    free(s->raw.m);
    free(s->pending);
    free(s->pending_list);
    free(s->ends);
    free(s->rule_ends);
    free(s->hits);
    free(s->masked);
    free(s->bitems);
    free(s->bhits);
    free(s->bmasked);
    free(s->parts);
    cg_conv_scratch_free(s->conv);
#ifdef CG_SCAN_STATS
    free(s->stats.rule_confirms);
    free(s->stats.rule_pcre2);
    free(s->stats.rule_pcre2_span);
#endif
    free(s);
}

size_t cg_scanner_memory(const cg_scanner *s)
{
    if (!s)
        return 0;
    size_t n = sizeof *s, sz = 0;
    if (s->scratch && hs_scratch_size(s->scratch, &sz) == HS_SUCCESS)
        n += sz;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        n += s->views.v[v].cap * (1 + 2 * sizeof(uint32_t));
    n += s->raw.cap * sizeof(cg_raw_match) + s->pending_cap + s->hits_cap * sizeof(cg_hit) + s->masked_cap;
    n += s->parts_cap * sizeof(cg_part) + cg_conv_scratch_memory(s->conv);
    n += (s->ends_cap + s->rule_ends_cap) * sizeof(cg_end) + s->pending_cap * sizeof(uint32_t);
    return n;
}

size_t cg_scanner_view(const cg_scanner *s, unsigned view, char *buf, size_t cap, size_t *orig, size_t orig_cap)
{
    if (cap && buf)
        buf[0] = 0;
    if (!s || view >= CG_VIEW_COUNT || !s->engine)
        return 0;
    const cg_view *v = &s->views.v[view];
    size_t n = 0;
    int full = 0; /* a prefix of whole characters: once one does not fit, nothing after it is written */
    for (size_t i = 0; i < v->len; i++) {
        char u[4];
        size_t k = cg_alpha_to_utf8(v->b[i], u);
        full |= !(n + k < cap);
        if (buf && !full) {
            memcpy(buf + n, u, k);
            n += k;
            buf[n] = 0;
        }
        if (orig && 2 * i + 1 < orig_cap) {
            orig[2 * i] = v->os[i];
            orig[2 * i + 1] = v->oe[i];
        }
    }
    return v->len;
}

/* Size the scanner's scratch and tables for engine e. Only when the engine changes (a reload). The
 * scanner holds a reference to the engine it is prepared for, so that engine cannot be freed and its
 * address reused by another while the scanner still thinks it is prepared for it. */
static int scanner_prepare(cg_scanner *s, const cg_engine *e)
{
    if (s->engine == e)
        return CG_OK;
    for (int v = 0; v < CG_VIEW_COUNT; v++)
        if (e->views[v].db && hs_alloc_scratch(e->views[v].db, &s->scratch) != HS_SUCCESS)
            return CG_E_NOMEM;
    size_t list_cap = 0;
    if (cg_grow((void **)&s->pending, &s->pending_cap, e->n_rules + 1, 1) != 0)
        return CG_E_NOMEM;
    /* no rule is pending between checks: the list clears exactly what it set */
    memset(s->pending, 0, s->pending_cap);
    free(s->pending_list);
    s->pending_list = NULL;
    s->n_pending = 0;
    if (cg_grow((void **)&s->pending_list, &list_cap, e->n_rules + 1, sizeof *s->pending_list) != 0)
        return CG_E_NOMEM;
    pcre2_match_data *md = pcre2_match_data_create((uint32_t)e->max_captures, NULL);
    if (!md)
        return CG_E_NOMEM;
    pcre2_match_data_free(s->md);
    s->md = md;
    /* A copy of the engine's match context: confirmation sets an offset limit per call, and the engine's
     * own context is shared by every thread. */
    pcre2_match_context *mctx = pcre2_match_context_copy(e->mctx);
    if (!mctx)
        return CG_E_NOMEM;
    pcre2_match_context_free(s->mctx);
    s->mctx = mctx;
#ifdef CG_SCAN_STATS
    free(s->stats.rule_confirms);
    free(s->stats.rule_pcre2);
    free(s->stats.rule_pcre2_span);
    memset(&s->stats, 0, sizeof s->stats);
    s->stats.rule_confirms = calloc(e->n_rules + 1, sizeof *s->stats.rule_confirms);
    s->stats.rule_pcre2 = calloc(e->n_rules + 1, sizeof *s->stats.rule_pcre2);
    s->stats.rule_pcre2_span = calloc(e->n_rules + 1, sizeof *s->stats.rule_pcre2_span);
    if (!s->stats.rule_confirms || !s->stats.rule_pcre2 || !s->stats.rule_pcre2_span)
        return CG_E_NOMEM;
    s->stats.n_rules = e->n_rules;
#endif
    cg_engine_unref((cg_engine *)s->engine);
    s->engine = cg_engine_ref((cg_engine *)e);
    return CG_OK;
}

static void empty_result(cg_result *r)
{
    memset(r, 0, sizeof *r);
    r->masked = "";
}

int cg_check_hits(const cg_engine *e, cg_scanner *s, const char *text, size_t len, const cg_context *ctx)
{
    if (!e || !s || (!text && len))
        return CG_E_INVALID_ARG;
    cg_context def = CG_CONTEXT_INIT;
    if (!ctx)
        ctx = &def;
    if ((unsigned)ctx->role >= CG_ROLE_COUNT || (unsigned)ctx->channel >= CG_CHANNEL_COUNT)
        return CG_E_INVALID_ARG;
    if (len > e->opts.max_message_bytes)
        return CG_E_TOO_LONG;
    int rc = scanner_prepare(s, e);
    if (rc != CG_OK)
        return rc;
    if (!text)
        text = "";
    /* bytes → normalized views → scan → confirm/validate */
    rc = cg_normalize(&s->views, text, len, e->opts.strict_utf8);
    if (rc == CG_OK)
        rc = cg_scan_views(e, s, ctx);
    return rc;
}

int cg_check_message(const cg_engine *e, cg_scanner *s, const char *text, size_t len, const cg_context *ctx,
                     cg_result *res)
{
    if (!res)
        return CG_E_INVALID_ARG;
    empty_result(res);
    cg_context def = CG_CONTEXT_INIT;
    if (!ctx)
        ctx = &def;
    int rc = cg_check_hits(e, s, text, len, ctx);
    /* → score → verdict */
    if (rc == CG_OK)
        rc = cg_score(e, s, text ? text : "", len, ctx, res);
    if (rc != CG_OK)
        empty_result(res);
    return rc;
}

int cg_check_batch(const cg_engine *e, cg_scanner *s, const cg_message *msgs, size_t n, cg_batch *out)
{
    if (!out)
        return CG_E_INVALID_ARG;
    memset(out, 0, sizeof *out);
    if (!e || !s || (!msgs && n))
        return CG_E_INVALID_ARG;
    if (cg_grow((void **)&s->bitems, &s->bitems_cap, n + 1, sizeof *s->bitems) != 0)
        return CG_E_NOMEM;
    s->bhits_n = s->bmasked_n = 0;
    for (size_t i = 0; i < n; i++) {
        cg_result r;
        cg_batch_item *it = &s->bitems[i];
        memset(it, 0, sizeof *it);
        it->error = cg_check_message(e, s, msgs[i].text, msgs[i].len, &msgs[i].ctx, &r);
        if (it->error == CG_E_NOMEM)
            return CG_E_NOMEM;
        /* Copy this message's result out of the per-message storage the next check reuses. */
        if (cg_grow((void **)&s->bhits, &s->bhits_cap, s->bhits_n + r.n_hits + 1, sizeof *s->bhits) != 0 ||
            cg_grow((void **)&s->bmasked, &s->bmasked_cap, s->bmasked_n + r.masked_len + 1, 1) != 0)
            return CG_E_NOMEM;
        it->action = r.action;
        it->sanction = r.sanction;
        it->fine_rub = r.fine_rub;
        it->categories = r.categories;
        it->flags = r.flags;
        it->first_hit = s->bhits_n;
        it->n_hits = r.n_hits;
        if (r.n_hits)
            memcpy(s->bhits + s->bhits_n, r.hits, r.n_hits * sizeof *r.hits);
        s->bhits_n += r.n_hits;
        it->masked_offset = s->bmasked_n;
        it->masked_len = r.masked_len;
        memcpy(s->bmasked + s->bmasked_n, r.masked, r.masked_len);
        s->bmasked_n += r.masked_len;
        s->bmasked[s->bmasked_n++] = 0;
    }
    out->items = s->bitems;
    out->n_items = n;
    out->hits = s->bhits;
    out->n_hits = s->bhits_n;
    out->masked = s->bmasked ? s->bmasked : "";
    out->masked_len = s->bmasked_n;
    return CG_OK;
}
