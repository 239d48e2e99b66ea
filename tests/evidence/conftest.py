"""A locker over the three-agency hub, its files in a temporary directory."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from safemekong.evidence.locker import Locker, NewItem
from safemekong.policy.principals import Principal
from tests.conftest import Members


@dataclass
class Setup:
    members: Members
    locker: Locker
    directory: Path

    def principal(self, code: str) -> Principal:
        return self.members.principal(code)  # type: ignore[no-any-return]


def item(content: bytes, **overrides: Any) -> NewItem:
    """A screenshot-like file with complete metadata (overrides win)."""
    meta = {
        "case": "TH-2026-0042",
        "exhibit": "E1",
        "description": "Screenshot of the fake investment app's withdrawal page",
        "source": "victim's phone (Samsung A54)",
        "acquisition_method": "logical extraction",
        "acquisition_tool": "ADB screencap",
        "acquired_by": "Pol. Lt. Somchai",
        "acquired_at": "2026-11-20T08:30:00+07:00",
        "legal_basis": "Criminal Procedure Code s. 132",
        "tlp": "AMBER",
    }
    meta.update(overrides)
    return NewItem(io.BytesIO(content), meta, "withdrawal.png")


@pytest.fixture
def setup(members: Members, tmp_path: Path) -> Iterator[Setup]:
    locker = Locker(members.hub.store, tmp_path / "evidence")
    yield Setup(members, locker, tmp_path / "evidence")


@pytest.fixture
def sqlite_setup(sqlite_members: Members, tmp_path: Path) -> Iterator[Setup]:
    locker = Locker(sqlite_members.hub.store, tmp_path / "evidence")
    yield Setup(sqlite_members, locker, tmp_path / "evidence")
