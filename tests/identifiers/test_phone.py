"""Phone numbers: E.164 keys, region and line type, local and international forms, short codes."""

from __future__ import annotations

import pytest

from safemekong.identifiers import IdentifierError, PhoneNumber

from .support import parse_as


def phone(raw: str, region: str | None = None) -> PhoneNumber:
    return parse_as(PhoneNumber, raw, region)


def test_thai_local_mobile_number_gets_e164_key() -> None:
    ident = phone("081-234-5678", "TH")
    assert ident.key == "phone:+66812345678"
    assert ident.details()["region"] == "TH"
    assert ident.details()["line_type"] == "mobile"


@pytest.mark.parametrize(
    "raw",
    [
        "+66 81 234 5678",
        "+66812345678",
        "0066812345678",
        "00 66 81 234 5678",
        "+66 (0)81 234 5678",
        "tel:+66-81-234-5678",
        "０８１２３４５６７８",  # full-width digits
        "๐๘๑๒๓๔๕๖๗๘",  # Thai digits
        "phone:+66812345678",
    ],
)
def test_every_written_form_of_a_thai_mobile_gets_one_key(raw: str) -> None:
    assert phone(raw, "TH").key == "phone:+66812345678"


def test_international_prefix_00_works_without_a_region() -> None:
    assert phone("0066812345678").key == "phone:+66812345678"


def test_chinese_mobile_in_brackets_and_hyphens() -> None:
    ident = phone("(+86) 138-0013-8000")
    assert ident.key == "phone:+8613800138000"
    assert ident.details()["region"] == "CN"
    assert ident.details()["country_code"] == 86


@pytest.mark.parametrize(
    ("raw", "key", "region"),
    [
        ("+855 12 345 678", "phone:+85512345678", "KH"),
        ("+856 20 5555 5555", "phone:+8562055555555", "LA"),
        ("+84 912 345 678", "phone:+84912345678", "VN"),
        ("0917 123 4567", "phone:+639171234567", "PH"),
    ],
)
def test_regional_numbers_keep_their_region(raw: str, key: str, region: str) -> None:
    ident = phone(raw, "PH")
    assert (ident.key, ident.details()["region"]) == (key, region)


def test_fixed_line_is_told_apart_from_mobile() -> None:
    assert phone("02-123-4567", "TH").details()["line_type"] == "fixed_line"


def test_raw_text_is_kept_but_not_in_the_key() -> None:
    ident = phone("081 234 5678", "TH")
    assert ident.details()["raw"] == "081 234 5678"
    assert "081" not in ident.key


def test_extension_is_a_detail_not_part_of_the_key() -> None:
    ident = phone("02-123-4567 ext. 12", "TH")
    assert ident.key == "phone:+6621234567"
    assert ident.details()["extension"] == "12"


@pytest.mark.parametrize(
    ("raw", "region", "key"),
    [
        ("1333", "TH", "phone:+661333"),  # Kasikornbank hotline
        ("191", "TH", "phone:+66191"),  # police emergency
        ("95588", "CN", "phone:+8695588"),  # ICBC hotline
        ("110", "CN", "phone:+86110"),  # police emergency
    ],
)
def test_short_codes_valid_for_the_region_are_accepted(raw: str, region: str, key: str) -> None:
    ident = phone(raw, region)
    assert ident.key == key
    assert ident.details()["line_type"] == "short_code"
    assert phone(ident.key).key == key


def test_short_code_key_parses_without_a_region() -> None:
    assert phone("+661333").details()["region"] == "TH"


def test_invalid_number_error_names_the_region() -> None:
    with pytest.raises(IdentifierError, match="not a valid number for region TH"):
        phone("12345", "TH")


def test_invalid_international_number_names_its_region() -> None:
    with pytest.raises(IdentifierError, match="region TH"):
        phone("+66 12")


def test_local_number_without_region_asks_for_one() -> None:
    with pytest.raises(IdentifierError, match=r"no country code.*default_region"):
        phone("081-234-5678")


def test_unknown_country_code_is_rejected() -> None:
    with pytest.raises(IdentifierError, match=r"unknown country code|not a valid"):
        phone("+999 1234 5678")


@pytest.mark.parametrize("raw", ["call 0812345678", "081234567a", "hello", "+"])
def test_text_with_letters_is_not_a_phone_number(raw: str) -> None:
    with pytest.raises(IdentifierError, match="not a phone number"):
        phone(raw, "TH")


def test_absurdly_long_number_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="longer than"):
        phone("1" * 100, "TH")
