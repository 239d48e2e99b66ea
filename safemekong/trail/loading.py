"""Check staged rows and keep the good ones: every bad row is reported with its line and reason.

Keys are validated once per distinct raw text with the identifiers package (the slow, Python
part); every other check is one SQL pass, so a million-row file loads in seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from safemekong.identifiers import IdentifierError
from safemekong.trail.formats import Staged
from safemekong.trail.ledger import AMOUNT

#: How many rejected rows an import result lists (all are counted).
MAX_LISTED = 1000
_KEY_CHUNK = 20_000

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    batch_id: int
    file: str
    format: str
    accepted: int
    rejected: int
    errors: list[dict[str, Any]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "file": self.file,
            "format": self.format,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "errors": self.errors,
            "skipped": self.skipped,
        }


def _validate_keys(
    cur: duckdb.DuckDBPyConnection, staged: Staged, progress: Progress | None
) -> None:
    raws = [
        row[0]
        for row in cur.execute(
            "SELECT DISTINCT k FROM (SELECT src AS k FROM stage WHERE skip IS NULL UNION ALL "
            "SELECT dst FROM stage WHERE skip IS NULL) WHERE k IS NOT NULL AND trim(k) <> ''"
        ).fetchall()
    ]
    cur.execute("CREATE OR REPLACE TEMP TABLE keymap (raw VARCHAR, key VARCHAR, reason VARCHAR)")
    for start in range(0, len(raws), _KEY_CHUNK):
        chunk = raws[start : start + _KEY_CHUNK]
        keys: list[str | None] = []
        reasons: list[str | None] = []
        for raw in chunk:
            try:
                keys.append(staged.key_of(raw).key)
                reasons.append(None)
            except IdentifierError as exc:
                keys.append(None)
                reasons.append(str(exc))
        cur.execute(
            "INSERT INTO keymap SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]), "
            "unnest($3::VARCHAR[])",
            [chunk, keys, reasons],
        )
        if progress:
            progress(start + len(chunk), len(raws))
    if progress and not raws:
        progress(0, 0)


_CHECK = f"""
CREATE OR REPLACE TEMP TABLE checked AS
WITH repeats AS (
    SELECT tx_id, min(line) AS first_line FROM stage WHERE skip IS NULL
    GROUP BY tx_id HAVING count(*) > 1
),
known AS (
    SELECT DISTINCT x.tx_id FROM transfers x
    WHERE x.agency_id IS NOT DISTINCT FROM $agency
      AND x.tx_id IN (SELECT tx_id FROM stage)
),
s AS (
    SELECT stage.*, ks.key AS src_key, ks.reason AS src_reason, kd.key AS dst_key,
           kd.reason AS dst_reason, TRY_CAST(trim(amount) AS {AMOUNT}) AS amt,
           TRY_CAST(trim(ts) AS TIMESTAMPTZ) AS t, upper(trim(currency)) AS cur,
           r.first_line, known.tx_id IS NOT NULL AS in_ledger
    FROM stage
    LEFT JOIN keymap ks ON ks.raw = stage.src
    LEFT JOIN keymap kd ON kd.raw = stage.dst
    LEFT JOIN repeats r ON r.tx_id = stage.tx_id
    LEFT JOIN known ON known.tx_id = stage.tx_id
    WHERE skip IS NULL
)
SELECT s.*, CASE
    WHEN tx_id IS NULL OR trim(tx_id) = '' THEN 'tx_id: is required'
    WHEN length(tx_id) > 200 THEN 'tx_id: longer than 200 characters'
    WHEN ts IS NULL OR trim(ts) = '' THEN 'timestamp: is required'
    WHEN t IS NULL THEN 'timestamp: ' || ts || ' is not an ISO 8601 time'
    WHEN src IS NULL OR trim(src) = '' THEN 'from: is required'
    WHEN src_key IS NULL THEN 'from: ' || src_reason
    WHEN dst IS NULL OR trim(dst) = '' THEN 'to: is required'
    WHEN dst_key IS NULL THEN 'to: ' || dst_reason
    WHEN src_key = dst_key THEN 'to: the same account as from'
    WHEN amount IS NULL OR trim(amount) = '' THEN 'amount: is required'
    WHEN amt IS NULL THEN 'amount: ' || amount || ' is not a decimal number'
    WHEN amt <= 0 THEN 'amount: must be positive'
    WHEN cur IS NULL OR NOT regexp_full_match(cur, '[A-Z][A-Z0-9]{{1,9}}')
        THEN 'currency: ' || coalesce(currency, '') || ' is not a currency or asset code'
    WHEN first_line IS NOT NULL AND line > first_line
        THEN 'tx_id: ' || tx_id || ' repeats line ' || first_line
    WHEN in_ledger THEN 'tx_id: ' || tx_id || ' is already in the ledger'
END AS reason
FROM s
"""

_RAIL = (
    "coalesce(nullif(lower(trim(rail)), ''), CASE WHEN src_key LIKE 'wallet:%' "
    "THEN split_part(src_key, ':', 2) ELSE split_part(src_key, ':', 1) END)"
)


def load_staged(
    cur: duckdb.DuckDBPyConnection,
    staged: Staged,
    *,
    file: str,
    fmt: str,
    agency_id: int | None,
    scope_id: int | None,
    progress: Progress | None = None,
) -> ImportResult:
    """Move the good rows of ``stage`` into ``transfers`` in one batch; list the bad ones."""
    _validate_keys(cur, staged, progress)
    cur.execute("BEGIN TRANSACTION")
    try:
        cur.execute(_CHECK, {"agency": agency_id})
        batch_row = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchone()
        seq_row = cur.execute("SELECT coalesce(max(seq), 0) FROM transfers").fetchone()
        assert batch_row is not None and seq_row is not None
        batch_id, base_seq = int(batch_row[0]), int(seq_row[0])
        cur.execute(
            f"""INSERT INTO transfers
                SELECT {base_seq} + line, trim(tx_id), CAST(t AS TIMESTAMP), src_key, dst_key,
                       amt, cur, {_RAIL},
                       nullif(memo, ''), $batch, line, $agency, $scope
                FROM checked WHERE reason IS NULL""",
            {"batch": batch_id, "agency": agency_id, "scope": scope_id},
        )
        accepted_row = cur.execute("SELECT count(*) FROM checked WHERE reason IS NULL").fetchone()
        accepted = int(accepted_row[0]) if accepted_row else 0
        bad = [
            (int(line), str(reason))
            for line, reason in cur.execute(
                "SELECT line, reason FROM checked WHERE reason IS NOT NULL ORDER BY line"
            ).fetchall()
        ]
        errors = sorted([*staged.rejects, *bad])
        skipped = {
            str(reason): int(count)
            for reason, count in cur.execute(
                "SELECT skip, count(*) FROM stage WHERE skip IS NOT NULL GROUP BY skip"
            ).fetchall()
        }
        cur.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                batch_id,
                file,
                fmt,
                agency_id,
                scope_id,
                datetime.now(UTC).replace(tzinfo=None),
                accepted,
                len(errors),
            ],
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return ImportResult(
        batch_id=batch_id,
        file=file,
        format=fmt,
        accepted=accepted,
        rejected=len(errors),
        errors=[{"line": line, "reason": reason} for line, reason in errors[:MAX_LISTED]],
        skipped=skipped,
    )


def _now() -> datetime:
    """The current UTC time without zone (the ledger stores UTC TIMESTAMPs)."""
    return datetime.now(UTC).replace(tzinfo=None)
