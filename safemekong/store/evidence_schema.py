"""Tables of the evidence locker (SQLAlchemy Core, in the hub's shared ``metadata``).

The Merkle log core owns ``evidence_log_nodes`` and ``evidence_checkpoints`` and knows nothing
of evidence; the locker owns items, custody events and requests, each row keeping the exact
bytes it put in the log (``manifest`` / ``record``) and the leaf index where they went.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from safemekong.store.schema import Id, metadata

Stamp = DateTime(timezone=True)

# Hash of every perfect subtree: 2**level leaves starting at leaf idx * 2**level.
evidence_log_nodes = Table(
    "evidence_log_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

# Signed tree heads (C2SP signed notes, cosignature lines appended as witnesses send them).
evidence_checkpoints = Table(
    "evidence_checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", Stamp, nullable=False),
)

# Other nodes' logs this node witnesses: the newest checkpoint it verified for each.
evidence_witnessed = Table(
    "evidence_witnessed",
    metadata,
    Column("origin", String(200), primary_key=True),
    Column("vkey", String(300), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("updated_at", Stamp, nullable=False),
)

evidence_items = Table(
    "evidence_items",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("scope_id", Id, ForeignKey("scopes.id"), nullable=False, index=True),
    Column("case_ref", String(100), nullable=False, index=True),
    Column("exhibit", String(100), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(200), nullable=False),
    Column("original_name", String(500), nullable=False),
    Column("tlp", String(16), nullable=False),
    # The canonical manifest bytes logged at leaf_index, and the node's signature of them.
    Column("manifest", Text, nullable=False),
    Column("signature", String(100), nullable=False),
    Column("leaf_index", BigInteger, nullable=False, unique=True),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("agency_id", "case_ref", "exhibit", name="uq_evidence_items_exhibit"),
)

evidence_custody = Table(
    "evidence_custody",
    metadata,
    Column("id", Id, primary_key=True),
    Column("item_id", Id, ForeignKey("evidence_items.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("at", Stamp, nullable=False),
    # The canonical event bytes logged at leaf_index.
    Column("record", Text, nullable=False),
    Column("leaf_index", BigInteger, nullable=False, unique=True),
    UniqueConstraint("item_id", "seq", name="uq_evidence_custody_item_seq"),
)

# Preservation and mutual-legal-assistance requests (Budapest Convention Art. 29 fields).
evidence_requests = Table(
    "evidence_requests",
    metadata,
    Column("id", Id, primary_key=True),
    Column("agency_id", Id, ForeignKey("agencies.id"), nullable=False),
    Column("scope_id", Id, ForeignKey("scopes.id"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("case_ref", String(100), nullable=False, index=True),
    Column("details", Text, nullable=False),
    Column("deadline", Stamp, nullable=False, index=True),
    Column("status", String(20), nullable=False),
    Column("created_at", Stamp, nullable=False),
)
