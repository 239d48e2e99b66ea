"""The ``safemekong trail`` commands on a local store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from safemekong.cli.main import app
from tests.trail.support import DATA

runner = CliRunner()


def _run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", db])
    return result.exit_code, result.stdout, result.stderr


def test_import_trace_html_and_camt056_from_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    code, out, _ = _run(db, "trail", "import", str(DATA / "case.csv"), "--format", "csv", "--json")
    assert code == 0 and json.loads(out)["accepted"] == 6
    code, out, _ = _run(db, "trail", "tags", "import", str(DATA / "case_tags.csv"))
    assert code == 0 and "2 tag(s) imported, 1 rejected" in out
    report = tmp_path / "trace.html"
    code, out, _ = _run(db, "trail", "trace", "tx:t1", "--json", "--html", str(report))
    assert code == 0
    assert {e["reason"] for e in json.loads(out)["endpoints"]} == {"holding", "service"}
    assert "<svg" in report.read_text()
    code, out, _ = _run(db, "trail", "mules", "--top", "2", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = _run(db, "trail", "requests", "tx:t1", "--format", "csv")
    assert code == 0 and out.count("\n") == 4
    drafts = tmp_path / "drafts"
    code, out, _ = _run(
        db, "trail", "requests", "tx:t1", "--format", "camt056", "--out", str(drafts)
    )
    assert code == 0 and len(list(drafts.glob("*.camt056.xml"))) == 2


def test_import_lists_bad_lines_and_exits_2_when_nothing_was_kept(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    bad = tmp_path / "bad.csv"
    bad.write_text("tx_id,timestamp,from,to,amount,currency\nx,never,a,b,1,THB\n")
    code, _, err = _run(db, "trail", "import", str(bad))
    assert code == 2
    assert "line 2: timestamp: never is not an ISO 8601 time" in err


def test_unknown_rule_exits_2_with_the_choices(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    _run(db, "trail", "import", str(DATA / "case.csv"))
    code, _, err = _run(db, "trail", "trace", "tx:t1", "--rule", "lofi")
    assert code == 2 and "fifo, lifo, haircut, poison" in err


def test_rates_import_lists_bad_lines(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    rates = tmp_path / "rates.csv"
    rates.write_text("date,base,quote,rate\n2026-03-01,USDT,THB,35.2\n2026-03-01,USDT,??,1\n")
    code, out, err = _run(db, "trail", "rates", "import", str(rates))
    assert code == 0 and "1 rate(s) imported, 1 rejected" in out
    assert "line 3: quote: '??' is not a currency or asset code" in err


def test_agency_option_owns_imports_and_limits_what_a_trace_sees(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    for code, country in (("TH-CCIB", "TH"), ("CN-AFC", "CN")):
        assert _run(db, "agency", "add", code, "--country", country, "--name", code)[0] == 0
    case = str(DATA / "case.csv")
    assert _run(db, "trail", "import", case, "--agency", "TH-CCIB", "--tlp", "AMBER")[0] == 0
    code, out, _ = _run(db, "trail", "trace", "tx:t1", "--agency", "TH-CCIB", "--json")
    assert code == 0 and json.loads(out)["endpoints"]
    code, _, err = _run(db, "trail", "trace", "tx:t1", "--agency", "CN-AFC")
    assert code == 1 and "no transfer tx:t1" in err
    code, _, err = _run(db, "trail", "trace", "tx:t1", "--agency", "XX-NONE")
    assert code == 2 and "agency" in err
