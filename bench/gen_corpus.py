#!/usr/bin/env python3
"""A deterministic generator of marketplace chat for benchmarks: JSONL on stdout, any size.

Messages are assembled from the labeled corpora in tests/corpus (sentences written for the tests): about
90% clean (prices, sizes, article and order numbers, trap words), about 10% with a violation of some
category in one of its disguises. Lengths follow a log-normal distribution with a median of about 80
bytes, clipped to 5..2000: short messages are single sentences, long ones several joined.

    python3 bench/gen_corpus.py --messages 100000 --seed 1 > build/bench/mixed.jsonl
"""
import argparse, json, math, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "tests", "corpus")

def load(name):
    with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--violations", type=float, default=0.10)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rows = []
    for name in ("core.jsonl", "contacts.jsonl", "clean_numbers.jsonl", "abuse.jsonl", "clean_words.jsonl", "policy.jsonl"):
        rows += load(name)
    clean = [r for r in rows if not r["expect"]]
    bad = [r for r in rows if r["expect"]]
    out = sys.stdout
    for i in range(a.messages):
        target = min(2000, max(5, int(math.exp(rng.gauss(math.log(45), 1.0)))))
        violation = rng.random() < a.violations
        first = rng.choice(bad if violation else clean)
        parts, size = [first["text"]], len(first["text"].encode())
        while size < target:
            t = rng.choice(clean)["text"]
            parts.append(t)
            size += len(t.encode()) + 1
        if len(parts) > 1:
            rng.shuffle(parts)
        text = " ".join(parts)
        b = text.encode()
        if len(b) > 2000:
            text = b[:2000].decode("utf-8", "ignore")
        role = first.get("role", rng.choice(["seller", "buyer"]))
        out.write(json.dumps({"id": i + 1, "text": text, "role": role}, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    main()
