"""What the locker writes to the log: item manifests and custody events (pure functions).

Both are canonical JSON (the bytes that are hashed, signed and logged). Custody events of an
item form a chain: each names its sequence number and the leaf hash of the previous entry
(the manifest for the first), so a deleted, reordered or inserted event breaks the chain.
Stages follow ISO/IEC 27037 (identification, collection/acquisition, preservation) and the
Berkeley Protocol's documentation of every copy.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from safemekong import __version__
from safemekong.errors import InvalidInput
from safemekong.evidence.verify import CUSTODY_TYPE, MANIFEST_TYPE, canonical, leaf_hash

TOOL: Final = "safemekong"

#: Custody actions, as data: what each means and which details it needs.
ACTIONS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "acquired": ("the file was collected or acquired from its source", ()),
    "registered": ("the file was stored in the locker and its hash checked", ()),
    "viewed": ("the item was looked at", ()),
    "copied": ("a copy of the file was downloaded", ()),
    "exported": ("the item was written to an evidence package", ("package",)),
    "transferred": ("custody was handed to another agency", ("to",)),
    "received": ("custody was taken over by the receiving agency", ()),
    "verified": ("the stored file was re-hashed and matched its manifest", ()),
    "sealed": ("the item was sealed: no further handling expected", ()),
}
#: Actions any caller may record by hand (the others are recorded by the locker itself).
MANUAL_ACTIONS: Final = frozenset({"transferred", "received", "sealed"})

#: Text limits of item metadata fields (characters); ``True`` marks the required ones.
FIELDS: Final[dict[str, tuple[int, bool]]] = {
    "case": (100, True),
    "exhibit": (100, True),
    "description": (4000, False),
    "source": (500, False),
    "acquisition_method": (200, False),
    "acquisition_tool": (200, False),
    "acquired_by": (200, True),
    "original_name": (500, False),
    "media_type": (200, False),
    "legal_basis": (500, True),
}


@dataclass(frozen=True)
class Actor:
    """Who acts on evidence: a person (or key) and their agency code."""

    name: str
    agency: str


def check_metadata(raw: dict[str, Any], file_name: str | None) -> dict[str, Any]:
    """Item metadata from user input, trimmed and checked; InvalidInput names every problem."""
    errors: list[dict[str, str]] = []
    meta: dict[str, Any] = {}
    for name, (limit, required) in FIELDS.items():
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                errors.append({"field": name, "reason": "is required"})
            meta[name] = ""
            continue
        if not isinstance(value, str):
            errors.append({"field": name, "reason": "must be text"})
            continue
        value = value.strip()
        if len(value) > limit:
            errors.append({"field": name, "reason": f"is longer than {limit} characters"})
        meta[name] = value
    try:
        meta["acquired_at"] = parse_time(raw.get("acquired_at"), "acquired_at")
    except InvalidInput as exc:
        errors.extend(exc.errors)
    if errors:
        raise InvalidInput.of(errors)
    meta["original_name"] = meta["original_name"] or (file_name or "")
    meta["media_type"] = meta["media_type"] or (
        mimetypes.guess_type(meta["original_name"])[0] or "application/octet-stream"
    )
    return meta


def parse_time(value: object, field: str) -> str:
    """An ISO 8601 time in UTC (now when missing); naive times are taken as UTC."""
    if value is None or value == "":
        return now_iso()
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(field, f"not an ISO 8601 time: {value!r}") from None
    else:
        raise InvalidInput(field, "must be an ISO 8601 time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.astimezone(UTC) > datetime.now(UTC):
        raise InvalidInput(field, "is in the future")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def item_key(agency: str, case: str, exhibit: str) -> str:
    """The item's name in manifests and custody events (unique per agency, case, exhibit)."""
    return f"{agency}/{case}/{exhibit}"


def manifest(
    log: str,
    meta: dict[str, Any],
    agency: str,
    sha256: str,
    size: int,
    marking: dict[str, Any],
    registrar: Actor,
) -> bytes:
    """The canonical manifest of a newly registered item."""
    return canonical(
        {
            "type": MANIFEST_TYPE,
            "log": log,
            "item": item_key(agency, meta["case"], meta["exhibit"]),
            "agency": agency,
            "case": meta["case"],
            "exhibit": meta["exhibit"],
            "description": meta["description"],
            "source": meta["source"],
            "acquisition": {
                "method": meta["acquisition_method"],
                "tool": meta["acquisition_tool"],
                "officer": meta["acquired_by"],
                "agency": agency,
                "at": meta["acquired_at"],
            },
            "original_name": meta["original_name"],
            "media_type": meta["media_type"],
            "sha256": sha256,
            "size": size,
            "marking": marking,
            "legal_basis": meta["legal_basis"],
            "registered": {
                "at": now_iso(),
                "by": registrar.name,
                "agency": registrar.agency,
                "tool": TOOL,
                "tool_version": __version__,
            },
        }
    )


def custody_event(
    item: str,
    seq: int,
    prev: bytes,
    action: str,
    actor: Actor,
    purpose: str = "",
    sha256: str | None = None,
    details: dict[str, Any] | None = None,
    at: str | None = None,
    tool: tuple[str, str] = (TOOL, __version__),
) -> bytes:
    """One canonical custody event following the entry whose leaf hash is ``prev``."""
    if action not in ACTIONS:
        raise InvalidInput("action", f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
    missing = [k for k in ACTIONS[action][1] if not (details or {}).get(k)]
    if missing:
        raise InvalidInput(missing[0], f"is required for a {action!r} event")
    if len(purpose) > 500:
        raise InvalidInput("purpose", "is longer than 500 characters")
    return canonical(
        {
            "type": CUSTODY_TYPE,
            "item": item,
            "seq": seq,
            "prev": prev.hex(),
            "action": action,
            "actor": actor.name,
            "agency": actor.agency,
            "at": at or now_iso(),
            "tool": tool[0],
            "tool_version": tool[1],
            "purpose": purpose,
            "hash_before": sha256,
            "hash_after": sha256,
            "details": details or {},
        }
    )


__all__ = [
    "ACTIONS",
    "FIELDS",
    "MANUAL_ACTIONS",
    "Actor",
    "canonical",
    "check_metadata",
    "custody_event",
    "item_key",
    "leaf_hash",
    "manifest",
]
