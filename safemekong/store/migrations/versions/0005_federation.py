"""federation: TAXII 2.1 add-objects statuses and partner nodes (peers)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "taxii_statuses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency_id", Id, nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_taxii_statuses_agency_id", "taxii_statuses", ["agency_id"])
    op.create_table(
        "peers",
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("api_key", sa.String(length=200), nullable=False),
        sa.Column("agencies", sa.JSON(), nullable=False),
        sa.Column("pull_after", sa.String(length=40), nullable=True),
        sa.Column("pull_next", sa.Text(), nullable=True),
        sa.Column("push_after", sa.String(length=80), nullable=True),
        sa.Column("last_sync_at", Stamp, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("peers")
    op.drop_index("ix_taxii_statuses_agency_id", table_name="taxii_statuses")
    op.drop_table("taxii_statuses")
