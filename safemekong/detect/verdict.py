"""What every detector returns: a label, a score in [0, 1] and the reasons that produced it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

#: The English text of each kind of reason, filled with its ``params`` by name. The web pages
#: show the same sentences translated (``safemekong.web.labels.REASON_TEXTS``).
TEXTS: Final[dict[str, str]] = {
    "brand-punycode": "internationalised name that renders as {brand}, whose real domain is "
    "{domain}",
    "brand-homoglyph": "digits or look-alike letters spell {brand}, whose real domain is {domain}",
    "brand-in-label": "the registered name carries the brand {brand}, whose real domain is "
    "{domain}",
    "brand-lookalike": "one letter away from the brand {brand}, whose real domain is {domain}",
    "brand-in-subdomain": "a subdomain carries the brand {brand}, whose real domain is {domain}",
    "brand-in-path": "the URL path names the brand {brand}, whose real domain is {domain}",
    "brand-owned": "{domain} belongs to {brand}",
    "numbered-mirror": "{label} is a numbered mirror name",
    "domain-model": "lexical model gives {label} {probability}",
    "domain-model-cues": "lexical model gives {label} {probability} ({cues})",
    "message-model": "message model gives {label} {probability}",
    "message-model-cues": "message model gives {label} {probability} (strongest cues {cues})",
    "typology": "reads like {typology}: {cues}",
    "has-links": "contains links: {links}",
    "zawgyi": "Burmese text in the legacy Zawgyi encoding",
    "title-brand-prefix": "title starts with a bracketed gambling brand {prefix}",
    "title-gambling-terms": "title carries gambling terms {terms}",
    "meta-gambling-terms": "meta description/keywords carry {terms}",
    "mirror-links": "links to numbered mirror domains {hosts}",
    "anchor-gambling-terms": "{count} outbound link(s) with gambling anchor text ({terms})",
    "hidden-block": "hidden block with {count} link(s) and terms {terms}",
    "cloaking-script": "script redirects or rewrites the page by {keyed_on}",
    "topic-gap": "title, meta or links push {terms} but the page's own text is about something "
    "else",
    "gambling-site": "the page's own text is about gambling ({terms})",
    "phishing-login": "password form on a page styled as {brand}",
    "investment-site": "investment promises ({cues})",
    "link": "link {url} looks {label}: {reason}",
    "known-operation": "already linked to operation {operation} ({count} report(s) from "
    "{agencies})",
    "reported": "seen in {count} report(s) visible to you",
    "warning-list": "on the warning list {list}: {reason}",
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
            code or template, TEXTS[template].format(**values), weight, detail or {}, template,
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
