"""CLI of screening: ``watchlist import|list`` and ``screen`` (one name or a manifest)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from safemekong.cli.common import (
    DbOpt,
    JsonOpt,
    app,
    err,
    errors_to_exit,
    fail,
    local_hub,
    out,
    print_json,
    progress_bar,
)
from safemekong.policy import NODE_ADMIN
from safemekong.screening.importers import FORMATS, count_units
from safemekong.screening.manifest import count_rows
from safemekong.screening.scoring import DEFAULT_THRESHOLD
from safemekong.screening.service import make_query

watchlist_app = typer.Typer(
    help="Shared watch lists (subjects and missing persons).", no_args_is_help=True
)
app.add_typer(watchlist_app, name="watchlist")

ListOpt = Annotated[str | None, typer.Option("--list", help="Only this watch list")]


@watchlist_app.command("import")
def watchlist_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The list file")],
    fmt: Annotated[str, typer.Option("--format", help=" | ".join(FORMATS))],
    list_name: Annotated[
        str | None, typer.Option("--list", help="List name (default: the file name)")
    ] = None,
    kind: Annotated[str, typer.Option(help="subject or missing-person")] = "subject",
    agency: Annotated[
        str | None, typer.Option(help="Owner agency code (default: the node's own list)")
    ] = None,
    tlp: Annotated[str, typer.Option(help="Marking of the entries")] = "GREEN",
    group: Annotated[
        list[str] | None, typer.Option("--group", help="Sharing group (repeatable)")
    ] = None,
    recipient: Annotated[
        list[str] | None, typer.Option("--recipient", help="Named recipient agency (repeatable)")
    ] = None,
    aliases: Annotated[
        Path | None,
        typer.Option(
            exists=True, dir_okay=False, help="OFAC alias file (default: alt*.csv beside)"
        ),
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Import a watch list, replacing the list of the same name; bad records are listed.

    Example: safemekong watchlist import sdn.csv --format sdn-csv --list ofac-sdn
    """
    if fmt not in FORMATS:
        fail(f"--format: use one of {', '.join(FORMATS)}", 2)
    with (
        local_hub(db) as hub,
        progress_bar(f"importing {file.name}", count_units(file, fmt)) as bar,
    ):
        result = hub.screening.import_file(
            NODE_ADMIN,
            file,
            fmt,
            list_name,
            kind,
            agency,
            tlp,
            aliases,
            progress=bar.to,
            groups=group or (),
            recipients=recipient or (),
        )
    data = result.to_json()
    if as_json:
        print_json(data)
        return
    out.print(
        f"list {data['list']} ({data['kind']}): {data['imported']} entries imported, "
        f"{data['rejected']} rejected",
        markup=False,
        highlight=False,
    )
    for error in data["errors"][:20]:
        err.print(f"line {error['line']}: {error['reason']}", markup=False, highlight=False)


@watchlist_app.command("list")
def watchlist_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """Show the watch lists and how many entries each holds.

    Example: safemekong watchlist list
    """
    with local_hub(db) as hub:
        lists = hub.screening.list_watchlists(NODE_ADMIN)
    if as_json:
        print_json(lists)
        return
    table = Table("name", "kind", "format", "entries", "updated")
    for item in lists:
        table.add_row(
            item["name"], item["kind"], item["format"], str(item["entries"]), item["updated_at"]
        )
    out.print(table)


def _print_matches(result: dict[str, Any]) -> None:
    if not result["matches"]:
        out.print(f"no match for {result['query']['name']}", markup=False, highlight=False)
        return
    table = Table("score", "name", "list", "kind", "why")
    for match in result["matches"]:
        name = match["explanation"]["name"]
        why = f"{name['query_form']} ({name['query_via']}) ~ {name['entry_name']}"
        features = ", ".join(f["feature"] for f in match["explanation"]["features"])
        table.add_row(
            f"{match['score']:.2f}",
            match["name"],
            match["list"],
            match["kind"],
            why + (f"; {features}" if features else ""),
        )
    out.print(table)


@app.command()
def screen(
    name: Annotated[str | None, typer.Argument(help="The name to screen, in any script")] = None,
    dob: Annotated[str | None, typer.Option(help="Date of birth YYYY[-MM-DD]")] = None,
    nationality: Annotated[str | None, typer.Option(help="Nationality (ISO alpha-2)")] = None,
    list_name: ListOpt = None,
    manifest: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="Screen a passenger manifest CSV"),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Results CSV for --manifest")
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Report matches at or above this score")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Matches per name")] = 10,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Screen a name (or a manifest) against the watch lists; best matches first.

    Example: safemekong screen "趙偉" --dob 1952 --nationality CN --json
    """
    if manifest is not None:
        if out_file is None:
            fail("--manifest needs --out RESULTS.csv", 2)
        with (
            local_hub(db) as hub,
            progress_bar(f"screening {manifest.name}", count_rows(manifest)) as bar,
        ):
            counts = hub.screening.screen_manifest(
                NODE_ADMIN, manifest, out_file, list_name, threshold, progress=bar.to
            )
        if as_json:
            print_json(counts)
        else:
            out.print(
                ", ".join(f"{k} {v}" for k, v in counts.items()) + f" → {out_file}",
                markup=False,
                highlight=False,
            )
        return
    if name is None:
        fail("give a NAME or --manifest FILE.csv", 2)
    with local_hub(db) as hub, errors_to_exit():
        query = make_query(name, dob, nationality)
        result = hub.screening.screen(NODE_ADMIN, query, list_name, threshold, limit)
    if as_json:
        print_json(result)
    else:
        _print_matches(result)
