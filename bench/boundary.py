#!/usr/bin/env python3
"""Messages per second through the Python binding, single calls and check_many in batches of 100, on the
same corpus as bench/boundary.c (make bench-bindings)."""
import json, os, sys, time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bindings", "python"))
import chatguard

texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
engine = chatguard.Engine(profile="wb")
best_single = best_batch = 1e9
for _ in range(3):
    t0 = time.perf_counter()
    for t in texts:
        engine.check(t)
    t1 = time.perf_counter()
    for i in range(0, len(texts), 100):
        engine.check_many(texts[i:i + 100])
    t2 = time.perf_counter()
    best_single, best_batch = min(best_single, t1 - t0), min(best_batch, t2 - t1)
n = len(texts)
print(f"Python  single: {n / best_single:9.0f} messages/s ({best_single / n * 1e6:.2f} us each)")
print(f"Python  batch:  {n / best_batch:9.0f} messages/s ({best_batch / n * 1e6:.2f} us each, batches of 100)")
