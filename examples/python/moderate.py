#!/usr/bin/env python3
"""A moderation step in Python: read chat messages (JSONL), deliver the masked text or hold/block the
message, and print the sanction with its evidence, as a marketplace backend would.

    python3 examples/python/moderate.py examples/messages.jsonl [profile]
"""
import json
import sys

import chatguard

def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "examples/messages.jsonl"
    profile = sys.argv[2] if len(sys.argv) > 2 else "wb"
    engine = chatguard.Engine(profile=profile)
    with open(path, encoding="utf-8") as f:
        messages = [json.loads(line) for line in f if line.strip()]
    results = engine.check_many(messages)  # one call for the whole batch
    fined = 0
    for m, r in zip(messages, results):
        if r.action == "allow":
            delivered = m["text"]
        elif r.action == "mask":
            delivered = r.masked
        else:
            delivered = None
        line = f"{m.get('id', '-'):>4} {m.get('role', 'seller'):6} {r.action:6}"
        line += f" -> {delivered!r}" if delivered is not None else " -> (not delivered)"
        print(line)
        if r.sanction != "none":
            evidence = [f"{h.rule} \"{h.text}\"" for h in r.hits if h.sanction == r.sanction]
            amount = f" {r.fine_rub} RUB" if r.sanction == "fine" else ""
            print(f"       sanction: {r.sanction}{amount}; evidence: {'; '.join(evidence)}")
            fined += r.sanction == "fine"
    print(f"{len(messages)} messages, {fined} fines")
    engine.close()

if __name__ == "__main__":
    main()
