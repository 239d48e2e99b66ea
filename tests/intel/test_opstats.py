"""Operation tallies: every summary read from them equals the one counted from the reports,
for every agency, after batches that create and merge operations and after a purge.

Runs on SQLite and on PostgreSQL (the ``members`` fixture is parametrised over both).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, func, select

from safemekong.intel.operations import operation_summary
from safemekong.intel.opstats import SightingSet, rebuild
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.policy.visibility import visible_clause
from safemekong.store import iso, schema, utcnow
from tests.conftest import AGENCIES, Members

TLPS = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]


def _world(seed: int) -> list[tuple[str, list[dict[str, Any]]]]:
    """Batches of reports by random agencies over a small pool of phones (so that operations
    grow and merge), random markings, typologies, currencies and amounts."""
    rng = random.Random(seed)
    soon = (utcnow() + timedelta(days=20)).date().isoformat()
    batches = []
    for b in range(6):
        agency = rng.choice(AGENCIES)[0]
        items = []
        for n in range(rng.randint(1, 12)):
            phones = rng.sample(range(90), rng.randint(1, 3))
            item: dict[str, Any] = {
                "external_id": f"{b}-{n}",
                "received_at": f"2026-11-{rng.randint(1, 28):02d}T10:00:00+07:00",
                "typology": rng.choice(["investment", "romance", "loan"]),
                "tlp": rng.choice(TLPS),
                "identifiers": [{"value": f"+66 81 000 {p:04d}", "type": "phone"} for p in phones],
            }
            if rng.random() < 0.7:
                item["amount_lost"] = f"{rng.randint(1, 9000)}.{rng.randint(0, 99):02d}"
                item["currency"] = rng.choice(["THB", "CNY"])
            if rng.random() < 0.3:
                item["retain_until"] = soon
            items.append(item)
        batches.append((agency, items))
    return batches


def _expected(conn: Connection, principal: Principal, op: int) -> dict[str, Any] | None:
    """The summary counted straight from the reports and sightings."""
    reports, agencies, sightings, ids = (
        schema.reports,
        schema.agencies,
        schema.sightings,
        schema.identifiers,
    )
    visible = visible_clause(principal, reports)
    rows = conn.execute(
        select(agencies.c.code, reports.c.typology, reports.c.currency, reports.c.amount_lost)
        .join(agencies, agencies.c.id == reports.c.agency_id)
        .add_columns(reports.c.received_at)
        .where(reports.c.operation_id == op, visible)
    ).all()
    if not rows:
        return None
    losses: dict[str, Decimal] = {}
    for row in rows:
        if row.currency and row.amount_lost is not None:
            losses[row.currency] = losses.get(row.currency, Decimal(0)) + Decimal(row.amount_lost)
    seen = (
        select(sightings.c.id)
        .join(reports, reports.c.id == sightings.c.report_id)
        .where(sightings.c.identifier_id == ids.c.id, visible)
        .exists()
    )
    by_type = conn.execute(
        select(ids.c.type, func.count()).where(ids.c.operation_id == op, seen).group_by(ids.c.type)
    ).all()
    return {
        "reports": len(rows),
        "agencies": sorted({row.code for row in rows}),
        "typologies": dict(Counter(row.typology for row in rows)),
        "losses": {cur: f"{amount:.2f}" for cur, amount in sorted(losses.items())},
        "first_seen": iso(min(row.received_at for row in rows)),
        "last_seen": iso(max(row.received_at for row in rows)),
        "identifiers": dict(sorted(by_type)),
    }


def _check_all(members: Members) -> int:
    principals = [NODE_ADMIN, *(members.principal(code) for code, _, _ in AGENCIES)]
    checked = 0
    with members.hub.store.read() as conn:
        ops = conn.execute(
            select(schema.operations.c.id).where(schema.operations.c.merged_into.is_(None))
        ).scalars()
        for op in ops:
            for principal in principals:
                got = operation_summary(conn, principal, op)
                want = _expected(conn, principal, op)
                if want is None:
                    assert got is None
                    continue
                assert got is not None
                assert {k: got[k] for k in want} == want, (op, principal.agency_code)
                checked += 1
    return checked


def test_summaries_from_tallies_equal_summaries_from_reports(members: Members) -> None:
    for agency, items in _world(seed=3):
        result = members.hub.file_reports(members.principal(agency), items)
        assert not result.rejected, result.rejected
    assert _check_all(members) > 20
    purged = members.hub.purge_expired(NODE_ADMIN, now=utcnow() + timedelta(days=21))
    assert purged.reports > 0
    assert _check_all(members) > 10


def test_rebuild_gives_what_intake_kept(members: Members) -> None:
    for agency, items in _world(seed=5):
        members.hub.file_reports(members.principal(agency), items)
    ids = schema.identifiers
    queries = (
        select(schema.operation_report_stats),
        select(ids.c.id, ids.c.sighted_in).where(ids.c.operation_id.is_not(None)),
    )
    with members.hub.store.read() as conn:
        kept = [sorted(conn.execute(q).all()) for q in queries]
    with members.hub.store.write() as conn:
        rebuild(conn)
    with members.hub.store.read() as conn:
        assert [sorted(conn.execute(q).all()) for q in queries] == kept


def test_sighting_set_text_round_trips_in_order() -> None:
    both = SightingSet.parse(None).adding([(5, 2), (3, 7), (5, 2), (3, 1)])
    assert both.text == "3,5|1,2,7"
    assert SightingSet.parse(both.text) == both
    assert SightingSet.parse("") == SightingSet.parse(None) == SightingSet(frozenset(), frozenset())
