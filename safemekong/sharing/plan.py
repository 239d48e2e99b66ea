"""What an import found: report items for the intake, and what it skipped or refused, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safemekong.identifiers import IdentifierError, parse


@dataclass
class ImportPlan:
    """Report items of the JSON contract, each with the source id it came from (a STIX id,
    a MISP event uuid), plus skipped parts and refused objects with their reasons."""

    items: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, source: object, reason: str) -> None:
        self.skipped.append({"source": str(source), "reason": reason})

    def add(self, source: str, item: dict[str, Any], identifiers: list[Any]) -> None:
        item["identifiers"] = _unique(i for i in identifiers if i is not None)
        self.items.append(item)
        self.sources.append(source)

    def identifier(
        self, source: object, kind: str, value: str, role: str, region: str | None
    ) -> dict[str, str] | None:
        """An identifier entry, or None (listed as skipped) when ``value`` is not one.

        Checking here keeps one bad value from rejecting its whole report at intake.
        """
        try:
            parse(kind, value, region)
        except IdentifierError as exc:
            self.skip(source, str(exc))
            return None
        return {"value": value, "type": kind, "role": role}


def _unique(entries: Any) -> list[dict[str, str]]:
    seen: dict[tuple[str, str, str], dict[str, str]] = {}
    for entry in entries:
        seen.setdefault((entry["type"], entry["value"], entry["role"]), entry)
    return list(seen.values())
