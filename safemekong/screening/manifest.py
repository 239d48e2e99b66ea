"""Passenger manifests: read travellers from CSV, write one result row per traveller."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from safemekong.csvcells import spreadsheet_safe
from safemekong.errors import InvalidInput
from safemekong.screening.scoring import Query

#: Accepted headers per field, first match wins (yente's fixtures use ``full_name``).
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("name", "full_name", "traveller", "passenger"),
    "dob": ("dob", "birth_date", "date_of_birth"),
    "nationality": ("nationality", "country"),
    "gender": ("gender", "sex"),
    "document": ("document", "document_number", "passport", "passport_number"),
}
RESULT_COLUMNS: Final = (
    "row",
    "name",
    "dob",
    "nationality",
    "status",
    "matches",
    "best_score",
    "best_entity_id",
    "best_name",
    "best_list",
    "best_kind",
    "reason",
)


@dataclass(frozen=True)
class Traveller:
    line: int
    raw: dict[str, str]
    query: Query | None
    error: str | None


def _column(header: list[str], field: str) -> str | None:
    lower = {h.strip().lower(): h for h in header}
    return next((lower[c] for c in COLUMNS[field] if c in lower), None)


def read_manifest(handle: TextIO, make_query: Callable[..., Query]) -> Iterator[Traveller]:
    """Travellers of a manifest; a bad row becomes a Traveller with the reason, not a crash."""
    reader = csv.DictReader(handle)
    header = list(reader.fieldnames or [])
    columns = {f: _column(header, f) for f in COLUMNS}
    if columns["name"] is None:
        raise InvalidInput("manifest", f"needs a name column (one of {', '.join(COLUMNS['name'])})")
    for row in reader:
        values = {f: (row.get(c) or "").strip() if c else "" for f, c in columns.items()}
        notes = []
        # A traveller is screened even when a side field is unreadable: drop it, say why.
        for field in ("dob", "nationality", "gender"):
            if values[field]:
                try:
                    make_query("x", **{_ARGUMENT[field]: values[field]})
                except InvalidInput as exc:
                    notes.append(exc.detail)
                    values[field] = ""
        try:
            query = make_query(
                values["name"],
                values["dob"] or None,
                values["nationality"] or None,
                values["gender"] or None,
                [values["document"]] if values["document"] else [],
            )
        except InvalidInput as exc:
            yield Traveller(reader.line_num, values, None, exc.detail)
            continue
        yield Traveller(reader.line_num, values, query, "; ".join(notes) or None)


_ARGUMENT: Final = {"dob": "birth_date", "nationality": "nationality", "gender": "gender"}


def result_row(traveller: Traveller, result: dict[str, Any] | None) -> dict[str, Any]:
    """The output row for one traveller (``status``: clear, hit, victim or error); ``reason``
    explains the best match, or why the row could not be screened or lost a field."""
    row: dict[str, Any] = {
        "row": traveller.line,
        "name": traveller.raw.get("name", ""),
        "dob": traveller.raw.get("dob", ""),
        "nationality": traveller.raw.get("nationality", ""),
    }
    if result is None:
        return {**row, "status": "error", "matches": 0, "reason": traveller.error}
    matches = result["matches"]
    if not matches:
        return {**row, "status": "clear", "matches": 0, "reason": traveller.error or ""}
    best = matches[0]
    return {
        **row,
        "status": "victim" if best["kind"] == "missing-person" else "hit",
        "matches": len(matches),
        "best_score": best["score"],
        "best_entity_id": best["entity_id"],
        "best_name": best["name"],
        "best_list": best["list"],
        "best_kind": best["kind"],
        "reason": json.dumps(best["explanation"]["name"], ensure_ascii=False),
    }


class _ResultWriter(csv.DictWriter):  # type: ignore[type-arg]
    """Result rows whose texts (travellers' names come from the uploaded manifest) open in a
    spreadsheet as text, never as formulas."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({k: spreadsheet_safe(v) for k, v in rowdict.items()})


def writer(handle: TextIO) -> csv.DictWriter[str]:
    out = _ResultWriter(handle, fieldnames=RESULT_COLUMNS, extrasaction="ignore")
    out.writeheader()
    return out


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)
