"""The sharing capability over a hub: STIX and MISP export and import, for a principal.

Reads go through :mod:`safemekong.sharing.records` (the visibility rule); imports are filed
through the hub's ordinary intake (:meth:`Hub.file_reports`), so an imported report is
checked, deduplicated, correlated and alerted on exactly like one filed by API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from safemekong.hub import Hub
from safemekong.intel.ingest import MAX_BATCH
from safemekong.policy import audit
from safemekong.policy.agencies import list_agencies
from safemekong.policy.principals import Permission, Principal, require
from safemekong.sharing import misp, stix
from safemekong.sharing.records import ReportRecord, read_operation, read_reports


class Sharing:
    """STIX 2.1 and MISP interchange for one hub."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    # -- export --------------------------------------------------------------------------------
    def export_reports_stix(
        self, principal: Principal, report_ids: Sequence[int]
    ) -> dict[str, Any]:
        """A bundle of the given reports (NotFound if one is not visible) and their operations."""
        with self.hub.store.read() as conn:
            reports = read_reports(conn, principal, report_ids)
            operations = {
                op_id: read_operation(conn, principal, op_id, with_reports=False)
                for op_id in sorted({r.operation_id for r in reports})
            }
        self._audit(principal, "export:stix", reports)
        return stix.export_bundle(reports, operations)

    def export_operation_stix(self, principal: Principal, operation_id: int) -> dict[str, Any]:
        """A bundle of an operation (campaign) and every report of it the caller may see."""
        with self.hub.store.read() as conn:
            operation = read_operation(conn, principal, operation_id)
        for report in operation.reports:
            report.operation_id = operation.id  # reports of merged operations point here
        self._audit(principal, "export:stix", operation.reports, operation.id)
        return stix.export_bundle(operation.reports, {operation.id: operation})

    def export_operation_misp(self, principal: Principal, operation_id: int) -> dict[str, Any]:
        """A MISP event (``{"Event": …}``) of an operation as the caller may see it."""
        with self.hub.store.read() as conn:
            operation = read_operation(conn, principal, operation_id)
        self._audit(principal, "export:misp", operation.reports, operation.id)
        return misp.operation_event(operation)

    def _audit(
        self,
        principal: Principal,
        action: str,
        reports: Sequence[ReportRecord],
        operation_id: int | None = None,
    ) -> None:
        """Log an export that disclosed other agencies' reports (the audit chain)."""
        owners = {r.agency.code for r in reports} - {principal.agency_code}
        if not owners:
            return
        detail: dict[str, Any] = {
            "owners": sorted(owners),
            "reports": [r.id for r in reports if r.agency.code != principal.agency_code],
        }
        if operation_id is not None:
            detail["operation"] = operation_id
        with self.hub.store.write() as conn:
            audit.append(conn, principal, action, detail)

    # -- import --------------------------------------------------------------------------------
    def _regions(self) -> dict[str, str]:
        with self.hub.store.read() as conn:
            return {agency.code: agency.country for agency in list_agencies(conn)}

    def import_stix(
        self,
        principal: Principal,
        bundle: bytes | str | Mapping[str, Any],
        default_agency: str | None = None,
        adjust: Callable[[dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """File the reports and observed data of a STIX bundle through the intake;
        ``adjust`` may complete each report item first (e.g. with a sharing group)."""
        require(principal, Permission.WRITE)
        data = stix.load_bundle(bundle)
        regions = self._regions()
        plan = stix.bundle_to_items(data, regions.get, default_agency)
        if adjust is not None:
            for item in plan.items:
                adjust(item)
        result = self._file(principal, plan.items, plan.sources)
        result["objects"] = len(data.get("objects", []))
        result["skipped"] = plan.skipped
        result["invalid"] = plan.invalid
        return result

    def import_misp(
        self, principal: Principal, events: Sequence[Any], default_agency: str | None = None
    ) -> dict[str, Any]:
        """File MISP events (each ``{"Event": …}`` or a bare event) as reports."""
        require(principal, Permission.WRITE)
        plan = misp.events_to_items(events, self._regions().get, default_agency)
        result = self._file(principal, plan.items, plan.sources)
        result["events"] = len(events)
        result["skipped"] = plan.skipped
        result["invalid"] = plan.invalid
        return result

    def _file(
        self, principal: Principal, items: list[dict[str, Any]], sources: list[str]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {
            "reports": len(items),
            "created": 0,
            "unchanged": 0,
            "accepted": [],
            "rejected": [],
            "alerts": 0,
        }
        for start in range(0, len(items), MAX_BATCH):
            batch = self.hub.file_reports(principal, items[start : start + MAX_BATCH])
            for accepted in batch.accepted:
                source = sources[start + int(accepted["index"])]
                status = accepted["status"]
                result["created" if status == "created" else "unchanged"] += 1
                result["accepted"].append({"source": source, **_without_index(accepted)})
            for rejected in batch.rejected:
                source = sources[start + int(rejected["index"])]
                result["rejected"].append({"source": source, **_without_index(rejected)})
            result["alerts"] += batch.alerts
        return result


def _without_index(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "index"}
