"""Lexical features of a host or URL: the tokens a hashed linear model scores, and the facts
(numbered mirror, digits, TLD, vocabulary) the verdict explains.

Pure functions of the text; nothing here knows a model or a store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from safemekong.detect.lexicon import GAMBLING_HOST_TERMS, SCAM_HOST_TERMS
from safemekong.errors import InvalidInput
from safemekong.identifiers import IdentifierError
from safemekong.identifiers.base import Reject
from safemekong.identifiers.web import domain_of_host, normal_host, split_url

#: Longest input accepted (a URL), checked before any work.
MAX_INPUT = 4096
_MIRROR = re.compile(r"^(?:[0-9]{1,6}[a-z][a-z-]*|[a-z][a-z-]*?[0-9]{1,6})$")
_DIGITS = re.compile(r"[0-9]+")
_WORD = re.compile(r"[a-z]{3,}")
_GAMBLING = tuple(sorted(set(GAMBLING_HOST_TERMS), key=len, reverse=True))
_SCAM = tuple(sorted(set(SCAM_HOST_TERMS), key=len, reverse=True))


@dataclass(frozen=True)
class HostParts:
    """A host split for detection: registered domain, its label, suffix and subdomain."""

    host: str  # ASCII (punycode) form
    unicode_host: str
    registered: str
    label: str  # the registered domain without its suffix
    suffix: str
    subdomain: str
    path: str = ""  # URL path and query, lower-cased ("" for a bare domain)
    is_ip: bool = False


def parse_target(text: str, field: str = "input") -> HostParts:
    """Split a domain, host or URL; raise InvalidInput naming ``field`` when it is none of them."""
    text = text.strip()
    if not text:
        raise InvalidInput(field, "is required")
    if len(text) > MAX_INPUT:
        raise InvalidInput(field, f"is longer than {MAX_INPUT} characters")
    try:
        if any(char in text for char in "/:@?#"):
            parts = split_url(text)
            host, path = parts.host, (parts.path + ("?" + parts.query if parts.query else ""))
        else:
            host, path = normal_host(text), ""
        if host.ip:
            return HostParts(host.ascii, host.unicode, host.ascii, host.ascii, "", "", path, True)
        domain = domain_of_host(host.ascii)
    except (IdentifierError, Reject) as exc:
        raise InvalidInput(field, getattr(exc, "reason", str(exc))) from exc
    label = domain.canonical[: -len(domain.suffix) - 1]
    return HostParts(
        host.ascii,
        host.unicode,
        domain.canonical,
        label,
        domain.suffix,
        domain.subdomain,
        path.lower(),
    )


def family(label: str) -> str:
    """A brand-family key for splitting data: the label without its digits and hyphens.

    ``161kaiyun`` and ``189kaiyun`` are one family, so numbered mirrors of one brand never sit
    on both sides of a train/test split.
    """
    key = _DIGITS.sub("", label).replace("-", "")
    return key or label


def is_numbered_mirror(label: str) -> bool:
    """``161kaiyun``, ``w88`` style labels: letters with a run of digits before or after."""
    return bool(_DIGITS.search(label)) and bool(_MIRROR.match(label))


@lru_cache(maxsize=4096)
def terms_in(label: str, scam: bool) -> tuple[str, ...]:
    """Vocabulary terms found inside a label (longest first, without overlaps)."""
    found: list[str] = []
    rest = label
    for term in _SCAM if scam else _GAMBLING:
        if term in rest:
            found.append(term)
            rest = rest.replace(term, " ")
    return tuple(found)


def _bucket(value: int, edges: tuple[int, ...]) -> int:
    return next((i for i, edge in enumerate(edges) if value <= edge), len(edges))


def features(parts: HostParts) -> list[str]:
    """The tokens hashed into the model: char n-grams plus named lexical facts."""
    label = parts.label
    padded = f"^{label}$"
    tokens = [padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
    tokens.append(f"tld={parts.suffix}")
    tokens.append(f"len={_bucket(len(label), (4, 6, 8, 10, 13, 16, 20, 30))}")
    digits = sum(char.isdigit() for char in label)
    tokens.append(f"dig={_bucket(digits, (0, 1, 2, 3, 4, 6))}")
    tokens.append(f"hyph={min(label.count('-'), 3)}")
    if is_numbered_mirror(label):
        tokens.append("mirror")
        tokens.append(f"mirror={family(label)}")
    if label.startswith("xn--") or "xn--" in parts.subdomain:
        tokens.append("idn")
    if parts.is_ip:
        tokens.append("ip")
    tokens.extend(f"g={t}" for t in terms_in(label, scam=False))
    tokens.extend(f"s={t}" for t in terms_in(label, scam=True))
    if parts.subdomain:
        labels = parts.subdomain.split(".")
        tokens.append(f"depth={min(len(labels), 4)}")
        for sub in labels[-2:]:
            tokens.append(
                f"sub={sub}" if len(sub) <= 12 else f"sublen={_bucket(len(sub), (20, 30))}"
            )
            tokens.extend(f"sg={t}" for t in terms_in(sub, scam=False))
            tokens.extend(f"ss={t}" for t in terms_in(sub, scam=True))
    if parts.path:
        tokens.extend(f"p={word}" for word in _WORD.findall(parts.path)[:20])
    return tokens
