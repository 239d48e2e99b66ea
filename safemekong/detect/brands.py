"""Brand impersonation: look-alikes, homoglyphs and punycode, brand in subdomain, label or path.

The brand table is data: ``data/brands.csv`` (built by ``tools/build_brands.py`` from the v2fly
brand-owned domain lists, MIT) and ``data/brands-curated.csv`` (the region's banks, e-wallets,
couriers and platforms, kept by hand). A host on a brand's own registered domain never
impersonates; any other host that carries a brand's token, or a token one edit or one homoglyph
away, does, with a reason naming the brand and its real domain.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safemekong.detect.lexical import HostParts
from safemekong.detect.lexicon import GAMBLING_HOST_TERMS, SCAM_HOST_TERMS
from safemekong.detect.verdict import Reason
from safemekong.identifiers import IdentifierError
from safemekong.identifiers.base import Reject
from safemekong.identifiers.web import domain_of_host, normal_host

DATA_DIR = Path(__file__).resolve().parent / "data"
BRANDS_CSV = DATA_DIR / "brands.csv"
CURATED_CSV = DATA_DIR / "brands-curated.csv"
GENERIC_TXT = DATA_DIR / "brands-generic.txt"
INFRASTRUCTURE_TXT = DATA_DIR / "infrastructure.txt"
#: A token found inside this many unrelated popular registered domains is a word, not a brand.
GENERIC_MIN_DOMAINS = 3

#: v2fly categories whose brands are worth impersonating (money, logins, parcels); their tokens
#: count when found inside or one edit from other names. Other brands count only when a
#: homoglyph, punycode or a subdomain spells them exactly.
SENSITIVE_PREFIXES: tuple[str, ...] = (
    "bank", "finance", "cryptocurrency", "ecommerce", "logistics", "securities", "payments",
    "ewallet", "communication", "social-media", "games-vn",
)  # fmt: skip
#: v2fly categories that are not brands (often abused), left out of the table.
NEUTRAL_CATEGORIES = frozenset({"urlshortner", "number-verification-cn", ""})

#: Evidence weights of the impersonation rules (the score is the strongest one found).
WEIGHTS: dict[str, float] = {
    "brand-punycode": 0.97,
    "brand-homoglyph": 0.95,
    "brand-lookalike": 0.85,
    "brand-in-subdomain": 0.9,
    "brand-in-label": 0.85,
    "brand-in-path": 0.6,
}
#: Shortest token matched inside a longer name, and the shortest matched one edit away
#: (only sensitive brands: one edit from any of 8,000 company names hits popular sites).
MIN_CONTAINED = 5
#: The region's banks and e-wallets (curated categories) count inside names from 4 letters
#: (``momo``, ``bidv``).
MIN_CONTAINED_REGIONAL = 4
REGIONAL_PREFIXES: tuple[str, ...] = ("bank-", "ewallet-", "payments-")
MIN_PART = 3
MIN_LOOKALIKE = 7
#: A hyphen part or subdomain one edit from a brand counts from 8 letters (``content`` is one
#: edit from the brand ``contest``; ``vietconbank`` from ``vietcombank``).
MIN_NEAR_PART = 8

#: Characters that render like ASCII letters (Cyrillic, Greek, Latin extensions) and the
#: digits typosquats put in place of letters.
HOMOGLYPHS: dict[str, str] = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "к": "k", "м": "m",
    "н": "h", "т": "t", "в": "b", "ɡ": "g", "ο": "o", "α": "a", "ν": "v", "ι": "i", "κ": "k",
    "ρ": "p", "τ": "t", "υ": "u", "ɑ": "a", "ı": "i", "ł": "l", "ɩ": "i", "ꞵ": "b",
    "0": "o", "1": "l", "3": "e", "5": "s", "@": "a",
}  # fmt: skip
_MULTI = (("rn", "m"), ("vv", "w"), ("cl", "d"))
#: Tokens too generic to stand for a brand inside other names.
GENERIC = frozenset(
    {t.replace("-", "") for t in (*SCAM_HOST_TERMS, *GAMBLING_HOST_TERMS)}
    | {"china", "japan", "group", "global", "world", "money", "digital", "mobile", "store", "games",
       "market", "cloud", "media", "music", "video", "search", "capital", "credit", "finance",
       "crypto", "coin", "coins", "trust", "chain", "smart", "first", "union", "people"}
)  # fmt: skip


@dataclass(frozen=True)
class Brand:
    """A brand token and the registered domains it owns."""

    token: str
    domains: frozenset[str]
    category: str

    @property
    def sensitive(self) -> bool:
        return self.category.startswith(SENSITIVE_PREFIXES)

    @property
    def main_domain(self) -> str:
        return min(self.domains, key=lambda d: (len(d), d))


def skeleton(text: str) -> str:
    """The ASCII shape of a label: homoglyphs and digit substitutions folded, accents removed."""
    folded = "".join(HOMOGLYPHS.get(char, char) for char in text.lower())
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    for many, one in _MULTI:
        folded = folded.replace(many, one)
    return folded


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, or one transposition of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


class BrandIndex:
    """Brands by token, with a deletion index for one-edit look-alikes."""

    def __init__(
        self,
        brands: Iterable[Brand],
        generic: Iterable[str] = (),
        infrastructure: Iterable[str] = (),
    ) -> None:
        self.generic = GENERIC | frozenset(generic)
        self.infrastructure = frozenset(infrastructure)
        self.brands: dict[str, Brand] = {}
        for brand in brands:
            known = self.brands.get(brand.token)
            if known is not None:
                sensitive = known if known.sensitive else brand
                brand = Brand(brand.token, known.domains | brand.domains, sensitive.category)
            self.brands[brand.token] = brand
        self.official: dict[str, Brand] = {}
        for brand in self.brands.values():
            for domain in brand.domains:
                self.official.setdefault(domain, brand)
        self._near: dict[str, set[str]] = defaultdict(set)
        self._contained: dict[str, Brand] = {}
        for token, brand in self.brands.items():
            if token in self.generic:
                continue
            if brand.sensitive and len(token) >= MIN_LOOKALIKE:
                for variant in (*_deletes(token), token):
                    self._near[variant].add(token)
            regional = brand.category.startswith(REGIONAL_PREFIXES) and "-" in brand.category
            if brand.sensitive and len(token) >= (
                MIN_CONTAINED_REGIONAL if regional else MIN_CONTAINED
            ):
                self._contained[token] = brand
        self._max_contained = max((len(t) for t in self._contained), default=0)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, str]],
        generic: Iterable[str] = (),
        infrastructure: Iterable[str] = (),
    ) -> BrandIndex:
        grouped: dict[str, tuple[set[str], str]] = {}
        for token, domain, category in rows:
            domains, first = grouped.setdefault(token, (set(), category))
            domains.add(domain)
            if category.startswith(SENSITIVE_PREFIXES) and not first.startswith(SENSITIVE_PREFIXES):
                grouped[token] = (domains, category)
        brands = (Brand(t, frozenset(d), c) for t, (d, c) in grouped.items())
        return cls(brands, generic, infrastructure)

    def on_infrastructure(self, host: str) -> bool:
        """Is ``host`` under a CDN or traffic manager's domain (a CNAME target)?"""
        labels = host.split(".")
        return any(".".join(labels[i:]) in self.infrastructure for i in range(len(labels) - 1))

    def is_official(self, registered: str) -> bool:
        return registered in self.official

    def lookalike(self, word: str) -> Brand | None:
        """The brand whose token is ``word`` one edit away (not equal), if any."""
        if len(word) < MIN_LOOKALIKE or word in self.generic:
            return None
        for variant in (*_deletes(word), word):
            for token in self._near.get(variant, ()):
                if token != word and _within_one_edit(token, word):
                    return self.brands[token]
        return None

    def contained(self, word: str) -> Brand | None:
        """The longest sensitive brand token inside ``word`` (but not all of it)."""
        best: Brand | None = None
        for size in range(min(len(word), self._max_contained), MIN_CONTAINED_REGIONAL - 1, -1):
            for start in range(len(word) - size + 1):
                brand = self._contained.get(word[start : start + size])
                if brand is not None and (best is None or len(brand.token) > len(best.token)):
                    best = brand
            if best is not None:
                return best
        return None

    def part(self, word: str) -> Brand | None:
        """A sensitive brand whose (short) token is exactly ``word``."""
        brand = self.brands.get(word)
        if (
            brand is not None
            and brand.sensitive
            and len(word) >= MIN_PART
            and word not in self.generic
        ):
            return brand
        return None

    def check(self, parts: HostParts) -> list[Reason]:
        """Impersonation reasons for a host (empty when it is a brand's own or names none)."""
        if parts.is_ip or self.is_official(parts.registered):
            return []
        if self.on_infrastructure(parts.host):
            return []
        return list(_reasons(self, parts))


def _reason(code: str, brand: Brand, **detail: str) -> Reason:
    return Reason.of(
        code,
        WEIGHTS[code],
        {"brand": brand.token, "brand_domain": brand.main_domain, "category": brand.category,
         **detail},
        brand=repr(brand.token),
        domain=brand.main_domain,
    )  # fmt: skip


def _reasons(index: BrandIndex, parts: HostParts) -> Iterator[Reason]:
    unicode_label = parts.unicode_host.split(".")[: parts.unicode_host.count(".") + 1]
    label_unicode = ".".join(unicode_label)[: -len(parts.suffix) - 1] if parts.suffix else ""
    label_unicode = label_unicode.split(".")[-1]
    plain = parts.label.replace("-", "")
    if parts.label.startswith("xn--") or not label_unicode.isascii():
        shape = skeleton(label_unicode).replace("-", "")
        brand = index.brands.get(shape) or index.contained(shape)
        if brand is not None:
            yield _reason("brand-punycode", brand, shown=label_unicode)
            return
    shape = skeleton(plain)
    if (
        shape != plain
        and shape in index.brands
        and len(shape) >= MIN_CONTAINED
        and shape not in index.generic
    ):
        yield _reason("brand-homoglyph", index.brands[shape])
        return
    hit = _in_name(index, parts.label)
    if hit is not None:
        yield _reason("brand-in-label", hit)
    else:
        near = index.lookalike(plain) or index.lookalike(shape) or _near_part(index, parts.label)
        if near is not None:
            yield _reason("brand-lookalike", near)
    if parts.subdomain:
        for label in parts.subdomain.split("."):
            word = label.replace("-", "")
            brand = index.brands.get(word) if len(word) >= MIN_PART else None
            if (
                brand is not None
                and word not in index.generic
                and (brand.sensitive or len(word) >= MIN_CONTAINED)
            ):
                yield _reason("brand-in-subdomain", brand)
                break
            brand = _in_name(index, label) or _near_part(index, label)
            if brand is not None:
                yield _reason("brand-in-subdomain", brand)
                break
    if parts.path:
        for word in parts.path.replace("-", "/").replace(".", "/").split("/"):
            brand = index.part(word) if len(word) < MIN_CONTAINED else index._contained.get(word)
            if brand is not None:
                yield _reason("brand-in-path", brand)
                break


def _near_part(index: BrandIndex, label: str) -> Brand | None:
    """A brand one edit from one of the label's hyphen parts (``vietconbank-digital``)."""
    for part in label.split("-"):
        word = part.rstrip("0123456789")
        brand = index.lookalike(word) or (index.brands.get(word) if word != label else None)
        if (
            brand is not None
            and brand.sensitive
            and brand.token not in index.generic
            and len(brand.token) >= MIN_NEAR_PART
        ):
            return brand
    return None


def _in_name(index: BrandIndex, label: str) -> Brand | None:
    """A sensitive brand in a label: as one of its hyphen parts, or inside it."""
    for part in label.split("-"):
        brand = index.part(part)
        if brand is not None and part != label:
            return brand
    whole = label.replace("-", "")
    brand = index.contained(whole)
    if brand is not None and brand.token != whole:
        return brand
    return None


def read_brand_csv(path: Path) -> Iterator[tuple[str, str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield row["token"], row["domain"], row["category"]


def read_words(path: Path) -> list[str]:
    """One word a line, ``#`` comments skipped."""
    if not path.exists():
        return []
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


@cache
def default_index() -> BrandIndex:
    """The shipped brand table (v2fly-derived plus curated), loaded once per process."""
    rows = list(read_brand_csv(CURATED_CSV))
    if BRANDS_CSV.exists():
        rows.extend(read_brand_csv(BRANDS_CSV))
    return BrandIndex.from_rows(rows, read_words(GENERIC_TXT), read_words(INFRASTRUCTURE_TXT))


def generic_tokens(
    rows: Iterable[tuple[str, str, str]],
    popular_hosts: Iterable[str],
    min_domains: int = GENERIC_MIN_DOMAINS,
) -> list[str]:
    """Brand tokens found inside the names of ``min_domains`` or more popular registered
    domains that the brand does not own: words such as ``cloud`` or ``update``, not brands."""
    owners: dict[str, set[str]] = defaultdict(set)
    for token, domain, _ in rows:
        owners[token].add(domain)
    longest = max((len(t) for t in owners), default=0)
    seen: dict[str, set[str]] = defaultdict(set)
    for host in popular_hosts:
        try:
            registered = domain_of_host(normal_host(host).ascii).canonical
        except (IdentifierError, Reject):
            continue
        for label in host.split(".")[:-1]:
            word = label.replace("-", "")
            for size in range(MIN_PART, min(len(word), longest) + 1):
                for start in range(len(word) - size + 1):
                    token = word[start : start + size]
                    if token in owners and registered not in owners[token]:
                        seen[token].add(registered)
    return sorted(t for t, domains in seen.items() if len(domains) >= min_domains)


def brand_rows_from_v2fly(categories_csv: Path) -> list[tuple[str, str, str]]:
    """``(token, registered domain, category)`` rows from v2fly's flattened categories file."""
    rows: set[tuple[str, str, str]] = set()
    with categories_csv.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            category = row["category"].removeprefix("category-")
            if category in NEUTRAL_CATEGORIES:
                continue
            try:
                domain = domain_of_host(normal_host(row["domain"]).ascii)
            except (IdentifierError, Reject):
                continue
            label = domain.canonical[: -len(domain.suffix) - 1].replace("-", "")
            if len(label) >= MIN_PART and not label.isdigit():
                rows.add((label, domain.canonical, category))
    return sorted(rows)
