"""operation members: who holds reports in each operation, by agency and TLP

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "operation_members",
        sa.Column("operation_id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_operation_members_agency_id_agencies")),
        sa.ForeignKeyConstraint(["operation_id"], ["operations.id"],
                                name=op.f("fk_operation_members_operation_id_operations")),
        sa.PrimaryKeyConstraint("operation_id", "agency_id", "tlp",
                                name=op.f("pk_operation_members")),
    )
    # Fill it for stores that already hold reports.
    op.execute(
        "INSERT INTO operation_members (operation_id, agency_id, tlp, reports) "
        "SELECT operation_id, agency_id, tlp, count(*) FROM reports "
        "GROUP BY operation_id, agency_id, tlp"
    )


def downgrade() -> None:
    op.drop_table("operation_members")
