"""The examples in docs/detection.md run and give the labels written beside them."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safemekong.cli.main import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "detection.md"


def _examples() -> list[tuple[list[str], str]]:
    examples = []
    for line in DOC.read_text().splitlines():
        command, _, label = line.partition("   # ")
        if command.startswith("safemekong detect ") and label.strip():
            examples.append((shlex.split(command)[1:], label.strip()))
    return examples


def test_the_page_has_examples_of_every_kind() -> None:
    assert {args[1] for args, _ in _examples()} == {"domain", "url", "message"}


@pytest.mark.parametrize(("args", "label"), _examples(), ids=lambda x: " ".join(x)[:40])
def test_documented_example_gives_the_documented_label(args: list[str], label: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    shown = (
        result.stdout.split('"label": "')[1].split('"')[0]
        if "--json" in args
        else result.stdout.split()[0]
    )
    assert shown == label, result.stdout
