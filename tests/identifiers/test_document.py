"""Identity documents: check characters and birth dates verified before a number is stored."""

from __future__ import annotations

import pytest

from safemekong.identifiers import Document, IdentifierError

from .support import parse_as

CN_STANDARD_EXAMPLE = "11010519491231002X"
TH_EXAMPLE = "1101700207366"


def document(raw: str) -> Document:
    return parse_as(Document, raw)


@pytest.mark.parametrize(
    "raw",
    [
        CN_STANDARD_EXAMPLE,
        CN_STANDARD_EXAMPLE.lower(),
        f"cn-resident-id:{CN_STANDARD_EXAMPLE}",
        "身份证：110105 19491231 002x",
        f"document:cn-resident-id:{CN_STANDARD_EXAMPLE}",
    ],
)
def test_chinese_resident_id_standard_example(raw: str) -> None:
    ident = document(raw)
    assert ident.key == f"document:cn-resident-id:{CN_STANDARD_EXAMPLE}"
    assert ident.details()["birth_date"] == "1949-12-31"
    assert ident.details()["sex"] == "F"
    assert ident.details()["country"] == "CN"


def test_first_generation_15_digit_id_is_upgraded_to_18() -> None:
    assert document("cn-resident-id:110105491231002").key == (
        f"document:cn-resident-id:{CN_STANDARD_EXAMPLE}"
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("110105194912310021", "check character"),
        ("cn-resident-id:110105194913310028", "not a valid birth date"),
        ("cn-resident-id:990105194912310021", "not a Chinese province"),
        ("cn-resident-id:110105189912310021", "plausible"),
        ("cn-resident-id:1101051949", "17 digits"),
    ],
)
def test_chinese_resident_id_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        document(raw)


@pytest.mark.parametrize(
    "raw", [TH_EXAMPLE, "th-national-id:1-1017-00207-36-6", "บัตรประชาชน: 1 1017 00207 36 6"]
)
def test_thai_national_id_forms(raw: str) -> None:
    ident = document(raw)
    assert ident.key == f"document:th-national-id:{TH_EXAMPLE}"
    assert ident.details()["country"] == "TH"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("th-national-id:1101700207367", "check digit"),
        ("th-national-id:110170020736", "13 digits, not 12"),
        ("th-national-id:11017OO207366", "only digits"),
    ],
)
def test_thai_national_id_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        document(raw)


@pytest.mark.parametrize(
    "raw", ["passport:CN:E12345678", "passport:cn:e 1234 5678", "护照:CN:E12345678"]
)
def test_passport_is_upper_cased_without_spaces(raw: str) -> None:
    ident = document(raw)
    assert ident.key == "document:passport:CN:E12345678"
    assert ident.details()["number"] == "E12345678"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("passport:E12345678", "passport:<issuing country>:<number>"),
        ("passport:XX:E12345678", "not an ISO 3166"),
        ("passport:TH:AB-12/34", "3–20 letters and digits"),
        ("E12345678", "give the kind"),
    ],
)
def test_passport_and_unlabelled_rejections(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        document(raw)
