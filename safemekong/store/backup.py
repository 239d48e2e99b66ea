"""Backups of a node: one tar file holding the store, the trail ledger and the evidence files.

A backup is taken while the hub serves. The relational store is copied first (SQLite's online
backup API, or ``pg_dump`` of the store's schema inside one exported snapshot), then the ledger
(DuckDB's ``COPY FROM DATABASE``), then the evidence directory. Evidence files are written before
the rows that name them and never change, so every item in the store's copy has its file in the
backup. ``manifest.json``, the last member, names every other member with its SHA-256; a restore
checks them all before it changes anything, then replaces the store, the ledger and the evidence
directory of the target and compares the restored row counts with the manifest.

The store package knows nothing of the capabilities: the caller says where the ledger and the
evidence directory of a store are (:class:`Parts`). DuckDB lets one process open the ledger at a
time, so a hub that has opened its trail must be stopped for the ledger to be copied.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import duckdb
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from safemekong import __version__
from safemekong.errors import Conflict, InvalidInput, StoreError
from safemekong.store.engine import (
    MIGRATIONS_DIR,
    Store,
    create_store_engine,
    is_current,
    open_store,
    utcnow,
)

FORMAT = "safemekong-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Largest manifest a restore reads (one line per evidence file).
MAX_MANIFEST = 256 * 1024**2
STORE_MEMBERS = {"sqlite": "store.sqlite", "postgresql": "store.pgdump"}
TRAIL_MEMBER = "trail.duckdb"
EVIDENCE_DIR = "evidence"
EVIDENCE_PREFIX = f"{EVIDENCE_DIR}/"
#: Blobs being written right now (not yet registered), left out of a backup.
_IN_FLIGHT = ("blobs", "incoming")
_CHUNK = 1 << 20

#: ``progress(step, done, total)`` is called as each step of a backup or restore advances.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Parts:
    """Where one node keeps its data: the store's URL, the trail ledger, the evidence directory."""

    db_url: str
    ledger: Path
    evidence: Path


def _quiet(_step: str, _done: int, _total: int) -> None:
    pass


# -- backup -----------------------------------------------------------------------------------
def create_backup(parts: Parts, out: Path, progress: Progress = _quiet) -> dict[str, Any]:
    """Write a backup of the node at ``parts`` to ``out`` (replaced only once it is complete)."""
    started = time.monotonic()
    backend = _backend(parts.db_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".safemekong-backup-") as folder:
        work = Path(folder)
        progress("copying the store", 0, 1)
        store_copy = work / STORE_MEMBERS[backend]
        if backend == "sqlite":
            described = _copy_sqlite(parts.db_url, store_copy)
        else:
            described = _dump_postgres(parts.db_url, store_copy)
        progress("copying the store", 1, 1)
        files = [(STORE_MEMBERS[backend], store_copy)]
        trail = None
        if parts.ledger.exists():
            progress("copying the trail ledger", 0, 1)
            trail = _copy_ledger(parts.ledger, work / TRAIL_MEMBER)
            files.append((TRAIL_MEMBER, work / TRAIL_MEMBER))
            progress("copying the trail ledger", 1, 1)
        files += _evidence_files(parts.evidence)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": utcnow().isoformat(timespec="seconds"),
            "safemekong": __version__,
            "backend": backend,
            **described,
            "trail": trail,
            "members": {},
        }
        partial = work / "backup.tar"
        _write_archive(partial, files, manifest, progress)
        os.replace(partial, out)
    return {
        "path": str(out),
        "bytes": out.stat().st_size,
        "seconds": round(time.monotonic() - started, 3),
        **_summary(manifest),
    }


def _copy_sqlite(db_url: str, target: Path) -> dict[str, Any]:
    """A consistent copy of a SQLite store taken with the online backup API, in one step."""
    database = _sqlite_file(db_url)
    if not database.exists():
        raise StoreError(f"there is no store at {database}")
    _sqlite_copy(database, target)
    return _described(f"sqlite:///{target}")


def _dump_postgres(db_url: str, target: Path) -> dict[str, Any]:
    """``pg_dump`` of the store's schema, in the same snapshot as its revisions and row counts."""
    pg_dump = _tool("pg_dump")
    engine = create_store_engine(db_url)
    store = Store(engine.execution_options(isolation_level="REPEATABLE READ"))
    try:
        with store.read() as conn:
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            schema = _schema(conn)
            if schema is None:
                raise StoreError(f"there is no store at {store.url}: its schema does not exist")
            described = _describe(conn)
            uri, env = _libpq(db_url)
            command = [pg_dump, "--format=custom", f"--schema={_ident(schema)}", "--no-owner"]
            command += ["--no-privileges", f"--snapshot={snapshot}", f"--file={target}", uri]
            _run(command, env)
    finally:
        engine.dispose()
    return {**described, "schema": schema}


def _copy_ledger(ledger: Path, target: Path) -> dict[str, int]:
    """A checkpointed copy of the DuckDB ledger; its row count per table."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_literal(ledger)} AS ledger (READ_ONLY)")
        con.execute(f"ATTACH {_literal(target)} AS snapshot")
        con.execute("COPY FROM DATABASE ledger TO snapshot")
        counts = _ledger_rows(con, "snapshot")
        con.execute("DETACH snapshot")
        return counts
    except duckdb.Error as exc:
        raise _ledger_error(ledger, exc) from exc
    finally:
        con.close()


def _evidence_files(directory: Path) -> list[tuple[str, Path]]:
    if not directory.is_dir():
        return []
    return sorted(
        (EVIDENCE_PREFIX + path.relative_to(directory).as_posix(), path)
        for path in directory.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and path.relative_to(directory).parts[:2] != _IN_FLIGHT
    )


class _Hashing(io.RawIOBase):
    """Reads a stream, hashing what passes through."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._handle.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.digest.update(chunk)
        return len(chunk)


def _write_archive(
    path: Path, files: list[tuple[str, Path]], manifest: dict[str, Any], progress: Progress
) -> None:
    """The tar archive of ``files``, their hashes written into the manifest, its last member."""
    step = f"archiving {len(files):,} files"
    with path.open("wb") as handle:
        with tarfile.open(fileobj=handle, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for done, (name, source) in enumerate(files):
                info = tar.gettarinfo(source, arcname=name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with source.open("rb") as raw:
                    hashing = _Hashing(raw)
                    tar.addfile(info, hashing)
                manifest["members"][name] = {
                    "sha256": hashing.digest.hexdigest(),
                    "size": info.size,
                }
                progress(step, done + 1, len(files))
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(body), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(body))
        handle.flush()
        os.fsync(handle.fileno())


# -- restore ----------------------------------------------------------------------------------
def restore_backup(
    archive: Path, parts: Parts, force: bool = False, progress: Progress = _quiet
) -> dict[str, Any]:
    """Restore a backup into the node at ``parts``; see the module docstring.

    Conflict when the target already holds data and ``force`` is not given; InvalidInput
    naming the member when the archive is damaged; nothing is changed in either case.
    """
    started = time.monotonic()
    with _open_archive(archive) as tar:
        manifest = _manifest(tar, archive)
        _check_restorable(manifest, parts.db_url)
        held = _held_data(parts)
        if held and not force:
            where = make_url(parts.db_url).render_as_string()
            raise Conflict(
                f"the store at {where} already holds data ({'; '.join(held)}): "
                "pass --force to replace it"
            )
        parts.evidence.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(
            dir=parts.evidence.parent, prefix=".safemekong-restore-"
        ) as folder:
            staged = Path(folder)
            _extract_verified(tar, manifest, staged, progress)
            progress("restoring", 0, 1)
            backend = manifest["backend"]
            if backend == "sqlite":
                _sqlite_copy(staged / STORE_MEMBERS[backend], _sqlite_file(parts.db_url))
            else:
                _restore_postgres(staged / STORE_MEMBERS[backend], parts.db_url, manifest["schema"])
            _replace(staged / TRAIL_MEMBER, parts.ledger, Path(f"{parts.ledger}.wal"))
            _replace(staged / EVIDENCE_DIR, parts.evidence)
            progress("restoring", 1, 1)
    migrated = _check_restored(manifest, parts)
    return {
        "archive": str(archive),
        "replaced": held,
        "migrated": migrated,
        "seconds": round(time.monotonic() - started, 3),
        **_summary(manifest),
    }


@contextmanager
def _open_archive(archive: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(archive, mode="r:") as tar:
            yield tar
    except FileNotFoundError as exc:
        raise InvalidInput("backup", f"{archive} does not exist") from exc
    except tarfile.TarError as exc:
        raise InvalidInput("backup", f"{archive} is damaged or not a backup: {exc}") from exc


def _manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        info = tar.getmember(MANIFEST)
    except KeyError:
        raise InvalidInput(
            "backup",
            f"{archive} has no {MANIFEST}: it is not a SafeMekong backup, or it is cut short",
        ) from None
    handle = tar.extractfile(info)
    if handle is None or info.size > MAX_MANIFEST:
        raise InvalidInput(
            "backup", f"its {MANIFEST} is not a file of at most {MAX_MANIFEST} bytes"
        )
    try:
        manifest = json.loads(handle.read())
    except ValueError as exc:
        raise InvalidInput("backup", f"its {MANIFEST} is not JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput("backup", f"{archive} is not a SafeMekong backup")
    if manifest.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            "backup",
            f"backup format {manifest.get('version')} is not {FORMAT_VERSION}: "
            "restore it with the SafeMekong version that wrote it",
        )
    backend = manifest.get("backend")
    if backend not in STORE_MEMBERS or STORE_MEMBERS[backend] not in manifest.get("members", {}):
        raise InvalidInput("backup", f"its {MANIFEST} names no store")
    for name in manifest["members"]:
        path = PurePosixPath(name)
        evidence = name.startswith(EVIDENCE_PREFIX) and len(path.parts) > 1
        allowed = evidence or name in (STORE_MEMBERS[backend], TRAIL_MEMBER)
        if not allowed or ".." in path.parts:
            raise InvalidInput("backup", f"its {MANIFEST} names an unexpected member {name!r}")
    return manifest


def _check_restorable(manifest: dict[str, Any], db_url: str) -> None:
    """InvalidInput when the target is of another backend or the backup's schema is newer."""
    backend, target = manifest["backend"], _backend(db_url)
    if backend != target:
        raise InvalidInput(
            "db",
            f"the backup holds a {backend} store but --db names a {target} store: restore it "
            f"into a {backend} store (moving between SQLite and PostgreSQL is not supported)",
        )
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    for revision in manifest.get("revisions", []):
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise InvalidInput(
                "backup",
                f"it was made by SafeMekong {manifest.get('safemekong')} with migration "
                f"{revision}, unknown to this version ({__version__}): upgrade SafeMekong first",
            )


def _held_data(parts: Parts) -> list[str]:
    """What the node at ``parts`` already holds (empty for a new or freshly created store)."""
    held = []
    rows = {name: count for name, count in _described(parts.db_url)["rows"].items() if count}
    if rows:
        held.append(f"{sum(rows.values()):,} rows in {len(rows)} tables of the store")
    transfers = _ledger_counts(parts.ledger).get("transfers", 0)
    if transfers:
        held.append(f"{transfers:,} transfers in the trail ledger")
    blobs = parts.evidence / "blobs"
    files = sum(1 for path in blobs.rglob("*") if path.is_file()) if blobs.is_dir() else 0
    if files:
        held.append(f"{files:,} evidence files")
    return held


def _extract_verified(
    tar: tarfile.TarFile, manifest: dict[str, Any], staged: Path, progress: Progress
) -> None:
    """Copy every member to ``staged``, refusing the first whose hash or size is wrong."""
    members: dict[str, dict[str, Any]] = manifest["members"]
    step, seen = f"checking {len(members):,} files", set()
    for info in tar:
        if info.name == MANIFEST:
            continue
        expected = members.get(info.name)
        if expected is None or not info.isfile():
            raise InvalidInput("backup", f"member {info.name} is not in its {MANIFEST}")
        if info.size != expected["size"]:
            raise InvalidInput("backup", f"member {info.name} is damaged: its size differs")
        target = staged / info.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(info)
        assert source is not None  # a regular file
        hashing = _Hashing(source)
        with target.open("wb") as out:
            shutil.copyfileobj(hashing, out, _CHUNK)
        if hashing.digest.hexdigest() != expected["sha256"]:
            raise InvalidInput(
                "backup", f"member {info.name} is damaged: its SHA-256 differs from the manifest"
            )
        os.chmod(target, info.mode & 0o777)
        seen.add(info.name)
        progress(step, len(seen), len(members))
    missing = sorted(members.keys() - seen)
    if missing:
        raise InvalidInput("backup", f"member {missing[0]} is missing from the archive")


def _restore_postgres(dump: Path, db_url: str, source: str) -> None:
    """Load a dump of schema ``source`` as the target's schema, replacing it, in one transaction.

    The dump creates ``source`` by name, so what holds that name meanwhile (the target's old
    schema, or another store's) is renamed aside inside the same transaction.
    """
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    store = Store(create_store_engine(db_url))
    try:
        with store.read() as conn:
            target = _schema(conn) or _search_path(conn)
            existing = set(
                conn.execute(
                    text("SELECT nspname FROM pg_namespace WHERE nspname = ANY(:names)"),
                    {"names": sorted({source, target})},
                ).scalars()
            )
    finally:
        store.dispose()
    tag = uuid.uuid4().hex[:8]
    before, after = ["SET client_min_messages = warning;"], []
    if target in existing:
        aside = f"{target[:40]}_replaced_{tag}"
        before.append(f"ALTER SCHEMA {_ident(target)} RENAME TO {_ident(aside)};")
        after.append(f"DROP SCHEMA {_ident(aside)} CASCADE;")
    if source != target:
        after.insert(0, f"ALTER SCHEMA {_ident(source)} RENAME TO {_ident(target)};")
        if source in existing:
            kept = f"{source[:40]}_kept_{tag}"
            before.append(f"ALTER SCHEMA {_ident(source)} RENAME TO {_ident(kept)};")
            after.insert(1, f"ALTER SCHEMA {_ident(kept)} RENAME TO {_ident(source)};")
    folder = dump.parent
    (folder / "before.sql").write_text("\n".join(before) + "\n")
    (folder / "after.sql").write_text("\n".join(after) + "\n")
    uri, env = _libpq(db_url)
    _run(
        [pg_restore, "--no-owner", "--no-privileges", f"--file={folder / 'load.sql'}", str(dump)],
        env,
    )
    _run(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        + [f"--file={folder / name}" for name in ("before.sql", "load.sql", "after.sql")]
        + [f"--dbname={uri}"],
        env,
    )


def _replace(staged: Path, target: Path, *stale: Path) -> None:
    """Put ``staged`` (a file or directory, if the backup had it) where ``target`` was."""
    aside = target.with_name(f"{target.name}.replaced-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.replace(target, aside)
    for path in stale:
        path.unlink(missing_ok=True)
    if staged.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged, target)
    if aside.is_dir():
        shutil.rmtree(aside)
    elif aside.exists():
        aside.unlink()


def _check_restored(manifest: dict[str, Any], parts: Parts) -> bool:
    """StoreError unless the restored rows match the manifest; migrate. True when it migrated."""
    restored = _described(parts.db_url)["rows"]
    for name, count in manifest["rows"].items():
        if restored.get(name) != count:
            raise StoreError(
                f"the restored store differs from the backup: table {name} has "
                f"{restored.get(name)} rows, the backup {count}"
            )
    if manifest["trail"] is not None and _ledger_counts(parts.ledger) != manifest["trail"]:
        raise StoreError("the restored trail ledger differs from the backup")
    store = open_store(parts.db_url)
    try:
        if not is_current(store.engine):
            raise StoreError("the restored store's migrations are not current")
        with store.read() as conn:
            return bool(_describe(conn)["revisions"] != manifest["revisions"])
    finally:
        store.dispose()


# -- shared -----------------------------------------------------------------------------------
def _summary(manifest: dict[str, Any]) -> dict[str, Any]:
    members = manifest["members"]
    return {
        "created_at": manifest["created_at"],
        "safemekong": manifest["safemekong"],
        "backend": manifest["backend"],
        "revisions": manifest["revisions"],
        "rows": manifest["rows"],
        "trail": manifest["trail"],
        "evidence_files": sum(1 for name in members if name.startswith(EVIDENCE_PREFIX)),
    }


def _described(db_url: str) -> dict[str, Any]:
    """:func:`_describe` of the store at ``db_url``, nothing when it does not exist yet."""
    nothing: dict[str, Any] = {"revisions": [], "rows": {}}
    if _backend(db_url) == "sqlite" and not _sqlite_file(db_url).exists():
        return nothing
    store = Store(create_store_engine(db_url))
    try:
        with store.read() as conn:
            if store.dialect == "postgresql" and _schema(conn) is None:
                return nothing
            return _describe(conn)
    finally:
        store.dispose()


def _describe(conn: Connection) -> dict[str, Any]:
    """The store's migration revisions and the row count of each of its tables."""
    revisions = sorted(MigrationContext.configure(conn).get_current_heads())
    names = sorted(n for n in inspect(conn).get_table_names() if n != "alembic_version")
    rows = {
        n: int(conn.execute(select(func.count()).select_from(table(n))).scalar_one()) for n in names
    }
    return {"revisions": revisions, "rows": rows}


def _ledger_counts(ledger: Path) -> dict[str, int]:
    """Rows per table of the ledger at ``ledger`` (empty when there is none)."""
    if not ledger.exists():
        return {}
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_literal(ledger)} AS ledger (READ_ONLY)")
        return _ledger_rows(con, "ledger")
    except duckdb.Error as exc:
        raise _ledger_error(ledger, exc) from exc
    finally:
        con.close()


def _ledger_rows(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, int]:
    names = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = ? ORDER BY 1",
        [catalog],
    ).fetchall()
    counts = {}
    for (name,) in names:
        row = con.execute(f'SELECT count(*) FROM {catalog}."{name}"').fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def _ledger_error(ledger: Path, exc: duckdb.Error) -> StoreError:
    busy = isinstance(exc, duckdb.ResourceInUseException) or "lock" in str(exc)
    hint = (
        " (DuckDB lets one process open the ledger at a time: stop the hub that holds it and "
        "try again)"
    )
    return StoreError(f"cannot read the trail ledger {ledger}: {exc}{hint if busy else ''}")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another with the backup API (safe while either is in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(target)
            try:
                src.execute("PRAGMA busy_timeout=30000")
                dst.execute("PRAGMA busy_timeout=30000")
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy {source} to {target}: {exc}") from exc


def _sqlite_file(db_url: str) -> Path:
    database = make_url(db_url).database
    if not database or database == ":memory:":
        raise InvalidInput("db", "an in-memory store cannot be backed up or restored")
    return Path(database)


def _backend(db_url: str) -> str:
    try:
        backend = make_url(db_url).get_backend_name()
    except ArgumentError as exc:
        raise InvalidInput("db", f"not a database URL: {db_url!r}") from exc
    if backend not in STORE_MEMBERS:
        raise InvalidInput("db", f"unsupported database {backend!r}: use sqlite or postgresql")
    return backend


def _schema(conn: Connection) -> str | None:
    """The PostgreSQL schema the store's tables live in (None when it does not exist)."""
    found = conn.execute(text("SELECT current_schema()")).scalar()
    return None if found is None else str(found)


def _search_path(conn: Connection) -> str:
    """The first schema on the search path, for a target whose schema does not exist yet."""
    for name in str(conn.execute(text("SHOW search_path")).scalar_one()).split(","):
        name = name.strip().strip('"')
        if name and name != "$user":
            return name
    raise InvalidInput("db", "its search_path names no schema to restore into")


def _libpq(db_url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI for the PostgreSQL tools, its password passed in the environment."""
    url = make_url(db_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} was not found on PATH: install the PostgreSQL client tools (the "
            "postgresql-client package, of the server's version or newer) to back up or "
            "restore a PostgreSQL store"
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = Path(command[0]).name
        raise StoreError(f"{tool} failed: {done.stderr.strip()[-2000:]}")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
