"""TLP 2.0 as STIX 2.1 marking definitions (the OASIS TLP 2.0 extension's fixed objects)."""

from __future__ import annotations

from typing import Any, Final

from safemekong.policy.tlp import TLP
from safemekong.sharing.extensions import extension_of

#: The OASIS extension that defines TLP 2.0 markings (property extension ``tlp_2_0``).
TLP2_EXTENSION: Final = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
#: The published marking-definition id of each TLP 2.0 level.
TLP2_MARKINGS: Final[dict[TLP, str]] = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
TLP_BY_MARKING: Final = {marking: tlp for tlp, marking in TLP2_MARKINGS.items()}
#: TLP 1.0 markings that stix2 ships, read on import (WHITE is CLEAR).
TLP1_MARKINGS: Final[dict[str, TLP]] = {
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": TLP.CLEAR,
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": TLP.GREEN,
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": TLP.AMBER,
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": TLP.RED,
}


def marking_definition(tlp: TLP) -> dict[str, Any]:
    """The TLP 2.0 marking-definition object of ``tlp``."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP2_MARKINGS[tlp],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{tlp.value}",
        "extensions": {
            TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": tlp.value.lower()}
        },
    }


def tlp_of(marking_refs: list[str], definitions: dict[str, dict[str, Any]]) -> TLP | None:
    """The strictest TLP among ``marking_refs`` (TLP 2.0 or 1.0 ids, or definitions in the
    bundle that carry ``tlp_2_0`` or a ``tlp`` definition); None when there is none."""
    found: list[TLP] = []
    for ref in marking_refs:
        if ref in TLP_BY_MARKING:
            found.append(TLP_BY_MARKING[ref])
        elif ref in TLP1_MARKINGS:
            found.append(TLP1_MARKINGS[ref])
        elif ref in definitions:
            level = _level(definitions[ref])
            if level is not None:
                found.append(level)
    return max(found, key=lambda t: t.rank) if found else None


def _level(definition: dict[str, Any]) -> TLP | None:
    extension = extension_of(definition, TLP2_EXTENSION) or {}
    legacy = definition.get("definition")
    raw = extension.get("tlp_2_0") or (legacy.get("tlp") if isinstance(legacy, dict) else None)
    if not isinstance(raw, str):
        return None
    raw = raw.strip().upper()
    if raw == "WHITE":
        return TLP.CLEAR
    try:
        return TLP(raw)
    except ValueError:
        return None


def strictest(levels: list[TLP]) -> TLP:
    """The most restrictive of ``levels`` (CLEAR when empty)."""
    return max(levels, key=lambda t: t.rank) if levels else TLP.CLEAR
