"""Bank accounts, UnionPay cards, IBANs and e-wallets: one key per account."""

from __future__ import annotations

import pytest

from safemekong.identifiers import BankAccount, IdentifierError
from safemekong.identifiers.banks import BANKS, EWALLETS, UNIONPAY_BINS, Bank

from .support import parse_as

#: A Luhn-valid UnionPay number with ICBC's 622202 BIN (made up, not a real card).
ICBC_CARD = "6222021234567890128"


def bank(raw: str, region: str | None = None) -> BankAccount:
    return parse_as(BankAccount, raw, region)


@pytest.mark.parametrize(
    "raw",
    [
        "KBANK 123-4-56789-0",
        "Kasikorn 1234567890",
        "กสิกร 123-4-56789-0",
        "ธนาคารกสิกรไทย 123-4-56789-0",
        "KBank account no. 123 4 56789 0",
        "TH:004:1234567890",
        "TH:KBANK:1234567890",
        "TH:KASITHBKXXX:1234567890",
        "TH: KBANK 123-4-56789-0",
        "กสิกร ๑๒๓-๔-๕๖๗๘๙-๐",  # Thai digits
        "bank:TH:004:1234567890",
    ],
)
def test_thai_account_forms_get_one_key_with_the_bot_code(raw: str) -> None:
    ident = bank(raw, "TH")
    assert ident.key == "bank:TH:004:1234567890"
    assert ident.details() == {
        "country": "TH",
        "bank_code": "004",
        "bank_name": "Kasikornbank",
        "account": "1234567890",
        "kind": "account",
        "bic": "KASITHBK",
    }


def test_national_code_alone_uses_default_region() -> None:
    assert bank("014:1234567890", "TH").key == "bank:TH:014:1234567890"


def test_thai_twelve_digit_accounts_are_accepted() -> None:
    assert bank("GSB 0200-1234-5678").key == "bank:TH:030:020012345678"


def test_thai_account_without_bank_says_how_to_write_it() -> None:
    with pytest.raises(IdentifierError, match=r"KBANK 123-4-56789-0.*TH:004:1234567890"):
        bank("123-4-56789-0", "TH")


def test_thai_account_of_wrong_length_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="10 or 12 digits, not 9"):
        bank("KBANK 123456789")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ICBC", "102"),
        ("工商银行", "102"),
        ("中国工商银行", "102"),
        ("招商银行", "308"),
        ("PSBC", "403"),
    ],
)
def test_chinese_banks_resolve_to_cnaps_codes(name: str, code: str) -> None:
    assert bank(f"{name} 1234567890123").key == f"bank:CN:{code}:1234567890123"


@pytest.mark.parametrize(
    "raw",
    [ICBC_CARD, "6222 0212 3456 7890 128", "工商银行 " + ICBC_CARD, "建设银行 " + ICBC_CARD],
)
def test_unionpay_card_is_keyed_by_number_whatever_bank_is_named(raw: str) -> None:
    ident = bank(raw)
    assert ident.key == f"bank:CN:card:{ICBC_CARD}"
    assert ident.details()["kind"] == "card"


def test_unionpay_card_bank_name_comes_from_the_bin_table() -> None:
    assert bank(ICBC_CARD).details()["bank_name"] == "Industrial and Commercial Bank of China"


def test_unionpay_card_that_fails_luhn_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="Luhn"):
        bank("6222021234567890123")


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("BDO 0012 3456 7890", "bank:PH:BNORPHMM:001234567890"),
        ("Maybank 1140 1234 5678", "bank:MY:MBBEMYKL:114012345678"),
        ("BCA 123-456-7890", "bank:ID:CENAIDJA:1234567890"),
        ("Vietcombank 0071000123456", "bank:VN:BFTVVNVX:0071000123456"),
        ("ABA 000 123 456", "bank:KH:ABAAKHPP:000123456"),
        ("KBZ 02730102700012345", "bank:MM:KBZBMMMY:02730102700012345"),
        ("BCEL 0101 2000 1234 5678", "bank:LA:COEBLALA:0101200012345678"),
        ("DBS 123-456789-0", "bank:SG:DBSSSGSG:1234567890"),
        ("SG:DBSSSGSGXXX:1234567890", "bank:SG:DBSSSGSG:1234567890"),
        ("US:CHASUS33:123456789", "bank:US:CHASUS33:123456789"),
    ],
)
def test_banks_without_a_national_code_are_keyed_by_bic8(raw: str, key: str) -> None:
    assert bank(raw).key == key


def test_name_shared_by_banks_in_several_countries_needs_the_country() -> None:
    with pytest.raises(IdentifierError, match="names banks in ID, MY, TH"):
        bank("CIMB 1234567890")
    assert bank("CIMB 1234567890", "TH").key == "bank:TH:022:1234567890"
    assert bank("MY:CIMB:1234567890").key == "bank:MY:CIBBMYKL:1234567890"


def test_iban_is_checked_and_keyed_by_country() -> None:
    ident = bank("DE89 3704 0044 0532 0130 00")
    assert ident.key == "bank:DE:iban:DE89370400440532013000"
    assert ident.details()["kind"] == "iban"
    assert bank("iban:GB82 WEST 1234 5698 7654 32").key == "bank:GB:iban:GB82WEST12345698765432"


def test_iban_with_wrong_check_digits_is_rejected() -> None:
    with pytest.raises(IdentifierError, match="not a valid IBAN"):
        bank("DE89 3704 0044 0532 0130 01")


@pytest.mark.parametrize(
    ("raw", "region", "key"),
    [
        ("GCash 0917 123 4567", None, "bank:PH:gcash:+639171234567"),
        ("PayMaya 09171234567", None, "bank:PH:maya:+639171234567"),
        ("PromptPay 081-234-5678", None, "bank:TH:promptpay:+66812345678"),
        ("พร้อมเพย์ 1-1017-00207-36-6", None, "bank:TH:promptpay:1101700207366"),
        ("TrueMoney 0812345678", None, "bank:TH:truemoney:+66812345678"),
        ("OVO 0812-3456-7890", None, "bank:ID:ovo:+6281234567890"),
        ("MoMo 0912345678", None, "bank:VN:momo:+84912345678"),
        ("Touch 'n Go 012-345 6789", None, "bank:MY:tng:+60123456789"),
        ("Wing 012 345 678", None, "bank:KH:wing:+85512345678"),
        ("KBZPay 09 212 3456", None, "bank:MM:kbzpay:+9592123456"),
        ("支付宝 13800138000", None, "bank:CN:alipay:+8613800138000"),
        ("Alipay Someone@Example.com", None, "bank:CN:alipay:someone@example.com"),
        ("微信支付 wxid_abc123", None, "bank:CN:wechatpay:wxid_abc123"),
        ("bank:PH:gcash:+639171234567", None, "bank:PH:gcash:+639171234567"),
    ],
)
def test_ewallets_are_keyed_by_provider_and_phone_or_id(
    raw: str, region: str | None, key: str
) -> None:
    ident = bank(raw, region)
    assert ident.key == key
    assert ident.details()["kind"] == "ewallet"


def test_ewallet_with_an_invalid_number_says_what_it_expects() -> None:
    with pytest.raises(IdentifierError, match="not a GCash account"):
        bank("GCash 12345")


def test_promptpay_rejects_a_national_id_with_a_wrong_check_digit() -> None:
    with pytest.raises(IdentifierError, match="Thai national ID"):
        bank("PromptPay 1101700207367")


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("1234567890", None, "needs its bank"),
        ("Nobank 1234567890", None, "unknown bank 'Nobank'"),
        ("TH:9:1234567890", None, "3 digits"),
        ("TH:ABCDTHBK:1234567890", None, "national code"),
        ("TH:MBBEMYKL:1234567890", None, "MY bank, not TH"),
        ("PH:KBANK:1234567890", None, "not a bank or e-wallet of PH"),
        ("XX:004:1234567890", None, "not an ISO 3166"),
        ("KBANK 12-34a", None, "only digits"),
        ("BDO 123", None, "5–34 digits"),
        ("TH:card:" + ICBC_CARD, None, "Chinese UnionPay"),
        ("TH:iban:DE89370400440532013000", None, "from DE, not TH"),
        ("card:1234567890123456", None, "starts with 62"),
    ],
)
def test_bank_rejections_say_why(raw: str, region: str | None, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        bank(raw, region)


def test_bank_tables_have_unique_codes_and_valid_shapes() -> None:
    codes = [(b.country, b.code) for b in BANKS]
    assert len(codes) == len(set(codes))
    for entry in BANKS:
        assert len(entry.code) in (3, 8)
        assert entry.bic is None or entry.bic[4:6] == entry.country
        if len(entry.code) == 8:
            assert entry.code[4:6] == entry.country
    assert len({w.code for w in EWALLETS}) == len(EWALLETS)
    assert all(len(b) == 6 and b.startswith("62") for b in UNIONPAY_BINS)


@pytest.mark.parametrize("entry", BANKS, ids=lambda b: f"{b.country}-{b.short}")
def test_every_bank_is_found_by_its_short_name_in_its_country(entry: Bank) -> None:
    digits = "1234567890"
    ident = bank(f"{entry.short} {digits}", entry.country)
    assert (ident.details()["country"], ident.details()["bank_code"]) == (
        entry.country,
        entry.code,
    )
