"""Bulk filing with the checks done in a second process: same outcome as filing batch by batch.

Runs on SQLite and on PostgreSQL (the ``members`` fixture is parametrised over both).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from safemekong.store import schema
from tests.conftest import Members
from tests.intel.test_ingest import WALLET, report


def _batches() -> list[list[dict[str, Any]]]:
    """Three batches: the third links to the first through a shared phone; one item is bad."""
    first = [report(f"a{n}", (f"+66 81 000 10{n:02d}", "caller")) for n in range(4)]
    second = [report(f"b{n}", (f"+66 82 000 20{n:02d}", "caller")) for n in range(3)]
    second.append(report("bad", ("12", "caller")))
    third = [report("c0", ("+66 81 000 1002", "caller"), (WALLET, "wallet"))]
    return [first, second, third]


def test_batches_filed_in_order_with_ids_operations_and_rejections(members: Members) -> None:
    th = members.principal("TH-CCIB")
    results = [r.to_json() for r in members.hub.file_batches(th, _batches())]

    assert [len(r["accepted"]) for r in results] == [4, 3, 1]
    assert [[a["external_id"] for a in r["accepted"]] for r in results][1] == ["b0", "b1", "b2"]
    assert results[1]["rejected"][0]["index"] == 3
    assert results[1]["rejected"][0]["errors"][0]["field"] == "identifiers[0].value"
    a2 = results[0]["accepted"][2]
    assert results[2]["accepted"][0]["operation_id"] == a2["operation_id"]
    with members.hub.store.read() as conn:
        stored = dict(conn.execute(select(schema.reports.c.external_id, schema.reports.c.id)).all())
    for result in results:
        for accepted in result["accepted"]:
            assert stored[accepted["external_id"]] == accepted["id"]


def test_a_second_run_answers_unchanged(members: Members) -> None:
    th = members.principal("TH-CCIB")
    list(members.hub.file_batches(th, _batches()))
    again = [r.to_json() for r in members.hub.file_batches(th, _batches())]
    statuses = {a["status"] for r in again for a in r["accepted"]}
    assert statuses == {"unchanged"}


def test_one_batch_and_no_batch(members: Members) -> None:
    th = members.principal("TH-CCIB")
    assert list(members.hub.file_batches(th, [])) == []
    [only] = members.hub.file_batches(th, [_batches()[0]])
    assert len(only.accepted) == 4
