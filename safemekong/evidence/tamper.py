"""Tampering drills: the ways a package or a log can be falsified, each one a function.

Used by the tests and the benchmark to show the offline verifier catches every one of them.
Each drill takes the package's members (name -> bytes) and changes them the way a forger
would, keeping the zip well-formed and re-signing what the forger's key can sign.
"""

from __future__ import annotations

import base64
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safemekong.evidence import merkle
from safemekong.evidence.signing import Signer, log_origin
from safemekong.evidence.verify import (
    Checkpoint,
    Note,
    canonical,
    consistency_bundle,
)

Members = dict[str, bytes]


@dataclass
class Drill:
    """What a drill may use: a random source, the forger's key, and the node's real key (to
    simulate the node itself forking its log) and older checkpoints of the same log."""

    rng: random.Random
    forger: Signer = field(default_factory=lambda: _signer(Ed25519PrivateKey.generate()))
    node: Signer | None = None
    older_checkpoints: list[str] = field(default_factory=list)
    #: For log drills: the consistency bundle handed to the verifier with ``--later``.
    later: str | None = None


def _signer(key: Ed25519PrivateKey) -> Signer:
    from cryptography.hazmat.primitives import serialization

    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return Signer(log_origin(public), key)


def read_members(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_members(members: Members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _items(members: Members) -> list[dict[str, object]]:
    return list(json.loads(members["package.json"])["items"])


def _pick(members: Members, drill: Drill, key: str) -> str:
    return str(drill.rng.choice(_items(members))[key])


def flip_file_byte(members: Members, drill: Drill) -> str:
    name = _pick(members, drill, "file")
    data = bytearray(members[name])
    if not data:
        data.append(0)
    at = drill.rng.randrange(len(data))
    data[at] ^= 1 << drill.rng.randrange(8)
    members[name] = bytes(data)
    return f"flipped a bit of {name} at byte {at}"


def edit_manifest(members: Members, drill: Drill) -> str:
    name = _pick(members, drill, "manifest")
    manifest = json.loads(members[name])
    key = drill.rng.choice(["description", "exhibit", "legal_basis", "case", "source"])
    manifest[key] = str(manifest.get(key, "")) + " (amended)"
    members[name] = canonical(manifest)
    return f"edited {key} in {name}"


def _events(members: Members, drill: Drill) -> tuple[str, str, list[bytes], list[str]]:
    item = drill.rng.choice(_items(members))
    custody, proofs = str(item["custody"]), str(item["proofs"])
    lines = [line for line in members[custody].split(b"\n") if line]
    blocks = [b for b in members[proofs].decode().split("\n\n") if b.strip()]
    return custody, proofs, lines, blocks


def _put_events(
    members: Members, custody: str, proofs: str, lines: list[bytes], blocks: list[str]
) -> None:
    members[custody] = b"".join(line + b"\n" for line in lines)
    members[proofs] = "\n\n".join(b.strip("\n") + "\n" for b in blocks).encode()


def delete_event(members: Members, drill: Drill) -> str:
    custody, proofs, lines, blocks = _events(members, drill)
    at = drill.rng.randrange(len(lines))
    del lines[at]
    del blocks[at + 1]
    _put_events(members, custody, proofs, lines, blocks)
    return f"deleted custody event {at} of {custody}"


def reorder_events(members: Members, drill: Drill) -> str:
    custody, proofs, lines, blocks = _events(members, drill)
    a, b = drill.rng.sample(range(len(lines)), 2)
    lines[a], lines[b] = lines[b], lines[a]
    blocks[a + 1], blocks[b + 1] = blocks[b + 1], blocks[a + 1]
    _put_events(members, custody, proofs, lines, blocks)
    return f"swapped custody events {a} and {b} of {custody}"


def insert_event(members: Members, drill: Drill) -> str:
    custody, proofs, lines, blocks = _events(members, drill)
    at = drill.rng.randrange(len(lines) + 1)
    template = json.loads(lines[min(at, len(lines) - 1)])
    template["action"] = drill.rng.choice(["viewed", "transferred", "sealed"])
    template["actor"] = "unknown officer"
    lines.insert(at, canonical(template))
    blocks.insert(at + 1, blocks[min(at + 1, len(blocks) - 1)])
    _put_events(members, custody, proofs, lines, blocks)
    return f"inserted a forged custody event at {at} of {custody}"


def edit_event(members: Members, drill: Drill) -> str:
    custody, proofs, lines, blocks = _events(members, drill)
    at = drill.rng.randrange(len(lines))
    event = json.loads(lines[at])
    event[drill.rng.choice(["actor", "purpose", "at"])] = "changed"
    lines[at] = canonical(event)
    _put_events(members, custody, proofs, lines, blocks)
    return f"edited custody event {at} of {custody}"


def edit_proof(members: Members, drill: Drill) -> str:
    custody, proofs, lines, blocks = _events(members, drill)
    at = drill.rng.randrange(len(blocks))
    block = blocks[at].strip("\n").split("\n")
    if len(block) > 2:
        row = drill.rng.randrange(2, len(block))
        block[row] = base64.b64encode(drill.rng.randbytes(32)).decode()
    else:
        block[1] = f"index {int(block[1].split()[1]) + 1}"
    blocks[at] = "\n".join(block)
    _put_events(members, custody, proofs, lines, blocks)
    return f"altered inclusion proof {at} of {proofs}"


def remove_item(members: Members, drill: Drill) -> str:
    index = json.loads(members["package.json"])
    gone = index["items"].pop(drill.rng.randrange(len(index["items"])))
    members["package.json"] = canonical(index)
    for key in ("manifest", "file", "custody", "proofs"):
        members.pop(gone[key], None)
    return f"removed item {gone['id']} from the package"


def add_file(members: Members, drill: Drill) -> str:
    name = f"items/{drill.rng.randrange(10**6)}/file/planted.txt"
    members[name] = b"planted evidence"
    return f"planted {name}"


def swap_key(members: Members, drill: Drill) -> str:
    """Re-sign everything with the forger's key (caught when the court trusts the real key)."""
    forger = drill.forger
    members["node.vkey"] = (forger.verifier().encode() + "\n").encode()
    checkpoint = Checkpoint.parse(Note.parse(members["checkpoint.txt"].decode()).text)
    forged = Checkpoint(forger.name, checkpoint.size, checkpoint.root)
    members["checkpoint.txt"] = forger.sign_note(forged.text()).encode()
    index = json.loads(members["package.json"])
    for item in index["items"]:
        manifest = members[item["manifest"]]
        item["manifest_signature"] = base64.b64encode(forger.sign(manifest)).decode()
    _resign_index(members, index, forger)
    return "re-signed the package with another key"


def _resign_index(members: Members, index: dict[str, object], signer: Signer) -> None:
    import hashlib

    data = canonical(index)
    members["package.json"] = data
    fmt = str(index["format"])
    digest = hashlib.sha256(data).hexdigest()
    members["package.sig"] = signer.sign_note(f"{fmt}\nsha256 {digest}\n").encode()


def truncate_log(members: Members, drill: Drill) -> str:
    """Replace the checkpoint with an older (shorter) one of the same log."""
    if not drill.older_checkpoints:
        raise ValueError("truncate_log needs older checkpoints of the log")
    members["checkpoint.txt"] = drill.rng.choice(drill.older_checkpoints).encode()
    return "replaced the checkpoint with an older, shorter one"


def fork_log(members: Members, drill: Drill) -> str:
    """The node signs a later checkpoint of a rewritten history (needs the node's key)."""
    if drill.node is None:
        raise ValueError("fork_log needs the node's signer")
    checkpoint = Checkpoint.parse(Note.parse(members["checkpoint.txt"].decode()).text)
    size = checkpoint.size + drill.rng.randrange(1, 50)
    leaves = [drill.rng.randbytes(16) for _ in range(size)]
    nodes: dict[tuple[int, int], bytes] = {}
    for i, leaf in enumerate(leaves):
        for level, idx, digest in merkle.new_nodes(
            i, merkle.leaf_hash(leaf), lambda lv, ix: nodes[(lv, ix)]
        ):
            nodes[(level, idx)] = digest

    def lookup(level: int, idx: int) -> bytes:
        return nodes[(level, idx)]

    root = merkle.root(lookup, 0, size)
    proof = merkle.consistency_proof(lookup, checkpoint.size, size)
    note = drill.node.sign_note(Checkpoint(checkpoint.origin, size, root).text())
    drill.later = consistency_bundle(checkpoint.size, proof, note)
    return f"forked the log: a later checkpoint of size {size} over a rewritten history"


#: Every drill, by name.
DRILLS: Final[dict[str, Callable[[Members, Drill], str]]] = {
    "flipped file byte": flip_file_byte,
    "edited manifest": edit_manifest,
    "deleted custody event": delete_event,
    "reordered custody events": reorder_events,
    "inserted custody event": insert_event,
    "edited custody event": edit_event,
    "altered inclusion proof": edit_proof,
    "removed item": remove_item,
    "planted file": add_file,
    "swapped key": swap_key,
    "truncated log": truncate_log,
    "forked log": fork_log,
}
