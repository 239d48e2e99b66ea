"""Where the hub keeps its data and how it is reached, from options and environment."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable naming the store URL (``--db`` overrides it).
DB_ENV = "SAFEMEKONG_DB"
#: Environment variables for acting on a remote hub (``--url`` / ``--api-key`` override them).
URL_ENV = "SAFEMEKONG_URL"
API_KEY_ENV = "SAFEMEKONG_API_KEY"
#: The embedded default: a SQLite file under ./safemekong-data/.
DEFAULT_DATA_DIR = Path("safemekong-data")
#: Seconds between a running hub's syncs with its partner nodes (``serve --sync-interval``).
SYNC_INTERVAL = 2.0


def default_db_url() -> str:
    """The SQLite URL of the embedded default store in the current directory."""
    return f"sqlite:///{DEFAULT_DATA_DIR / 'safemekong.db'}"


def resolve_db_url(option: str | None) -> str:
    """The store URL: the ``--db`` option, else ``SAFEMEKONG_DB``, else the embedded default."""
    return option or os.environ.get(DB_ENV) or default_db_url()
