"""``python -m safemekong`` runs the command line."""

from safemekong.cli.main import app

# Guarded, so that importing the module (tools, multiprocessing) does not run the CLI.
if __name__ == "__main__":
    app()
