"""Registering many files from a CSV list: batches, refused rows named by line, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safemekong.cli.main import app
from safemekong.errors import InvalidInput
from safemekong.evidence.batch import add_listed, read_list
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN
from tests.evidence.conftest import Setup

HEADER = "file,case,exhibit,description,acquired_by,legal_basis,tlp,sharing_groups\n"
OFFICER = "Pol. Lt. Somchai,CPC s. 132"


def _extraction(folder: Path, rows: list[str], files: dict[str, bytes]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    listing = folder / "list.csv"
    listing.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return listing


def test_a_list_is_registered_in_batches_and_bad_rows_are_named(
    sqlite_setup: Setup, tmp_path: Path
) -> None:
    s = sqlite_setup
    files = {f"shot{n}.png": f"screenshot {n}".encode() for n in range(7)}
    rows = [f"shot{n}.png,TH-1,E{n},screen {n},{OFFICER},AMBER," for n in range(7)]
    rows[2] = "missing.png,TH-1,E2,gone,Pol. Lt. Somchai,CPC s. 132,AMBER,"  # line 4
    rows[4] = "shot4.png,TH-1,E4,no officer,,CPC s. 132,AMBER,"  # line 6
    rows.append("shot0.png,TH-1,E1,exhibit taken twice,Pol. Lt. Somchai,CPC s. 132,AMBER,")
    (tmp_path / "secret.txt").write_text("not part of the extraction")
    rows.append(f"../secret.txt,TH-1,E9,outside,{OFFICER},AMBER,")  # line 10
    listed, refused = read_list(_extraction(tmp_path / "x", rows, files))
    assert refused == [
        {"line": 4, "reason": "file: no such file: missing.png"},
        {"line": 10, "reason": "file: ../secret.txt is outside the list's folder"},
    ]
    done: list[int] = []
    result = add_listed(
        s.locker, s.principal("TH-CCIB"), listed, batch=3, progress=done.append, refused=refused
    )
    assert done == [3, 6, 7]
    assert sorted(item["exhibit"] for item in result.added) == ["E0", "E1", "E3", "E5", "E6"]
    assert [error["line"] for error in result.refused] == [4, 6, 9, 10]
    assert "acquired_by: is required" in result.refused[1]["reason"]
    assert "E1" in result.refused[2]["reason"]
    items = s.locker.list_items(s.principal("TH-CCIB"), "TH-1")
    assert len(items) == 5
    # Each registered file has its first custody events and the log checkpoint covers them.
    assert s.locker.custody(s.principal("TH-CCIB"), result.added[0]["id"])[1]["action"] == (
        "registered"
    )


def test_a_list_with_unknown_columns_is_refused_whole(tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text("file,case,exhibt\na.png,TH-1,E1\n")
    with pytest.raises(InvalidInput, match=r"unknown column.*exhibt"):
        read_list(listing)
    listing.write_text("name,case\na.png,TH-1\n")
    with pytest.raises(InvalidInput, match="no 'file' column"):
        read_list(listing)


def test_sharing_groups_are_split_on_semicolons(sqlite_setup: Setup, tmp_path: Path) -> None:
    s = sqlite_setup
    s.members.hub.create_group(NODE_ADMIN, "MEKONG", ["TH-CCIB", "CN-AFC"], "regional")
    listing = _extraction(
        tmp_path / "x",
        [f"a.png,TH-1,E1,slip,{OFFICER},AMBER,MEKONG; "],
        {"a.png": b"slip"},
    )
    listed, _ = read_list(listing)
    assert listed[0].metadata["sharing_groups"] == ["MEKONG"]
    result = add_listed(s.locker, s.principal("TH-CCIB"), listed)
    assert not result.refused
    assert [i["exhibit"] for i in s.locker.list_items(s.principal("CN-AFC"), "TH-1")] == ["E1"]


def test_the_cli_registers_a_list_and_reports_refusals(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    hub = Hub.open(db)
    hub.add_agency(NODE_ADMIN, "TH-CCIB", "TH", "Cyber Crime Investigation Bureau")
    hub.close()
    listing = _extraction(
        tmp_path / "x",
        [f"a.png,TH-1,E1,slip,{OFFICER},AMBER,", f"b.png,TH-1,E2,gone,{OFFICER},AMBER,"],
        {"a.png": b"slip"},
    )
    runner = CliRunner()
    args = ["evidence", "add-many", str(listing), "--agency", "TH-CCIB", "--db", db]
    answer = runner.invoke(app, [*args, "--json"])
    assert answer.exit_code == 0, answer.output
    data = json.loads(answer.stdout)
    assert (data["added"], data["refused"]) == (1, 1)
    assert data["errors"] == [{"line": 3, "reason": "file: no such file: b.png"}]
    again = runner.invoke(app, args)  # every exhibit is taken now: nothing registered
    assert again.exit_code == 2
    assert "0 item(s) registered" in again.stdout
    assert "line 2:" in again.stderr and "E1" in again.stderr
