"""The universal search box: any phone, URL, handle, account or wallet, through hub.lookup."""

from __future__ import annotations

from typing import Any

from fastapi import Query
from starlette.responses import Response

from safemekong.errors import InvalidInput
from safemekong.identifiers import IDENTIFIER_TYPES
from safemekong.web.context import SignedIn, page_router

router = page_router()


@router.get("/search")
def search(
    visit: SignedIn,
    q: str = Query("", max_length=1000),
    type: str = Query("", max_length=20),
) -> Response:
    """What the hub knows about ``q``: its canonical form, the sightings the user may see, its
    operation, and which agencies to ask about sightings hidden from the user."""
    kind = type if type in IDENTIFIER_TYPES else None
    found: dict[str, Any] | None = None
    problem: str | None = None
    if q.strip():
        try:
            found = visit.hub.lookup(visit.principal, q, kind)
        except InvalidInput as error:
            problem = error.reason
    return visit.render(
        "search.html",
        status=422 if problem else 200,
        q=q,
        kind=kind or "",
        found=found,
        problem=problem,
        types=IDENTIFIER_TYPES,
    )
