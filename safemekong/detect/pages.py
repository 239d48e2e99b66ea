"""Web page verdicts: gambling/scam SEO injection in legitimate pages, and whole-page classes.

The page is HTML already fetched (SafeMekong does not crawl here). Injection rules are a table
(code, weight, check); each fired rule is a reason naming the terms and links it found, and the
injection score is ``1 - Π(1 - weight)`` over fired rules. Whole pages are told apart as
``gambling``, ``scam-investment`` or ``phishing`` sites by what their visible text is about; a
page whose own text is about something else but whose title, meta, links or hidden blocks push
gambling is ``seo-injection``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from safemekong.detect.brands import BrandIndex, default_index
from safemekong.detect.html_parts import MAX_PAGE, PageParts, parse_page
from safemekong.detect.lexical import is_numbered_mirror
from safemekong.detect.lexicon import GAMBLING_TEXT_TERMS
from safemekong.detect.typology import TYPOLOGY_CUES
from safemekong.detect.verdict import Reason, Verdict, sorted_reasons
from safemekong.errors import InvalidInput

#: Terms that legitimate pages use too (a news site's sport section): they count only in a
#: bracketed title prefix or beside a strong term.
WEAK_TERMS = frozenset({"sport", "sports", "体育", "poker", "jackpot", "lottery", "彩票"})
STRONG_TERMS = tuple(t for t in GAMBLING_TEXT_TERMS if t not in WEAK_TERMS)
#: Label thresholds.
INJECTION_THRESHOLD = 0.7
GAMBLING_SITE_TERMS = 4
INVESTMENT_SITE_CUES = 3
_BRACKET = re.compile(r"^\s*[【\[(（「]([^】\])）」]{1,40})[】\])）」]")
_ASCII_WORD = re.compile(r"^[a-z0-9 ]+$")
_CLOAK_SOURCE = re.compile(r"navigator\.userAgent|document\.referrer|navigator\.language", re.I)
_CLOAK_ACTION = re.compile(
    r"(?:window\.|top\.|document\.|self\.)?location(?:\.href|\.replace)?\s*(?:=|\()|"
    r"document\.write|innerHTML\s*=|\.src\s*=",
    re.I,
)
_CLOAK_KEY = re.compile(
    r"bot|spider|crawl|baidu|google|sogou|bing|360|yisou|mobile|android|iphone", re.I
)


def _term_pattern(term: str) -> re.Pattern[str]:
    if _ASCII_WORD.match(term):
        return re.compile(rf"(?<![a-z]){re.escape(term)}(?![a-z])", re.I)
    return re.compile(re.escape(term), re.I)


_PATTERNS = {term: _term_pattern(term) for term in GAMBLING_TEXT_TERMS}


def gambling_terms(text: str, strong_only: bool = True) -> list[str]:
    """The gambling terms found in ``text`` (strong ones only unless asked)."""
    terms = STRONG_TERMS if strong_only else GAMBLING_TEXT_TERMS
    return [t for t in terms if _PATTERNS[t].search(text)]


@dataclass
class PageContext:
    """A parsed page with the facts the rules share."""

    parts: PageParts
    site: str  # registered host of the page itself, if known ("" otherwise)
    brands: BrandIndex

    def outbound(self) -> list[tuple[str, str, bool]]:
        """(host, anchor text, hidden) of links leaving the page's own site."""
        links = []
        for anchor in self.parts.anchors:
            host = _host(anchor.href)
            if host and (not self.site or not host.endswith(self.site)):
                links.append((host, anchor.text, anchor.hidden))
        return links


Rule = Callable[[PageContext], Reason | None]


def _host(url: str) -> str | None:
    """The lower-cased host of ``url`` ("" when it names none), None when it is malformed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # an unbalanced IPv6 bracket, a bad port
        return None


def _title_bracket(ctx: PageContext) -> Reason | None:
    match = _BRACKET.match(ctx.parts.title)
    if not match:
        return None
    inner = match.group(1)
    terms = gambling_terms(inner, strong_only=False)
    if not terms:
        return None
    return Reason.of(
        "title-brand-prefix", 0.8, {"prefix": inner, "terms": terms},
        prefix=repr(match.group(0).strip()),
    )  # fmt: skip


def _title_terms(ctx: PageContext) -> Reason | None:
    terms = gambling_terms(ctx.parts.title)
    if not terms:
        return None
    return Reason.of("title-gambling-terms", 0.6, {"terms": terms}, terms=", ".join(terms))


def _meta_terms(ctx: PageContext) -> Reason | None:
    text = " ".join(ctx.parts.meta.values())
    terms = gambling_terms(text)
    if not terms:
        return None
    return Reason.of("meta-gambling-terms", 0.5, {"terms": terms}, terms=", ".join(terms[:6]))


def _mirror_links(ctx: PageContext) -> Reason | None:
    hosts = sorted({host for host, _, _ in ctx.outbound() if _is_mirror_host(host)})
    if not hosts:
        return None
    weight = 0.5 if len(hosts) == 1 else 0.7
    return Reason.of("mirror-links", weight, {"hosts": hosts}, hosts=", ".join(hosts[:5]))


def _anchor_terms(ctx: PageContext) -> Reason | None:
    found = [(host, text) for host, text, _ in ctx.outbound() if gambling_terms(text)]
    if not found:
        return None
    terms = sorted({t for _, text in found for t in gambling_terms(text)})
    return Reason.of(
        "anchor-gambling-terms", 0.5, {"terms": terms, "hosts": sorted({h for h, _ in found})[:20]},
        count=len(found), terms=", ".join(terms[:6]),
    )  # fmt: skip


def _hidden_block(ctx: PageContext) -> Reason | None:
    hidden_links = [host for host, _, hidden in ctx.outbound() if hidden]
    terms = gambling_terms(" ".join(ctx.parts.hidden_text))
    if not hidden_links and not terms:
        return None
    weight = 0.7 if hidden_links and terms else 0.5
    return Reason.of(
        "hidden-block", weight, {"hosts": sorted(set(hidden_links))[:20], "terms": terms},
        count=len(hidden_links), terms=", ".join(terms[:6]) or "-",
    )  # fmt: skip


def _cloaking(ctx: PageContext) -> Reason | None:
    for script in ctx.parts.scripts:
        if (
            _CLOAK_SOURCE.search(script)
            and _CLOAK_ACTION.search(script)
            and _CLOAK_KEY.search(script)
        ):
            keyed = "User-Agent" if re.search("userAgent", script, re.I) else "Referer"
            return Reason.of(
                "cloaking-script", 0.8, {"keyed_on": keyed, "snippet": script.strip()[:160]},
                keyed_on=keyed,
            )  # fmt: skip
    return None


def _semantic_gap(ctx: PageContext) -> Reason | None:
    promoted = gambling_terms(
        " ".join([ctx.parts.title, *ctx.parts.meta.values(), *(a.text for a in ctx.parts.anchors)])
    )
    body = gambling_terms(" ".join(ctx.parts.text + ctx.parts.headings))
    body_words = len(ctx.parts.body_text.split())
    if not promoted or len(body) > 1 or body_words < 30:
        return None
    return Reason.of("topic-gap", 0.4, {"terms": promoted}, terms=", ".join(promoted[:5]))


#: The injection rules, in the order their reasons are listed when weights tie.
INJECTION_RULES: tuple[Rule, ...] = (
    _title_bracket,
    _title_terms,
    _meta_terms,
    _mirror_links,
    _anchor_terms,
    _hidden_block,
    _cloaking,
    _semantic_gap,
)


def _is_mirror_host(host: str) -> bool:
    labels = host.split(".")
    name = labels[-2] if len(labels) >= 2 else host
    return is_numbered_mirror(name) and any(char.isalpha() for char in name)


def classify_page(html: str, url: str = "", brands: BrandIndex | None = None) -> Verdict:
    """Verdict for an HTML page: ``benign``, ``seo-injection``, ``gambling``, ``scam-investment``
    or ``phishing``, with the rules that fired."""
    if not html or not html.strip():
        raise InvalidInput("page", "is empty")
    if len(html) > MAX_PAGE:
        raise InvalidInput("page", f"is larger than {MAX_PAGE} characters")
    site = ""
    if url:
        host = _host(url if "//" in url else "//" + url)
        if host is None:
            raise InvalidInput("url", f"{url!r} is not a URL")
        site = ".".join(host.split(".")[-2:])
    ctx = PageContext(parse_page(html), site, brands or default_index())
    fired = [reason for rule in INJECTION_RULES if (reason := rule(ctx)) is not None]
    injection = 1.0
    for reason in fired:
        injection *= 1.0 - reason.weight
    injection = 1.0 - injection
    body = ctx.parts.body_text + " " + " ".join(ctx.parts.headings)
    body_terms = gambling_terms(body)
    investment = [cue for cue in TYPOLOGY_CUES["investment"] if cue in body.lower()]
    reasons = list(fired)
    if len(body_terms) >= GAMBLING_SITE_TERMS:
        reasons.append(
            Reason.of("gambling-site", 0.9, {"terms": body_terms}, terms=", ".join(body_terms[:6]))
        )
        return Verdict(
            "gambling", 0.9, sorted_reasons(reasons), {"injection_score": round(injection, 4)}
        )
    if ctx.parts.password_fields and _brand_named(ctx):
        brand = _brand_named(ctx)
        reasons.append(Reason.of("phishing-login", 0.85, {"brand": brand}, brand=repr(brand)))
        return Verdict(
            "phishing", 0.85, sorted_reasons(reasons), {"injection_score": round(injection, 4)}
        )
    if len(investment) >= INVESTMENT_SITE_CUES:
        reasons.append(
            Reason.of("investment-site", 0.75, {"cues": investment}, cues=", ".join(investment[:6]))
        )
        return Verdict(
            "scam-investment",
            0.75,
            sorted_reasons(reasons),
            {"injection_score": round(injection, 4)},
        )
    label = "seo-injection" if injection >= INJECTION_THRESHOLD else "benign"
    score = injection if label != "benign" else 1.0 - injection
    return Verdict(label, score, sorted_reasons(reasons), {"injection_score": round(injection, 4)})


def _brand_named(ctx: PageContext) -> str | None:
    """A sensitive brand named in the title of a page not on that brand's domain."""
    words = re.findall(r"[a-z0-9]{3,}", ctx.parts.title.lower())
    for word in words:
        brand = ctx.brands.part(word) or ctx.brands.brands.get(word)
        if (
            brand is not None
            and brand.sensitive
            and (not ctx.site or ctx.site not in brand.domains)
        ):
            return brand.token
    return None
