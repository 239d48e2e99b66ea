"""Bank-statement spreadsheets (.xlsx) read through a saved column mapping.

Bank inquiry returns arrive as Excel sheets whose columns differ by bank; an investigator
saves a mapping once per bank layout (JSON) and reuses it::

    {"sheet": "交易明细", "header_row": 1, "account": "查询卡号",
     "columns": {"tx_id": "交易流水号", "timestamp": "交易时间", "amount": "交易金额",
                 "currency": "币种", "direction": "借贷标志", "counterparty": "对手账号",
                 "memo": "摘要"},
     "credit": ["贷", "进"], "debit": ["借", "出"],
     "currency": "CNY", "region": "CN", "timezone": "+08:00"}

``account`` names the column holding the statement's own account (or ``account_value`` gives
it); a credit is a transfer from the counterparty into the account, a debit the reverse
(without a ``direction`` column, a negative amount is a debit). Accounts are parsed as bank
accounts with ``region`` as the default country; times without an offset get ``timezone``.
``line`` is the sheet's row number.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from safemekong import limits
from safemekong.errors import InvalidInput

REQUIRED = ("tx_id", "timestamp", "amount", "counterparty")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
MAX_MAPPING_BYTES = 16 * 1024
#: Rows of a sheet (Excel's own limit), and what a workbook may unpack to: checked from the zip
#: directory before anything is opened, since a zip bomb of kilobytes can declare gigabytes.
MAX_ROWS = 1_048_576
MAX_UNPACKED_BYTES = 256 * 1024**2
MAX_PARTS = 1000


def load_mapping(path: Path) -> dict[str, Any]:
    if not path.is_file() or path.stat().st_size > MAX_MAPPING_BYTES:
        raise InvalidInput("mapping", f"{path} is not a mapping file (JSON, ≤ 16 KB)")
    try:
        mapping = limits.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InvalidInput("mapping", f"not JSON: {exc}") from exc
    return check_mapping(mapping)


def check_mapping(mapping: object) -> dict[str, Any]:
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise InvalidInput("mapping", "must be an object with a 'columns' object")
    missing = [c for c in REQUIRED if not mapping["columns"].get(c)]
    if missing:
        raise InvalidInput("mapping", f"columns lacks {', '.join(missing)}")
    if not mapping.get("account") and not mapping.get("account_value"):
        raise InvalidInput("mapping", "give 'account' (a column) or 'account_value'")
    texts = [(f"columns.{k}", v) for k, v in mapping["columns"].items()]
    texts += [(k, mapping.get(k)) for k in ("sheet", "account", "timezone", "currency", "region")]
    texts += [(k, v) for k in ("credit", "debit") for v in _listed(mapping, k)]
    for name, value in texts:
        if value is not None and not isinstance(value, str):
            raise InvalidInput(f"mapping.{name}", "must be a string")
    header_row = mapping.get("header_row", 1)
    if type(header_row) is not int or not 1 <= header_row <= MAX_ROWS:
        raise InvalidInput("mapping.header_row", f"must be a row number from 1 to {MAX_ROWS}")
    # A column given as null is not mapped (the optional ones may be).
    columns = {k: v for k, v in mapping["columns"].items() if v is not None}
    return {**mapping, "columns": columns}


def _listed(mapping: dict[str, Any], name: str) -> list[Any]:
    values = mapping.get(name, [])
    if not isinstance(values, list):
        raise InvalidInput(f"mapping.{name}", "must be a list of strings")
    return values


def _time(value: object, zone: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        text = value.isoformat()
        return text if value.tzinfo else text + zone
    if isinstance(value, date):
        return datetime.combine(value, time()).isoformat() + zone
    text = str(value).strip()
    return text if _OFFSET.search(text) else f"{text}{zone}"


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _check_package(path: Path) -> None:
    """InvalidInput unless the workbook's zip unpacks within the limits into XML without a DTD."""
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
                raise InvalidInput(
                    "file",
                    f"a workbook may unpack to at most {MAX_UNPACKED_BYTES} bytes "
                    f"in {MAX_PARTS} parts",
                )
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with package.open(part) as xml:
                        limits.check_xml(xml, "file")
    except InvalidInput:
        raise
    except Exception as exc:  # zipfile and its decompressors raise many types for a bad file
        raise InvalidInput("file", f"not a readable .xlsx workbook: {exc}") from exc


def sheet_rows(
    path: Path, mapping: dict[str, Any]
) -> tuple[list[tuple[Any, ...]], list[tuple[int, str]]]:
    """Stage rows and rejects of a mapped spreadsheet."""
    from openpyxl import load_workbook

    _check_package(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        raise InvalidInput("file", f"not a readable .xlsx workbook: {exc}") from exc
    sheet_name = mapping.get("sheet")
    if sheet_name is not None and sheet_name not in book.sheetnames:
        raise InvalidInput("mapping", f"no sheet {sheet_name!r}; sheets: {book.sheetnames}")
    sheet = book[sheet_name] if sheet_name else book.worksheets[0]
    header_row = int(mapping.get("header_row", 1))
    rows = sheet.iter_rows(min_row=header_row, values_only=True)
    header = [_text(v) for v in next(rows, ())]
    columns: dict[str, str] = mapping["columns"]
    wanted = [*columns.values(), *([mapping["account"]] if mapping.get("account") else [])]
    absent = [name for name in wanted if name not in header]
    if absent:
        raise InvalidInput("file", f"sheet lacks column(s) {', '.join(absent)}")
    where = {name: header.index(name) for name in wanted}
    credit = {str(v) for v in mapping.get("credit", ["C", "CR", "CRDT", "贷", "进"])}
    debit = {str(v) for v in mapping.get("debit", ["D", "DR", "DBIT", "借", "出"])}
    zone = str(mapping.get("timezone", "Z"))
    out: list[tuple[Any, ...]] = []
    rejects: list[tuple[int, str]] = []
    for number, values in enumerate(rows, start=header_row + 1):
        if not any(v not in (None, "") for v in values):
            continue

        def cell(field: str, values: tuple[Any, ...] = values) -> object:
            name = columns.get(field)
            return values[where[name]] if name and where[name] < len(values) else None

        own = (
            _text(values[where[mapping["account"]]])
            if mapping.get("account") and where[mapping["account"]] < len(values)
            else _text(mapping.get("account_value"))
        )
        other = _text(cell("counterparty"))
        amount = _text(cell("amount"))
        flag = _text(cell("direction"))
        if flag is not None:
            if flag in credit:
                is_credit = True
            elif flag in debit:
                is_credit = False
            else:
                rejects.append((number, f"direction: {flag!r} is neither credit nor debit"))
                continue
        else:
            is_credit = not (amount or "").startswith("-")
        amount = amount.lstrip("-") if amount else amount
        src, dst = (other, own) if is_credit else (own, other)
        currency = _text(cell("currency")) or mapping.get("currency")
        out.append(
            (
                number,
                _text(cell("tx_id")),
                _time(cell("timestamp"), zone),
                src,
                dst,
                amount,
                currency,
                "bank",
                _text(cell("memo")),
                None,
            )
        )
    book.close()
    return out, rejects
