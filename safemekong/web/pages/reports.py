"""Filing a report (a form with live identifier checks) and reading one back."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from fastapi import Query
from starlette.responses import Response

from safemekong.errors import Forbidden, InvalidInput
from safemekong.identifiers import IDENTIFIER_TYPES
from safemekong.intel.intake import DEFAULT_LEGAL_BASIS, DEFAULT_PURPOSE
from safemekong.intel.vocabulary import ROLES, TYPOLOGIES
from safemekong.policy.principals import Permission
from safemekong.policy.tlp import TLP
from safemekong.sharing.service import Sharing
from safemekong.web.context import Posted, SignedIn, Visit, download, page_router
from safemekong.web.forms import Form, wall_clock
from safemekong.web.pages.operations import STIX_MEDIA_TYPE

router = page_router()

#: Identifier rows of an empty form (more are added with htmx, or after a failed submission).
EMPTY_ROWS: Final = 3
MAX_ROWS: Final = 200
#: Languages offered for the victim's narrative (BCP 47), the region's first.
NARRATIVE_LANGUAGES: Final = ("th", "zh", "en", "vi", "km", "my", "lo", "ms", "id", "fil")
#: Currencies suggested for the loss (any ISO 4217 code or crypto asset is accepted).
CURRENCIES: Final = ("THB", "CNY", "USD", "USDT", "VND", "KHR", "MMK", "LAK", "PHP", "MYR", "SGD")
_ROW_ERROR: Final = re.compile(r"^identifiers\[(\d+)\]")


@dataclass
class Row:
    """One identifier row of the form; ``key`` makes its element ids unique on the page."""

    value: str = ""
    type: str = ""
    role: str = "mentioned"
    key: str = field(default_factory=lambda: secrets.token_hex(4))
    error: str | None = None


def _require_write(visit: Visit) -> None:
    if not visit.can(Permission.WRITE):
        raise Forbidden(f"role {visit.principal.role!r} may not file reports")


def _form_page(
    visit: Visit,
    values: dict[str, Any],
    rows: list[Row],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    principal = visit.principal
    return visit.render(
        "report_new.html",
        status=status,
        values=values,
        rows=rows,
        errors=errors or {},
        groups=visit.hub.list_groups(principal),
        agencies=visit.partners(),
        typologies=TYPOLOGIES,
        roles=ROLES,
        types=IDENTIFIER_TYPES,
        tlps=[t.value for t in TLP],
        narrative_languages=NARRATIVE_LANGUAGES,
        currencies=CURRENCIES,
        default_purpose=DEFAULT_PURPOSE,
        default_legal_basis=DEFAULT_LEGAL_BASIS,
    )


@router.get("/reports/new")
def new_report(visit: SignedIn) -> Response:
    _require_write(visit)
    user = visit.user
    assert user is not None
    now = datetime.now(ZoneInfo(visit.fmt.zone))
    values = {
        "external_id": f"WEB-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2).upper()}",
        "received_at": f"{now:%Y-%m-%dT%H:%M}",
        "typology": "other",
        "tlp": "AMBER",
        "sharing_groups": [],
        "recipients": [],
    }
    return _form_page(visit, values, [Row() for _ in range(EMPTY_ROWS)])


@router.get("/reports/new/row")
def identifier_row(visit: SignedIn) -> Response:
    """One more empty identifier row (htmx appends it to the form)."""
    return visit.render(
        "partials/identifier_row.html", row=Row(), roles=ROLES, types=IDENTIFIER_TYPES
    )


@router.get("/reports/validate")
def validate(
    visit: SignedIn,
    id_value: str = Query("", max_length=1000),
    id_type: str = Query("", max_length=20),
) -> Response:
    """The canonical form of one identifier as typed (or why it is not one), for live checks."""
    user = visit.user
    assert user is not None
    normal: dict[str, Any] | None = None
    problem: str | None = None
    if id_value.strip():
        try:
            normal = visit.hub.normalize(
                id_value, id_type if id_type in IDENTIFIER_TYPES else None, user.country
            )
        except InvalidInput as error:
            problem = error.reason
    return visit.render("partials/check.html", normal=normal, problem=problem)


def _rows(form: Form) -> list[Row]:
    values, kinds, roles = (
        form.getlist("id_value"),
        form.getlist("id_type"),
        form.getlist("id_role"),
    )
    rows = [
        Row(value, kinds[i] if i < len(kinds) else "", roles[i] if i < len(roles) else "mentioned")
        for i, value in enumerate(values[:MAX_ROWS])
    ]
    return rows or [Row()]


def report_item(form: Form, rows: list[Row], zone: str) -> tuple[dict[str, Any], list[int]]:
    """The report in the JSON contract, and for each identifier sent the form row it came from
    (blank rows are left out)."""
    item: dict[str, Any] = {"external_id": form.get("external_id").strip()}
    for name in ("typology", "narrative", "language", "amount_lost", "currency", "tlp"):
        if form.get(name).strip():
            item[name] = form.get(name).strip()
    for name in ("purpose", "legal_basis", "approval_ref"):
        if form.get(name).strip():
            item[name] = form.get(name).strip()
    received = wall_clock(form.get("received_at"), zone)
    if received:
        item["received_at"] = received
    if form.getlist("sharing_groups"):
        item["sharing_groups"] = form.getlist("sharing_groups")
    if form.getlist("recipients"):
        item["recipients"] = form.getlist("recipients")
    sent: list[int] = []
    identifiers = []
    for index, row in enumerate(rows):
        if row.value.strip():
            entry = {"value": row.value, "role": row.role or "mentioned"}
            if row.type:
                entry["type"] = row.type
            identifiers.append(entry)
            sent.append(index)
    item["identifiers"] = identifiers
    return item, sent


@router.post("/reports")
def file_report(visit: SignedIn, form: Posted) -> Response:
    """File through hub.file_reports; on rejection the form comes back with each problem."""
    _require_write(visit)
    rows = _rows(form)
    item, sent = report_item(form, rows, visit.fmt.zone)
    result = visit.hub.file_reports(visit.principal, [item])
    if result.accepted:
        accepted = result.accepted[0]
        return visit.redirect(f"/reports/{accepted['id']}?filed={accepted['status']}")
    errors: dict[str, str] = {}
    for problem in result.rejected[0]["errors"] if result.rejected else []:
        where, reason = problem["field"], problem["reason"]
        found = _ROW_ERROR.match(where)
        if found and int(found.group(1)) < len(sent):
            row = rows[sent[int(found.group(1))]]
            row.error = row.error or reason
        else:
            errors.setdefault(where or "report", reason)
    values = {**item, "received_at": form.get("received_at")}
    values.setdefault("sharing_groups", [])
    values.setdefault("recipients", [])
    return _form_page(visit, values, rows, errors, status=422)


@router.get("/reports/{report_id}")
def report(report_id: int, visit: SignedIn, filed: str = Query("", max_length=20)) -> Response:
    found = visit.hub.get_report(visit.principal, report_id)
    return visit.render("report.html", report=found, filed=filed)


@router.get("/reports/{report_id}/stix")
def report_stix(report_id: int, visit: SignedIn) -> Response:
    """The same bundle as ``GET /api/v1/reports/{id}/stix``."""
    bundle = Sharing(visit.hub).export_reports_stix(visit.principal, [report_id])
    return visit.finish(download(bundle, f"report-{report_id}.stix.json", STIX_MEDIA_TYPE))
