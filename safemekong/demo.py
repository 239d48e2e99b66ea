"""The demo: a store filled with a synthetic region, and API keys to explore it with."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.policy.users import generate_password
from safemekong.synth import generate_world

DEMO_SEED = 7
DEMO_SCALE = 3000
#: Agencies whose demo keys are printed: a Thai analyst and a Chinese analyst.
DEMO_KEY_AGENCIES = ("TH-CCIB", "CN-AFC")
#: Sharing groups of the demo, for filing reports shared bilaterally (see docs/sharing.md).
DEMO_GROUPS = {"CN-TH": ("CN-AFC", "TH-CCIB")}
#: Users of the demo's web pages (name -> agency, role), printed with their passwords.
DEMO_USERS = {
    "th.analyst": ("TH-CCIB", "analyst"),
    "cn.analyst": ("CN-AFC", "analyst"),
    "th.admin": ("TH-CCIB", "admin"),
}


def load_demo(
    hub: Hub,
    keys_file: Path,
    seed: int = DEMO_SEED,
    scale: int = DEMO_SCALE,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Fill an empty store with the demo world; return (and save) one analyst key per agency.

    A store that already holds reports is left as it is and its saved keys are returned.
    """
    if hub.list_reports(NODE_ADMIN, limit=1):
        return json.loads(keys_file.read_text()) if keys_file.exists() else {}
    world = generate_world(seed=seed, scale=scale)
    known = {a["code"] for a in hub.list_agencies(NODE_ADMIN)}
    for agency in world.agencies:
        if agency["code"] not in known:
            hub.add_agency(NODE_ADMIN, agency["code"], agency["country"], agency["name"])
    existing = {g["name"] for g in hub.list_groups(NODE_ADMIN)}
    for name, members in DEMO_GROUPS.items():
        if name not in existing:
            hub.create_group(NODE_ADMIN, name, members, "demo bilateral group")
    reports = world.reports()
    done = 0
    while batch := list(islice(reports, 1000)):
        hub.file_reports(NODE_ADMIN, batch)
        done += len(batch)
        if progress is not None:
            progress(done)
    keys = {
        agency["code"]: hub.create_key(NODE_ADMIN, agency["code"], "analyst", "demo")["key"]
        for agency in world.agencies
    }
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    keys_file.write_text(json.dumps(keys, indent=2))
    os.chmod(keys_file, 0o600)
    return keys


def load_demo_users(hub: Hub, users_file: Path) -> dict[str, str]:
    """Create the demo's web users once, with random passwords kept in ``users_file`` (readable
    by its owner only); return name -> password of those whose password is known."""
    saved: dict[str, str] = json.loads(users_file.read_text()) if users_file.exists() else {}
    existing = {user["username"] for user in hub.list_users(NODE_ADMIN)}
    for name, (agency, role) in DEMO_USERS.items():
        if name not in existing:
            saved[name] = generate_password()
            hub.add_user(NODE_ADMIN, name, agency, role, saved[name])
    users_file.parent.mkdir(parents=True, exist_ok=True)
    users_file.write_text(json.dumps(saved, indent=2))
    os.chmod(users_file, 0o600)
    return {name: saved[name] for name in DEMO_USERS if name in saved}
