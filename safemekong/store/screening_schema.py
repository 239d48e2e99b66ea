"""Tables of the screening capability: watch lists, their entries and screening alerts.

An entry's names, dates, nationalities and documents are JSON lists (an entry is read whole
when the in-memory screening index is built, never queried by those fields in SQL).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from safemekong.store.schema import Id, metadata

watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    # "subject" (people to stop) or "missing-person" (possible trafficking victims).
    Column("kind", String(20), nullable=False),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=True),
    Column("tlp", String(16), nullable=False),
    Column("scope_id", Id, ForeignKey("scopes.id"), nullable=False),
    Column("source_format", String(20), nullable=False),
    # Bumped by every import: tells the screening index it must be rebuilt.
    Column("revision", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("id", Id, primary_key=True),
    Column("list_id", Id, ForeignKey("watchlists.id"), nullable=False, index=True),
    Column("external_id", String(200), nullable=False),
    Column("schema", String(20), nullable=False),
    Column("name", String(500), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("weak_aliases", JSON, nullable=False),
    Column("birth_dates", JSON, nullable=False),
    Column("nationalities", JSON, nullable=False),
    Column("gender", String(10), nullable=True),
    Column("documents", JSON, nullable=False),
    Column("addresses", JSON, nullable=False),
    Column("identifiers", JSON, nullable=False),
    Column("reason", Text, nullable=False, default=""),
    # Owner agency (NULL: the node's own, e.g. a public sanctions list) and sharing scope.
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=True),
    Column("scope_id", Id, ForeignKey("scopes.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("list_id", "external_id", name="uq_watchlist_entries_list_external"),
)

# A hit on an entry, for the entry's owner agency (who screened whom, how close).
screening_alerts = Table(
    "screening_alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("list_name", String(100), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("entry_name", String(500), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("query", String(500), nullable=False),
    Column("score", Float, nullable=False),
    Column("screened_by", Id, ForeignKey("agencies.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_screening_alerts_agency_id", "agency_id", "id"),
)
