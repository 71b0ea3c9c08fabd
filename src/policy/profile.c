/* profile.c — a marketplace profile: what each category costs the sender, by role and channel.
 *
 *     [profile]
 *     name          = wb
 *     allow_domains = wildberries.ru wb.ru
 *     marketplace_names = wildberries вайлдберриз* вб wb
 *
 *     [policy]
 *     # category  role    channel  action  sanction                 fine_rub
 *     phone       seller  *        block   warning>fine>disconnect  25000
 *     phone       buyer   *        mask    none
 *
 * A row sets every cell it names ('*' = all); later rows override earlier ones. The sanction is an
 * escalation ladder indexed by the sender's prior violations (the last step repeats). Cells no row
 * names allow the message with no sanction. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../internal.h"

static const char *const action_names[] = {"allow", "mask", "review", "block"};
static const char *const sanction_names[] = {"none", "warning", "fine", "disconnect"};

static int find_name(const char *const *names, int n, const char *s, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return -1;
}

const char *cg_action_name(cg_action a) { return (unsigned)a < 4 ? action_names[a] : NULL; }
const char *cg_sanction_name(cg_sanction s) { return (unsigned)s < 4 ? sanction_names[s] : NULL; }

void cg_profile_free(cg_profile *p)
{
    free(p->name);
    free(p->file);
    for (size_t i = 0; i < p->n_allowed_domains; i++)
        free(p->allowed_domains[i]);
    free(p->allowed_domains);
    for (size_t i = 0; i < p->n_own_names; i++)
        free(p->own_names[i].word);
    free(p->own_names);
    memset(p, 0, sizeof *p);
}

typedef struct field {
    char *s;
    size_t len;
    unsigned col;
} field;

/* The next whitespace-separated field at *q (column counted in line); advances *q. Lists of any length
 * are read this way, so no item is dropped. Returns 0 at the end. */
static int next_field(char **q, char *line, field *f)
{
    char *p = *q;
    while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
    if (!*p)
        return 0;
    char *s = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\r')
        p++;
    *f = (field){s, (size_t)(p - s), cg_utf8_column(line, (size_t)(s - line))};
    *q = p;
    return 1;
}

/* Split a line into whitespace-separated fields (at most max stored). Returns the count of all fields. */
static int split(char *line, field *f, int max)
{
    int n = 0;
    field x;
    for (char *q = line; n <= max && next_field(&q, line, &x); n++)
        if (n < max)
            f[n] = x;
    return n;
}

static int add_domain(cg_profile *p, const char *s, size_t len)
{
    uint8_t *w;
    size_t wl;
    if (cg_translate_word(s, len, &w, &wl) != 0)
        return -1;
    char **nd = realloc(p->allowed_domains, (p->n_allowed_domains + 1) * sizeof *nd);
    if (!nd) {
        free(w);
        return -1;
    }
    p->allowed_domains = nd;
    nd[p->n_allowed_domains++] = (char *)w;
    return 0;
}

/* One of the marketplace's own names: a word, or a stem written with a trailing '*' ("вайлдберриз*"). */
static int add_own_name(cg_profile *p, const char *s, size_t len)
{
    int stem = len > 1 && s[len - 1] == '*';
    if (stem)
        len--;
    if (len == 0 || memchr(s, '*', len))
        return -1;
    uint8_t *w;
    size_t wl;
    if (cg_translate_word(s, len, &w, &wl) != 0 || wl == 0 || wl > UINT16_MAX)
        return -1;
    for (size_t i = 0; i < wl; i++)
        if (!(cg_char_class[w[i]] & CG_CLS_WORD)) {
            free(w);
            return -1;
        }
    cg_wordpat *nn = realloc(p->own_names, (p->n_own_names + 1) * sizeof *nn);
    if (!nn) {
        free(w);
        return -1;
    }
    p->own_names = nn;
    nn[p->n_own_names++] = (cg_wordpat){w, (uint16_t)wl, 1, (uint8_t)!stem};
    return 0;
}

static size_t policy_row(cg_profile *p, const char *path, unsigned ln, char *line, unsigned base_col,
                         cg_diagnostics *diag)
{
    field f[7];
    int n = split(line, f, 7);
    if (n < 5 || n > 6) {
        cg_diag_add(diag, path, ln, base_col, NULL,
                    "policy row needs: category role channel action sanction [fine_rub]");
        return 1;
    }
    size_t errors = 0;
    int cat = -1, role = -1, chan = -1;
    if (!(f[0].len == 1 && f[0].s[0] == '*') && (cat = cg_category_from_name(f[0].s, f[0].len)) < 0) {
        cg_diag_add(diag, path, ln, f[0].col, NULL, "unknown category '%.*s'", (int)f[0].len, f[0].s);
        errors++;
    }
    if (!(f[1].len == 1 && f[1].s[0] == '*') && (role = cg_role_from_name(f[1].s, f[1].len)) < 0) {
        cg_diag_add(diag, path, ln, f[1].col, NULL, "unknown role '%.*s' (seller, buyer, *)", (int)f[1].len, f[1].s);
        errors++;
    }
    if (!(f[2].len == 1 && f[2].s[0] == '*') && (chan = cg_channel_from_name(f[2].s, f[2].len)) < 0) {
        cg_diag_add(diag, path, ln, f[2].col, NULL, "unknown channel '%.*s' (chat, review_reply, question_answer, *)",
                    (int)f[2].len, f[2].s);
        errors++;
    }
    cg_policy pol;
    memset(&pol, 0, sizeof pol);
    int act = find_name(action_names, 4, f[3].s, f[3].len);
    if (act < 0) {
        cg_diag_add(diag, path, ln, f[3].col, NULL, "unknown action '%.*s' (allow, mask, review, block)",
                    (int)f[3].len, f[3].s);
        errors++;
    }
    pol.action = (uint8_t)(act < 0 ? 0 : act);
    int has_fine = 0, too_long = 0;
    const char *s = f[4].s, *end = f[4].s + f[4].len;
    while (s <= end) {
        const char *gt = memchr(s, '>', (size_t)(end - s));
        const char *se = gt ? gt : end;
        if (se == end && s == end && s > f[4].s && s[-1] != '>')
            break; /* the end of a ladder that does not end in '>' */
        int sn = find_name(sanction_names, 4, s, (size_t)(se - s));
        unsigned col = f[4].col + cg_utf8_column(f[4].s, (size_t)(s - f[4].s)) - 1;
        if (sn < 0) {
            cg_diag_add(diag, path, ln, col, NULL, "unknown sanction '%.*s' (none, warning, fine, disconnect)",
                        (int)(se - s), s);
            errors++;
        } else if (pol.n_steps == CG_MAX_LADDER) {
            cg_diag_add(diag, path, ln, col, NULL, "escalation ladder longer than %d steps", CG_MAX_LADDER);
            errors++;
            too_long = 1;
            break;
        } else {
            pol.steps[pol.n_steps++] = (uint8_t)sn;
            has_fine |= sn == CG_SANCTION_FINE;
        }
        if (!gt)
            break;
        s = gt + 1;
    }
    if (pol.n_steps == 0 && errors == 0) {
        cg_diag_add(diag, path, ln, f[4].col, NULL, "empty sanction");
        errors++;
    }
    if (n == 6) {
        char *ep;
        char tmp[32];
        size_t l = f[5].len < sizeof tmp - 1 ? f[5].len : sizeof tmp - 1;
        memcpy(tmp, f[5].s, l);
        tmp[l] = 0;
        errno = 0;
        long fine = strtol(tmp, &ep, 10);
        if (*ep || errno || fine <= 0 || fine > 100000000) {
            cg_diag_add(diag, path, ln, f[5].col, NULL, "fine_rub must be a positive whole number of rubles");
            errors++;
        }
        pol.fine_rub = fine;
    }
    if (too_long) {
        /* the rest of the row cannot be judged against a ladder that was cut short */
    } else if (has_fine && n != 6) {
        cg_diag_add(diag, path, ln, f[4].col, NULL, "a ladder with 'fine' needs the fine_rub column");
        errors++;
    }
    if (!too_long && !has_fine && n == 6) {
        cg_diag_add(diag, path, ln, f[5].col, NULL, "fine_rub given but the ladder has no 'fine'");
        errors++;
    }
    if (has_fine && role != CG_ROLE_SELLER) {
        cg_diag_add(diag, path, ln, f[1].col, NULL, "only sellers can be fined: write 'seller' in the role column");
        errors++;
    }
    if (errors)
        return errors;
    for (int c = 0; c < CG_CAT_COUNT; c++)
        for (int r = 0; r < CG_ROLE_COUNT; r++)
            for (int ch = 0; ch < CG_CHANNEL_COUNT; ch++)
                if ((cat < 0 || cat == c) && (role < 0 || role == r) && (chan < 0 || chan == ch))
                    p->cell[c][r][ch] = pol;
    return 0;
}

int cg_profile_load(cg_profile *p, const char *path, const char *name, cg_diagnostics *diag)
{
    memset(p, 0, sizeof *p);
    for (int c = 0; c < CG_CAT_COUNT; c++)
        for (int r = 0; r < CG_ROLE_COUNT; r++)
            for (int ch = 0; ch < CG_CHANNEL_COUNT; ch++)
                p->cell[c][r][ch].n_steps = 1; /* allow, none */
    p->file = cg_strdup(path);
    p->mask_categories = 1u << CG_CAT_PHONE | 1u << CG_CAT_EMAIL | 1u << CG_CAT_LINK | 1u << CG_CAT_MESSENGER |
                         1u << CG_CAT_PROFANITY | 1u << CG_CAT_PHISHING;
    size_t len;
    char *data = cg_read_file(path, &len);
    if (!data) {
        int e = errno;
        cg_diag_add(diag, path, 0, 0, NULL, "cannot read profile '%s': %s", name, strerror(e));
        return e == ENOENT ? CG_E_NO_PROFILE : CG_E_IO;
    }
    if (memchr(data, 0, len)) {
        /* read as a C string below, a NUL would silently drop every row after it */
        cg_diag_add(diag, path, 0, 0, NULL, "profile contains a NUL byte");
        free(data);
        return CG_E_RULES;
    }
    size_t errors = 0;
    enum { NONE, PROFILE, POLICY } section = NONE;
    unsigned ln = 0;
    char *cursor = data;
    while (cursor && *cursor) {
        char *line = cursor;
        char *nl = strchr(cursor, '\n');
        if (nl) {
            *nl = 0;
            cursor = nl + 1;
        } else {
            cursor = NULL;
        }
        ln++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t l = strlen(s);
        while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
            s[--l] = 0;
        if (!*s || *s == '#')
            continue;
        unsigned col = cg_utf8_column(line, (size_t)(s - line));
        if (strcmp(s, "[profile]") == 0) {
            section = PROFILE;
        } else if (strcmp(s, "[policy]") == 0) {
            section = POLICY;
        } else if (*s == '[') {
            cg_diag_add(diag, path, ln, col, NULL, "unknown section '%s' ([profile] or [policy])", s);
            errors++;
            section = NONE;
        } else if (section == PROFILE) {
            char *eq = strchr(s, '=');
            if (!eq) {
                cg_diag_add(diag, path, ln, col, NULL, "expected 'key = value'");
                errors++;
                continue;
            }
            char *ke = eq;
            while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
                ke--;
            *ke = 0;
            char *v = eq + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            field f1;
            if (strcmp(s, "name") == 0) {
                if (strcmp(v, name) != 0) {
                    cg_diag_add(diag, path, ln, cg_utf8_column(line, (size_t)(v - line)), NULL,
                                "profile name '%s' does not match its file name '%s'", v, name);
                    errors++;
                }
                free(p->name);
                p->name = cg_strdup(v);
            } else if (strcmp(s, "allow_domains") == 0) {
                for (char *q = v; next_field(&q, line, &f1);)
                    if (add_domain(p, f1.s, f1.len) != 0) {
                        cg_diag_add(diag, path, ln, f1.col, NULL, "allowed domain '%.*s' is not valid UTF-8",
                                    (int)f1.len, f1.s);
                        errors++;
                    }
            } else if (strcmp(s, "marketplace_names") == 0) {
                for (char *q = v; next_field(&q, line, &f1);)
                    if (add_own_name(p, f1.s, f1.len) != 0) {
                        cg_diag_add(diag, path, ln, f1.col, NULL,
                                    "marketplace name '%.*s' must be one word of letters or digits, or a stem ending in '*'",
                                    (int)f1.len, f1.s);
                        errors++;
                    }
            } else if (strcmp(s, "mask_categories") == 0) {
                p->mask_categories = 0;
                for (char *q = v; next_field(&q, line, &f1);) {
                    int c = cg_category_from_name(f1.s, f1.len);
                    if (c < 0) {
                        cg_diag_add(diag, path, ln, f1.col, NULL, "unknown category '%.*s'", (int)f1.len, f1.s);
                        errors++;
                    } else {
                        p->mask_categories |= 1u << c;
                    }
                }
            } else if (strcmp(s, "description") != 0) {
                cg_diag_add(diag, path, ln, col, NULL,
                            "unknown profile key '%s' (name, description, allow_domains, marketplace_names, mask_categories)", s);
                errors++;
            }
        } else if (section == POLICY) {
            errors += policy_row(p, path, ln, s, col, diag);
        } else {
            cg_diag_add(diag, path, ln, col, NULL, "line outside a [profile] or [policy] section");
            errors++;
        }
    }
    free(data);
    if (!p->name && errors == 0) {
        cg_diag_add(diag, path, 0, 0, NULL, "profile has no 'name' in its [profile] section");
        errors++;
    }
    return errors ? CG_E_RULES : CG_OK;
}
