"""Bank accounts, UnionPay cards, IBANs and e-wallet accounts.

Keys: ``bank:CC:BANKCODE:DIGITS`` (national code for TH and CN, else the 8-character BIC),
``bank:CN:card:DIGITS`` for UnionPay cards, ``bank:CC:iban:IBAN``, and
``bank:CC:provider:ID`` for e-wallets (``bank:PH:gcash:+639171234567``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from safemekong.identifiers.banks import (
    ACCOUNT_DIGITS,
    ACCOUNT_DIGITS_ANY,
    BANKS,
    EWALLETS,
    NATIONAL_CODE_DIGITS,
    UNIONPAY_BINS,
    Bank,
    EWallet,
)
from safemekong.identifiers.base import Identifier, Reject
from safemekong.identifiers.document import th_national_id_valid
from safemekong.identifiers.email import parse_email
from safemekong.identifiers.handle import platform_handle
from safemekong.identifiers.phone import parse_phone
from safemekong.identifiers.regions import COUNTRY_CODES, country
from safemekong.identifiers.text import ascii_digits, compact, digits, fold, luhn_valid

ACCOUNT, CARD, IBAN_KIND, EWALLET = "account", "card", "iban", "ewallet"

#: Words around a bank name that do not name the bank ("ธนาคาร" is Thai for "bank").
NAME_NOISE: tuple[str, ...] = (
    "ธนาคาร",
    "bank",
    "account",
    "acct",
    "acc",
    "a/c",
    "no.",
    "no",
    "number",
    "บัญชี",
    "เลขที่บัญชี",
    "账号",
    "账户",
    "卡号",
    "银行卡",
)

_BY_CODE = {(bank.country, bank.code): bank for bank in BANKS}
_BY_BIC = {bank.bic or bank.code: bank for bank in BANKS if (bank.bic or len(bank.code) == 8)}
_BY_NAME: dict[str, list[Bank | EWallet]] = defaultdict(list)
for _item, _names in [(bank, (bank.name, bank.short, *bank.aliases)) for bank in BANKS] + [
    (wallet, (wallet.code, wallet.name, *wallet.aliases)) for wallet in EWALLETS
]:
    for _key in {fold(name) for name in _names}:
        _BY_NAME[_key].append(_item)
_NOISE = tuple(sorted((fold(word) for word in NAME_NOISE), key=len, reverse=True))

_BIC = re.compile(r"[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")
_IBAN_START = re.compile(r"[A-Za-z]{2}[0-9]{2}")
#: Characters of an account number as written after a bank name ("123-4-56789-0").
_NUMBER_CHARS = frozenset("0123456789+ \t-‐‑‒–—./()")
_NAME_END = " \t:#"
_UNIONPAY_LENGTHS = range(16, 20)
_MAX_NAME = 60
THAI_HOW_TO = "write it as `KBANK 123-4-56789-0` or `TH:004:1234567890`"


@dataclass(frozen=True, eq=False, kw_only=True)
class BankAccount(Identifier):
    """An account at a bank or e-wallet (``TH:004:1234567890``, ``CN:card:62…``)."""

    type: ClassVar[str] = "bank"

    country: str
    bank_code: str
    bank_name: str | None
    account: str
    kind: str
    bic: str | None = None


def parse_bank(text: str, default_region: str | None = None) -> BankAccount:
    """Parse ``CC:CODE:ACCOUNT``, ``BANKNAME digits``, an IBAN or a bare UnionPay card number."""
    text = ascii_digits(text)
    parts = text.split(":", 2)
    if len(parts) == 3 and len(parts[0].strip()) == 2:
        cc, code, account = (part.strip() for part in parts)
        return _account(country(cc), code, account, default_region)
    if len(parts) == 2 and parts[0].strip().upper() in COUNTRY_CODES:
        return _free_form(parts[1].strip(), country(parts[0]), default_region)
    if len(parts) == 2:
        return _account(None, parts[0].strip(), parts[1].strip(), default_region)
    return _free_form(text, None, default_region)


def is_unionpay_card(number: str) -> bool:
    """True for 16–19 digits starting 62 that pass the Luhn check."""
    return len(number) in _UNIONPAY_LENGTHS and number[:2] == "62" and luhn_valid(number)


def split_name_and_account(text: str) -> tuple[str, str]:
    """Split ``BANKNAME 123-4-56789-0`` (or ``Alipay a@b.com``, ``微信支付 wxid_x``) in two.

    The account is the trailing run of digits and separators, unless it is glued to a Latin
    word (``wxid_abc123``) or the last word is an e-mail; then it is the last word. Linear
    time: no backtracking regex on input that may be 4,000 characters long.
    """
    start = len(text)
    while start > 0 and text[start - 1] in _NUMBER_CHARS:
        start -= 1
    while start < len(text) and not (text[start].isdigit() or text[start] == "+"):
        start += 1
    glued = start > 0 and (
        text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "_")
    )
    if start == len(text) or glued or not text[-1].isdigit():
        head, _, last = text.rpartition(" ")
        return head.rstrip(_NAME_END), last
    return text[:start].rstrip(_NAME_END), text[start:]


def _free_form(text: str, cc: str | None, region: str | None) -> BankAccount:
    packed = compact(text).upper()
    if _IBAN_START.match(text) and _IBAN_SHAPE.fullmatch(packed):
        return _iban(packed, cc)
    name, account = split_name_and_account(text)
    if name:
        return _account(cc, name, account, region)
    number = digits(text, "account number")
    if number[:2] == "62" and len(number) in _UNIONPAY_LENGTHS:
        return _card(number, None)
    if (cc or region) == "TH":
        raise Reject(f"a Thai account number needs its bank: {THAI_HOW_TO}")
    raise Reject(
        "a bank account needs its bank: write CC:BANKCODE:DIGITS (TH:004:1234567890) or"
        " BANKNAME DIGITS; a bare number is taken only as a UnionPay card (62…, Luhn-valid)"
    )


def _account(cc: str | None, code: str, account: str, region: str | None) -> BankAccount:
    """An account given its (optional) country, a bank code, BIC, name or kind, and number."""
    lowered = code.lower()
    if lowered == CARD:
        if cc not in (None, "CN"):
            raise Reject("card keys are for Chinese UnionPay cards (CN:card:62…)")
        return _card(digits(account, "card number"), None)
    if lowered == IBAN_KIND:
        return _iban(compact(account).upper(), cc)
    target = _resolve(cc, code, region)
    if isinstance(target, EWallet):
        return _ewallet(target, account)
    bank_cc, bank_code, bank = target
    number = digits(account, "account number")
    if bank_cc == "CN" and is_unionpay_card(number):
        return _card(number, bank)
    lengths = ACCOUNT_DIGITS.get(bank_cc)
    if lengths is not None and len(number) not in lengths:
        allowed = " or ".join(map(str, lengths))
        raise Reject(f"a {bank_cc} account number has {allowed} digits, not {len(number)}")
    low, high = ACCOUNT_DIGITS_ANY
    if not low <= len(number) <= high:
        raise Reject(f"an account number has {low}–{high} digits, not {len(number)}")
    return BankAccount(
        f"{bank_cc}:{bank_code}:{number}",
        country=bank_cc,
        bank_code=bank_code,
        bank_name=bank.name if bank else None,
        account=number,
        kind=ACCOUNT,
        bic=(bank.bic if bank else None) or (bank_code if len(bank_code) == 8 else None),
    )


def _resolve(
    cc: str | None, code: str, region: str | None
) -> EWallet | tuple[str, str, Bank | None]:
    """What ``code`` names: an e-wallet, or (country, key code, bank if known)."""
    upper = code.upper().replace(" ", "")
    national = cc or region
    if national in NATIONAL_CODE_DIGITS and upper.isdigit():
        if len(upper) != NATIONAL_CODE_DIGITS[national]:
            raise Reject(f"a {national} bank code has {NATIONAL_CODE_DIGITS[national]} digits")
        return national, upper, _BY_CODE.get((national, upper))
    named = _by_name(code, cc, region)
    if named is not None:
        if isinstance(named, EWallet):
            return named
        return named.country, named.code, named
    bic = _BIC.fullmatch(upper)
    if bic is None:
        where = f" in {cc}" if cc else ""
        raise Reject(f"unknown bank {code!r}{where}: give its name, BIC or national bank code")
    bic_cc = bic.group(1)
    if cc is not None and bic_cc != cc:
        raise Reject(f"BIC {upper} is a {bic_cc} bank, not {cc}")
    bank = _BY_BIC.get(upper[:8])
    if bank is not None:
        return bank.country, bank.code, bank
    if bic_cc in NATIONAL_CODE_DIGITS:
        raise Reject(f"unknown {bic_cc} BIC {upper}: give the bank's national code")
    return country(bic_cc, "BIC country"), upper[:8], None


def _by_name(name: str, cc: str | None, region: str | None) -> Bank | EWallet | None:
    found = _lookup(fold(name))
    if found is None:
        return None
    if cc is not None:
        found = [item for item in found if item.country == cc]
        if not found:
            raise Reject(f"{name!r} is not a bank or e-wallet of {cc}")
    elif len(found) > 1 and region is not None:
        found = [item for item in found if item.country == region] or found
    if len(found) > 1:
        countries = ", ".join(sorted(item.country for item in found))
        raise Reject(f"{name!r} names banks in {countries}: give the country (CC:{name}:…)")
    return found[0]


def _lookup(key: str) -> list[Bank | EWallet] | None:
    """Banks named ``key``, trying it without noise words ("account", "ธนาคาร" …) too."""
    if len(key) > _MAX_NAME:
        return None
    queue, seen = [key], {key}
    while queue:
        key = queue.pop(0)
        if key in _BY_NAME:
            return _BY_NAME[key]
        for word in _NOISE:
            for shorter in (key.removeprefix(word), key.removesuffix(word)):
                if shorter and shorter not in seen:
                    seen.add(shorter)
                    queue.append(shorter)
    return None


def _card(number: str, bank: Bank | None) -> BankAccount:
    if not is_unionpay_card(number):
        if number[:2] == "62" and len(number) in _UNIONPAY_LENGTHS:
            raise Reject("looks like a UnionPay card but fails the Luhn check")
        raise Reject("a UnionPay card number has 16–19 digits, starts with 62 and passes Luhn")
    if bank is None:
        bank = _BY_CODE.get(("CN", UNIONPAY_BINS.get(number[:6], "")))
    return BankAccount(
        f"CN:{CARD}:{number}",
        country="CN",
        bank_code=CARD,
        bank_name=bank.name if bank else None,
        account=number,
        kind=CARD,
        bic=bank.bic if bank else None,
    )


def _iban(packed: str, cc: str | None) -> BankAccount:
    try:
        iban = IBAN(packed)
        bank_name, bic = iban.bank_name, iban.bic
    except SchwiftyException as exc:
        raise Reject(f"not a valid IBAN ({exc})") from exc
    if cc is not None and iban.country_code != cc:
        raise Reject(f"the IBAN is from {iban.country_code}, not {cc}")
    return BankAccount(
        f"{iban.country_code}:{IBAN_KIND}:{iban.compact}",
        country=iban.country_code,
        bank_code=IBAN_KIND,
        bank_name=str(bank_name) if bank_name else None,
        account=iban.compact,
        kind=IBAN_KIND,
        bic=str(bic) if bic else None,
    )


def _ewallet(wallet: EWallet, account: str) -> BankAccount:
    reasons = []
    for accepted in wallet.accepts:
        try:
            value = _EWALLET_IDS[accepted](account, wallet.country)
        except Reject as exc:
            reasons.append(f"{accepted}: {exc.reason}")
            continue
        return BankAccount(
            f"{wallet.country}:{wallet.code}:{value}",
            country=wallet.country,
            bank_code=wallet.code,
            bank_name=wallet.name,
            account=value,
            kind=EWALLET,
        )
    raise Reject(f"not a {wallet.name} account ({'; '.join(reasons)})")


def _thai_id(account: str, region: str) -> str:
    number = digits(account, "national ID")
    if not th_national_id_valid(number):
        raise Reject("not a valid 13-digit Thai national ID")
    return number


_EWALLET_IDS: dict[str, Callable[[str, str], str]] = {
    "phone": lambda account, region: parse_phone(account, region).canonical,
    "th-national-id": _thai_id,
    "email": lambda account, region: parse_email(account).canonical,
    "wechat": lambda account, region: platform_handle("wechat", account, region).handle,
}
