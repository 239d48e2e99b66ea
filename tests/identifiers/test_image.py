"""Images: SHA-256 for identity, pHash to find the same photo re-encoded under another persona."""

from __future__ import annotations

import io

import imagehash
import pytest
from PIL import Image, ImageDraw

import safemekong.identifiers.image as image_module
from safemekong.identifiers import IdentifierError, ImageHash, image_from_bytes, parse


def profile_photo(fmt: str = "PNG", size: int = 96) -> bytes:
    """A small synthetic 'photo': a gradient with shapes, so its pHash has structure."""
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for x in range(size):
        draw.line([(x, 0), (x, size)], fill=(x * 255 // size, 80, 255 - x * 255 // size))
    draw.ellipse([size // 4, size // 4, size * 3 // 4, size * 3 // 4], fill=(250, 220, 30))
    draw.rectangle([0, size * 4 // 5, size // 3, size], fill=(10, 10, 10))
    out = io.BytesIO()
    image.save(out, fmt, quality=95) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def test_image_bytes_give_sha256_key_with_phash_and_size() -> None:
    import hashlib

    data = profile_photo()
    ident = image_from_bytes(data)
    assert ident.key == f"image:sha256:{hashlib.sha256(data).hexdigest()}"
    details = ident.details()
    assert len(str(details["phash"])) == 16
    assert (details["width"], details["height"], details["format"]) == (96, 96, "PNG")


def test_image_implies_its_perceptual_hash() -> None:
    ident = image_from_bytes(profile_photo())
    assert [i.key for i in ident.implied()] == [f"image:phash:{ident.details()['phash']}"]


def test_same_photo_re_encoded_has_another_sha256_but_a_close_phash() -> None:
    png, jpeg = image_from_bytes(profile_photo("PNG")), image_from_bytes(profile_photo("JPEG"))
    assert png.key != jpeg.key
    distance = imagehash.hex_to_hash(str(png.details()["phash"])) - imagehash.hex_to_hash(
        str(jpeg.details()["phash"])
    )
    assert distance <= 4


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\0" * 40])
def test_bytes_that_are_not_an_image_are_rejected(data: bytes) -> None:
    with pytest.raises(IdentifierError, match="not an image"):
        image_from_bytes(data)


def test_image_over_the_byte_limit_is_rejected_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(image_module, "MAX_IMAGE_BYTES", 10)
    with pytest.raises(IdentifierError, match="at most 10 bytes"):
        image_from_bytes(profile_photo())


def test_image_over_the_pixel_limit_is_rejected_before_decoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(image_module, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(IdentifierError, match="at most 100 pixels"):
        image_from_bytes(profile_photo())


def test_text_that_is_not_bytes_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="must be bytes"):
        image_from_bytes("hello")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("sha256:" + "AB" * 32, "image:sha256:" + "ab" * 32),
        ("SHA256: " + "ab" * 32, "image:sha256:" + "ab" * 32),
        ("ab" * 32, "image:sha256:" + "ab" * 32),
        ("phash:8F373714ACFCF4D0", "image:phash:8f373714acfcf4d0"),
        ("image:phash:8f373714acfcf4d0", "image:phash:8f373714acfcf4d0"),
    ],
)
def test_hash_text_forms(raw: str, key: str) -> None:
    ident = parse("image", raw)
    assert isinstance(ident, ImageHash)
    assert ident.key == key
    assert ident.implied() == ()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("md5:" + "ab" * 16, "unknown image hash 'md5'"),
        ("sha256:" + "ab" * 31, "64 hexadecimal digits"),
        ("phash:zz373714acfcf4d0", "16 hexadecimal digits"),
        ("8f373714acfcf4d0", "64 hexadecimal digits"),
    ],
)
def test_hash_text_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        parse("image", raw)
