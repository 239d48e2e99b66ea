"""The warning list: benign identifiers that are stored and shown but never link reports.

Banks' hotlines, emergency numbers, popular domains and the root domains of chat platforms turn
up in unrelated reports all the time (a spoofed caller ID, a ``t.me`` link); linking on them
would glue operations together. MISP's warning lists serve the same purpose.

The shipped list is two CSV files in ``safemekong/intel/data`` with the columns
``key,list,reason``: ``warninglist.csv`` built by ``tools/build_warninglist.py`` from public top
and brand lists, and ``warninglist-curated.csv`` kept by hand (it wins where both name a key).
Keys are canonical identifier keys (``domain:t.me``, ``phone:+661333``).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from safemekong.identifiers import Identifier

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The shipped files, in load order: a later file's entry replaces an earlier one's.
BUILT_CSV = DATA_DIR / "warninglist.csv"
CURATED_CSV = DATA_DIR / "warninglist-curated.csv"
COLUMNS = ("key", "list", "reason")


@dataclass(frozen=True)
class WarningEntry:
    """One benign identifier: its canonical key, the list it is on, and why."""

    key: str
    list: str
    reason: str


class WarningList:
    """A set of benign identifiers, looked up by canonical key."""

    def __init__(self, entries: Iterable[WarningEntry] = ()) -> None:
        self._entries: dict[str, WarningEntry] = {entry.key: entry for entry in entries}

    @classmethod
    def default(cls) -> WarningList:
        """The shipped list (built and curated files), loaded once per process."""
        return _default()

    @classmethod
    def empty(cls) -> WarningList:
        """A list that matches nothing (to measure what the warning list is worth)."""
        return cls()

    @classmethod
    def from_csv(cls, path: Path | str, *more: Path | str) -> WarningList:
        """Load ``key,list,reason`` CSV files; an entry in a later file replaces an earlier one."""
        entries: list[WarningEntry] = []
        for one in (path, *more):
            entries.extend(read_csv(Path(one)))
        return cls(entries)

    def match(self, identifier: Identifier) -> WarningEntry | None:
        """The entry that makes ``identifier`` benign, or None.

        A URL is benign only when its registered domain is listed and it points at the site's
        root (path ``/``, no query): ``https://t.me/`` is benign, ``https://t.me/scam_desk`` is
        not. Every other type matches its exact canonical key.
        """
        if identifier.type == "url":
            return self._match_url(identifier)
        return self._entries.get(identifier.key)

    def match_key(self, key: str) -> WarningEntry | None:
        """The entry listed under exactly this canonical key, or None."""
        return self._entries.get(key)

    def counts(self) -> dict[str, int]:
        """How many entries each list and each identifier type has (``list:…``, ``type:…``)."""
        counted = Counter(f"list:{entry.list}" for entry in self)
        counted.update(f"type:{entry.key.partition(':')[0]}" for entry in self)
        return dict(sorted(counted.items()))

    def _match_url(self, identifier: Identifier) -> WarningEntry | None:
        parts = urlsplit(identifier.canonical)
        if parts.path not in ("", "/") or parts.query:
            return None
        for implied in identifier.implied():
            if implied.type == "domain":
                return self._entries.get(implied.key)
        return None

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[WarningEntry]:
        return iter(self._entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self._entries


def read_csv(path: Path) -> list[WarningEntry]:
    """Read one ``key,list,reason`` file; ValueError names the file and line of a bad row."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(header) != COLUMNS:
            raise ValueError(f"{path}: the header must be {','.join(COLUMNS)}")
        entries = []
        for row in reader:
            if len(row) != len(COLUMNS) or ":" not in row[0] or not row[1]:
                raise ValueError(f"{path}:{reader.line_num}: expected key,list,reason: {row}")
            entries.append(WarningEntry(*row))
    return entries


def write_csv(path: Path, entries: Iterable[WarningEntry]) -> None:
    """Write entries sorted by key (so a rebuilt file diffs cleanly)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for entry in sorted(entries, key=lambda e: e.key):
            writer.writerow((entry.key, entry.list, entry.reason))


@cache
def _default() -> WarningList:
    return WarningList.from_csv(BUILT_CSV, CURATED_CSV)
