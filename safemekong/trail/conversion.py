"""Crossing rails at a conversion point: fiat into an OTC desk, USDT out of the same actor.

Pure functions. A traced payment of ``A`` in currency ``X`` into an actor's account is matched
to the first unmatched payment out of another account of the same actor, in currency ``Y``,
within ``window`` after it, whose amount is ``A × rate(X→Y)`` within ``tolerance``; the rate is
the rates table's latest on or before the payment's date (or the inverse of ``Y→X``). The
matched payment carries the traced share of ``A``; the hop says which rate and which match.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from safemekong.errors import InvalidInput
from safemekong.trail.formats import read_text_file
from safemekong.trail.rules import EPSILON, Move

#: Defaults: an OTC desk pays out within six hours, within 3 % of the converted amount.
DEFAULT_WINDOW_HOURS = 6.0
DEFAULT_TOLERANCE = 0.03
_US_PER_HOUR = 3_600_000_000


@dataclass(frozen=True)
class Rate:
    day: date
    base: str
    quote: str
    rate: float


@dataclass
class Conversion:
    inflow: Move
    outflow: Move
    traced: float
    rate: float
    rate_day: date

    def note(self) -> str:
        delay = (self.outflow.at - self.inflow.at) / 60_000_000
        return (
            f"conversion: {self.inflow.amount:,.2f} {self.inflow.currency} into "
            f"{self.inflow.dst} matched to {self.outflow.amount:,.2f} {self.outflow.currency} "
            f"out of {self.outflow.src} {delay:.0f} min later at {self.rate:.6g} "
            f"{self.inflow.currency}→{self.outflow.currency} (rates table, "
            f"{self.rate_day.isoformat()})"
        )


class RateTable:
    """Rates by currency pair, looked up by the latest day on or before a date."""

    def __init__(self, rates: Sequence[Rate]) -> None:
        self._pairs: dict[tuple[str, str], list[tuple[date, float]]] = {}
        for r in rates:
            self._pairs.setdefault((r.base, r.quote), []).append((r.day, r.rate))
            if r.rate > 0:
                self._pairs.setdefault((r.quote, r.base), []).append((r.day, 1 / r.rate))
        for entries in self._pairs.values():
            entries.sort()

    def rate(self, base: str, quote: str, on: date) -> tuple[float, date] | None:
        entries = self._pairs.get((base, quote))
        if not entries:
            return None
        index = bisect.bisect_right(entries, (on, float("inf"))) - 1
        if index < 0:
            return None
        day, value = entries[index]
        return value, day


def match_conversions(
    inflows: Sequence[tuple[Move, float]],
    outflows: Sequence[Move],
    rates: RateTable,
    window_hours: float = DEFAULT_WINDOW_HOURS,
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[Conversion]:
    """Match traced inflows (move, traced part) to the actor's later outflows, greedily in time."""
    window = int(window_hours * _US_PER_HOUR)
    pending = sorted(outflows, key=lambda m: (m.at, m.seq))
    used: set[int] = set()
    matched: list[Conversion] = []
    for inflow, traced in sorted(inflows, key=lambda pair: (pair[0].at, pair[0].seq)):
        if traced <= EPSILON:
            continue
        day = datetime.fromtimestamp(inflow.at / 1_000_000, UTC).date()
        for out in pending:
            if out.seq in used or out.at < inflow.at:
                continue
            if out.at > inflow.at + window:
                break
            if out.currency == inflow.currency:
                continue
            found = rates.rate(inflow.currency, out.currency, day)
            if found is None:
                continue
            expected = inflow.amount * found[0]
            if abs(out.amount - expected) <= tolerance * expected:
                used.add(out.seq)
                share = traced / inflow.amount
                matched.append(Conversion(inflow, out, out.amount * share, found[0], found[1]))
                break
    return matched


_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
MAX_RATES_BYTES = 16 * 1024**2


def read_rates(path: Path) -> tuple[list[Rate], list[dict[str, Any]]]:
    """Rates from a CSV ``date,base,quote,rate`` (1 base = rate quote); bad lines listed."""
    reader = csv.DictReader(io.StringIO(read_text_file(path, MAX_RATES_BYTES)))
    rates, errors = [], []
    try:
        missing = {"date", "base", "quote", "rate"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInput("file", f"missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            line = reader.line_num
            try:
                rates.append(_rate(row))
            except ValueError as exc:
                errors.append({"line": line, "reason": str(exc)})
    except csv.Error as exc:  # a field over the csv module's size limit
        where = f"line {reader.reader.line_num}"  # DictReader's line_num: the last line returned
        raise InvalidInput(where, f"unreadable CSV: {exc}") from None
    return rates, errors


def _rate(row: dict[str, str]) -> Rate:
    try:
        day = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        raise ValueError(f"date: {row.get('date')!r} is not an ISO date") from None
    base, quote = (row.get("base") or "").strip().upper(), (row.get("quote") or "").strip().upper()
    for name, code in (("base", base), ("quote", quote)):
        if not _CODE.fullmatch(code):
            raise ValueError(f"{name}: {code!r} is not a currency or asset code")
    try:
        value = float((row.get("rate") or "").strip())
    except ValueError:
        raise ValueError(f"rate: {row.get('rate')!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise ValueError("rate: must be positive")
    return Rate(day, base, quote, value)
