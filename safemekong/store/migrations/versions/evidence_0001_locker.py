"""evidence locker: Merkle log nodes and checkpoints, witnessed logs, items, custody, requests

Revision ID: evidence_0001
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "evidence_0001"
down_revision = "0002"
branch_labels = ("evidence",)
depends_on = "0003"

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "evidence_log_nodes",
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f("pk_evidence_log_nodes")),
    )
    op.create_table(
        "evidence_checkpoints",
        sa.Column("size", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_evidence_checkpoints")),
    )
    op.create_table(
        "evidence_witnessed",
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("vkey", sa.String(length=300), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(length=32), nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("origin", name=op.f("pk_evidence_witnessed")),
    )
    op.create_table(
        "evidence_items",
        sa.Column("id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("case_ref", sa.String(length=100), nullable=False),
        sa.Column("exhibit", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=200), nullable=False),
        sa.Column("original_name", sa.String(length=500), nullable=False),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.Column("leaf_index", sa.BigInteger(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        _fk("evidence_items", "agency_id", "agencies"),
        _fk("evidence_items", "scope_id", "scopes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_items")),
        sa.UniqueConstraint("agency_id", "case_ref", "exhibit", name="uq_evidence_items_exhibit"),
        sa.UniqueConstraint("leaf_index", name=op.f("uq_evidence_items_leaf_index")),
    )
    op.create_index(op.f("ix_evidence_items_case_ref"), "evidence_items", ["case_ref"])
    op.create_index(op.f("ix_evidence_items_scope_id"), "evidence_items", ["scope_id"])
    op.create_index(op.f("ix_evidence_items_sha256"), "evidence_items", ["sha256"])
    op.create_table(
        "evidence_custody",
        sa.Column("id", Id, nullable=False),
        sa.Column("item_id", Id, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("leaf_index", sa.BigInteger(), nullable=False),
        _fk("evidence_custody", "item_id", "evidence_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_custody")),
        sa.UniqueConstraint("item_id", "seq", name="uq_evidence_custody_item_seq"),
        sa.UniqueConstraint("leaf_index", name=op.f("uq_evidence_custody_leaf_index")),
    )
    op.create_table(
        "evidence_requests",
        sa.Column("id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("case_ref", sa.String(length=100), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("deadline", Stamp, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        _fk("evidence_requests", "agency_id", "agencies"),
        _fk("evidence_requests", "scope_id", "scopes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_requests")),
    )
    op.create_index(op.f("ix_evidence_requests_case_ref"), "evidence_requests", ["case_ref"])
    op.create_index(op.f("ix_evidence_requests_deadline"), "evidence_requests", ["deadline"])
    op.create_index(op.f("ix_evidence_requests_scope_id"), "evidence_requests", ["scope_id"])


def downgrade() -> None:
    op.drop_table("evidence_requests")
    op.drop_table("evidence_custody")
    op.drop_table("evidence_items")
    op.drop_table("evidence_witnessed")
    op.drop_table("evidence_checkpoints")
    op.drop_table("evidence_log_nodes")
