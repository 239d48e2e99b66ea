"""CLI commands of administration: agencies and API keys: create, revoke, rotate (local store
only)."""

from __future__ import annotations

from typing import Annotated

import typer

from safemekong.cli.common import (
    DbOpt,
    JsonOpt,
    agency_app,
    err,
    key_app,
    local_hub,
    out,
    print_json,
)
from safemekong.policy import NODE_ADMIN


@agency_app.command("add")
def agency_add(
    code: str,
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2 country, e.g. TH")],
    name: Annotated[str, typer.Option(help="Full name of the agency")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Register a member agency on this node.

    Example: safemekong agency add TH-CCIB --country TH --name "Cyber Crime Investigation Bureau"
    """
    with local_hub(db) as hub:
        agency = hub.add_agency(NODE_ADMIN, code, country, name)
    print_json(agency) if as_json else out.print(f"added agency {agency['code']}")


@agency_app.command("list")
def agency_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List member agencies.

    Example: safemekong agency list --json
    """
    with local_hub(db) as hub:
        found = hub.list_agencies(NODE_ADMIN)
    if as_json:
        print_json(found)
        return
    for agency in found:
        out.print(f"{agency['code']:<16} {agency['country']}  {agency['name']}", markup=False)


@key_app.command("create")
def key_create(
    agency: Annotated[str, typer.Option(help="Agency code")],
    role: Annotated[str, typer.Option(help="admin, analyst, immigration or read-only")],
    label: Annotated[str, typer.Option(help="What the key is for")] = "",
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Create an API key; it is printed once and never stored in clear.

    Example: safemekong key create --agency TH-CCIB --role analyst --json
    """
    with local_hub(db) as hub:
        _show_new_key(hub.create_key(NODE_ADMIN, agency, role, label), as_json)


@key_app.command("revoke")
def key_revoke(prefix: str, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Revoke an API key by its prefix (smk_PREFIX_…): from now on it answers 401.

    Example: safemekong key revoke 3f9a0c12b4e1
    """
    with local_hub(db) as hub:
        key = hub.revoke_key(NODE_ADMIN, prefix)
    if as_json:
        print_json(key)
    else:
        out.print(f"revoked key {key['prefix']} ({key['agency']}, {key['role']})", markup=False)


@key_app.command("rotate")
def key_rotate(prefix: str, as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Replace an API key: a new one with the same agency, role and label is printed once, and
    the old one is revoked.

    Example: safemekong key rotate 3f9a0c12b4e1 --json
    """
    with local_hub(db) as hub:
        _show_new_key(hub.rotate_key(NODE_ADMIN, prefix), as_json)


def _show_new_key(new: dict[str, str], as_json: bool) -> None:
    if as_json:
        print_json(new)
    else:
        out.print(new["key"], markup=False, highlight=False)
        err.print("store this key now: it cannot be shown again")
