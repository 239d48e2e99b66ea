"""Node signing keys and C2SP signed notes: checkpoints, cosignatures, manifests.

Each node generates its Ed25519 key on first use into its data directory (never the
repository), readable by the owner only. The log's origin ends with the key's fingerprint,
so a package re-signed with another key names another log.
"""

from __future__ import annotations

import base64
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safemekong.errors import InvalidInput
from safemekong.evidence.verify import (
    ALG_COSIGNATURE_V1,
    ALG_ED25519,
    SIGNATURE_DASH,
    Checkpoint,
    Note,
    VerifierKey,
    cosignature_message,
    key_fingerprint,
)

KEY_FILE = "node-ed25519.pem"


@dataclass(frozen=True)
class Signer:
    """An Ed25519 private key with the note name it signs as."""

    name: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def verifier(self, alg: int = ALG_ED25519) -> VerifierKey:
        return VerifierKey(self.name, alg, self.public)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def sign_note(self, text: str) -> str:
        """``text`` (ending in a newline) as a signed note with this key's signature line."""
        if not text.endswith("\n"):
            raise ValueError("note text must end with a newline")
        key = self.verifier()
        blob = base64.b64encode(key.id + self.sign(text.encode())).decode()
        return f"{text}\n{SIGNATURE_DASH}{self.name} {blob}\n"

    def cosignature_line(self, checkpoint_text: str, moment: int) -> str:
        """A C2SP cosignature/v1 line over ``checkpoint_text`` at Unix time ``moment``."""
        key = self.verifier(ALG_COSIGNATURE_V1)
        signature = self.sign(cosignature_message(checkpoint_text, moment))
        blob = base64.b64encode(key.id + struct.pack(">Q", moment) + signature).decode()
        return f"{SIGNATURE_DASH}{self.name} {blob}\n"


def log_origin(public: bytes) -> str:
    """The checkpoint origin of the log signed with ``public`` (ends with its fingerprint)."""
    return f"safemekong.evidence/{key_fingerprint(public)}"


def load_or_create_key(directory: Path) -> Ed25519PrivateKey:
    """The node's private key in ``directory``, generated (mode 0600) on first use."""
    path = directory / KEY_FILE
    if path.exists():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise InvalidInput("key", f"{path} is not an Ed25519 private key")
        return loaded
    directory.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Written whole and synced under a temporary name, then linked into place: a crash never
    # leaves an empty or partial key file, and of two processes starting at once one wins.
    fd, name = tempfile.mkstemp(dir=directory, prefix=f".{KEY_FILE}.", suffix=".tmp")  # 0600
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return load_or_create_key(directory)  # another process made it first
        _sync_directory(directory)
    finally:
        temporary.unlink(missing_ok=True)
    return key


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def node_signer(directory: Path) -> Signer:
    """The node's log signer: its key, named after the log origin."""
    key = load_or_create_key(directory)
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return Signer(log_origin(public), key)


def sign_checkpoint(signer: Signer, checkpoint: Checkpoint) -> str:
    return signer.sign_note(checkpoint.text())


def add_cosignatures(signed_note: str, lines: list[str]) -> str:
    """The note with cosignature lines appended (duplicates dropped)."""
    Note.parse(signed_note)  # refuse to extend something that is not a signed note
    present = set(signed_note.split("\n\n", 1)[1].splitlines())
    extra = [line.rstrip("\n") for line in lines if line.rstrip("\n") not in present]
    return signed_note.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in extra)
