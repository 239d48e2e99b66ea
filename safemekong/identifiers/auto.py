"""Guess an identifier's type from its text, in an order that never mistakes one for another.

Each step has a cheap shape test; only a text of that shape is parsed, and only a parse that
succeeds (checksums and check digits included) is taken. When nothing fits, the error lists
every type tried and why it was refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from safemekong.identifiers.bank import is_unionpay_card, parse_bank, split_name_and_account
from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.document import KIND_ALIASES, parse_document
from safemekong.identifiers.email import parse_email
from safemekong.identifiers.handle import is_labelled, parse_handle, platform_for_host
from safemekong.identifiers.image import parse_image
from safemekong.identifiers.phone import parse_phone
from safemekong.identifiers.text import compact, fold, fold_width, split_label
from safemekong.identifiers.wallet import looks_like_address, parse_wallet
from safemekong.identifiers.web import parse_domain, parse_url, refang

_EMAIL = re.compile(r"(?:mailto:)?[^\s@/:]+@[^\s@/.]+(?:\.[^\s@/.]+)+", re.IGNORECASE)
_URL_HOST = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.\-]*)://)?(?:[^@/?#\s]*@)?(?P<host>[^/:?#\s]+)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_HOST_LIKE = re.compile(r"[^\s/@:?#.]+(?:\.[^\s/@:?#.]+)+\.?")
_PHONE_CHARS = re.compile(r"(?:tel:)?[+(]?[0-9][0-9\s().\-‐‑‒–—―−/]*", re.IGNORECASE)
_CN_ID = re.compile(r"[1-9][0-9]{16}[0-9X]")
_TH_ID = re.compile(r"[1-9][0-9]{12}")
_BANK_KEY = re.compile(r"[A-Za-z]{2}:[^:]+:.+")
_IMAGE_HASH = re.compile(r"(?:sha256|phash):\s*[0-9a-f]+|[0-9a-f]{64}", re.IGNORECASE)
_DOCUMENT_LABELS = frozenset(fold(alias) for aliases in KIND_ALIASES.values() for alias in aliases)


class Step(NamedTuple):
    """One guess: the type it yields, a shape test on the text, the parser."""

    type: str
    shape: Callable[[str], bool]
    parse: Callable[[str, str | None], Identifier]
    #: Whether the step sees the NFKC-folded text (all but URLs and domains: api.WIDTH_FOLDED).
    folded: bool = True


def _label(text: str) -> str | None:
    split = split_label(text)
    return split[0] if split else None


def _url_host(text: str) -> tuple[str | None, str, str] | None:
    """(scheme, host, rest) of a URL-looking text, None when it does not look like one."""
    match = _URL_HOST.fullmatch(refang(text))
    if match is None:
        return None
    return match.group("scheme"), match.group("host").lower(), match.group("rest")


def _is_handle_url(text: str) -> bool:
    if text[:5].lower() == "tg://":
        return True
    parts = _url_host(text)
    return parts is not None and "." in parts[1] and platform_for_host(parts[1]) is not None


def _is_url(text: str) -> bool:
    parts = _url_host(text)
    if parts is None:
        return False
    scheme, host, rest = parts
    return scheme is not None or ("." in host and rest.startswith("/"))


def _is_document(text: str) -> bool:
    if _label(text) in _DOCUMENT_LABELS:
        return True
    packed = compact(text).upper()
    return bool(_CN_ID.fullmatch(packed) or _TH_ID.fullmatch(packed))


def _is_card(text: str) -> bool:
    packed = compact(text)
    return packed.isdigit() and is_unionpay_card(packed)


def _is_named_account(text: str) -> bool:
    if _BANK_KEY.fullmatch(text):
        return True
    name, account = split_name_and_account(text)
    return bool(name) and sum(char.isdigit() for char in account) >= 4


#: The guessing order (see the module docstring); the first successful parse wins.
STEPS: tuple[Step, ...] = (
    Step("email", lambda text: bool(_EMAIL.fullmatch(refang(text))), parse_email),
    Step("handle", _is_handle_url, parse_handle),
    Step("url", _is_url, parse_url, folded=False),
    Step("handle", is_labelled, parse_handle),
    Step("wallet", looks_like_address, parse_wallet),
    Step("document", _is_document, parse_document),
    Step("bank", _is_card, parse_bank),
    Step("bank", _is_named_account, parse_bank),
    Step("phone", lambda text: bool(_PHONE_CHARS.fullmatch(text)), parse_phone),
    Step(
        "domain", lambda text: bool(_HOST_LIKE.fullmatch(refang(text))), parse_domain, folded=False
    ),
    Step("image", lambda text: bool(_IMAGE_HASH.fullmatch(text)), parse_image),
)


def guess(text: str, default_region: str | None) -> Identifier:
    """The first identifier in :data:`STEPS` order that ``text`` parses as; Reject otherwise."""
    tried: list[str] = []
    folded = fold_width(text)
    for step in STEPS:
        given = folded if step.folded else text
        if not step.shape(given):
            continue
        try:
            return step.parse(given, default_region)
        except Reject as exc:
            tried.append(f"{step.type} ({exc.reason})")
    if not tried:
        return _nothing_fits()
    raise Reject("no identifier type fits; tried " + "; ".join(tried))


def _nothing_fits() -> Identifier:
    types = ", ".join(dict.fromkeys(step.type for step in STEPS))
    raise Reject(f"does not look like any identifier ({types})")
