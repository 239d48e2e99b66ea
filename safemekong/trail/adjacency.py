"""An in-memory adjacency index over the ledger, so a trace never scans the whole table.

DuckDB is the ledger's store; tracing asks "every transfer touching these accounts" once per
hop, which a columnar scan answers in time proportional to the ledger. This index (account
ids, transfers as numpy columns, and two orderings with offsets: by sender and by receiver,
the CSR layout) answers it in time proportional to the accounts' own transfers. It is built
from the ledger on first use and rebuilt when an import changed the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np

from safemekong.trail.rules import Move
from safemekong.trail.trace import Fetched

_BUILD = """
CREATE OR REPLACE TEMP TABLE trail_accounts AS
SELECT key, CAST(row_number() OVER (ORDER BY key) - 1 AS INTEGER) AS id
FROM (SELECT src AS key FROM transfers UNION SELECT dst FROM transfers)
"""
_EDGES = """
SELECT t.seq, t.tx_id, hash(t.tx_id) AS tx_hash, epoch_us(t.ts) AS at, s.id AS src,
       d.id AS dst, CAST(t.amount AS DOUBLE) AS amount,
       c.id AS cur, coalesce(t.agency_id, -1) AS agency, coalesce(t.scope_id, -1) AS scope
FROM transfers t
JOIN trail_accounts s ON s.key = t.src
JOIN trail_accounts d ON d.key = t.dst
JOIN (SELECT currency, CAST(row_number() OVER (ORDER BY currency) - 1 AS INTEGER) AS id
      FROM (SELECT DISTINCT currency FROM transfers)) c ON c.currency = t.currency
ORDER BY t.seq
"""


@dataclass
class Visibility:
    """Rows a principal may read: its agency's, and those whose scope reaches it (None: all)."""

    agency_id: int | None
    reached: frozenset[int] | None

    def sees(self, agency_id: int | None, scope_id: int | None) -> bool:
        """Python twin of the ledger's SQL rule for one row."""
        if self.reached is None:
            return True
        return (agency_id is not None and agency_id == self.agency_id) or (
            scope_id is not None and scope_id in self.reached
        )


@dataclass
class Adjacency:
    version: int
    keys: list[str]
    ids: dict[str, int]
    currencies: list[str]
    seq: np.ndarray
    tx: np.ndarray
    tx_sorted: np.ndarray
    tx_order: np.ndarray
    at: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    amount: np.ndarray
    cur: np.ndarray
    agency: np.ndarray
    scope: np.ndarray
    out_order: np.ndarray
    out_start: np.ndarray
    in_order: np.ndarray
    in_start: np.ndarray

    @classmethod
    def build(cls, cur: duckdb.DuckDBPyConnection, version: int) -> Adjacency:
        cur.execute(_BUILD)
        keys = [
            row[0] for row in cur.execute("SELECT key FROM trail_accounts ORDER BY id").fetchall()
        ]
        currencies = [
            row[0]
            for row in cur.execute(
                "SELECT DISTINCT currency FROM transfers ORDER BY currency"
            ).fetchall()
        ]
        columns = cur.execute(_EDGES).fetchnumpy()
        cur.execute("DROP TABLE trail_accounts")
        src = np.asarray(columns["src"], dtype=np.int32)
        dst = np.asarray(columns["dst"], dtype=np.int32)
        at = np.asarray(columns["at"], dtype=np.int64)
        size = len(keys)
        tx_hash = np.asarray(columns["tx_hash"], dtype=np.uint64)
        tx_order = np.argsort(tx_hash, kind="stable")
        out_order = np.lexsort((at, src)).astype(np.int64)
        in_order = np.lexsort((at, dst)).astype(np.int64)
        return cls(
            version=version,
            keys=keys,
            ids={key: i for i, key in enumerate(keys)},
            currencies=currencies,
            seq=np.asarray(columns["seq"], dtype=np.int64),
            tx=np.asarray(columns["tx_id"], dtype=object),
            tx_sorted=tx_hash[tx_order],
            tx_order=tx_order,
            at=at,
            src=src,
            dst=dst,
            amount=np.asarray(columns["amount"], dtype=np.float64),
            cur=np.asarray(columns["cur"], dtype=np.int16),
            agency=np.asarray(columns["agency"], dtype=np.int32),
            scope=np.asarray(columns["scope"], dtype=np.int32),
            out_order=out_order,
            out_start=np.searchsorted(src[out_order], np.arange(size + 1)),
            in_order=in_order,
            in_start=np.searchsorted(dst[in_order], np.arange(size + 1)),
        )

    def find(self, tx_ids: Sequence[str], hashes: Sequence[int]) -> dict[str, list[int]]:
        """Rows of each transaction id (DuckDB's ``hash`` of each id given in ``hashes``)."""
        ordered = self.tx_sorted
        found: dict[str, list[int]] = {}
        for tx_id, value in zip(tx_ids, hashes, strict=True):
            lo = np.searchsorted(ordered, np.uint64(value), side="left")
            hi = np.searchsorted(ordered, np.uint64(value), side="right")
            rows = [int(r) for r in self.tx_order[lo:hi] if self.tx[r] == tx_id]
            if rows:
                found[tx_id] = rows
        return found

    def visible_rows(self, rows: np.ndarray, visibility: Visibility) -> np.ndarray:
        if visibility.reached is None:
            return rows
        reached = np.fromiter(visibility.reached, dtype=np.int32, count=len(visibility.reached))
        keep = (self.agency[rows] == visibility.agency_id) | np.isin(self.scope[rows], reached)
        return np.asarray(rows[keep])

    def moves(self, rows: np.ndarray) -> list[Move]:
        keys, currencies = self.keys, self.currencies
        return [
            Move(seq, at, tx, keys[s], keys[d], amount, currencies[c])
            for seq, at, tx, s, d, amount, c in zip(
                self.seq[rows].tolist(),
                self.at[rows].tolist(),
                self.tx[rows].tolist(),
                self.src[rows].tolist(),
                self.dst[rows].tolist(),
                self.amount[rows].tolist(),
                self.cur[rows].tolist(),
                strict=True,
            )
        ]

    def _rows(self, account: int) -> np.ndarray:
        out = self.out_order[self.out_start[account] : self.out_start[account + 1]]
        into = self.in_order[self.in_start[account] : self.in_start[account + 1]]
        return np.concatenate((out, into))

    def fetch(self, accounts: Sequence[str], hub_limit: int, visibility: Visibility) -> Fetched:
        """Every visible transfer touching ``accounts``; only a count for hubs."""
        fetched = Fetched()
        for account in accounts:
            index = self.ids.get(account)
            if index is None:
                continue
            rows = self.visible_rows(self._rows(index), visibility)
            if len(rows) > hub_limit:
                fetched.hubs[account] = len(rows)
            elif len(rows):
                fetched.moves[account] = self.moves(rows)
        return fetched
