"""sharing: groups, scopes and their audiences, export rules, users, audit log, report sharing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Stamp = sa.DateTime(timezone=True)

# Reports filed before sharing scopes existed keep their TLP and get these (documented) defaults.
DEFAULT_PURPOSE = "prevention and investigation of telecom and online fraud"
DEFAULT_LEGAL_BASIS = "task-force data-sharing agreement"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "sharing_groups",
        sa.Column("id", Id, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_groups")),
        sa.UniqueConstraint("name", name=op.f("uq_sharing_groups_name")),
    )
    op.create_table(
        "sharing_group_members",
        sa.Column("group_id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        _fk("sharing_group_members", "agency_id", "agencies"),
        _fk("sharing_group_members", "group_id", "sharing_groups"),
        sa.PrimaryKeyConstraint("group_id", "agency_id", name=op.f("pk_sharing_group_members")),
    )
    op.create_table(
        "scopes",
        sa.Column("id", Id, nullable=False),
        sa.Column("signature", sa.String(length=1000), nullable=False),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("domestic", sa.String(length=2), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scopes")),
        sa.UniqueConstraint("signature", name=op.f("uq_scopes_signature")),
    )
    op.create_table(
        "scope_audience",
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        _fk("scope_audience", "agency_id", "agencies"),
        _fk("scope_audience", "scope_id", "scopes"),
        sa.PrimaryKeyConstraint("agency_id", "scope_id", name=op.f("pk_scope_audience")),
    )
    op.create_table(
        "export_rules",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("law", sa.String(length=200), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("country", name=op.f("pk_export_rules")),
    )
    op.create_table(
        "users",
        sa.Column("id", Id, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("disabled_at", Stamp, nullable=True),
        _fk("users", "agency_id", "agencies"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_agency_id"), "users", ["agency_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", Id, nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_agency_id", Id, nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        _fk("audit_log", "actor_agency_id", "agencies"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )

    # Every TLP already used becomes a scope without groups or recipients; CLEAR and GREEN reach
    # every agency, the stricter ones only the owner (as before).
    bind = op.get_bind()
    scopes = sa.table(
        "scopes",
        sa.column("id", Id),
        sa.column("signature", sa.String()),
        sa.column("tlp", sa.String()),
        sa.column("groups", sa.JSON()),
        sa.column("recipients", sa.JSON()),
        sa.column("created_at", Stamp),
    )
    used = [row[0] for row in bind.execute(sa.text("SELECT DISTINCT tlp FROM reports"))]
    for tlp in used:
        bind.execute(
            scopes.insert().values(
                signature=f"{tlp}|g=|r=|d=", tlp=tlp, groups=[], recipients=[],
                created_at=sa.func.current_timestamp(),
            )
        )
    op.execute(
        "INSERT INTO scope_audience (agency_id, scope_id) SELECT a.id, s.id FROM agencies a, "
        "scopes s WHERE s.tlp IN ('CLEAR', 'GREEN')"
    )

    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("scope_id", Id, nullable=True))
        batch.add_column(sa.Column("purpose", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("legal_basis", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("retain_until", Stamp, nullable=True))
        batch.add_column(sa.Column("approval_ref", sa.String(length=200), nullable=True))
    five_years = (
        "received_at + interval '5 years'"
        if bind.dialect.name == "postgresql"
        else "datetime(received_at, '+5 years')"
    )
    bind.execute(
        sa.text(
            "UPDATE reports SET scope_id = (SELECT s.id FROM scopes s WHERE s.signature = "
            f"reports.tlp || '|g=|r=|d='), purpose = :purpose, legal_basis = :basis, "
            f"retain_until = {five_years}"
        ),
        {"purpose": DEFAULT_PURPOSE, "basis": DEFAULT_LEGAL_BASIS},
    )
    with op.batch_alter_table("reports") as batch:
        for column in ("scope_id", "purpose", "legal_basis", "retain_until"):
            batch.alter_column(column, nullable=False)
        batch.create_foreign_key(op.f("fk_reports_scope_id_scopes"), "scopes", ["scope_id"], ["id"])
        batch.create_index(op.f("ix_reports_scope_id"), ["scope_id"])
        batch.create_index(op.f("ix_reports_retain_until"), ["retain_until"])

    # Operation membership is now kept per sharing scope rather than per TLP.
    op.drop_table("operation_members")
    op.create_table(
        "operation_members",
        sa.Column("operation_id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("scope_id", Id, nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        _fk("operation_members", "agency_id", "agencies"),
        _fk("operation_members", "operation_id", "operations"),
        _fk("operation_members", "scope_id", "scopes"),
        sa.PrimaryKeyConstraint(
            "operation_id", "agency_id", "scope_id", name=op.f("pk_operation_members")
        ),
    )
    op.execute(
        "INSERT INTO operation_members (operation_id, agency_id, scope_id, reports) "
        "SELECT operation_id, agency_id, scope_id, count(*) FROM reports "
        "GROUP BY operation_id, agency_id, scope_id"
    )


def downgrade() -> None:
    # Back to per-TLP membership; groups, recipients and purposes are dropped with their tables.
    op.drop_table("operation_members")
    op.create_table(
        "operation_members",
        sa.Column("operation_id", Id, nullable=False),
        sa.Column("agency_id", Id, nullable=False),
        sa.Column("tlp", sa.String(length=16), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        _fk("operation_members", "agency_id", "agencies"),
        _fk("operation_members", "operation_id", "operations"),
        sa.PrimaryKeyConstraint("operation_id", "agency_id", "tlp",
                                name=op.f("pk_operation_members")),
    )
    op.execute(
        "INSERT INTO operation_members (operation_id, agency_id, tlp, reports) "
        "SELECT operation_id, agency_id, tlp, count(*) FROM reports "
        "GROUP BY operation_id, agency_id, tlp"
    )
    with op.batch_alter_table("reports") as batch:
        batch.drop_index(op.f("ix_reports_retain_until"))
        batch.drop_index(op.f("ix_reports_scope_id"))
        batch.drop_constraint(op.f("fk_reports_scope_id_scopes"), type_="foreignkey")
        for column in ("approval_ref", "retain_until", "legal_basis", "purpose", "scope_id"):
            batch.drop_column(column)
    for table in ("audit_log", "users", "export_rules", "scope_audience", "scopes",
                  "sharing_group_members", "sharing_groups"):
        op.drop_table(table)
