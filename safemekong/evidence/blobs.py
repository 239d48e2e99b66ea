"""Content-addressed blob store: files kept under their SHA-256, streamed, never modified.

:class:`BlobStore` is the interface (an S3-compatible store can implement it later);
:class:`LocalBlobStore` keeps blobs in a directory beside the hub's data, as
``sha256/ab/cdef…``, written to a temporary file first, hashed while streaming, then renamed
into place read-only. Storing the same content twice keeps one copy.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from safemekong.errors import InvalidInput, NotFound, TooLarge

CHUNK = 1 << 20
#: Largest single evidence file accepted (bytes).
MAX_BLOB = 64 * 1024**3
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    #: False when the content was already stored (deduplicated).
    new: bool


class BlobStore(Protocol):
    """Where evidence files live, addressed by SHA-256."""

    def put(self, stream: BinaryIO, max_size: int = MAX_BLOB) -> StoredBlob: ...

    def put_many(self, streams: Sequence[BinaryIO], max_size: int = MAX_BLOB) -> list[StoredBlob]:
        """Store several files; as durable as :meth:`put`, possibly faster."""
        ...

    def open(self, sha256: str) -> BinaryIO: ...

    def exists(self, sha256: str) -> bool: ...

    def verify(self, sha256: str) -> bool: ...


def check_digest(sha256: str) -> str:
    digest = sha256.strip().lower().removeprefix("sha256:")
    if not _DIGEST.match(digest):
        raise InvalidInput("sha256", f"not a SHA-256 hex digest: {sha256!r}")
    return digest


def hash_stream(stream: BinaryIO) -> tuple[str, int]:
    """SHA-256 and size of a stream, read in chunks."""
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class LocalBlobStore:
    """Blobs in a local directory (``root/sha256/ab/cdef…``)."""

    def __init__(self, root: Path, durable: bool = True) -> None:
        self.root = root
        #: fsync each new blob before it is registered (off only for throwaway stores).
        self.durable = durable

    def path(self, sha256: str) -> Path:
        digest = check_digest(sha256)
        return self.root / "sha256" / digest[:2] / digest[2:]

    def put(self, stream: BinaryIO, max_size: int = MAX_BLOB) -> StoredBlob:
        return self.put_many([stream], max_size)[0]

    def put_many(self, streams: Sequence[BinaryIO], max_size: int = MAX_BLOB) -> list[StoredBlob]:
        """Write each stream to a temporary file, make them durable together, move in place.

        The fsyncs run concurrently so the file system commits them as one journal group.
        """
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        temps: list[str] = []
        try:
            written = []
            for stream in streams:
                fd, temp = tempfile.mkstemp(dir=incoming)
                temps.append(temp)
                with os.fdopen(fd, "wb") as out:
                    written.append(_copy_hashing(stream, out, max_size))
            if self.durable:
                _fsync_all(temps)
            results, moved_into = [], set()
            for temp, (digest, size) in zip(temps, written, strict=True):
                target = self.path(digest)
                if target.exists():
                    results.append(StoredBlob(digest, size, new=False))
                    continue
                if not target.parent.is_dir():
                    target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(temp, 0o444)
                os.replace(temp, target)
                moved_into.add(str(target.parent))
                results.append(StoredBlob(digest, size, new=True))
            if self.durable and moved_into:
                _fsync_all(sorted(moved_into))  # the renames themselves
            return results
        finally:
            for temp in temps:
                if os.path.exists(temp):
                    os.unlink(temp)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError:
            raise NotFound(f"no stored file with SHA-256 {sha256}") from None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their address."""
        with self.open(sha256) as handle:
            return hash_stream(handle)[0] == check_digest(sha256)


def _copy_hashing(stream: BinaryIO, out: BinaryIO, max_size: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        size += len(chunk)
        if size > max_size:
            raise TooLarge(f"file: larger than the limit of {max_size} bytes")
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest(), size


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_all(paths: Sequence[str]) -> None:
    if len(paths) == 1:
        _fsync(paths[0])
        return
    with ThreadPoolExecutor(max_workers=min(16, len(paths))) as pool:
        list(pool.map(_fsync, paths))
