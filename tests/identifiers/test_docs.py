"""docs/identifiers.md cannot drift: its examples and its tables of forms are run here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safemekong.identifiers import IDENTIFIER_TYPES, TRACKING_PARAMETERS, parse, parse_key

DOC = Path(__file__).resolve().parents[2] / "docs" / "identifiers.md"
TEXT = DOC.read_text()
_ROW = re.compile(r"^\| (?P<inputs>`.*?) \| (?P<region>[^|]+) \| `(?P<key>[a-z]+:[^`]+)` \|$")
_NO_REGION = ("any", "any or none", "none")


def _table_rows() -> list[tuple[str, str | None, str]]:
    rows = []
    for line in TEXT.splitlines():
        match = _ROW.match(line)
        if match is None:
            continue
        region = match.group("region").strip()
        for raw in re.findall(r"`([^`]+)`", match.group("inputs")):
            if "…" not in raw:
                rows.append((raw, None if region in _NO_REGION else region, match.group("key")))
    return rows


def _commented_expressions() -> list[tuple[str, str]]:
    block = TEXT.split("```python", 1)[1].split("```", 1)[0]
    pairs = []
    for line in block.splitlines():
        code, _, comment = line.partition("#")
        if comment.strip()[:1] in ("'", "[") and code.strip():
            pairs.append((code.strip(), comment.strip()))
    return pairs


@pytest.mark.parametrize(("raw", "region", "key"), _table_rows())
def test_every_form_in_the_doc_tables_gives_the_documented_key(
    raw: str, region: str | None, key: str
) -> None:
    assert parse(key.partition(":")[0], raw, region).key == key


def test_the_doc_tables_were_found() -> None:
    assert len(_table_rows()) > 30


@pytest.mark.parametrize(("code", "shown"), _commented_expressions())
def test_the_quick_example_shows_what_the_code_returns(code: str, shown: str) -> None:
    assert repr(eval(code, {"parse": parse})) == shown


def test_every_key_in_the_keys_table_is_canonical() -> None:
    section = TEXT.split("## Keys by type", 1)[1].split("## Accepted forms", 1)[0]
    keys = [k for k in re.findall(r"`([a-z]+:[^`<]+)`", section) if "<" not in k]
    assert len(keys) > 25
    for key in keys:
        assert key.partition(":")[0] in IDENTIFIER_TYPES
        assert parse_key(key).key == key


def test_every_tracking_parameter_is_documented() -> None:
    for name in TRACKING_PARAMETERS:
        assert name in TEXT
