"""Detection: is a web address, a domain, a message or a web page illegal gambling, a scam or
phishing? The verdict of ``hub.detect`` with every reason that produced it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from starlette.responses import Response

from safemekong.detect.service import Detector
from safemekong.detect.verdict import Verdict
from safemekong.errors import InvalidInput
from safemekong.policy.principals import Principal
from safemekong.web.context import SignedIn, Uploaded, Visit, page_router

router = page_router()

Check = Callable[[Detector, Principal, dict[str, str]], Verdict]
#: What may be checked (the form's ``kind``) and how; the fields are named as the detectors'
#: errors name them.
CHECKS: Final[dict[str, Check]] = {
    "host": lambda detect, principal, values: detect.host(principal, values["input"]),
    "message": lambda detect, principal, values: detect.message(principal, values["text"]),
    "page": lambda detect, principal, values: detect.page(principal, values["page"], values["url"]),
}
FIELDS: Final = ("input", "text", "page", "url")


def _page(
    visit: Visit,
    kind: str = "",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    verdict: Verdict | None = None,
    status: int = 200,
) -> Response:
    return visit.render(
        "detection.html",
        status=status,
        kind=kind,
        values=values or {},
        errors=errors or {},
        verdict=verdict.to_json() if verdict else None,
    )


@router.get("/detect")
def detection(visit: SignedIn) -> Response:
    return _page(visit)


@router.post("/detect")
def detect(visit: SignedIn, upload: Uploaded) -> Response:
    """Check what was pasted in one of the page's forms (a page's HTML may be large, so the
    forms may post ``multipart/form-data``)."""
    kind = upload.form.get("kind")
    values = {name: upload.form.get(name) for name in FIELDS}
    try:
        check = CHECKS.get(kind)
        if check is None:
            raise InvalidInput("kind", f"use one of {', '.join(CHECKS)}")
        verdict = check(visit.hub.detect, visit.principal, values)
    except InvalidInput as error:
        return _page(visit, kind, values, {error.field: error.reason}, status=422)
    return _page(visit, kind, values, verdict=verdict)
