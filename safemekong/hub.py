"""The hub as a library: one object over the store that every front door calls.

The API, the CLI (locally, as the node administrator) and tests all act through :class:`Hub`;
each method takes the :class:`Principal` it acts for, so policy is applied the same way
whichever door a request came through. Results are JSON-ready dicts in the API's shapes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safemekong.errors import Forbidden, InvalidInput
from safemekong.identifiers import Identifier, IdentifierError, parse
from safemekong.intel import alerts, ingest, lookup, operations, reports, watches
from safemekong.intel.warninglist import WarningList
from safemekong.policy import agencies, keys
from safemekong.policy.principals import Permission, Principal, require
from safemekong.screening.service import Screening
from safemekong.store import Store, open_store


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


class Hub:
    """SafeMekong's operations over one store."""

    def __init__(self, store: Store, warning_list: WarningList | None = None) -> None:
        self.store = store
        self.warning_list = warning_list if warning_list is not None else WarningList.default()
        self.screening = Screening(store)

    @classmethod
    def open(cls, db_url: str) -> Hub:
        """Open (creating and migrating on first use) the store at ``db_url``."""
        return cls(open_store(db_url))

    def close(self) -> None:
        self.store.dispose()

    # -- identifiers -------------------------------------------------------------------------
    def normalize(
        self, value: str, kind: str | None = None, region: str | None = None
    ) -> dict[str, Any]:
        """The canonical form of a value, with type-specific fields."""
        identifier = parse_value(value, kind, region)
        return {**identifier.to_json(), "guessed": identifier.guessed}

    def _region(self, principal: Principal) -> str | None:
        if principal.agency_id is None:
            return None
        with self.store.read() as conn:
            return agencies.agency_by_id(conn, principal.agency_id).country

    def lookup(
        self, principal: Principal, value: str, kind: str | None = None, region: str | None = None
    ) -> dict[str, Any]:
        """What the hub knows about a value, as far as ``principal`` may see."""
        require(principal, Permission.READ)
        identifier = parse_value(value, kind, region or self._region(principal))
        with self.store.read() as conn:
            return lookup.lookup(conn, principal, identifier, self.warning_list)

    # -- reports -----------------------------------------------------------------------------
    def file_reports(self, principal: Principal, items: Sequence[object]) -> ingest.BatchResult:
        """File a batch of reports in the JSON contract (good items kept, bad ones listed)."""
        return ingest.file_reports(self.store, principal, items, self.warning_list)

    def get_report(self, principal: Principal, report_id: int) -> dict[str, Any]:
        with self.store.read() as conn:
            return reports.get_report(conn, principal, report_id)

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
            return reports.list_reports(conn, principal, operation_id, limit, before_id)

    # -- operations and alerts -----------------------------------------------------------------
    def get_operation(self, principal: Principal, operation_id: int) -> dict[str, Any]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return operations.get_operation(conn, principal, operation_id)

    def list_operations(self, principal: Principal, limit: int = 20) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return operations.list_operations(conn, principal, limit)

    def list_alerts(
        self, principal: Principal, since_id: int = 0, limit: int = 100
    ) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return alerts.list_alerts(conn, principal, since_id, limit)

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

    def list_watches(self, principal: Principal) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            return watches.list_watches(conn, principal)

    # -- administration ------------------------------------------------------------------------
    def add_agency(
        self, principal: Principal, code: str, country: str, name: str
    ) -> dict[str, Any]:
        """Register a member agency (node administrator only)."""
        _require_node_admin(principal)
        with self.store.write() as conn:
            return agencies.add_agency(conn, code, country, name).to_json()

    def list_agencies(self, principal: Principal) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return [a.to_json() for a in agencies.list_agencies(conn)]

    def create_key(
        self, principal: Principal, agency_code: str, role: str, label: str = ""
    ) -> dict[str, str]:
        """A new API key; an agency admin may create keys for its own agency only."""
        require(principal, Permission.MANAGE_AGENCY)
        if not principal.node_admin and agency_code.strip().upper() != principal.agency_code:
            raise Forbidden(f"you may only create keys for {principal.agency_code}")
        with self.store.write() as conn:
            return keys.create_key(conn, agency_code, role, label).to_json()

    def authenticate(self, api_key: str) -> Principal:
        with self.store.read() as conn:
            return keys.authenticate(conn, api_key)


def _require_node_admin(principal: Principal) -> None:
    if not principal.node_admin:
        raise Forbidden("only the node administrator may do this")
