"""The command line, on a local store and against a running hub."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from safemekong.cli.main import app
from tests.conftest import Members
from tests.intel.test_ingest import WALLET, report

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    code, _, err = run("agency", "add", "TH-CCIB", "--country", "TH", "--name", "CCIB", "--db", url)
    assert code == 0, err
    return url


def test_normalize_prints_canonical_key_and_json_fields() -> None:
    code, out, _ = run("normalize", "081-234-5678", "--region", "TH", "--type", "phone")
    assert (code, out.strip()) == (0, "phone:+66812345678")
    code, out, _ = run("normalize", "081-234-5678", "--region", "TH", "--json")
    data = json.loads(out)
    assert data["type"] == "phone" and data["canonical"] == "+66812345678"
    assert data["key"] == "phone:+66812345678"


def test_normalize_of_invalid_value_exits_2_with_the_reason() -> None:
    code, out, err = run("normalize", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6x", "--type", "wallet")
    assert code == 2 and out == ""
    assert "error:" in err and "wallet" in err.lower()


def test_first_command_creates_the_store_and_key_create_prints_the_key_once(db: str) -> None:
    code, out, _ = run(
        "key", "create", "--agency", "TH-CCIB", "--role", "analyst", "--json", "--db", db
    )
    assert code == 0
    assert json.loads(out)["key"].startswith("smk_")
    code, _, err = run("key", "create", "--agency", "TH-CCIB", "--role", "wizard", "--db", db)
    assert code == 2 and "role" in err


def test_report_add_then_lookup_json(db: str, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report("TH-1", ("081-234-5678", "caller"), agency="TH-CCIB")))
    code, out, err = run("report", "add", str(path), "--db", db)
    assert code == 0, err
    assert "created 1" in out
    code, out, _ = run("lookup", "+66 81 234 5678", "--json", "--db", db)
    data = json.loads(out)
    assert data["identifier"]["key"] == "phone:+66812345678"
    assert data["sightings"][0]["raw"] == "081-234-5678"
    assert data["operation"]["id"] > 0 and data["operation"]["reports"] == 1


def test_import_jsonl_keeps_good_lines_and_names_bad_ones(db: str, tmp_path: Path) -> None:
    lines = [
        json.dumps(report("a", (WALLET, "wallet"), agency="TH-CCIB")),
        "{broken json",
        json.dumps(report("b", ("12", "caller"), agency="TH-CCIB")),
        json.dumps(report("c", (WALLET, "wallet"), agency="TH-CCIB")),
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, out, _ = run("import", "reports", str(path), "--json", "--db", db)
    summary = json.loads(out)
    assert code == 0
    assert (summary["created"], summary["rejected_count"]) == (2, 2)
    assert [r["line"] for r in summary["rejected"]] == [2, 3]
    assert summary["rejected"][1]["errors"][0]["field"] == "identifiers[0].value"


def test_import_in_many_batches_reports_each_bad_line_where_it_is(db: str, tmp_path: Path) -> None:
    """Bad lines in later batches are reported at their own line numbers."""
    lines = [json.dumps(report(f"r{n}", (WALLET, "wallet"), agency="TH-CCIB")) for n in range(25)]
    lines[6] = "{broken json"
    lines[17] = json.dumps(report("bad", ("12", "caller"), agency="TH-CCIB"))
    lines[23] = json.dumps(report("r3", ("0812345678", "caller"), agency="TH-CCIB"))
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n")
    code, out, _ = run("import", "reports", str(path), "--json", "--batch-size", "5", "--db", db)
    summary = json.loads(out)
    assert code == 0
    assert (summary["created"], summary["rejected_count"]) == (22, 3)
    assert [r["line"] for r in summary["rejected"]] == [7, 18, 24]
    assert summary["rejected"][2]["errors"][0]["field"] == "external_id"


def test_import_csv_with_role_columns(db: str, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "external_id,agency,received_at,typology,amount_lost,currency,tlp,caller:phone,wallet\n"
        f"r1,TH-CCIB,2026-11-01T09:00:00+07:00,investment,1000,THB,GREEN,081-234-5678,{WALLET}\n"
        f"r2,TH-CCIB,2026-11-02,loan,,,GREEN,0812345678|0899999999,\n"
    )
    code, out, err = run("import", "reports", str(path), "--json", "--db", db)
    assert code == 0, err
    assert json.loads(out)["created"] == 2
    code, out, _ = run("lookup", "0812345678", "--region", "TH", "--json", "--db", db)
    assert json.loads(out)["sightings_total"] == 2


def test_import_csv_with_unknown_role_column_is_refused(db: str, tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    path.write_text("external_id,agency,villain\nr1,TH-CCIB,x\n")
    code, _, err = run("import", "reports", str(path), "--db", db)
    assert code == 2 and "villain" in err


def test_remote_mode_acts_through_the_api_with_the_agencys_key(
    live_server: tuple[str, Members], tmp_path: Path
) -> None:
    url, members = live_server
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report("R-1", ("081-234-5678", "caller"))))
    key = members.keys["TH-CCIB"]
    code, out, err = run("report", "add", str(path), "--url", url, "--api-key", key, "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 1
    code, out, _ = run("lookup", "081-234-5678", "--url", url, "--api-key", key, "--json")
    assert json.loads(out)["sightings"][0]["agency"] == "TH-CCIB"
    code, _, err = run("lookup", "081-234-5678", "--url", url, "--api-key", "smk_bad_key")
    assert code == 1 and "API key" in err


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    # Typer vendors its own click: recognise groups by their sub-commands, not by class.
    subcommands = getattr(group, "commands", None)
    if isinstance(subcommands, dict):
        found = []
        for name, sub in sorted(subcommands.items()):
            found += _commands(sub, (*path, name))
        return found
    return [path]


@pytest.mark.parametrize("path", _commands(get_command(app)), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    code, out, _ = run(*path, "--help")
    assert code == 0
    assert "Example: safemekong " + " ".join(path) in out
