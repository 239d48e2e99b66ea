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

# Sharing groups: named sets of agencies (a bilateral pair, the Mekong-wide task force).
sharing_groups = Table(
    "sharing_groups",
    metadata,
    Column("id", Id, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("description", String(500), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sharing_group_members = Table(
    "sharing_group_members",
    metadata,
    Column("group_id", Id, ForeignKey("sharing_groups.id"), primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), primary_key=True),
)

# A sharing scope: one distinct marking (TLP, sharing groups, named recipients, domestic-only
# country). Every shared record points at its scope; ``scope_audience`` lists the agencies each
# scope reaches besides the record's owner, recomputed whenever agencies or groups change.
scopes = Table(
    "scopes",
    metadata,
    Column("id", Id, primary_key=True),
    Column("signature", String(1000), nullable=False, unique=True),
    Column("tlp", String(16), nullable=False),
    Column("groups", JSON, nullable=False),
    Column("recipients", JSON, nullable=False),
    Column("domestic", String(2), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

scope_audience = Table(
    "scope_audience",
    metadata,
    Column("agency_id", Id, ForeignKey("agencies.id"), primary_key=True),
    Column("scope_id", Id, ForeignKey("scopes.id"), primary_key=True),
)

# Countries whose law restricts export of personal data (e.g. China's PIPL Art. 41): reports of
# their agencies stay in the country unless the report records an approval reference.
export_rules = Table(
    "export_rules",
    metadata,
    Column("country", String(2), primary_key=True),
    Column("law", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
)

# Append-only, hash-chained: each entry's hash covers its content and the previous hash.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("actor_agency_id", Id, ForeignKey("agencies.id"), nullable=True),
    Column("action", String(40), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
)

# Who holds reports in each operation, by agency and sharing scope, kept up to date on intake so
# that alert rules never scan an operation's reports.
operation_members = Table(
    "operation_members",
    metadata,
    Column("operation_id", Id, ForeignKey("operations.id"), primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), primary_key=True),
    Column("scope_id", Id, ForeignKey("scopes.id"), primary_key=True),
    Column("reports", Integer, nullable=False),
)

# What an operation summary counts, kept up to date on intake (see intel.opstats): reports,
# losses and received times per owner, scope, typology and currency ("" for none).
operation_report_stats = Table(
    "operation_report_stats",
    metadata,
    Column("operation_id", Id, ForeignKey("operations.id"), primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), primary_key=True),
    Column("scope_id", Id, ForeignKey("scopes.id"), primary_key=True),
    Column("typology", String(40), primary_key=True),
    Column("currency", String(8), primary_key=True),
    Column("reports", Integer, nullable=False),
    Column("amount_lost", Numeric(24, 2), nullable=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
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
    Column("operation_id", Id, ForeignKey("operations.id"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The agencies and the scopes of the reports that sighted it, "3,5|1,2": who may see that
    # it exists (see intel.opstats). Null for benign and unsighted ones.
    Column("sighted_in", Text, nullable=True),
    # An operation's identifiers by type and sighting set: summaries read this index only.
    Index("ix_identifiers_operation_summary", "operation_id", "type", "sighted_in"),
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
    Column("scope_id", Id, ForeignKey("scopes.id"), nullable=False, index=True),
    # Why it is shared, on what legal basis, until when (then purged), and the approval that
    # lets data of an export-restricted country cross the border.
    Column("purpose", String(200), nullable=False),
    Column("legal_basis", String(200), nullable=False),
    Column("retain_until", DateTime(timezone=True), nullable=False, index=True),
    Column("approval_ref", String(200), nullable=True),
    Column("content_hash", String(64), nullable=False),
    Column("operation_id", Id, ForeignKey("operations.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("agency_id", "external_id", name="uq_reports_agency_external_id"),
    # An operation's reports with what its summary counts (owner, scope, typology, losses,
    # times): summaries read this index only, never the rows with their narratives.
    Index(
        "ix_reports_operation_summary",
        "operation_id",
        "agency_id",
        "scope_id",
        "typology",
        "currency",
        "amount_lost",
        "received_at",
    ),
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
    # What the message says as data (intel.alerts.TEXTS), for pages in other languages.
    Column("params", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_alerts_agency_created", "agency_id", "id"),
)


# Webhooks: each agency's endpoints for alerts, with a signing secret and the last alert queued.
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    Column("secret", String(100), nullable=False),
    Column("last_alert_id", Id, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
)

# One row per event to deliver to one webhook: retried with backoff, dead after the last try.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Id, primary_key=True),
    Column("webhook_id", Id, ForeignKey("webhooks.id"), nullable=False),
    Column("event", String(20), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(12), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", String(500), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    Index("ix_webhook_deliveries_webhook", "webhook_id", "id"),
)

# Capabilities' own tables share this metadata (imported last: they use Id and metadata).
from safemekong.store import evidence_schema, federation_schema, screening_schema  # noqa: E402, F401
