"""The court's offline verifier: untampered packages pass, every tampering is caught and named."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import pytest

from safemekong.evidence import tamper, verify
from safemekong.evidence.locker import Locker
from safemekong.evidence.verify import (
    ALG_COSIGNATURE_V1,
    Checkpoint,
    Note,
    VerificationError,
    VerifierKey,
    main,
    read_keys,
    verify_package,
)
from tests.evidence.conftest import Setup, item

VERIFY_PY = Path(__file__).resolve().parents[2] / "safemekong" / "evidence" / "verify.py"


@pytest.fixture
def package(sqlite_setup: Setup, tmp_path: Path) -> tuple[Setup, Path, list[str]]:
    """A package of three items with views and a transfer, and older checkpoints of the log."""
    s = sqlite_setup
    th = s.principal("TH-CCIB")
    older = []
    for n in range(3):
        new = s.locker.add(th, item(f"evidence file {n}".encode() * 50, exhibit=f"E{n}"))
        s.locker.show(th, new["id"], purpose="review")
        older.append(s.locker.checkpoint().note)
    s.locker.record(th, 1, "transferred", purpose="MLA", to="CN-AFC")
    out = tmp_path / "pkg.zip"
    s.locker.export(th, ["TH-2026-0042"], out, purpose="court")
    return s, out, older


def _trust(s: Setup) -> list[VerifierKey]:
    return [s.locker.signer.verifier()]


def test_untampered_package_verifies_with_the_trusted_key(
    package: tuple[Setup, Path, list[str]],
) -> None:
    s, out, _ = package
    report = verify_package(out, _trust(s))
    assert report.ok, report.failures
    assert sum("matches its signed manifest" in p for p in report.passed) == 3


def test_without_a_trusted_key_the_report_says_who_made_it_is_unproven(
    package: tuple[Setup, Path, list[str]],
) -> None:
    _, out, _ = package
    report = verify_package(out)
    assert report.ok
    assert any("taken from the package itself" in n for n in report.notes)


@pytest.mark.parametrize("name", sorted(tamper.DRILLS))
def test_every_kind_of_tampering_is_detected(
    package: tuple[Setup, Path, list[str]], tmp_path: Path, name: str
) -> None:
    s, out, older = package
    for seed in range(5):
        drill = tamper.Drill(random.Random(seed), node=s.locker.signer, older_checkpoints=older)
        members = tamper.read_members(out.read_bytes())
        what = tamper.DRILLS[name](members, drill)
        forged = tmp_path / f"forged-{seed}.zip"
        forged.write_bytes(tamper.write_members(members))
        report = verify_package(forged, _trust(s), drill.later)
        assert not report.ok, f"{what} went unnoticed"


def test_workers_share_a_large_package_and_report_the_same(
    package: tuple[Setup, Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items split across processes: the same checks, in the same order, and every tampering
    still caught (here the three-item package counts as large)."""
    s, out, older = package
    monkeypatch.setattr(verify, "PARALLEL_ITEMS", 2)
    alone, shared = verify_package(out, _trust(s)), verify_package(out, _trust(s), workers=2)
    assert shared.ok and (shared.passed, shared.notes) == (alone.passed, alone.notes)
    for name in sorted(tamper.DRILLS):
        drill = tamper.Drill(random.Random(0), node=s.locker.signer, older_checkpoints=older)
        members = tamper.read_members(out.read_bytes())
        what = tamper.DRILLS[name](members, drill)
        forged = tmp_path / "forged.zip"
        forged.write_bytes(tamper.write_members(members))
        expected = verify_package(forged, _trust(s), drill.later)
        report = verify_package(forged, _trust(s), drill.later, workers=3)
        assert not report.ok, f"{what} went unnoticed"
        assert report.failures == expected.failures


def test_a_later_consistent_checkpoint_is_accepted(
    package: tuple[Setup, Path, list[str]],
) -> None:
    s, out, _ = package
    size = Checkpoint.parse(
        Note.parse(tamper.read_members(out.read_bytes())["checkpoint.txt"].decode()).text
    ).size
    s.locker.add(s.principal("TH-CCIB"), item(b"later", exhibit="E9"))
    report = verify_package(out, _trust(s), s.locker.consistency(size))
    assert report.ok, report.failures
    assert any("extends the package's log" in p for p in report.passed)


def test_witness_cosignatures_are_checked_and_can_be_required(
    package: tuple[Setup, Path, list[str]], tmp_path: Path
) -> None:
    s, out, _ = package
    partner = Locker(s.members.hub.store, tmp_path / "partner")  # a second node's keys
    log_key = s.locker.signer.verifier().encode()
    witness_key = partner.signer.verifier(ALG_COSIGNATURE_V1)
    required = [*_trust(s), witness_key]
    assert not verify_package(out, required).ok  # not yet witnessed
    cosigned = partner.witness(s.locker.consistency(0), log_key)
    s.locker.trust_witness(witness_key.encode())
    assert s.locker.attach_cosignatures(cosigned)["witnesses"] == [witness_key.name]
    assert s.locker.refresh_package(out)["witnesses"] == [witness_key.name]
    report = verify_package(out, required)
    assert report.ok, report.failures
    assert any(f"witness {witness_key.name} cosigned" in p for p in report.passed)
    # A forged cosignature (another key under the witness's name) is refused.
    impostor = Locker(s.members.hub.store, tmp_path / "impostor").signer
    members = tamper.read_members(out.read_bytes())
    text = Note.parse(members["checkpoint.txt"].decode()).text
    own = members["checkpoint.txt"].decode().split("\n\n", 1)[1].splitlines()[0]
    forged_line = impostor.cosignature_line(text, 1_700_000_000).split(" ", 2)[2]
    members["checkpoint.txt"] = f"{text}\n{own}\n\u2014 {witness_key.name} {forged_line}".encode()
    forged = tmp_path / "forged.zip"
    forged.write_bytes(tamper.write_members(members))
    assert not verify_package(forged, required).ok


def test_a_witness_refuses_to_cosign_a_forked_history(
    package: tuple[Setup, Path, list[str]], tmp_path: Path
) -> None:
    s, out, _ = package
    partner = Locker(s.members.hub.store, tmp_path / "partner")
    log_key = s.locker.signer.verifier().encode()
    partner.witness(s.locker.consistency(0), log_key)
    drill = tamper.Drill(random.Random(1), node=s.locker.signer)
    members = tamper.read_members(out.read_bytes())
    tamper.fork_log(members, drill)
    assert drill.later is not None
    from safemekong.errors import Conflict

    with pytest.raises(Conflict, match="refusing to cosign a fork"):
        partner.witness(drill.later, log_key)


def test_verifier_keys_round_trip_and_reject_wrong_ids() -> None:
    key = VerifierKey("example.org/log", 1, bytes(range(32)))
    assert VerifierKey.parse(key.encode()) == key
    broken = key.encode().replace("+", "+0", 1)
    with pytest.raises(VerificationError):
        VerifierKey.parse(broken)
    assert read_keys(f"# court's keys\n\n{key.encode()}\n") == [key]


def test_command_line_exits_non_zero_and_names_the_failure(
    package: tuple[Setup, Path, list[str]], tmp_path: Path
) -> None:
    s, out, _ = package
    trust = tmp_path / "trusted.keys"
    trust.write_text(s.locker.signer.verifier().encode() + "\n")
    text = io.StringIO()
    assert main([str(out), "--trust", str(trust)], text) == 0
    assert "VERIFIED" in text.getvalue()
    members = tamper.read_members(out.read_bytes())
    tamper.flip_file_byte(members, tamper.Drill(random.Random(3)))
    forged = tmp_path / "forged.zip"
    forged.write_bytes(tamper.write_members(members))
    text = io.StringIO()
    assert main([str(forged), "--trust", str(trust)], text) == 1
    assert "FAILED: item" in text.getvalue()
    assert main([str(tmp_path / "missing.zip")], io.StringIO()) == 1


def test_verify_py_runs_as_a_single_script_without_safemekong(
    package: tuple[Setup, Path, list[str]], tmp_path: Path
) -> None:
    """Copied alone to a 'court machine' (a directory without the package), it still works."""
    s, out, _ = package
    court = tmp_path / "court"
    court.mkdir()
    script = court / "verify.py"
    script.write_text(VERIFY_PY.read_text())
    trust = court / "node.keys"
    trust.write_text(s.locker.signer.verifier().encode() + "\n")
    result = subprocess.run(
        [sys.executable, "-I", str(script), str(out), "--trust", str(trust)],
        cwd=court,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VERIFIED" in result.stdout
    imports = [
        line for line in VERIFY_PY.read_text().splitlines() if line.startswith(("import", "from"))
    ]
    assert not any("safemekong" in line for line in imports)
