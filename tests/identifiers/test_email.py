"""E-mail addresses: lower-case, IDNA domain, offline validation."""

from __future__ import annotations

import pytest

from safemekong.identifiers import EmailAddress, IdentifierError

from .support import parse_as


def email(raw: str) -> EmailAddress:
    return parse_as(EmailAddress, raw)


@pytest.mark.parametrize(
    "raw",
    [
        "Somchai.K@Example.COM",
        "somchai.k@example.com",
        "mailto:Somchai.K@example.com?subject=refund",
        "somchai.k[@]example[.]com",
        "email:somchai.k@example.com",
    ],
)
def test_email_forms_get_one_lower_case_key(raw: str) -> None:
    assert email(raw).key == "email:somchai.k@example.com"


def test_internationalised_domain_is_keyed_in_punycode() -> None:
    ident = email("info@ตัวอย่าง.ไทย")
    assert ident.key == "email:info@xn--72c1a1bt4awk9o.xn--o3cw4h"
    assert ident.details()["unicode_domain"] == "ตัวอย่าง.ไทย"


def test_email_implies_nothing() -> None:
    assert email("a@example.com").implied() == ()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("not-an-email", "@-sign"),
        ("a@b", "period"),
        ("a b@example.com", "invalid characters"),
        ("a@" + "x" * 400 + ".com", "at most 320"),
        ("@example.com", "before the @-sign"),
    ],
)
def test_invalid_email_is_rejected_with_the_validator_reason(raw: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        email(raw)
