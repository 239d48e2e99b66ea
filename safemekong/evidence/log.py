"""The transparency log core: an append-only RFC 9162 Merkle log with signed checkpoints.

It accepts leaves blindly (bytes in, index out) and knows nothing of evidence; the locker is
its personality. Appends run inside the caller's write transaction, so a leaf and the record
that produced it commit together. Perfect-subtree hashes are stored as the log grows
(about two rows a leaf), so heads and proofs take a handful of lookups.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from safemekong.errors import Conflict, InvalidInput, NotFound
from safemekong.evidence import merkle
from safemekong.evidence.signing import Signer, add_cosignatures
from safemekong.evidence.verify import Checkpoint, Note, VerificationError
from safemekong.store import utcnow
from safemekong.store.evidence_schema import evidence_checkpoints, evidence_log_nodes

#: Seconds between checkpoints signed automatically while leaves keep arriving.
DEFAULT_CHECKPOINT_INTERVAL = 0.5


class Nodes:
    """Perfect-subtree hashes of one log, read on demand (or all at once) and cached."""

    def __init__(self, conn: Connection, preload: bool = False) -> None:
        self.conn = conn
        self.cache: dict[tuple[int, int], bytes] = {}
        if preload:
            table = evidence_log_nodes
            for level, idx, digest in conn.execute(
                select(table.c.level, table.c.idx, table.c.hash)
            ):
                self.cache[(level, idx)] = bytes(digest)

    def __call__(self, level: int, index: int) -> bytes:
        key = (level, index)
        found = self.cache.get(key)
        if found is None:
            table = evidence_log_nodes
            row = self.conn.execute(
                select(table.c.hash).where(table.c.level == level, table.c.idx == index)
            ).scalar()
            if row is None:
                raise NotFound(f"the log has no subtree at level {level} index {index}")
            found = self.cache[key] = bytes(row)
        return found


class Appender:
    """Adds leaves within one write transaction (nobody else appends meanwhile)."""

    def __init__(self, conn: Connection, size: int) -> None:
        self.conn = conn
        self.size = size
        self.nodes = Nodes(conn)

    def append(self, entries: Sequence[bytes]) -> list[int]:
        start = self.size
        rows: list[dict[str, object]] = []
        for offset, entry in enumerate(entries):
            leaf = merkle.leaf_hash(entry)
            for level, idx, digest in merkle.new_nodes(start + offset, leaf, self.nodes):
                self.nodes.cache[(level, idx)] = digest
                rows.append({"level": level, "idx": idx, "hash": digest})
        if rows:
            self.conn.execute(insert(evidence_log_nodes), rows)
        self.size += len(entries)
        return list(range(start, self.size))


@dataclass(frozen=True)
class SignedCheckpoint:
    size: int
    root: bytes
    note: str
    created_at: datetime


class MerkleLog:
    """One node's log, signed with ``signer``."""

    def __init__(
        self, signer: Signer, checkpoint_interval: float = DEFAULT_CHECKPOINT_INTERVAL
    ) -> None:
        self.signer = signer
        self.origin = signer.name
        self.checkpoint_interval = checkpoint_interval
        self._last_signed = 0.0

    def size(self, conn: Connection) -> int:
        table = evidence_log_nodes
        last = conn.execute(select(func.max(table.c.idx)).where(table.c.level == 0)).scalar()
        return 0 if last is None else int(last) + 1

    def append(self, conn: Connection, entries: Sequence[bytes]) -> list[int]:
        """Add ``entries`` as leaves; their indexes. Call inside a write transaction."""
        return self.appender(conn).append(entries)

    def appender(self, conn: Connection) -> Appender:
        """Appends for the rest of one write transaction, keeping the tree's edge in memory."""
        return Appender(conn, self.size(conn))

    def root(self, conn: Connection, size: int | None = None) -> bytes:
        return merkle.root(Nodes(conn), 0, self.size(conn) if size is None else size)

    def leaf(self, conn: Connection, index: int) -> bytes:
        return Nodes(conn)(0, index)

    def inclusion(self, nodes: Nodes, index: int, size: int) -> list[bytes]:
        try:
            return merkle.inclusion_proof(nodes, index, size)
        except ValueError as exc:
            raise InvalidInput("index", str(exc)) from None

    def consistency(self, conn: Connection, first: int, second: int) -> list[bytes]:
        current = self.size(conn)
        if second > current:
            raise InvalidInput("size", f"the log has only {current} leaves")
        try:
            return merkle.consistency_proof(Nodes(conn), first, second)
        except ValueError as exc:
            raise InvalidInput("from", str(exc)) from None

    # -- checkpoints ---------------------------------------------------------------------------
    def checkpoint(self, conn: Connection) -> SignedCheckpoint:
        """Sign the current tree head (or return the newest one when nothing was added)."""
        size = self.size(conn)
        latest = self.latest(conn)
        if latest is not None and latest.size == size:
            return latest
        root = merkle.root(Nodes(conn), 0, size)
        note = self.signer.sign_note(Checkpoint(self.origin, size, root).text())
        now = utcnow()
        conn.execute(
            insert(evidence_checkpoints).values(size=size, root=root, note=note, created_at=now)
        )
        self._last_signed = time.monotonic()
        return SignedCheckpoint(size, root, note, now)

    def maybe_checkpoint(self, conn: Connection) -> SignedCheckpoint | None:
        """Sign a checkpoint when the last one this process signed is older than the interval."""
        if time.monotonic() - self._last_signed < self.checkpoint_interval:
            return None
        return self.checkpoint(conn)

    def latest(self, conn: Connection) -> SignedCheckpoint | None:
        table = evidence_checkpoints
        row = conn.execute(select(table).order_by(table.c.size.desc()).limit(1)).first()
        return (
            None
            if row is None
            else SignedCheckpoint(row.size, bytes(row.root), row.note, row.created_at)
        )

    def at_size(self, conn: Connection, size: int) -> SignedCheckpoint:
        table = evidence_checkpoints
        row = conn.execute(select(table).where(table.c.size == size)).first()
        if row is None:
            raise NotFound(f"no checkpoint of size {size}")
        return SignedCheckpoint(row.size, bytes(row.root), row.note, row.created_at)

    def add_cosignatures(self, conn: Connection, size: int, lines: Sequence[str]) -> str:
        """Attach witnesses' cosignature lines to the stored checkpoint of ``size``."""
        stored = self.at_size(conn, size)
        try:
            note = add_cosignatures(stored.note, list(lines))
        except VerificationError as exc:
            raise Conflict(f"stored checkpoint {size} is damaged: {exc}") from exc
        table = evidence_checkpoints
        conn.execute(update(table).where(table.c.size == size).values(note=note))
        return note

    def audit(self, conn: Connection) -> list[str]:
        """Problems found re-deriving every stored subtree and checkpoint from the leaves."""
        problems: list[str] = []
        nodes = Nodes(conn, preload=True)
        for (level, idx), digest in sorted(nodes.cache.items()):
            if level == 0:
                continue
            left, right = (
                nodes.cache.get((level - 1, 2 * idx)),
                nodes.cache.get((level - 1, 2 * idx + 1)),
            )
            if left is None or right is None or merkle.node_hash(left, right) != digest:
                problems.append(f"subtree at level {level} index {idx} does not match its leaves")
        key = self.signer.verifier()
        for row in conn.execute(select(evidence_checkpoints)):
            try:
                note = Note.parse(row.note)
                body = Checkpoint.parse(note.text)
            except VerificationError as exc:
                problems.append(f"checkpoint {row.size}: {exc}")
                continue
            if not note.signed_by(key) or body.size != row.size:
                problems.append(f"checkpoint {row.size}: signature or size does not match")
            elif merkle.root(nodes, 0, body.size) != body.root:
                problems.append(f"checkpoint {row.size}: the log no longer has this root")
        return problems


__all__ = ["MerkleLog", "Nodes", "SignedCheckpoint"]
