/* utf8_valid.h — is a byte string valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF)? For the
 * tests and fuzzers that check the masked text is safe to deliver. */
#ifndef CG_TEST_UTF8_VALID_H
#define CG_TEST_UTF8_VALID_H

#include <stddef.h>

static inline int utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!k || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) || (c == 0xF0 && s[i + 1] < 0x90) ||
            (c == 0xF4 && s[i + 1] >= 0x90))
            return 0; /* overlong, surrogate, beyond U+10FFFF */
        i += k;
    }
    return 1;
}

#endif
