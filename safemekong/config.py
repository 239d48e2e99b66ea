"""Where the hub keeps its data and how it is reached, from options and environment."""

from __future__ import annotations

import os
from pathlib import Path

from safemekong.errors import InvalidInput

#: Environment variable naming the store URL (``--db`` overrides it); it may hold a password, so
#: ``SAFEMEKONG_DB_FILE`` may name a file holding it instead (see :func:`secret_file`).
DB_ENV = "SAFEMEKONG_DB"
#: Environment variables for acting on a remote hub (``--url`` / ``--api-key`` override them);
#: ``SAFEMEKONG_API_KEY_FILE`` may name a file holding the key instead.
URL_ENV = "SAFEMEKONG_URL"
API_KEY_ENV = "SAFEMEKONG_API_KEY"
#: The embedded default: a SQLite file under ./safemekong-data/.
DEFAULT_DATA_DIR = Path("safemekong-data")
#: Seconds between a running hub's syncs with its partner nodes (``serve --sync-interval``).
SYNC_INTERVAL = 2.0

# -- limits of a running hub (``safemekong serve`` options) ----------------------------------------
#: Largest request body (bytes): a batch of some thousands of reports.
DEFAULT_MAX_BODY = 16 * 1024 * 1024
#: Requests a second each caller (API key, user, or client address without credentials) may
#: make, and how many at once. Twice the node's target of 1,000 lookups a second, so that one
#: integration (a telco screening calls) may use a whole node, as the load benchmark does from
#: one key; far above an agency filing 200 reports/s in batches (10 requests a second) or a
#: federation pull. A node shared by many small agencies lowers it. 0 turns limiting off.
RATE_LIMIT = 2000.0
RATE_BURST = 2000
#: Failed authentications a client address may make (a second, and at once) before requests that
#: carry credentials from it are refused: each failed password costs an Argon2id hash.
AUTH_FAILURE_RATE = 1.0
AUTH_FAILURE_BURST = 30
#: Open connections (event streams included) before new requests get 503: room under the
#: usual 1024 open files for the store's own.
MAX_CONNECTIONS = 500
#: Connections the kernel queues before the server accepts them.
BACKLOG = 2048
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE = 5
#: Bytes of request line and headers h11 buffers before it answers 400.
MAX_HEADER_SIZE = 16 * 1024


def default_db_url() -> str:
    """The SQLite URL of the embedded default store in the current directory."""
    return f"sqlite:///{DEFAULT_DATA_DIR / 'safemekong.db'}"


def secret_file(name: str) -> str | None:
    """The secret in the file named by the environment variable ``{name}_FILE`` (as container
    secrets are mounted), stripped of surrounding white space; None when it is not set."""
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InvalidInput(f"{name}_FILE", f"cannot read {path}: {exc.strerror}") from None


def resolve_db_url(option: str | None) -> str:
    """The store URL: the ``--db`` option, else ``SAFEMEKONG_DB``, else the file named by
    ``SAFEMEKONG_DB_FILE``, else the embedded default."""
    return option or os.environ.get(DB_ENV) or secret_file(DB_ENV) or default_db_url()
