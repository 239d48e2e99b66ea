"""Synthetic laundering cases with ground truth, for tests, the demo and the benchmark.

Each case follows the typology of the region: victims pay a rented first-tier account
(卡农), which fans out within minutes to second-tier accounts, which fan in to a "water house"
account (水房); it pays an OTC desk's baht account, whose USDT wallet pays out on TRON; the
USDT runs down a peel chain whose peels and remainder land at exchange deposit addresses (the
cash-out points). Mule accounts also carry their holders' own small, clean payments, and
ordinary accounts pay each other around them. Deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import base58

from safemekong.trail.conversion import Rate

BANK_CODES = ("002", "004", "006", "014")
EXCHANGES = ("binance", "okx", "huobi")
OTC_DESKS = ("sun-otc", "moon-otc", "star-otc")
START = datetime(2026, 3, 1, tzinfo=UTC)
THB_PER_USDT = 35.0
OTC_FEE = 0.01


@dataclass
class Case:
    """Ground truth of one case: its seed payments and where its money really cashed out."""

    seeds: list[str]
    victim_thb: float
    usdt_paid_out: float
    cashout: set[str] = field(default_factory=set)
    mules: set[str] = field(default_factory=set)


@dataclass
class SyntheticLedger:
    rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    tags: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    def ledger_csv(self) -> str:
        lines = ["tx_id,timestamp,from,to,amount,currency"]
        lines += [",".join(row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def tags_csv(self) -> str:
        lines = ["key,kind,label,actor,source"] + [",".join(t) for t in self.tags]
        return "\n".join(lines) + "\n"

    def rates_csv(self) -> str:
        lines = ["date,base,quote,rate"]
        lines += [f"{r.day.isoformat()},{r.base},{r.quote},{r.rate}" for r in self.rates]
        return "\n".join(lines) + "\n"


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.out = SyntheticLedger()
        self.count = 0

    def bank(self) -> str:
        code = self.rng.choice(BANK_CODES)
        return f"bank:TH:{code}:{self.rng.randrange(10**9, 10**10)}"

    def wallet(self) -> str:
        payload = b"\x41" + self.rng.randbytes(20)
        check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
        return "wallet:tron:" + base58.b58encode(payload + check).decode()

    def pay(self, at: datetime, src: str, dst: str, amount: float, currency: str) -> str:
        self.count += 1
        tx_id = f"s{self.count:07d}"
        stamp = at.isoformat().replace("+00:00", "Z")
        self.out.rows.append((tx_id, stamp, src, dst, f"{amount:.2f}", currency))
        return tx_id

    def minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))


def generate(seed: int = 7, cases: int = 20, ordinary: int = 300) -> SyntheticLedger:
    """``cases`` laundering cases among ``ordinary`` accounts paying each other."""
    make = _Maker(seed)
    exchanges = {name: [make.wallet() for _ in range(3)] for name in EXCHANGES}
    for name, addresses in exchanges.items():
        for address in addresses:
            make.out.tags.append(
                (address, "exchange", f"{name} deposit address", name, "synthetic")
            )
    desks = {}
    for name in OTC_DESKS:
        desks[name] = (make.bank(), make.wallet())
        for key in desks[name]:
            make.out.tags.append((key, "otc-desk", f"{name} desk", name, "synthetic"))
    people = [make.bank() for _ in range(ordinary)]
    for day in range(40):
        rate = round(THB_PER_USDT + make.rng.uniform(-0.5, 0.5), 3)
        make.out.rates.append(Rate(date(2026, 3, 1) + timedelta(days=day), "USDT", "THB", rate))
    for number in range(cases):
        _case(make, number, people, desks, exchanges)
    for _ in range(ordinary * 10):
        at = START + timedelta(minutes=make.rng.randint(0, 30 * 24 * 60))
        src, dst = make.rng.sample(people, 2)
        make.pay(at, src, dst, round(make.rng.lognormvariate(6, 1.2), 2), "THB")
    make.out.rows.sort(key=lambda row: (row[1], row[0]))
    return make.out


def _case(
    make: _Maker,
    number: int,
    people: list[str],
    desks: dict[str, tuple[str, str]],
    exchanges: dict[str, list[str]],
) -> None:
    rng = make.rng
    t = START + timedelta(hours=number * 30 + rng.randint(0, 12))
    tier1 = make.bank()
    tier2 = [make.bank() for _ in range(rng.randint(2, 4))]
    house = make.bank()
    case = Case(seeds=[], victim_thb=0.0, usdt_paid_out=0.0, mules={tier1, house, *tier2})
    # The rented account's holder keeps using it: a little clean money before and after.
    make.pay(t - timedelta(days=2), rng.choice(people), tier1, rng.randint(5, 30) * 100, "THB")
    for _ in range(rng.randint(1, 3)):
        amount = rng.randint(50, 200) * 100.0
        case.seeds.append(make.pay(t, make.bank(), tier1, amount, "THB"))
        case.victim_thb += amount
        t += make.minutes(1, 20)
    make.pay(t + timedelta(days=1), tier1, rng.choice(people), 150.0, "THB")
    shares = [rng.uniform(0.5, 1.5) for _ in tier2]
    t += make.minutes(2, 15)
    for account, share in zip(tier2, shares, strict=True):
        amount = round(case.victim_thb * share / sum(shares), 2)
        make.pay(t, tier1, account, amount, "THB")
        make.pay(t + make.minutes(10, 60), account, house, amount, "THB")
        # Second-tier accounts also receive clean money later, which they spend themselves.
        later = t + timedelta(hours=rng.randint(3, 30))
        make.pay(later, rng.choice(people), account, 1000.0, "THB")
        make.pay(later + make.minutes(5, 60), account, rng.choice(people), 900.0, "THB")
        t += make.minutes(1, 5)
    t += timedelta(hours=1, minutes=rng.randint(0, 30))
    desk_bank, desk_wallet = desks[rng.choice(OTC_DESKS)]
    total = round(sum(float(r[4]) for r in make.out.rows if r[3] == house), 2)
    make.pay(t, house, desk_bank, total, "THB")
    rate = next(r.rate for r in make.out.rates if r.day == t.date())
    usdt = round(total / rate * (1 - OTC_FEE), 2)
    case.usdt_paid_out = usdt
    t += make.minutes(5, 90)
    hop = make.wallet()
    make.pay(t, desk_wallet, hop, usdt, "USDT")
    remaining = usdt
    for _ in range(rng.randint(2, 4)):
        peel = round(remaining * rng.uniform(0.02, 0.08), 2)
        target = rng.choice(exchanges[rng.choice(EXCHANGES)])
        t += make.minutes(2, 30)
        make.pay(t, hop, target, peel, "USDT")
        case.cashout.add(target)
        nxt = make.wallet()
        remaining = round(remaining - peel, 2)
        make.pay(t + make.minutes(1, 10), hop, nxt, remaining, "USDT")
        hop = nxt
        t += make.minutes(2, 10)
    final = rng.choice(exchanges[rng.choice(EXCHANGES)])
    make.pay(t + make.minutes(1, 30), hop, final, remaining, "USDT")
    case.cashout.add(final)
    make.out.cases.append(case)


def cashout_recall(trace: dict[str, object], case: Case) -> float:
    """Share of the USDT the desk paid out for ``case`` that the trace delivers to its true
    cash-out points (the OTC fee is not a tracing loss)."""
    endpoints = trace["endpoints"]
    assert isinstance(endpoints, list)
    reached = sum(
        float(e["amount_traced"])
        for e in endpoints
        if e["key"] in case.cashout and e["currency"] == "USDT"
    )
    return reached / case.usdt_paid_out if case.usdt_paid_out else 0.0
