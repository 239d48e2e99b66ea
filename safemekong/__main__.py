"""``python -m safemekong`` runs the command line."""

from safemekong.cli.main import app

app()
