"""The synthetic world: agencies, operations with ground truth, and a lazy stream of reports.

Reports come out in time order, week by week: a week gets reports in proportion to the summed
intensity of the operations active in it, and each report picks one of them by intensity (or is
a singleton that belongs to no operation). Nothing is kept per report, so a world of millions of
reports streams in constant memory.
"""

from __future__ import annotations

import math
import random
import string
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import accumulate
from typing import Any

from safemekong.intel.warninglist import WarningList
from safemekong.synth.benign import Benign
from safemekong.synth.forge import DOMAIN_STEMS, LANDING_PATHS, PERSONAS, TLDS, Forge
from safemekong.synth.items import (
    PLATFORMS,
    Handle,
    Item,
    Phone,
    PhoneShapes,
    Site,
    Written,
    choose,
)
from safemekong.synth.narratives import APP_NAMES, DEFAULT_APPS, JOINERS, LOSSES, NO_LOSS, STORIES
from safemekong.synth.operations import (
    PLATFORM_PICKERS,
    TYPOLOGY_PICKER,
    VICTIM_PICKER,
    Generation,
    Operation,
    Picker,
    draw_operation,
    equip,
)
from safemekong.synth.region import (
    AGENCY_ROWS,
    COUNTRIES,
    PERIOD_END,
    PERIOD_START,
    WEEK_SECONDS,
    AgencyRow,
)
from safemekong.synth.scams import (
    LOSS_MEDIAN_USD,
    LOSS_SIGMA,
    NO_LOSS_RATE,
    OPERATIONS_EXPONENT,
    OPERATIONS_FACTOR,
    PLATFORM_ROOT_RATE,
    POPULAR_DOMAIN_RATE,
    PROFILES,
    SINGLETON_RATE,
    SPOOFED_CALLER_BASE,
    SPOOFED_CALLER_RATE,
    TLP_WEIGHTS,
    UNITS_PER_USD,
    USDT_TYPOLOGIES,
)

GENERATOR_VERSION = "safemekong.synth/1"
TOTAL_WEEKS = int((PERIOD_END - PERIOD_START).total_seconds() // WEEK_SECONDS)
_START = PERIOD_START.timestamp()
_TLP = Picker(TLP_WEIGHTS)
_LANGUAGES = {code: Picker(c.languages) for code, c in COUNTRIES.items()}
_CURRENCIES = {code: Picker(c.currencies) for code, c in COUNTRIES.items()}
_AGENCY_PICKERS = {
    code: Picker({a.code: a.weight for a in AGENCY_ROWS if a.country == code}) for code in COUNTRIES
}
_AGENCY_ROWS = {a.code: a for a in AGENCY_ROWS}
#: PROFILES as plain tuples (p, extra, kind, role): the report loop reads them millions of times.
_SLOTS = {t: tuple((s.p, s.extra, s.kind, s.role) for s in slots) for t, slots in PROFILES.items()}
_ZONES = {code: timezone(timedelta(minutes=c.utc_offset_minutes)) for code, c in COUNTRIES.items()}


def week_start(week: int) -> datetime:
    """The first instant of a week of the period."""
    return PERIOD_START + timedelta(seconds=week * WEEK_SECONDS)


@dataclass
class _Week:
    """How many reports a week has, and which operations they come from."""

    count: int
    singleton_rate: float
    operations: list[Operation]
    cumulative: list[float]
    #: The generation each active operation uses this week (filled once operations are equipped).
    generations: dict[str, Generation] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return self.cumulative[-1] if self.cumulative else 0.0


class World:
    """A generated region: ``agencies``, ``operations`` (ground truth) and lazy ``reports()``."""

    def __init__(
        self,
        seed: int,
        scale: int,
        operations: list[Operation],
        weeks: list[_Week],
        benign: Benign,
        shapes: PhoneShapes,
    ) -> None:
        self.seed = seed
        self.scale = scale
        self.agencies: list[dict[str, str]] = [
            {"code": a.code, "country": a.country, "name": a.name} for a in AGENCY_ROWS
        ]
        self.operations: list[dict[str, Any]] = [op.to_json(week_start) for op in operations]
        self._weeks = weeks
        self._benign = benign
        self._shapes = shapes
        self._taken_phones: frozenset[str] = frozenset(
            i.value
            for op in operations
            for g in op.generations
            for i in g.items
            if i.kind == "phone"
        )

    def reports(self) -> Iterator[dict[str, Any]]:
        """Every victim report in the intake JSON contract, in time order, generated lazily."""
        return (report for report, _ in self.stream())

    def truth(self) -> Iterator[dict[str, Any]]:
        """``{"external_id", "agency", "operation"}`` per report (operation None: a singleton)."""
        return (truth for _, truth in self.stream())

    def stream(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """``(report, truth)`` pairs; the same sequence on every call."""
        rng = random.Random(f"safemekong-synth:{self.seed}:{self.scale}:reports")
        counters = dict.fromkeys((a["code"] for a in self.agencies), 0)
        serial = 0
        for index, week in enumerate(self._weeks):
            step = WEEK_SECONDS / week.count if week.count else 0.0
            start = _START + index * WEEK_SECONDS
            total = week.total
            for j in range(week.count):
                moment = start + (j + rng.random()) * step
                op = None
                if rng.random() >= week.singleton_rate:
                    op = week.operations[bisect(week.cumulative, rng.random() * total)]
                if op is None:
                    serial += 1
                    country = VICTIM_PICKER(rng)
                    typology = TYPOLOGY_PICKER(rng)
                    generation = self._singleton(rng, serial, country, typology)
                else:
                    country = op.markets(rng)
                    typology = op.typology(rng)
                    generation = week.generations[op.id]
                agency = _AGENCY_ROWS[_AGENCY_PICKERS[country](rng)]
                counters[agency.code] += 1
                report = self._report(
                    rng, moment, agency, counters[agency.code], typology, generation
                )
                yield (
                    report,
                    {
                        "external_id": report["external_id"],
                        "agency": agency.code,
                        "operation": op.id if op else None,
                    },
                )

    def _report(
        self,
        rng: random.Random,
        moment: float,
        agency: AgencyRow,
        number: int,
        typology: str,
        generation: Generation,
    ) -> dict[str, Any]:
        country = agency.country
        local = datetime.fromtimestamp(moment, _ZONES[country])
        identifiers: list[dict[str, str]] = []
        app = None
        rand = rng.random
        pick = generation.pick
        slots = _SLOTS[typology]
        for p, extra, kind, role in slots:
            if rand() >= p:
                continue
            first = pick(kind, country, rng)
            if first is None:
                continue
            found = _mention(identifiers, first, role, rng, country)
            if rand() < extra:
                for _ in range(3):  # a second one, if the pool has another
                    second = pick(kind, country, rng)
                    if second is not first and second is not None:
                        _mention(identifiers, second, role, rng, country)
                        break
            app = app or found
        if not identifiers:  # every report names at least the typology's main identifier
            for _, _, kind, role in slots:
                item = pick(kind, country, rng)
                if item is not None:
                    app = _mention(identifiers, item, role, rng, country)
                    break
        self._noise(rng, identifiers, typology, country)
        language = _LANGUAGES[country](rng)
        report: dict[str, Any] = {
            "external_id": agency.id_pattern.format(year=local.year, n=number),
            "agency": agency.code,
            "received_at": local.isoformat(timespec="seconds"),
            "typology": typology,
            "narrative": "",
            "language": language,
        }
        app_name = (
            APP_NAMES.get((language, app), PLATFORMS[app].display)
            if app
            else DEFAULT_APPS[language]
        )
        story = choose(rng, STORIES[language][typology]).format(app=app_name)
        if rng.random() < NO_LOSS_RATE:
            loss = choose(rng, NO_LOSS[language])
        else:
            currency = (
                "USDT"
                if rng.random() < USDT_TYPOLOGIES.get(typology, 0.0)
                else _CURRENCIES[country](rng)
            )
            usd = rng.lognormvariate(math.log(LOSS_MEDIAN_USD[typology]), LOSS_SIGMA)
            amount = round(usd * UNITS_PER_USD[currency], 2)
            report["amount_lost"] = f"{amount:.2f}"
            report["currency"] = currency
            loss = choose(rng, LOSSES[language]).format(amount=f"{amount:,.0f}", currency=currency)
        report["narrative"] = story + JOINERS.get(language, " ") + loss
        report["tlp"] = _TLP(rng)
        report["identifiers"] = identifiers
        return report

    def _noise(
        self, rng: random.Random, identifiers: list[dict[str, str]], typology: str, country: str
    ) -> None:
        """Benign values from the warning list: spoofed hotlines, platform roots, popular sites."""
        if rng.random() < SPOOFED_CALLER_RATE.get(typology, SPOOFED_CALLER_BASE):
            phone = self._benign.spoofed_caller(country, rng)
            if phone is not None:
                _mention(identifiers, phone, "caller", rng, country)
        if rng.random() < PLATFORM_ROOT_RATE:
            root = choose(rng, self._benign.roots)
            _mention(identifiers, root, choose(rng, ("mentioned", "website")), rng, country)
        if rng.random() < POPULAR_DOMAIN_RATE:
            popular = choose(rng, self._benign.popular)
            _mention(identifiers, popular, "mentioned", rng, country)

    def _singleton(
        self, rng: random.Random, serial: int, country: str, typology: str
    ) -> Generation:
        """Fresh identifiers for a report of no operation, unique by construction (``serial``)."""
        gen = Generation()
        tag = _base36(serial) + "z"  # operations' names end in a digit: never equal
        persona = rng.choice(PERSONAS)
        kinds = {slot.kind for slot in PROFILES[typology]}
        platform = PLATFORM_PICKERS[country](rng)
        if platform == "whatsapp":
            platform = "telegram"
        gen.add(Handle(platform, f"{persona}{PLATFORMS[platform].separator}{tag}"))
        phone = self._singleton_phone(serial, country)
        if phone is not None:
            gen.add(phone)
        forge = Forge(rng, set(), self._shapes)
        if "bank" in kinds:
            gen.add(forge.account(country))
        if "site" in kinds:
            stems = DOMAIN_STEMS[typology]
            domain = f"{rng.choice(stems)}{tag}.{rng.choice(TLDS)}"
            gen.add(Site(domain, ("", "www."), LANDING_PATHS[typology][:2]))
        if "wallet" in kinds:
            gen.add(forge.wallet())
        if "email" in kinds:
            address = f"{persona}{tag}@{rng.choice(self._benign.webmail)}"
            gen.add(Written(address, "email", (address,), "email"))
        if "image" in kinds:
            gen.add(forge.image())
        return gen

    def _singleton_phone(self, serial: int, country: str) -> Phone | None:
        """The ``serial``-th number of a bijective walk through the country's mobile range."""
        profile = COUNTRIES[country]
        prefixes = profile.prefixes
        prefix = prefixes[serial % len(prefixes)]
        width = profile.mobile_lengths[0] - len(prefix)
        digits = str((serial * 7919 + 104729) % 10**width).zfill(width)
        phone = self._shapes.phone(country, prefix + digits)
        return None if phone is None or phone.value in self._taken_phones else phone


def _mention(
    identifiers: list[dict[str, str]], item: Item, role: str, rng: random.Random, country: str
) -> str | None:
    """Append how the victim wrote ``item``; return its chat platform if it is a handle."""
    value, declared = item.render(rng, country)
    identifiers.append(
        {"value": value, "type": declared, "role": role}
        if declared
        else {"value": value, "role": role}
    )
    return item.value.partition(":")[0] if item.kind == "handle" else None


def _base36(number: int) -> str:
    alphabet = string.digits + string.ascii_lowercase
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = alphabet[digit] + out
        if not number:
            return out


def operation_count(scale: int) -> int:
    """How many operations a world of ``scale`` reports has (grows as scale ** 0.6)."""
    return max(3, round(OPERATIONS_FACTOR * math.pow(scale, OPERATIONS_EXPONENT)))


def generate_world(
    seed: int = 7, scale: int = 3000, warning_list: WarningList | None = None
) -> World:
    """A reproducible region of ``scale`` victim reports (the same seed and scale, the same world).

    ``scale`` is the number of reports ``reports()`` yields; operations number about
    1.5 * scale ** 0.6. Benign noise comes from ``warning_list`` (default: the shipped list).
    """
    if scale < 1:
        raise ValueError("scale is the number of reports: at least 1")
    rng = random.Random(f"safemekong-synth:{seed}:{scale}")
    listed = warning_list if warning_list is not None else WarningList.default()
    benign = Benign.from_warning_list(listed, rng)
    operations = [draw_operation(rng, i + 1, TOTAL_WEEKS) for i in range(operation_count(scale))]
    weeks = _plan_weeks(operations, scale)
    total_weight = sum(op.weight for op in operations)
    taken = {e.key for e in listed if e.key.startswith("domain:")}  # never forge a listed domain
    shapes = PhoneShapes()
    forge = Forge(rng, taken, shapes)
    for op in operations:
        expected = scale * (1 - SINGLETON_RATE) * op.weight / total_weight
        equip(op, expected, forge, benign.webmail)
    for index, week in enumerate(weeks):
        week.generations = {op.id: op.generation(index) for op in week.operations}
    return World(seed, scale, operations, weeks, benign, shapes)


def _plan_weeks(operations: list[Operation], scale: int) -> list[_Week]:
    """Share the reports among weeks by active intensity, plus an even share of singletons."""
    intensity = [0.0] * TOTAL_WEEKS
    active: list[list[Operation]] = [[] for _ in range(TOTAL_WEEKS)]
    for op in operations:
        for week in range(op.first_week, op.first_week + op.weeks):
            intensity[week] += op.weight / op.weeks
            active[week].append(op)
    total = sum(intensity)
    single = SINGLETON_RATE / TOTAL_WEEKS
    shares = [(1 - SINGLETON_RATE) * i / total + single for i in intensity]
    counts = _apportion(scale, shares)
    return [
        _Week(
            count,
            1.0 if not ops else single / share,
            ops,
            list(accumulate(op.weight / op.weeks for op in ops)),
        )
        for count, share, ops in zip(counts, shares, active, strict=True)
    ]


def _apportion(total: int, shares: list[float]) -> list[int]:
    """Whole numbers in proportion to ``shares`` summing to ``total`` (largest remainders)."""
    exact = [total * s / sum(shares) for s in shares]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts
