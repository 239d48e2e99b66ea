"""CLI commands of sharing: ``import stix``, ``import misp``, ``export stix``, ``export misp``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from safemekong.cli.backend import RemoteBackend
from safemekong.cli.common import (
    DbOpt,
    JsonOpt,
    KeyOpt,
    UrlOpt,
    app,
    err,
    errors_to_exit,
    fail,
    import_app,
    local_hub,
    out,
    print_json,
    progress_bar,
)
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.misp import fetch_feed, read_events
from safemekong.sharing.service import Sharing

export_app = typer.Typer(help="Export intelligence as STIX 2.1 or MISP.", no_args_is_help=True)
app.add_typer(export_app, name="export")

AgencyOpt = Annotated[
    str | None,
    typer.Option(
        "--agency",
        help="Agency code for reports whose creator is not a SafeMekong agency (local store)",
    ),
]
OutOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout")
]
OperationOpt = Annotated[int | None, typer.Option("--operation", help="Operation id")]


@contextmanager
def _remote(url: str, api_key: str | None) -> Iterator[RemoteBackend]:
    if not api_key:
        fail("--api-key is required with --url (or set SAFEMEKONG_API_KEY)", 2)
    with errors_to_exit():
        remote = RemoteBackend(url, api_key)
        try:
            yield remote
        finally:
            remote.close()


def _summary(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
    else:
        out.print(
            f"created {result['created']}, unchanged {result['unchanged']}, "
            f"rejected {len(result['rejected'])}, skipped {len(result['skipped'])}, "
            f"invalid {len(result['invalid'])}, alerts {result['alerts']}"
        )
        for rejected in result["rejected"][:50]:
            reasons = "; ".join(f"{e['field']}: {e['reason']}" for e in rejected["errors"])
            err.print(f"{rejected['source']}: {reasons}", markup=False, highlight=False)
        for invalid in result["invalid"][:50]:
            where = invalid.get("id") or f"object {invalid['index']}"
            err.print(f"invalid {where}: {invalid['reason']}", markup=False, highlight=False)
        for skipped in result["skipped"][:50]:
            err.print(
                f"skipped {skipped['source']}: {skipped['reason']}", markup=False, highlight=False
            )
    nothing = not (result["created"] or result["unchanged"])
    if nothing and (result["rejected"] or result["invalid"] or not result["reports"]):
        raise typer.Exit(2)


def _load(path: Path) -> bytes:
    if not path.exists():
        fail(f"{path} does not exist", 2)
    return path.read_bytes()


@import_app.command("stix")
def import_stix(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="A STIX 2.1 bundle (.json)")],
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """File the reports and observed data of a STIX 2.1 bundle through the intake.

    Example: safemekong import stix bundle.json --agency TH-CCIB
    """
    body = _load(file)
    if url:
        with _remote(url, api_key) as remote:
            result = remote._call("POST", "/api/v1/import/stix", content=body)
    else:
        with local_hub(db) as hub, progress_bar(f"importing {file.name}", 1) as bar:
            result = Sharing(hub).import_stix(NODE_ADMIN, body, agency)
            bar.to(1)
    _summary(result, as_json)


@import_app.command("misp")
def import_misp(
    source: Annotated[
        str,
        typer.Argument(help="A MISP event JSON file, a MISP feed directory, or a feed's URL"),
    ],
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """File MISP events (a JSON file of one or many events, a feed directory or URL) as reports.

    Example: safemekong import misp feed/ --agency TH-CCIB
    """
    remote_feed = source.startswith(("http://", "https://"))
    with errors_to_exit():
        events = fetch_feed(source) if remote_feed else read_events(Path(source))
    name = source.rstrip("/").rsplit("/", 1)[-1]
    if url:
        with _remote(url, api_key) as remote:
            result = remote._call("POST", "/api/v1/import/misp", json=events)
    else:
        with local_hub(db) as hub, progress_bar(f"importing {name}", len(events)) as bar:
            result = Sharing(hub).import_misp(NODE_ADMIN, events, agency)
            bar.to(len(events))
    _summary(result, as_json)


def _write(data: dict[str, Any], output: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text)
        err.print(f"wrote {output}", markup=False, highlight=False)


@export_app.command("stix")
def export_stix(
    operation: OperationOpt = None,
    report: Annotated[
        list[int] | None, typer.Option("--report", help="Report id (repeatable)")
    ] = None,
    output: OutOpt = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Check the bundle with stix2-validator")
    ] = False,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Export an operation (or reports) as a STIX 2.1 bundle.

    Example: safemekong export stix --operation 12 -o operation-12.json --validate
    """
    if (operation is None) == (not report):
        fail("give either --operation ID or --report ID (repeatable)", 2)
    if url:
        with _remote(url, api_key) as remote:
            if operation is not None:
                bundle = remote._call("GET", f"/api/v1/operations/{operation}/stix")
            elif len(report or []) == 1:
                bundle = remote._call("GET", f"/api/v1/reports/{(report or [0])[0]}/stix")
            else:
                fail("over --url, export one report (or one operation) at a time", 2)
    else:
        with local_hub(db) as hub:
            sharing = Sharing(hub)
            if operation is not None:
                bundle = sharing.export_operation_stix(NODE_ADMIN, operation)
            else:
                bundle = sharing.export_reports_stix(NODE_ADMIN, report or [])
    if validate:
        from safemekong.sharing.validate import validate_bundle

        with errors_to_exit():
            verdict = validate_bundle(bundle)
        for error in verdict.errors:
            err.print(f"invalid: {error}", markup=False, highlight=False)
        if not verdict.valid:
            raise typer.Exit(1)
        err.print(f"valid STIX 2.1 ({len(verdict.warnings)} warning(s))")
    _write(bundle, output)


@export_app.command("misp")
def export_misp(
    operation: Annotated[int, typer.Option("--operation", help="Operation id")],
    output: OutOpt = None,
    db: DbOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
) -> None:
    """Export an operation as a MISP event.

    Example: safemekong export misp --operation 12 -o operation-12.misp.json
    """
    if url:
        with _remote(url, api_key) as remote:
            event = remote._call("GET", f"/api/v1/operations/{operation}/misp")
    else:
        with local_hub(db) as hub:
            event = Sharing(hub).export_operation_misp(NODE_ADMIN, operation)
    _write(event, output)
