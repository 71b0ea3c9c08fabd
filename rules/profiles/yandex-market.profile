# Yandex Market — explicit chat content rules were not found; the Ozon set is assumed (contacts,
# off-platform, insults, personal data). Promotions of the Market itself are allowed, so no 'ads' row.
# Sanctions follow the quality-control ladder: warning, then disconnection.
[profile]
name          = yandex-market
description   = Yandex Market (assumed rules as on Ozon)
allow_domains = market.yandex.ru ya.ru yandex.ru
marketplace_names = яндекс* yandex маркет* market

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
