"""Fixtures: a hub with three agencies whose TH analyst imported the hand-checked case."""

from __future__ import annotations

import pytest

from safemekong.trail.service import Trail
from tests.conftest import Members
from tests.trail.support import DATA


@pytest.fixture
def trail(sqlite_members: Members) -> Trail:
    return sqlite_members.hub.trail


@pytest.fixture
def case(sqlite_members: Members) -> Members:
    """The case of docs/trail.md: a victim's 1,000 THB through two mules to an exchange."""
    th = sqlite_members.principal("TH-CCIB")
    sqlite_members.hub.trail.import_file(th, DATA / "case.csv", "csv")
    sqlite_members.hub.trail.import_tags(th, DATA / "case_tags.csv")
    return sqlite_members
