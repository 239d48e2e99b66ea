"""The audit log records disclosures and detects edits, deletions and reordering."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from safemekong.policy import NODE_ADMIN
from safemekong.store import schema
from tests.conftest import Members


def _share_and_read(members: Members) -> None:
    report = {
        "external_id": "cn-1",
        "tlp": "GREEN",
        "identifiers": [{"value": "+66812345678", "type": "phone", "role": "caller"}],
    }
    members.hub.file_reports(members.principal("CN-AFC"), [report])
    members.hub.lookup(members.principal("TH-CCIB"), "+66812345678")
    members.hub.lookup(members.principal("CN-AFC"), "+66812345678")  # own data: not logged


def test_reading_another_agencys_data_is_logged_once_per_read(members: Members) -> None:
    _share_and_read(members)
    reads = [
        e for e in members.hub.audit_entries(NODE_ADMIN, limit=500) if e["action"] == "read:lookup"
    ]
    assert len(reads) == 1
    assert reads[0]["actor"].startswith("TH-CCIB:key:")
    assert reads[0]["detail"]["owners"] == ["CN-AFC"]


def test_untouched_chain_verifies(members: Members) -> None:
    _share_and_read(members)
    check = members.hub.verify_audit(NODE_ADMIN)
    assert check.ok and check.entries >= 7


def test_edit_is_detected(members: Members) -> None:
    _share_and_read(members)
    log = schema.audit_log
    with members.hub.store.write() as conn:
        conn.execute(update(log).where(log.c.id == 3).values(actor="someone-else"))
    check = members.hub.verify_audit(NODE_ADMIN)
    assert not check.ok and check.problem == "entry 3 was altered"


def test_deletion_is_detected(members: Members) -> None:
    _share_and_read(members)
    log = schema.audit_log
    with members.hub.store.write() as conn:
        conn.execute(delete(log).where(log.c.id == 2))
    check = members.hub.verify_audit(NODE_ADMIN)
    assert not check.ok and check.problem == "entry 2 is missing"


def test_reordering_is_detected(members: Members) -> None:
    _share_and_read(members)
    log = schema.audit_log
    with members.hub.store.write() as conn:
        first, second = conn.execute(
            select(log.c.id, log.c.actor, log.c.action, log.c.detail)
            .where(log.c.id.in_([4, 5]))
            .order_by(log.c.id)
        ).all()
        for row, other in ((first, second), (second, first)):
            conn.execute(
                update(log)
                .where(log.c.id == row.id)
                .values(actor=other.actor, action=other.action, detail=other.detail)
            )
    assert not members.hub.verify_audit(NODE_ADMIN).ok


def test_cutting_the_tail_is_detected_against_a_noted_head(members: Members) -> None:
    _share_and_read(members)
    noted = members.hub.verify_audit(NODE_ADMIN).head
    log = schema.audit_log
    with members.hub.store.write() as conn:
        last = conn.execute(select(log.c.id).order_by(log.c.id.desc())).scalars().first()
        conn.execute(delete(log).where(log.c.id == last))
    assert members.hub.verify_audit(NODE_ADMIN).ok  # the rest still chains …
    check = members.hub.verify_audit(NODE_ADMIN, expect_head=noted)
    assert not check.ok and "no longer in the log" in str(check.problem)
