"""docs/trail.md's walk-through runs as written and shows what the page says."""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safemekong.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "trail.md"


def _walkthrough() -> list[list[str]]:
    block = re.search(r"```sh\n(.*?)```", PAGE.read_text(), re.S)
    assert block is not None
    return [shlex.split(line)[1:] for line in block.group(1).splitlines() if line.strip()]


def test_the_walkthrough_runs_and_ends_in_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    outputs = []
    for args in _walkthrough():
        args = [str(tmp_path / a) if a in ("trace.html", "drafts") else a for a in args]
        result = CliRunner().invoke(app, [*args, "--db", db], env={**os.environ})
        assert result.exit_code == 0, (args, result.stderr)
        outputs.append(result.stdout)
    trace = json.loads(outputs[3])
    assert {e["key"]: e["amount_traced"] for e in trace["endpoints"]} == {
        "bank:TH:006:4000000002": 700.0,
        "bank:TH:004:2000000001": 200.0,
        "bank:TH:014:5000000001": 100.0,
    }
    assert "6 transfer(s) imported, 0 rejected" in outputs[0]
    assert "bitkub" in outputs[6] and "Kasikornbank" in outputs[6]
    assert len(list((tmp_path / "drafts").glob("*.xml"))) == 2
    assert "fifo: 100.00 of 600.00 THB traced, from traced inflow(s) t1 (100.00)" in outputs[3]
