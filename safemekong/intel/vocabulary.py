"""Declared vocabularies of intelligence records: typologies, identifier roles, languages.

Intake validates against these tables; the synthetic world draws from them.
"""

from __future__ import annotations

from typing import Final

#: Scam typologies a victim report is filed under (code -> English label).
TYPOLOGIES: Final[dict[str, str]] = {
    "pig-butchering": "Pig butchering (杀猪盘): grooming, then a fake investment platform",
    "authority-impersonation": "Impersonation of police, prosecutors or courts (冒充公检法)",
    "task-rebate": "Task and rebate scam (刷单返利)",
    "investment": "Fake investment or trading platform",
    "romance": "Romance scam",
    "loan": "Loan scam",
    "sextortion": "Sextortion",
    "job": "Job scam or recruitment into a compound",
    "illegal-gambling": "Illegal online gambling",
    "other": "Other",
}

#: Roles an identifier plays in a report (code -> English label).
ROLES: Final[dict[str, str]] = {
    "caller": "Number that called the victim",
    "sms-sender": "Sender of an SMS",
    "website": "Website or app page the victim used",
    "receiving-account": "Bank or e-wallet account the victim paid into",
    "wallet": "Crypto wallet the victim paid into",
    "chat-contact": "Chat contact (Telegram, LINE, WeChat, WhatsApp …)",
    "email-sender": "Sender of an e-mail",
    "profile-image": "Image used by the scammer's persona",
    "suspect-document": "Document number of a suspect",
    "mentioned": "Mentioned in the report",
}
