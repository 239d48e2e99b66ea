"""CLI commands of node-to-node federation: partner nodes (peers) and sync (local store)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from safemekong.cli.common import DbOpt, JsonOpt, app, err, local_hub, out, print_json
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.federation import Federation

peer_app = typer.Typer(
    help="Partner nodes this node syncs with over TAXII 2.1.", no_args_is_help=True
)
app.add_typer(peer_app, name="peer")


@peer_app.command("add")
def peer_add(
    name: str,
    url: str,
    api_key: Annotated[
        str,
        typer.Option(
            "--api-key",
            envvar="SAFEMEKONG_PEER_API_KEY",
            prompt="The key the partner node issued to this node",
            hide_input=True,
            help="The key the partner node issued to this node (asked for when left out, so "
            "it stays out of shell history and process listings)",
        ),
    ],
    agencies: Annotated[
        str,
        typer.Option(
            help="Agency codes the partner node hosts, comma-separated: this node pushes what "
            "they may see (without them the link only pulls)"
        ),
    ] = "",
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Register a partner node and the key it issued to this node.

    Example: safemekong peer add cn https://safemekong.afc.cn --api-key sk_... --agencies CN-AFC
    """
    with local_hub(db) as hub:
        peer = Federation(hub).add_peer(
            NODE_ADMIN, name, url, api_key, [c for c in agencies.split(",") if c.strip()]
        )
    if as_json:
        print_json(peer)
        return
    pushes = f", pushing to {', '.join(peer['agencies'])}" if peer["agencies"] else ", pull only"
    out.print(f"peer {peer['name']} at {peer['url']}{pushes}", markup=False)


@peer_app.command("list")
def peer_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List partner nodes and how far each has synced.

    Example: safemekong peer list
    """
    with local_hub(db) as hub:
        peers = Federation(hub).list_peers(NODE_ADMIN)
    if as_json:
        print_json(peers)
        return
    table = Table("peer", "url", "pushes to", "pulled until", "last sync", "last error")
    for peer in peers:
        table.add_row(
            peer["name"],
            peer["url"],
            ", ".join(peer["agencies"]) or "-",
            peer["pulled_until"] or "-",
            peer["last_sync_at"] or "never",
            peer["last_error"] or "",
        )
    out.print(table)


@peer_app.command("remove")
def peer_remove(name: str, db: DbOpt = None) -> None:
    """Stop syncing with a partner node (what it sent stays).

    Example: safemekong peer remove cn
    """
    with local_hub(db) as hub:
        Federation(hub).remove_peer(NODE_ADMIN, name)
    out.print(f"peer {name} removed")


@app.command()
def sync(
    peer: Annotated[str | None, typer.Option("--peer", help="Sync with this peer only")] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Pull from and push to partner nodes now (serve does this in the background).

    Example: safemekong sync --peer cn
    """
    columns = (SpinnerColumn(), TextColumn("{task.description}"))
    with local_hub(db) as hub, Progress(*columns, console=err) as progress:
        task = progress.add_task("syncing", total=None)
        moved = 0

        def report(name: str, objects: int) -> None:
            nonlocal moved
            moved += objects
            progress.update(task, description=f"syncing with {name}: {moved} objects")

        results = Federation(hub).sync(peer, progress=report)
    if as_json:
        print_json([r.to_json() for r in results])
    else:
        table = Table("peer", "pulled objects", "new reports", "refused", "pushed", "error")
        for r in results:
            table.add_row(
                r.peer,
                str(r.pulled_objects),
                str(r.created),
                str(len(r.refused) + len(r.push_refused)),
                str(r.pushed_reports),
                r.error or "",
            )
        out.print(table)
    if any(r.error for r in results):
        raise typer.Exit(1)
