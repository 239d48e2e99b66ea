"""The node's signing key: created once, whole, and the same for every process that asks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from safemekong.evidence.signing import KEY_FILE, load_or_create_key


def _public(directory: Path) -> bytes:
    return (
        load_or_create_key(directory)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def test_the_key_is_created_once_and_read_back(tmp_path: Path) -> None:
    first = _public(tmp_path)
    assert _public(tmp_path) == first
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [tmp_path / KEY_FILE]  # no temporary file left


def test_a_leftover_temporary_file_of_a_crash_does_not_stand_in_for_the_key(
    tmp_path: Path,
) -> None:
    (tmp_path / f".{KEY_FILE}.1.tmp").write_bytes(b"")  # killed before writing
    assert _public(tmp_path) == _public(tmp_path)
    assert (tmp_path / KEY_FILE).read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_callers_racing_to_create_it_all_get_the_same_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: _public(tmp_path), range(16)))
    assert len(keys) == 1
