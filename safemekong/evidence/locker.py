"""The evidence locker: the log's personality for evidence items and their chain of custody.

Files go to the blob store, manifests and custody events to the Merkle log, rows to the hub's
store, all in one write transaction per call. Every read goes through the hub's visibility
function; every view, copy and export is itself a custody event.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Final

from sqlalchemy import Connection, Row, insert, or_, select, update
from sqlalchemy.engine import make_url

from safemekong.config import DEFAULT_DATA_DIR
from safemekong.errors import Forbidden, InvalidInput, NotFound
from safemekong.evidence import caseuco, records, requests, witness
from safemekong.evidence.blobs import BlobStore, LocalBlobStore, StoredBlob
from safemekong.evidence.log import MerkleLog, Nodes, SignedCheckpoint
from safemekong.evidence.package import PackagedItem, replace_checkpoint, write_package
from safemekong.evidence.records import Actor
from safemekong.evidence.signing import Signer, node_signer
from safemekong.evidence.verify import (
    Checkpoint,
    InclusionProof,
    Note,
    VerificationError,
    VerifierKey,
    canonical,
    consistency_bundle,
    leaf_hash,
)
from safemekong.policy.agencies import Agency, agency_by_id, get_agency
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import Marking, ScopeResolver, check_marking, markings
from safemekong.policy.visibility import visible_clause
from safemekong.store import Store, iso, utcnow
from safemekong.store.bulk import insert_returning_ids
from safemekong.store.evidence_schema import evidence_custody, evidence_items

#: Environment variable naming the locker's directory (blobs and keys).
EVIDENCE_DIR_ENV = "SAFEMEKONG_EVIDENCE_DIR"
#: Most items one export may hold.
MAX_EXPORT_ITEMS = 100_000


@dataclass(frozen=True)
class NewItem:
    """A file to register: an open binary stream and its metadata (see records.FIELDS)."""

    stream: BinaryIO
    metadata: dict[str, Any]
    file_name: str | None = None


@dataclass
class _Prepared:
    entries: tuple[bytes, bytes, bytes]
    row: dict[str, Any]


class Locker:
    """Evidence items, custody and the node's transparency log over one hub store."""

    def __init__(
        self,
        store: Store,
        directory: Path,
        blobs: BlobStore | None = None,
        signer: Signer | None = None,
        checkpoint_interval: float | None = None,
    ) -> None:
        self.store = store
        self.directory = directory
        self.blobs: BlobStore = blobs or LocalBlobStore(directory / "blobs")
        self.signer = signer or node_signer(directory / "keys")
        self.log = (
            MerkleLog(self.signer)
            if checkpoint_interval is None
            else MerkleLog(self.signer, checkpoint_interval)
        )

    @classmethod
    def for_store(cls, store: Store) -> Locker:
        """The locker of a hub store, its files in :func:`data_directory`."""
        return cls(store, data_directory(store))

    # -- who acts --------------------------------------------------------------------------
    def owner_agency(self, conn: Connection, principal: Principal, code: str | None) -> Agency:
        """The agency a new record belongs to: the caller's own (the node admin names one)."""
        if principal.agency_id is not None:
            own = agency_by_id(conn, principal.agency_id)
            if code and code.strip().upper() != own.code:
                raise Forbidden(f"you may only register evidence for {own.code}")
            return own
        if not code:
            raise InvalidInput("agency", "is required (the agency that holds the evidence)")
        return get_agency(conn, code)

    @staticmethod
    def actor(principal: Principal, name: str | None = None, agency: str | None = None) -> Actor:
        """The actor recorded in custody events: an agency caller is who their key says."""
        if principal.agency_id is not None:
            return Actor(
                principal.name or f"{principal.agency_code} {principal.role}", principal.agency_code
            )
        return Actor(name or "node administrator", (agency or "").strip().upper())

    # -- registration ------------------------------------------------------------------------
    def add(
        self,
        principal: Principal,
        new: NewItem,
        actor: Actor | None = None,
        agency: str | None = None,
    ) -> dict[str, Any]:
        """Register one file; see :meth:`add_many`."""
        return self.add_many(principal, [new], actor, agency)[0]

    def add_many(
        self,
        principal: Principal,
        items: Sequence[NewItem],
        actor: Actor | None = None,
        agency: str | None = None,
    ) -> list[dict[str, Any]]:
        """Store files and register them with 'acquired' and 'registered' events, atomically."""
        require(principal, Permission.WRITE)
        checked = [records.check_metadata(i.metadata, i.file_name) for i in items]
        markings_in = [
            check_marking(
                i.metadata.get("tlp") or "AMBER",
                i.metadata.get("sharing_groups"),
                i.metadata.get("recipients"),
            )
            for i in items
        ]
        stored: list[StoredBlob] = self.blobs.put_many([i.stream for i in items])
        with self.store.write() as conn:
            owner = self.owner_agency(conn, principal, agency)
            who = actor or self.actor(principal, agency=owner.code)
            _check_new_exhibits(conn, owner, checked)
            resolver = ScopeResolver(conn)
            prepared = [
                self._prepare(owner, who, meta, marking, resolver.resolve(marking, owner), blob)
                for meta, marking, blob in zip(checked, markings_in, stored, strict=True)
            ]
            indexes = self.log.appender(conn).append(
                [entry for p in prepared for entry in p.entries]
            )
            for n, p in enumerate(prepared):
                p.row["leaf_index"] = indexes[3 * n]
            ids = insert_returning_ids(conn, evidence_items, [p.row for p in prepared])
            now = utcnow()
            conn.execute(
                insert(evidence_custody),
                [
                    {
                        "item_id": item_id,
                        "seq": seq,
                        "action": action,
                        "at": now,
                        "record": p.entries[seq + 1].decode(),
                        "leaf_index": indexes[3 * n + seq + 1],
                    }
                    for n, (item_id, p) in enumerate(zip(ids, prepared, strict=True))
                    for seq, action in enumerate(("acquired", "registered"))
                ],
            )
            self.log.maybe_checkpoint(conn)
        return [
            {**_summary(json.loads(p.entries[0])), "id": int(item_id), "deduplicated": not b.new}
            for item_id, p, b in zip(ids, prepared, stored, strict=True)
        ]

    def _prepare(
        self,
        owner: Agency,
        who: Actor,
        meta: dict[str, Any],
        marking: Marking,
        scope_id: int,
        blob: StoredBlob,
    ) -> _Prepared:
        """The manifest, acquisition and registration entries and the item row (no leaf yet)."""
        body = records.manifest(
            self.log.origin, meta, owner.code, blob.sha256, blob.size, marking.to_json(), who
        )
        item = records.item_key(owner.code, meta["case"], meta["exhibit"])
        officer = Actor(meta["acquired_by"], owner.code)
        tool = (meta["acquisition_tool"] or "unrecorded", "")
        acquired = records.custody_event(
            item, 0, leaf_hash(body), "acquired", officer, meta["acquisition_method"],
            blob.sha256, {"source": meta["source"]}, meta["acquired_at"], tool,
        )  # fmt: skip
        registered = records.custody_event(
            item, 1, leaf_hash(acquired), "registered", who, "intake", blob.sha256,
            {"deduplicated": not blob.new},
        )  # fmt: skip
        row = {
            "agency_id": owner.id,
            "scope_id": scope_id,
            "case_ref": meta["case"],
            "exhibit": meta["exhibit"],
            "sha256": blob.sha256,
            "size": blob.size,
            "media_type": meta["media_type"],
            "original_name": meta["original_name"],
            "tlp": marking.tlp.value,
            "manifest": body.decode(),
            "signature": base64.b64encode(self.signer.sign(body)).decode(),
            "created_at": utcnow(),
        }
        return _Prepared((body, acquired, registered), row)

    # -- reading (each read is a custody event) ---------------------------------------------
    def _visible_items(
        self,
        conn: Connection,
        principal: Principal,
        ids: Sequence[int] = (),
        cases: Sequence[str] = (),
        after_id: int = 0,
        limit: int | None = None,
    ) -> list[Row[Any]]:
        query = select(evidence_items).where(
            visible_clause(principal, evidence_items), evidence_items.c.id > after_id
        )
        conditions = []
        if ids:
            conditions.append(evidence_items.c.id.in_(list(ids)))
        if cases:
            conditions.append(evidence_items.c.case_ref.in_(list(cases)))
        if conditions:
            query = query.where(or_(*conditions))
        return list(conn.execute(query.order_by(evidence_items.c.id).limit(limit)))

    def _item(self, conn: Connection, principal: Principal, item_id: int) -> Row[Any]:
        found = self._visible_items(conn, principal, [item_id])
        if not found:
            raise NotFound(f"no evidence item {item_id} visible to you")
        return found[0]

    def _append_events(
        self, conn: Connection, rows: Sequence[Row[Any]], action: str, who: Actor, purpose: str,
        details: dict[str, Any] | None = None,
    ) -> list[tuple[bytes, int]]:  # fmt: skip
        """Append one custody event for each item row; returns the event bytes and leaf index."""
        if not rows:
            return []
        heads = _chain_heads(conn, [r.id for r in rows])
        events = []
        for row in rows:
            seq, prev = heads[row.id]
            item = json.loads(row.manifest)["item"]
            events.append(
                (seq, records.custody_event(
                    item, seq, prev, action, who, purpose, row.sha256, details
                ))
            )  # fmt: skip
        indexes = self.log.append(conn, [raw for _, raw in events])
        now = utcnow()
        conn.execute(
            insert(evidence_custody),
            [
                {
                    "item_id": row.id,
                    "seq": seq,
                    "action": action,
                    "at": now,
                    "record": raw.decode(),
                    "leaf_index": index,
                }
                for row, (seq, raw), index in zip(rows, events, indexes, strict=True)
            ],
        )
        return [(raw, index) for (_, raw), index in zip(events, indexes, strict=True)]

    def show(
        self, principal: Principal, item_id: int, actor: Actor | None = None, purpose: str = ""
    ) -> dict[str, Any]:
        """An item's manifest and current state; recorded as a 'viewed' custody event."""
        require(principal, Permission.READ)
        with self.store.write() as conn:
            row = self._item(conn, principal, item_id)
            self._append_events(conn, [row], "viewed", actor or self.actor(principal), purpose)
            self.log.maybe_checkpoint(conn)
            return _view(conn, row)

    def list_items(
        self,
        principal: Principal,
        case: str | None = None,
        after_id: int = 0,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Summaries of the items ``principal`` may see, by id (listing is not a view of an
        item): at most ``limit`` of them after ``after_id``."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            cases = [case] if case else []
            rows = self._visible_items(conn, principal, cases=cases, after_id=after_id, limit=limit)
            return [{**_summary(json.loads(r.manifest)), "id": r.id} for r in rows]

    def custody(self, principal: Principal, item_id: int) -> list[dict[str, Any]]:
        """The item's custody events in order, each with its log index."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            row = self._item(conn, principal, item_id)
            return _events(conn, row.id)

    def open_copy(
        self, principal: Principal, item_id: int, actor: Actor | None = None, purpose: str = ""
    ) -> tuple[dict[str, Any], BinaryIO]:
        """The item's summary and its file as an open stream (the caller closes it); recorded
        as a 'copied' custody event first."""
        require(principal, Permission.READ)
        with self.store.write() as conn:
            row = self._item(conn, principal, item_id)
            self._append_events(conn, [row], "copied", actor or self.actor(principal), purpose)
            self.log.maybe_checkpoint(conn)
            summary = {**_summary(json.loads(row.manifest)), "id": row.id}
        return summary, self.blobs.open(row.sha256)

    @contextmanager
    def download(
        self, principal: Principal, item_id: int, actor: Actor | None = None, purpose: str = ""
    ) -> Iterator[tuple[dict[str, Any], BinaryIO]]:
        """:meth:`open_copy` as a context manager."""
        summary, stream = self.open_copy(principal, item_id, actor, purpose)
        with stream:
            yield summary, stream

    # -- handling ----------------------------------------------------------------------------
    def record(
        self,
        principal: Principal,
        item_id: int,
        action: str,
        actor: Actor | None = None,
        purpose: str = "",
        to: str | None = None,
    ) -> dict[str, Any]:
        """Record a hand-made custody event (transferred, received, sealed); see record_many."""
        return self.record_many(principal, [item_id], action, actor, purpose, to)[0]

    def record_many(
        self,
        principal: Principal,
        item_ids: Sequence[int],
        action: str,
        actor: Actor | None = None,
        purpose: str = "",
        to: str | None = None,
    ) -> list[dict[str, Any]]:
        """Record the same hand-made event for several items in one transaction.

        A transfer also lets the receiving agency see the items (added as a named recipient).
        """
        require(principal, Permission.WRITE)
        if action not in records.MANUAL_ACTIONS:
            allowed = ", ".join(sorted(records.MANUAL_ACTIONS))
            raise InvalidInput("action", f"{action!r} cannot be recorded by hand; use {allowed}")
        if not item_ids:
            raise InvalidInput("items", "name at least one item")
        with self.store.write() as conn:
            rows = self._visible_items(conn, principal, item_ids)
            _check_found(rows, item_ids, [])
            details: dict[str, Any] = {}
            if action == "transferred":
                if not to:
                    raise InvalidInput("to", "is required for a transfer")
                receiver = get_agency(conn, to, "to")
                details["to"] = receiver.code
                for row in rows:
                    self._share_with(conn, row, receiver)
            raws = self._append_events(
                conn, rows, action, actor or self.actor(principal), purpose, details
            )
            self.log.maybe_checkpoint(conn)
            by_id = {
                row.id: {**json.loads(raw), "log_index": index}
                for row, (raw, index) in zip(rows, raws, strict=True)
            }
            return [by_id[i] for i in item_ids]

    def _share_with(self, conn: Connection, row: Row[Any], receiver: Agency) -> None:
        current = markings(conn, [row.scope_id])[row.scope_id]
        if receiver.id == row.agency_id or receiver.code in current.recipients:
            return
        wider = Marking(
            current.tlp,
            current.groups,
            tuple(sorted({*current.recipients, receiver.code})),
            current.domestic,
        )
        scope_id = ScopeResolver(conn).resolve(wider)
        conn.execute(
            update(evidence_items).where(evidence_items.c.id == row.id).values(scope_id=scope_id)
        )

    def verify_item(
        self, principal: Principal, item_id: int, actor: Actor | None = None
    ) -> dict[str, Any]:
        """Re-hash the stored file; a match is recorded as a 'verified' custody event."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            row = self._item(conn, principal, item_id)
        intact = self.blobs.verify(row.sha256)
        if intact:
            with self.store.write() as conn:
                self._append_events(conn, [row], "verified", actor or self.actor(principal), "")
                self.log.maybe_checkpoint(conn)
        return {"id": row.id, "sha256": row.sha256, "intact": intact}

    def count_targets(self, principal: Principal, targets: Sequence[str]) -> int:
        """How many items an export of ``targets`` would hold (NotFound names what is missing)."""
        require(principal, Permission.READ)
        ids, cases = _targets(targets)
        with self.store.read() as conn:
            rows = self._visible_items(conn, principal, ids, cases)
        _check_found(rows, ids, cases)
        return len(rows)

    # -- export ------------------------------------------------------------------------------
    def export(
        self,
        principal: Principal,
        targets: Sequence[str],
        out: Path,
        actor: Actor | None = None,
        purpose: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Write a package of the given items (ids) and cases (references) to ``out``.

        Each item gets an 'exported' custody event first, and a checkpoint is signed so that the
        package proves its own export. ``progress(done, total)`` follows the writing.
        """
        require(principal, Permission.WRITE)
        ids, cases = _targets(targets)
        package_id = uuid.uuid4().hex
        who = actor or self.actor(principal)
        with self.store.write() as conn:
            rows = self._visible_items(conn, principal, ids, cases)
            _check_found(rows, ids, cases)
            if len(rows) > MAX_EXPORT_ITEMS:
                raise InvalidInput("items", f"at most {MAX_EXPORT_ITEMS} items per package")
            self._append_events(conn, rows, "exported", who, purpose, {"package": package_id})
            signed = self.log.checkpoint(conn)
            nodes = Nodes(conn, preload=len(rows) > 20)
            items, manifests, chains = [], [], []
            all_events = _events_of(conn, [row.id for row in rows])
            for row in rows:
                chain = all_events.get(row.id, [])
                raws = [e["record"].encode() for e in chain]
                events = [json.loads(raw) for raw in raws]
                indexes = [row.leaf_index, *(e["leaf_index"] for e in chain)]
                proofs = [
                    InclusionProof(i, tuple(self.log.inclusion(nodes, i, signed.size)))
                    for i in indexes
                ]
                manifests.append(json.loads(row.manifest))
                chains.append(events)
                items.append(
                    PackagedItem(
                        row.id, row.exhibit, row.case_ref, row.manifest.encode(), row.signature,
                        row.sha256, row.original_name, raws, proofs,
                    )
                )  # fmt: skip
            case_refs = sorted({row.case_ref for row in rows})
            found_requests = requests.for_cases(conn, principal, case_refs)
        extras = {
            "case.jsonld": caseuco.describe(self.log.origin, manifests, chains),
            "requests.json": canonical(found_requests),
        }
        meta = {
            "package": package_id,
            "origin": self.log.origin,
            "created_at": records.now_iso(),
            "exported_by": {"name": who.name, "agency": who.agency},
            "purpose": purpose,
            "cases": case_refs,
        }
        cosigners = witness.cosigners(signed.note, self.witnesses())
        total = len(items)
        index = write_package(
            out, self.signer, meta, signed.note, cosigners, items, extras, self.blobs.open,
            None if progress is None else lambda done: progress(done, total),
        )  # fmt: skip
        return {
            "package": package_id,
            "path": str(out),
            "items": len(index["items"]),
            "cases": case_refs,
            "checkpoint_size": signed.size,
        }

    # -- preservation and mutual-legal-assistance requests -----------------------------------
    def add_request(
        self,
        principal: Principal,
        case: str,
        details: dict[str, Any],
        agency: str | None = None,
        tlp: str = "AMBER",
    ) -> dict[str, Any]:
        require(principal, Permission.WRITE)
        with self.store.write() as conn:
            owner = self.owner_agency(conn, principal, agency)
            return requests.add_request(conn, owner, case, details, tlp)

    def list_requests(
        self, principal: Principal, due_within_days: int | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return requests.list_requests(conn, principal, due_within_days, limit)

    def set_request_status(
        self, principal: Principal, request_id: int, status: str
    ) -> dict[str, Any]:
        require(principal, Permission.WRITE)
        with self.store.write() as conn:
            return requests.set_status(conn, principal, request_id, status)

    # -- the log -----------------------------------------------------------------------------
    def checkpoint(self) -> SignedCheckpoint:
        """Sign the current tree head now (nothing new when the log has not grown)."""
        with self.store.write() as conn:
            return self.log.checkpoint(conn)

    def consistency(self, first: int) -> str:
        """The newest checkpoint with the proof that it extends the log of size ``first``."""
        with self.store.write() as conn:
            latest = self.log.checkpoint(conn)
            if first > latest.size:
                raise InvalidInput("from", f"the log has only {latest.size} leaves")
            proof = self.log.consistency(conn, first, latest.size)
        return consistency_bundle(first, proof, latest.note)

    # -- witnessing ---------------------------------------------------------------------------
    def witnesses(self) -> list[VerifierKey]:
        """Cosignature keys of the partner nodes that witness this node's log."""
        return witness.read_witnesses(self.directory / "keys")

    def trust_witness(self, vkey: str) -> VerifierKey:
        return witness.add_witness(self.directory / "keys", vkey)

    def attach_cosignatures(self, cosigned: str) -> dict[str, Any]:
        """Store the valid cosignatures of known witnesses found on a returned checkpoint."""
        with self.store.write() as conn:
            return witness.attach(conn, self.log, cosigned, self.witnesses())

    def refresh_package(self, path: Path) -> dict[str, Any]:
        """Add the cosignatures gathered since export to a package's checkpoint."""
        size = package_size(str(path))
        with zipfile.ZipFile(path) as zf:
            packaged = Note.parse(zf.read("checkpoint.txt").decode())
        with self.store.read() as conn:
            stored = self.log.at_size(conn, size)
        if Note.parse(stored.note).text != packaged.text:
            raise InvalidInput("package", "its checkpoint is not one of this node's")
        cosigners = witness.cosigners(stored.note, self.witnesses())
        replace_checkpoint(path, stored.note, cosigners)
        return {"size": size, "witnesses": [w.name for w in cosigners]}

    def witness(self, bundle: str, log_key: str) -> str:
        """Act as a witness of another node's log: check consistency, return the cosigned note."""
        with self.store.write() as conn:
            return witness.cosign(conn, self.signer, bundle, log_key)

    def audit(self) -> list[str]:
        """Problems in the stored log and the locker's records (empty when all is well)."""
        with self.store.read() as conn:
            problems = self.log.audit(conn)
            nodes = Nodes(conn, preload=True).cache
            for row in conn.execute(select(evidence_items)):
                if nodes.get((0, row.leaf_index)) != leaf_hash(row.manifest.encode()):
                    problems.append(f"item {row.id}: manifest differs from log entry")
            for row in conn.execute(select(evidence_custody)):
                if nodes.get((0, row.leaf_index)) != leaf_hash(row.record.encode()):
                    problems.append(
                        f"item {row.item_id}: custody event {row.seq} differs from log entry"
                    )
        return problems


def data_directory(store: Store) -> Path:
    """Where the locker keeps blobs and keys: ``$SAFEMEKONG_EVIDENCE_DIR``, else ``evidence/``
    beside the SQLite file, else under the default data directory (PostgreSQL stores)."""
    configured = os.environ.get(EVIDENCE_DIR_ENV)
    if configured:
        return Path(configured)
    url = make_url(store.engine.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "evidence"
    return DEFAULT_DATA_DIR / "evidence"


def _check_new_exhibits(conn: Connection, owner: Agency, metas: Sequence[dict[str, Any]]) -> None:
    """InvalidInput when an exhibit number is already used in its case (or twice in a batch)."""
    wanted = [(m["case"], m["exhibit"]) for m in metas]
    seen: set[tuple[str, str]] = set()
    for key in wanted:
        if key in seen:
            raise InvalidInput("exhibit", f"exhibit {key[1]} of {key[0]} is given twice")
        seen.add(key)
    cases = sorted({case for case, _ in wanted})
    taken = {
        (row.case_ref, row.exhibit)
        for row in conn.execute(
            select(evidence_items.c.case_ref, evidence_items.c.exhibit).where(
                evidence_items.c.agency_id == owner.id,
                evidence_items.c.case_ref.in_(cases),
                evidence_items.c.exhibit.in_(sorted({e for _, e in wanted})),
            )
        )
    }
    for case, exhibit in wanted:
        if (case, exhibit) in taken:
            raise InvalidInput("exhibit", f"{owner.code} already has exhibit {exhibit} in {case}")


def package_size(value: str) -> int:
    """A tree size given as a number, or as the size of a package's checkpoint (its path)."""
    if value.strip().isdigit():
        return int(value)
    try:
        with zipfile.ZipFile(value) as zf:
            note = Note.parse(zf.read("checkpoint.txt").decode())
        return Checkpoint.parse(note.text).size
    except (OSError, KeyError, zipfile.BadZipFile, VerificationError) as exc:
        raise InvalidInput("from", f"neither a tree size nor a readable package: {exc}") from None


#: The largest item number the store can hold (a signed 64-bit integer).
MAX_ITEM_ID: Final = 2**63 - 1


def _targets(targets: Sequence[str]) -> tuple[list[int], list[str]]:
    """Item numbers (digits, or ``#12``) and case references among export targets."""
    ids, cases = [], []
    for raw in targets:
        value = raw.strip()
        if not value:
            raise InvalidInput("targets", "an empty case or item was given")
        number = value.lstrip("#")
        if number.isascii() and number.isdigit():  # not "¹": a digit that int() refuses
            if int(number) > MAX_ITEM_ID:
                raise InvalidInput("targets", f"no item number is as large as {number}")
            ids.append(int(number))
        else:
            cases.append(value)
    if not ids and not cases:
        raise InvalidInput("targets", "name at least one case or item")
    return ids, cases


def _check_found(rows: Sequence[Row[Any]], ids: Sequence[int], cases: Sequence[str]) -> None:
    seen_ids = {r.id for r in rows}
    seen_cases = {r.case_ref for r in rows}
    for item_id in ids:
        if item_id not in seen_ids:
            raise NotFound(f"no evidence item {item_id} visible to you")
    for case in cases:
        if case not in seen_cases:
            raise NotFound(f"no evidence of case {case!r} visible to you")


def _events_of(conn: Connection, item_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Custody rows of many items, in chain order, by item id."""
    found: dict[int, list[dict[str, Any]]] = {}
    table = evidence_custody
    for start in range(0, len(item_ids), 500):
        query = (
            select(table.c.item_id, table.c.record, table.c.leaf_index)
            .where(table.c.item_id.in_(list(item_ids[start : start + 500])))
            .order_by(table.c.item_id, table.c.seq)
        )
        for item_id, record, index in conn.execute(query):
            found.setdefault(item_id, []).append({"record": record, "leaf_index": index})
    return found


def _raw_events(conn: Connection, item_id: int) -> list[dict[str, Any]]:
    query = (
        select(evidence_custody.c.record, evidence_custody.c.leaf_index)
        .where(evidence_custody.c.item_id == item_id)
        .order_by(evidence_custody.c.seq)
    )
    return [{"record": r, "leaf_index": i} for r, i in conn.execute(query)]


def _chain_heads(conn: Connection, item_ids: Sequence[int]) -> dict[int, tuple[int, bytes]]:
    """Next sequence number and previous leaf hash of each item's custody chain."""
    heads: dict[int, tuple[int, bytes]] = {}
    query = (
        select(evidence_custody.c.item_id, evidence_custody.c.seq, evidence_custody.c.record)
        .where(evidence_custody.c.item_id.in_(list(item_ids)))
        .order_by(evidence_custody.c.item_id, evidence_custody.c.seq)
    )
    for item_id, seq, record in conn.execute(query):
        heads[item_id] = (seq + 1, leaf_hash(record.encode()))
    return heads


def _summary(manifest: dict[str, Any]) -> dict[str, Any]:
    keys = ("item", "case", "exhibit", "description", "original_name", "media_type", "sha256",
            "size", "agency")  # fmt: skip
    return {k: manifest[k] for k in keys}


def _view(conn: Connection, row: Row[Any]) -> dict[str, Any]:
    scope = markings(conn, [row.scope_id])[row.scope_id]
    return {
        "id": row.id,
        "manifest": json.loads(row.manifest),
        "manifest_signature": row.signature,
        "log_index": row.leaf_index,
        "sharing": scope.to_json(),
        "registered_at": iso(row.created_at),
        "custody": _events(conn, row.id),
    }


def _events(conn: Connection, item_id: int) -> list[dict[str, Any]]:
    return [
        {**json.loads(e["record"]), "log_index": e["leaf_index"]}
        for e in _raw_events(conn, item_id)
    ]
