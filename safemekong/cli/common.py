"""Shared pieces of the CLI: the Typer apps, common options, output and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from safemekong.cli.backend import Backend, open_backend
from safemekong.config import API_KEY_ENV, DB_ENV, URL_ENV, resolve_db_url, secret_file
from safemekong.errors import InvalidInput, SafeMekongError
from safemekong.hub import Hub

app = typer.Typer(
    name="safemekong",
    help="SafeMekong: cross-border anti-scam intelligence hub.\n\n"
    "Example: safemekong lookup '+66 81 234 5678'",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
report_app = typer.Typer(help="File victim reports.", no_args_is_help=True)
import_app = typer.Typer(help="Bulk imports.", no_args_is_help=True)
agency_app = typer.Typer(help="Member agencies of this node.", no_args_is_help=True)
key_app = typer.Typer(help="API keys of member agencies.", no_args_is_help=True)
operation_app = typer.Typer(help="Scam operations (linked reports).", no_args_is_help=True)
app.add_typer(report_app, name="report")
app.add_typer(import_app, name="import")
app.add_typer(agency_app, name="agency")
app.add_typer(key_app, name="key")
app.add_typer(operation_app, name="operation")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="Store URL (sqlite:///… or postgresql+psycopg://…), or in the file named by "
        f"{DB_ENV}_FILE; default ./safemekong-data/",
    ),
]
UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url", envvar=URL_ENV, help="Act on a remote hub at this URL instead of the local store"
    ),
]


def _key_or_file(value: str | None) -> str | None:
    try:
        return value or secret_file(API_KEY_ENV)
    except InvalidInput as exc:
        raise typer.BadParameter(exc.detail) from None


KeyOpt = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar=API_KEY_ENV,
        callback=_key_or_file,
        help=f"API key for --url (or in the file named by {API_KEY_ENV}_FILE)",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON")]
TypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        help="phone, url, domain, handle, bank, wallet, email, image, document or auto",
    ),
]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", "-r", help="Default country (ISO alpha-2) for local numbers, e.g. TH"),
]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """SafeMekong errors become a message and exit code (2 for bad input, 1 otherwise)."""
    try:
        yield
    except InvalidInput as exc:
        fail(exc.detail, 2)
    except SafeMekongError as exc:
        fail(exc.detail, 1)


@contextmanager
def backend(db: str | None, url: str | None, api_key: str | None) -> Iterator[Backend]:
    with errors_to_exit():
        target = open_backend(db, url, api_key)
        try:
            yield target
        finally:
            target.close()


@contextmanager
def local_hub(db: str | None) -> Iterator[Hub]:
    with errors_to_exit():
        hub = Hub.open(resolve_db_url(db))
        try:
            yield hub
        finally:
            hub.close()


class Bar:
    """A rich progress bar on stderr; ``to`` sets the work done, ``advance`` adds to it."""

    def __init__(self, progress: Progress, task: Any) -> None:
        self._progress = progress
        self._task = task

    def to(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def advance(self, amount: int) -> None:
        self._progress.advance(self._task, amount)


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Bar]:
    """Show progress of a long job (import, demo load, generation)."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err) as progress:
        yield Bar(progress, progress.add_task(label, total=total))
