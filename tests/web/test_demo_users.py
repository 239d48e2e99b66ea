"""The demo's web users: created once with random passwords that `serve --demo` prints."""

from __future__ import annotations

import json
from pathlib import Path

from safemekong.demo import DEMO_USERS, load_demo_users
from tests.conftest import Members


def test_demo_users_are_created_once_and_can_sign_in(
    sqlite_members: Members, tmp_path: Path
) -> None:
    hub = sqlite_members.hub
    users_file = tmp_path / "demo-users.json"
    users = load_demo_users(hub, users_file)
    assert set(users) == set(DEMO_USERS)
    assert json.loads(users_file.read_text()) == users
    assert users_file.stat().st_mode & 0o077 == 0
    name, password = next(iter(users.items()))
    assert hub.login(name, password).agency_code == DEMO_USERS[name][0]
    assert load_demo_users(hub, users_file) == users  # the second time changes nothing
