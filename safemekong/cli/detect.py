"""CLI commands of detection: ``safemekong detect url|domain|message|page INPUT`` and ``train``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from safemekong.cli.common import (
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
from safemekong.policy import NODE_ADMIN

detect_app = typer.Typer(
    help="Classify domains, URLs, messages and web pages (gambling, scam, benign).",
    no_args_is_help=True,
)
app.add_typer(detect_app, name="detect")

HubOpt = Annotated[
    bool,
    typer.Option(
        "--hub/--no-hub",
        help="Also use the local hub's intelligence (--db): known reports and operations",
    ),
]


def _show(verdict: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(verdict)
        return
    out.print(f"{verdict['label']} {verdict['score']:.2f}", markup=False, highlight=False)
    for reason in verdict["reasons"]:
        out.print(f"  - {reason['text']}", markup=False, highlight=False)


def _run(kind: str, value: str, as_json: bool, hub: bool, db: str | None) -> None:
    """Classify ``value`` as a host or a message, with the local hub's intelligence if asked."""
    if hub:
        with local_hub(db) as local:
            detector = local.detect
            verdict = (detector.host if kind == "host" else detector.message)(NODE_ADMIN, value)
    else:
        from safemekong.detect import classify_host, classify_message

        with errors_to_exit():
            verdict = (classify_host if kind == "host" else classify_message)(value)
    _show(verdict.to_json(), as_json)


@detect_app.command("url")
def url_command(
    value: Annotated[str, typer.Argument(metavar="INPUT", help="The URL")],
    as_json: JsonOpt = False,
    hub: HubOpt = False,
    db: DbOpt = None,
) -> None:
    """Classify a URL as gambling, scam or benign, with reasons.

    Example: safemekong detect url 'http://vietcombank-digital.top/login' --json
    """
    _run("host", value, as_json, hub, db)


@detect_app.command("domain")
def domain_command(
    value: Annotated[str, typer.Argument(metavar="INPUT", help="The domain or host name")],
    as_json: JsonOpt = False,
    hub: HubOpt = False,
    db: DbOpt = None,
) -> None:
    """Classify a domain as gambling, scam or benign, with reasons.

    Example: safemekong detect domain 161kaiyun.vip
    """
    _run("host", value, as_json, hub, db)


@detect_app.command("message")
def message_command(
    text: Annotated[str, typer.Argument(metavar="INPUT", help="The message text")],
    as_json: JsonOpt = False,
    hub: HubOpt = False,
    db: DbOpt = None,
) -> None:
    """Classify an SMS or chat message as scam, spam or benign, with language and typology.

    Example: safemekong detect message 'Your account is suspended, verify at vn-ebank.online'
    """
    _run("message", text, as_json, hub, db)


@detect_app.command("page")
def page_command(
    path: Annotated[Path, typer.Argument(metavar="INPUT", help="An HTML file")],
    site: Annotated[str, typer.Option("--site", help="The page's own URL, if known")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Detect gambling/scam SEO injection in a page, or a gambling, investment or phishing site.

    Example: safemekong detect page saved-page.html --site https://news.example.org/a/1
    """
    from safemekong.detect.pages import classify_page

    if not path.is_file():
        fail(f"INPUT: {path} is not a file", 2)
    html = path.read_bytes().decode("utf-8", errors="replace")
    with errors_to_exit():
        verdict = classify_page(html, site)
    _show(verdict.to_json(), as_json)


@detect_app.command("train")
def train_command(
    data: Annotated[
        Path, typer.Option("--data", help="Folder of labelled sets (shared/data/detect)")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the models and card")],
) -> None:
    """Train the domain and message models from the permitted sets; write them and a model card.

    Example: safemekong detect train --data ../shared/data/detect --out safemekong/detect/data
    """
    from safemekong.detect.train import STEPS, train_all

    with errors_to_exit(), progress_bar("training", STEPS) as bar:
        card = train_all(data, out_dir, say=lambda _step: bar.advance(1))
        bar.to(STEPS)
    recall = card["domain"]["held_out_recall_at_threshold"]
    out.print(f"models written to {out_dir}; held-out domain recall at 0.1% FPR: {recall}")
