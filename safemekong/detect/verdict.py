"""What every detector returns: a label, a score in [0, 1] and the reasons that produced it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: a stable ``code``, a human-readable ``text`` and its ``weight``.

    ``weight`` is the evidence's contribution to the score (model probability, rule weight);
    ``detail`` carries machine-readable facts (the brand impersonated, the injected terms).
    """

    code: str
    text: str
    weight: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "text": self.text,
            "weight": round(self.weight, 4),
        }
        if self.detail:
            data["detail"] = self.detail
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
