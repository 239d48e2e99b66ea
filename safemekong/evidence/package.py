"""Evidence packages: one zip a court verifies offline with ``verify.py``.

Layout (every name below is listed with its SHA-256 in ``package.json``, which the node signs
in ``package.sig``)::

    package.json            index: items and the SHA-256 of every file but the evidence files
                            (whose hashes are in their signed manifests)
    package.sig             signed note over package.json's SHA-256 (node key)
    checkpoint.txt          signed checkpoint (C2SP tlog-checkpoint) with witness cosignatures
    node.vkey               the node's verifier key (the court should also get it elsewhere)
    witnesses.txt           verifier keys of the witnesses that cosigned the checkpoint

``checkpoint.txt`` and ``witnesses.txt`` stay outside the signed index so that cosignatures
arriving after the export can be added (:func:`replace_checkpoint`); both are checked by
signature, and a court that requires a witness names its key with ``--trust``.
    items/<id>/manifest.json  the logged manifest bytes (signature in package.json)
    items/<id>/file/<name>    the evidence file
    items/<id>/custody.jsonl  the logged custody events, one a line, in chain order
    items/<id>/proofs.txt     tlog-proof blocks: the manifest's, then each event's
    case.jsonld             CASE/UCO description of the investigation and its provenance
    requests.json           preservation and mutual-legal-assistance requests of the cases
"""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from safemekong.evidence.signing import Signer
from safemekong.evidence.verify import PACKAGE_FORMAT, InclusionProof, VerifierKey, canonical

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class PackagedItem:
    id: int
    exhibit: str
    case: str
    manifest: bytes
    signature: str
    sha256: str
    original_name: str
    events: Sequence[bytes]
    proofs: Sequence[InclusionProof]


def safe_name(name: str) -> str:
    """A file name safe inside a zip on any system (no directories, no odd characters)."""
    cleaned = _UNSAFE.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._")
    return cleaned[:120] or "file"


def write_package(
    out: Path,
    signer: Signer,
    meta: dict[str, Any],
    checkpoint_note: str,
    witnesses: Sequence[VerifierKey],
    items: Sequence[PackagedItem],
    extras: dict[str, bytes],
    open_blob: Callable[[str], BinaryIO],
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Write the package zip to ``out``; returns its index (package.json's content).

    ``progress`` is called with the number of items written so far.
    """
    files: dict[str, str] = {}
    entries = []
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:

        def put(name: str, data: bytes, listed: bool = True) -> None:
            zf.writestr(name, data)
            if listed:
                files[name] = hashlib.sha256(data).hexdigest()

        put("checkpoint.txt", checkpoint_note.encode(), listed=False)
        put("node.vkey", (signer.verifier().encode() + "\n").encode(), listed=False)
        put("witnesses.txt", "".join(f"{w.encode()}\n" for w in witnesses).encode(), False)
        for name, data in extras.items():
            put(name, data)
        for item in items:
            base = f"items/{item.id}"
            file_name = f"{base}/file/{safe_name(item.original_name)}"
            put(f"{base}/manifest.json", item.manifest)
            put(f"{base}/custody.jsonl", b"".join(e + b"\n" for e in item.events))
            put(f"{base}/proofs.txt", "\n".join(p.text() for p in item.proofs).encode())
            with open_blob(item.sha256) as source, zf.open(file_name, "w", force_zip64=True) as dst:
                shutil.copyfileobj(source, dst, 1 << 20)
            entries.append(
                {
                    "id": item.id,
                    "case": item.case,
                    "exhibit": item.exhibit,
                    "sha256": item.sha256,
                    "manifest": f"{base}/manifest.json",
                    "manifest_signature": item.signature,
                    "file": file_name,
                    "custody": f"{base}/custody.jsonl",
                    "proofs": f"{base}/proofs.txt",
                }
            )
            if progress is not None:
                progress(len(entries))
        index = {
            "format": PACKAGE_FORMAT,
            **meta,
            "checkpoint": "checkpoint.txt",
            "key": "node.vkey",
            "witnesses": "witnesses.txt",
            "items": entries,
            "files": files,
        }
        index_bytes = canonical(index)
        zf.writestr("package.json", index_bytes)
        digest = hashlib.sha256(index_bytes).hexdigest()
        zf.writestr("package.sig", signer.sign_note(f"{PACKAGE_FORMAT}\nsha256 {digest}\n"))
    partial.replace(out)
    return index


def replace_checkpoint(path: Path, note: str, witnesses: Sequence[VerifierKey]) -> None:
    """Put a newer copy of the same checkpoint (more cosignatures) into a written package."""
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "checkpoint.txt":
                dst.writestr(info, note.encode())
            elif info.filename == "witnesses.txt":
                dst.writestr(info, "".join(f"{w.encode()}\n" for w in witnesses).encode())
            else:
                with src.open(info) as source, dst.open(info, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, 1 << 20)
    partial.replace(path)
