"""The hub as a library: one object over the store that every front door calls.

The API, the CLI (locally, as the node administrator) and tests all act through :class:`Hub`;
each method takes the :class:`Principal` it acts for, so policy is applied the same way
whichever door a request came through. Results are JSON-ready dicts in the API's shapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from safemekong.administration import Administration
from safemekong.errors import InvalidInput
from safemekong.evidence.locker import Locker
from safemekong.identifiers import Identifier, IdentifierError, parse
from safemekong.intel import alerts, ingest, lookup, operations, pipeline, reports, watches
from safemekong.intel.warninglist import WarningList
from safemekong.policy import agencies, audit
from safemekong.policy.principals import Permission, Principal, require
from safemekong.screening.service import Screening
from safemekong.sharing import stream, webhooks
from safemekong.store import Store, open_store
from safemekong.trail.service import Trail, open_trail

if TYPE_CHECKING:
    from safemekong.detect.service import Detector


def parse_value(
    value: str, kind: str | None = None, region: str | None = None, field: str = "value"
) -> Identifier:
    """Parse a user-given value (type guessed when ``kind`` is None or "auto")."""
    if not value or not value.strip():
        raise InvalidInput(field, "is required")
    try:
        return parse(kind or "auto", value, default_region=region)
    except IdentifierError as exc:
        raise InvalidInput(field, str(exc)) from exc


class Hub(Administration):
    """SafeMekong's operations over one store (administration in :class:`Administration`)."""

    def __init__(self, store: Store, warning_list: WarningList | None = None) -> None:
        self.store = store
        self.warning_list = warning_list if warning_list is not None else WarningList.default()
        self.screening = Screening(store)
        self._regions: dict[int, str] = {}

    @classmethod
    def open(cls, db_url: str) -> Hub:
        """Open (creating and migrating on first use) the store at ``db_url``."""
        return cls(open_store(db_url))

    @cached_property
    def evidence(self) -> Locker:
        """The evidence locker (files beside the store; see docs/evidence.md)."""
        return Locker.for_store(self.store)

    @cached_property
    def detect(self) -> Detector:
        """Domain, URL, message and page classifiers with this hub's intelligence."""
        from safemekong.detect.service import Detector  # loads the models on first use

        return Detector(self.store, self.warning_list)

    def close(self) -> None:
        self.store.dispose()

    #: The money trail (ledger, tracing, mule scores, freeze requests) beside this store.
    trail: cached_property[Trail] = cached_property(lambda self: open_trail(self.store))

    # -- identifiers -------------------------------------------------------------------------
    def normalize(
        self, value: str, kind: str | None = None, region: str | None = None
    ) -> dict[str, Any]:
        """The canonical form of a value, with type-specific fields."""
        identifier = parse_value(value, kind, region)
        return {**identifier.to_json(), "guessed": identifier.guessed}

    def _region(self, principal: Principal) -> str | None:
        """The caller's agency's country, for numbers written without a country code (kept
        per agency: an agency's country never changes, and every lookup asks)."""
        if principal.agency_id is None:
            return None
        if principal.agency_id not in self._regions:
            with self.store.read() as conn:
                country = agencies.agency_by_id(conn, principal.agency_id).country
            self._regions[principal.agency_id] = country
        return self._regions[principal.agency_id]

    def lookup(
        self, principal: Principal, value: str, kind: str | None = None, region: str | None = None
    ) -> dict[str, Any]:
        """What the hub knows about a value, as far as ``principal`` may see."""
        require(principal, Permission.READ)
        identifier = parse_value(value, kind, region or self._region(principal))
        with self.store.read() as conn:
            found = lookup.lookup(conn, principal, identifier, self.warning_list)
        owners = {s["agency"] for s in found.body["sightings"]}
        shown = [s["report_id"] for s in found.body["sightings"]]
        if self._discloses(principal, owners) or found.contacts:
            with self.store.write() as conn:
                if self._discloses(principal, owners):
                    audit.append(
                        conn,
                        principal,
                        "read:lookup",
                        {"key": identifier.key, "owners": sorted(owners), "reports": shown},
                    )
                if found.contacts:
                    alerts.notify_holders(conn, principal, identifier.key, found.contacts)
                    audit.append(
                        conn,
                        principal,
                        "hit-without-disclosure",
                        {"key": identifier.key, "holders": [c.code for c in found.contacts]},
                    )
        return found.body

    @staticmethod
    def _discloses(principal: Principal, owners: set[str]) -> bool:
        """True when a result holds data of agencies other than the caller's."""
        return bool(owners - {principal.agency_code})

    def _audit_read(
        self, principal: Principal, action: str, owners: set[str], detail: dict[str, Any]
    ) -> None:
        """Log a read that disclosed other agencies' data (nothing when it disclosed none)."""
        audit.record_read(self.store, principal, action, owners, detail)

    # -- reports -----------------------------------------------------------------------------
    def file_reports(self, principal: Principal, items: Sequence[object]) -> ingest.BatchResult:
        """File a batch of reports in the JSON contract (good items kept, bad ones listed)."""
        return ingest.file_reports(self.store, principal, items, self.warning_list)

    def file_batches(
        self, principal: Principal, batches: Iterable[Sequence[object]]
    ) -> Iterator[ingest.BatchResult]:
        """File many batches in order, one result each; the next batches are checked in a
        second process while one is stored (bulk imports)."""
        return pipeline.file_batches(self.store, principal, batches, self.warning_list)

    def get_report(self, principal: Principal, report_id: int) -> dict[str, Any]:
        with self.store.read() as conn:
            report = reports.get_report(conn, principal, report_id)
        self._audit_read(principal, "read:report", {report["agency"]}, {"reports": [report_id]})
        return report

    def list_reports(
        self,
        principal: Principal,
        operation_id: int | None = None,
        limit: int = 50,
        before_id: int | None = None,
    ) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            if operation_id is not None:
                operation_id = operations.resolve_operation(conn, operation_id) or operation_id
            found = reports.list_reports(conn, principal, operation_id, limit, before_id)
        self._audit_read(
            principal,
            "read:reports",
            {r["agency"] for r in found},
            {"reports": [r["id"] for r in found if r["agency"] != principal.agency_code]},
        )
        return found

    # -- operations and alerts -----------------------------------------------------------------
    def get_operation(self, principal: Principal, operation_id: int) -> dict[str, Any]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            summary = operations.get_operation(conn, principal, operation_id)
        self._audit_read(
            principal, "read:operation", set(summary["agencies"]), {"operation": summary["id"]}
        )
        return summary

    def operation_clusters(
        self, principal: Principal, operation_id: int, max_identifiers: int = 400, above: int = 0
    ) -> dict[str, Any] | None:
        """A large operation by agency and typology with its most shared identifiers (for a
        chart that cannot draw every report), or None when the caller sees ``above`` reports of
        it or fewer; see :func:`operations.operation_clusters`."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            found = operations.operation_clusters(
                conn, principal, operation_id, max_identifiers, above
            )
        if found is None:
            return None
        owners = {c["agency"] for c in found["clusters"]}
        self._audit_read(principal, "read:operation", owners, {"operation": found["id"]})
        return found

    def list_operations(
        self, principal: Principal, limit: int = 20, identifiers: bool = True
    ) -> list[dict[str, Any]]:
        """The most active visible operations' summaries (``identifiers``: with identifier
        counts by type, which cost the most on large operations)."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            found = operations.list_operations(conn, principal, limit, identifiers)
        owners = {code for summary in found for code in summary["agencies"]}
        self._audit_read(
            principal, "read:operations", owners, {"operations": [s["id"] for s in found]}
        )
        return found

    def list_alerts(
        self, principal: Principal, since_id: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return alerts.list_alerts(conn, principal, since_id, limit)

    # -- real-time feed --------------------------------------------------------------------------
    def feed_head(self, principal: Principal) -> stream.Cursor:
        """Where a new subscriber's feed starts (only what comes next)."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return stream.head(conn)

    def feed_poll(
        self, principal: Principal, after: stream.Cursor
    ) -> tuple[list[stream.Event], stream.Cursor]:
        """The caller's new alerts and newly shared reports after ``after``."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            events, position = stream.poll(conn, principal, after)
        shared = [e.data for e in events if e.kind == "report"]
        self._audit_read(
            principal,
            "read:feed",
            {r["agency"] for r in shared},
            {"reports": [r["id"] for r in shared]},
        )
        return events, position

    def add_webhook(
        self, principal: Principal, url: str, agency_code: str | None = None
    ) -> dict[str, Any]:
        """Register an endpoint for the agency's alerts; the signing secret is shown once."""
        with self.store.write() as conn:
            return webhooks.register(conn, principal, url, agency_code)

    def list_webhooks(self, principal: Principal) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return webhooks.list_webhooks(conn, principal)

    def remove_webhook(self, principal: Principal, webhook_id: int) -> None:
        with self.store.write() as conn:
            webhooks.remove(conn, principal, webhook_id)

    def webhook_deliveries(
        self, principal: Principal, webhook_id: int, status: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return webhooks.list_deliveries(conn, principal, webhook_id, status, limit)

    def watch(
        self, principal: Principal, value: str, kind: str | None = None, note: str = ""
    ) -> dict[str, Any]:
        identifier = parse_value(value, kind, self._region(principal))
        with self.store.write() as conn:
            return watches.add_watch(conn, principal, identifier, self.warning_list, note)

    def unwatch(self, principal: Principal, value: str, kind: str | None = None) -> None:
        identifier = parse_value(value, kind, self._region(principal))
        with self.store.write() as conn:
            watches.remove_watch(conn, principal, identifier)

    def list_watches(
        self, principal: Principal, after: str = "", limit: int | None = None
    ) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return watches.list_watches(conn, principal, after, limit)
