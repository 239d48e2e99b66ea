"""TAXII 2.1 over the hub: collections mapped to sharing scopes, objects paged by arrival.

Collections are per caller (see ``docs/sharing-stix.md``): ``visible`` holds every report the
caller may see; ``group-<name>`` one per sharing group the caller's agency belongs to, holding
the reports shared with that group. A report appears as the STIX objects of its export
(:func:`safemekong.sharing.stix.export_bundle`): report, observed data, sighting, the filing
agency's identity, its observables, its operation's campaign and the marking and extension
definitions they use. Every object of a report has the report's ``date_added`` (when this
node stored it), so a page is self-contained: an importer never misses an observable a report
refers to. Reading goes through the one visibility rule (:mod:`safemekong.policy.visibility`);
a collection or object the caller may not see is indistinguishable from one that does not exist.

Adding objects files the reports they hold through the ordinary intake, as the caller's
agency; the status resource of each request is kept for that agency.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, and_, insert, or_, select, true

from safemekong.errors import Forbidden, InvalidInput, NotFound
from safemekong.hub import Hub
from safemekong.intel.retention import delete_reports
from safemekong.policy import audit
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.visibility import visible_clause
from safemekong.sharing import stix
from safemekong.sharing.extensions import NAMESPACE, derived_id
from safemekong.sharing.records import (
    OperationRecord,
    ReportRecord,
    read_operation,
    select_reports,
)
from safemekong.sharing.service import Sharing
from safemekong.store import federation_schema, schema
from safemekong.store.engine import utcnow

TAXII_MEDIA_TYPE: Final = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE: Final = "application/stix+json;version=2.1"
#: Objects per page when the client gives no ``limit``, and the most it may ask for.
DEFAULT_LIMIT: Final = 1000
MAX_LIMIT: Final = 10_000
#: Reports read from the store per round while a page fills.
_BATCH: Final = 200
#: Object types that stand for one report (their ids derive from agency and external id).
REPORT_OBJECT_TYPES: Final = ("report", "observed-data", "sighting")
#: Object types an import files as reports (with the observed data they refer to).
CONTAINER_TYPES: Final = ("report", "grouping")


def taxii_timestamp(moment: datetime) -> str:
    """A TAXII timestamp in UTC with microseconds (``2026-11-29T11:00:00.123456Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(raw: str, name: str) -> datetime:
    """A timestamp of a filter or token, or InvalidInput naming ``name``."""
    text = raw.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidInput(name, f"{raw!r} is not a timestamp like 2026-11-29T11:00:00Z") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# -- collections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """A TAXII collection: everything visible, what other agencies shared, or what is shared
    with one sharing group."""

    id: str
    alias: str
    title: str
    description: str
    group: str | None = None
    #: Only other agencies' reports (the caller's own are left out).
    others_only: bool = False
    writable: bool = True

    def complete(self, item: dict[str, Any]) -> None:
        """Share a report added to a group's collection with that group, as TLP:AMBER unless
        it carries a marking of its own."""
        if self.group is None:
            return
        item.setdefault("tlp", "AMBER")
        if str(item["tlp"]).upper() != "RED":
            item.setdefault("sharing_groups", [self.group])

    def to_json(self, can_write: bool) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "alias": self.alias,
            "can_read": True,
            "can_write": can_write and self.writable,
            "media_types": [STIX_MEDIA_TYPE],
        }


def collection_id(name: str) -> str:
    """The fixed id of a collection name (``visible`` or ``group/<name>``)."""
    return str(uuid.uuid5(NAMESPACE, f"taxii-collection/{name}"))


VISIBLE: Final = Collection(
    id=collection_id("visible"),
    alias="visible",
    title="Everything you may see",
    description="Every victim report shared with your agency, and your agency's own, as STIX "
    "2.1. Objects added here are filed with the markings they carry.",
)

SHARED: Final = Collection(
    id=collection_id("shared"),
    alias="shared",
    title="Shared with you",
    description="Victim reports other agencies shared with your agency, as STIX 2.1 (what a "
    "partner node pulls). Read-only.",
    others_only=True,
    writable=False,
)


def group_collection(name: str) -> Collection:
    return Collection(
        id=collection_id(f"group/{name}"),
        alias=f"group-{name.lower()}",
        title=f"Sharing group {name}",
        description=f"Reports shared with the sharing group {name}. Objects added here are "
        f"shared with {name} (TLP:AMBER unless they carry a marking).",
        group=name,
    )


def collections_of(conn: Connection, principal: Principal) -> list[Collection]:
    """The collections ``principal`` may read: ``visible``, ``shared``, then its agency's
    groups by name."""
    groups, members = schema.sharing_groups, schema.sharing_group_members
    query = select(groups.c.name).order_by(groups.c.name)
    if not principal.node_admin:
        query = query.join(members, members.c.group_id == groups.c.id).where(
            members.c.agency_id == principal.agency_id
        )
    groups_of = (group_collection(name) for name in conn.execute(query).scalars())
    return [VISIBLE, SHARED, *groups_of]


def find_collection(conn: Connection, principal: Principal, wanted: str) -> Collection:
    """The caller's collection with id ``wanted``; NotFound for any other (existing or not)."""
    for found in collections_of(conn, principal):
        if found.id == wanted:
            return found
    raise NotFound(f"no collection {wanted}")


# -- filters and paging -----------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: the report stored at ``added`` with ``report_id``, after ``skip``
    of its (filtered) objects."""

    added: datetime
    report_id: int
    skip: int

    def token(self) -> str:
        raw = json.dumps([taxii_timestamp(self.added), self.report_id, self.skip])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            added, report_id, skip = json.loads(base64.urlsafe_b64decode(padded))
            return cls(parse_timestamp(str(added), "next"), int(report_id), int(skip))
        except (ValueError, TypeError, binascii.Error, InvalidInput):
            raise InvalidInput("next", "is not a token this server gave") from None


@dataclass(frozen=True)
class Filters:
    """The URL filters of TAXII 2.1 (section 3.5): what a listing returns."""

    added_after: datetime | None = None
    limit: int = DEFAULT_LIMIT
    next: Cursor | None = None
    ids: frozenset[str] | None = None
    types: frozenset[str] | None = None
    versions: tuple[str, ...] = ("last",)
    spec_versions: frozenset[str] | None = None

    def matches(self, entry: Entry) -> bool:
        obj = entry.obj
        if self.ids is not None and obj["id"] not in self.ids:
            return False
        if self.types is not None and obj["type"] not in self.types:
            return False
        if self.spec_versions is not None and obj.get("spec_version", "2.1") not in (
            self.spec_versions
        ):
            return False
        # Every object here has one version, so "first", "last" and "all" each match it.
        wanted = [v for v in self.versions if v not in ("first", "last", "all")]
        if len(wanted) == len(self.versions):
            return any(parse_timestamp(v, "match[version]") == entry.version_time for v in wanted)
        return True


def _listing(raw: str | None, name: str) -> frozenset[str] | None:
    if raw is None:
        return None
    values = frozenset(v.strip() for v in raw.split(",") if v.strip())
    if not values:
        raise InvalidInput(name, "must name at least one value")
    return values


def parse_filters(query: Mapping[str, str]) -> Filters:
    """Filters from URL query parameters; InvalidInput naming a malformed one."""
    limit = DEFAULT_LIMIT
    if "limit" in query:
        try:
            limit = int(query["limit"])
        except ValueError:
            raise InvalidInput("limit", "must be a positive whole number") from None
        if limit < 1:
            raise InvalidInput("limit", "must be a positive whole number")
    versions = tuple(sorted(_listing(query.get("match[version]"), "match[version]") or {"last"}))
    for version in versions:
        if version not in ("first", "last", "all"):
            parse_timestamp(version, "match[version]")
    after = query.get("added_after")
    token = query.get("next")
    return Filters(
        added_after=None if after is None else parse_timestamp(after, "added_after"),
        limit=min(limit, MAX_LIMIT),
        next=None if token is None else Cursor.parse(token),
        ids=_listing(query.get("match[id]"), "match[id]"),
        types=_listing(query.get("match[type]"), "match[type]"),
        versions=versions,
        spec_versions=_listing(query.get("match[spec_version]"), "match[spec_version]"),
    )


@dataclass(frozen=True)
class Entry:
    """One object of a collection, with when it was added."""

    obj: dict[str, Any]
    date_added: datetime
    #: The code of the agency whose report the object came with.
    owner: str

    @property
    def version_time(self) -> datetime:
        """``modified``, else ``created``, else ``date_added`` (objects without either)."""
        stamp = self.obj.get("modified") or self.obj.get("created")
        return parse_timestamp(stamp, "version") if stamp else self.date_added

    @property
    def version(self) -> str:
        return taxii_timestamp(self.version_time)

    def manifest(self) -> dict[str, Any]:
        return {
            "id": self.obj["id"],
            "date_added": taxii_timestamp(self.date_added),
            "version": self.version,
            "media_type": STIX_MEDIA_TYPE,
        }


@dataclass
class Page:
    """Objects of one response and where the next one starts."""

    entries: list[Entry] = field(default_factory=list)
    next: Cursor | None = None

    @property
    def more(self) -> bool:
        return self.next is not None

    def headers(self) -> dict[str, str]:
        """``X-TAXII-Date-Added-First`` and ``-Last`` of a non-empty page."""
        if not self.entries:
            return {}
        added = [e.date_added for e in self.entries]
        return {
            "X-TAXII-Date-Added-First": taxii_timestamp(min(added)),
            "X-TAXII-Date-Added-Last": taxii_timestamp(max(added)),
        }

    def envelope(self) -> dict[str, Any]:
        """The TAXII envelope (an empty page is ``{}``)."""
        if not self.entries:
            return {}
        body: dict[str, Any] = {"more": self.more, "objects": [e.obj for e in self.entries]}
        if self.next is not None:
            body["next"] = self.next.token()
        return body


# -- the service ------------------------------------------------------------------------------


def _report_object_ids(agency_code: str, external_id: str) -> set[str]:
    name = f"{agency_code}/{external_id}"
    return {derived_id(kind, name) for kind in REPORT_OBJECT_TYPES}


class Taxii:
    """The TAXII 2.1 API root of one hub, for a principal."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def collections(self, principal: Principal) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.hub.store.read() as conn:
            found = collections_of(conn, principal)
        writer = principal.can(Permission.WRITE)
        return [c.to_json(writer) for c in found]

    def collection(self, principal: Principal, wanted: str) -> dict[str, Any]:
        require(principal, Permission.READ)
        with self.hub.store.read() as conn:
            found = find_collection(conn, principal, wanted)
        return found.to_json(principal.can(Permission.WRITE))

    # -- reading --------------------------------------------------------------------------------
    def objects(self, principal: Principal, wanted: str, filters: Filters) -> Page:
        """A page of the collection's objects, oldest first."""
        require(principal, Permission.READ)
        with self.hub.store.read() as conn:
            found = find_collection(conn, principal, wanted)
            page = _Reader(conn, principal, found).page(filters)
        self._audit(principal, page.entries)
        return page

    def get_object(
        self, principal: Principal, wanted: str, object_id: str, filters: Filters
    ) -> list[Entry]:
        """The versions of one object that match ``filters``; NotFound if none is visible."""
        require(principal, Permission.READ)
        with self.hub.store.read() as conn:
            found = find_collection(conn, principal, wanted)
            entry = _Reader(conn, principal, found).find(object_id)
        if entry is None or not filters.matches(entry):
            raise NotFound(f"no object {object_id} in collection {wanted}")
        if filters.added_after is not None and entry.date_added <= filters.added_after:
            raise NotFound(f"no object {object_id} added after {filters.added_after}")
        self._audit(principal, [entry])
        return [entry]

    def _audit(self, principal: Principal, entries: Sequence[Entry]) -> None:
        """Log that other agencies' reports were read over TAXII (the audit chain)."""
        owners = {e.owner for e in entries} - {principal.agency_code}
        if not owners:
            return
        reports = [
            e.obj["id"]
            for e in entries
            if e.obj["type"] == "report" and e.owner != principal.agency_code
        ]
        with self.hub.store.write() as conn:
            audit.append(
                conn, principal, "read:taxii", {"owners": sorted(owners), "reports": reports}
            )

    # -- writing --------------------------------------------------------------------------------
    def add(self, principal: Principal, wanted: str, envelope: object) -> dict[str, Any]:
        """File the reports an envelope holds; the status resource of the request."""
        require(principal, Permission.WRITE)
        requested = utcnow()
        with self.hub.store.read() as conn:
            found = find_collection(conn, principal, wanted)
        if not found.writable:
            raise Forbidden(f"the collection {found.alias!r} is read-only")
        objects = _envelope_objects(envelope)
        bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
        result = Sharing(self.hub).import_stix(principal, bundle, adjust=found.complete)
        status = _status(objects, result, requested)
        with self.hub.store.write() as conn:
            conn.execute(
                insert(federation_schema.taxii_statuses).values(
                    id=status["id"],
                    agency_id=principal.agency_id,
                    body=status,
                    created_at=requested,
                )
            )
        return status

    def status(self, principal: Principal, status_id: str) -> dict[str, Any]:
        """A status resource this agency's request created; NotFound for anyone else's."""
        require(principal, Permission.READ)
        table = federation_schema.taxii_statuses
        query = select(table.c.body).where(table.c.id == status_id)
        if not principal.node_admin:
            query = query.where(table.c.agency_id == principal.agency_id)
        with self.hub.store.read() as conn:
            body = conn.execute(query).scalar()
        if body is None:
            raise NotFound(f"no status {status_id}")
        return dict(body)

    def delete(self, principal: Principal, wanted: str, object_id: str) -> None:
        """Delete the victim report an object stands for, if the caller's agency filed it."""
        require(principal, Permission.WRITE)
        with self.hub.store.write() as conn:
            reader = _Reader(conn, principal, find_collection(conn, principal, wanted))
            if reader.find(object_id) is None:
                raise NotFound(f"no object {object_id} in collection {wanted}")
            report_id = reader.report_of(object_id)
            reports = schema.reports
            owner = (
                None
                if report_id is None
                else conn.execute(
                    select(reports.c.agency_id).where(reports.c.id == report_id)
                ).scalar_one()
            )
            if owner is None or (owner != principal.agency_id and not principal.node_admin):
                raise Forbidden(
                    "only the report, observed-data or sighting of a victim report your agency "
                    "filed can be deleted"
                )
            delete_reports(conn, reports.c.id == report_id)
            audit.append(conn, principal, "delete:taxii", {"object": object_id})


def _envelope_objects(envelope: object) -> list[Any]:
    if not isinstance(envelope, dict):
        raise InvalidInput("envelope", "must be a JSON object with an objects list")
    objects = envelope.get("objects", [])
    if not isinstance(objects, list):
        raise InvalidInput("objects", "must be a list of STIX objects")
    if len(objects) > stix.MAX_BUNDLE_OBJECTS:
        raise InvalidInput("objects", f"holds more than {stix.MAX_BUNDLE_OBJECTS} objects")
    return objects


def _version_of(obj: Any, requested: datetime) -> str:
    if isinstance(obj, dict):
        stamp = obj.get("modified") or obj.get("created")
        if isinstance(stamp, str):
            try:
                return taxii_timestamp(parse_timestamp(stamp, "version"))
            except InvalidInput:
                pass
    return taxii_timestamp(requested)


def _status(objects: list[Any], result: Mapping[str, Any], requested: datetime) -> dict[str, Any]:
    """The TAXII status resource of an add-objects request, from the import's result.

    Each object of the envelope counts once, in the order sent, as a success or a failure, so
    that ``total_count`` is the number of objects sent and the sum of the other counts (TAXII
    2.1 section 4.3.1; an object sent twice counts twice). Problems about objects the envelope
    does not hold (an observable a report names but the envelope lacks) are not counted. The
    observed data and sightings of a report that was not filed are not stored either, so they
    fail with it.
    """
    failed: dict[str, str] = {}
    for problem in result.get("invalid", []):
        failed[str(problem.get("id") or f"object #{problem['index']}")] = problem["reason"]
    for problem in result.get("skipped", []):
        failed.setdefault(str(problem["source"]), f"not stored: {problem['reason']}")
    for rejected in result.get("rejected", []):
        reasons = "; ".join(f"{e['field']}: {e['reason']}" for e in rejected.get("errors", []))
        failed.setdefault(str(rejected["source"]), reasons or "rejected")
    for obj in objects:
        if (
            isinstance(obj, dict)
            and obj.get("type") in CONTAINER_TYPES
            and str(obj.get("id")) in failed
        ):
            for ref in obj.get("object_refs") or []:
                if str(ref).split("--", 1)[0] in ("observed-data", "sighting"):
                    failed.setdefault(str(ref), f"not stored: its report {obj['id']} was not")
    successes: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    for index, obj in enumerate(objects):
        key = str(obj["id"]) if isinstance(obj, dict) and obj.get("id") else f"object #{index}"
        detail = {"id": key, "version": _version_of(obj, requested)}
        if key in failed:
            failures.append({**detail, "message": failed[key]})
        else:
            successes.append(detail)
    return {
        "id": str(uuid.uuid4()),
        "status": "complete",
        "request_timestamp": taxii_timestamp(requested),
        "total_count": len(objects),
        "success_count": len(successes),
        "successes": successes,
        "failure_count": len(failures),
        "failures": failures,
        "pending_count": 0,
        "pendings": [],
    }


@dataclass
class _Reader:
    """Reads one collection as the caller may see it."""

    conn: Connection
    principal: Principal
    collection: Collection
    _operations: dict[int, OperationRecord] = field(default_factory=dict)

    def _where(self) -> Any:
        if self.collection.others_only and not self.principal.node_admin:
            return schema.reports.c.agency_id != self.principal.agency_id
        if self.collection.group is None:
            return true()
        scopes = schema.scopes
        shared = [
            row.id
            for row in self.conn.execute(select(scopes.c.id, scopes.c.groups))
            if self.collection.group in (row.groups or [])
        ]
        return schema.reports.c.scope_id.in_(shared)

    def _operation(self, operation_id: int) -> OperationRecord:
        if operation_id not in self._operations:
            self._operations[operation_id] = read_operation(
                self.conn, self.principal, operation_id, with_reports=False
            )
        return self._operations[operation_id]

    def _entries(self, record: ReportRecord) -> list[Entry]:
        bundle = stix.export_bundle(
            [record], {record.operation_id: self._operation(record.operation_id)}
        )
        assert record.added_at is not None
        return [Entry(obj, record.added_at, record.agency.code) for obj in bundle["objects"]]

    def _reports_from(
        self, cursor: Cursor | None, after: datetime | None
    ) -> Iterator[ReportRecord]:
        """Visible reports of the collection in arrival order from ``cursor`` (inclusive)."""
        reports = schema.reports
        where = self._where()
        while True:
            condition = where
            if cursor is not None:
                condition = and_(
                    condition,
                    or_(
                        reports.c.created_at > cursor.added,
                        and_(
                            reports.c.created_at == cursor.added, reports.c.id >= cursor.report_id
                        ),
                    ),
                )
            elif after is not None:
                condition = and_(condition, reports.c.created_at > after)
            batch = select_reports(self.conn, self.principal, condition, _BATCH, by_arrival=True)
            yield from batch
            if len(batch) < _BATCH:
                return
            last = batch[-1]
            assert last.added_at is not None
            # Reports stored in the same instant continue by id; later ones by time.
            cursor = Cursor(last.added_at, last.id + 1, 0)

    def page(self, filters: Filters) -> Page:
        """Up to ``filters.limit`` objects from where ``filters`` start.

        A page ends between reports, so an importer gets each report whole with its
        observables; only a report with more objects than ``limit`` is split.
        """
        page = Page()
        seen: set[str] = set()
        start = filters.next
        for record in self._reports_from(start, filters.added_after):
            assert record.added_at is not None
            entries = [e for e in self._entries(record) if filters.matches(e)]
            skip = start.skip if start is not None and record.id == start.report_id else 0
            fresh = {e.obj["id"] for e in entries[skip:]} - seen
            if page.entries and len(page.entries) + len(fresh) > filters.limit:
                page.next = Cursor(record.added_at, record.id, skip)
                return page
            for index in range(skip, len(entries)):
                if len(page.entries) == filters.limit:
                    page.next = Cursor(record.added_at, record.id, index)
                    return page
                entry = entries[index]
                if entry.obj["id"] not in seen:
                    seen.add(entry.obj["id"])
                    page.entries.append(entry)
        return page

    def report_of(self, object_id: str) -> int | None:
        """The visible report an object of type report, observed-data or sighting stands for."""
        if object_id.split("--", 1)[0] not in REPORT_OBJECT_TYPES:
            return None
        reports, agencies = schema.reports, schema.agencies
        rows = self.conn.execute(
            select(reports.c.id, agencies.c.code, reports.c.external_id)
            .join(agencies, agencies.c.id == reports.c.agency_id)
            .where(self._where(), visible_clause(self.principal, reports))
        )
        for row in rows:
            if object_id in _report_object_ids(row.code, row.external_id):
                return int(row.id)
        return None

    def find(self, object_id: str) -> Entry | None:
        """The first (earliest added) visible occurrence of an object in the collection."""
        report_id = self.report_of(object_id)
        if report_id is not None:
            record = select_reports(self.conn, self.principal, schema.reports.c.id == report_id, 1)[
                0
            ]
            return next((e for e in self._entries(record) if e.obj["id"] == object_id), None)
        if object_id.split("--", 1)[0] in REPORT_OBJECT_TYPES:
            return None
        only = Filters(ids=frozenset({object_id}), limit=1)
        found = self.page(only).entries
        return found[0] if found else None
