"""screening: watch lists, entries and screening alerts

Revision ID: screening_0001
Revises: 0002 (depends on 0003: sharing scopes)
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "screening_0001"
down_revision = "0002"
branch_labels = ("screening",)
depends_on = "0003"

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agency_id", Id, nullable=True),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_watchlists_agency_id_agencies")),
        sa.ForeignKeyConstraint(["scope_id"], ["scopes.id"],
                                name=op.f("fk_watchlists_scope_id_scopes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlists")),
        sa.UniqueConstraint("name", name=op.f("uq_watchlists_name")),
    )
    op.create_table(
        "watchlist_entries",
        sa.Column("id", Id, nullable=False),
        sa.Column("list_id", Id, nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("schema", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("weak_aliases", sa.JSON(), nullable=False),
        sa.Column("birth_dates", sa.JSON(), nullable=False),
        sa.Column("nationalities", sa.JSON(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("addresses", sa.JSON(), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("agency_id", Id, nullable=True),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_watchlist_entries_agency_id_agencies")),
        sa.ForeignKeyConstraint(["scope_id"], ["scopes.id"],
                                name=op.f("fk_watchlist_entries_scope_id_scopes")),
        sa.ForeignKeyConstraint(["list_id"], ["watchlists.id"],
                                name=op.f("fk_watchlist_entries_list_id_watchlists")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entries")),
        sa.UniqueConstraint("list_id", "external_id", name="uq_watchlist_entries_list_external"),
    )
    op.create_index(op.f("ix_watchlist_entries_list_id"), "watchlist_entries", ["list_id"])
    op.create_index(op.f("ix_watchlist_entries_scope_id"), "watchlist_entries", ["scope_id"])
    op.create_table(
        "screening_alerts",
        sa.Column("id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("list_name", sa.String(length=100), nullable=False),
        sa.Column("entity_id", sa.String(length=200), nullable=False),
        sa.Column("entry_name", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("query", sa.String(length=500), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("screened_by", Id, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_screening_alerts_agency_id_agencies")),
        sa.ForeignKeyConstraint(["screened_by"], ["agencies.id"],
                                name=op.f("fk_screening_alerts_screened_by_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_alerts")),
    )
    op.create_index("ix_screening_alerts_agency_id", "screening_alerts", ["agency_id", "id"])


def downgrade() -> None:
    op.drop_table("screening_alerts")
    op.drop_index(op.f("ix_watchlist_entries_scope_id"), table_name="watchlist_entries")
    op.drop_index(op.f("ix_watchlist_entries_list_id"), table_name="watchlist_entries")
    op.drop_table("watchlist_entries")
    op.drop_table("watchlists")
