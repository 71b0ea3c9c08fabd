# Avito — a classifieds site: a phone number is part of the deal, so contacts are tolerated. What is
# dangerous is fraud: paying outside Avito, phishing links, requests for card numbers, CVC or SMS codes.
[profile]
name          = avito
description   = Avito: contacts tolerated; off-platform payment, phishing and card/SMS requests severe
allow_domains = avito.ru avito.st
marketplace_names = avito авито

[policy]
# category      role    channel  action  sanction
link            *       *        review  none
offplatform     *       *        review  warning
pii_request     *       *        block   warning>disconnect
profanity       *       *        block   warning>disconnect
insult          *       *        block   warning>disconnect
phishing        *       *        block   disconnect
spam            *       *        block   warning
extortion       *       *        review  none
