"""CLI commands of the money trail: ``safemekong trail import|trace|mules|requests|tags``.

They act on the local store's ledger as the node administrator, or for one member agency
with ``--agency CODE`` (imports are then owned by that agency and reads see what it may see).
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from safemekong.cli.common import (
    Bar,
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
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN, agencies
from safemekong.policy.principals import Principal
from safemekong.trail import freeze
from safemekong.trail.conversion import DEFAULT_TOLERANCE, DEFAULT_WINDOW_HOURS
from safemekong.trail.formats import FORMATS as LEDGER_FORMATS
from safemekong.trail.report import trace_html
from safemekong.trail.rules import RULES
from safemekong.trail.spreadsheets import load_mapping
from safemekong.trail.trace import DEFAULT_HOPS

trail_app = typer.Typer(
    help="Money trail: ledgers, tracing, mule accounts, freeze requests.", no_args_is_help=True
)
tags_app = typer.Typer(help="Attribution tags on accounts and addresses.", no_args_is_help=True)
rates_app = typer.Typer(help="Exchange rates for crossing rails.", no_args_is_help=True)
app.add_typer(trail_app, name="trail")
trail_app.add_typer(tags_app, name="tags")
trail_app.add_typer(rates_app, name="rates")

AgencyOpt = Annotated[
    str | None,
    typer.Option("--agency", help="Act for this member agency (code); default: the node"),
]
RuleOpt = Annotated[str, typer.Option("--rule", help=f"Tracing rule: {', '.join(RULES)}")]
HopsOpt = Annotated[int, typer.Option("--hops", help="Most transfers on a traced path")]
SeedsArg = Annotated[
    list[str], typer.Argument(help="tx:ID (a transfer) or an identifier key (all its outflows)")
]
TlpOpt = Annotated[str, typer.Option("--tlp", help="TLP of the imported rows")]
GroupOpt = Annotated[
    list[str] | None, typer.Option("--group", help="Share with this sharing group (repeatable)")
]
RecipientOpt = Annotated[
    list[str] | None, typer.Option("--recipient", help="Share with this agency (repeatable)")
]


def _principal(hub: Hub, agency: str | None) -> Principal:
    if agency is None:
        return NODE_ADMIN
    with hub.store.read() as conn:
        found = agencies.get_agency(conn, agency, "agency")
    return Principal(agency_id=found.id, agency_code=found.code, role="analyst")


@trail_app.command("import")
def import_ledger(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Ledger file")],
    fmt: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join(LEDGER_FORMATS)}")
    ] = "csv",
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", exists=True, dir_okay=False, help="Column mapping (xlsx)"),
    ] = None,
    tlp: TlpOpt = "AMBER",
    group: GroupOpt = None,
    recipient: RecipientOpt = None,
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Import a ledger file; bad rows are listed with line and reason, good rows kept.

    Example: safemekong trail import statement.csv --format csv
    """
    with local_hub(db) as hub, errors_to_exit(), ExitStack() as stack:
        principal = _principal(hub, agency)
        bars: list[Bar] = []

        def progress(done: int, total: int) -> None:
            if not bars:
                label = f"{file.name}: checking {total:,} accounts"
                bars.append(stack.enter_context(progress_bar(label, total)))
            bars[0].to(done)

        result = hub.trail.import_file(
            principal,
            file,
            fmt,
            tlp,
            progress,
            groups=group or (),
            recipients=recipient or (),
            mapping=load_mapping(mapping) if mapping else None,
        )
    data = result.to_json()
    if as_json:
        print_json(data)
    else:
        out.print(f"{result.accepted} transfer(s) imported, {result.rejected} rejected")
        for reason, count in result.skipped.items():
            out.print(f"skipped {count}: {reason}", markup=False)
        for error in result.errors[:50]:
            err.print(f"line {error['line']}: {error['reason']}", markup=False, highlight=False)
        if result.rejected > 50:
            err.print(f"… and {result.rejected - 50} more (use --json for the first 1000)")
    if result.accepted == 0 and result.rejected:
        raise typer.Exit(2)


@tags_app.command("import")
def import_tags(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Tags file")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, tagpack or ofac; from the suffix")
    ] = None,
    tlp: TlpOpt = "AMBER",
    group: GroupOpt = None,
    recipient: RecipientOpt = None,
    agency: AgencyOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Import tags: TagPack YAML, OFAC address lists or the CSV key,kind,label,actor,source.

    Example: safemekong trail tags import exchange-wallets-binance.yaml
    """
    with local_hub(db) as hub, errors_to_exit():
        result = hub.trail.import_tags(
            _principal(hub, agency), file, fmt, tlp, group or (), recipient or ()
        )
    if as_json:
        print_json(result)
        return
    out.print(f"{result['accepted']} tag(s) imported, {result['rejected']} rejected")
    for error in result["errors"][:50]:
        err.print(f"{error['line']}: {error['reason']}", markup=False, highlight=False)


@rates_app.command("import")
def import_rates(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV file")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Import exchange rates, a CSV date,base,quote,rate (1 base = rate quote).

    Example: safemekong trail rates import rates.csv
    """
    with local_hub(db) as hub, errors_to_exit():
        result = hub.trail.import_rates(NODE_ADMIN, file)
    if as_json:
        print_json(result)
        return
    out.print(f"{result['accepted']} rate(s) imported, {result['rejected']} rejected")
    for error in result["errors"][:50]:
        err.print(f"line {error['line']}: {error['reason']}", markup=False, highlight=False)


@trail_app.command()
def trace(
    seeds: SeedsArg,
    rule: RuleOpt = "fifo",
    hops: HopsOpt = DEFAULT_HOPS,
    window: Annotated[
        float, typer.Option("--window", help="Hours an OTC desk may take to pay out")
    ] = DEFAULT_WINDOW_HOURS,
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Share a converted amount may differ by")
    ] = DEFAULT_TOLERANCE,
    as_json: JsonOpt = False,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here")
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """Follow money from seeds to where it stops (exchanges, hubs, accounts still holding it).

    Example: safemekong trail trace tx:T-1001 --rule fifo --hops 5 --json
    """
    with local_hub(db) as hub, errors_to_exit():
        principal = _principal(hub, agency)
        result = hub.trail.trace(
            principal, seeds, rule, hops, window_hours=window, tolerance=tolerance
        ).to_json()
    if html_out is not None:
        html_out.write_text(trace_html(result), encoding="utf-8")
    if as_json:
        print_json(result)
        return
    table = Table(title=f"Endpoints ({rule}, up to {hops} hops)")
    for column in ("account", "why", "tag", "traced", "hops", "first", "last"):
        table.add_column(column)
    for p in result["endpoints"]:
        tag = f"{p['tag']['kind']}: {p['tag']['label']}" if p["tag"] else ""
        table.add_row(
            p["key"],
            p["reason"],
            tag,
            f"{p['amount_traced']:,.2f} {p['currency']}",
            str(p["hops"]),
            p["first_time"],
            p["last_time"],
        )
    out.print(table)


@trail_app.command()
def mules(
    top: Annotated[int, typer.Option("--top", help="How many accounts")] = 20,
    as_json: JsonOpt = False,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """Accounts most like mule accounts, with the features behind each score.

    Example: safemekong trail mules --top 10 --json
    """
    with local_hub(db) as hub, errors_to_exit():
        ranked = hub.trail.mules(_principal(hub, agency), top)
    if as_json:
        print_json(ranked)
        return
    table = Table(title="Mule scores")
    for column in ("account", "score", "reasons"):
        table.add_column(column)
    for item in ranked:
        table.add_row(item["key"], f"{item['score']:.3f}", "; ".join(item["reasons"]))
    out.print(table)


REQUEST_FORMATS = ("json", "csv", "html", "camt056")


@trail_app.command()
def requests(
    seeds: SeedsArg,
    rule: RuleOpt = "fifo",
    hops: HopsOpt = DEFAULT_HOPS,
    fmt: Annotated[str, typer.Option("--format", help=", ".join(REQUEST_FORMATS))] = "json",
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Directory for camt.056 drafts (one per bank)")
    ] = None,
    agency: AgencyOpt = None,
    db: DbOpt = None,
) -> None:
    """Freeze and recall requests, one per institution holding traced money.

    Example: safemekong trail requests tx:T-1001 --format html > requests.html
    """
    if fmt not in REQUEST_FORMATS:
        fail(f"--format: one of {', '.join(REQUEST_FORMATS)}", 2)
    if fmt == "camt056" and out_dir is None:
        fail("--out: a directory is required for camt056 drafts", 2)
    with local_hub(db) as hub, errors_to_exit():
        result = hub.trail.requests(_principal(hub, agency), seeds, rule, hops)
    if fmt == "json":
        print_json(result)
    elif fmt == "csv":
        out.file.write(freeze.to_csv(result))
    elif fmt == "html":
        out.file.write(freeze.to_html(result))
    else:
        assert out_dir is not None
        out_dir.mkdir(parents=True, exist_ok=True)
        written = 0
        for request in result["requests"]:
            if request["institution"]["kind"] == "bank":
                path = out_dir / f"{request['request_id']}.camt056.xml"
                path.write_text(freeze.to_camt056(request), encoding="utf-8")
                written += 1
        out.print(json.dumps({"camt056_drafts": written, "directory": str(out_dir)}))
