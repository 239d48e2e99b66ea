"""Lexical facts and brand impersonation: look-alikes, homoglyphs, punycode, brand placement."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safemekong.detect.brands import BrandIndex, default_index, skeleton
from safemekong.detect.lexical import family, features, is_numbered_mirror, parse_target
from safemekong.errors import InvalidInput


def codes(target: str, index: BrandIndex | None = None) -> list[tuple[str, str]]:
    found = (index or default_index()).check(parse_target(target))
    return [(r.code, r.detail["brand"]) for r in found]


def test_numbered_mirrors_of_one_brand_share_a_family() -> None:
    assert is_numbered_mirror("161kaiyun") and is_numbered_mirror("jun88")
    assert family("161kaiyun") == family("189kaiyun") == "kaiyun"
    assert not is_numbered_mirror("google")


def test_features_name_tld_mirror_and_vocabulary() -> None:
    tokens = features(parse_target("161kaiyun.vip"))
    assert {"tld=vip", "mirror", "mirror=kaiyun"} <= set(tokens)
    assert "p=login" in features(parse_target("https://x.example.com/login"))


@pytest.mark.parametrize("bad", ["", "not a host", "http://", "ftp://x.com", "a" * 5000])
def test_invalid_targets_name_the_field(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_target(bad, "value")
    assert caught.value.field == "value"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("new-vietcombank.com", ("brand-in-label", "vietcombank")),
        ("sacombank.vn-ne.top", ("brand-in-subdomain", "sacombank")),
        ("vietimbank.top", ("brand-lookalike", "vietinbank")),
        ("paypa1.com", ("brand-homoglyph", "paypal")),
        ("xn--pple-43d.com", ("brand-punycode", "apple")),  # Cyrillic а
        ("apple.support-maps.live", ("brand-in-subdomain", "apple")),
        ("https://evil.xyz/paypal/login", ("brand-in-path", "paypal")),
        ("bidv-transfermoney.weebly.com", ("brand-in-subdomain", "bidv")),
    ],
)
def test_impersonation_names_the_brand(target: str, expected: tuple[str, str]) -> None:
    assert expected in codes(target)


@pytest.mark.parametrize(
    "official",
    ["vietcombank.com.vn", "www.vietcombank.com.vn", "paypal.com", "bankofchina.com", "boc.cn",
     "binance.com", "https://www.apple.com/iphone"],
)  # fmt: skip
def test_brand_owned_domains_never_impersonate(official: str) -> None:
    assert codes(official) == []


def test_reason_text_gives_the_real_domain() -> None:
    (reason,) = default_index().check(parse_target("vietcombank-verify.top"))
    assert "vietcombank.com.vn" in reason.text
    assert reason.detail["brand_domain"] == "vietcombank.com.vn"


def test_skeleton_folds_homoglyphs_and_digits() -> None:
    assert skeleton("аpple") == "apple"
    assert skeleton("g00gle") == "google"
    assert skeleton("rnicrosoft") == "microsoft"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(default_index().official)))
def test_no_brand_owned_domain_is_flagged(domain: str) -> None:
    assert default_index().check(parse_target(domain)) == []
