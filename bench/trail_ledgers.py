"""Synthetic TRON-USDT-shaped ledgers for the trail benchmark, and a networkx peer tracer.

Transfers have heavy-tailed degrees (a few accounts send and receive most transfers) and ten
exchange-size hubs that receive a fifth of all transfers; they are tagged as exchanges, as an
investigator's tag import would do. Built directly in DuckDB (the importer is measured apart).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from pathlib import Path

import base58
import networkx as nx

from safemekong.trail.ledger import Ledger
from safemekong.trail.rules import Move
from safemekong.trail.trace import Fetched, Tag

EXCHANGES = 10


def addresses(count: int, seed: int = 1) -> list[str]:
    """``count`` distinct valid TRON addresses as wallet keys."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        payload = b"\x41" + rng.randbytes(20)
        check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
        out.append("wallet:tron:" + base58.b58encode(payload + check).decode())
    return out


def build(path: Path, transfers: int, seed: int = 1) -> Ledger:
    """A ledger file of ``transfers`` USDT transfers over ``transfers // 10`` accounts."""
    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    ledger = Ledger(path)
    accounts = max(transfers // 10, 1000)
    cur = ledger.cursor()
    cur.execute("CREATE TEMP TABLE accts (i INTEGER, key VARCHAR)")
    keys = addresses(accounts, seed)
    cur.execute("INSERT INTO accts SELECT unnest(range(?)), unnest(?::VARCHAR[])", [accounts, keys])
    cur.execute(f"SELECT setseed({seed / 1000})")
    cur.execute(
        f"""INSERT INTO transfers
        SELECT x.n + 1, 'tx' || x.n, TIMESTAMP '2026-03-01'
               + to_seconds(CAST(x.n AS BIGINT) * 2592000 // {transfers}), s.key, d.key,
               CAST(round(exp(random() * 9), 2) + 1 AS DECIMAL(38,6)),
               'USDT', 'tron', NULL, 1, x.n + 1, NULL, NULL
        FROM (SELECT r.i AS n, CAST(floor({accounts} * pow(random(), 3)) AS INTEGER) AS si,
                     CASE WHEN random() < 0.2 THEN CAST(floor(random() * {EXCHANGES}) AS INTEGER)
                          ELSE CAST(floor({accounts} * pow(random(), 2)) AS INTEGER) END AS di
              FROM range({transfers}) r(i)) x
        JOIN accts s ON s.i = x.si JOIN accts d ON d.i = x.di
        WHERE x.si <> x.di
        ORDER BY x.n"""
    )
    cur.execute(
        f"INSERT INTO tags SELECT key, 'exchange', 'exchange hot wallet ' || i, 'exchange-' || i, "
        f"'benchmark', NULL, NULL FROM accts WHERE i < {EXCHANGES}"
    )
    cur.execute("CHECKPOINT")
    cur.close()
    return ledger


def seeds(ledger: Ledger, count: int, seed: int = 2) -> list[str]:
    """Seed transfers between ordinary accounts (not exchanges), as victims' payments."""
    cur = ledger.cursor()
    rows = cur.execute(
        f"""SELECT tx_id FROM (SELECT tx_id FROM transfers
            WHERE src NOT IN (SELECT key FROM tags) AND dst NOT IN (SELECT key FROM tags)
            AND ts < TIMESTAMP '2026-03-20')
            USING SAMPLE reservoir({count} ROWS) REPEATABLE ({seed})"""
    ).fetchall()
    cur.close()
    return [f"tx:{row[0]}" for row in rows]


class GraphPeer:
    """The same rule over a networkx MultiDiGraph held in memory (the benchmark's peer)."""

    def __init__(self, ledger: Ledger) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.by_tx: dict[str, Move] = {}
        cur = ledger.cursor()
        result = cur.execute(
            "SELECT seq, epoch_us(ts), tx_id, src, dst, CAST(amount AS DOUBLE), currency "
            "FROM transfers"
        )
        while batch := result.fetchmany(200_000):
            for row in batch:
                move = Move(*row)
                self.graph.add_edge(move.src, move.dst, move=move)
                self.by_tx[move.tx_id] = move
        self.tags = {
            key: Tag(kind, label, actor)
            for key, kind, label, actor in cur.execute(
                "SELECT key, kind, label, actor FROM tags"
            ).fetchall()
        }
        cur.close()

    def fetch(self, accounts: Sequence[str], hub_limit: int) -> Fetched:
        fetched = Fetched()
        for account in accounts:
            if account not in self.graph:
                continue
            degree = self.graph.in_degree(account) + self.graph.out_degree(account)
            if degree > hub_limit:
                fetched.hubs[account] = degree
                continue
            moves = [d["move"] for _, _, d in self.graph.out_edges(account, data=True)]
            moves += [d["move"] for _, _, d in self.graph.in_edges(account, data=True)]
            fetched.moves[account] = moves
        return fetched

    def tags_of(self, keys: Sequence[str]) -> dict[str, Tag]:
        return {k: self.tags[k] for k in keys if k in self.tags}
