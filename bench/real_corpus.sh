#!/usr/bin/env bash
# A real-Russian corpus from a Debian package: the fortunes of fortunes-ru (UTF-8 files *.u8), each
# fortune split into chat-sized messages (at most ~400 bytes, cut at line ends), as JSONL on stdout.
#
#   bench/real_corpus.sh > build/bench/real.jsonl
set -euo pipefail
dir=/usr/share/games/fortunes/ru
if ! ls "$dir"/*.u8 >/dev/null 2>&1; then
    echo "real_corpus: fortunes-ru is not installed (make deps installs it)" >&2
    exit 1
fi
# control characters out, JSON escapes in, then fortunes ('%' lines) joined into messages
cat "$dir"/*.u8 | tr '\000-\011\013-\037' ' ' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | awk '
function flush() {
    if (msg != "")
        printf "{\"id\":\"f%06d\",\"text\":\"%s\"}\n", ++n, msg
    msg = ""
}
/^%$/ { flush(); next }
{
    if (length(msg) + length($0) > 400) flush()
    msg = (msg == "" ? $0 : msg "\\n" $0)
}
END { flush() }'
