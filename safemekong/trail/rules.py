"""Tracing rules: how much of each payment out of an account carries traced (tainted) funds.

Pure functions of one account's transfers in time order. Each inflow carries a traced part
(0 up to its amount); every rule answers, for each outflow, how much of it is traced and from
which inflows it came, so that every hop of a trace can be explained.

- ``fifo`` (default; Clayton's Case): money leaves in the order it arrived.
- ``lifo``: the most recent money leaves first.
- ``haircut``: every outflow carries the account's current traced share (proportional).
- ``poison``: once traced money arrived, every later outflow is wholly traced.

Money spent beyond the known inflows comes from unknown (untraced) funds: the ledger holds no
opening balances.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

RULES = ("fifo", "lifo", "haircut", "poison")
#: Traced amounts below this are rounding noise and are dropped.
EPSILON = 1e-6


class Move(NamedTuple):
    """One transfer as the rules see it; ``at`` orders events (time, then ledger sequence)."""

    seq: int
    at: int
    tx_id: str
    src: str
    dst: str
    amount: float
    currency: str


@dataclass
class Allocation:
    """The traced part of one outflow and the inflows (by seq) it came from."""

    move: Move
    traced: float
    funding: dict[int, float] = field(default_factory=dict)


@dataclass
class AccountResult:
    outflows: list[Allocation]
    #: Traced money still in the account at the end, by the inflow (seq) it came from.
    holding: dict[int, float]


Rule = Callable[[str, Sequence[Move], dict[int, float]], AccountResult]


@dataclass
class _Lot:
    seq: int
    left: float
    share: float  # traced fraction of what is left


def _queue_rule(pop_front: bool) -> Rule:
    def rule(account: str, moves: Sequence[Move], traced_in: dict[int, float]) -> AccountResult:
        lots: deque[_Lot] = deque()
        out: list[Allocation] = []
        for move in _ordered(moves):
            if move.dst == account:
                traced = min(traced_in.get(move.seq, 0.0), move.amount)
                lots.append(_Lot(move.seq, move.amount, traced / move.amount))
                continue
            allocation = Allocation(move, 0.0)
            need = move.amount
            while need > EPSILON and lots:
                lot = lots[0] if pop_front else lots[-1]
                take = min(need, lot.left)
                if lot.share > 0:
                    part = take * lot.share
                    allocation.traced += part
                    allocation.funding[lot.seq] = allocation.funding.get(lot.seq, 0.0) + part
                lot.left -= take
                need -= take
                if lot.left <= EPSILON:
                    lots.popleft() if pop_front else lots.pop()
            if allocation.traced > EPSILON:
                out.append(allocation)
        holding: dict[int, float] = {}
        for lot in lots:
            if lot.share > 0 and lot.left * lot.share > EPSILON:
                holding[lot.seq] = holding.get(lot.seq, 0.0) + lot.left * lot.share
        return AccountResult(out, holding)

    return rule


def haircut(account: str, moves: Sequence[Move], traced_in: dict[int, float]) -> AccountResult:
    balance = 0.0
    sources: dict[int, float] = {}  # traced money held, by inflow
    out: list[Allocation] = []
    for move in _ordered(moves):
        if move.dst == account:
            balance += move.amount
            traced = min(traced_in.get(move.seq, 0.0), move.amount)
            if traced > 0:
                sources[move.seq] = sources.get(move.seq, 0.0) + traced
            continue
        if balance <= EPSILON:
            continue
        taken = min(move.amount, balance)
        ratio = taken / balance
        allocation = Allocation(move, 0.0)
        for seq, held in list(sources.items()):
            part = held * ratio
            allocation.funding[seq] = part
            allocation.traced += part
            sources[seq] = held - part
        balance -= taken
        if allocation.traced > EPSILON:
            out.append(allocation)
    return AccountResult(out, {s: v for s, v in sources.items() if v > EPSILON})


def poison(account: str, moves: Sequence[Move], traced_in: dict[int, float]) -> AccountResult:
    received: dict[int, float] = {}
    out: list[Allocation] = []
    for move in _ordered(moves):
        if move.dst == account:
            traced = min(traced_in.get(move.seq, 0.0), move.amount)
            if traced > 0:
                received[move.seq] = received.get(move.seq, 0.0) + traced
            continue
        if received:
            total = sum(received.values())
            funding = {seq: move.amount * v / total for seq, v in received.items()}
            out.append(Allocation(move, move.amount, funding))
    # Poison keeps no balance: whatever was received is "held" only if nothing left.
    return AccountResult(out, {} if out else dict(received))


def _ordered(moves: Sequence[Move]) -> list[Move]:
    return sorted(moves, key=lambda m: (m.at, m.seq))


RULE_FUNCTIONS: dict[str, Rule] = {
    "fifo": _queue_rule(pop_front=True),
    "lifo": _queue_rule(pop_front=False),
    "haircut": haircut,
    "poison": poison,
}
