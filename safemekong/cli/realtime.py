"""CLI commands of real-time delivery: agencies' webhooks (local store)."""

from __future__ import annotations

from typing import Annotated

import typer

from safemekong.cli.common import DbOpt, JsonOpt, app, err, local_hub, out, print_json
from safemekong.policy import NODE_ADMIN
from safemekong.sharing.webhooks import Dispatcher

webhook_app = typer.Typer(
    help="Signed webhooks that receive an agency's alerts.", no_args_is_help=True
)
app.add_typer(webhook_app, name="webhook")


@webhook_app.command("add")
def webhook_add(
    url: str,
    agency: Annotated[str, typer.Option(help="Agency whose alerts are sent")],
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """Send an agency's alerts to URL, signed with a secret printed once.

    Example: safemekong webhook add https://afc.example.cn/hooks/safemekong --agency CN-AFC
    """
    with local_hub(db) as hub:
        hook = hub.add_webhook(NODE_ADMIN, url, agency)
    if as_json:
        print_json(hook)
        return
    out.print(f"webhook {hook['id']} -> {hook['url']}", markup=False)
    out.print(hook["secret"], markup=False, highlight=False)
    err.print("store this signing secret now: it cannot be shown again")


@webhook_app.command("list")
def webhook_list(as_json: JsonOpt = False, db: DbOpt = None) -> None:
    """List active webhooks.

    Example: safemekong webhook list
    """
    with local_hub(db) as hub:
        found = hub.list_webhooks(NODE_ADMIN)
    if as_json:
        print_json(found)
        return
    for hook in found:
        out.print(f"{hook['id']:>4}  {hook['url']}", markup=False)


@webhook_app.command("remove")
def webhook_remove(webhook_id: int, db: DbOpt = None) -> None:
    """Stop a webhook (its delivery history is kept).

    Example: safemekong webhook remove 3
    """
    with local_hub(db) as hub:
        hub.remove_webhook(NODE_ADMIN, webhook_id)
    out.print(f"webhook {webhook_id} stopped")


@webhook_app.command("deliver")
def webhook_deliver(db: DbOpt = None) -> None:
    """Queue new alerts and attempt due deliveries once (serve does this continuously).

    Example: safemekong webhook deliver
    """
    with local_hub(db) as hub:
        attempted = Dispatcher(hub.store).run_once()
    out.print(f"attempted {attempted} deliveries")
