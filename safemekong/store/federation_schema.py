"""Tables of TAXII 2.1 and node-to-node federation.

``taxii_statuses`` keeps the status resource of every add-objects request, for the agency that
made it. ``peers`` are partner nodes: where they are, the key each issued to this node, the
agencies they host (to choose what is pushed to them) and how far each direction has synced.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, String, Table, Text

from safemekong.store.schema import Id, metadata

taxii_statuses = Table(
    "taxii_statuses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=True, index=True),
    Column("body", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

peers = Table(
    "peers",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("url", String(2000), nullable=False),
    Column("api_key", String(200), nullable=False),
    # Agency codes the peer node hosts: what this node may push to it is what they may see.
    Column("agencies", JSON, nullable=False),
    # Pull: the peer's ``date_added`` of the last object received, and the ``next`` token of
    # a page sequence that was interrupted (resumed first).
    Column("pull_after", String(40), nullable=True),
    Column("pull_next", Text, nullable=True),
    # Push: the (created_at, id) of the last local report sent.
    Column("push_after", String(80), nullable=True),
    Column("last_sync_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
