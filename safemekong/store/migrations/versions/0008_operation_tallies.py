"""operation tallies: what operation summaries count, kept per operation on intake

Adds operation_report_stats and identifiers.sighted_in, fills them for stores that already hold
reports (with the code that keeps them afterwards), and replaces the index on
identifiers.operation_id by one that also holds type and sighting set.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from safemekong.intel.opstats import rebuild

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "operation_report_stats",
        sa.Column("operation_id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("typology", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("amount_lost", sa.Numeric(24, 2), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["operations.id"],
            name=op.f("fk_operation_report_stats_operation_id_operations"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_operation_report_stats_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["scope_id"], ["scopes.id"], name=op.f("fk_operation_report_stats_scope_id_scopes")
        ),
        sa.PrimaryKeyConstraint(
            "operation_id",
            "agency_id",
            "scope_id",
            "typology",
            "currency",
            name=op.f("pk_operation_report_stats"),
        ),
    )
    with op.batch_alter_table("identifiers") as batch:
        batch.add_column(sa.Column("sighted_in", sa.Text(), nullable=True))
    rebuild(op.get_bind())
    # After the fill: building an index over values already in place is cheaper.
    op.create_index(
        "ix_identifiers_operation_summary", "identifiers", ["operation_id", "type", "sighted_in"]
    )
    op.drop_index("ix_identifiers_operation_id", table_name="identifiers")


def downgrade() -> None:
    op.create_index("ix_identifiers_operation_id", "identifiers", ["operation_id"])
    op.drop_index("ix_identifiers_operation_summary", table_name="identifiers")
    with op.batch_alter_table("identifiers") as batch:
        batch.drop_column("sighted_in")
    op.drop_table("operation_report_stats")
