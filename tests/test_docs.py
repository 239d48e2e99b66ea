"""The README and docs do not lie: quick start, CI, runnable examples, every command documented."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from safemekong.cli.main import app
from tests.cli.test_cli import _commands

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_readme_quick_start_is_the_two_make_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert commands == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_links_only_to_docs_that_exist() -> None:
    for target in re.findall(r"\]\((docs/[^)]+)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / target).exists(), target


def _normalize_examples() -> list[tuple[list[str], str | None]]:
    examples = []
    for line in (DOCS / "lookup.md").read_text().splitlines():
        if not line.startswith("safemekong normalize"):
            continue
        command, _, comment = line.partition("#")
        expected = comment.strip().split()[0] if comment.strip() else None
        examples.append((shlex.split(command)[1:], expected))
    return examples


@pytest.mark.parametrize(("args", "expected"), _normalize_examples())
def test_normalize_examples_in_the_docs_run_as_shown(args: list[str], expected: str | None) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    if expected and not expected.endswith("…"):
        assert result.stdout.strip() == expected
    elif expected:
        assert result.stdout.strip().startswith(expected.rstrip("…"))


@pytest.mark.parametrize("path", _commands(get_command(app)), ids=" ".join)
def test_every_command_is_shown_in_the_docs(path: tuple[str, ...]) -> None:
    text = "\n".join(p.read_text() for p in DOCS.glob("*.md"))
    assert f"safemekong {' '.join(path)}" in text
