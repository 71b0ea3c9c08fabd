#!/usr/bin/env python3
"""Writes tests/corpus/conversations.jsonl: whole chats for conversation mode (chatguard check --conversation).

Two kinds of conversations, both roles, in chat order:
  - split: a phone, e-mail, link or messenger contact cut into 2-4 messages of one sender (digits, spelled
    numbers, look-alike letters, e-mails cut at "собака"/"точка", a messenger name cut from its invitation),
    often with the other side's replies in between, often after ordinary talk;
  - clean: chats dense with numbers that must not join into phones: sizes, heights, prices, quantities,
    order and article numbers, dates, times, pickup codes, addresses.

Labels: "cross" on a message names the contact categories assembled there from several messages of its
sender; "kind" says how the contact was split (for reading misses). Everything is written by hand below;
the script only draws numbers and names and picks which sentences and replies go together. Run from the
repository root: python3 tests/corpus/generate_conversations.py
"""
import json
import random

rng = random.Random(909)
OUT = "tests/corpus/conversations.jsonl"

# ------------------------------------------------------------------------------------------ numbers as words
UNITS = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
         "семнадцать", "восемнадцать", "девятнадцать"]
TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"]


def two(d):
    """A two-digit group as a Russian speaker dictates it: 05 -> "ноль пять", 45 -> "сорок пять"."""
    a, b = int(d[0]), int(d[1])
    if a == 0:
        return "ноль " + UNITS[b]
    if a == 1:
        return TEENS[b]
    return TENS[a] + ("" if b == 0 else " " + UNITS[b])


def three(d):
    a = int(d[0])
    if a == 0:
        return "ноль " + two(d[1:])
    rest = d[1:]
    if rest == "00":
        return HUNDREDS[a]
    if rest[0] == "0":
        return HUNDREDS[a] + " " + UNITS[int(rest[1])]
    return HUNDREDS[a] + " " + two(rest)


# ------------------------------------------------------------------------------------------ phones
OPERATORS = ["916", "903", "905", "910", "912", "915", "917", "919", "920", "925", "926", "929", "950", "951", "953",
             "960", "961", "963", "965", "977", "978", "980", "982", "985", "987", "988", "991", "993", "995", "999"]


def phone():
    return rng.choice(OPERATORS), "%03d" % rng.randrange(1000), "%02d" % rng.randrange(100), "%02d" % rng.randrange(100)


def phone_splits(op, a, b, c):
    p = rng.choice(["8", "+7", "8", "7"])
    sep = rng.choice([" ", "-", ""])
    return [
        ("phone_2", [f"{p} {op} {a}", f"{b}{sep}{c}"]),
        ("phone_2", [f"{p}{op}", f"{a}{sep}{b}{sep}{c}"]),
        ("phone_2", [f"{p} ({op})", f"{a}-{b}-{c}"]),
        ("phone_2", [f"{p}{op}{a[:2]}", f"{a[2]}{b}{c}"]),
        ("phone_3", [f"{p}{op}", a, f"{b} {c}"]),
        ("phone_3", [f"{p} {op}", f"{a}-{b}", c]),
        ("phone_3", [p, f"{op} {a}", f"{b}{sep}{c}"]),
        ("phone_3", [f"{p}-{op}-", f"{a}-", f"{b}-{c}"]),
        ("phone_4", [p, op, a, f"{b}{c}"]),
        ("phone_4", [f"{p} {op}", a, b, c]),
        ("phone_4", [f"{p}{op[0]}", op[1:], f"{a} {b}", c]),
    ]


def phone_words(op, a, b, c):
    p = "восемь" if rng.random() < 0.7 else "плюс семь"
    g = [p, three(op), three(a), two(b), two(c)]
    return rng.choice([
        ("spelled_3", [g[0] + " " + g[1], g[2], g[3] + " " + g[4]]),
        ("spelled_2", [g[0] + " " + g[1] + " " + g[2], g[3] + " " + g[4]]),
        ("spelled_4", [g[0], g[1], g[2], g[3] + " " + g[4]]),
        ("spelled_3", [g[0] + " " + g[1], g[2] + " " + g[3], g[4]]),
        ("spelled_mixed", [p + " " + op, g[2], b + " " + g[4]]),
        ("spelled_mixed", [g[0] + " " + g[1], a, g[3] + " " + c]),
    ])


LOOKALIKE = {"0": "О", "3": "З", "1": "I", "4": "Ч", "6": "б"}


def disguise(s):
    """Some digits as look-alike letters, the way the contact corpus writes them (9I6, З45)."""
    out = []
    for ch in s:
        out.append(LOOKALIKE[ch] if ch in LOOKALIKE and rng.random() < 0.35 else ch)
    return "".join(out)


PHONE_LEADS = ["", "", "", "Запишите: ", "Вот мой: ", "Звоните ", "Напишите на ", "Телефон склада ", "Номер ",
               "Можно так, ", "Короче, ", "Лучше позвоните, ", "Сохраните ", "Это менеджер, "]
PHONE_TAILS = ["", "", "", " это я", " звоните после 18", ", Ирина", " — менеджер Олег", " спросите Сергея"]

# ------------------------------------------------------------------------------------------ e-mails and links
USERS = ["ivan.petrov", "anna_k", "shop2020", "mari.sokolova", "best.seller", "krasota_msk", "olga77", "td.vostok",
         "sale.kids", "dom_tekstil", "nikolay.v", "fabrika.mebeli", "elena-shop", "sv.opt", "manager01", "tkani_optom"]
DOMAINS = [("mail", "ru"), ("yandex", "ru"), ("gmail", "com"), ("bk", "ru"), ("inbox", "ru"), ("list", "ru"),
           ("rambler", "ru"), ("ya", "ru")]
SPELLED_DOMAINS = {"yandex": "яндекс", "mail": "мейл", "gmail": "гмейл"}
SITES = ["krasota-shop", "detskiy-mir-opt", "tkani-msk", "mebel-na-zakaz", "shoes-outlet", "dom-uyut", "igrushki24",
         "vse-dlya-sada", "moda-style", "parfum-club"]


def email_splits(u, d, t):
    sd = SPELLED_DOMAINS.get(d, d)
    return [
        ("email_at_dot", [u, f"собака {d}", f"точка {t}"]),
        ("email_at_dot", [f"{u} собака", f"{d} точка {t}"]),
        ("email_at_dot", [f"{u} собака {d}", f"точка {t}"]),
        ("email_symbols", [f"{u}@", f"{d}.{t}"]),
        ("email_symbols", [u, f"@{d}.{t}"]),
        ("email_symbols", [f"{u}@{d}", f".{t}"]),
        ("email_spelled", [u, f"собака {sd}", f"точка {'ру' if t == 'ru' else t}"]),
        ("email_4", ["почта для связи", u, f"собака {d}", f"точка {t}"]),
        ("email_4", [u, "собака", d, f"точка {t}"]),
        ("email_at_dot", [f"{u} (at)", f"{d} (dot) {t}"]),
    ]


def link_splits(site):
    tld = rng.choice(["ru", "ru", "com", "рф", "shop"])
    return [
        ("link_dot", [site, f"точка {tld}"]),
        ("link_dot", [f"{site} точка", tld]),
        ("link_dot", ["наш сайт", site, f"точка {tld}"]),
        ("link_symbols", [site, f".{tld}"]),
        ("link_symbols", [f"www.{site}", f".{tld}"]),
    ]


# ------------------------------------------------------------------------------------------ messengers
HANDLES = ["shop_msk", "krasota.opt", "ivan_sale", "tkani_best", "mebel_pro", "kids_store", "parfum_club", "dom_uyut24"]
MESSENGER_SPLITS = [
    ("messenger_slang", ["пиши мне в", "телегу"]), ("messenger_slang", ["скину всё в", "тг"]),
    ("messenger_slang", ["ищите нас в", "инсте"]), ("messenger_slang", ["лучше пишите в", "тг, там быстрее отвечу"]),
    ("messenger_slang", ["можно продолжить в", "телеге"]), ("messenger_slang", ["давайте в", "тг"]),
    ("messenger_slang", ["напишите мне в", "макс"]), ("messenger_slang", ["перейдём в", "вк"]),
    ("messenger_name", ["есть", "вотсап?"]), ("messenger_name", ["напишите", "в вотсап"]),
    ("messenger_name", ["добавляйтесь", "в телеграм"]), ("messenger_name", ["пишите", "в вайбер"]),
    ("messenger_name", ["свяжитесь со мной", "через телеграм"]), ("messenger_name", ["мой", "телеграм"]),
    ("messenger_name", ["найдите меня", "в инстаграм"]), ("messenger_name", ["звоните лучше", "по вотсапу"]),
    ("messenger_handle", ["мой ник в", "тг", "@{h}"]), ("messenger_handle", ["пиши в", "телегу @{h}"]),
    ("messenger_bare", ["тг:", "{h}"]), ("messenger_bare", ["мой телеграм", "{h}"]),
]

# ------------------------------------------------------------------------------------------ ordinary talk
BUYER_OPEN = ["Здравствуйте! Подскажите по размеру", "Добрый день, товар в наличии?", "Здравствуйте, хочу заказать оптом",
              "Привет, можно уточнить детали?", "Добрый вечер! Когда будет поступление?",
              "Здравствуйте, а можно связаться напрямую?", "Подскажите, есть другой цвет?",
              "Добрый день. Хочу задать пару вопросов по доставке"]
SELLER_OPEN = ["Добрый день! Да, конечно", "Здравствуйте! Всё есть", "Здравствуйте, слушаю вас", "Добрый день, чем помочь?",
               "Здравствуйте! Давайте обсудим", "Добрый вечер! Сейчас подскажу"]
REPLIES = ["Что?", "Не поняла", "Дальше?", "Записываю", "Угу", "Секунду", "Повторите, пожалуйста", "Ок, а дальше",
           "Так", "Да-да", "Не успела", "Поняла", "И?", "Пишу", "Подождите, ручку возьму", "Ага", "Не расслышала"]
SELLER_INTRO = {"phone": ["Записывайте номер", "Позвоните мне", "Давайте по телефону", "Сейчас дам номер"],
                "email": ["Напишите на почту", "Скину прайс на почту", "Пишите на email"],
                "link": ["У нас есть сайт", "Смотрите каталог на сайте", "Там дешевле"],
                "messenger": ["Здесь неудобно", "Тут долго отвечают", "Так будет быстрее"]}
CLOSERS = ["Жду", "Спасибо", "До связи", "Хорошо", "Договорились", "Жду звонка", "Напишу вечером"]


def message(conv, role, text, cross=(), kind=None):
    m = {"id": None, "conversation": conv, "role": role, "text": text, "cross": list(cross)}
    if kind:
        m["kind"] = kind
    return m


def split_conversation(conv, role, category, kind, pieces):
    """Ordinary talk, then the pieces from `role`, often with the other side's replies between them."""
    other = "buyer" if role == "seller" else "seller"
    out = []
    if rng.random() < 0.6:
        out.append(message(conv, other if role == "seller" else role, rng.choice(BUYER_OPEN)))
        out.append(message(conv, "seller" if role == "seller" else other, rng.choice(SELLER_OPEN)))
    if role == "seller" and rng.random() < 0.4:
        out.append(message(conv, role, rng.choice(SELLER_INTRO[category])))
    interleave = rng.random() < 0.55
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        out.append(message(conv, role, piece, [category] if last else (), kind if last else None))
        if not last and interleave and rng.random() < 0.8:
            out.append(message(conv, other, rng.choice(REPLIES)))
    if rng.random() < 0.5:
        out.append(message(conv, other, rng.choice(CLOSERS)))
    return out


def splits():
    convs = []
    for _ in range(60):
        op, a, b, c = phone()
        kind, pieces = rng.choice(phone_splits(op, a, b, c))
        if rng.random() < 0.2:
            kind, pieces = kind + "_lookalike", [disguise(p) for p in pieces]
        pieces = list(pieces)
        pieces[0] = rng.choice(PHONE_LEADS) + pieces[0]
        pieces[-1] = pieces[-1] + rng.choice(PHONE_TAILS)
        role = "buyer" if rng.random() < 0.15 else "seller"
        convs.append((role, "phone", kind, pieces))
    for _ in range(25):
        kind, pieces = phone_words(*phone())
        convs.append(("seller", "phone", kind, pieces))
    for _ in range(35):
        d, t = rng.choice(DOMAINS)
        kind, pieces = rng.choice(email_splits(rng.choice(USERS), d, t))
        role = "buyer" if rng.random() < 0.1 else "seller"
        convs.append((role, "email", kind, pieces))
    for _ in range(12):
        kind, pieces = rng.choice(link_splits(rng.choice(SITES)))
        convs.append(("seller", "link", kind, pieces))
    for kind, pieces in MESSENGER_SPLITS:
        h = rng.choice(HANDLES)
        convs.append(("seller", "messenger", kind, [p.format(h=h) for p in pieces]))
    return convs


# ------------------------------------------------------------------------------------------ clean chats
def price():
    return rng.choice(["%d" % rng.randrange(300, 9990), "%d %03d" % (rng.randrange(1, 30), rng.randrange(0, 1000))])


def order_no():
    return "%d" % rng.randrange(10 ** 7, 10 ** 9)


def date():
    return "%02d.%02d" % (rng.randrange(1, 29), rng.randrange(1, 13))


CLEAN_TEMPLATES = [
    [("buyer", "Здравствуйте! Какой размер брать на рост {h} и вес {w}?"), ("seller", "Рекомендуем {s}"),
     ("buyer", "А сколько стоит?"), ("seller", "{p} ₽"), ("buyer", "Заказ {o}, когда отправите?"),
     ("seller", "Отправим {d}")],
    [("buyer", "Какой размер?"), ("seller", "{s}"), ("buyer", "Цена?"), ("seller", "{p}"), ("buyer", "Номер заказа {o}"),
     ("seller", "Принято")],
    [("seller", "Размер {s}"), ("seller", "Цена {p} руб"), ("seller", "Заказ {o}")],
    [("seller", "Размеры {s} и {s2} в наличии"), ("buyer", "А {s3}?"), ("seller", "{s3} закончился, будет {d}"),
     ("seller", "Цена {p} ₽, со скидкой {q}%")],
    [("buyer", "Сколько штук в упаковке?"), ("seller", "{n}"), ("buyer", "А если возьму {n2}?"),
     ("seller", "Тогда {p} за всё"), ("seller", "Доставка {n}-{n3} дня")],
    [("buyer", "Мой заказ {o} пришёл не тот"), ("seller", "Артикул какой на бирке?"), ("buyer", "{a}"),
     ("seller", "Поменяем, оформите возврат"), ("buyer", "Код возврата {c}"), ("seller", "Спасибо, приняли")],
    [("seller", "Пункт выдачи: ул. Ленина, {n}"), ("seller", "Работает с 9 до 21"), ("seller", "Код получения {c}")],
    [("buyer", "Габариты какие?"), ("seller", "{n}×{n2}×{n3} см"), ("seller", "Вес {n},{n3} кг"),
     ("buyer", "Цена {p}?"), ("seller", "Да")],
    [("seller", "{s}"), ("seller", "{s2}"), ("seller", "{s3}"), ("buyer", "Это все размеры?"),
     ("seller", "Да, ещё {s4} под заказ")],
    [("buyer", "Когда доставка?"), ("seller", "{d}"), ("buyer", "А трек?"), ("seller", "{t}"),
     ("seller", "Отслеживайте на сайте Почты")],
    [("seller", "Скидка {q}% до {d}"), ("seller", "Старая цена {p}"), ("seller", "Новая {p2}"),
     ("buyer", "Беру {n} штуки")],
    [("buyer", "Рост {h}, обхват груди {g}"), ("seller", "Тогда {s}"), ("buyer", "Обхват талии {g2}"),
     ("seller", "Всё равно {s}"), ("buyer", "Спасибо!")],
    [("buyer", "Заказ {o}"), ("buyer", "Отправление {o2}"), ("seller", "Вижу оба, отправим {d}"),
     ("buyer", "Сумма {p}?")],
    [("seller", "Остаток на складе {n}"), ("seller", "Ещё {n2} в пути"), ("seller", "Приедут {d} к 12:00")],
    [("buyer", "Сколько стоит доставка до {n} км?"), ("seller", "{p2} руб"), ("buyer", "А за {n2} км?"),
     ("seller", "{p} руб")],
    [("seller", "Модель {a}"), ("seller", "Цвет {n}"), ("seller", "Размер {s}"), ("buyer", "Сколько стоит?"),
     ("seller", "{p} ₽")],
    [("buyer", "Сколько вешать?"), ("seller", "восемь штук"), ("buyer", "А цена?"), ("seller", "девятьсот двадцать рублей"),
     ("buyer", "Итого?"), ("seller", "семь тысяч триста шестьдесят")],
    [("buyer", "Во сколько курьер?"), ("seller", "с {n} до {n3}"), ("buyer", "А дата?"), ("seller", "{d}"),
     ("seller", "Заказ {o} уже у курьера")],
    [("seller", "Комплект {n} предметов"), ("seller", "Размер простыни {n2}×{n3}0"), ("seller", "Наволочки 70×70, {n} шт"),
     ("buyer", "Цена {p}?")],
    [("buyer", "{s}"), ("buyer", "{s2}"), ("buyer", "Какой лучше?"), ("seller", "{s} на рост до {h}")],
    # numbers that could be cut pieces: a lone 7 or 8, then more digits from the same sender
    [("buyer", "Сколько осталось?"), ("seller", "8"), ("buyer", "А в синем?"), ("seller", "9"),
     ("seller", "и ещё {n2} под заказ")],
    [("seller", "Доставка 7 дней"), ("seller", "9 пунктов выдачи рядом"), ("seller", "Стоимость {p}")],
    [("seller", "Цена 8"), ("seller", "990"), ("buyer", "8990?"), ("seller", "Да, 8 990 ₽")],
    [("seller", "Отправили {n} посылок"), ("seller", "{d}"), ("seller", "трек {t}")],
    [("buyer", "Заказ"), ("buyer", "{o}"), ("buyer", "и {o2}"), ("seller", "Оба отправлены")],
    [("seller", "Остаток {n2}"), ("seller", "{n3}{n} шт. в пути"), ("seller", "Артикул {a}")],
    [("buyer", "Какая длина?"), ("seller", "{n2}"), ("seller", "{n3}0"), ("seller", "и {n2}5 см, три размера")],
    [("seller", "Скидка действует 8"), ("seller", "дней"), ("seller", "до {d}, потом {p} ₽")],
    # messenger and site words in ordinary talk about the goods
    [("buyer", "Уведомления из WhatsApp на часы приходят?"), ("seller", "Да, есть"),
     ("seller", "И из Телеграма тоже")],
    [("buyer", "Часы показывают звонки?"), ("seller", "Да"), ("seller", "Есть уведомления из вотсапа и телеграма")],
    [("seller", "Инструкция на русском"), ("seller", "в коробке"), ("buyer", "А приложение?"),
     ("seller", "Приложение в Google Play")],
    [("seller", "Чехол для телефона"), ("seller", "модель {n}"), ("buyer", "На айфон {n3} подойдёт?"),
     ("seller", "Да, подойдёт")],
]


def clean(conv):
    t = rng.choice(CLEAN_TEMPLATES)
    sizes = rng.sample([40, 42, 44, 46, 48, 50, 52, 54, 56, 58], 4)
    vals = {"h": rng.randrange(150, 195), "w": rng.randrange(45, 110), "s": sizes[0], "s2": sizes[1], "s3": sizes[2],
            "s4": sizes[3], "p": price(), "p2": price(), "o": order_no(), "o2": order_no(), "d": date(),
            "q": rng.choice([5, 10, 15, 20, 25, 30, 40, 50]), "n": rng.randrange(2, 30), "n2": rng.randrange(10, 99),
            "n3": rng.randrange(2, 9), "a": rng.randrange(10 ** 7, 10 ** 9), "c": rng.randrange(1000, 9999),
            "t": "8%013d" % rng.randrange(10 ** 12), "g": rng.randrange(80, 120), "g2": rng.randrange(60, 100)}
    return [message(conv, role, text.format(**vals)) for role, text in t]


def main():
    lines = []
    n = 0
    for role, category, kind, pieces in splits():
        n += 1
        lines += split_conversation("s%03d" % n, role, category, kind, pieces)
    for i in range(140):
        lines += clean("n%03d" % (i + 1))
    for i, m in enumerate(lines):
        m["id"] = "m%04d" % (i + 1)
    with open(OUT, "w", encoding="utf-8") as f:
        for m in lines:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")
    print(f"{OUT}: {n} split conversations, 140 clean, {len(lines)} messages")


if __name__ == "__main__":
    main()
