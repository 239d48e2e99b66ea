"""Screening as a service over the hub's store: import lists, screen names and manifests.

The in-memory index is built from the store on first use and rebuilt when any list changes
(the lists' revision numbers tell). Every result passes the hub's visibility rule, and every
hit on an entry owned by an agency leaves that agency an alert.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from safemekong.errors import Forbidden, InvalidInput
from safemekong.policy import agencies
from safemekong.policy.agencies import Agency
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import ScopeResolver, check_marking
from safemekong.policy.visibility import visible_scope_ids
from safemekong.screening import mainland, repository
from safemekong.screening import manifest as manifest_io
from safemekong.screening.importers import RowError, read_list
from safemekong.screening.index import INDEX_FORMAT, IndexedEntry, ScreeningIndex
from safemekong.screening.model import (
    ACTIONS,
    Entry,
    ListKind,
    identifier_key,
    normalize_document,
    parse_country,
    parse_date,
    parse_gender,
)
from safemekong.screening.names import name_forms
from safemekong.screening.scoring import DEFAULT_THRESHOLD, Query, score_entry
from safemekong.store import Store

MAX_NAME: Final = 500
MAX_BATCH: Final = 1000
MAX_LIMIT: Final = 100
CANDIDATES: Final = 20


def make_query(
    name: str,
    birth_date: str | None = None,
    nationality: str | None = None,
    gender: str | None = None,
    documents: Sequence[str] = (),
    identifiers: Sequence[str] = (),
) -> Query:
    """A checked query; InvalidInput names the bad field."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", "is required")
    if len(name) > MAX_NAME:
        raise InvalidInput("name", f"longer than {MAX_NAME} characters")
    return Query(
        name=name,
        birth_date=parse_date(birth_date, "dob") if birth_date and birth_date.strip() else None,
        nationality=parse_country(nationality) if nationality and nationality.strip() else None,
        gender=parse_gender(gender) if gender else None,
        documents=tuple(normalize_document(d) for d in documents if d.strip()),
        identifiers=tuple(identifier_key(i) for i in identifiers if i.strip()),
    )


@dataclass
class ImportResult:
    list_name: str
    kind: str
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "kind": self.kind,
            "imported": self.imported,
            "rejected": len(self.errors),
            "errors": [e.to_json() for e in self.errors[:1000]],
        }


class Screening:
    """Watch lists and screening over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: ScreeningIndex | None = None
        self._revision: tuple[int, int, str] | None = None
        self._lock = threading.Lock()

    # -- lists ----------------------------------------------------------------------------
    def import_file(
        self,
        principal: Principal,
        path: Path,
        fmt: str,
        list_name: str | None = None,
        kind: str = "subject",
        agency_code: str | None = None,
        tlp: str = "GREEN",
        aliases_path: Path | None = None,
        progress: Callable[[int], None] | None = None,
        groups: Sequence[str] = (),
        recipients: Sequence[str] = (),
    ) -> ImportResult:
        """Import a list file, replacing the list of the same name; bad records are listed.

        The entries are shared by the marking ``tlp`` + ``groups`` + ``recipients`` (a sharing
        scope, as for reports), owned by ``agency_code`` (default: the caller's agency).
        """
        require(principal, Permission.WRITE)
        try:
            list_kind = ListKind(kind)
        except ValueError:
            raise InvalidInput("kind", "use subject or missing-person") from None
        marking = check_marking(tlp, list(groups), list(recipients))
        name = (list_name or path.stem).strip()
        if not name or len(name) > 100:
            raise InvalidInput("list", "must be 1 to 100 characters")
        result = ImportResult(name, list_kind.value)
        entries: list[Entry] = []
        seen: set[str] = set()
        for line, item in read_list(path, fmt, aliases_path):
            if progress is not None:
                progress(line)
            if isinstance(item, RowError):
                result.errors.append(item)
            elif item.external_id in seen:
                result.errors.append(RowError(line, f"duplicate id {item.external_id!r}"))
            else:
                seen.add(item.external_id)
                entries.append(item)
        with self.store.write() as conn:
            owner = self._owner(conn, principal, agency_code)
            scope_id = ScopeResolver(conn).resolve(marking, owner)
            agency_id = owner.id if owner else None
            tlp_text = marking.tlp.value
            repository.save_list(conn, name, list_kind, agency_id, tlp_text, scope_id, fmt, entries)
        result.imported = len(entries)
        return result

    def _owner(self, conn: Any, principal: Principal, agency_code: str | None) -> Agency | None:
        if agency_code is None:
            if principal.agency_id is None:
                return None  # the node's own list (e.g. a public sanctions list)
            return agencies.agency_by_id(conn, principal.agency_id)
        agency = agencies.get_agency(conn, agency_code)
        if not principal.node_admin and agency.id != principal.agency_id:
            raise Forbidden("you may only import lists for your own agency")
        return agency

    def list_watchlists(self, principal: Principal) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return repository.list_watchlists(conn, principal)

    def alerts(
        self, principal: Principal, since_id: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return repository.list_alerts(conn, principal, since_id, limit)

    # -- index ----------------------------------------------------------------------------
    def index(self) -> ScreeningIndex:
        """The index, rebuilt when a list has changed since it was built.

        On SQLite the built index is also kept beside the database file, so one-shot CLI
        screens do not rebuild it; the file is trusted like the database itself.
        """
        with self.store.read() as conn:
            current = repository.revision(conn)
        with self._lock:
            if self._index is None or current != self._revision:
                self._index = self._load_cached(current)
                if self._index is None:
                    with self.store.read() as conn:
                        self._index = ScreeningIndex(repository.load_entries(conn))
                    self._save_cached(current, self._index)
                    mainland.warm_up()
                self._revision = current
            return self._index

    def _cache_path(self) -> Path | None:
        database = self.store.engine.url.database
        if self.store.dialect != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database).with_name(Path(database).name + ".screening-index")

    def _load_cached(self, current: tuple[int, int, str]) -> ScreeningIndex | None:
        path = self._cache_path()
        if path is None or not path.exists():
            return None
        try:
            with path.open("rb") as handle:
                form, revision, index = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return None
        fresh = form == INDEX_FORMAT and revision == current
        return index if fresh and isinstance(index, ScreeningIndex) else None

    def _save_cached(self, current: tuple[int, int, str], index: ScreeningIndex) -> None:
        path = self._cache_path()
        if path is None:
            return
        partial = path.with_name(path.name + ".tmp")
        try:
            with partial.open("wb") as handle:
                pickle.dump((INDEX_FORMAT, current, index), handle, pickle.HIGHEST_PROTOCOL)
            partial.replace(path)
        except OSError:
            partial.unlink(missing_ok=True)

    # -- screening ------------------------------------------------------------------------
    def screen(
        self,
        principal: Principal,
        query: Query,
        list_name: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
    ) -> dict[str, Any]:
        """Matches for one person, best first: ``{"query": …, "matches": […]}``."""
        return self.screen_many(principal, [query], list_name, threshold, limit)[0]

    def screen_many(
        self,
        principal: Principal,
        queries: Sequence[Query],
        list_name: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 10,
    ) -> list[dict[str, Any]]:
        """Screen several people; alerts for the owners of hit entries are written once."""
        require(principal, Permission.READ)
        if not 0.0 <= threshold <= 1.0:
            raise InvalidInput("threshold", "must be between 0 and 1")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput("limit", f"must be between 1 and {MAX_LIMIT}")
        index = self.index()
        with self.store.read() as conn:
            reached = visible_scope_ids(conn, principal)
        allowed = self._allowed(index, principal, reached, list_name)
        results = [screen_one(index, q, allowed, threshold, limit) for q in queries]
        self._alert(principal, index, queries, results)
        return [
            {"query": _query_json(q), "matches": [m.to_json() for m in matches]}
            for q, matches in zip(queries, results, strict=True)
        ]

    def screen_manifest(
        self,
        principal: Principal,
        manifest: Path,
        out: Path,
        list_name: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        progress: Callable[[int], None] | None = None,
    ) -> dict[str, int]:
        """Screen every traveller of a manifest CSV into a results CSV; counts by status."""
        if not manifest.is_file():
            raise InvalidInput("manifest", f"no such file: {manifest}")
        counts = {"travellers": 0, "clear": 0, "hit": 0, "victim": 0, "error": 0}
        with (
            manifest.open(newline="", encoding="utf-8-sig", errors="replace") as source,
            out.open("w", newline="", encoding="utf-8") as target,
        ):
            output = manifest_io.writer(target)
            chunk: list[manifest_io.Traveller] = []

            def flush() -> None:
                good = [t for t in chunk if t.query is not None]
                results = iter(
                    self.screen_many(
                        principal, [t.query for t in good if t.query], list_name, threshold
                    )
                )
                for traveller in chunk:
                    result = next(results) if traveller.query is not None else None
                    row = manifest_io.result_row(traveller, result)
                    counts["travellers"] += 1
                    counts[row["status"]] += 1
                    output.writerow(row)
                if progress is not None:
                    progress(counts["travellers"])
                chunk.clear()

            for traveller in manifest_io.read_manifest(source, make_query):
                chunk.append(traveller)
                if len(chunk) >= 500:
                    flush()
            flush()
        return counts

    def _allowed(
        self,
        index: ScreeningIndex,
        principal: Principal,
        reached: frozenset[int] | None,
        list_name: str | None,
    ) -> npt.NDArray[np.bool_]:
        """Entries ``principal`` may see, in ``list_name`` if given: the vectorised twin of
        :func:`safemekong.policy.visibility.is_visible` (own agency, or a scope reaching it)."""
        if reached is None:
            mask = np.ones(index.size, dtype=bool)
        else:
            shared = np.isin(index.scope_of, np.fromiter(reached, dtype=np.int64))
            mask = shared | (index.agency_of == principal.agency_id)
        if list_name is not None:
            if list_name not in index.lists:
                raise InvalidInput("list", f"no watch list named {list_name!r}")
            mask &= index.list_of == index.lists.index(list_name)
        return mask

    def _alert(
        self,
        principal: Principal,
        index: ScreeningIndex,
        queries: Sequence[Query],
        results: Sequence[Sequence[Match]],
    ) -> None:
        alerts = [
            {
                "agency_id": m.entry.agency_id,
                "list_name": m.entry.list_name,
                "entity_id": m.entry.external_id,
                "entry_name": m.entry.names[0][:500],
                "kind": m.entry.kind,
                "query": q.name,
                "score": m.score,
                "screened_by": principal.agency_id,
            }
            for q, matches in zip(queries, results, strict=True)
            for m in matches
            if m.entry.agency_id is not None
        ]
        if alerts:
            with self.store.write() as conn:
                repository.add_alerts(conn, alerts)


@dataclass(frozen=True)
class Match:
    entry: IndexedEntry
    score: float
    explanation: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        kind = ListKind(self.entry.kind)
        return {
            "entity_id": self.entry.external_id,
            "name": self.entry.names[0],
            "score": round(self.score, 4),
            "list": self.entry.list_name,
            "kind": kind.value,
            "action": ACTIONS[kind],
            "explanation": self.explanation,
        }


def screen_one(
    index: ScreeningIndex,
    query: Query,
    allowed: npt.NDArray[np.bool_] | None,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 10,
) -> list[Match]:
    """Pure screening of one query against an index: matches at or above ``threshold``."""
    forms = name_forms(query.name)
    if not forms:
        return []
    matches = []
    for position in index.candidates(forms, CANDIDATES, allowed):
        entry = index.entries[position]
        scored = score_entry(query, forms, entry)
        if scored is not None and scored.score >= threshold:
            matches.append(Match(entry, scored.score, scored.explanation()))
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]


def _query_json(query: Query) -> dict[str, Any]:
    return {
        "name": query.name,
        "dob": query.birth_date,
        "nationality": query.nationality,
        "gender": query.gender,
        "forms": [{"form": f.text, "via": f.via} for f in name_forms(query.name)],
    }


def entries_index(entries: Iterable[IndexedEntry]) -> ScreeningIndex:
    """An index over entries not from a store (benchmarks, tests)."""
    return ScreeningIndex(entries)
