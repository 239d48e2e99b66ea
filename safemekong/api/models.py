"""Pydantic models documenting the API's JSON shapes in the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

#: The largest id the stores hold (a signed 64-bit integer): a larger one is invalid input.
MAX_ID = 2**63 - 1
#: An object's id in a path.
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


def request_body(media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` declaring the required request body of a route that reads it by hand."""
    return {"requestBody": {"required": True, "content": {media_type: {"schema": schema}}}}


#: A file sent as the raw request body.
FILE_BODY = request_body("application/octet-stream", {"type": "string", "format": "binary"})


class IdentifierIn(BaseModel):
    value: str = Field(
        description="The identifier as reported, in any common form", examples=["081-234-5678"]
    )
    type: str | None = Field(
        None,
        description="phone, url, domain, handle, bank, wallet, email, "
        "image or document; guessed when absent",
    )
    role: str = Field(
        "mentioned",
        description="caller, sms-sender, website, receiving-account, "
        "wallet, chat-contact, email-sender, profile-image, suspect-document, mentioned",
    )


class ReportIn(BaseModel):
    external_id: str = Field(description="The filing agency's own id; re-submission is idempotent")
    agency: str | None = Field(None, description="Agency code; defaults to the caller's agency")
    received_at: str | None = Field(
        None, description="ISO 8601 with offset", examples=["2026-11-28T09:15:00+07:00"]
    )
    typology: str | None = Field(None, examples=["pig-butchering"])
    narrative: str | None = None
    language: str | None = Field(None, examples=["th"])
    amount_lost: str | float | None = Field(None, examples=["125000.00"])
    currency: str | None = Field(None, examples=["THB"])
    tlp: str | None = Field(None, description="CLEAR, GREEN, AMBER (default), AMBER+STRICT, RED")
    sharing_groups: list[str] | None = Field(
        None, description="Sharing groups the report is shared with", examples=[["CN-TH"]]
    )
    recipients: list[str] | None = Field(
        None, description="Agency codes named as recipients (the only audience of TLP:RED)"
    )
    purpose: str | None = Field(None, description="Why it is shared (a default is recorded)")
    legal_basis: str | None = Field(None, description="Legal basis of the share")
    retain_until: str | None = Field(
        None, description="Retention deadline (ISO 8601); default received_at + 5 years"
    )
    approval_ref: str | None = Field(
        None, description="Approval for data of an export-restricted country to cross borders"
    )
    identifiers: list[IdentifierIn] = Field(default_factory=list)


class FieldError(BaseModel):
    field: str
    reason: str


class Accepted(BaseModel):
    index: int
    id: int | None = None
    external_id: str
    agency: str
    operation_id: int | None = None
    status: str = Field(description="created, unchanged or duplicate-in-batch")


class Rejected(BaseModel):
    index: int
    external_id: Any = None
    errors: list[FieldError]


class BatchOut(BaseModel):
    accepted: list[Accepted]
    rejected: list[Rejected]
    alerts: int


class OperationOut(BaseModel):
    id: int
    reports: int
    agencies: list[str]
    countries: list[str]
    typologies: dict[str, int]
    losses: dict[str, str]
    identifiers: dict[str, int]
    first_seen: str | None
    last_seen: str | None
    merged_from: int | None = None


class SightingOut(BaseModel):
    report_id: int
    external_id: str
    agency: str
    country: str
    received_at: str | None
    typology: str
    tlp: str
    role: str
    raw: str
    derived: bool
    operation_id: int


class ContactOut(BaseModel):
    agency: str
    country: str
    name: str


class LookupOut(BaseModel):
    identifier: dict[str, Any] = Field(
        description="type, canonical, key, type-specific fields, known, warning_list"
    )
    sightings: list[SightingOut]
    sightings_total: int
    operation: OperationOut | None
    contacts: list[ContactOut] = Field(
        description="Agencies holding reports of this value that you may not see: ask them "
        "(hit without disclosure; they were told you searched)"
    )


class AlertOut(BaseModel):
    id: int
    agency: str
    kind: str
    report_id: int
    operation_id: int | None
    identifier_id: int | None
    message: str
    params: dict[str, Any] | None = Field(
        None,
        description="What the message says as data: `text` names the message "
        "(partners-reported, linked-to-partners, watched-value-reported, "
        "hidden-value-looked-up), the other fields fill it in",
    )
    created_at: str | None


class AgencyIn(BaseModel):
    code: str
    country: str
    name: str


class AgencyOut(BaseModel):
    code: str
    country: str
    name: str


class KeyIn(BaseModel):
    agency: str
    role: str
    label: str = ""


class UserIn(BaseModel):
    username: str
    agency: str
    role: str
    password: str = Field(description="At least 12 characters; stored only as an Argon2id hash")


class UserOut(BaseModel):
    username: str
    agency: str
    role: str
    created_at: str | None = None
    disabled: bool = False


class GroupIn(BaseModel):
    name: str = Field(examples=["CN-TH"])
    agencies: list[str] = Field(examples=[["CN-AFC", "TH-CCIB"]])
    description: str = ""


class GroupOut(BaseModel):
    name: str
    description: str
    agencies: list[str]


class KeyOut(BaseModel):
    key: str
    agency: str
    role: str
    prefix: str


class WatchIn(BaseModel):
    value: str
    type: str | None = None
    note: str = ""


class WatchOut(BaseModel):
    key: str
    note: str
    created_at: str | None = None
