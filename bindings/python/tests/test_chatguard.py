"""Tests of the Python binding against the shipped rules (run by `make check`)."""
import json
import os
import threading
import unittest

import chatguard

REPO = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))

def corpus():
    texts = []
    for name in ("examples/messages.jsonl", "tests/corpus/core.jsonl"):
        with open(os.path.join(REPO, name), encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts

class TestCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = chatguard.Engine(profile="wb")

    def test_phone_verdict_and_spans(self):
        text = "Привет! Звоните +7 916 123-45-67"
        r = self.engine.check(text)
        self.assertEqual((r.action, r.sanction, r.fine_rub), ("block", "fine", 25000))
        h = r.hits[0]
        self.assertEqual((h.category, h.rule), ("phone", "phone.ru_mobile"))
        self.assertEqual(text[h.char_start:h.char_end], "+7 916 123-45-67")        # Python string indices
        self.assertEqual(text.encode()[h.start:h.end].decode(), "+7 916 123-45-67")  # UTF-8 byte offsets
        self.assertEqual(h.text, "+7 916 123-45-67")

    def test_buyer_masked_never_fined(self):
        r = self.engine.check("мой номер 89161234567", role="buyer", prior_violations=5)
        self.assertEqual((r.action, r.sanction, r.fine_rub), ("mask", "none", 0))
        self.assertEqual(r.masked, "мой номер ***********")

    def test_escalation_and_channel(self):
        self.assertEqual(self.engine.check("это пиздец", prior_violations=1).sanction, "disconnect")
        self.assertEqual(self.engine.check("Спасибо!", channel="review_reply").action, "allow")
        self.assertEqual(self.engine.check("Спасибо!", channel="question_answer").action, "review")

    def test_clean(self):
        r = self.engine.check("Размер 44 в наличии, цена 1 990 ₽, отправим завтра")
        self.assertEqual((r.action, r.hits, r.categories), ("allow", [], []))

    def test_invalid_utf8_and_errors(self):
        r = self.engine.check(b"\xff 89161234567")
        self.assertIn("invalid_utf8", r.warnings)
        self.assertIn("phone", r.categories)
        with self.assertRaises(ValueError):
            self.engine.check("x", role="robot")
        small = chatguard.Engine(max_message_bytes=8)
        with self.assertRaises(chatguard.ChatguardError) as cm:
            small.check("длинное сообщение")
        self.assertEqual(cm.exception.code, -6)
        small.close()

    def test_bad_rules_raise_with_diagnostics(self):
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "profiles"))
            with open(os.path.join(d, "profiles", "t.profile"), "w") as f:
                f.write("[profile]\nname = t\n")
            with open(os.path.join(d, "a.rules"), "w") as f:
                f.write("[phone.x]\ncategory = phone\nseverity = 3\npattern = (\n")
            with self.assertRaises(chatguard.ChatguardError) as cm:
                chatguard.Engine(rules=d, profile="t")
            diags = cm.exception.diagnostics
            self.assertEqual(len(diags), 1)
            self.assertEqual((diags[0].line, diags[0].rule), (4, "phone.x"))
            self.assertIn("pattern error", diags[0].message)

    def test_check_many_equals_check(self):
        texts = corpus()[:200]
        many = self.engine.check_many(texts)
        self.assertEqual(len(many), len(texts))
        for t, m in zip(texts, many):
            one = self.engine.check(t)
            self.assertEqual((m.action, m.sanction, m.categories, m.masked), (one.action, one.sanction, one.categories, one.masked))
            self.assertEqual([(h.rule, h.start, h.end, h.char_start) for h in m.hits],
                             [(h.rule, h.start, h.end, h.char_start) for h in one.hits])
        mixed = self.engine.check_many([{"text": "89161234567", "role": "buyer"}, "89161234567"])
        self.assertEqual([r.action for r in mixed], ["mask", "block"])

class TestThreads(unittest.TestCase):
    def test_eight_threads_identical_to_one(self):
        engine = chatguard.Engine(profile="wb")
        texts = corpus()
        def digest(r):
            return (r.action, r.sanction, r.fine_rub, tuple(r.categories), tuple((h.rule, h.start, h.end) for h in r.hits), r.masked)
        expected = [digest(engine.check(t)) for t in texts]
        per_thread, failures = 10000, []
        def work(k):
            for i in range(per_thread):
                j = (i * 7 + k) % len(texts)
                if digest(engine.check(texts[j])) != expected[j]:
                    failures.append((k, j))
                    return
        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        engine.close()

if __name__ == "__main__":
    unittest.main()
