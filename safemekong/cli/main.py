"""The ``safemekong`` command: thin commands over the hub (local store or remote API).

Each module registers its commands on the shared Typer app; importing them here assembles it.
"""

# Each import registers its commands.
from safemekong.cli import (  # noqa: F401
    access,
    admin,
    backup,
    detect,
    evidence,
    federation,
    intel,
    realtime,
    screening,
    server,
    sharing,
    trail,
)
from safemekong.cli.common import app

__all__ = ["app"]
