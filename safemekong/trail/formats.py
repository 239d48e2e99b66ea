"""File formats the ledger imports, each read into one staging table of text columns.

A reader fills the temporary table ``stage`` (``line, tx_id, ts, src, dst, amount, currency,
rail, memo, skip``) and says how a raw account text becomes an identifier key. Checking the
values is :mod:`safemekong.trail.loading`'s job, the same for every format. Formats:

- ``csv``: the documented ledger CSV ``tx_id,timestamp,from,to,amount,currency[,rail,memo]``
  whose ``from``/``to`` are canonical identifier keys.
- ``parquet``: the same columns in a Parquet file (``timestamp`` a timestamp or ISO text).
- ``amlgentex``: AMLGentex's ``tx_log.csv`` (``step,type,amount,nameOrig,nameDest,bankOrig,
  bankDest,…``); accounts become Thai bank keys (see :data:`AMLGENTEX_BANKS`), step N is day N
  after :data:`AMLGENTEX_EPOCH`; opening balances, cash withdrawals and payments leaving the two
  modelled banks are skipped (counted, not listed).
- ``camt053``: ISO 20022 bank-to-customer statements (see :mod:`safemekong.trail.statements`).
- ``xlsx``: bank-statement spreadsheets through a saved column mapping
  (see :mod:`safemekong.trail.spreadsheets`).
- ``tron-json``: TronGrid's TRC-20 transfer list (``{"data": [{"transaction_id",
  "block_timestamp", "from", "to", "value", "token_info": {"symbol", "decimals"}}]}``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

from safemekong import limits
from safemekong.errors import InvalidInput
from safemekong.identifiers import Identifier, parse, parse_key

STAGE_COLUMNS = ("line", "tx_id", "ts", "src", "dst", "amount", "currency", "rail", "memo", "skip")
_STAGE_DDL = (
    "CREATE OR REPLACE TEMP TABLE stage (line BIGINT, tx_id VARCHAR, ts VARCHAR, src VARCHAR, "
    "dst VARCHAR, amount VARCHAR, currency VARCHAR, rail VARCHAR, memo VARCHAR, skip VARCHAR)"
)

#: AMLGentex bank ids mapped to Thai bank codes (synthetic accounts need a real key shape).
AMLGENTEX_BANKS: dict[str, str] = {"bank_a": "TH:002", "bank_b": "TH:004"}
AMLGENTEX_EPOCH = "2026-01-01"
#: Days a simulation may span; a step outside (or not a number) is a bad timestamp.
AMLGENTEX_MAX_STEP = 100_000
AMLGENTEX_CURRENCY = "THB"

LEDGER_COLUMNS = ("tx_id", "timestamp", "from", "to", "amount", "currency")
AMLGENTEX_COLUMNS = ("step", "type", "amount", "nameOrig", "nameDest", "bankOrig", "bankDest")

#: A file bigger than this is refused before any work (bytes).
MAX_FILE_BYTES = 20 * 1024**3
#: TronGrid JSON is parsed in memory: keep it to export-page sizes.
MAX_JSON_BYTES = 512 * 1024**2


def read_text_file(path: Path, max_bytes: int) -> str:
    """The UTF-8 text of a small file read whole (tags, rates), or InvalidInput saying why not."""
    if not path.is_file():
        raise InvalidInput("file", f"{path} is not a file")
    if path.stat().st_size > max_bytes:
        raise InvalidInput("file", f"larger than {max_bytes} bytes")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput("file", f"is not UTF-8 text (byte {exc.start})") from None


@dataclass
class Staged:
    """What a reader staged: structural rejects (line, reason) and how raw accounts become keys."""

    key_of: Callable[[str], Identifier]
    rejects: list[tuple[int, str]] = field(default_factory=list)


def _tron_key(raw: str) -> Identifier:
    return parse("wallet", f"tron:{raw}")


def _raw_columns(cur: duckdb.DuckDBPyConnection, required: tuple[str, ...]) -> list[str]:
    """The columns of the table ``raw``; InvalidInput naming those ``required`` but absent."""
    columns = [row[0] for row in cur.execute("DESCRIBE raw").fetchall()]
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput("file", f"missing column(s) {', '.join(missing)}; found {columns}")
    return columns


def _csv_into(cur: duckdb.DuckDBPyConnection, path: Path, required: tuple[str, ...]) -> Staged:
    """Read a CSV (plain or .gz) as text into ``raw`` with a ``line`` per record."""
    for table in ("trail_rejects", "trail_scans"):
        cur.execute(f"DROP TABLE IF EXISTS {table}")
    try:
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv(?, header = true, "
            "all_varchar = true, store_rejects = true, rejects_table = 'trail_rejects', "
            "rejects_scan = 'trail_scans', auto_detect = true)",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise InvalidInput("file", f"not a readable CSV: {exc}") from exc
    _raw_columns(cur, required)
    rejects = [
        (int(line), f"{kind.lower()}: {message}")
        for line, kind, message in cur.execute(
            "SELECT line, min(error_type), min(error_message) FROM trail_rejects GROUP BY line "
            "ORDER BY line"
        ).fetchall()
    ]
    # Records are numbered from line 2 (after the header), skipping lines the reader rejected.
    line = "raw.rowid + 2"
    if rejects:
        line += (
            " + coalesce((SELECT max(n) FROM (SELECT line - 1 - row_number() OVER (ORDER BY "
            "line) AS t, row_number() OVER (ORDER BY line) AS n FROM (SELECT DISTINCT line "
            "FROM trail_rejects)) r WHERE r.t <= raw.rowid), 0)"
        )
    cur.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {line} AS line, * FROM raw")
    return Staged(key_of=parse_key, rejects=rejects)


def read_ledger_csv(cur: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    staged = _csv_into(cur, path, LEDGER_COLUMNS)
    columns = {row[0] for row in cur.execute("DESCRIBE raw").fetchall()}
    rail = "rail" if "rail" in columns else "NULL"
    memo = "memo" if "memo" in columns else "NULL"
    cur.execute(_STAGE_DDL)
    cur.execute(
        f'INSERT INTO stage SELECT line, tx_id, timestamp, "from", "to", amount, currency, '
        f"{rail}, {memo}, NULL FROM raw"
    )
    return staged


def read_ledger_parquet(cur: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    """The ledger CSV's columns in a Parquet file; ``line`` is the row number (from 1).

    The file is read first in a throwaway database and copied out by DuckDB itself: a crafted
    file can make DuckDB's Parquet reader fail fatally, which invalidates the whole database,
    and that must never be the ledger.
    """
    with tempfile.TemporaryDirectory(prefix="safemekong-parquet-") as scratch:
        copy = str(Path(scratch) / "ledger.parquet")
        try:
            with duckdb.connect() as throwaway:
                throwaway.execute("CREATE TABLE raw AS SELECT * FROM read_parquet(?)", [str(path)])
                throwaway.execute("COPY raw TO ? (FORMAT parquet)", [copy])
        except duckdb.Error as exc:
            raise InvalidInput("file", f"not a readable Parquet file: {exc}") from exc
        cur.execute("CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_parquet(?)", [copy])
    columns = _raw_columns(cur, LEDGER_COLUMNS)
    text = {c: f'CAST("{c}" AS VARCHAR)' for c in (*LEDGER_COLUMNS, "rail", "memo")}
    rail = text["rail"] if "rail" in columns else "NULL"
    memo = text["memo"] if "memo" in columns else "NULL"
    cur.execute(_STAGE_DDL)
    cur.execute(
        f"INSERT INTO stage SELECT rowid + 1, {text['tx_id']}, "
        "coalesce(strftime(TRY_CAST(\"timestamp\" AS TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%S.%f%z'), "
        f"{text['timestamp']}), "
        f"{text['from']}, {text['to']}, {text['amount']}, {text['currency']}, {rail}, {memo}, "
        "NULL FROM raw"
    )
    return Staged(key_of=parse_key)


def read_amlgentex(cur: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    staged = _csv_into(cur, path, AMLGENTEX_COLUMNS)
    banks = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in AMLGENTEX_BANKS.items())

    def account(name: str, bank: str) -> str:
        return f"'bank:' || (CASE {bank} {banks} END) || ':' || lpad({name}, 10, '0')"

    cur.execute(_STAGE_DDL)
    cur.execute(
        f"""INSERT INTO stage SELECT line, 'amlgentex:' || line,
            CASE WHEN TRY_CAST(step AS INTEGER) BETWEEN 0 AND {AMLGENTEX_MAX_STEP}
                 THEN CAST(DATE '{AMLGENTEX_EPOCH}' + CAST(step AS INTEGER) AS VARCHAR)
                 ELSE 'step ' || coalesce(step, '') END,
            {account("nameOrig", "bankOrig")}, {account("nameDest", "bankDest")}, amount,
            '{AMLGENTEX_CURRENCY}', 'bank', NULL,
            CASE WHEN type = 'INITALBALANCE' THEN 'opening balance (not a transfer)'
                 WHEN type = 'CASH' THEN 'cash withdrawal (no receiving account)'
                 WHEN bankDest = 'sink' THEN 'payment out of the modelled banks'
                 WHEN bankOrig = 'source' THEN 'deposit from outside the modelled banks' END
            FROM raw"""
    )
    return Staged(key_of=parse_key, rejects=staged.rejects)


def _tron_item(item: Any) -> tuple[Any, ...]:
    """One TronGrid transfer as stage values; a bad item gets ``skip`` = None and a reason."""
    token = item.get("token_info")
    token = token if isinstance(token, dict) else {}
    value, decimals = item.get("value"), token.get("decimals", 6)
    try:
        amount = str(Decimal(str(value)).scaleb(-int(decimals)))
    except (InvalidOperation, ValueError, TypeError, OverflowError):  # Infinity is JSON to Python
        amount = f"invalid value {value!r}"
    millis = item.get("block_timestamp")
    ts = None
    if isinstance(millis, int) and not isinstance(millis, bool) and 0 <= millis < 2**45:
        ts = datetime.fromtimestamp(millis / 1000, UTC).isoformat()
    memo = token.get("address")
    return (
        item.get("transaction_id"),
        ts,
        item.get("from"),
        item.get("to"),
        amount,
        token.get("symbol"),
        "tron",
        memo,
    )


def read_tron_json(cur: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise InvalidInput("file", f"TronGrid JSON larger than {MAX_JSON_BYTES} bytes")
    try:
        document = limits.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("file", f"not JSON: {exc}") from exc
    items = document.get("data") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise InvalidInput("file", "expected TronGrid's {'data': [...]} or a list of transfers")
    rows: list[tuple[Any, ...]] = []
    rejects: list[tuple[int, str]] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rejects.append((number, "item: not an object"))
            continue
        kind = item.get("type", "Transfer")
        skip = None if kind == "Transfer" else f"{kind} event (not a transfer)"
        rows.append((number, *_tron_item(item), skip))
    stage_rows(cur, rows)
    return Staged(key_of=_tron_key, rejects=rejects)


def stage_rows(cur: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> None:
    """Create ``stage`` and fill it with rows read in Python (one tuple per STAGE_COLUMNS)."""
    cur.execute(_STAGE_DDL)
    if rows:
        lines, *columns = zip(*rows, strict=True)
        # Text, whatever a JSON document held: DuckDB types a list by its values.
        texts = [[None if v is None else str(v) for v in column] for column in columns]
        cur.execute(
            "INSERT INTO stage SELECT * FROM (SELECT unnest($1::BIGINT[]), "
            + ", ".join(f"unnest(${i}::VARCHAR[])" for i in range(2, 11))
            + ")",
            [list(lines), *texts],
        )


def _bank_key(raw: str) -> Identifier:
    return parse("bank", raw)


def read_camt053(cur: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    from safemekong.trail.statements import camt053_rows

    if path.stat().st_size > MAX_JSON_BYTES:
        raise InvalidInput("file", f"camt.053 file larger than {MAX_JSON_BYTES} bytes")
    rows, rejects = camt053_rows(path.read_bytes())
    stage_rows(cur, rows)
    return Staged(key_of=_bank_key, rejects=rejects)


def read_xlsx(cur: duckdb.DuckDBPyConnection, path: Path, mapping: dict[str, Any] | None) -> Staged:
    from safemekong.trail.spreadsheets import check_mapping, sheet_rows

    if mapping is None:
        raise InvalidInput("mapping", "a spreadsheet needs a column mapping (--mapping FILE)")
    mapping = check_mapping(mapping)
    region = mapping.get("region")
    rows, rejects = sheet_rows(path, mapping)
    stage_rows(cur, rows)
    return Staged(key_of=lambda raw: parse("bank", raw, default_region=region), rejects=rejects)


#: Format name → reader (the ``--format`` choices).
READERS: dict[str, Callable[[duckdb.DuckDBPyConnection, Path], Staged]] = {
    "csv": read_ledger_csv,
    "parquet": read_ledger_parquet,
    "amlgentex": read_amlgentex,
    "tron-json": read_tron_json,
    "camt053": read_camt053,
}
#: Formats read through a saved column mapping.
MAPPED: dict[str, Callable[[duckdb.DuckDBPyConnection, Path, dict[str, Any] | None], Staged]] = {
    "xlsx": read_xlsx,
}
FORMATS = (*READERS, *MAPPED)


def read(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    fmt: str,
    mapping: dict[str, Any] | None = None,
) -> Staged:
    """Stage ``path`` in format ``fmt``; raise InvalidInput for an unknown format or bad file."""
    if fmt not in FORMATS:
        raise InvalidInput("format", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise InvalidInput("file", f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput("file", f"larger than {MAX_FILE_BYTES} bytes")
    if fmt in MAPPED:
        return MAPPED[fmt](cur, path, mapping)
    return READERS[fmt](cur, path)
