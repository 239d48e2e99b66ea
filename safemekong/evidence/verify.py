#!/usr/bin/env python3
"""Offline verifier of SafeMekong evidence packages: ``safemekong-verify PKG.zip [--trust KEYS]``.

This file stands alone: it needs Python's standard library and ``cryptography`` only, so a
court can copy it to a machine without network and run ``python3 verify.py PKG.zip``. It checks
every file hash, every signature, every inclusion proof against the signed checkpoint (RFC 9162
Merkle tree, C2SP signed-note / tlog-checkpoint / tlog-cosignature), the witnesses'
cosignatures, the per-item chain of custody, and optionally the package checkpoint's
consistency with a later checkpoint the court holds (``--later``). It prints a plain-language
report and exits 1 naming what failed (2 when it cannot run at all).

The hub imports the Merkle and note functions below, so the hub and the court run one code.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import struct
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PACKAGE_FORMAT: Final = "safemekong-evidence-package/v1"
PROOF_HEADER: Final = "c2sp.org/tlog-proof@v1"
CONSISTENCY_HEADER: Final = "safemekong.org/consistency-proof@v1"
MANIFEST_TYPE: Final = "safemekong.org/evidence-manifest@v1"
CUSTODY_TYPE: Final = "safemekong.org/custody-event@v1"
ALG_ED25519: Final = 0x01
ALG_COSIGNATURE_V1: Final = 0x04
SIGNATURE_DASH: Final = "\u2014 "
#: Largest package member the verifier reads into memory (files are hashed streamed).
MAX_TEXT_MEMBER: Final = 512 * 1024 * 1024
#: Packages with fewer items are verified in one process (starting others costs more).
PARALLEL_ITEMS: Final = 1000


class VerificationError(Exception):
    """A check failed; the message says what, in plain language."""


# -- RFC 9162 Merkle tree hashing and proof verification -------------------------------------


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 2.1.1: HASH(0x00 || leaf)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 2.1.1: HASH(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: is the leaf hash ``leaf`` at ``index`` in the tree of ``root``?"""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    sha256 = hashlib.sha256
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: is the tree (``second``, ``second_root``) an extension of the first?"""
    if first < 0 or second < first:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# -- C2SP signed notes, checkpoints and cosignatures -------------------------------------------


def key_id(name: str, alg: int, public: bytes) -> bytes:
    """C2SP signed-note key ID: SHA-256(name || 0x0A || alg || key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """A note verifier key ``name+hexid+base64(alg || key)`` (Ed25519 or cosignature/v1)."""

    name: str
    alg: int
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.alg, self.public)

    def encode(self) -> str:
        blob = base64.b64encode(bytes([self.alg]) + self.public).decode()
        return f"{self.name}+{self.id.hex()}+{blob}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        try:
            name, hexid, blob = text.strip().split("+", 2)
            raw = base64.b64decode(blob, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise VerificationError(f"not a verifier key: {text.strip()[:60]!r}") from exc
        if not name or len(raw) != 33 or raw[0] not in (ALG_ED25519, ALG_COSIGNATURE_V1):
            raise VerificationError(f"not an Ed25519 verifier key: {text.strip()[:60]!r}")
        key = cls(name, raw[0], raw[1:])
        if key.id.hex() != hexid.lower():
            raise VerificationError(f"verifier key {name!r} has a wrong key ID")
        return key

    def verify(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


def read_keys(text: str) -> list[VerifierKey]:
    """Verifier keys, one a line (blank lines and ``#`` comments skipped)."""
    lines = (line.strip() for line in text.splitlines())
    return [VerifierKey.parse(line) for line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class Signature:
    name: str
    id: bytes
    blob: bytes


@dataclass(frozen=True)
class Note:
    """A C2SP signed note: text (ending in a newline) and its signature lines."""

    text: str
    signatures: tuple[Signature, ...]

    @classmethod
    def parse(cls, raw: str) -> Note:
        text, sep, sigs = raw.partition("\n\n")
        if not sep or not text:
            raise VerificationError("not a signed note: no blank line before the signatures")
        found = []
        for line in sigs.splitlines():
            if not line:
                continue
            if not line.startswith(SIGNATURE_DASH):
                raise VerificationError(f"malformed signature line {line[:60]!r}")
            try:
                name, blob64 = line[len(SIGNATURE_DASH) :].split(" ")
                blob = base64.b64decode(blob64, validate=True)
            except (ValueError, binascii.Error) as exc:
                raise VerificationError(f"malformed signature line {line[:60]!r}") from exc
            if len(blob) < 5:
                raise VerificationError(f"signature of {name!r} is too short")
            found.append(Signature(name, blob[:4], blob[4:]))
        if not found:
            raise VerificationError("the note carries no signature")
        return cls(text + "\n", tuple(found))

    def signed_by(self, key: VerifierKey) -> bool:
        """True when a valid Ed25519 signature of ``key`` covers the text."""
        return any(
            s.name == key.name and s.id == key.id and key.verify(self.text.encode(), s.blob)
            for s in self.signatures
            if key.alg == ALG_ED25519
        )

    def cosigned_by(self, key: VerifierKey) -> int | None:
        """The time of a valid cosignature/v1 by witness ``key``, or None."""
        for s in self.signatures:
            if key.alg != ALG_COSIGNATURE_V1 or s.name != key.name or s.id != key.id:
                continue
            if len(s.blob) != 72:
                continue
            (moment,) = struct.unpack(">Q", s.blob[:8])
            if key.verify(cosignature_message(self.text, moment), s.blob[8:]):
                return int(moment)
        return None


def cosignature_message(checkpoint_text: str, moment: int) -> bytes:
    """C2SP tlog-cosignature: what a witness signs for a checkpoint at ``moment`` (Unix s)."""
    return f"cosignature/v1\ntime {moment}\n{checkpoint_text}".encode()


@dataclass(frozen=True)
class Checkpoint:
    """C2SP tlog-checkpoint body: origin, tree size, root hash (and extension lines)."""

    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise VerificationError("malformed checkpoint: needs origin, size and root lines")
        origin, size, root64 = lines[0], lines[1], lines[2]
        if not origin or not size.isdigit() or (size != "0" and size.startswith("0")):
            raise VerificationError("malformed checkpoint: bad origin or tree size")
        try:
            root = base64.b64decode(root64, validate=True)
        except binascii.Error as exc:
            raise VerificationError("malformed checkpoint: root hash is not base64") from exc
        if len(root) != 32:
            raise VerificationError("malformed checkpoint: root hash is not 32 bytes")
        return cls(origin, int(size), root)


def origin_matches_key(origin: str, key: VerifierKey) -> bool:
    """A SafeMekong log's origin ends with its key's fingerprint, so a swapped key shows."""
    return origin.endswith("/" + key_fingerprint(key.public))


def key_fingerprint(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


# -- tlog-proof blocks and consistency bundles -------------------------------------------------


@dataclass(frozen=True)
class InclusionProof:
    index: int
    hashes: tuple[bytes, ...]

    def text(self) -> str:
        lines = [PROOF_HEADER, f"index {self.index}"]
        lines += [base64.b64encode(h).decode() for h in self.hashes]
        return "\n".join(lines) + "\n"


def parse_proofs(text: str) -> list[InclusionProof]:
    """tlog-proof style blocks (header, ``index N``, base64 hashes) separated by blank lines."""
    proofs = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if lines[0] != PROOF_HEADER or len(lines) < 2 or not lines[1].startswith("index "):
            raise VerificationError("malformed inclusion proof block")
        try:
            index = int(lines[1].removeprefix("index "))
            hashes = tuple(binascii.a2b_base64(h, strict_mode=True) for h in lines[2:])
        except (ValueError, binascii.Error) as exc:
            raise VerificationError("malformed inclusion proof block") from exc
        if any(len(h) != 32 for h in hashes):
            raise VerificationError("malformed inclusion proof: a hash is not 32 bytes")
        proofs.append(InclusionProof(index, hashes))
    return proofs


def consistency_bundle(old_size: int, hashes: Sequence[bytes], signed_checkpoint: str) -> str:
    """A later signed checkpoint with the proof that it extends the tree of ``old_size``."""
    lines = [CONSISTENCY_HEADER, f"old {old_size}", *(base64.b64encode(h).decode() for h in hashes)]
    return "\n".join(lines) + "\n\n" + signed_checkpoint


def parse_consistency_bundle(text: str) -> tuple[int, list[bytes], str]:
    head, sep, note = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or lines[0] != CONSISTENCY_HEADER or not lines[1].startswith("old "):
        raise VerificationError("the later checkpoint file is not a consistency bundle")
    try:
        old = int(lines[1].removeprefix("old "))
        hashes = [base64.b64decode(h, validate=True) for h in lines[2:] if h]
    except (ValueError, binascii.Error) as exc:
        raise VerificationError("malformed consistency proof") from exc
    return old, hashes, note


# -- canonical JSON ----------------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    """The one byte form of a record that is hashed and signed (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# -- packages ----------------------------------------------------------------------------------


@dataclass
class Report:
    """Outcome of verifying one package: checks passed, failures, and notes for the reader."""

    passed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def check(self, condition: bool, good: str, bad: str) -> bool:
        (self.passed if condition else self.failures).append(good if condition else bad)
        return condition

    def extend(self, other: Report) -> None:
        self.passed += other.passed
        self.failures += other.failures
        self.notes += other.notes


class _Package:
    """Read access to a package zip that refuses path tricks and oversized members."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise VerificationError(f"{path} is not a readable zip file: {exc}") from exc
        self.names = [i.filename for i in self.zip.infolist() if not i.is_dir()]
        #: SHA-256 of members already read, so no member is read twice.
        self.digests: dict[str, str] = {}

    def text(self, name: str) -> str:
        return self.bytes(name).decode()

    def bytes(self, name: str) -> bytes:
        try:
            info = self.zip.getinfo(name)
        except KeyError:
            raise VerificationError(f"the package has no {name}") from None
        if info.file_size > MAX_TEXT_MEMBER:
            raise VerificationError(f"{name} is too large to be a package record")
        try:
            data = self.zip.read(info)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise VerificationError(f"{name} is damaged: {exc}") from exc
        self.digests[name] = hashlib.sha256(data).hexdigest()
        return data

    def sha256(self, name: str) -> str:
        if name in self.digests:
            return self.digests[name]
        digest = hashlib.sha256()
        try:
            with self.zip.open(name) as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except KeyError:
            raise VerificationError(f"the package has no {name}") from None
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise VerificationError(f"{name} is damaged: {exc}") from exc
        self.digests[name] = digest.hexdigest()
        return self.digests[name]


def verify_package(
    path: Path, trusted: Sequence[VerifierKey] = (), later: str | None = None, workers: int = 1
) -> Report:
    """Check a package; ``trusted`` keys come from the court, not the package.

    ``workers`` processes share the items of a large package (the report is the same, in the
    same order, whatever their number).
    """
    report = Report()
    try:
        _verify(_Package(path), trusted, later, report, workers)
    except VerificationError as exc:
        report.failures.append(str(exc))
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        report.failures.append(f"the package is malformed: {type(exc).__name__}: {exc}")
    return report


def _verify(
    pkg: _Package, trusted: Sequence[VerifierKey], later: str | None, rep: Report, workers: int
) -> None:
    index_bytes = pkg.bytes("package.json")
    index = json.loads(index_bytes)
    if index.get("format") != PACKAGE_FORMAT:
        raise VerificationError(f"package.json is not a {PACKAGE_FORMAT} index")
    node_key = _node_key(pkg, index, trusted, rep)

    sig_note = Note.parse(pkg.text("package.sig"))
    expected = f"{PACKAGE_FORMAT}\nsha256 {hashlib.sha256(index_bytes).hexdigest()}\n"
    rep.check(
        sig_note.text == expected and sig_note.signed_by(node_key),
        "the package index is signed by the node's key",
        "the package index (package.json) does not match its signature: files were added, "
        "removed or edited after export",
    )

    checkpoint_note = Note.parse(pkg.text(index["checkpoint"]))
    checkpoint = Checkpoint.parse(checkpoint_note.text)
    if not rep.check(
        checkpoint_note.signed_by(node_key) and origin_matches_key(checkpoint.origin, node_key),
        f"the checkpoint of log {checkpoint.origin} (size {checkpoint.size}) is signed by the "
        "node's key",
        "the checkpoint is not signed by the node's key, or names another log",
    ):
        raise VerificationError("without a valid checkpoint no inclusion proof can be checked")
    _check_witnesses(pkg, index, checkpoint_note, trusted, rep)

    listed = {"package.json", "package.sig", index["checkpoint"], index["key"]}
    listed.update([index["witnesses"]] if index.get("witnesses") else [])
    for item in index["items"]:
        listed.update(item[k] for k in ("manifest", "file", "custody", "proofs"))
    _verify_items(pkg, index["items"], node_key, checkpoint, rep, workers)
    for name, digest in sorted(index.get("files", {}).items()):
        listed.add(name)
        rep.check(
            pkg.sha256(name) == digest,
            f"{name} is intact",
            f"{name} does not match its SHA-256 in the index",
        )
    extra = sorted(set(pkg.names) - listed)
    rep.check(
        not extra,
        "the package holds no file beyond those listed",
        f"files not listed in the index: {', '.join(extra[:5])}",
    )
    if later is not None:
        _check_later(later, checkpoint, node_key, rep)


def _node_key(
    pkg: _Package, index: dict[str, Any], trusted: Sequence[VerifierKey], rep: Report
) -> VerifierKey:
    packaged = VerifierKey.parse(pkg.text(index["key"]))
    logs = [k for k in trusted if k.alg == ALG_ED25519]
    if not logs:
        rep.notes.append(
            "the node's public key was taken from the package itself: this shows the package "
            "is internally consistent, not who made it; obtain the node's key through another "
            "channel and pass it with --trust"
        )
        return packaged
    for key in logs:
        if key == packaged:
            rep.passed.append(f"the package's key is the trusted key {key.name}")
            return key
    raise VerificationError(
        f"the package is signed with key {packaged.name}+{packaged.id.hex()}, which is not "
        "among the trusted keys (swapped key?)"
    )


def _check_witnesses(
    pkg: _Package,
    index: dict[str, Any],
    note: Note,
    trusted: Sequence[VerifierKey],
    rep: Report,
) -> None:
    required = [k for k in trusted if k.alg == ALG_COSIGNATURE_V1]
    packaged = read_keys(pkg.text(index["witnesses"])) if index.get("witnesses") else []
    known = required or packaged
    for key in known:
        moment = note.cosigned_by(key)
        rep.check(
            moment is not None,
            f"witness {key.name} cosigned the checkpoint (time {moment})",
            f"the cosignature of witness {key.name} is missing or invalid",
        )
    if not known:
        rep.notes.append("no witness cosigned this checkpoint")


def _verify_items(
    pkg: _Package,
    items: list[dict[str, Any]],
    key: VerifierKey,
    cp: Checkpoint,
    rep: Report,
    workers: int,
) -> None:
    """Check every item, in ``workers`` processes when the package is large."""
    if workers <= 1 or len(items) < PARALLEL_ITEMS:
        for item in items:
            _verify_item(pkg, item, key, cp, rep)
        return
    size = -(-len(items) // workers)  # one share each: every worker reads the zip's directory
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    with ProcessPoolExecutor(workers) as pool:
        for part, digests in pool.map(partial(_verify_chunk, pkg.path, key, cp), chunks):
            rep.extend(part)
            pkg.digests.update(digests)


def _verify_chunk(
    path: Path, key: VerifierKey, cp: Checkpoint, items: list[dict[str, Any]]
) -> tuple[Report, dict[str, str]]:
    """One worker's share of :func:`_verify_items` (it opens the zip itself): its report and
    the SHA-256 of the members it read."""
    pkg, rep = _Package(path), Report()
    for item in items:
        _verify_item(pkg, item, key, cp, rep)
    return rep, pkg.digests


def _verify_item(
    pkg: _Package, item: dict[str, Any], key: VerifierKey, cp: Checkpoint, rep: Report
) -> None:
    """Check one item; failures are named one by one, passes summed up in one line."""
    label = f"item {item['id']} (exhibit {item['exhibit']})"
    failed: list[str] = []
    manifest_bytes = pkg.bytes(item["manifest"])
    manifest = json.loads(manifest_bytes)
    manifest_leaf = leaf_hash(manifest_bytes)
    signature = base64.b64decode(item["manifest_signature"])
    if manifest.get("type") != MANIFEST_TYPE or not key.verify(manifest_bytes, signature):
        failed.append(f"{label}: manifest signature is invalid (manifest edited?)")
    digest = pkg.sha256(item["file"])
    if not digest == manifest.get("sha256") == item.get("sha256"):
        failed.append(f"{label}: file {item['file']} does not match the SHA-256 in its manifest")
    proofs = parse_proofs(pkg.text(item["proofs"]))
    events = [line for line in pkg.bytes(item["custody"]).split(b"\n") if line]
    checks = 2
    if len(proofs) != len(events) + 1:
        failed.append(f"{label}: {len(proofs)} inclusion proofs for {len(events) + 1} log entries")
        rep.failures.extend(failed)
        return
    if not verify_inclusion(proofs[0].index, cp.size, manifest_leaf, proofs[0].hashes, cp.root):
        failed.append(_not_included(f"{label}: manifest", proofs[0].index))
    previous, sha256, name = manifest_leaf, manifest.get("sha256"), manifest.get("item")
    for seq, (raw, proof) in enumerate(zip(events, proofs[1:], strict=True)):
        event = json.loads(raw)
        where = f"{label}: custody event {seq} ({event.get('action')})"
        if not (
            event.get("type") == CUSTODY_TYPE
            and event.get("seq") == seq
            and event.get("prev") == previous.hex()
            and event.get("item") == name
        ):
            failed.append(
                f"{where} breaks the chain of custody (deleted, reordered or inserted event)"
            )
        if event.get("hash_after") not in (None, sha256):
            failed.append(f"{where} records a different file hash {event.get('hash_after')}")
        current = leaf_hash(raw)
        if not verify_inclusion(proof.index, cp.size, current, proof.hashes, cp.root):
            failed.append(_not_included(where, proof.index))
        previous = current
        checks += 3
    checks += 1
    if failed:
        rep.failures.extend(failed)
        return
    rep.passed.append(
        f"{label}: file SHA-256 {digest} matches its signed manifest; {len(events)} custody "
        f"events chained; manifest and events in the log ({checks} checks)"
    )
    rep.notes.append(f"{label}: {len(events)} custody events, all in the log")


def _not_included(what: str, index: int) -> str:
    return f"{what} is not in the signed log (inclusion proof fails at index {index})"


def _check_later(text: str, cp: Checkpoint, key: VerifierKey, rep: Report) -> None:
    old, hashes, raw_note = parse_consistency_bundle(text)
    note = Note.parse(raw_note)
    later = Checkpoint.parse(note.text)
    rep.check(
        note.signed_by(key) and later.origin == cp.origin,
        f"the later checkpoint (size {later.size}) is signed by the same log",
        "the later checkpoint is not signed by the node's key or names another log",
    )
    rep.check(
        old == cp.size and verify_consistency(cp.size, later.size, cp.root, later.root, hashes),
        f"the log of size {later.size} extends the package's log of size {cp.size} (no fork, "
        "no truncation)",
        f"the later checkpoint (size {later.size}) is NOT consistent with the package's "
        f"checkpoint (size {cp.size}): the log was forked or rewritten",
    )


# -- command line ------------------------------------------------------------------------------


def render(report: Report, path: Path, out: IO[str], verbose: bool = False) -> None:
    """The plain-language report."""
    verdict = "VERIFIED" if report.ok else "FAILED"
    out.write(f"{path}: {verdict}\n")
    out.write(f"{len(report.passed)} checks passed, {len(report.failures)} failed.\n")
    for failure in report.failures:
        out.write(f"  FAILED: {failure}\n")
    for note in report.notes if verbose or not report.ok else _short(report.notes):
        out.write(f"  note: {note}\n")
    if verbose:
        for good in report.passed:
            out.write(f"  ok: {good}\n")


def _short(notes: list[str]) -> Iterator[str]:
    items = [n for n in notes if ": " in n and n.startswith("item ")]
    yield from (n for n in notes if n not in items)
    if items:
        yield f"{len(items)} items, each with its file, manifest and chain of custody in the log"


def main(argv: Sequence[str] | None = None, out: IO[str] | None = None) -> int:
    """Entry point of ``safemekong-verify``; returns the exit code."""
    stream = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="safemekong-verify",
        description="Verify a SafeMekong evidence package offline.",
    )
    parser.add_argument("package", type=Path, help="the package (.zip)")
    parser.add_argument(
        "--trust",
        type=Path,
        help="file of verifier keys (the node's, and witnesses' that must have cosigned)",
    )
    parser.add_argument(
        "--later",
        type=Path,
        help="a later checkpoint with its consistency proof (from 'safemekong evidence "
        "consistency'), to check the log was not forked or truncated since the export",
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list every check")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        help="processes that share the items of a large package (default: one per core)",
    )
    args = parser.parse_args(argv)
    read: Callable[[Path], str] = lambda p: p.read_text(encoding="utf-8")  # noqa: E731
    try:
        trusted = read_keys(read(args.trust)) if args.trust else []
        later = read(args.later) if args.later else None
    except (OSError, UnicodeDecodeError, VerificationError) as exc:
        stream.write(f"safemekong-verify: cannot read the inputs: {exc}\n")
        return 2
    report = verify_package(args.package, trusted, later, max(1, args.jobs))
    render(report, args.package, stream, args.verbose)
    return 0 if report.ok else 1


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    main_exit()
