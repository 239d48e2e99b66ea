"""CLI commands of intelligence: normalize, lookup, report intake, operations, alerts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from safemekong.cli.common import (
    DbOpt,
    JsonOpt,
    KeyOpt,
    RegionOpt,
    TypeOpt,
    UrlOpt,
    app,
    backend,
    err,
    errors_to_exit,
    import_app,
    operation_app,
    out,
    print_json,
    progress_bar,
    report_app,
)
from safemekong.hub import parse_value
from safemekong.intel.files import read_reports
from safemekong.intel.importer import DEFAULT_BATCH, import_items


@app.command()
def normalize(
    value: str,
    type: TypeOpt = None,
    region: RegionOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Print the canonical form of an identifier; exit 2 with the reason when invalid.

    Example: safemekong normalize 081-234-5678 --region TH --json
    """
    if url is None:  # pure: no store needed
        with errors_to_exit():
            identifier = parse_value(value, type, region)
        result = {**identifier.to_json(), "guessed": identifier.guessed}
    else:
        with backend(db, url, api_key) as target:
            result = target.normalize(value, type, region)
    if as_json:
        print_json(result)
        return
    guessed = " (type guessed)" if result.get("guessed") else ""
    out.print(f"{result['key']}{guessed}", markup=False, highlight=False)


def _print_operation(op: dict[str, Any]) -> None:
    table = Table(title=f"Operation {op['id']}", show_header=False)
    table.add_row("reports", str(op["reports"]))
    table.add_row("agencies", ", ".join(op["agencies"]))
    table.add_row("countries", ", ".join(op["countries"]))
    table.add_row("typologies", ", ".join(f"{k} ({v})" for k, v in op["typologies"].items()))
    table.add_row("losses", ", ".join(f"{v} {k}" for k, v in op["losses"].items()) or "-")
    table.add_row("identifiers", ", ".join(f"{k} {v}" for k, v in op["identifiers"].items()))
    table.add_row("first / last seen", f"{op['first_seen']} / {op['last_seen']}")
    out.print(table)


@app.command()
def lookup(
    value: str,
    type: TypeOpt = None,
    region: RegionOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """What do we know about a value? Its sightings and its operation.

    Example: safemekong lookup '+66 81 234 5678' --json
    """
    with backend(db, url, api_key) as target:
        result = target.lookup(value, type, region)
    if as_json:
        print_json(result)
        return
    ident = result["identifier"]
    out.print(f"{ident['key']}", markup=False, highlight=False)
    if ident.get("warning_list"):
        out.print(f"warning list: {ident['warning_list']['reason']} (never links reports)")
    if not ident["known"]:
        out.print("no sightings")
        return
    table = Table(title=f"{result['sightings_total']} sighting(s)")
    for column in ("report", "agency", "received", "typology", "role", "as reported", "operation"):
        table.add_column(column)
    for s in result["sightings"]:
        table.add_row(
            str(s["report_id"]),
            s["agency"],
            (s["received_at"] or "")[:16],
            s["typology"],
            s["role"],
            s["raw"],
            str(s["operation_id"]),
        )
    out.print(table)
    if result["operation"]:
        _print_operation(result["operation"])


@report_app.command("add")
def report_add(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A .json file")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """File the report (or list of reports) in a JSON file.

    Example: safemekong report add report.json
    """
    _import(file, DEFAULT_BATCH, as_json, db, url, api_key, show_progress=False)


@import_app.command("reports")
def import_reports(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="A .jsonl, .json or .csv file of reports"),
    ],
    batch_size: Annotated[
        int, typer.Option(min=1, max=10_000, help="Reports per batch")
    ] = DEFAULT_BATCH,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Import reports from JSON lines or CSV, with a progress bar; bad lines are listed.

    Example: safemekong import reports world/reports.jsonl
    """
    _import(file, batch_size, as_json, db, url, api_key, show_progress=True)


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _import(
    file: Path,
    batch_size: int,
    as_json: bool,
    db: str | None,
    url: str | None,
    api_key: str | None,
    show_progress: bool,
) -> None:
    with backend(db, url, api_key) as target, errors_to_exit():
        items = read_reports(file)
        if show_progress and not as_json:
            with progress_bar(f"importing {file.name}", _count_lines(file)) as bar:
                summary = import_items(items, target.file_batches, batch_size, bar.to)
        else:
            summary = import_items(items, target.file_batches, batch_size)
    if as_json:
        print_json(summary.to_json())
    else:
        out.print(
            f"created {summary.created}, unchanged {summary.unchanged}, "
            f"rejected {summary.rejected_count}, alerts {summary.alerts}"
        )
        for rejected in summary.rejected[:50]:
            reasons = "; ".join(f"{e['field']}: {e['reason']}" for e in rejected["errors"])
            err.print(f"line {rejected['line']}: {reasons}", markup=False, highlight=False)
    if summary.rejected_count and not (summary.created or summary.unchanged):
        raise typer.Exit(2)


@operation_app.command("show")
def operation_show(
    operation_id: int,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Summary of one operation.

    Example: safemekong operation show 12 --json
    """
    with backend(db, url, api_key) as target:
        op = target.get_operation(operation_id)
    print_json(op) if as_json else _print_operation(op)


@operation_app.command("list")
def operation_list(
    limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """The most active operations, largest first.

    Example: safemekong operation list --limit 5
    """
    with backend(db, url, api_key) as target:
        ops = target.list_operations(limit)
    if as_json:
        print_json(ops)
        return
    table = Table()
    for column in ("operation", "reports", "countries", "typologies", "losses"):
        table.add_column(column)
    for op in ops:
        table.add_row(
            str(op["id"]),
            str(op["reports"]),
            ", ".join(op["countries"]),
            ", ".join(op["typologies"]),
            ", ".join(f"{v} {k}" for k, v in op["losses"].items()),
        )
    out.print(table)


@app.command()
def alerts(
    since_id: Annotated[int, typer.Option(min=0, help="Only alerts after this id")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Alerts (all agencies' locally; the key's agency's remotely), newest first.

    Example: safemekong alerts --limit 10
    """
    with backend(db, url, api_key) as target:
        found = target.list_alerts(since_id, limit)
    if as_json:
        print_json(found)
        return
    for alert in found:
        out.print(
            f"#{alert['id']} {alert['created_at'][:16]} {alert['agency']} {alert['kind']}: "
            f"{alert['message']}",
            markup=False,
            highlight=False,
        )
