"""Images: SHA-256 for identity, a perceptual hash (pHash) to find the same photo reused."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import ClassVar

import imagehash
from PIL import Image

from safemekong.identifiers.base import Identifier, Reject

SHA256 = "sha256"
PHASH = "phash"
#: Longest image accepted by :func:`image_from_bytes`, checked before anything is decoded.
MAX_IMAGE_BYTES = 32 * 1024 * 1024
#: Most pixels decoded, checked from the header before decoding (a small file can inflate).
MAX_IMAGE_PIXELS = 40_000_000
#: Hex digits of each hash algorithm's text form.
HASH_HEX_DIGITS: dict[str, int] = {SHA256: 64, PHASH: 16}
_HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True, eq=False, kw_only=True)
class ImageHash(Identifier):
    """An image hash (``sha256:<64 hex>`` or ``phash:<16 hex>``).

    A SHA-256 computed from the image itself carries its pHash and implies it, so photos
    reused with other bytes are found too.
    """

    type: ClassVar[str] = "image"

    algorithm: str
    digest: str
    phash: str | None = None
    width: int | None = None
    height: int | None = None
    format: str | None = None

    def implied(self) -> tuple[Identifier, ...]:
        """The perceptual hash of an image whose bytes were hashed."""
        if self.phash is None:
            return ()
        return (ImageHash(f"{PHASH}:{self.phash}", algorithm=PHASH, digest=self.phash),)


def parse_image(text: str, default_region: str | None = None) -> ImageHash:
    """Parse ``sha256:<64 hex>``, a bare 64-hex SHA-256, or ``phash:<16 hex>``."""
    algorithm, sep, digest = text.partition(":")
    if not sep:
        algorithm, digest = SHA256, text
    algorithm, digest = algorithm.strip().lower(), digest.strip().lower()
    if algorithm not in HASH_HEX_DIGITS:
        raise Reject(f"unknown image hash {algorithm!r}: use sha256:<64 hex> or phash:<16 hex>")
    expected = HASH_HEX_DIGITS[algorithm]
    if len(digest) != expected or not _HEX.fullmatch(digest):
        raise Reject(f"a {algorithm} image hash is {expected} hexadecimal digits")
    return ImageHash(f"{algorithm}:{digest}", algorithm=algorithm, digest=digest)


def hash_image(data: bytes) -> ImageHash:
    """SHA-256 of ``data`` with the image's pHash, size and format in the details."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise Reject("image data must be bytes")
    if len(data) > MAX_IMAGE_BYTES:
        raise Reject(f"an image has at most {MAX_IMAGE_BYTES} bytes")
    data = bytes(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise Reject(f"an image has at most {MAX_IMAGE_PIXELS} pixels")
            image.load()
            perceptual = str(imagehash.phash(image))
            width, height, kind = image.width, image.height, image.format
    except Reject:
        raise
    except Exception as exc:  # Pillow's decoders raise many kinds; all mean "not an image"
        raise Reject(f"not an image Pillow can read ({type(exc).__name__})") from exc
    digest = hashlib.sha256(data).hexdigest()
    return ImageHash(
        f"{SHA256}:{digest}",
        algorithm=SHA256,
        digest=digest,
        phash=perceptual,
        width=width,
        height=height,
        format=kind,
    )
