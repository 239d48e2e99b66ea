"""The audit log records disclosures and detects edits, deletions and reordering."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from safemekong.errors import Forbidden
from safemekong.policy import NODE_ADMIN, audit
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


def test_an_agency_admin_sees_its_own_acts_and_reads_of_its_data_only(members: Members) -> None:
    _share_and_read(members)
    members.hub.lookup(members.principal("PH-CICC"), "+66812345678")  # PH reads CN's data
    cn_admin = members.hub.authenticate(
        members.hub.create_key(NODE_ADMIN, "CN-AFC", "admin")["key"]
    )
    th_admin = members.hub.authenticate(
        members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"]
    )
    cn_seen = members.hub.audit_entries(cn_admin, limit=1000)
    th_seen = members.hub.audit_entries(th_admin, limit=1000)
    # Who of another agency read it is that agency's business: CN sees the agencies only.
    assert {e["actor"] for e in cn_seen if e["action"] == "read:lookup"} == {"TH-CCIB", "PH-CICC"}
    # TH sees its own read, not PH's read of CN's data nor CN's or PH's own acts.
    assert [e["actor"].split(":")[0] for e in th_seen if e["action"] == "read:lookup"] == [
        "TH-CCIB"
    ]
    assert all(
        e["actor"].startswith("TH-CCIB:")
        or e["detail"].get("agency") == "TH-CCIB"
        or "TH-CCIB" in e["detail"].get("owners", [])
        for e in th_seen
    )
    assert "key:create" in {e["action"] for e in th_seen}  # the node made its keys
    newest = members.hub.audit_entries(th_admin, limit=2, newest_first=True)
    assert [e["id"] for e in newest] == sorted((e["id"] for e in th_seen), reverse=True)[:2]
    every = members.hub.audit_entries(NODE_ADMIN, limit=1000)
    assert len(every) > len(th_seen) and len(every) > len(cn_seen)


def test_an_agency_admin_verifies_the_chain_and_an_analyst_may_not(members: Members) -> None:
    _share_and_read(members)
    admin = members.hub.authenticate(members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"])
    assert members.hub.verify_audit(admin).ok
    with pytest.raises(Forbidden):
        members.hub.verify_audit(members.principal("TH-CCIB"))
    with pytest.raises(Forbidden):
        members.hub.audit_entries(members.principal("TH-CCIB"))


def test_an_entry_that_only_mentions_an_agency_code_is_not_shown_to_it(
    members: Members,
) -> None:
    with members.hub.store.write() as conn:
        audit.append(conn, members.principal("CN-AFC"), "note", {"asked": "TH-CCIB"})
    admin = members.hub.authenticate(members.hub.create_key(NODE_ADMIN, "TH-CCIB", "admin")["key"])
    assert [e for e in members.hub.audit_entries(admin) if e["action"] == "note"] == []
    assert [e["action"] for e in members.hub.audit_entries(NODE_ADMIN)].count("note") == 1
