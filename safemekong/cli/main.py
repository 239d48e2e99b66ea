"""The ``safemekong`` command: thin commands over the hub (local store or remote API).

Each module registers its commands on the shared Typer app; importing them here assembles it.
"""

from safemekong.cli import access, admin, intel, screening, server  # noqa: F401  (register commands)
from safemekong.cli.common import app

__all__ = ["app"]
