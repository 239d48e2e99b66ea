"""The demo: a store filled with a synthetic region, and API keys to explore it with.

Besides the region's reports, the demo holds what the other pages work on: a watch list and a
missing-person list (a few publicly listed names of the region and synthetic people), a money
trail ledger of synthetic laundering cases, and an evidence case with three exhibits.
``safemekong/synth/data/demo_manifest.csv`` is a passenger manifest to screen against them.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, Final

from safemekong.evidence.locker import NewItem
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.policy.users import generate_password
from safemekong.synth import generate_world
from safemekong.trail import synthetic

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
#: The demo's own files: watch lists, a passenger manifest and a chat export.
DEMO_DATA: Final = Path(__file__).parent / "synth" / "data"
DEMO_MANIFEST: Final = DEMO_DATA / "demo_manifest.csv"
#: The agency that owns the demo's watch lists, ledger and evidence (all shared GREEN or with
#: the CN-TH group, so the demo users of both agencies see them).
DEMO_OWNER: Final = "TH-CCIB"
#: The evidence case of the demo.
DEMO_CASE: Final = "TH-CCIB-2026-0042"


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
    owner = hub.authenticate(keys[DEMO_OWNER])
    load_demo_watchlists(hub, owner)
    ledger = synthetic.generate(seed=seed, cases=12, ordinary=150)
    load_demo_ledger(hub, owner, ledger)
    load_demo_evidence(hub, owner, ledger)
    return keys


def load_demo_watchlists(hub: Hub, owner: Principal) -> None:
    """The demo's subject list (GREEN) and missing-person list (shared with CN-TH)."""
    hub.screening.import_file(
        owner, DEMO_DATA / "demo_watchlist.csv", "csv", "Regional subjects (demo)", tlp="GREEN"
    )
    hub.screening.import_file(
        owner,
        DEMO_DATA / "demo_missing.csv",
        "csv",
        "Missing persons (demo)",
        kind="missing-person",
        tlp="AMBER",
        groups=["CN-TH"],
    )


def load_demo_ledger(hub: Hub, owner: Principal, ledger: synthetic.SyntheticLedger) -> None:
    """Synthetic laundering cases (bank to OTC desk to TRON to exchanges), their tags (and the
    mule account of :data:`DEMO_CASE`, where a trace may start) and the THB/USDT rates, shared
    GREEN."""
    mule_tag = f"{_first_mule(ledger)},mule,First-tier mule account of {DEMO_CASE},,{DEMO_CASE}\n"
    with tempfile.TemporaryDirectory(prefix="safemekong-demo-") as folder:
        files = Path(folder)
        for name, text in (
            ("ledger.csv", ledger.ledger_csv()),
            ("tags.csv", ledger.tags_csv() + mule_tag),
            ("rates.csv", ledger.rates_csv()),
        ):
            (files / name).write_text(text)
        hub.trail.import_file(owner, files / "ledger.csv", "csv", "GREEN", name="demo-ledger.csv")
        hub.trail.import_tags(owner, files / "tags.csv", "csv", "GREEN")
        hub.trail.import_rates(owner, files / "rates.csv")


def load_demo_evidence(hub: Hub, owner: Principal, ledger: synthetic.SyntheticLedger) -> None:
    """Case :data:`DEMO_CASE`: a victim's chat export, the statement of the first case's
    first-tier mule account and USDT transfers, shared with the CN-TH group."""
    mule = _first_mule(ledger)
    statement = [row for row in ledger.rows if mule in (row[2], row[3])]
    usdt = [row for row in ledger.rows if row[5] == "USDT"][:12]
    exhibits = (
        (
            "E1",
            "victim-chat.txt",
            "text/plain",
            (DEMO_DATA / "demo_chat.txt").read_bytes(),
            "LINE chat export handed over by the victim",
            "victim's phone",
            "LINE export",
        ),
        (
            "E2",
            "mule-statement.csv",
            "text/csv",
            _csv(statement),
            f"Statement of the first-tier mule account {mule}",
            "bank inquiry return",
            "bank production order",
        ),
        (
            "E3",
            "usdt-transfers.csv",
            "text/csv",
            _csv(usdt),
            "USDT-TRC20 transfers after the OTC desk",
            "TRON blockchain",
            "block explorer export",
        ),
    )
    hub.evidence.add_many(
        owner,
        [
            NewItem(
                io.BytesIO(content),
                {
                    "case": DEMO_CASE,
                    "exhibit": exhibit,
                    "description": description,
                    "source": source,
                    "acquisition_method": method,
                    "acquisition_tool": "SafeMekong demo",
                    "acquired_by": "Pol. Capt. Demo Officer",
                    "original_name": name,
                    "media_type": media_type,
                    "legal_basis": "Computer Crime Act B.E. 2550 s.18 (demo)",
                    "tlp": "AMBER",
                    "sharing_groups": ["CN-TH"],
                },
                name,
            )
            for exhibit, name, media_type, content, description, source, method in exhibits
        ],
    )


def _first_mule(ledger: synthetic.SyntheticLedger) -> str:
    """The account the first case's victims paid (its first-tier mule account)."""
    seeds = set(ledger.cases[0].seeds)
    return next(row[3] for row in ledger.rows if row[0] in seeds)


def _csv(rows: Sequence[tuple[str, ...]]) -> bytes:
    lines = ["tx_id,timestamp,from,to,amount,currency", *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


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
