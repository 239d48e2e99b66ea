"""The HTTP API (FastAPI): thin routers over :class:`safemekong.hub.Hub`."""

from safemekong.api.app import create_app

__all__ = ["create_app"]
