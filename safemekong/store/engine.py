"""Opening the store: engine set-up per backend, first-run creation and migrations."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from safemekong.errors import InvalidInput, StoreError
from safemekong.store.grouped import Apply, GroupCommit

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_WRITE_OPTION = "safemekong_write"


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (every stored time is UTC)."""
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 text of a stored time; SQLite hands back naive values that are UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


class Store:
    """A migrated database: hands out read and write transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        # SQLite lets one writer in at a time and makes the others retry with growing sleeps
        # (up to 100 ms each); this process's writers queue on a lock instead, so the next
        # one starts the moment the last commits. Other processes still meet busy_timeout.
        self._writers: AbstractContextManager[Any] = (
            threading.RLock() if self.dialect == "sqlite" else nullcontext()
        )
        self._groups: dict[Apply, GroupCommit] = {}
        self._groups_lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (concurrent with writers on both backends)."""
        with _wrap_errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, serialised against other writers of this store.

        SQLite takes its write lock at BEGIN (``BEGIN IMMEDIATE``), PostgreSQL a transaction
        advisory lock, so incremental correlation never races with itself.
        """
        with self._writers, _wrap_errors(), self.engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE_OPTION: True})
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(7261)"))
                yield conn

    def write_grouped(self, apply: Apply, item: object) -> None:
        """Write ``item`` with ``apply(conn, items)`` in one write transaction with the items
        other threads hand to the same ``apply`` meanwhile (group commit); returns once it is
        committed. Never call it inside a write transaction of this store."""
        with self._groups_lock:
            group = self._groups.get(apply)
            if group is None:
                group = self._groups[apply] = GroupCommit(self.write, apply)
        group.submit(item)

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _wrap_errors() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise StoreError(f"database error: {exc.orig}") from exc


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` with the hub's settings for its backend."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InvalidInput("db", f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise InvalidInput("db", f"unsupported database {backend!r}: use sqlite or postgresql")


def _alembic_config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revisions (creates it on an empty database).

    Each capability keeps its own branch of revisions, so there may be several heads.
    """
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "heads")


def is_current(engine: Engine) -> bool:
    """True when the database is already at every newest revision.

    A revision that ``depends_on`` another branch's head absorbs that head in the version
    table, so the applied set is walked through down-revisions and dependencies.
    """
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
        script = ScriptDirectory.from_config(_alembic_config(conn))
        heads = set(script.get_heads())
    return heads <= _applied(script, current)


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _applied(script: ScriptDirectory, current: Sequence[str]) -> set[str]:
    """Every revision applied when the database is at ``current``."""
    seen: set[str] = set()
    stack = list(current)
    while stack:
        revision = script.get_revision(stack.pop())
        if revision is None or revision.revision in seen:
            continue
        seen.add(revision.revision)
        stack.extend(_as_tuple(revision.down_revision) + _as_tuple(revision.dependencies))
    return seen


def open_store(url: str) -> Store:
    """Open the store at ``url``, creating and migrating it on first use."""
    engine = create_store_engine(url)
    try:
        if not is_current(engine):
            migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(
            f"cannot open the store at {make_url(url).render_as_string()}: {exc.orig}"
        ) from exc
    except SQLAlchemyError:
        engine.dispose()
        raise
    return Store(engine)
