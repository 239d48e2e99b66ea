"""The money trail: a trace from seeds to where the money stopped (flow chart, endpoints and
traced transfers), its freeze and recall requests to download, the accounts most like mule
accounts, and what the ledger holds; all through hub.trail for the signed-in user."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.responses import Response

from safemekong.errors import InvalidInput, NotFound
from safemekong.trail import freeze
from safemekong.trail.conversion import DEFAULT_TOLERANCE, DEFAULT_WINDOW_HOURS
from safemekong.trail.mules import REASON_THRESHOLD
from safemekong.trail.report import flow_svg, trace_html
from safemekong.trail.rules import RULES
from safemekong.trail.service import MAX_SEEDS
from safemekong.trail.trace import DEFAULT_HOPS, MAX_HOPS
from safemekong.web.context import SignedIn, Visit, download, page_router
from safemekong.web.forms import number

router = page_router()

#: Rows of the endpoint and transfer tables (the downloads hold them all).
MAX_ROWS: Final = 500
#: Starting points offered to a new user.
EXAMPLES: Final = 5
#: Accounts the mule list shows by default, and at most.
MULES: Final = 20
MAX_MULES: Final = 500
#: Longest seed list typed (a thousand keys of about a hundred characters).
MAX_SEED_TEXT: Final = MAX_SEEDS * 120
_SEPARATORS: Final = re.compile(r"[\s,;]+")
#: Form controls of the fields the trail's errors name.
_CONTROLS: Final = {"seed": "seeds", "window": "window_hours"}


@dataclass(frozen=True)
class TraceQuery:
    """A trace as the form asks for it: the fields of the API's ``TraceIn``."""

    seeds: list[str]
    rule: str = "fifo"
    hops: int = DEFAULT_HOPS
    window_hours: float = DEFAULT_WINDOW_HOURS
    tolerance: float = DEFAULT_TOLERANCE

    @classmethod
    def parse(cls, values: Mapping[str, str]) -> TraceQuery:
        """The query from form fields (text); InvalidInput naming the first bad field. Ranges
        are the trail's to check."""
        text = values.get("seeds", "")
        if len(text) > MAX_SEED_TEXT:
            raise InvalidInput("seeds", f"is longer than {MAX_SEED_TEXT} characters")
        seeds = list(dict.fromkeys(s for s in _SEPARATORS.split(text) if s))
        if not seeds:
            raise InvalidInput("seeds", "give at least one seed: tx:ID or an account key")
        return cls(
            seeds,
            values.get("rule") or "fifo",
            number(values.get("hops"), "hops", DEFAULT_HOPS),
            number(values.get("window_hours"), "window_hours", DEFAULT_WINDOW_HOURS),
            number(values.get("tolerance"), "tolerance", DEFAULT_TOLERANCE),
        )

    def arguments(self) -> dict[str, Any]:
        """Keyword arguments of ``hub.trail.trace`` and ``hub.trail.requests``."""
        return {
            "seeds": self.seeds,
            "rule": self.rule,
            "hops": self.hops,
            "window_hours": self.window_hours,
            "tolerance": self.tolerance,
        }

    def link(self, path: str) -> str:
        """``path`` with this query, as the trace form sends it."""
        fields = {**self.arguments(), "seeds": "\n".join(self.seeds)}
        return f"{path}?{urlencode(fields)}"


def _query(visit: Visit) -> TraceQuery:
    return TraceQuery.parse(visit.request.query_params)


@router.get("/trail")
def trail(visit: SignedIn) -> Response:
    """The trace form with starting points and the ledger's size; with seeds, their trace."""
    principal, values = visit.principal, visit.request.query_params
    query: TraceQuery | None = None
    result: dict[str, Any] | None = None
    problem: InvalidInput | NotFound | None = None
    if "seeds" in values:
        try:
            query = _query(visit)
            result = visit.hub.trail.trace(principal, **query.arguments()).to_json()
        except (InvalidInput, NotFound) as error:
            problem = error
    field = getattr(problem, "field", "seed")
    endpoints = result["endpoints"] if result else []
    holders = {e["key"]: freeze.institution_of(e) for e in endpoints}
    return visit.render(
        "trail.html",
        status=problem.status if problem else 200,
        values=values,
        query=query,
        result=result,
        problem=problem,
        invalid=_CONTROLS.get(field, field) if problem else None,
        chart=_chart(visit, result),
        holders=holders,
        recalls=any(
            holders[e["key"]]["kind"] == "bank" and e["reason"] in freeze.FREEZABLE
            for e in endpoints
        ),
        stats=visit.hub.trail.stats(principal),
        examples=visit.hub.trail.starting_points(principal, EXAMPLES),
        rules=RULES,
        max_hops=MAX_HOPS,
        max_rows=MAX_ROWS,
        defaults=TraceQuery([]),
    )


def _chart(visit: Visit, result: dict[str, Any] | None) -> Markup | None:
    """The flow chart: SVG that the trail's report module builds from escaped text."""
    if not result or not result["transfers"]:
        return None
    label = visit.gettext("Flow of the traced money, from the seeds on the left to the endpoints")
    return Markup(flow_svg(result, label))


@router.get("/trail/requests.csv")
def requests_csv(visit: SignedIn) -> Response:
    """The freeze and recall requests of the trace, as ``POST /api/v1/trail/requests`` with
    ``format=csv`` gives them."""
    found = visit.hub.trail.requests(visit.principal, **_query(visit).arguments())
    return visit.finish(download(freeze.to_csv(found), "freeze-requests.csv", "text/csv"))


@router.get("/trail/requests.html")
def requests_html(visit: SignedIn) -> Response:
    """The same requests as a printable page, one section per institution."""
    found = visit.hub.trail.requests(visit.principal, **_query(visit).arguments())
    return visit.finish(download(freeze.to_html(found), "freeze-requests.html", "text/html"))


@router.get("/trail/camt056.zip")
def camt056(visit: SignedIn) -> Response:
    """ISO 20022 camt.056 drafts of the bank recall requests, one XML file each."""
    found = visit.hub.trail.requests(visit.principal, **_query(visit).arguments())
    banks = [r for r in found["requests"] if r["institution"]["kind"] == "bank"]
    if not banks:
        raise NotFound("the trace reaches no bank account: there is no recall request")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for request in banks:
            zf.writestr(f"{request['request_id']}.xml", freeze.to_camt056(request))
    return visit.finish(download(archive.getvalue(), "camt056-drafts.zip", "application/zip"))


@router.get("/trail/trace.json")
def trace_json(visit: SignedIn) -> Response:
    """The trace as ``POST /api/v1/trail/trace`` answers it."""
    result = visit.hub.trail.trace(visit.principal, **_query(visit).arguments()).to_json()
    return visit.finish(download(result, "trace.json", "application/json"))


@router.get("/trail/report.html")
def report(visit: SignedIn) -> Response:
    """The trace as one self-contained page to attach to a case file (``format=html``)."""
    result = visit.hub.trail.trace(visit.principal, **_query(visit).arguments()).to_json()
    return visit.finish(download(trace_html(result), "trace.html", "text/html"))


@router.get("/trail/mules")
def mules(visit: SignedIn) -> Response:
    """The accounts most like mule accounts, each score with its breakdown."""
    top = number(visit.request.query_params.get("top"), "top", MULES)
    if not 1 <= top <= MAX_MULES:
        raise InvalidInput("top", f"must be between 1 and {MAX_MULES}")
    return visit.render(
        "trail_mules.html",
        accounts=visit.hub.trail.mules(visit.principal, top),
        top=top,
        threshold=REASON_THRESHOLD,
    )
