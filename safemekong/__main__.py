"""``python -m safemekong`` runs the command line."""

from safemekong.cli.main import app

# Guarded: worker processes of bulk imports re-import the main module when they start.
if __name__ == "__main__":
    app()
