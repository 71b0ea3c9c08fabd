#!/usr/bin/env bash
# The Scunthorpe test: every word form of Debian's hunspell-ru dictionary (ru_RU.dic expanded with
# unmunch, about 1.26M forms) is checked as a message of its own. A form flagged as profanity is either
# in the reviewed list of genuinely vulgar words (tests/scunthorpe_vulgar.txt) or a false positive.
# Every false positive is printed; more than MAX_FP (default 30) fails.
#
#   tests/scunthorpe.sh [CLI] [RULES_DIR]
set -euo pipefail
cli=${1:-build/chatguard}
rules=${2:-rules}
max=${MAX_FP:-30}
dic=/usr/share/hunspell/ru_RU.dic
aff=/usr/share/hunspell/ru_RU.aff
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$dic" ] || ! command -v unmunch >/dev/null 2>&1; then
    echo "scunthorpe: hunspell-ru or hunspell-tools not installed (make deps installs them): skipped"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unmunch "$dic" "$aff" 2>/dev/null | grep -v '^$' | LC_ALL=C sort -u > "$tmp/forms"
forms=$(wc -l < "$tmp/forms")
# One JSONL message per form, the form as its id; keep the ids of the messages flagged as profanity.
sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/{"id":"&","text":"&"}/' "$tmp/forms" \
    | "$cli" check --rules "$rules" \
    | grep '"categories": \[[^]]*"profanity"' \
    | sed 's/^{"id": "\([^"]*\)".*/\1/' > "$tmp/flagged" || true
flagged=$(wc -l < "$tmp/flagged")
# Reviewed vulgar stems: a flagged form that starts with one of them is a true hit.
grep -v "^#" "$here/scunthorpe_vulgar.txt" | grep -v "^$" | sed -e "s/^/^/" -e "/\*$/!s/$/\$/" -e "s/\*$//" > "$tmp/stems"
grep -v -f "$tmp/stems" "$tmp/flagged" > "$tmp/fp" || true
vulgar=$((flagged - $(wc -l < "$tmp/fp")))
fp=$(wc -l < "$tmp/fp")
echo "scunthorpe: $forms dictionary forms, $flagged flagged as profanity: $vulgar in the reviewed vulgar list, $fp false positives"
if [ "$fp" -gt 0 ]; then
    echo "scunthorpe: false positives:"
    sed 's/^/  /' "$tmp/fp"
fi
if [ "$fp" -gt "$max" ]; then
    echo "scunthorpe: FAIL ($fp > $max false positives)"
    exit 1
fi
echo "scunthorpe: ok ($fp <= $max false positives)"
