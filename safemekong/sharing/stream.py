"""The real-time feed: an agency's new alerts and newly shared reports, in order, resumable.

A feed position is a :class:`Cursor` (last alert id, last report id), written ``"A.R"`` as the
server-sent event id, so a client that reconnects with ``Last-Event-ID`` misses nothing and
sees nothing twice. Reports come through the one visibility function; the caller's own reports
are not echoed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from safemekong.errors import InvalidInput
from safemekong.intel.alerts import list_alerts
from safemekong.intel.reports import list_reports_after
from safemekong.policy.principals import Principal
from safemekong.store import schema

#: Most events one poll returns of each kind.
BATCH = 200


@dataclass(frozen=True)
class Cursor:
    alert_id: int
    report_id: int

    def __str__(self) -> str:
        return f"{self.alert_id}.{self.report_id}"

    @classmethod
    def parse(cls, raw: str, field: str = "Last-Event-ID") -> Cursor:
        """A cursor from its ``"A.R"`` text (as sent in event ids)."""
        alert, _, report = raw.strip().partition(".")
        if not (alert.isdigit() and report.isdigit()):
            raise InvalidInput(field, f"{raw!r} is not a feed position such as '12.345'")
        return cls(int(alert), int(report))


@dataclass(frozen=True)
class Event:
    kind: str  # "alert" or "report"
    cursor: Cursor
    data: dict[str, Any]


def head(conn: Connection) -> Cursor:
    """The feed's current end: a new subscriber starts here and sees only what comes next."""
    alerts, reports = schema.alerts, schema.reports
    return Cursor(
        conn.execute(select(func.coalesce(func.max(alerts.c.id), 0))).scalar_one(),
        conn.execute(select(func.coalesce(func.max(reports.c.id), 0))).scalar_one(),
    )


def poll(conn: Connection, principal: Principal, after: Cursor) -> tuple[list[Event], Cursor]:
    """Events after ``after`` for ``principal`` (its alerts, then others' visible reports) and
    the position after them (which also skips the caller's own reports)."""
    events: list[Event] = []
    alert_id, report_id = after.alert_id, after.report_id
    for alert in list_alerts(conn, principal, alert_id, BATCH, oldest_first=True):
        alert_id = alert["id"]
        events.append(Event("alert", Cursor(alert_id, report_id), alert))
    for report in list_reports_after(conn, principal, report_id, BATCH):
        report_id = report["id"]
        if report["agency"] != principal.agency_code:
            events.append(Event("report", Cursor(alert_id, report_id), report))
    return events, Cursor(alert_id, report_id)
