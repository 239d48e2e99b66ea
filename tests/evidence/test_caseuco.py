"""The package's CASE/UCO description passes case-utils' own validator (case_validate)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.evidence.conftest import Setup, item

CASE_VALIDATE = shutil.which("case_validate", path=str(Path(sys.executable).parent))


def _describe(s: Setup, tmp_path: Path) -> Path:
    th = s.principal("TH-CCIB")
    s.locker.add(th, item(b"screenshot"))
    s.locker.add(th, item(b"chat", exhibit="E2", media_type="text/plain"))
    s.locker.record(th, 1, "transferred", purpose="MLA", to="CN-AFC")
    s.locker.export(th, ["TH-2026-0042"], tmp_path / "pkg.zip")
    target = tmp_path / "case.jsonld"
    target.write_bytes(zipfile.ZipFile(tmp_path / "pkg.zip").read("case.jsonld"))
    return target


def test_description_names_files_hashes_exhibits_and_every_custody_action(
    sqlite_setup: Setup, tmp_path: Path
) -> None:
    graph = json.loads(_describe(sqlite_setup, tmp_path).read_text())["@graph"]
    kinds = [node["@type"] for node in graph]
    assert kinds.count("uco-observable:File") == 2
    assert kinds.count("case-investigation:ProvenanceRecord") == 2
    actions = [n["uco-core:name"] for n in graph if n["@type"].endswith("InvestigativeAction")]
    assert sorted(actions) == sorted(
        ["acquired", "registered", "transferred", "exported", "acquired", "registered", "exported"]
    )
    exhibits = {n.get("case-investigation:exhibitNumber") for n in graph} - {None}
    assert exhibits == {"E1", "E2"}


@pytest.mark.skipif(CASE_VALIDATE is None, reason="case-utils is not installed (extra 'evidence')")
def test_description_passes_case_validate(sqlite_setup: Setup, tmp_path: Path) -> None:
    assert CASE_VALIDATE is not None
    result = subprocess.run(
        [CASE_VALIDATE, str(_describe(sqlite_setup, tmp_path))],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Conforms: True" in result.stdout
