"""operation summary index: an operation's reports with what its summary counts

Replaces the plain index on reports.operation_id (its first column), so that operation
summaries read the index only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = [
    "operation_id",
    "agency_id",
    "scope_id",
    "typology",
    "currency",
    "amount_lost",
    "received_at",
]


def upgrade() -> None:
    op.create_index("ix_reports_operation_summary", "reports", COLUMNS, if_not_exists=True)
    op.drop_index("ix_reports_operation_id", table_name="reports")


def downgrade() -> None:
    op.create_index("ix_reports_operation_id", "reports", ["operation_id"])
    op.drop_index("ix_reports_operation_summary", table_name="reports")
