"""Opening the store: first-run creation, migrations, backend settings, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import IntegrityError

from safemekong.errors import InvalidInput, StoreError
from safemekong.store import open_store, schema, utcnow
from safemekong.store.engine import is_current
from safemekong.store.schema import metadata


def test_first_open_creates_and_migrates_the_store(db_url: str) -> None:
    store = open_store(db_url)
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert {
            "agencies",
            "api_keys",
            "identifiers",
            "reports",
            "sightings",
            "operations",
            "alerts",
            "watches",
            "alembic_version",
        } <= tables
        assert is_current(store.engine)
    finally:
        store.dispose()
    reopened = open_store(db_url)  # no error, nothing to do
    reopened.dispose()


def test_migrations_produce_exactly_the_declared_schema(db_url: str) -> None:
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        store.dispose()


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'deep' / 'dir' / 'hub.db'}")
    try:
        with store.read() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        store.dispose()


def test_foreign_keys_are_enforced(db_url: str) -> None:
    store = open_store(db_url)
    try:
        with pytest.raises(IntegrityError), store.write() as conn:
            conn.execute(
                insert(schema.api_keys).values(
                    agency_id=12345,
                    role="analyst",
                    prefix="p",
                    secret_hash="h",
                    label="",
                    created_at=utcnow(),
                )
            )
    finally:
        store.dispose()


@pytest.mark.parametrize("url", ["nonsense", "mysql://root@localhost/x"])
def test_unusable_store_urls_are_refused_with_the_reason(url: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        open_store(url)
    assert caught.value.field == "db"


def test_unreachable_postgresql_is_a_store_error() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    assert "cannot open the store" in caught.value.detail
