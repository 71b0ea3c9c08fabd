# Ozon — "Rules for communication with customers and Ozon": no contacts or alternative communication
# methods, no links other than Ozon, no profanity (including veiled), no rudeness, no negative statements
# about Ozon or other sellers, no collecting personal data. Ozon has no fines in the contract: sanctions
# are warnings, disabled chat and blocking.
[profile]
name          = ozon
description   = Ozon communication rules: chat disabled or account blocked, no fines
allow_domains = ozon.ru ozon.by ozon.kz ozon.com
marketplace_names = ozon озон*

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
phishing        seller  *        block   disconnect
spam            seller  *        block   warning
phone           buyer   *        mask    none
email           buyer   *        mask    none
link            buyer   *        mask    none
messenger       buyer   *        mask    none
offplatform     buyer   *        review  none
pii_request     buyer   *        review  none
profanity       buyer   *        block   warning
insult          buyer   *        block   warning
phishing        buyer   *        block   warning
extortion       buyer   *        review  none
