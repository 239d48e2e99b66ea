"""Witnessing: partner nodes cosign checkpoints they have checked for consistency.

A witness keeps, per log it watches, the newest checkpoint it verified; it cosigns a new
checkpoint (C2SP tlog-cosignature, cosignature/v1) only when a consistency proof shows the new
tree extends that one, so a node cannot show two histories to two witnesses' clients.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from safemekong.errors import Conflict, InvalidInput
from safemekong.evidence.log import MerkleLog
from safemekong.evidence.signing import Signer
from safemekong.evidence.verify import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    Checkpoint,
    Note,
    VerificationError,
    VerifierKey,
    origin_matches_key,
    parse_consistency_bundle,
    read_keys,
    verify_consistency,
)
from safemekong.store import utcnow
from safemekong.store.evidence_schema import evidence_witnessed

WITNESSES_FILE = "witnesses.txt"


def _key(text: str, alg: int, field: str) -> VerifierKey:
    try:
        key = VerifierKey.parse(text)
    except VerificationError as exc:
        raise InvalidInput(field, str(exc)) from None
    if key.alg != alg:
        kind = "a log (Ed25519)" if alg == ALG_ED25519 else "a witness (cosignature/v1)"
        raise InvalidInput(field, f"is not {kind} verifier key")
    return key


def read_witnesses(directory: Path) -> list[VerifierKey]:
    path = directory / WITNESSES_FILE
    return read_keys(path.read_text()) if path.exists() else []


def add_witness(directory: Path, vkey: str) -> VerifierKey:
    """Trust a partner's cosignature key as a witness of this node's log."""
    key = _key(vkey, ALG_COSIGNATURE_V1, "witness")
    known = read_witnesses(directory)
    if key not in known:
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / WITNESSES_FILE).open("a") as handle:
            handle.write(key.encode() + "\n")
    return key


def cosigners(note_text: str, witnesses: Sequence[VerifierKey]) -> list[VerifierKey]:
    """The witnesses whose valid cosignature the signed checkpoint carries."""
    note = Note.parse(note_text)
    return [w for w in witnesses if note.cosigned_by(w) is not None]


def cosign(conn: Connection, signer: Signer, bundle: str, log_key: str) -> str:
    """Verify another log's new checkpoint against what this witness saw last, then cosign."""
    key = _key(log_key, ALG_ED25519, "log_key")
    try:
        old, proof, raw = parse_consistency_bundle(bundle)
        note = Note.parse(raw)
        checkpoint = Checkpoint.parse(note.text)
    except VerificationError as exc:
        raise InvalidInput("checkpoint", str(exc)) from None
    if not note.signed_by(key) or not origin_matches_key(checkpoint.origin, key):
        raise InvalidInput("checkpoint", "is not signed by the given log key")
    table = evidence_witnessed
    seen = conn.execute(select(table).where(table.c.origin == checkpoint.origin)).first()
    if seen is not None:
        if seen.vkey != key.encode():
            raise Conflict(f"log {checkpoint.origin} was witnessed with another key")
        if checkpoint.size < seen.size or old != seen.size:
            raise Conflict(
                f"send a consistency proof from size {seen.size}, the last one witnessed"
            )
        if not verify_consistency(
            seen.size, checkpoint.size, bytes(seen.root), checkpoint.root, proof
        ):
            raise Conflict(
                f"log {checkpoint.origin} of size {checkpoint.size} is not consistent with the "
                f"checkpoint of size {seen.size} witnessed before: refusing to cosign a fork"
            )
        conn.execute(
            update(table)
            .where(table.c.origin == checkpoint.origin)
            .values(size=checkpoint.size, root=checkpoint.root, updated_at=utcnow())
        )
    else:
        conn.execute(
            insert(table).values(
                origin=checkpoint.origin,
                vkey=key.encode(),
                size=checkpoint.size,
                root=checkpoint.root,
                updated_at=utcnow(),
            )
        )
    line = signer.cosignature_line(note.text, int(time.time()))
    return raw.rstrip("\n") + "\n" + line


def attach(
    conn: Connection, log: MerkleLog, cosigned: str, witnesses: Sequence[VerifierKey]
) -> dict[str, Any]:
    """Keep the cosignatures of known witnesses on the stored checkpoint they cover."""
    try:
        note = Note.parse(cosigned)
        checkpoint = Checkpoint.parse(note.text)
    except VerificationError as exc:
        raise InvalidInput("checkpoint", str(exc)) from None
    stored = log.at_size(conn, checkpoint.size)
    if Note.parse(stored.note).text != note.text:
        raise InvalidInput("checkpoint", "does not match this node's checkpoint of that size")
    valid = [w for w in witnesses if note.cosigned_by(w) is not None]
    if not valid:
        raise InvalidInput("checkpoint", "carries no valid cosignature of a known witness")
    names = {w.name for w in valid}
    lines = [
        line
        for line in cosigned.split("\n\n", 1)[1].splitlines()
        if line.split(" ")[1:2] and line.split(" ")[1] in names
    ]
    log.add_cosignatures(conn, checkpoint.size, lines)
    return {"size": checkpoint.size, "witnesses": sorted(names)}
