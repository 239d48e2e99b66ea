"""Translatable labels of the codes pages show (typologies, roles, identifier types, alerts).

The codes are the capabilities' own (``safemekong.intel.vocabulary``, the identifier types,
the TLP levels); only their short display names live here, marked with :func:`N_` so the
message extractor finds them. ``tests/web`` checks that every code has a label.
"""

from __future__ import annotations

from typing import Final


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


TYPOLOGIES: Final[dict[str, str]] = {
    "pig-butchering": N_("Pig butchering"),
    "authority-impersonation": N_("Impersonation of police or courts"),
    "task-rebate": N_("Task and rebate scam"),
    "investment": N_("Fake investment platform"),
    "romance": N_("Romance scam"),
    "loan": N_("Loan scam"),
    "sextortion": N_("Sextortion"),
    "job": N_("Job scam or recruitment"),
    "illegal-gambling": N_("Illegal online gambling"),
    "other": N_("Other"),
}

ROLES: Final[dict[str, str]] = {
    "caller": N_("Caller"),
    "sms-sender": N_("SMS sender"),
    "website": N_("Website"),
    "receiving-account": N_("Receiving account"),
    "wallet": N_("Crypto wallet"),
    "chat-contact": N_("Chat contact"),
    "email-sender": N_("E-mail sender"),
    "profile-image": N_("Profile image"),
    "suspect-document": N_("Suspect's document"),
    "mentioned": N_("Mentioned"),
}

IDENTIFIER_TYPES: Final[dict[str, str]] = {
    "phone": N_("Phone number"),
    "url": N_("URL"),
    "domain": N_("Domain"),
    "handle": N_("Chat handle"),
    "bank": N_("Bank account"),
    "wallet": N_("Crypto wallet"),
    "email": N_("E-mail address"),
    "image": N_("Image"),
    "document": N_("Identity document"),
}

ALERT_KINDS: Final[dict[str, str]] = {
    "operation-link": N_("Linked to an operation"),
    "watch-hit": N_("Watched identifier seen"),
    "hit-without-disclosure": N_("Your data was searched for"),
}

#: What alerts say (``safemekong.intel.alerts.TEXTS``), filled in from their ``params``.
ALERT_TEXTS: Final[dict[str, str]] = {
    "partners-reported": N_(
        "New reports (%(count)s) from %(agencies)s linked to operation %(operation)s"
    ),
    "linked-to-partners": N_(
        "Your new reports linked to operation %(operation)s, which holds reports of %(agencies)s"
    ),
    "watched-value-reported": N_("%(key)s, which you watch, appears in a new report of %(agency)s"),
    "hidden-value-looked-up": N_(
        "%(agency)s looked up %(key)s, which your reports hold; they were told to contact you "
        "and saw none of your data"
    ),
}

TLP_LEVELS: Final[dict[str, str]] = {
    "CLEAR": N_("TLP:CLEAR — public"),
    "GREEN": N_("TLP:GREEN — the community"),
    "AMBER": N_("TLP:AMBER — recipients' organisations"),
    "AMBER+STRICT": N_("TLP:AMBER+STRICT — recipients only"),
    "RED": N_("TLP:RED — named recipients only"),
}

ROLE_NAMES: Final[dict[str, str]] = {
    "admin": N_("Administrator"),
    "analyst": N_("Analyst"),
    "immigration": N_("Immigration officer"),
    "read-only": N_("Read only"),
}

#: Fields of an identifier's canonical form (``Identifier.to_json()``), as the facts list shows.
FIELDS: Final[dict[str, str]] = {
    "region": N_("Country"),
    "country": N_("Country"),
    "country_code": N_("Country calling code"),
    "line_type": N_("Line type"),
    "extension": N_("Extension"),
    "bank_code": N_("Bank code"),
    "bank_name": N_("Bank"),
    "bic": N_("SWIFT/BIC"),
    "account": N_("Account number"),
    "kind": N_("Kind"),
    "number": N_("Number"),
    "birth_date": N_("Date of birth"),
    "sex": N_("Sex"),
    "algorithm": N_("Hash algorithm"),
    "digest": N_("Digest"),
    "phash": N_("Perceptual hash"),
    "width": N_("Width"),
    "height": N_("Height"),
    "format": N_("Format"),
    "scheme": N_("Scheme"),
    "host": N_("Host"),
    "unicode_host": N_("Host (Unicode)"),
    "unicode": N_("Unicode form"),
    "domain": N_("Registered domain"),
    "suffix": N_("Public suffix"),
    "subdomain": N_("Subdomain"),
    "private_suffix": N_("Private suffix"),
    "platform": N_("Platform"),
    "handle": N_("Handle"),
    "url": N_("Profile URL"),
    "chain": N_("Chain"),
    "address": N_("Address"),
    "network": N_("Network"),
    "address_type": N_("Address type"),
    "asset": N_("Asset"),
    "local_part": N_("Local part"),
    "unicode_domain": N_("Domain (Unicode)"),
}
#: Fields of a canonical form that the facts list leaves out (shown elsewhere, or internal).
HIDDEN_FIELDS: Final = frozenset(
    {"type", "canonical", "key", "raw", "guessed", "known", "warning_list"}
)
COUNTRY_FIELDS: Final = frozenset({"region", "country"})

#: Kinds of watch list, and of a match from one, with what the officer does about a match.
LIST_KINDS: Final[dict[str, str]] = {
    "subject": N_("Subjects"),
    "missing-person": N_("Missing persons"),
}
MATCH_KINDS: Final[dict[str, str]] = {
    "subject": N_("Watch-list subject"),
    "missing-person": N_("Possible trafficking victim"),
}
MATCH_ACTIONS: Final[dict[str, str]] = {
    "subject": N_("Possible subject: hold the traveller and refer to the listing agency."),
    "missing-person": N_("Possible trafficking victim: refer to victim protection. Do not arrest."),
}
#: Outcome of one traveller of a screened manifest.
SCREENING_STATUSES: Final[dict[str, str]] = {
    "victim": N_("Possible victim"),
    "hit": N_("Hit"),
    "error": N_("Not screened"),
    "clear": N_("Clear"),
}
#: How a name was read into Latin letters before comparing (``NameForm.via``).
NAME_READINGS: Final[dict[str, str]] = {
    "latin": N_("as written"),
    "vietnamese": N_("Vietnamese, accents folded"),
    "pinyin": N_("Mandarin pinyin"),
    "wade-giles": N_("Wade-Giles"),
    "cantonese-surname": N_("Cantonese surname spelling"),
    "hokkien-surname": N_("Hokkien or Teochew surname spelling"),
    "thai-rtgs": N_("Royal Thai General System"),
    "burmese-table": N_("Burmese transcription"),
    "khmer-table": N_("Khmer transcription"),
    "arabic-consonants": N_("Arabic consonants"),
    "anyascii": N_("transliterated letter by letter"),
}
#: The evidence besides the name that moves a screening score (``scoring.FEATURES``).
SCREENING_FEATURES: Final[dict[str, str]] = {
    "birth_date_match": N_("Date of birth agrees"),
    "birth_date_mismatch": N_("Years of birth differ"),
    "nationality_match": N_("Nationality is listed"),
    "nationality_mismatch": N_("Nationality is not listed"),
    "gender_mismatch": N_("Gender differs"),
    "document_match": N_("Document number is listed"),
    "identifier_match": N_("Phone, wallet or e-mail is listed"),
    "weak_alias": N_("Only a weak alias agrees"),
    "not_a_person": N_("The entry is not a person"),
}
#: States of a background job (a manifest being screened).
JOB_STATES: Final[dict[str, str]] = {
    "waiting": N_("Waiting"),
    "running": N_("Running"),
    "finished": N_("Finished"),
    "failed": N_("Failed"),
}
#: Labels of the detectors' verdicts (domains, URLs, messages and pages).
VERDICTS: Final[dict[str, str]] = {
    "benign": N_("Benign"),
    "gambling": N_("Illegal gambling"),
    "scam": N_("Scam"),
    "spam": N_("Spam"),
    "phishing": N_("Phishing"),
    "scam-investment": N_("Fake investment site"),
    "seo-injection": N_("SEO injection (hacked site promoting gambling)"),
}

#: Money-trail tracing rules (``safemekong.trail.rules.RULES``).
TRACE_RULES: Final[dict[str, str]] = {
    "fifo": N_("FIFO: first in, first out"),
    "lifo": N_("LIFO: last in, first out"),
    "haircut": N_("Haircut: in proportion to the balance"),
    "poison": N_("Poison: every later payment out"),
}
#: Why a trace stops at an endpoint account.
STOP_REASONS: Final[dict[str, str]] = {
    "service": N_("Reached a service that can freeze it"),
    "hub": N_("Busy account, not traced through"),
    "hop-limit": N_("Hop limit reached"),
    "holding": N_("Still held in the account"),
}
#: Kinds of attribution tag on ledger accounts (``safemekong.trail.tags.KINDS``).
TAG_KINDS: Final[dict[str, str]] = {
    "exchange": N_("Exchange"),
    "otc-desk": N_("OTC desk"),
    "payment-processor": N_("Payment processor"),
    "guarantee-marketplace": N_("Guarantee marketplace"),
    "mixer": N_("Mixer"),
    "sanctioned": N_("Sanctioned"),
    "scam": N_("Scam account"),
    "mule": N_("Mule account"),
    "victim": N_("Victim's account"),
}
#: Features of the mule-account score (``safemekong.trail.mules.FEATURES``).
MULE_FEATURES: Final[dict[str, str]] = {
    "fan_in": N_("Distinct senders (log)"),
    "fan_out": N_("Distinct receivers (log)"),
    "pass_through": N_("Share of the money received that was sent on"),
    "dwell_hours": N_("Median hours before money leaves (log)"),
    "velocity": N_("Transfers per active day (log)"),
    "age_days": N_("Days between first and last transfer (log)"),
    "round_share": N_("Share of round amounts (multiples of 100)"),
    "reported": N_("Named in a victim report"),
}
#: Custody events of evidence items (``safemekong.evidence.records.ACTIONS``).
CUSTODY_ACTIONS: Final[dict[str, str]] = {
    "acquired": N_("Acquired from its source"),
    "registered": N_("Registered in the locker"),
    "viewed": N_("Viewed"),
    "copied": N_("Copy downloaded"),
    "exported": N_("Written to a court package"),
    "transferred": N_("Custody handed over"),
    "received": N_("Custody taken over"),
    "verified": N_("File re-hashed and verified"),
    "sealed": N_("Sealed"),
}

#: Every table by the name templates use: ``label("typology", code)``.
TABLES: Final[dict[str, dict[str, str]]] = {
    "typology": TYPOLOGIES,
    "role": ROLES,
    "type": IDENTIFIER_TYPES,
    "alert": ALERT_KINDS,
    "tlp": TLP_LEVELS,
    "user-role": ROLE_NAMES,
    "field": FIELDS,
    "trace-rule": TRACE_RULES,
    "stop-reason": STOP_REASONS,
    "tag-kind": TAG_KINDS,
    "mule-feature": MULE_FEATURES,
    "custody-action": CUSTODY_ACTIONS,
    "list-kind": LIST_KINDS,
    "match-kind": MATCH_KINDS,
    "match-action": MATCH_ACTIONS,
    "screening-status": SCREENING_STATUSES,
    "name-reading": NAME_READINGS,
    "screening-feature": SCREENING_FEATURES,
    "job-state": JOB_STATES,
    "verdict": VERDICTS,
}
