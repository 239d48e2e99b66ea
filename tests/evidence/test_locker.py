"""Registering, viewing, handing over and exporting evidence, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from safemekong.errors import Forbidden, InvalidInput, NotFound
from safemekong.evidence.locker import Locker, NewItem
from safemekong.evidence.verify import verify_package
from safemekong.policy import NODE_ADMIN
from tests.evidence.conftest import Setup, item


def test_registered_file_is_stored_once_under_its_hash_and_never_writable(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    first = setup.locker.add(th, item(b"chat export"))
    second = setup.locker.add(th, item(b"chat export", exhibit="E2"))
    assert first["sha256"] == second["sha256"]
    assert (first["deduplicated"], second["deduplicated"]) == (False, True)
    blobs = [p for p in (setup.directory / "blobs" / "sha256").rglob("*") if p.is_file()]
    assert len(blobs) == 1
    assert not blobs[0].stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_registration_logs_manifest_acquisition_and_registration(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"statement.pdf bytes"))
    events = setup.locker.custody(th, new["id"])
    assert [e["action"] for e in events] == ["acquired", "registered"]
    assert events[0]["actor"] == "Pol. Lt. Somchai"
    assert events[0]["tool"] == "ADB screencap"
    assert events[0]["at"] == "2026-11-20T01:30:00+00:00"
    assert all(e["hash_after"] == new["sha256"] for e in events)
    assert setup.locker.audit() == []


def test_every_view_and_copy_is_a_custody_event(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"bank statement"))
    shown = setup.locker.show(th, new["id"], purpose="case review")
    assert shown["custody"][-1]["action"] == "viewed"
    assert shown["custody"][-1]["purpose"] == "case review"
    with setup.locker.download(th, new["id"], purpose="forensic copy") as (_, stream):
        assert stream.read() == b"bank statement"
    actions = [e["action"] for e in setup.locker.custody(th, new["id"])]
    assert actions == ["acquired", "registered", "viewed", "copied"]


def test_other_agencies_cannot_see_amber_evidence_until_it_is_transferred(setup: Setup) -> None:
    th, cn = setup.principal("TH-CCIB"), setup.principal("CN-AFC")
    new = setup.locker.add(th, item(b"call records"))
    with pytest.raises(NotFound):
        setup.locker.show(cn, new["id"])
    assert setup.locker.list_items(cn) == []
    event = setup.locker.record(th, new["id"], "transferred", purpose="MLA", to="CN-AFC")
    assert event["details"] == {"to": "CN-AFC"}
    received = setup.locker.record(cn, new["id"], "received", purpose="MLA request 7")
    assert received["agency"] == "CN-AFC"
    assert [i["id"] for i in setup.locker.list_items(cn)] == [new["id"]]
    assert setup.locker.list_items(setup.principal("PH-CICC")) == []


def test_clear_evidence_is_visible_to_every_agency(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"public scam ad", tlp="CLEAR"))
    assert setup.locker.show(setup.principal("PH-CICC"), new["id"])["id"] == new["id"]


def test_missing_metadata_is_reported_field_by_field(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    with pytest.raises(InvalidInput) as caught:
        setup.locker.add(th, item(b"x", case="", acquired_by=None, legal_basis=" "))
    assert {e["field"] for e in caught.value.errors} == {"case", "acquired_by", "legal_basis"}
    with pytest.raises(InvalidInput, match="acquired_at"):
        setup.locker.add(th, item(b"x", acquired_at="yesterday"))
    with pytest.raises(InvalidInput, match="tlp"):
        setup.locker.add(th, item(b"x", tlp="PURPLE"))


def test_an_exhibit_number_is_registered_once_per_case(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    setup.locker.add(th, item(b"a"))
    with pytest.raises(InvalidInput, match="exhibit"):
        setup.locker.add(th, item(b"b"))


def test_an_agency_registers_only_for_itself_and_readers_not_at_all(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    with pytest.raises(Forbidden):
        setup.locker.add(th, item(b"a"), agency="CN-AFC")
    with pytest.raises(InvalidInput, match="agency"):
        setup.locker.add(NODE_ADMIN, item(b"a"))
    assert setup.locker.add(NODE_ADMIN, item(b"a"), agency="PH-CICC")["agency"] == "PH-CICC"


def test_only_handover_actions_are_recorded_by_hand(setup: Setup) -> None:
    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"a"))
    with pytest.raises(InvalidInput, match="action"):
        setup.locker.record(th, new["id"], "registered")
    with pytest.raises(InvalidInput, match="to"):
        setup.locker.record(th, new["id"], "transferred")
    with pytest.raises(InvalidInput, match="unknown agency"):
        setup.locker.record(th, new["id"], "transferred", to="XX-NOBODY")


def test_exported_package_verifies_and_records_its_own_export(setup: Setup, tmp_path: Path) -> None:
    th = setup.principal("TH-CCIB")
    a = setup.locker.add(th, item(b"screenshot"))
    setup.locker.add(th, item(b"chat log", exhibit="E2", original_name="../../etc/chat.txt"))
    setup.locker.add(th, item(b"other case", case="TH-2026-0099", exhibit="E1"))
    out = setup.locker.export(th, ["TH-2026-0042"], tmp_path / "pkg.zip", purpose="MLA to CN")
    assert out["items"] == 2
    report = verify_package(tmp_path / "pkg.zip", [setup.locker.signer.verifier()])
    assert report.ok, report.failures
    last = setup.locker.custody(th, a["id"])[-1]
    assert (last["action"], last["details"]["package"]) == ("exported", out["package"])
    import zipfile

    names = zipfile.ZipFile(tmp_path / "pkg.zip").namelist()
    assert not any(".." in n for n in names)


def test_export_of_something_not_visible_names_it(setup: Setup, tmp_path: Path) -> None:
    th, cn = setup.principal("TH-CCIB"), setup.principal("CN-AFC")
    new = setup.locker.add(th, item(b"x"))
    with pytest.raises(NotFound, match=str(new["id"])):
        setup.locker.export(cn, [str(new["id"])], tmp_path / "p.zip")
    with pytest.raises(NotFound, match="TH-2026-0042"):
        setup.locker.export(cn, ["TH-2026-0042"], tmp_path / "p.zip")


@pytest.mark.parametrize("target", ["¹", "#²", "٣"])
def test_a_target_of_unicode_digits_is_a_case_reference_not_a_crash(
    setup: Setup, tmp_path: Path, target: str
) -> None:
    with pytest.raises(NotFound, match=target.lstrip("#")):
        setup.locker.export(setup.principal("TH-CCIB"), [target], tmp_path / "p.zip")


def test_an_item_number_beyond_64_bits_is_invalid_input(setup: Setup, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="targets"):
        setup.locker.export(setup.principal("TH-CCIB"), ["#" + "9" * 30], tmp_path / "p.zip")


def test_tampered_blob_fails_reverification_and_the_package(setup: Setup, tmp_path: Path) -> None:
    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"original bytes"))
    path = setup.locker.blobs.path(new["sha256"])  # type: ignore[attr-defined]
    os.chmod(path, 0o644)
    path.write_bytes(b"originaL bytes")
    assert setup.locker.verify_item(th, new["id"])["intact"] is False
    setup.locker.export(th, [str(new["id"])], tmp_path / "p.zip")
    report = verify_package(tmp_path / "p.zip", [setup.locker.signer.verifier()])
    assert any("does not match the SHA-256" in f for f in report.failures)


def test_edited_custody_record_in_the_database_is_detected(setup: Setup, tmp_path: Path) -> None:
    from sqlalchemy import update

    from safemekong.store.evidence_schema import evidence_custody

    th = setup.principal("TH-CCIB")
    new = setup.locker.add(th, item(b"x"))
    with setup.members.hub.store.write() as conn:
        row = conn.execute(evidence_custody.select().where(evidence_custody.c.seq == 0)).first()
        assert row is not None
        forged = json.loads(row.record) | {"actor": "someone else"}
        conn.execute(
            update(evidence_custody)
            .where(evidence_custody.c.id == row.id)
            .values(record=json.dumps(forged, sort_keys=True, separators=(",", ":")))
        )
    assert setup.locker.audit() == [f"item {new['id']}: custody event 0 differs from log entry"]
    setup.locker.export(th, [str(new["id"])], tmp_path / "p.zip")
    report = verify_package(tmp_path / "p.zip", [setup.locker.signer.verifier()])
    assert any("custody event 0 (acquired) is not in the signed log" in f for f in report.failures)


def test_rewritten_log_nodes_are_detected_by_the_audit(setup: Setup) -> None:
    from sqlalchemy import update

    from safemekong.store.evidence_schema import evidence_log_nodes as nodes

    th = setup.principal("TH-CCIB")
    setup.locker.add(th, item(b"x"))
    setup.locker.checkpoint()
    with setup.members.hub.store.write() as conn:
        conn.execute(
            update(nodes).where(nodes.c.level == 0, nodes.c.idx == 1).values(hash=b"\x00" * 32)
        )
    problems = setup.locker.audit()
    assert any("subtree at level 1 index 0" in p for p in problems)
    assert any("custody event 0 differs from log entry" in p for p in problems)


def test_node_key_is_generated_once_into_the_data_directory(setup: Setup) -> None:
    key_file = setup.directory / "keys" / "node-ed25519.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = Locker(setup.members.hub.store, setup.directory)
    assert again.signer.public == setup.locker.signer.public
    assert again.log.origin.startswith("safemekong.evidence/")


def test_large_files_are_streamed_not_read_whole(setup: Setup) -> None:
    class Chunks(io.RawIOBase):
        """A 64 MiB stream that refuses reads larger than 1 MiB."""

        def __init__(self) -> None:
            self.left = 64 * 1024 * 1024

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            assert 0 < size <= 1 << 20, f"read({size}) would load the file into memory"
            n = min(size, self.left)
            self.left -= n
            return b"\xab" * n

    th = setup.principal("TH-CCIB")
    stream = Chunks()
    new = setup.locker.add(th, NewItem(stream, item(b"").metadata, "call-records.bin"))  # type: ignore[arg-type]
    assert new["size"] == 64 * 1024 * 1024
