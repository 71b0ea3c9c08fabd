/* score.c — from hits to a verdict: each hit priced by the profile, the strictest one wins, and the
 * masked text that is safe to deliver. */
#include <string.h>

#include "../internal.h"

/* Append to s->masked, whose capacity build_masked reserved beforehand for the worst case. */
static void append(cg_scanner *s, size_t *n, const void *src, size_t len)
{
    memcpy(s->masked + *n, src, len);
    *n += len;
}

/* Is hit h hidden in the masked text? Its category is one the profile masks (contacts, мат, phishing
 * links by default) and its action is at least "mask"; what the profile allows stays visible. */
static int masks(const cg_engine *e, const cg_hit *h)
{
    return h->action >= CG_ACTION_MASK && (e->profile.mask_categories & (1u << h->category));
}

/* Hide the masked hits: each letter and digit becomes '*' (separators stay, so the reader still sees the
 * shape), or the whole span becomes opts.mask_text. Invalid UTF-8 bytes become U+FFFD so the result is
 * always valid UTF-8; everything outside the spans is copied byte for byte. */
static int build_masked(const cg_engine *e, cg_scanner *s, const char *text, size_t len, size_t *out_len)
{
    /* Most messages mask nothing and are valid UTF-8: then the masked text is a plain copy. */
    int any = 0;
    for (size_t k = 0; k < s->n_hits && !any; k++)
        any = masks(e, &s->hits[k]);
    if (!any && !(s->views.flags & CG_FLAG_INVALID_UTF8)) {
        if (cg_grow((void **)&s->masked, &s->masked_cap, len + 1, 1) != 0)
            return -1;
        memcpy(s->masked, text, len);
        s->masked[len] = 0;
        *out_len = len;
        return 0;
    }
    /* The worst case, reserved once: every byte an invalid one (3 bytes of U+FFFD each), plus the mask text
     * once per hit. */
    size_t mask_len = e->mask_text ? strlen(e->mask_text) : 0;
    if (cg_grow((void **)&s->masked, &s->masked_cap, 3 * len + s->n_hits * mask_len + 1, 1) != 0)
        return -1;
    int valid = !(s->views.flags & CG_FLAG_INVALID_UTF8);
    size_t n = 0, i = 0, h = 0;
    while (i < len) {
        while (h < s->n_hits && (s->hits[h].end <= i || !masks(e, &s->hits[h])))
            h++;
        int in_span = h < s->n_hits && s->hits[h].start <= i;
        if (!in_span && valid) {
            /* valid text up to the next masked span: as it is */
            size_t to = h < s->n_hits ? s->hits[h].start : len;
            append(s, &n, text + i, to - i);
            i = to;
            continue;
        }
        int32_t cp;
        size_t cl = cg_utf8_decode((const uint8_t *)text + i, len - i, &cp);
        if (in_span && e->mask_text) {
            /* Replace the whole span (and any overlapping masked hits after it) once. */
            size_t end = s->hits[h].end;
            for (size_t k = h + 1; k < s->n_hits && s->hits[k].start < end; k++)
                if (masks(e, &s->hits[k]) && s->hits[k].end > end)
                    end = s->hits[k].end;
            append(s, &n, e->mask_text, mask_len);
            i = end;
            continue;
        }
        if (cp < 0) {
            append(s, &n, "\xEF\xBF\xBD", 3);
        } else if (in_span) {
            uint8_t f[CG_FOLD_MAX];
            int k = cg_fold_codepoint(cp, f);
            int word = k >= 1 && (cg_char_class[f[0]] & CG_CLS_WORD);
            append(s, &n, word ? "*" : text + i, word ? 1 : cl);
        } else {
            append(s, &n, text + i, cl);
        }
        i += cl;
    }
    s->masked[n] = 0;
    *out_len = n;
    return 0;
}

int cg_score(const cg_engine *e, cg_scanner *s, const char *text, size_t len, const cg_context *ctx, cg_result *res)
{
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < s->n_hits; i++) {
        cg_hit *h = &s->hits[i];
        const cg_policy *p = &e->profile.cell[h->category][ctx->role][ctx->channel];
        unsigned step = ctx->prior_violations < p->n_steps ? ctx->prior_violations : p->n_steps - 1u;
        h->action = (cg_action)p->action;
        h->sanction = (cg_sanction)p->steps[step];
        h->fine_rub = h->sanction == CG_SANCTION_FINE ? p->fine_rub : 0;
        if (h->action > res->action)
            res->action = h->action;
        if (h->sanction > res->sanction)
            res->sanction = h->sanction;
        if (h->fine_rub > res->fine_rub)
            res->fine_rub = h->fine_rub;
        res->categories |= 1u << h->category;
    }
    if (res->sanction != CG_SANCTION_FINE)
        res->fine_rub = 0;
    size_t n;
    if (build_masked(e, s, text, len, &n) != 0)
        return CG_E_NOMEM;
    res->hits = s->hits;
    res->n_hits = s->n_hits;
    res->masked = s->masked;
    res->masked_len = n;
    res->flags = s->views.flags;
    return CG_OK;
}
