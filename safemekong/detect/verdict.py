"""What every detector returns: a label, a score in [0, 1] and the reasons that produced it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final


def sentence(text: str) -> str:
    """Mark a reason's sentence for the web pages' translators (``make web-messages`` extracts
    it); the text itself is returned."""
    return text


#: The English sentence of each kind of reason, filled with its ``params`` by name
#: (``%(name)s``). The web pages show the same sentences translated.
TEXTS: Final[dict[str, str]] = {
    "brand-punycode": sentence(
        "internationalised name that renders as %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-homoglyph": sentence(
        "digits or look-alike letters spell %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-in-label": sentence(
        "the registered name carries the brand %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-lookalike": sentence(
        "one letter away from the brand %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-in-subdomain": sentence(
        "a subdomain carries the brand %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-in-path": sentence(
        "the URL path names the brand %(brand)s, whose real domain is %(domain)s"
    ),
    "brand-owned": sentence("%(domain)s belongs to %(brand)s"),
    "numbered-mirror": sentence("%(label)s is a numbered mirror name"),
    "domain-model": sentence("lexical model gives %(label)s %(probability)s"),
    "domain-model-cues": sentence("lexical model gives %(label)s %(probability)s (%(cues)s)"),
    "message-model": sentence("message model gives %(label)s %(probability)s"),
    "message-model-cues": sentence(
        "message model gives %(label)s %(probability)s (strongest cues %(cues)s)"
    ),
    "typology": sentence("reads like %(typology)s: %(cues)s"),
    "has-links": sentence("contains links: %(links)s"),
    "zawgyi": sentence("Burmese text in the legacy Zawgyi encoding"),
    "title-brand-prefix": sentence("title starts with a bracketed gambling brand %(prefix)s"),
    "title-gambling-terms": sentence("title carries gambling terms %(terms)s"),
    "meta-gambling-terms": sentence("meta description/keywords carry %(terms)s"),
    "mirror-links": sentence("links to numbered mirror domains %(hosts)s"),
    "anchor-gambling-terms": sentence(
        "%(count)s outbound link(s) with gambling anchor text (%(terms)s)"
    ),
    "hidden-block": sentence("hidden block with %(count)s link(s) and terms %(terms)s"),
    "cloaking-script": sentence("script redirects or rewrites the page by %(keyed_on)s"),
    "topic-gap": sentence(
        "title, meta or links push %(terms)s but the page's own text is about something else"
    ),
    "gambling-site": sentence("the page's own text is about gambling (%(terms)s)"),
    "phishing-login": sentence("password form on a page styled as %(brand)s"),
    "investment-site": sentence("investment promises (%(cues)s)"),
    "link": sentence("link %(url)s looks %(label)s: %(reason)s"),
    "known-operation": sentence(
        "already linked to operation %(operation)s (%(count)s report(s) from %(agencies)s)"
    ),
    "reported": sentence("seen in %(count)s report(s) visible to you"),
    "warning-list": sentence("on the warning list %(list)s: %(reason)s"),
}


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: a stable ``code``, a human-readable ``text`` and its ``weight``.

    ``weight`` is the evidence's contribution to the score (model probability, rule weight);
    ``detail`` carries machine-readable facts (the brand impersonated, the injected terms).
    ``template`` names the sentence of :data:`TEXTS` that ``text`` is, filled with ``params``.
    """

    code: str
    text: str
    weight: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)
    template: str = ""
    params: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        template: str,
        weight: float,
        detail: dict[str, Any] | None = None,
        *,
        code: str | None = None,
        **params: str | int,
    ) -> Reason:
        """The reason whose text is ``TEXTS[template]`` filled with ``params`` (code: the
        template's name unless given)."""
        values = {name: str(value) for name, value in params.items()}
        return cls(
            code or template, TEXTS[template] % values, weight, detail or {}, template,
            values,
        )  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "weight": round(self.weight, 4),
        }
        if self.detail:
            data["detail"] = self.detail
        if self.template:
            data["template"] = self.template
            data["params"] = self.params
        return data


@dataclass(frozen=True)
class Verdict:
    """A detector's answer about one input, with its explainable breakdown."""

    label: str
    score: float
    reasons: tuple[Reason, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON shape ``{"label", "score", "reasons": [...]}`` plus extra fields."""
        return {
            "label": self.label,
            "score": round(self.score, 4),
            "reasons": [reason.to_json() for reason in self.reasons],
            **self.extra,
        }


def sorted_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Strongest evidence first, so the first reason is the one to read."""
    return tuple(sorted(reasons, key=lambda r: -abs(r.weight)))
