#!/usr/bin/env python3
"""Writes tests/corpus/contacts.jsonl and tests/corpus/clean_numbers.jsonl.

After the generated messages come hand-written ones, read from handwritten_contacts.tsv and
handwritten_clean.tsv beside this script: single messages for disguises and look-alikes that templates
would not produce (glued addresses, brackets, refusals, product descriptions naming messengers ...).

Identifiers in the clean file carry valid checksums (ИНН, СНИЛС, EAN-13, Luhn card numbers), so the
validators are tested against the real thing.

Sentences are written by hand below; the disguises are applied by the functions that follow them, the
way evaders apply them (look-alike letters, numerals, invisible characters, spelled "@" and "."...).
Deterministic (fixed seed): rerunning gives the same files. Run from the repository root:
    python3 tests/corpus/generate_contacts.py
"""
import json, random

rng = random.Random(20261122)

# ---------------------------------------------------------------- phone numbers and their disguises
def ru_mobile():
    return "9" + rng.choice(["16", "03", "26", "15", "05", "25", "85", "99", "77", "58", "62", "36", "12", "01", "63"]) + \
        "".join(rng.choice("0123456789") for _ in range(7))

def groups(nat, prefix="8"):
    return [prefix, nat[:3], nat[3:6], nat[6:8], nat[8:10]]

def fmt_plain(nat):
    p = rng.choice(["+7", "8"])
    style = rng.randrange(6)
    if style == 0: return f"{p} {nat[:3]} {nat[3:6]}-{nat[6:8]}-{nat[8:]}"
    if style == 1: return f"{p} ({nat[:3]}) {nat[3:6]}-{nat[6:8]}-{nat[8:]}"
    if style == 2: return f"{p}{nat}"
    if style == 3: return f"{p}-{nat[:3]}-{nat[3:6]}-{nat[6:8]}-{nat[8:]}"
    if style == 4: return f"{p} {nat[:3]} {nat[3:]}"
    return f"{p}({nat[:3]}){nat[3:]}"

def fmt_dots(nat): return ".".join(groups(nat))
def fmt_spaced_digits(nat): return " ".join("8" + nat)
def fmt_hyphen_digits(nat): return "-".join("8" + nat)

LOOK = {"0": ["О", "O", "о"], "3": ["З", "з"], "1": ["I", "l", "|"], "6": ["б"], "4": ["Ч"]}
def fmt_lookalike(nat):
    s = list("8" + nat)
    idx = [i for i, c in enumerate(s) if c in LOOK and i > 0]
    rng.shuffle(idx)
    for i in idx[:max(1, len(idx) // 2)]:
        s[i] = rng.choice(LOOK[s[i]])
    d = "".join(s)
    return f"{d[0]} {d[1:4]} {d[4:7]} {d[7:9]} {d[9:]}"

UNITS = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать", "шестнадцать",
         "семнадцать", "восемнадцать", "девятнадцать"]
TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"]

def say(group):
    """A digit group as Russians dictate it: 916 → девятьсот шестнадцать, 05 → ноль пять."""
    if group[0] == "0":
        return " ".join(UNITS[int(c)] for c in group)
    n = int(group)
    words = []
    if len(group) == 3:
        words.append(HUNDREDS[n // 100]); n %= 100
        if n == 0: return words[0]
        if n < 10: return words[0] + " " + UNITS[n]
    if 10 <= n < 20: words.append(TEENS[n - 10])
    else:
        if n // 10: words.append(TENS[n // 10])
        if n % 10: words.append(UNITS[n % 10])
    return " ".join(words)

def fmt_numerals(nat):
    g = groups(nat)
    return " ".join([UNITS[8]] + [say(x) for x in g[1:]])

def fmt_mixed(nat):
    g = groups(nat)
    out = [g[0]]
    for x in g[1:]:
        out.append(say(x) if rng.random() < 0.5 and x[0] != "0" else x)
    if all(o.isdigit() for o in out[1:]):
        out[1] = say(g[1])
    return " ".join(out)

def shift(s, base):
    return "".join(chr(base + int(c)) if c.isdigit() else c for c in s)

def fmt_fullwidth(nat): return shift(f"8 {nat[:3]} {nat[3:6]} {nat[6:8]} {nat[8:]}", 0xFF10)
def fmt_math(nat): return shift("8" + nat, rng.choice([0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6]))
def fmt_circled(nat): return "".join("⓪" if c == "0" else chr(0x2460 + int(c) - 1) for c in "8" + nat)
def fmt_keycap(nat): return "".join(c + "\ufe0f\u20e3" for c in "8" + nat)
def fmt_zero_width(nat): return rng.choice(["\u200b", "\u200c", "\u2060", "\ufeff"]).join("8" + nat)
def fmt_soft_hyphen(nat): return "\u00ad".join(groups(nat))

PHONE_DISGUISES = [fmt_plain, fmt_dots, fmt_spaced_digits, fmt_hyphen_digits, fmt_lookalike, fmt_numerals,
                   fmt_mixed, fmt_fullwidth, fmt_math, fmt_circled, fmt_keycap, fmt_zero_width, fmt_soft_hyphen]

PHONE_FRAMES = [
    ("seller", "Звоните: {}"), ("seller", "мой номер {}, пишите в любое время"), ("seller", "{} — это я, Алексей"),
    ("seller", "Для опта {} (менеджер Ольга)"), ("seller", "наберите {}, объясню по размерам"),
    ("seller", "Созвонимся? {}"), ("buyer", "Перезвоните мне на {}"), ("buyer", "Мой телефон {}, курьер пусть наберёт"),
    ("seller", "номер {} — там быстрее отвечу"), ("seller", "если что, вот {}"), ("buyer", "Связь со мной {}"),
    ("seller", "{} звоните с 9 до 21"), ("seller", "по всем вопросам — {}"), ("seller", "Запишите: {}"),
    ("buyer", "можно по телефону? {}"), ("seller", "вот номер склада {}"), ("seller", "{}, спросите Ирину"),
]

FOREIGN = [("+375", ["29", "33", "44", "25"], 7), ("+380", ["67", "50", "63", "93"], 7), ("+998", ["90", "91", "93", "97"], 7)]
KZ = ["701", "702", "705", "707", "747", "777", "771", "775"]

# ---------------------------------------------------------------- e-mails
NAMES = ["ivan.petrov", "olga_sale", "shop.msk", "anna-knit", "dmitry77", "m.smirnova", "opt.tkani", "nika.store",
         "pavel.s", "vip.obuv", "elena_k", "sergey.m", "kids.shop", "mebel.opt", "natali.ru", "zakaz24"]
PROVIDERS = [("mail", "ru"), ("gmail", "com"), ("yandex", "ru"), ("bk", "ru"), ("list", "ru"), ("inbox", "ru"),
             ("rambler", "ru"), ("ya", "ru"), ("outlook", "com")]

def email_disguises(name, prov, tld):
    return [
        ("sobaka_tochka", f"{name} собака {prov} точка {tld}"),
        ("sobaka_latin", f"{name} sobaka {prov} tochka {tld}"),
        ("at_dot_paren", f"{name} (at) {prov} (dot) {tld}"),
        ("at_dot_bracket", f"{name} [at] {prov} [.] {tld}"),
        ("at_dot_words", f"{name} at {prov} dot {tld}"),
        ("spaces", f"{name} @ {prov} . {tld}"),
        ("fullwidth_at", f"{name}＠{prov}.{tld}"),
        ("eto_tchk", f"{name} эт {prov} тчк {tld}"),
        ("cyr_tld", f"{name}@{prov} точка ру" if tld == "ru" else f"{name}@{prov} точка ком"),
    ]

SPOKEN_PROVIDERS = [("гмейл", "gmail"), ("гмайл", "gmail"), ("джимейл", "gmail"), ("мейл ру", "mail"), ("майл ру", "mail"),
                    ("яндекс ру", "yandex")]

EMAIL_FRAMES = [("seller", "пишите на почту {}"), ("seller", "почта {} — пришлю прайс"), ("buyer", "моя почта {}"),
                ("seller", "email: {}"), ("buyer", "чек пришлите на {}"), ("seller", "каталог вышлю, напишите на {}"),
                ("seller", "для связи {}"), ("buyer", "{} — туда пишите")]

# ---------------------------------------------------------------- links
SITES = ["myshop", "obuv-opt", "tkani-market", "kids-store", "mebel-vse", "sumki-optom", "vseshtory", "shina-shop"]
LINK_FRAMES = [("seller", "у нас дешевле: {}"), ("seller", "весь каталог на {}"), ("seller", "заходите {}"),
               ("seller", "{} — там скидки"), ("buyer", "нашла дешевле на {}"), ("seller", "смотрите {}, там всё есть")]

def link_disguises(site):
    return [
        ("tochka_ru", f"{site} точка ru"), ("dot_paren", f"{site} (dot) ru"), ("bracket_dot", f"{site}[.]ru"),
        ("spaced_dot", f"{site} . ru"), ("www_spaced", f"www . {site} . com"), ("https", f"https://{site}.ru/sale"),
        ("bare", f"{site}.ru"), ("one_dot_leader", f"{site}\u2024ru"),
    ]

SHORT = ["bit.ly/3xYz{}", "clck.ru/33a{}", "vk.cc/cAb{}", "cutt.ly/wX{}", "goo.su/Ab{}"]

MESSENGER_LINKS = [("t . me/{}", "spaced_tme"), ("t[.]me/{}", "bracket_tme"), ("t . m e / {}", "letter_spaced"),
                   ("t\u2024me/{}", "one_dot_leader_tme"), ("т.ме/{}", "cyrillic_tme"), ("vk . com/{}", "spaced_vk")]
HANDLES = ["shop_msk", "ivan_opt", "kids_store", "tkani24", "obuv_sale", "anna_knit"]

MESSENGER_TEXTS = [
    ("slang", "seller", "пишите в телегу, там фото"), ("slang", "seller", "в тг отвечу быстрее"),
    ("slang", "seller", "скину в вацап видео"), ("slang", "buyer", "есть вотсап?"), ("slang", "seller", "пиши в ватсап"),
    ("slang", "seller", "добавляйтесь в вайбер"), ("slang", "seller", "найдите нас в вк"), ("slang", "seller", "моя инста ivan.shop"),
    ("slang", "seller", "пишите мне в макс"), ("slang", "seller", "напишите в max"), ("slang", "seller", "ищите нас в одноклассниках"),
    ("slang", "seller", "в дискорде отвечу"), ("slang", "buyer", "скиньте ваш телеграм"), ("slang", "seller", "телеграм: @shop_msk"),
    ("homoglyph", "seller", "пишитe в тeлeграм"), ("homoglyph", "seller", "дoбавляйтесь в вoтсап"), ("homoglyph", "seller", "нaпишите мне в вaйбер"),
    ("upper", "seller", "ПИШИТЕ В ТЕЛЕГРАМ"), ("upper", "seller", "ДОБАВЛЯЙТЕСЬ В ВОТСАП"), ("upper", "seller", "ЕСТЬ ТЕЛЕГА, ПИШИТЕ"),
    ("invite", "seller", "пишите в личку"), ("invite", "seller", "детали в лс"), ("invite", "seller", "добавляйтесь"),
    ("invite", "seller", "напишите в директ"), ("invite", "seller", "подробнее расскажу в личных сообщениях"),
    ("handle", "seller", "тг @shop_msk"), ("handle", "seller", "@ivan_opt — пишите"), ("handle", "seller", "мой ник @kids_store"),
    ("handle", "buyer", "напишите мне @anna_knit"), ("handle", "seller", "@obuv_sale там все модели"),
    ("stretched", "seller", "пишииите в телеграм"), ("zero_width", "seller", "пишите в теле\u200bграм"),
]

# ---------------------------------------------------------------- clean messages dense with numbers
def digits(n, first="123456789"):
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))

def luhn_complete(prefix, length):
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return body + str((10 - total % 10) % 10)

def ean13():
    body = "46" + digits(10, "0123456789")
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)

def inn10():
    body = digits(9)
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return body + str(sum(int(c) * k for c, k in zip(body, w)) % 11 % 10)

def inn12():
    body = digits(10)
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    c1 = sum(int(c) * k for c, k in zip(body, w1)) % 11 % 10
    body += str(c1)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    return body + str(sum(int(c) * k for c, k in zip(body, w2)) % 11 % 10)

def snils():
    body = digits(9)
    s = sum(int(c) * (9 - i) for i, c in enumerate(body))
    check = s % 101
    if check == 100: check = 0
    return f"{body[:3]}-{body[3:6]}-{body[6:9]} {check:02d}"

def price():
    v = rng.choice([390, 490, 990, 1290, 1490, 1990, 2490, 2990, 3499, 4990, 7990, 12990, 15500, 24990])
    style = rng.randrange(5)
    if style == 0: return f"{v:,}".replace(",", " ") + " ₽"
    if style == 1: return f"{v} руб."
    if style == 2: return f"{v}р"
    if style == 3: return f"{v:,}".replace(",", " ") + " рублей"
    return f"{v // 1000}к" if v >= 1000 else f"{v} ₽"

def date():
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    return rng.choice([f"{d:02d}.{m:02d}.2025", f"{d:02d}.{m:02d}", f"{d}.{m:02d}.25", f"{d:02d}/{m:02d}/2026"])

CLEAN_FRAMES = [
    ("seller", "Цена {price}, доставка {d1}-{d2} дня"), ("buyer", "Сколько стоит размер {size}? Видела за {price}"),
    ("seller", "Есть размеры {sizes}, рост {h1}-{h2}"), ("seller", "Габариты {a}×{b}×{c} см, вес {kg} кг"),
    ("buyer", "Артикул {art}, какой цвет ближе к фото?"), ("seller", "арт. {art} пришлём до {date}"),
    ("buyer", "Заказ №{order} не пришёл, что делать?"), ("seller", "номер отправления {posting}, ждите"),
    ("seller", "Трек {track}, отслеживайте на сайте Почты"), ("seller", "Международный трек {s10}"),
    ("seller", "Штрихкод {ean} на упаковке, сверьте"), ("seller", "ИНН {inn10}, КПП 770101001 — это наши реквизиты в карточке"),
    ("seller", "ИП, ИНН {inn12}, работаем официально"), ("buyer", "СНИЛС {snils} — это для налогового вычета, не вам"),
    ("seller", "Возврат придёт на карту *{last4} в течение 10 дней"), ("buyer", "карта {card} — деньги вернулись? проверьте, пожалуйста"),
    ("seller", "Время работы с {t1}:00 до {t2}:00"), ("buyer", "приеду в {t1}.30 в пункт выдачи"),
    ("seller", "скидка {pct}% до {date}"), ("seller", "Объём {dec} л, мощность {w} Вт"),
    ("seller", "т.е. размер {size} подойдёт на обхват {h1} см"), ("seller", "т.к. партия пришла {date}, отправим завтра"),
    ("seller", "Мы в г.Москва, склад на ул.Ленина д.{house}"), ("seller", "Пункт выдачи: пр.Мира, {house}, стр.{c}"),
    ("buyer", "Фото.jpg прикрепила, посмотрите"), ("seller", "инструкция.pdf в карточке, версия {v1}.{v2}.{v3}"),
    ("seller", "Поддерживает iOS {v1}.{v2} и Android {v3}"), ("buyer", "Спасибо.Жду {date}"),
    ("seller", "Добрый день.Онлайн оплата доступна при заказе"), ("seller", "Подробности в карточке на wildberries.ru"),
    ("seller", "ссылка на товар в карточке на wb.ru, артикул {art}"), ("seller", "садовая телега на колёсах, грузоподъёмность {kg}0 кг"),
    ("buyer", "сдача {tg} тг, поменяю в Алматы"), ("seller", "цена {tg} тг для Казахстана"), ("seller", "Макс, ваш заказ №{order} готов"),
    ("seller", "макс. нагрузка {kg}0 кг"), ("buyer", "ок, спасибо, размер {size} беру"), ("seller", "в контакте с кожей не вызывает раздражения"),
    ("seller", "часы показывают уведомления из WhatsApp и Telegram"), ("seller", "смарт-часы с поддержкой Telegram, батарея {w}0 мАч"),
    ("seller", "Остаток {q1} {q2} {q3} шт по размерам"), ("buyer", "Размеры в наличии: {sizes}?"), ("seller", "Рост {h1}, вес {kg}, берите {size}"),
    ("buyer", "заказ от {date} в {t1}:{mm}"), ("seller", "{q1} шт по {price}, итого дешевле"), ("seller", "оплата по QR при получении, сумма {price}"),
    ("seller", "Комплект {q1} предметов, {dec} кг"), ("buyer", "у меня паспорт РФ, можно ли забрать по доверенности?"),
    ("seller", "Отправили {date}, прибытие {date2}"), ("buyer", "возврат №{order} оформлен {date}"),
]

def clean_numbers():
    rows = []
    for i in range(430):
        role, frame = CLEAN_FRAMES[i % len(CLEAN_FRAMES)]
        sizes = " ".join(str(x) for x in range(rng.choice([40, 42, 44]), 56, 2)[: rng.randint(3, 6)])
        vals = dict(price=price(), d1=rng.randint(1, 3), d2=rng.randint(4, 7), size=rng.choice([42, 44, 46, 48, "S", "M", "L"]),
                    sizes=sizes, h1=rng.randint(150, 180), h2=rng.randint(181, 195), a=rng.randint(10, 200),
                    b=rng.randint(10, 200), c=rng.randint(1, 60), kg=rng.randint(1, 30), art=digits(rng.choice([8, 9])),
                    date=date(), date2=date(), order=digits(10), posting=f"{digits(8)}-{digits(4, '0')}-{rng.randint(1, 3)}",
                    track=digits(14, "1234"), s10=rng.choice(["RA", "LP", "RR", "CP"]) + digits(9) + rng.choice(["RU", "CN", "KZ"]),
                    ean=ean13(), inn10=inn10(), inn12=inn12(), snils=snils(), last4=digits(4),
                    card=" ".join([luhn_complete("2200", 16)[k:k + 4] for k in range(0, 16, 4)]),
                    t1=rng.randint(8, 12), t2=rng.randint(17, 22), mm=rng.choice(["00", "15", "30", "45"]), pct=rng.choice([5, 10, 15, 20, 30]),
                    dec=rng.choice(["1.5", "0,5", "2.5", "0.75"]), w=rng.choice([20, 45, 65, 100]), house=rng.randint(1, 99),
                    v1=rng.randint(1, 17), v2=rng.randint(0, 9), v3=rng.randint(0, 14), tg=rng.choice([500, 1500, 15000, 3200]),
                    q1=rng.randint(2, 20), q2=rng.randint(2, 20), q3=rng.randint(2, 20))
        rows.append({"id": "n%04d" % (i + 1), "text": frame.format(**vals), "role": role, "expect": []})
    for role, text in handwritten("handwritten_clean.tsv"):
        rows.append({"id": "n%04d" % (len(rows) + 1), "text": text, "role": role, "expect": []})
    write("tests/corpus/clean_numbers.jsonl", rows)
    print(f"clean_numbers.jsonl: {len(rows)} messages")

def handwritten(name):
    """The rows of a hand-written TSV file (comment lines start with '#'), split at tabs."""
    with open("tests/corpus/" + name, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]

def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

def main():
    rows, tally = [], {}
    def add(text, role, expect, disguise):
        rows.append({"id": "k%04d" % (len(rows) + 1), "text": text, "role": role, "expect": expect, "disguise": disguise})
        tally[disguise] = tally.get(disguise, 0) + 1

    for fn in PHONE_DISGUISES:
        for _ in range(14):
            role, frame = rng.choice(PHONE_FRAMES)
            add(frame.format(fn(ru_mobile())), role, ["phone"], "phone_" + fn.__name__[4:])
    for _ in range(10):  # Moscow fixed, KZ, foreign
        nat = rng.choice(["495", "499"]) + "".join(rng.choice("0123456789") for _ in range(7))
        add(rng.choice(PHONE_FRAMES)[1].format(fmt_plain(nat)), "seller", ["phone"], "phone_fixed")
        kz = rng.choice(KZ) + "".join(rng.choice("0123456789") for _ in range(7))
        add(rng.choice(PHONE_FRAMES)[1].format(f"+7 {kz[:3]} {kz[3:6]} {kz[6:8]} {kz[8:]}"), "seller", ["phone"], "phone_kz")
        cc, ops, n = rng.choice(FOREIGN)
        sub = "".join(rng.choice("0123456789") for _ in range(n))
        add(rng.choice(PHONE_FRAMES)[1].format(f"{cc} {rng.choice(ops)} {sub[:3]}-{sub[3:5]}-{sub[5:]}"), "seller", ["phone"],
            "phone_foreign")
    for _ in range(12):  # announced local and price-before-phone
        loc = "".join(rng.choice("23456789") for _ in range(1)) + "".join(rng.choice("0123456789") for _ in range(6))
        add(rng.choice(["тел {}-{}-{}", "телефон: {} {} {}", "звоните {}-{}-{}", "номер {} {} {}"]).format(loc[:3], loc[3:5], loc[5:]),
            "seller", ["phone"], "phone_announced_local")
        add(f"цена {rng.choice(['990', '1 490', '2500', '350'])} ₽, звоните {fmt_plain(ru_mobile())}", "seller", ["phone"], "phone_after_price")
    for _ in range(8):
        nat = ru_mobile()
        add(rng.choice(["вотсап {}", "WhatsApp {}", "пишите в ватсап {}", "телеграм по номеру {}"]).format(fmt_plain(nat)),
            "seller", ["phone", "messenger"], "phone_with_messenger")

    for name in NAMES:
        prov, tld = rng.choice(PROVIDERS)
        for kind, addr in rng.sample(email_disguises(name, prov, tld), 5):
            role, frame = rng.choice(EMAIL_FRAMES)
            add(frame.format(addr), role, ["email"], "email_" + kind)
    for spoken, _ in SPOKEN_PROVIDERS:
        for name in rng.sample(NAMES, 3):
            add(rng.choice(EMAIL_FRAMES)[1].format(f"{name} собака {spoken}"), "seller", ["email"], "email_spoken_provider")
    for addr in ["info@магазин.рф", "заказ@почта.рф", "opt@ткани.рф", "shop@детские-вещи.рф"]:
        add(rng.choice(EMAIL_FRAMES)[1].format(addr), "seller", ["email"], "email_idn")

    for site in SITES:
        for kind, link in rng.sample(link_disguises(site), 4):
            role, frame = rng.choice(LINK_FRAMES)
            add(frame.format(link), role, ["link"], "link_" + kind)
    for i, s in enumerate(SHORT * 2):
        add(rng.choice(["скидка тут {}", "смотри {}", "акция {}"]).format(s.format(i)), "seller", ["link"], "link_shortener")
    for p in ["xn--80aswg.xn--p1ai", "xn--80ak6aa92e.com", "магазин точка рф", "детские-вещи.рф"]:
        add(rng.choice(LINK_FRAMES)[1].format(p), "seller", ["link"], "link_idn_punycode")
    for fmt, kind in MESSENGER_LINKS:
        for h in rng.sample(HANDLES, 3):
            add(rng.choice(["наш канал {}", "подписывайтесь {}", "{} — пишите туда"]).format(fmt.format(h)), "seller",
                ["link", "messenger"], "messenger_link_" + kind)
    for n in range(4):
        add(f"пишите wa.me/7{ru_mobile()}", "seller", ["phone", "link", "messenger"], "messenger_wa_link")
    for kind, role, text in MESSENGER_TEXTS:
        add(text, role, ["messenger"], "messenger_" + kind)
    for disguise, role, expect, text in handwritten("handwritten_contacts.tsv"):
        add(text, role, expect.split(","), "hand_" + disguise)
    write("tests/corpus/contacts.jsonl", rows)
    print(f"contacts.jsonl: {len(rows)} messages, {len(tally)} disguises")
    for k in sorted(tally):
        print(f"  {k:32} {tally[k]}")

if __name__ == "__main__":
    main()
    clean_numbers()
