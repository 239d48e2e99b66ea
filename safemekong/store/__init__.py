"""The hub's store: tables, engine set-up, migrations. Knows SQL, nothing of HTTP or policy."""

from safemekong.store.engine import Store, iso, open_store, utcnow

__all__ = ["Store", "iso", "open_store", "utcnow"]
