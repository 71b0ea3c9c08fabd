# Magnit Market (formerly KazanExpress) — no public chat rules were found; the strict Wildberries set is
# assumed, without the fine (no fine amount is published).
[profile]
name          = magnit-market
description   = Magnit Market (assumed strict rules, no published fine)
allow_domains = mm.ru magnit.ru kazanexpress.ru
marketplace_names = магнит* magnit казанэкспресс* kazanexpress

[policy]
# category      role    channel  action  sanction
phone           seller  *        block   warning>disconnect
email           seller  *        block   warning>disconnect
link            seller  *        block   warning>disconnect
messenger       seller  *        block   warning>disconnect
offplatform     seller  *        block   warning>disconnect
pii_request     seller  *        block   warning>disconnect
profanity       seller  *        block   warning>disconnect
insult          seller  *        block   warning>disconnect
disparagement   seller  *        block   warning>disconnect
ads             seller  *        review  warning
one_word        seller  *        review  warning
phishing        seller  *        block   disconnect
spam            seller  *        block   warning
phone           buyer   *        mask    none
email           buyer   *        mask    none
link            buyer   *        mask    none
messenger       buyer   *        mask    none
pii_request     buyer   *        review  none
profanity       buyer   *        block   warning
insult          buyer   *        block   warning
phishing        buyer   *        block   warning
extortion       buyer   *        review  none
