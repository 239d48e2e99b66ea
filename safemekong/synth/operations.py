"""Scam operations of the synthetic region: where they run, whom they target, what they use.

An operation has a heavy-tailed weight (its share of reports), a run of active weeks, victim
markets (countries whose agencies receive its reports) and generations of identifiers: every
few weeks it rotates to new numbers, accounts, handles and mirror domains, keeping some.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from safemekong.synth.forge import PERSONAS, Forge
from safemekong.synth.items import Item, Site, choose
from safemekong.synth.region import COMPOUNDS, COUNTRIES, Compound
from safemekong.synth.scams import (
    CARRY_OVER,
    GENERATION_WEEKS,
    PARETO_SHAPE,
    PROFILES,
    TYPOLOGY_PAIRS,
    TYPOLOGY_WEIGHTS,
)

#: Per kind: identifiers a generation starts with, reports per extra one, most extra ones.
SIZING: dict[str, tuple[int, float, int]] = {
    "phone": (1, 20, 2),
    "bank": (2, 12, 3),
    "handle": (2, 25, 2),
    "site": (2, 40, 1),
    "wallet": (1, 30, 1),
    "email": (1, 60, 0),
    "image": (1, 40, 1),
}
#: Share of a market's mule accounts that are e-wallets (where the country has them).
EWALLET_SHARE = 0.25
#: Chance that an operation also uses a number of its compound's country.
COMPOUND_SIM_RATE = 0.3
#: Weight of each secondary victim market relative to the main one.
SECONDARY_MARKET_WEIGHT = 0.5


class Picker:
    """Draws keys by weight (cumulative weights and bisect: one random number per draw)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> str:
        if len(self.keys) == 1:
            return self.keys[0]
        return self.keys[bisect(self.cumulative, rng.random() * self.total)]


TYPOLOGY_PICKER = Picker(TYPOLOGY_WEIGHTS)
VICTIM_PICKER = Picker({code: c.victim_weight for code, c in COUNTRIES.items()})
COMPOUND_PICKER = Picker({str(i): c.weight for i, c in enumerate(COMPOUNDS)})
PLATFORM_PICKERS = {code: Picker(c.platforms) for code, c in COUNTRIES.items()}


@dataclass(eq=False)
class Generation:
    """The identifiers an operation uses for a while; phones and accounts also by country."""

    pools: dict[str, list[Item]] = field(default_factory=dict)
    local: dict[tuple[str, str], list[Item]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items.append(item)
        self.pools.setdefault(item.kind, []).append(item)
        country = getattr(item, "country", None)
        if country is not None:
            self.local.setdefault((item.kind, country), []).append(item)

    def pick(self, kind: str, country: str, rng: random.Random) -> Item | None:
        """An identifier of ``kind``, preferring one of the victim's country (numbers, banks)."""
        pool = self.local.get((kind, country))
        if not pool or rng.random() >= 0.85:
            pool = self.pools.get(kind)
            if not pool:
                return None
        return pool[int(rng.random() * len(pool))]


@dataclass(eq=False)
class Operation:
    """One scam operation and its ground truth."""

    id: str
    compound: Compound
    typologies: tuple[str, ...]
    markets: Picker
    weight: float
    first_week: int
    weeks: int
    persona: str
    generations: list[Generation] = field(default_factory=list)

    def generation(self, week: int) -> Generation:
        """The generation in use in ``week``."""
        index = (week - self.first_week) * len(self.generations) // self.weeks
        return self.generations[min(max(index, 0), len(self.generations) - 1)]

    def typology(self, rng: random.Random) -> str:
        """A report's typology: mostly the main line of business."""
        if len(self.typologies) == 1 or rng.random() < 0.75:
            return self.typologies[0]
        return choose(rng, self.typologies[1:])

    def to_json(self, start: Any) -> dict[str, Any]:
        """The ground-truth record written to operations.json (``start``: a week's date)."""
        values = dict.fromkeys(item.value for g in self.generations for item in g.items)
        c = self.compound
        return {
            "id": self.id,
            "compound": {
                "name": c.name,
                "city": c.city,
                "country": c.country,
                "lat": c.lat,
                "lon": c.lon,
            },
            "typologies": list(self.typologies),
            "victim_countries": list(self.markets.keys),
            "active_from": start(self.first_week).date().isoformat(),
            "active_to": start(self.first_week + self.weeks).date().isoformat(),
            "identifiers": list(values),
        }


def draw_operation(rng: random.Random, index: int, total_weeks: int) -> Operation:
    """An operation's compound, typologies, weight, markets and active weeks (no identifiers)."""
    compound = COMPOUNDS[int(COMPOUND_PICKER(rng))]
    main = rng.choice(compound.specialties) if rng.random() < 0.7 else TYPOLOGY_PICKER(rng)
    typologies = [main]
    if rng.random() < 0.35:
        typologies.append(rng.choice(TYPOLOGY_PAIRS[main]))
    weight = rng.paretovariate(PARETO_SHAPE)
    markets = [VICTIM_PICKER(rng)]
    wanted = min(len(COUNTRIES), 1 + int(math.log2(weight)))
    while len(markets) < wanted:
        market = VICTIM_PICKER(rng)
        if market not in markets:
            markets.append(market)
    market_weights = {m: 1.0 if i == 0 else SECONDARY_MARKET_WEIGHT for i, m in enumerate(markets)}
    weeks = max(1, min(total_weeks, round(rng.uniform(3, 12) * (1 + math.log(weight)))))
    return Operation(
        id=f"OP-{index:05d}",
        compound=compound,
        typologies=tuple(dict.fromkeys(typologies)),
        markets=Picker(market_weights),
        weight=weight,
        first_week=rng.randrange(total_weeks - weeks + 1),
        weeks=weeks,
        persona=rng.choice(PERSONAS),
    )


def equip(op: Operation, expected: float, forge: Forge, webmail: tuple[str, ...]) -> None:
    """Give ``op`` its generations of identifiers, sized by its expected number of reports."""
    rng = forge.rng
    count = max(1, min(math.ceil(op.weeks / GENERATION_WEEKS), int(expected // 6)))
    per = expected / count
    kinds = {slot.kind for t in op.typologies for slot in PROFILES[t]}
    markets = op.markets.keys
    shares = dict(zip(markets, _shares(op.markets), strict=True))
    mirrors: list[Site] = []
    #: Kinds made once per generation (numbers and accounts are made per market below).
    makers: dict[str, Callable[[Generation], Item]] = {
        "handle": lambda _: forge.handle(_platform(rng, markets), op.persona, markets),
        "site": lambda _: _next_mirror(mirrors, forge, op.typologies),
        "wallet": lambda _: forge.wallet(),
        "email": lambda gen: forge.email(op.persona, _first_site(gen), webmail),
        "image": lambda _: forge.image(),
    }
    previous: Generation | None = None
    for _ in range(count):
        gen = Generation()
        if previous is not None:
            for item in previous.items:
                if rng.random() < CARRY_OVER:
                    gen.add(item)
        if "phone" in kinds:
            for market in markets:
                for _ in range(_count("phone", per * shares[market])):
                    gen.add(forge.phone(market))
            if op.compound.country not in markets and rng.random() < COMPOUND_SIM_RATE:
                gen.add(forge.phone(op.compound.country))
        if "bank" in kinds:
            for market in markets:
                for _ in range(_count("bank", per * shares[market])):
                    wallet = forge.ewallet(market) if rng.random() < EWALLET_SHARE else None
                    gen.add(wallet or forge.account(market))
        for kind, make in makers.items():
            for _ in range(_count(kind, per) if kind in kinds else 0):
                gen.add(make(gen))
        op.generations.append(gen)
        previous = gen


def _next_mirror(mirrors: list[Site], forge: Forge, typologies: tuple[str, ...]) -> Site:
    """The operation's next mirror domain; a new brand when the mirrors run out."""
    if not mirrors:
        mirrors.extend(forge.site(forge.rng.choice(typologies)))
    return mirrors.pop(0)


def _first_site(gen: Generation) -> Site | None:
    sites = gen.pools.get("site")
    return sites[0] if sites and isinstance(sites[0], Site) else None


def _count(kind: str, reports: float) -> int:
    """How many identifiers of ``kind`` serve ``reports`` reports."""
    base, per, cap = SIZING[kind]
    return base + min(cap, int(reports / per))


def _shares(markets: Picker) -> list[float]:
    total = markets.cumulative[-1]
    before = [0.0, *markets.cumulative[:-1]]
    return [
        (after - start) / total for start, after in zip(before, markets.cumulative, strict=True)
    ]


def _platform(rng: random.Random, markets: list[str]) -> str:
    """A chat platform the operation uses: the main market's habits, sometimes another's."""
    market = markets[0] if rng.random() < 0.7 else rng.choice(markets)
    return PLATFORM_PICKERS[market](rng)
