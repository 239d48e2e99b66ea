"""Hop-by-hop tracing over the ledger with one rule, explaining every hop.

:func:`run_trace` is pure: it is given a ``fetch`` function (an account's transfers, or its
transfer count when it is a hub) and the tags of accounts, and returns the traced transfers,
the endpoints where traced money stopped and the main paths to them. The service supplies
``fetch`` from DuckDB; tests supply it from a list.

An account is expanded (its outflows traced) unless it is a tagged service (exchange, payment
processor …: an endpoint, never traced through), a hub (more transfers than ``hub_limit``:
reported, never exploded) or past the hop limit. An account reached again later is recomputed
with all the traced money it received, so cycles and late arrivals are counted once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from safemekong.trail.conversion import Conversion
from safemekong.trail.rules import EPSILON, RULE_FUNCTIONS, Move

#: Tag kinds at which tracing stops: the money reached a service that can be asked to freeze.
STOP_KINDS = frozenset(
    {"exchange", "payment-processor", "guarantee-marketplace", "otc-desk", "mixer"}
)
DEFAULT_HOPS = 5
DEFAULT_HUB_LIMIT = 10_000
MAX_HOPS = 20
#: Paths shown per endpoint (the largest traced inflows).
PATHS_PER_ENDPOINT = 3


@dataclass(frozen=True)
class Tag:
    kind: str
    label: str
    actor: str | None = None


@dataclass
class Fetched:
    """Transfers touching each asked account, or only its count for a hub."""

    moves: dict[str, list[Move]] = field(default_factory=dict)
    hubs: dict[str, int] = field(default_factory=dict)


Fetch = Callable[[Sequence[str]], Fetched]
TagsOf = Callable[[Sequence[str]], dict[str, Tag]]
#: Conversions at an actor's conversion point: (account, its tag, traced inflows) → matches.
Convert = Callable[[str, Tag, list[tuple[Move, float]]], list[Conversion]]


@dataclass
class Traced:
    move: Move
    traced: float
    hop: int
    funding: dict[int, float]
    note: str | None = None


@dataclass
class TraceResult:
    rule: str
    hops: int
    seeds: list[str]
    traced: dict[int, Traced]
    endpoints: list[dict[str, Any]]
    paths: list[dict[str, Any]]
    seeded: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "hops": self.hops,
            "seeds": self.seeds,
            "seeded": {k: _round(v) for k, v in self.seeded.items()},
            "endpoints": self.endpoints,
            "paths": self.paths,
            "transfers": [
                _step(t, self.traced, self.rule)
                for t in sorted(self.traced.values(), key=lambda t: (t.hop, t.move.at, t.move.seq))
            ],
        }


def iso_us(at: int) -> str:
    return datetime.fromtimestamp(at / 1_000_000, UTC).isoformat().replace("+00:00", "Z")


def _round(value: float) -> float:
    return round(value, 6)


def run_trace(
    seed_moves: Sequence[Move],
    seed_accounts: Sequence[str],
    *,
    rule: str,
    hops: int,
    fetch: Fetch,
    tags_of: TagsOf,
    seeds: Sequence[str] = (),
    convert: Convert | None = None,
) -> TraceResult:
    """Trace from seed transfers (wholly traced) and seed accounts (all their outflows).

    With ``convert``, traced money reaching an OTC desk (a tag of kind ``otc-desk`` with an
    actor) continues on the rail the desk paid out on, where a conversion matches.
    """
    allocate = RULE_FUNCTIONS[rule]
    traced: dict[int, Traced] = {}
    traced_in: dict[str, dict[int, float]] = defaultdict(dict)
    changed: set[str] = set()
    tags: dict[str, Tag] = {}
    hubs: dict[str, int] = {}
    cache: dict[str, list[Move]] = {}
    expanded: set[str] = set()
    holding: dict[str, dict[int, float]] = {}
    seeded: dict[str, float] = defaultdict(float)

    leftover: dict[str, dict[int, float]] = {}

    def mark(
        move: Move, amount: float, hop: int, funding: dict[int, float], note: str | None = None
    ) -> None:
        previous = traced.get(move.seq)
        if previous is not None and abs(previous.traced - amount) <= EPSILON:
            return
        first_hop = min(previous.hop, hop) if previous else hop
        traced[move.seq] = Traced(move, amount, first_hop, funding, note)
        traced_in[move.dst][move.seq] = amount
        changed.add(move.dst)

    for move in seed_moves:
        mark(move, move.amount, 1, {})
        seeded[move.currency] += move.amount
    if seed_accounts:
        fetched = fetch(seed_accounts)
        for account in seed_accounts:
            for move in fetched.moves.get(account, []):
                if move.src == account:
                    mark(move, move.amount, 1, {})
                    seeded[move.currency] += move.amount
            hubs.update(fetched.hubs)
    seed_set = set(seed_accounts)

    for hop in range(2, hops + 1):
        frontier = sorted(changed - seed_set)
        changed = set()
        tags.update(tags_of([a for a in frontier if a not in tags]))
        if convert is not None:
            for account in frontier:
                tag = tags.get(account)
                if tag is None or tag.kind != "otc-desk" or not tag.actor:
                    continue
                inflows = [
                    (traced[seq].move, amount)
                    for seq, amount in traced_in[account].items()
                    if seq in traced
                ]
                matches = convert(account, tag, inflows)
                done = {c.inflow.seq for c in matches}
                leftover[account] = {
                    seq: v for seq, v in traced_in[account].items() if seq not in done
                }
                for c in matches:
                    mark(c.outflow, c.traced, hop, {c.inflow.seq: c.traced}, c.note())
        frontier = [a for a in frontier if _expandable(a, tags)]
        missing = [a for a in frontier if a not in cache and a not in hubs]
        if missing:
            fetched = fetch(missing)
            cache.update(fetched.moves)
            hubs.update(fetched.hubs)
        for account in frontier:
            if account in hubs:
                continue
            result = allocate(account, cache.get(account, []), traced_in[account])
            expanded.add(account)
            holding[account] = result.holding
            for allocation in result.outflows:
                mark(allocation.move, allocation.traced, hop, allocation.funding)
        if not changed:
            break
    tags.update(tags_of([a for a in traced_in if a not in tags]))
    endpoints = _endpoints(traced, traced_in, tags, hubs, expanded, holding, seed_set, leftover)
    return TraceResult(
        rule=rule,
        hops=hops,
        seeds=list(seeds),
        traced=traced,
        endpoints=endpoints,
        paths=_paths(endpoints, traced, rule),
        seeded=dict(seeded),
    )


def _expandable(account: str, tags: dict[str, Tag]) -> bool:
    tag = tags.get(account)
    return tag is None or tag.kind not in STOP_KINDS


def _endpoints(
    traced: dict[int, Traced],
    traced_in: dict[str, dict[int, float]],
    tags: dict[str, Tag],
    hubs: dict[str, int],
    expanded: set[str],
    holding: dict[str, dict[int, float]],
    seeds: set[str],
    leftover: dict[str, dict[int, float]],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for account, inflows in traced_in.items():
        if account in seeds:
            continue
        tag = tags.get(account)
        if tag is not None and tag.kind in STOP_KINDS:
            reason, kept = "service", leftover.get(account, inflows)
        elif account in hubs:
            reason, kept = "hub", inflows
        elif account not in expanded:
            reason, kept = "hop-limit", inflows
        else:
            reason, kept = "holding", holding.get(account, {})
        amount = sum(kept.values())
        if amount <= EPSILON:
            continue
        moves = [traced[seq].move for seq in inflows if seq in traced]
        currencies = sorted({m.currency for m in moves})
        out.append(
            {
                "key": account,
                "reason": reason,
                "tag": None
                if tag is None
                else {"kind": tag.kind, "label": tag.label, "actor": tag.actor},
                "amount_traced": _round(amount),
                "currency": currencies[0] if len(currencies) == 1 else "mixed",
                "hops": min(traced[seq].hop for seq in inflows if seq in traced),
                "first_time": iso_us(min(m.at for m in moves)),
                "last_time": iso_us(max(m.at for m in moves)),
                "transactions": sorted(traced[seq].move.tx_id for seq in kept if seq in traced),
            }
        )
    out.sort(key=lambda e: (-float(e["amount_traced"]), str(e["key"])))
    return out


def _explain(t: Traced, traced: dict[int, Traced], rule: str) -> str:
    if t.note:
        return t.note
    m = t.move
    head = f"{rule}: {t.traced:,.2f} of {m.amount:,.2f} {m.currency} traced"
    if not t.funding:
        return f"{head} (seed)"
    sources = sorted(t.funding.items(), key=lambda kv: -kv[1])
    named = ", ".join(
        f"{traced[seq].move.tx_id} ({part:,.2f})" for seq, part in sources[:5] if seq in traced
    )
    more = f" and {len(sources) - 5} more" if len(sources) > 5 else ""
    return f"{head}, from traced inflow(s) {named}{more} into {m.src}"


def _step(t: Traced, traced: dict[int, Traced], rule: str) -> dict[str, Any]:
    m = t.move
    return {
        "tx_id": m.tx_id,
        "hop": t.hop,
        "time": iso_us(m.at),
        "from": m.src,
        "to": m.dst,
        "amount": _round(m.amount),
        "currency": m.currency,
        "traced": _round(t.traced),
        "conversion": t.note is not None,
        "explanation": _explain(t, traced, rule),
    }


def _paths(
    endpoints: Iterable[dict[str, Any]], traced: dict[int, Traced], rule: str
) -> list[dict[str, Any]]:
    """For each endpoint, the main chains back to a seed (largest funding at each step)."""
    by_tx = {t.move.tx_id: t for t in traced.values()}
    paths = []
    for endpoint in endpoints:
        inflows = [by_tx[tx] for tx in endpoint["transactions"] if tx in by_tx]
        inflows.sort(key=lambda t: -t.traced)  # largest first
        for last in inflows[:PATHS_PER_ENDPOINT]:
            chain = [last]
            seen = {last.move.seq}
            while chain[-1].funding:
                seq = max(chain[-1].funding.items(), key=lambda kv: kv[1])[0]
                if seq in seen or seq not in traced:
                    break
                seen.add(seq)
                chain.append(traced[seq])
            chain.reverse()
            paths.append(
                {
                    "endpoint": endpoint["key"],
                    "traced": _round(last.traced),
                    "steps": [_step(t, traced, rule) for t in chain],
                }
            )
    return paths
