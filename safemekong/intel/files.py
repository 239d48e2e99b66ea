"""Reading report files: a JSON document, JSON lines, or the documented CSV.

Readers stream and yield ``(line, item)`` pairs, where ``item`` is a report dict in the JSON
contract or a :class:`LineError` for a line that could not be read; nothing is stored here.

CSV columns: the report fields (``external_id, agency, received_at, typology, narrative,
language, amount_lost, currency, tlp``) plus one column per identifier role, named ``ROLE`` or
``ROLE:TYPE`` (``caller:phone``, ``receiving-account:bank``, ``chat-contact``); a cell may hold
several values separated by ``|``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.intel.intake import normalize_role

#: Largest single JSON document or line accepted (bytes of text).
MAX_LINE = 1024 * 1024
MAX_DOCUMENT = 64 * 1024 * 1024
REPORT_COLUMNS = (
    "external_id",
    "agency",
    "received_at",
    "typology",
    "narrative",
    "language",
    "amount_lost",
    "currency",
    "tlp",
)


@dataclass(frozen=True)
class LineError:
    """A line of an input file that is not a report at all (broken JSON, too long …)."""

    reason: str


Item = dict[str, Any] | LineError


def detect_format(path: Path) -> str:
    """``json``, ``jsonl`` or ``csv`` from the file name."""
    suffix = path.suffix.lower()
    formats = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
    if suffix not in formats:
        raise InvalidInput("file", f"{path.name}: use a .json, .jsonl or .csv file")
    return formats[suffix]


def read_json_document(stream: TextIO) -> Iterator[tuple[int, Item]]:
    """One report or a list of reports in one JSON document (items numbered from 1)."""
    text = stream.read(MAX_DOCUMENT + 1)
    if len(text) > MAX_DOCUMENT:
        raise InvalidInput(
            "file",
            f"a JSON document may hold at most {MAX_DOCUMENT} bytes; "
            "use JSON lines for larger imports",
        )
    try:
        payload = limits.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            "file", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    items = payload if isinstance(payload, list) else [payload]
    yield from enumerate(items, start=1)


def read_json_lines(stream: TextIO) -> Iterator[tuple[int, Item]]:
    """One report per line; blank lines are skipped."""
    for number, line in enumerate(limits.lines(stream, MAX_LINE), start=1):
        if line is None:
            yield number, LineError(f"line is longer than {MAX_LINE} characters")
            continue
        if not line.strip():
            continue
        try:
            yield number, limits.loads(line)
        except json.JSONDecodeError as exc:
            yield number, LineError(f"not valid JSON: {exc.msg} at column {exc.colno}")


def _identifier_columns(header: list[str]) -> dict[str, tuple[str, str | None]]:
    columns: dict[str, tuple[str, str | None]] = {}
    for name in header:
        if name in REPORT_COLUMNS:
            continue
        role, _, kind = name.partition(":")
        try:
            columns[name] = (normalize_role(role), kind.strip() or None)
        except ValueError as exc:
            raise InvalidInput(f"column {name!r}", str(exc)) from None
    return columns


def read_csv(stream: TextIO) -> Iterator[tuple[int, Item]]:
    """The documented CSV; the header row is line 1."""
    csv.field_size_limit(MAX_LINE)
    reader = csv.DictReader(limits.csv_lines(stream, MAX_LINE))
    try:
        header = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise InvalidInput("line 1", f"unreadable CSV header: {exc}") from None
    columns = _identifier_columns(header)
    if "external_id" not in header:
        raise InvalidInput("file", "the CSV header must have an external_id column")
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # DictReader's own line_num is the last line it returned
            yield reader.reader.line_num, LineError(f"unreadable CSV: {exc}")
            continue
        report: dict[str, Any] = {k: row[k] for k in REPORT_COLUMNS if row.get(k) not in (None, "")}
        identifiers = []
        for name, (role, kind) in columns.items():
            for value in (row.get(name) or "").split("|"):
                if value.strip():
                    identifiers.append(
                        {"value": value.strip(), "role": role, **({"type": kind} if kind else {})}
                    )
        report["identifiers"] = identifiers
        yield reader.line_num, report


def read_reports(path: Path, stream: TextIO | None = None) -> Iterator[tuple[int, Item]]:
    """Items of a report file of any supported format, numbered by line (or item for JSON)."""
    fmt = detect_format(path)
    handle = stream or path.open(encoding="utf-8-sig", newline="" if fmt == "csv" else None)
    readers = {"json": read_json_document, "jsonl": read_json_lines, "csv": read_csv}
    try:
        yield from readers[fmt](handle)
    except UnicodeDecodeError as exc:
        raise InvalidInput("file", f"{path.name} is not UTF-8 text ({exc.reason})") from None
    finally:
        if stream is None:
            handle.close()
