"""type="auto": the guess names the type it chose and never takes one type for another."""

from __future__ import annotations

import pytest

from safemekong.identifiers import IdentifierError, parse
from safemekong.identifiers.document import th_national_id_valid

from .test_bank import ICBC_CARD


@pytest.mark.parametrize(
    ("raw", "region", "key"),
    [
        ("phone:+66812345678", None, "phone:+66812345678"),
        ("Someone@Example.com", None, "email:someone@example.com"),
        ("t.me/somchai_th", None, "handle:telegram:somchai_th"),
        ("https://wa.me/66812345678", None, "handle:whatsapp:+66812345678"),
        ("https://www.facebook.com/somchai.k", None, "handle:facebook:somchaik"),
        ("https://user@example.com/login", None, "url:https://user@example.com/login"),
        ("hxxps://evil[.]example[.]com/login", None, "url:https://evil.example.com/login"),
        ("example.com/login", None, "url:http://example.com/login"),
        ("@somchai_th", None, "handle:telegram:somchai_th"),
        ("LINE ID: somchai.th", None, "handle:line:somchai.th"),
        ("微信: wxid_abc123", None, "handle:wechat:wxid_abc123"),
        (
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            None,
            "wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        (
            "USDT-TRC20 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            None,
            "wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        ),
        (
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
            None,
            "wallet:eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            None,
            "wallet:btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        ("11010519491231002X", None, "document:cn-resident-id:11010519491231002X"),
        ("1-1017-00207-36-6", "TH", "document:th-national-id:1101700207366"),
        ("passport:CN:E12345678", None, "document:passport:CN:E12345678"),
        (ICBC_CARD, None, f"bank:CN:card:{ICBC_CARD}"),
        ("KBANK 123-4-56789-0", None, "bank:TH:004:1234567890"),
        ("GCash 0917 123 4567", None, "bank:PH:gcash:+639171234567"),
        ("TH:004:1234567890", None, "bank:TH:004:1234567890"),
        ("081-234-5678", "TH", "phone:+66812345678"),
        ("0066812345678", "TH", "phone:+66812345678"),
        ("+86 138 0013 8000", None, "phone:+8613800138000"),
        ("1333", "TH", "phone:+661333"),
        ("www.example.co.th", None, "domain:example.co.th"),
        ("example[.]com", None, "domain:example.com"),
        ("ab" * 32, None, "image:sha256:" + "ab" * 32),
        ("phash:8f373714acfcf4d0", None, "image:phash:8f373714acfcf4d0"),
    ],
)
def test_auto_guesses_the_type_and_says_which(raw: str, region: str | None, key: str) -> None:
    ident = parse("auto", raw, region)
    assert ident.key == key
    assert ident.type == key.partition(":")[0]
    assert ident.guessed is True


def test_thirteen_digit_phone_with_00_prefix_is_never_a_thai_id() -> None:
    assert parse("auto", "0066812345678", "TH").type == "phone"


def test_number_starting_with_zero_is_not_taken_for_a_thai_id() -> None:
    number = next(
        f"08123456789{d}{c}"
        for d in "0123456789"
        for c in "0123456789"
        if th_national_id_valid(f"08123456789{d}{c}")
    )
    with pytest.raises(IdentifierError) as caught:
        parse("auto", number)
    assert "document" not in caught.value.reason


def test_luhn_invalid_card_is_not_guessed_as_a_card() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse("auto", "6222021234567890123")
    assert "bank" not in caught.value.reason


def test_evm_address_with_wrong_checksum_is_refused_with_the_wallet_reason() -> None:
    with pytest.raises(IdentifierError, match="wallet \\(the EIP-55"):
        parse("auto", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")


def test_nothing_fits_lists_what_was_tried() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse("auto", "12345", "TH")
    assert caught.value.type == "auto"
    assert caught.value.reason.startswith("no identifier type fits; tried ")
    assert "phone (not a valid number for region TH)" in caught.value.reason


def test_text_of_no_known_shape_lists_every_type() -> None:
    with pytest.raises(IdentifierError, match=r"does not look like any identifier.*phone"):
        parse("auto", "hello world")


def test_invalid_key_is_reported_under_its_own_type() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse("auto", "phone:12345", "TH")
    assert caught.value.type == "phone"


def test_local_phone_without_region_is_not_guessed() -> None:
    with pytest.raises(IdentifierError, match="no country code"):
        parse("auto", "081-234-5678")
