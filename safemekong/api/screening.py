"""Screening: ``POST /api/v1/screen``, ``/api/v1/screen/batch``, watch lists and alerts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import MAX_ID
from safemekong.screening.scoring import DEFAULT_THRESHOLD
from safemekong.screening.service import MAX_BATCH, MAX_NAME, make_query

router = APIRouter(prefix="/api/v1", tags=["screening"])


class ScreenIn(BaseModel):
    name: str = Field(max_length=MAX_NAME, description="The name in any script", examples=["趙偉"])
    dob: str | None = Field(None, max_length=20, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationality: str | None = Field(None, max_length=60, description="ISO alpha-2 or a name")
    gender: str | None = Field(None, max_length=10, description="male or female")
    documents: list[str] = Field(default_factory=list, max_length=20)
    identifiers: list[str] = Field(
        default_factory=list, max_length=20, description="Phones, wallets, e-mails … of the person"
    )


class ScreenOptions(BaseModel):
    list: str | None = Field(None, max_length=100, description="Only this watch list")
    threshold: float = Field(DEFAULT_THRESHOLD, ge=0.0, le=1.0)
    limit: int = Field(10, ge=1, le=100)


class ScreenRequest(ScreenIn, ScreenOptions):
    pass


class BatchRequest(ScreenOptions):
    items: list[ScreenIn] = Field(max_length=MAX_BATCH)


class MatchOut(BaseModel):
    entity_id: str
    name: str
    score: float
    list: str
    kind: str = Field(description="subject or missing-person (a possible trafficking victim)")
    action: str
    explanation: dict[str, Any] = Field(
        description="name: which forms matched and how; features: each with weight and detail"
    )


class ScreenOut(BaseModel):
    query: dict[str, Any]
    matches: list[MatchOut]


def _query(item: ScreenIn) -> Any:
    return make_query(
        item.name, item.dob, item.nationality, item.gender, item.documents, item.identifiers
    )


@router.post("/screen", response_model=ScreenOut, summary="Screen one person")
def screen(body: ScreenRequest, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.screening.screen(caller, _query(body), body.list, body.threshold, body.limit)


@router.post("/screen/batch", response_model=list[ScreenOut], summary="Screen many people")
def screen_batch(body: BatchRequest, hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    queries = [_query(item) for item in body.items]
    return hub.screening.screen_many(caller, queries, body.list, body.threshold, body.limit)


@router.get("/watchlists", summary="Watch lists the caller can screen against")
def watchlists(hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    return hub.screening.list_watchlists(caller)


@router.get("/screen/alerts", summary="Hits on the caller's agency's watch-list entries")
def screening_alerts(
    hub: HubDep,
    caller: Caller,
    since_id: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.screening.alerts(caller, since_id, limit)
