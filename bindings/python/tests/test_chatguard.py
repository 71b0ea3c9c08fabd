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
        self.assertEqual(self.engine.check("Спасибо!", channel="chat").action, "review")
        # one_word is detected under a review too; wb's profile prices it there at nothing
        self.assertIn("one_word", self.engine.check("Спасибо!", channel="review_reply").categories)

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

    def test_cache_dir(self):
        import tempfile
        texts = corpus()
        with tempfile.TemporaryDirectory() as d:
            first = chatguard.Engine(profile="wb", cache_dir=d)
            self.assertEqual(first.cache[0], "written", first.cache[1])
            second = chatguard.Engine(profile="wb", cache_dir=d)
            self.assertEqual(second.cache[0], "hit", second.cache[1])
            self.assertEqual([second.check(t) for t in texts], [self.engine.check(t) for t in texts])
            (name,) = [n for n in os.listdir(d) if n.endswith(".hsdb")]
            with open(os.path.join(d, name), "r+b") as f:
                f.truncate(100)
            third = chatguard.Engine(profile="wb", cache_dir=d)
            self.assertEqual(third.cache[0], "written")
            self.assertIn("truncated", third.cache[1])
            self.assertEqual([third.check(t) for t in texts[:50]], [self.engine.check(t) for t in texts[:50]])
        self.assertEqual(self.engine.cache[0], "off")
        bad = chatguard.Engine(profile="wb", cache_dir="/nonexistent/dir")
        self.assertEqual(bad.cache[0], "failed")
        self.assertIn("No such file", bad.cache[1])

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

class TestConversation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.engine = chatguard.Engine(profile="wb")

    def test_split_phone_with_parts(self):
        conv = self.engine.conversation()
        pieces = [("seller", "Запишите 8916"), ("buyer", "Секунду"), ("seller", "123"), ("seller", "45 67")]
        results = [conv.check(t, role=r) for r, t in pieces]
        self.assertEqual([r.message for r in results], [0, 1, 2, 3])
        self.assertNotIn("phone", results[2].categories)
        last = results[3]
        self.assertEqual((last.action, last.sanction, last.fine_rub), ("block", "fine", 25000))
        hit = next(h for h in last.hits if h.parts)
        self.assertEqual(hit.category, "phone")
        self.assertEqual([(p.message, pieces[p.message][1].encode()[p.start:p.end].decode()) for p in hit.parts],
                         [(0, "8916"), (2, "123"), (3, "45 67")])
        self.assertEqual(conv.messages, 4)

    def test_other_side_and_clean_numbers(self):
        conv = self.engine.conversation()
        for role, text in [("seller", "8916"), ("buyer", "123"), ("seller", "45 67"), ("seller", "Размер 48"),
                           ("seller", "Цена 2990"), ("buyer", "Заказ 123456789")]:
            r = conv.check(text, role=role)
            self.assertFalse([h for h in r.hits if h.parts], text)
            self.assertNotIn("phone", r.categories)

    def test_repeats_and_options(self):
        conv = self.engine.conversation(repeat_threshold=3)
        cats = [conv.check("Скидка 50% только сегодня!").categories for _ in range(3)]
        self.assertEqual(cats, [[], [], ["spam"]])
        off = self.engine.conversation(no_repeats=True)
        self.assertEqual([off.check("Скидка 50% только сегодня!").categories for _ in range(6)], [[]] * 6)
        with self.assertRaises(chatguard.ChatguardError):
            self.engine.conversation(max_messages=8, tail_bytes=255)   # its state could exceed 1 KiB

    def test_serialize_continues_elsewhere(self):
        chat = [("seller", "ivan.petrov"), ("buyer", "Что?"), ("seller", "собака mail"), ("seller", "точка ru")]
        one = self.engine.conversation()
        expected = [[(h.rule, h.start, h.end, h.parts) for h in one.check(t, role=r).hits] for r, t in chat]
        other = chatguard.Engine(profile="wb")   # another replica's engine
        data = None
        for i, (role, text) in enumerate(chat):
            conv = other.conversation() if data is None else chatguard.Conversation.deserialize(other, data)
            got = [(h.rule, h.start, h.end, h.parts) for h in conv.check(text, role=role).hits]
            self.assertEqual(got, expected[i])
            data = conv.serialize()
            self.assertLessEqual(len(data), chatguard.STATE_MAX)
            conv.close()
        self.assertIn("email.address", [h[0] for h in expected[3]])
        for bad in (b"", data[:-1], data[:5] + bytes([data[5] ^ 1]) + data[6:], b"CGCV" + b"\0" * 40):
            with self.assertRaises(chatguard.ChatguardError) as cm:
                chatguard.Conversation.deserialize(other, bad)
            self.assertEqual(cm.exception.code, -10)
        other.close()

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
