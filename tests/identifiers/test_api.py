"""The contract every part of the hub relies on: parse, parse_key, the value types, the error."""

from __future__ import annotations

import ast
import json
import pickle
from pathlib import Path

import pytest

import safemekong.identifiers as identifiers
from safemekong.identifiers import (
    IDENTIFIER_TYPES,
    MAX_RAW_CHARS,
    Identifier,
    IdentifierError,
    parse,
    parse_key,
)

PACKAGE = Path(identifiers.__file__).parent

#: One canonical key per type (and per form where a type has several).
GOLDEN_KEYS = (
    "phone:+66812345678",
    "phone:+661333",
    "url:https://example.com/path?q=1",
    "domain:example.co.th",
    "handle:telegram:somchai_th",
    "handle:line:somchai.th",
    "handle:whatsapp:+66812345678",
    "bank:TH:004:1234567890",
    "bank:CN:card:6222021234567890128",
    "bank:PH:gcash:+639171234567",
    "bank:DE:iban:DE89370400440532013000",
    "wallet:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    "wallet:eth:0x52908400098527886E0F7030069857D2E4169EE7",
    "wallet:btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "email:someone@example.com",
    "image:sha256:" + "ab" * 32,
    "image:phash:8f373714acfcf4d0",
    "document:cn-resident-id:11010519491231002X",
    "document:th-national-id:1101700207366",
    "document:passport:CN:E12345678",
)


def test_identifier_types_are_the_nine_of_the_contract() -> None:
    assert IDENTIFIER_TYPES == (
        "phone",
        "url",
        "domain",
        "handle",
        "bank",
        "wallet",
        "email",
        "image",
        "document",
    )


@pytest.mark.parametrize("key", GOLDEN_KEYS)
def test_every_canonical_key_parses_back_to_itself(key: str) -> None:
    kind = key.partition(":")[0]
    assert parse(kind, key).key == key
    assert parse_key(key).key == key
    assert parse("auto", key).key == key


@pytest.mark.parametrize("key", GOLDEN_KEYS)
def test_key_is_type_colon_canonical_and_json_carries_details(key: str) -> None:
    ident = parse_key(key)
    assert ident.key == f"{ident.type}:{ident.canonical}"
    data = ident.to_json()
    assert data["type"] == ident.type
    assert data["canonical"] == ident.canonical
    assert data["key"] == key
    assert {k: v for k, v in data.items() if k not in ("type", "canonical", "key")} == (
        ident.details()
    )
    json.dumps(data)  # JSON-safe


def test_identifiers_are_frozen_hashable_and_equal_by_key() -> None:
    local = parse("phone", "081-234-5678", "TH")
    international = parse("phone", "+66 81 234 5678")
    assert local == international
    assert hash(local) == hash(international)
    assert len({local, international}) == 1
    assert local.details()["raw"] != international.details()["raw"]
    with pytest.raises(AttributeError):
        local.canonical = "+1"  # type: ignore[misc]


def test_identifiers_of_different_types_are_never_equal() -> None:
    assert parse("domain", "example.com") != parse("url", "https://example.com/")


def test_auto_sets_guessed_and_typed_parse_does_not() -> None:
    assert parse("auto", "081-234-5678", "TH").guessed is True
    assert parse("phone", "081-234-5678", "TH").guessed is False
    assert parse("auto", "phone:+66812345678").guessed is True


def test_error_names_type_input_and_reason() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse("phone", "12345", default_region="TH")
    error = caught.value
    assert str(error) == "phone '12345': not a valid number for region TH"
    assert (error.type, error.raw, error.reason) == ("phone", "12345", error.reason)
    assert isinstance(error, ValueError)


def test_unknown_type_is_an_identifier_error_listing_the_types() -> None:
    with pytest.raises(IdentifierError, match=r"unknown identifier type.*phone.*auto"):
        parse("fax", "12345")


def test_type_name_is_case_insensitive() -> None:
    assert parse("Phone", "+66812345678").key == "phone:+66812345678"


def test_input_longer_than_the_limit_is_rejected_before_parsing() -> None:
    with pytest.raises(IdentifierError, match=f"longer than {MAX_RAW_CHARS}"):
        parse("url", "https://example.com/" + "a" * MAX_RAW_CHARS)


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse("domain", "x" * 300)
    assert len(str(caught.value)) < 300
    assert caught.value.raw == "x" * 300


@pytest.mark.parametrize("raw", ["", "   ", "\u200b"])
def test_empty_input_is_rejected(raw: str) -> None:
    with pytest.raises(IdentifierError, match="empty"):
        parse("phone", raw, "TH")


def test_non_text_input_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="expected text"):
        parse("phone", 66812345678, "TH")  # type: ignore[arg-type]


def test_unknown_default_region_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="default_region 'XX'"):
        parse("phone", "0812345678", default_region="XX")


def test_default_region_may_be_lower_case() -> None:
    assert parse("phone", "0812345678", default_region="th").key == "phone:+66812345678"


def test_parse_key_rejects_a_value_that_is_not_in_canonical_form() -> None:
    with pytest.raises(IdentifierError, match="canonical key is phone:\\+66812345678"):
        parse_key("phone:+66 81 234 5678")


def test_parse_key_rejects_text_without_a_type_prefix() -> None:
    with pytest.raises(IdentifierError, match="not a canonical key"):
        parse_key("+66812345678")


def test_key_prefix_with_nothing_after_it_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="nothing after"):
        parse("phone", "phone:")


def test_implied_identifiers() -> None:
    assert [i.key for i in parse("url", "https://www.example.co.th/a").implied()] == [
        "domain:example.co.th"
    ]
    assert [i.key for i in parse("handle", "wa.me/66812345678").implied()] == ["phone:+66812345678"]
    assert parse("email", "a@example.com").implied() == ()
    assert all(isinstance(i, Identifier) for i in parse("url", "https://x.com/").implied())


def test_package_is_a_leaf_importing_nothing_else_of_safemekong() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("safemekong"):
                    assert name.startswith("safemekong.identifiers"), f"{path.name}: {name}"


def test_every_public_name_of_the_contract_is_exported() -> None:
    for name in ("parse", "parse_key", "Identifier", "IdentifierError", "IDENTIFIER_TYPES"):
        assert name in identifiers.__all__
    assert "image_from_bytes" in identifiers.__all__


def test_identifiers_and_errors_survive_pickling_for_worker_processes() -> None:
    ident = parse("url", "https://www.example.co.th/a")
    copy = pickle.loads(pickle.dumps(ident))
    assert copy == ident and copy.details() == ident.details()
    with pytest.raises(IdentifierError) as caught:
        parse("phone", "12345", "TH")
    error = pickle.loads(pickle.dumps(caught.value))
    assert (str(error), error.type, error.raw, error.reason) == (
        str(caught.value),
        "phone",
        "12345",
        caught.value.reason,
    )
