"""docs/evidence.md's walk-through, from acquisition to the court's verification, runs as shown."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "evidence.md"


def _walkthrough() -> str:
    section = DOC.read_text().split("## From acquisition to the court", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    return block.group(1)


def test_the_documented_path_runs_and_the_court_verifies_the_package(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEMEKONG_") and k != "USER"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _walkthrough()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.count("VERIFIED") == 2
    assert "cosigned the checkpoint" not in result.stdout  # only with --verbose
    assert "the log and every evidence record agree" in result.stdout
    assert (tmp_path / "TH-2026-0042.zip").exists()
    key = tmp_path / "safemekong-data" / "evidence" / "keys" / "node-ed25519.pem"
    assert key.stat().st_mode & 0o077 == 0
