"""CLI commands that run things: the server (with the demo world) and the synthetic generator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from safemekong.cli.common import DbOpt, app, local_hub, out, progress_bar
from safemekong.config import DEFAULT_DATA_DIR, SYNC_INTERVAL


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
) -> None:
    """Run the hub's HTTP API (OpenAPI docs at /docs, TAXII 2.1 at /taxii2/).

    Example: safemekong serve --demo --port 8000
    """
    from safemekong.api import create_app
    from safemekong.demo import DEMO_KEY_AGENCIES, DEMO_SCALE, load_demo

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
        out.print(
            f"SafeMekong on http://{host}:{port} (docs at /docs), store {hub.store.url}",
            markup=False,
        )
        # Open event streams would otherwise hold a shutdown up forever.
        uvicorn.run(
            create_app(hub, sync_interval=sync_interval),
            host=host,
            port=port,
            log_level="info",
            timeout_graceful_shutdown=5,
        )


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
