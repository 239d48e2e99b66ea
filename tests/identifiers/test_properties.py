"""Property tests: every generated valid input round-trips through its key; junk only ever
raises IdentifierError (never a library's own exception, never the internal-error safety net).
"""

from __future__ import annotations

from datetime import date

import base58
import bech32
import phonenumbers
import pytest
from Crypto.Hash import keccak
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from safemekong.identifiers import (
    IDENTIFIER_TYPES,
    Identifier,
    IdentifierError,
    image_from_bytes,
    parse,
    parse_key,
)
from safemekong.identifiers.banks import BANKS, NATIONAL_CODE_DIGITS
from safemekong.identifiers.handle import PLATFORMS
from safemekong.identifiers.text import luhn_valid

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REGIONS = ("TH", "CN", "PH", "MY", "ID", "VN", "KH", "MM", "LA", "SG")
PHONE_FORMATS = (
    PhoneNumberFormat.E164,
    PhoneNumberFormat.INTERNATIONAL,
    PhoneNumberFormat.NATIONAL,
    PhoneNumberFormat.RFC3966,
)
SUFFIXES = ("com", "co.th", "in.th", "com.cn", "blogspot.com", "github.io", "中国", "ไทย", "vn")


def assert_round_trips(ident: Identifier) -> None:
    """The key, the canonical value and auto all come back to the same key."""
    assert ident.key == f"{ident.type}:{ident.canonical}"
    again = parse(ident.type, ident.key)
    assert again.key == ident.key
    assert again == ident
    assert parse(ident.type, ident.canonical).key == ident.key
    assert parse_key(ident.key).key == ident.key
    assert parse("auto", ident.key).key == ident.key
    for implied in ident.implied():
        assert parse_key(implied.key).key == implied.key


def parses_or_says_why(kind: str, raw: str, region: str | None = None) -> Identifier | None:
    try:
        return parse(kind, raw, region)
    except IdentifierError as exc:
        assert not exc.reason.startswith("internal error"), exc.reason
        assert exc.reason
        return None


# --- generators of valid inputs -------------------------------------------------------------

label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
thai_label = st.builds(
    str.__add__,
    st.sampled_from("กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอ"),
    st.text(alphabet="กขคงจนบมยรลวสหอาี", max_size=7),
)
host = st.builds(
    lambda labels, site, suffix, upper: (
        ".".join([*labels, "test-" + site, suffix]).upper()
        if upper
        else ".".join([*labels, "test-" + site, suffix])
    ),
    st.lists(st.one_of(label, thai_label), max_size=2),
    label,  # "test-" keeps generated sites off the Public Suffix List's own names
    st.sampled_from(SUFFIXES),
    st.booleans(),
)
path_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=20
).map(lambda s: s.replace("?", "").replace("#", "").replace("\\", ""))
query_pair = st.tuples(
    st.one_of(st.sampled_from(("utm_source", "fbclid", "gclid", "id", "q", "page")), label),
    st.from_regex(r"[A-Za-z0-9%._~-]{0,8}", fullmatch=True),
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(("http://", "https://", "HTTPS://", "hxxps://", "")))
    port = draw(st.sampled_from(("", ":80", ":443", ":8080")))
    path = "/" + draw(path_text) if draw(st.booleans()) else ""
    pairs = draw(st.lists(query_pair, max_size=4))
    query = "?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else ""
    fragment = "#" + draw(label) if draw(st.booleans()) else ""
    if not scheme and not path:
        path = "/"
    return f"{scheme}{draw(host)}{port}{path}{query}{fragment}"


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    region = draw(st.sampled_from(REGIONS))
    kind = draw(st.sampled_from((PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)))
    number = phonenumbers.example_number_for_type(region, kind)
    assert number is not None
    fmt = draw(st.sampled_from(PHONE_FORMATS))
    return phonenumbers.format_number(number, fmt), region


@st.composite
def handles(draw: st.DrawFn) -> str:
    platform = draw(st.sampled_from([p for p in PLATFORMS if p.name != "whatsapp"]))
    name = draw(st.from_regex(platform.pattern, fullmatch=True))
    assume(name not in platform.reserved)
    if platform.drop_dots:
        assume(len(name.replace(".", "")) >= 5)
    if draw(st.booleans()):
        name = name.upper()
    return f"{platform.name}:{name}"


def luhn_complete(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@st.composite
def bank_accounts(draw: st.DrawFn) -> tuple[str, str | None]:
    """(raw, default region): a UnionPay card, or an account of a bank in the tables."""
    if draw(st.booleans()):
        body = "62" + draw(st.from_regex(r"[0-9]{13,16}", fullmatch=True))
        return luhn_complete(body), None
    entry = draw(st.sampled_from(BANKS))
    lengths = (10, 12) if entry.country == "TH" else (8, 12, 16)
    account = draw(st.from_regex(rf"[0-9]{{{draw(st.sampled_from(lengths))}}}", fullmatch=True))
    assume(not (entry.country == "CN" and account.startswith("62")))
    name = draw(st.sampled_from((entry.short, entry.name, *entry.aliases)))
    separated = "-".join(account[i : i + 3] for i in range(0, len(account), 3))
    if entry.country in NATIONAL_CODE_DIGITS or draw(st.booleans()):
        return f"{entry.country}:{name}:{separated}", None
    return f"{name} {separated}", entry.country


def base58check(payload: bytes) -> str:
    return base58.b58encode_check(payload).decode()


def eip55(address_hex: str) -> str:
    digest = keccak.new(digest_bits=256, data=address_hex.encode()).hexdigest()
    return "0x" + "".join(
        c.upper() if int(d, 16) >= 8 else c for c, d in zip(address_hex, digest, strict=False)
    )


def segwit(version: int, program: bytes) -> str:
    data = [version, *(bech32.convertbits(program, 8, 5) or [])]
    const = 1 if version == 0 else 0x2BC830A3
    values = bech32.bech32_hrp_expand("bc") + data
    polymod = bech32.bech32_polymod([*values, 0, 0, 0, 0, 0, 0]) ^ const
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(bech32.CHARSET[d] for d in data + checksum)


@st.composite
def wallets(draw: st.DrawFn) -> str:
    body = draw(st.binary(min_size=20, max_size=20))
    kind = draw(st.sampled_from(("tron", "evm", "p2pkh", "p2sh", "v0", "v0s", "v1")))
    if kind == "tron":
        return draw(st.sampled_from(("", "trc20:", "USDT-TRC20 "))) + base58check(b"\x41" + body)
    if kind == "evm":
        hex_body = body.hex()
        cased = draw(st.sampled_from((hex_body, hex_body.upper(), eip55(hex_body)[2:])))
        return draw(st.sampled_from(("", "erc20:", "bep20:"))) + "0x" + cased
    if kind in ("p2pkh", "p2sh"):
        return base58check((b"\x00" if kind == "p2pkh" else b"\x05") + body)
    if kind == "v0":
        return segwit(0, body)
    long_body = body + draw(st.binary(min_size=12, max_size=12))
    return segwit(0 if kind == "v0s" else 1, long_body)


@st.composite
def documents(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(("cn", "th", "passport")))
    if kind == "cn":
        birth = draw(st.dates(min_value=date(1920, 1, 1), max_value=date.today()))
        first17 = (
            draw(st.sampled_from(("11", "31", "44", "53", "62")))
            + draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
            + birth.strftime("%Y%m%d")
            + draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
        )
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]
        return (first17 + check).lower() if draw(st.booleans()) else first17 + check
    if kind == "th":
        first12 = draw(st.from_regex(r"[1-8][0-9]{11}", fullmatch=True))
        total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
        return "th-national-id:" + first12 + str((11 - total % 11) % 10)
    country = draw(st.sampled_from(REGIONS))
    return f"passport:{country.lower()}:{draw(st.from_regex(r'[A-Za-z0-9]{5,12}', fullmatch=True))}"


# --- round trips ---------------------------------------------------------------------------


@SETTINGS
@given(urls())
def test_generated_urls_round_trip_and_auto_agrees(raw: str) -> None:
    ident = parse("url", raw)
    assert_round_trips(ident)
    assert parse("domain", raw).key == f"domain:{ident.details()['domain']}"


@SETTINGS
@given(host)
def test_generated_domains_round_trip(raw: str) -> None:
    ident = parse("domain", raw)
    assert_round_trips(ident)
    assert parse("domain", "www." + raw).key == ident.key


@SETTINGS
@given(phones())
def test_example_phone_numbers_in_every_format_round_trip(raw_and_region: tuple[str, str]) -> None:
    raw, region = raw_and_region
    assert_round_trips(parse("phone", raw, region))


@SETTINGS
@given(handles())
def test_generated_handles_round_trip(raw: str) -> None:
    assert_round_trips(parse("handle", raw))


@SETTINGS
@given(bank_accounts())
def test_generated_bank_accounts_round_trip(raw_and_region: tuple[str, str | None]) -> None:
    assert_round_trips(parse("bank", *raw_and_region))


@SETTINGS
@given(wallets())
def test_generated_wallets_round_trip(raw: str) -> None:
    ident = parse("wallet", raw)
    assert_round_trips(ident)
    assert parse("auto", raw).key == ident.key


@SETTINGS
@given(documents())
def test_generated_documents_round_trip(raw: str) -> None:
    ident = parse("document", raw)
    assert_round_trips(ident)


@SETTINGS
@given(st.from_regex(r"[a-z0-9]([a-z0-9_+-]{0,10}[a-z0-9])?", fullmatch=True), host, st.booleans())
def test_generated_emails_round_trip(local: str, domain: str, upper: bool) -> None:
    raw = f"{local}@{domain}"
    assert_round_trips(parse("email", raw.upper() if upper else raw))


@SETTINGS
@given(
    st.binary(min_size=32, max_size=32), st.sampled_from(("sha256:", "SHA256:", "")), st.booleans()
)
def test_image_hashes_round_trip(digest: bytes, prefix: str, upper: bool) -> None:
    text = digest.hex().upper() if upper else digest.hex()
    assert_round_trips(parse("image", prefix + text))


# --- junk ----------------------------------------------------------------------------------

junk_text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789+-(). :/@#?&=_xX[]TbcqpH", max_size=60),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(IDENTIFIER_TYPES).map(lambda t: t + ":"),
        st.text(max_size=40),
    ),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(
            (
                "https://",
                "t.me/",
                "wa.me/",
                "line.me/ti/p/",
                "facebook.com/",
                "tron:",
                "KBANK ",
                "TH:004:",
                "bc1",
                "0x",
                "passport:",
            )
        ),
        st.text(max_size=40),
    ),
)


@SETTINGS
@pytest.mark.parametrize("kind", (*IDENTIFIER_TYPES, "auto"))
@given(raw=junk_text, region=st.sampled_from((None, *REGIONS)))
def test_junk_only_ever_raises_identifier_error(kind: str, raw: str, region: str | None) -> None:
    ident = parses_or_says_why(kind, raw, region)
    if ident is not None:
        again = parse(ident.type, ident.key)
        assert again.key == ident.key
        assert parse(ident.type, again.key, region).key == ident.key


@SETTINGS
@given(st.binary(max_size=200))
def test_junk_bytes_are_not_an_image(data: bytes) -> None:
    with pytest.raises(IdentifierError):
        image_from_bytes(data)
