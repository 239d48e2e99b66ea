"""The hub's tables (SQLAlchemy Core); Alembic revisions in ``migrations/`` create them.

Entity-centric: one row per identifier and one per sighting (report x identifier x role).
There is no pairwise correlation table: operations are connected components kept in
``operations`` (union-find with redirects) and referenced from reports and identifiers.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

agencies = Table(
    "agencies",
    metadata,
    Column("id", Id, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("country", String(2), nullable=False),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

operations = Table(
    "operations",
    metadata,
    Column("id", Id, primary_key=True),
    # Set when this operation was merged into another: follow it to the surviving one.
    Column("merged_into", Id, ForeignKey("operations.id"), nullable=True),
    Column("size", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Who holds reports in each operation, by agency and marking, kept up to date on intake so that
# alert rules never scan an operation's reports.
operation_members = Table(
    "operation_members",
    metadata,
    Column("operation_id", Id, ForeignKey("operations.id"), primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), primary_key=True),
    Column("tlp", String(16), primary_key=True),
    Column("reports", Integer, nullable=False),
)

identifiers = Table(
    "identifiers",
    metadata,
    Column("id", Id, primary_key=True),
    Column("key", String(600), nullable=False, unique=True),
    Column("type", String(16), nullable=False),
    Column("details", JSON, nullable=False),
    # Benign identifiers (warning list) never link reports and belong to no operation.
    Column("benign", Boolean, nullable=False, default=False),
    Column("operation_id", Id, ForeignKey("operations.id"), nullable=True, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("typology", String(40), nullable=False),
    Column("narrative", Text, nullable=False, default=""),
    Column("language", String(35), nullable=True),
    Column("amount_lost", Numeric(20, 2), nullable=True),
    Column("currency", String(8), nullable=True),
    Column("tlp", String(16), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("operation_id", Id, ForeignKey("operations.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("agency_id", "external_id", name="uq_reports_agency_external_id"),
)

sightings = Table(
    "sightings",
    metadata,
    Column("id", Id, primary_key=True),
    Column("report_id", Id, ForeignKey("reports.id"), nullable=False),
    Column("identifier_id", Id, ForeignKey("identifiers.id"), nullable=False, index=True),
    Column("role", String(32), nullable=False),
    Column("raw", String(1000), nullable=False),
    # True when the identifier was implied by another one (a URL's domain), not written.
    Column("derived", Boolean, nullable=False, default=False),
    UniqueConstraint("report_id", "identifier_id", "role", name="uq_sightings_report_identifier"),
)

watches = Table(
    "watches",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("identifier_id", Id, ForeignKey("identifiers.id"), nullable=False, index=True),
    Column("note", String(500), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("agency_id", "identifier_id", name="uq_watches_agency_identifier"),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("report_id", Id, ForeignKey("reports.id"), nullable=False),
    Column("operation_id", Id, ForeignKey("operations.id"), nullable=True),
    Column("identifier_id", Id, ForeignKey("identifiers.id"), nullable=True),
    Column("message", String(500), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_alerts_agency_created", "agency_id", "id"),
)

# Capabilities' own tables share this metadata (imported last: they use Id and metadata).
from safemekong.store import screening_schema  # noqa: E402, F401
