"""CLI commands that back a node up into one file and restore it (local store only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from safemekong.cli.common import (
    Bar,
    DbOpt,
    JsonOpt,
    app,
    errors_to_exit,
    fail,
    local_hub,
    out,
    print_json,
    progress_bar,
)
from safemekong.config import DEFAULT_DATA_DIR, resolve_db_url
from safemekong.evidence.locker import data_directory
from safemekong.policy import NODE_ADMIN
from safemekong.store import Store
from safemekong.store.backup import Parts, Progress, create_backup, restore_backup
from safemekong.store.engine import create_store_engine
from safemekong.trail.ledger import ledger_path


def hub_parts(db_url: str) -> Parts:
    """Where the node at ``db_url`` keeps its data (the ledger and evidence beside the store)."""
    store = Store(create_store_engine(db_url))
    try:
        ledger = ledger_path(store.url, DEFAULT_DATA_DIR)
        return Parts(db_url, ledger.resolve(), data_directory(store).resolve())
    finally:
        store.dispose()


@contextmanager
def _steps() -> Iterator[Progress]:
    """A progress bar for each step of a backup or restore, shown one after another."""
    shown = ExitStack()
    bars: dict[str, Bar] = {}

    def show(step: str, done: int, total: int) -> None:
        if step not in bars:
            shown.close()
            bars.clear()
            bars[step] = shown.enter_context(progress_bar(step, total))
        bars[step].to(done)

    with shown:
        yield show


def _contents(summary: dict[str, Any]) -> str:
    rows = sum(summary["rows"].values())
    transfers = (summary["trail"] or {}).get("transfers", 0)
    return (
        f"{rows:,} rows in {len(summary['rows'])} tables, {transfers:,} trail transfers, "
        f"{summary['evidence_files']:,} evidence files"
    )


@app.command()
def backup(
    target: Annotated[Path, typer.Argument(metavar="OUT", help="The backup file to write")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Back up the store, the trail ledger and the evidence files into one file, while serving.

    Example: safemekong backup /var/backups/safemekong-2026-11-20.tar
    """
    with errors_to_exit(), _steps() as steps:
        summary = create_backup(hub_parts(resolve_db_url(db)), target, steps)
    if as_json:
        print_json(summary)
        return
    out.print(
        f"backed up {_contents(summary)} to {summary['path']} "
        f"({summary['bytes'] / 1e6:,.1f} MB, {summary['seconds']:.1f} s)",
        markup=False,
        highlight=False,
    )


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(metavar="IN", help="The backup file to restore")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace a store that already holds data")
    ] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Restore a backup into the --db store, then check its migrations, audit chain and evidence.

    Stop the hub before restoring into its store. Every file is checked against the backup's
    manifest before anything is changed.

    Example: safemekong restore /var/backups/safemekong-2026-11-20.tar --db sqlite:///hub.db
    """
    db_url = resolve_db_url(db)
    with errors_to_exit(), _steps() as steps:
        summary = restore_backup(source, hub_parts(db_url), force, steps)
    with local_hub(db_url) as hub:
        audit = hub.verify_audit(NODE_ADMIN)
        problems = hub.evidence.audit()
        where = hub.store.url
    summary |= {"audit": audit.to_json(), "evidence_problems": problems}
    if as_json:
        print_json(summary)
    else:
        out.print(
            f"restored {_contents(summary)} from the backup of {summary['created_at']} "
            f"(SafeMekong {summary['safemekong']}) into {where}",
            markup=False,
            highlight=False,
        )
        for replaced in summary["replaced"]:
            out.print(f"replaced: {replaced}", markup=False, highlight=False)
        if summary["migrated"]:
            out.print("migrated the restored store to this version's schema")
    if not audit.ok:
        fail(f"the restored audit chain is broken: {audit.problem}")
    if problems:
        fail(f"the restored evidence log is damaged: {'; '.join(problems)}")
    if not as_json:
        out.print(
            f"checked: migrations current, audit chain intact ({audit.entries:,} entries, "
            f"head {audit.head}), evidence log and records agree",
            markup=False,
            highlight=False,
        )
