"""Registering many files from one list: an extraction's screenshots, exports and statements
registered together, a few hundred per transaction, each refused row named by its line.

The list is a CSV file (UTF-8, header row) with one row per file. ``file`` is the file's path,
relative to the list's folder; the other columns are the item's metadata as
:data:`safemekong.evidence.records.FIELDS` and :meth:`Locker.add` take them (``case``,
``exhibit``, ``acquired_by`` and ``legal_basis`` are required), plus ``acquired_at``, ``tlp``,
``sharing_groups`` and ``recipients`` (lists separated by ``;``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from safemekong.errors import InvalidInput, SafeMekongError
from safemekong.evidence.locker import Locker, NewItem
from safemekong.evidence.records import FIELDS, Actor
from safemekong.policy import Principal

#: Metadata columns of a list, besides ``file``.
COLUMNS: Final = (*FIELDS, "acquired_at", "tlp", "sharing_groups", "recipients")
_LISTS: Final = ("sharing_groups", "recipients")
#: Rows registered in one transaction.
BATCH: Final = 250
#: Rows one list may hold.
MAX_ROWS: Final = 100_000


@dataclass(frozen=True)
class Listed:
    """One row of a list: its line, the file it names and the item's metadata."""

    line: int
    path: Path
    metadata: dict[str, Any]


@dataclass
class ListResult:
    """What registering a list did: the items added and the rows refused (line, reason)."""

    added: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "deduplicated": sum(1 for item in self.added if item["deduplicated"]),
            "refused": len(self.refused),
            "items": self.added,
            "errors": self.refused,
        }


def read_list(path: Path) -> tuple[list[Listed], list[dict[str, Any]]]:
    """The rows of a list file and the rows refused already (unknown columns fail the list)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InvalidInput("list", f"cannot read {path.name}: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InvalidInput("list", f"line 1: {exc}") from None
        _check_header(header)
        rows: list[Listed] = []
        refused: list[dict[str, Any]] = []
        try:
            for raw in reader:
                line = reader.line_num
                if len(rows) + len(refused) >= MAX_ROWS:
                    raise InvalidInput("list", f"holds more than {MAX_ROWS:,} rows")
                try:
                    rows.append(_row(path.parent, line, raw))
                except InvalidInput as exc:
                    refused.append({"line": line, "reason": exc.detail})
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InvalidInput("list", f"line {reader.line_num}: {exc}") from None
    return rows, refused


def _check_header(header: Sequence[str]) -> None:
    if "file" not in header:
        raise InvalidInput("list", "has no 'file' column (the header row names the columns)")
    unknown = sorted(set(header) - {"file", *COLUMNS})
    if unknown:
        raise InvalidInput("list", f"unknown column(s): {', '.join(unknown)}")


def _row(folder: Path, line: int, raw: dict[str, str | None]) -> Listed:
    if None in raw:
        raise InvalidInput("row", "has more cells than the header has columns")
    name = (raw.get("file") or "").strip()
    if not name:
        raise InvalidInput("file", "is required")
    path = folder / name
    if not path.resolve().is_relative_to(folder.resolve()):
        raise InvalidInput("file", f"{name} is outside the list's folder")
    if not path.is_file():
        raise InvalidInput("file", f"no such file: {name}")
    metadata: dict[str, Any] = {
        column: (value or "").strip() or None
        for column, value in raw.items()
        if column != "file" and column is not None
    }
    for column in _LISTS:
        if metadata.get(column):
            parts = (part.strip() for part in metadata[column].split(";"))
            metadata[column] = [part for part in parts if part]
    return Listed(line, path, metadata)


def add_listed(
    locker: Locker,
    principal: Principal,
    rows: Sequence[Listed],
    actor: Actor | None = None,
    agency: str | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    refused: Sequence[dict[str, Any]] = (),
) -> ListResult:
    """Register the rows, ``batch`` per transaction; a batch that fails is registered row by
    row so that the good rows are kept and each bad one is named by its line. ``refused``:
    rows :func:`read_list` refused already, reported with the others."""
    result = ListResult(refused=list(refused))
    done = 0
    for chunk in _chunks(rows, max(1, batch)):
        try:
            with ExitStack() as files:
                items = [_item(files, row) for row in chunk]
                result.added += locker.add_many(principal, items, actor, agency)
        except SafeMekongError:
            for row in chunk:
                try:
                    with ExitStack() as files:
                        item = _item(files, row)
                        result.added += locker.add_many(principal, [item], actor, agency)
                except SafeMekongError as exc:
                    result.refused.append({"line": row.line, "reason": exc.detail})
        done += len(chunk)
        if progress is not None:
            progress(done)
    locker.checkpoint()
    result.refused.sort(key=lambda error: error["line"])
    return result


def _item(files: ExitStack, row: Listed) -> NewItem:
    try:
        stream = files.enter_context(row.path.open("rb"))
    except OSError as exc:
        raise InvalidInput("file", f"cannot read {row.path.name}: {exc.strerror}") from None
    return NewItem(stream, row.metadata, row.path.name)


def _chunks(rows: Sequence[Listed], size: int) -> Iterator[Sequence[Listed]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
