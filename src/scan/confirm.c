/* confirm.c — PCRE2 on the rules Hyperscan reported but cannot place exactly.
 *
 * Variable-width and prefilter rules come here. PCRE2 runs over the rule's view (same alphabet, same
 * translated pattern) and gives every leftmost match with its exact span; boundaries and validators are
 * then applied as for fixed-width matches. Match limits in the engine's match context bound the work. */
#include "../internal.h"

int cg_confirm_rule(const cg_engine *e, cg_scanner *s, uint32_t ri)
{
    const cg_rule *r = &e->rules[ri];
    const cg_view *v = &s->views.v[r->view];
    PCRE2_SIZE start = 0;
    CG_STAT(s->stats.rule_confirms[ri]++);
    while (start <= v->len) {
        CG_STAT(s->stats.rule_pcre2[ri]++; s->stats.rule_pcre2_span[ri] += v->len - start);
        int rc = pcre2_match(r->re, v->b, v->len, start, 0, s->md, e->mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0 && rc != 0) {
            /* Match limit hit: the rule cannot decide; take what was found so far and say so. */
            s->views.flags |= CG_FLAG_TRUNCATED;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t ms = ov[0], me = ov[1];
        /* A group named "hit" narrows the reported span to the part that is the contact itself. */
        size_t hs = ms, he = me;
        for (unsigned k = 0; k < r->n_hit_groups; k++) {
            uint32_t g = r->hit_groups[k];
            if (g < pcre2_get_ovector_count(s->md) && ov[2 * g] != PCRE2_UNSET) {
                hs = ov[2 * g];
                he = ov[2 * g + 1];
                break;
            }
        }
        int ok = he > hs && cg_bounds_ok(v, hs, he, r->bounds);
        if (ok) {
            size_t before = s->n_hits;
            if (cg_accept_and_add(s, e, ri, v, hs, he) != 0)
                return CG_E_NOMEM;
            ok = s->n_hits > before;
        }
        /* After a hit, go on past it; after a rejected candidate, one character further, because a valid
         * match may start inside it ("990 89161234567" reads "99089161234567" in the digits view) — but
         * not to a position where the rule's left boundary cannot hold, which keeps this linear. */
        if (ok && me > ms) {
            start = me;
        } else {
            start = ms + 1;
            unsigned left = r->bounds & (CG_BOUND_LEFT | CG_BOUND_HOST_LEFT);
            while (left && start < v->len && !cg_bounds_ok(v, start, start + 1, left))
                start++;
        }
    }
    return CG_OK;
}
