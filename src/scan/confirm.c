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
    while (start <= v->len) {
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
        if (me > ms && cg_bounds_ok(v, ms, me, r->bounds) &&
            (r->validator < 0 || cg_validate(r->validator, e, v, ms, me))) {
            if (cg_add_hit(s, e, ri, v, ms, me) != 0)
                return CG_E_NOMEM;
        }
        /* Next search starts after this match; an unbounded rule could otherwise re-find a suffix. */
        start = me > ms ? me : ms + 1;
    }
    return CG_OK;
}
