"""CLI commands that run things: the server (with the demo world) and the synthetic generator."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from starlette.types import ASGIApp

from safemekong.cli.common import DbOpt, app, local_hub, out, progress_bar
from safemekong.config import (
    BACKLOG,
    DEFAULT_DATA_DIR,
    DEFAULT_MAX_BODY,
    KEEP_ALIVE,
    MAX_CONNECTIONS,
    MAX_HEADER_SIZE,
    RATE_BURST,
    RATE_LIMIT,
    SYNC_INTERVAL,
)


@dataclass(frozen=True)
class Connections:
    """How many connections the server takes and keeps, and which proxies it believes."""

    max_connections: int = MAX_CONNECTIONS
    backlog: int = BACKLOG
    keep_alive: int = KEEP_ALIVE
    max_header_size: int = MAX_HEADER_SIZE
    #: Comma-separated proxy addresses whose X-Forwarded-For and -Proto are believed.
    forwarded_allow_ips: str = ""


def server_config(app: ASGIApp, host: str, port: int, connections: Connections) -> uvicorn.Config:
    """The uvicorn settings of ``serve``. h11 is chosen by name so that its header-size limit
    holds whatever else is installed; X-Forwarded-* headers are ignored unless a proxy is named.
    """
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http="h11",
        h11_max_incomplete_event_size=connections.max_header_size,
        limit_concurrency=connections.max_connections,
        backlog=connections.backlog,
        timeout_keep_alive=connections.keep_alive,
        proxy_headers=bool(connections.forwarded_allow_ips),
        forwarded_allow_ips=connections.forwarded_allow_ips or None,
        server_header=False,
        log_level="info",
        # Open event streams would otherwise hold a shutdown up forever.
        timeout_graceful_shutdown=5,
    )


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Fill an empty store with the demo world first and print API keys to try it",
        ),
    ] = False,
    sync_interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between syncs with partner nodes (peers)")
    ] = SYNC_INTERVAL,
    rate_limit: Annotated[
        float,
        typer.Option(
            min=0,
            help="Requests a second each API key, user or client address may make (429 beyond "
            "it); 0 turns limiting off",
        ),
    ] = RATE_LIMIT,
    rate_burst: Annotated[
        int, typer.Option(min=1, help="Requests each caller may make at once above the rate")
    ] = RATE_BURST,
    max_body: Annotated[
        int, typer.Option(min=1024, help="Largest request body in bytes (413 beyond it)")
    ] = DEFAULT_MAX_BODY,
    max_connections: Annotated[
        int,
        typer.Option(
            min=1, help="Open connections, event streams included, before new requests get 503"
        ),
    ] = MAX_CONNECTIONS,
    backlog: Annotated[
        int, typer.Option(min=1, help="Connections the kernel queues before they are accepted")
    ] = BACKLOG,
    keep_alive: Annotated[
        int, typer.Option(min=1, help="Seconds an idle keep-alive connection stays open")
    ] = KEEP_ALIVE,
    max_header_size: Annotated[
        int,
        typer.Option(min=1024, help="Bytes of request line and headers taken (400 beyond it)"),
    ] = MAX_HEADER_SIZE,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
            "X-Forwarded-Proto are believed (client address for rate limits, https for HSTS); "
            "none by default"
        ),
    ] = "",
) -> None:
    """Run the hub's HTTP API (OpenAPI docs at /docs, TAXII 2.1 at /taxii2/).

    Example: safemekong serve --demo --port 8000

    Behind a reverse proxy on the same host: safemekong serve --forwarded-allow-ips 127.0.0.1
    """
    from safemekong.api import create_app
    from safemekong.demo import DEMO_KEY_AGENCIES, DEMO_SCALE, load_demo, load_demo_users

    with local_hub(db) as hub:
        if demo:
            with progress_bar("loading the demo world", DEMO_SCALE) as bar:
                keys = load_demo(hub, DEFAULT_DATA_DIR / "demo-keys.json", progress=bar.to)
            for code in DEMO_KEY_AGENCIES:
                if code in keys:
                    out.print(f"demo API key of {code}: {keys[code]}", markup=False)
            out.print(f"all demo keys: {DEFAULT_DATA_DIR / 'demo-keys.json'}")
            out.print(
                f"try: curl -H 'Authorization: Bearer {keys.get('TH-CCIB', 'KEY')}' "
                f"'http://{host}:{port}/api/v1/operations?limit=3'",
                markup=False,
            )
            users = load_demo_users(hub, DEFAULT_DATA_DIR / "demo-users.json")
            for name, password in users.items():
                out.print(
                    f"sign in at http://{host}:{port}/login as {name} / {password}", markup=False
                )
        out.print(
            f"SafeMekong on http://{host}:{port} (docs at /docs), store {hub.store.url}",
            markup=False,
        )
        api = create_app(
            hub,
            max_body=max_body,
            sync_interval=sync_interval,
            rate_limit=rate_limit,
            rate_burst=rate_burst,
        )
        connections = Connections(
            max_connections, backlog, keep_alive, max_header_size, forwarded_allow_ips
        )
        # What exists now (modules, the app, the demo's leftovers) lives as long as the server:
        # kept out of the collector's full passes, which otherwise add 150 ms to the request
        # that triggers one (measured on the operation graph of a 1,000,000-report world).
        gc.collect()
        gc.freeze()
        uvicorn.Server(server_config(api, host, port, connections)).run()


@app.command()
def synth(
    seed: Annotated[int, typer.Option(help="Random seed: same seed and scale, same files")] = 7,
    scale: Annotated[int, typer.Option(min=1, help="Number of victim reports")] = 3000,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the world to")] = Path(
        "world"
    ),
) -> None:
    """Generate a reproducible synthetic region with ground truth.

    Example: safemekong synth --seed 7 --scale 10000 --out world
    """
    from safemekong.synth import generate_world, write_world

    world = generate_world(seed=seed, scale=scale)
    with progress_bar(f"writing {scale} reports to {out_dir}", scale) as bar:
        write_world(world, out_dir, progress=bar.advance)
    out.print(
        f"wrote {out_dir}/ (agencies.json, operations.json, reports.jsonl, truth.jsonl, "
        "world.json)",
        markup=False,
    )
