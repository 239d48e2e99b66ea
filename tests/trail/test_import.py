"""Importers: good rows kept, bad rows reported with line and reason."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from safemekong.errors import Forbidden, InvalidInput
from safemekong.policy import NODE_ADMIN
from safemekong.policy.principals import Principal
from safemekong.trail.service import Trail
from tests.trail.support import DATA, SHARED, tron_address, write_csv

A, B = "bank:TH:004:2000000001", "bank:TH:006:4000000001"


def test_documented_ledger_csv_imports_every_row_with_utc_times(trail: Trail) -> None:
    result = trail.import_file(NODE_ADMIN, DATA / "case.csv", "csv")
    assert (result.accepted, result.rejected) == (6, 0)
    cur = trail.ledger.cursor()
    row = cur.execute(
        "SELECT CAST(ts AS VARCHAR), src, dst, amount, currency, rail, memo FROM transfers "
        "WHERE tx_id = 't1'"
    ).fetchone()
    assert row is not None
    assert row[0] == "2026-03-01 03:00:00"  # 10:00 +07:00
    assert row[1:3] == ("bank:TH:002:1000000001", A)
    assert float(row[3]) == 1000.0
    assert row[4:] == ("THB", "bank", "victim payment")


def test_bad_rows_are_listed_with_line_and_reason_and_good_rows_kept(
    trail: Trail, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            f"ok1,2026-03-01T10:00:00Z,{A},{B},10.50,thb",  # line 2
            f"bad-time,yesterday,{A},{B},10,THB",  # line 3
            f"bad-from,2026-03-01,bank:TH:004:123,{B},10,THB",  # line 4
            f"short,2026-03-01,{A}",  # line 5: too few columns
            f"bad-amount,2026-03-01,{A},{B},-3,THB",  # line 6
            f"ok1,2026-03-02,{A},{B},1,THB",  # line 7: repeats line 2
            f"self,2026-03-02,{A},{A},1,THB",  # line 8
            f"ok2,2026-03-02,{B},{A},4,USDT",  # line 9
        ],
    )
    result = trail.import_file(NODE_ADMIN, path, "csv")
    assert result.accepted == 2
    by_line = {e["line"]: e["reason"] for e in result.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8]
    assert by_line[3].startswith("timestamp: yesterday")
    assert by_line[4].startswith("from: bank 'bank:TH:004:123'")
    assert "columns" in by_line[5]
    assert by_line[6] == "amount: must be positive"
    assert by_line[7] == "tx_id: ok1 repeats line 2"
    assert by_line[8] == "to: the same account as from"


def test_importing_the_same_file_twice_rejects_the_repeats(trail: Trail) -> None:
    trail.import_file(NODE_ADMIN, DATA / "case.csv", "csv")
    again = trail.import_file(NODE_ADMIN, DATA / "case.csv", "csv")
    assert again.accepted == 0
    assert again.errors[0] == {"line": 2, "reason": "tx_id: t00 is already in the ledger"}


def test_a_file_without_the_documented_columns_is_refused(trail: Trail, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,when,amount\n1,2026-01-01,3\n")
    with pytest.raises(InvalidInput, match="missing column"):
        trail.import_file(NODE_ADMIN, path, "csv")


def test_unknown_format_names_the_choices(trail: Trail) -> None:
    with pytest.raises(InvalidInput, match="csv, parquet, amlgentex, tron-json, camt053, xlsx"):
        trail.import_file(NODE_ADMIN, DATA / "case.csv", "mt941")


def test_read_only_role_may_not_import(trail: Trail) -> None:
    reader = Principal(agency_id=1, agency_code="TH-CCIB", role="read-only")
    with pytest.raises(Forbidden):
        trail.import_file(reader, DATA / "case.csv", "csv")


def test_progress_reports_the_accounts_checked(trail: Trail) -> None:
    seen: list[tuple[int, int]] = []
    trail.import_file(
        NODE_ADMIN, DATA / "case.csv", "csv", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (7, 7)


def test_trongrid_trc20_json_becomes_tron_wallet_transfers(trail: Trail, tmp_path: Path) -> None:
    one, two = tron_address(1), tron_address(2)
    token = {"symbol": "USDT", "address": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "decimals": 6}
    items = [
        {
            "transaction_id": "ab01",
            "block_timestamp": 1772334000000,
            "from": one,
            "to": two,
            "type": "Transfer",
            "value": "1500250000",
            "token_info": token,
        },
        {
            "transaction_id": "ab02",
            "block_timestamp": 1772334060000,
            "from": one,
            "to": "Tnope",
            "type": "Transfer",
            "value": "1",
            "token_info": token,
        },
        {
            "transaction_id": "ab03",
            "block_timestamp": 1772334060000,
            "from": one,
            "to": two,
            "type": "Approval",
            "value": "1",
            "token_info": token,
        },
    ]
    path = tmp_path / "trc20.json"
    path.write_text(json.dumps({"data": items, "meta": {}}))
    result = trail.import_file(NODE_ADMIN, path, "tron-json")
    assert result.accepted == 1
    assert [e["line"] for e in result.errors] == [2]
    assert result.errors[0]["reason"].startswith("to: wallet")
    assert result.skipped == {"Approval event (not a transfer)": 1}
    row = (
        trail.ledger.cursor()
        .execute("SELECT src, dst, amount, currency, rail, CAST(ts AS VARCHAR) FROM transfers")
        .fetchone()
    )
    assert row is not None
    assert row[:2] == (f"wallet:tron:{one}", f"wallet:tron:{two}")
    assert float(row[2]) == 1500.25
    assert row[3:] == ("USDT", "tron", "2026-03-01 03:00:00")


@pytest.mark.skipif(not (SHARED / "amlgentex_small2k").exists(), reason="AMLGentex sample absent")
def test_amlgentex_sample_keeps_every_transfer_between_its_two_banks(trail: Trail) -> None:
    result = trail.import_file(
        NODE_ADMIN, SHARED / "amlgentex_small2k" / "tx_log.csv.gz", "amlgentex"
    )
    # 178,693 TRANSFER rows, of which 102,961 leave and 6,000 enter the two modelled banks.
    assert result.accepted + result.rejected == 178_693 - 102_961 - 6_000
    assert all(e["reason"] == "amount: must be positive" for e in result.errors)
    assert result.skipped["opening balance (not a transfer)"] == 2000


def test_parquet_ledger_with_typed_or_text_columns(trail: Trail, tmp_path: Path) -> None:
    import duckdb

    con = duckdb.connect()
    path = tmp_path / "ledger.parquet"
    con.execute(
        f"""COPY (SELECT * FROM (VALUES
            ('p1', TIMESTAMPTZ '2026-03-01 10:00:00+07', '{A}', '{B}', 12.5, 'THB'),
            ('p2', TIMESTAMPTZ '2026-03-01 11:00:00+07', '{A}', 'bank:TH:004:1', 3.0, 'THB'))
            t(tx_id, "timestamp", "from", "to", amount, currency)) TO '{path}'"""
    )
    result = trail.import_file(NODE_ADMIN, path, "parquet")
    assert result.accepted == 1
    assert result.errors == [
        {
            "line": 2,
            "reason": "to: bank 'bank:TH:004:1': a TH account number has 10 or 12 digits, not 1",
        }
    ]
    row = trail.ledger.cursor().execute("SELECT CAST(ts AS VARCHAR) FROM transfers").fetchone()
    assert row == ("2026-03-01 03:00:00",)


def test_camt053_statement_entries_become_transfers_to_and_from_the_account(
    trail: Trail,
) -> None:
    result = trail.import_file(NODE_ADMIN, DATA / "statement.camt053.xml", "camt053")
    assert result.accepted == 2
    assert result.errors == [{"line": 3, "reason": "to: is required"}]
    assert result.skipped == {"entry status PDNG (not booked)": 1}
    rows = (
        trail.ledger.cursor()
        .execute(
            "SELECT tx_id, CAST(ts AS VARCHAR), src, dst, amount, memo FROM transfers ORDER BY ts"
        )
        .fetchall()
    )
    assert [(r[0], r[1], r[2], r[3], float(r[4]), r[5]) for r in rows] == [
        (
            "KTB-0001",
            "2026-03-01 03:00:00",
            "bank:TH:004:1000000001",
            "bank:TH:006:4000000001",
            1000.0,
            "investment deposit",
        ),
        (
            "KTB-0002",
            "2026-03-01 04:00:00",
            "bank:TH:006:4000000001",
            "bank:TH:014:5000000001",
            600.0,
            None,
        ),
    ]


def test_camt053_with_entities_is_refused(trail: Trail, tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Document/>')
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        trail.import_file(NODE_ADMIN, path, "camt053")


def _statement_sheet(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "交易明细"
    sheet.append(["某银行 账户交易明细查询"])  # a title row above the header
    sheet.append(
        ["查询卡号", "交易流水号", "交易时间", "交易金额", "币种", "借贷标志", "对手账号", "摘要"]
    )
    card, other = "6222021234567890128", "6212261234567890128"
    sheet.append([card, "F001", datetime(2026, 3, 1, 10, 0), 5000, "CNY", "贷", other, "转入"])
    sheet.append([card, "F002", "2026-03-01 10:05:00", 4800.5, "CNY", "借", other, "转出"])
    sheet.append([card, "F003", "2026-03-01 10:06:00", 10, "CNY", "冲", other, ""])
    book.save(path)


MAPPING = {
    "sheet": "交易明细",
    "header_row": 2,
    "account": "查询卡号",
    "columns": {
        "tx_id": "交易流水号",
        "timestamp": "交易时间",
        "amount": "交易金额",
        "currency": "币种",
        "direction": "借贷标志",
        "counterparty": "对手账号",
        "memo": "摘要",
    },
    "credit": ["贷"],
    "debit": ["借"],
    "region": "CN",
    "timezone": "+08:00",
}


def test_spreadsheet_with_a_saved_mapping_reads_credits_and_debits(
    trail: Trail, tmp_path: Path
) -> None:
    path = tmp_path / "inquiry.xlsx"
    _statement_sheet(path)
    result = trail.import_file(NODE_ADMIN, path, "xlsx", mapping=MAPPING)
    assert result.accepted == 2
    assert result.errors == [{"line": 5, "reason": "direction: '冲' is neither credit nor debit"}]
    rows = (
        trail.ledger.cursor()
        .execute(
            "SELECT tx_id, CAST(ts AS VARCHAR), src, dst, amount, memo FROM transfers ORDER BY ts"
        )
        .fetchall()
    )
    card, other = "bank:CN:card:6222021234567890128", "bank:CN:card:6212261234567890128"
    assert [(r[0], r[1], r[2], r[3], float(r[4]), r[5]) for r in rows] == [
        ("F001", "2026-03-01 02:00:00", other, card, 5000.0, "转入"),
        ("F002", "2026-03-01 02:05:00", card, other, 4800.5, "转出"),
    ]


def test_spreadsheet_without_a_mapping_is_refused(trail: Trail, tmp_path: Path) -> None:
    path = tmp_path / "inquiry.xlsx"
    _statement_sheet(path)
    with pytest.raises(InvalidInput, match="mapping"):
        trail.import_file(NODE_ADMIN, path, "xlsx")
    with pytest.raises(InvalidInput, match="sheet lacks column"):
        trail.import_file(
            NODE_ADMIN,
            path,
            "xlsx",
            mapping={**MAPPING, "columns": {**MAPPING["columns"], "memo": "备注"}},
        )


def test_a_mapping_may_leave_an_optional_column_null(trail: Trail, tmp_path: Path) -> None:
    """A null column is not mapped (found by the property tests: it used to crash)."""
    path = tmp_path / "inquiry.xlsx"
    _statement_sheet(path)
    columns = {**MAPPING["columns"], "currency": None, "memo": None}
    mapping = {**MAPPING, "columns": columns, "currency": "CNY"}
    result = trail.import_file(NODE_ADMIN, path, "xlsx", mapping=mapping)
    assert result.accepted == 2
    memos = trail.ledger.cursor().execute("SELECT DISTINCT currency, memo FROM transfers")
    assert memos.fetchall() == [("CNY", None)]
