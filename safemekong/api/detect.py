"""Detection: ``POST /api/v1/detect/{url,domain,message,page}`` (thin over ``hub.detect``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from safemekong.api.deps import Caller, HubDep
from safemekong.detect.html_parts import MAX_PAGE
from safemekong.detect.lexical import MAX_INPUT
from safemekong.detect.messages import MAX_MESSAGE

router = APIRouter(prefix="/api/v1/detect", tags=["detection"])


class HostIn(BaseModel):
    value: str = Field(max_length=MAX_INPUT, description="A domain, host name or URL")


class MessageIn(BaseModel):
    text: str = Field(max_length=MAX_MESSAGE, description="An SMS or chat message")


class PageIn(BaseModel):
    html: str = Field(max_length=MAX_PAGE, description="The page's HTML, already fetched")
    url: str = Field("", max_length=MAX_INPUT, description="The page's own URL, if known")


class ReasonOut(BaseModel):
    code: str
    text: str
    weight: float
    detail: dict[str, Any] | None = None
    template: str | None = Field(
        None, description="Which kind of sentence the text is (for clients that translate it)"
    )
    params: dict[str, str] | None = Field(None, description="The values the text is filled with")


class VerdictOut(BaseModel, extra="allow"):
    label: str
    score: float
    reasons: list[ReasonOut]


@router.post("/url", response_model=VerdictOut, summary="Classify a URL")
def detect_url(body: HostIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.detect.host(caller, body.value).to_json()


@router.post("/domain", response_model=VerdictOut, summary="Classify a domain")
def detect_domain(body: HostIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.detect.host(caller, body.value).to_json()


@router.post("/message", response_model=VerdictOut, summary="Classify a message")
def detect_message(body: MessageIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.detect.message(caller, body.text).to_json()


@router.post("/page", response_model=VerdictOut, summary="Detect SEO injection or a bad page")
def detect_page(body: PageIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.detect.page(caller, body.html, body.url).to_json()
