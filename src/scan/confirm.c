/* confirm.c — PCRE2 on the rules Hyperscan reported but cannot place exactly.
 *
 * Variable-width and prefilter rules come here. PCRE2 runs over the rule's view (same alphabet, same
 * translated pattern) and gives every leftmost match with its exact span; boundaries and validators are
 * then applied as for fixed-width matches. Match limits in the engine's match context bound the work.
 *
 * A PCRE2 search tries every start position from its offset on, which over a whole view is most of its
 * cost. When Hyperscan reported every end of the rule (all_ends), the search is held to the positions
 * where a match can start. Every PCRE2 match ends at a reported end e (Hyperscan exact reports every
 * end, in prefilter mode a superset), is at least min_width wide, and cannot start before e - max_width
 * nor at or before the last byte before e that no match can contain (the rule's shape). So a match ending
 * at e starts in [lo(e), e - min_width], and every match starts in the union of these intervals: each
 * search starts at the first such interval past the current offset and, through PCRE2's offset limit,
 * gives up at its end. PCRE2 still picks the leftmost match and its span exactly as from offset 0, so the
 * hits are the same; it just no longer walks the bytes where none can start. */
#include "../internal.h"

/* May a host start right after byte c (CG_BOUND_HOST_LEFT, as cg_bounds_ok reads it)? */
static int host_may_start(uint8_t c)
{
    return !(cg_char_class[c] & CG_CLS_WORD) && c != '@' && c != '.' && c != '-';
}

/* lo(e) for every end (ascending). The last byte no match can contain before an end is looked for
 * backward from it, back to the previous end, where the previous answer holds: each byte is looked at
 * once, and usually only the few of the token the end closes. */
static void start_bounds(const cg_shape *sh, const cg_view *v, cg_end *ends, size_t n)
{
    size_t prev = 0, after_stop = 0; /* previous end; one past the last byte no match contains (0: none) */
    for (size_t k = 0; k < n; k++) {
        size_t end = ends[k].end;
        for (size_t i = end; i > prev; i--)
            if (!cg_shape_has(sh->bytes, v->b[i - 1])) {
                after_stop = i;
                break;
            }
        prev = end;
        size_t lo = after_stop;
        if (sh->max_width != CG_WIDTH_INF && end > sh->max_width && end - sh->max_width > lo)
            lo = end - sh->max_width;
        ends[k].lo = (uint32_t)lo;
    }
}

int cg_confirm_rule(const cg_engine *e, cg_scanner *s, uint32_t ri, cg_end *ends, size_t n_ends)
{
    const cg_rule *r = &e->rules[ri];
    const cg_view *v = &s->views.v[r->view];
    const uint32_t minw = r->shape.min_width;
    PCRE2_SIZE start = 0;
    size_t k = 0, group_end = 0; /* first end that can still close a match; past the merged interval */
    size_t group_hi = 0;         /* the last start of the merged interval [.., group_hi] */
    CG_STAT(s->stats.rule_confirms[ri]++);
    if (ends)
        start_bounds(&r->shape, v, ends, n_ends);
    pcre2_set_offset_limit(s->mctx, PCRE2_UNSET);
    while (start <= v->len) {
        if (ends) {
            /* skip the ends no match starting here can close, and those no match can close at all */
            while (k < n_ends && (ends[k].end < start + minw || ends[k].lo + minw > ends[k].end))
                k++;
            if (k == n_ends)
                break; /* no match can start at or after `start` */
            if (ends[k].lo > start)
                start = ends[k].lo;
            if (k >= group_end) {
                /* Merge the intervals of the following ends while they touch (lo and end - min_width
                 * both grow with the end). */
                group_hi = ends[k].end - minw;
                for (group_end = k + 1; group_end < n_ends && ends[group_end].lo <= group_hi + 1; group_end++)
                    group_hi = ends[group_end].end - minw;
            }
            pcre2_set_offset_limit(s->mctx, group_hi);
        }
        CG_STAT(size_t last = ends ? group_hi + 1 : v->len; s->stats.rule_pcre2[ri]++;
                s->stats.rule_pcre2_span[ri] += last > start ? last - start : 0);
        int rc = pcre2_match(r->re, v->b, v->len, start, 0, s->md, s->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (!ends)
                break;
            start = group_hi + 1; /* nothing starts in this interval: on to the next */
            continue;
        }
        if (rc < 0 && rc != 0) {
            /* Match limit hit: the rule cannot decide; take what was found so far and say so. */
            s->views.flags |= CG_FLAG_TRUNCATED;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t ms = ov[0], me = ov[1];
        /* A group named "hit" narrows the reported span to the part that is the contact itself. */
        size_t hs = ms, he = me;
        for (unsigned g = 0; g < r->n_hit_groups; g++) {
            uint32_t grp = r->hit_groups[g];
            if (grp < pcre2_get_ovector_count(s->md) && ov[2 * grp] != PCRE2_UNSET) {
                hs = ov[2 * grp];
                he = ov[2 * grp + 1];
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
            if (r->bounds & CG_BOUND_HOST_LEFT)
                while (start < v->len && !host_may_start(v->b[start - 1]))
                    start++;
            else if (r->bounds & CG_BOUND_LEFT)
                while (start < v->len && (cg_char_class[v->b[start - 1]] & CG_CLS_WORD))
                    start++;
        }
    }
    return CG_OK;
}
