# Wildberries — seller–buyer chat rules of 2023 (offer): no direct contacts, no invitations to other
# platforms or messengers, no collecting buyers' personal data, no insults, no negative statements about
# WB, its staff or other sellers, no one-word answers. 25 000 ₽ fine for a seller's attempt to contact the
# buyer directly; shop suspension for repeat or grave violations.
[profile]
name          = wb
description   = Wildberries chat rules of 2023 (default profile)
allow_domains = wildberries.ru wb.ru wildberries.by wildberries.kz wildberries.am wildberries.ge
marketplace_names = wildberries вайлдберриз* вайлдбериз* валдберис* вилдберриз* вб wb

[policy]
# category      role    channel  action  sanction                 fine_rub
phone           seller  *        block   fine>fine>disconnect     25000
email           seller  *        block   fine>fine>disconnect     25000
link            seller  *        block   warning>fine>disconnect  25000
messenger       seller  *        block   fine>fine>disconnect     25000
offplatform     seller  *        block   warning>fine>disconnect  25000
pii_request     seller  *        block   fine>fine>disconnect     25000
profanity       seller  *        block   warning>disconnect
insult          seller  *        block   warning>disconnect
disparagement   seller  *        block   warning>disconnect
ads             seller  *        review  warning
one_word        seller  *        review  warning
# A short thank-you under a review is normal: the rule reports it (it is one word), this row prices it at
# nothing. A one-word answer in the chat or to a product question is held with a warning.
one_word        seller  review_reply  allow  none
phishing        seller  *        block   disconnect
spam            seller  *        block   warning
# Buyers are never fined: their contacts are masked, abuse is held, extortion goes to a moderator.
phone           buyer   *        mask    none
email           buyer   *        mask    none
link            buyer   *        mask    none
messenger       buyer   *        mask    none
offplatform     buyer   *        review  none
pii_request     buyer   *        review  none
profanity       buyer   *        block   warning
insult          buyer   *        block   warning
disparagement   buyer   *        allow   none
phishing        buyer   *        block   warning
extortion       buyer   *        review  none
