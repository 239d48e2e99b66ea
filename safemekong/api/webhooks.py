"""Webhooks for an agency's alerts: ``/api/v1/webhooks``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from safemekong.api.deps import Caller, HubDep
from safemekong.api.models import ObjectId
from safemekong.api.problems import error_responses

router = APIRouter(prefix="/api/v1", tags=["real-time"])


class WebhookIn(BaseModel):
    url: str = Field(examples=["https://afc.example.cn/safemekong/alerts"])


class WebhookCreated(BaseModel):
    id: int
    url: str
    secret: str = Field(description="HMAC-SHA256 signing secret, shown only now")


class WebhookOut(BaseModel):
    id: int
    url: str
    created_at: str | None


class DeliveryOut(BaseModel):
    id: int
    event: str
    status: str = Field(description="pending, delivered or dead")
    attempts: int
    last_error: str | None
    next_attempt_at: str | None
    delivered_at: str | None
    payload: dict[str, Any]


@router.post(
    "/webhooks",
    response_model=WebhookCreated,
    status_code=201,
    summary="Send the agency's alerts to a URL, signed (agency admins)",
    responses=error_responses(403),
)
def add_webhook(body: WebhookIn, hub: HubDep, caller: Caller) -> dict[str, Any]:
    return hub.add_webhook(caller, body.url)


@router.get(
    "/webhooks",
    response_model=list[WebhookOut],
    summary="The agency's webhooks",
    responses=error_responses(403),
)
def list_webhooks(hub: HubDep, caller: Caller) -> list[dict[str, Any]]:
    return hub.list_webhooks(caller)


@router.delete(
    "/webhooks/{webhook_id}",
    status_code=204,
    summary="Stop a webhook",
    responses=error_responses(403, 404),
)
def remove_webhook(webhook_id: ObjectId, hub: HubDep, caller: Caller) -> Response:
    hub.remove_webhook(caller, webhook_id)
    return Response(status_code=204)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response_model=list[DeliveryOut],
    summary="A webhook's deliveries; status=dead lists the dead letters",
    responses=error_responses(403, 404),
)
def list_deliveries(
    webhook_id: ObjectId,
    hub: HubDep,
    caller: Caller,
    status: str | None = Query(None, description="pending, delivered or dead"),
    limit: int = Query(100, ge=1, le=500),
) -> list[dict[str, Any]]:
    return hub.webhook_deliveries(caller, webhook_id, status, limit)
