"""Bank statements into ledger rows: ISO 20022 camt.053 (bank-to-customer statement).

Each booked entry (``Ntry``) becomes one transfer between the statement's account and the
counterparty named in the entry's transaction details: a credit (``CRDT``) from the debtor's
account into the statement account, a debit (``DBIT``) from the statement account to the
creditor's account. An account is its IBAN, or its servicer's BIC and the account number
(``KASITHBK 1234567890``), parsed by the identifiers package as a bank account. The transfer
id is the servicer's reference, else the transaction id, else the end-to-end id. ``line`` is
the entry's number in the file (from 1).
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from safemekong.errors import InvalidInput
from safemekong.limits import check_xml


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node: ET.Element | None, *path: str) -> ET.Element | None:
    """The first descendant along ``path`` of local names (namespace-agnostic)."""
    for name in path:
        if node is None:
            return None
        node = next((child for child in node if _local(child.tag) == name), None)
    return node


def _text(node: ET.Element | None, *path: str) -> str | None:
    found = _find(node, *path)
    return found.text.strip() if found is not None and found.text else None


def _account(account: ET.Element | None, agent: ET.Element | None) -> str | None:
    """``IBAN`` or ``BIC number`` of an account element and its servicing agent."""
    if account is None:
        return None
    iban = _text(account, "Id", "IBAN")
    if iban:
        return iban
    number = _text(account, "Id", "Othr", "Id")
    bic = _text(agent, "FinInstnId", "BICFI") or _text(agent, "FinInstnId", "BIC")
    if number and bic:
        return f"{bic} {number}"
    return number


def camt053_rows(data: bytes) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    """Stage rows and structural rejects of a camt.053 document."""
    check_xml(data, "file")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput("file", f"not XML: {exc}") from exc
    statements = [n for n in root.iter() if _local(n.tag) == "Stmt"]
    if not statements:
        raise InvalidInput("file", "no camt.053 statement (Stmt) found")
    rows: list[tuple[Any, ...]] = []
    rejects: list[tuple[int, str]] = []
    number = 0
    for statement in statements:
        acct = _find(statement, "Acct")
        own = _account(acct, _find(acct, "Svcr"))
        for entry in (n for n in statement if _local(n.tag) == "Ntry"):
            number += 1
            amount = _find(entry, "Amt")
            direction = _text(entry, "CdtDbtInd")
            details = _find(entry, "NtryDtls", "TxDtls")
            when = _text(entry, "BookgDt", "DtTm") or _text(entry, "BookgDt", "Dt")
            when = when or _text(entry, "ValDt", "DtTm") or _text(entry, "ValDt", "Dt")
            tx_id = (
                _text(entry, "AcctSvcrRef")
                or _text(details, "Refs", "AcctSvcrRef")
                or _text(details, "Refs", "TxId")
                or _text(details, "Refs", "EndToEndId")
            )
            parties, agents = _find(details, "RltdPties"), _find(details, "RltdAgts")
            if direction == "CRDT":
                other = _account(_find(parties, "DbtrAcct"), _find(agents, "DbtrAgt"))
                src, dst = other, own
            elif direction == "DBIT":
                other = _account(_find(parties, "CdtrAcct"), _find(agents, "CdtrAgt"))
                src, dst = own, other
            else:
                rejects.append((number, f"CdtDbtInd: {direction!r} is not CRDT or DBIT"))
                continue
            status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")
            skip = None if status in (None, "BOOK") else f"entry status {status} (not booked)"
            memo = _text(details, "RmtInf", "Ustrd")
            currency = amount.get("Ccy") if amount is not None else None
            text = amount.text.strip() if amount is not None and amount.text else None
            rows.append((number, tx_id, when, src, dst, text, currency, "bank", memo, skip))
    return rows, rejects
