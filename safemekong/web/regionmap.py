"""The dashboard's map: the region's countries shaded by the reports the reader can see.

Country shapes are ``data/region-map.json`` (Natural Earth, built by :mod:`.mapgen`); the
totals come from report rows the hub already filtered for the reader. Pure: rows in, the
shapes with a shade class and totals out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Final

from safemekong.web.assets import PACKAGE

#: Shades from none (0) to most (5): a country's reports against the busiest country's.
SHADES: Final = 5


@dataclass
class CountryTotal:
    code: str
    reports: int = 0
    losses: dict[str, Decimal] = field(default_factory=dict)
    shade: int = 0


@dataclass(frozen=True)
class Shape:
    code: str
    path: str
    total: CountryTotal | None


@dataclass(frozen=True)
class RegionMap:
    view_box: str
    shapes: list[Shape]
    context: list[str]
    points: dict[str, tuple[float, float]]
    totals: list[CountryTotal]


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PACKAGE / "data" / "region-map.json").read_text())
    return data


def country_totals(reports: Iterable[Mapping[str, Any]]) -> dict[str, CountryTotal]:
    """Reports and losses (per currency) by the filing agency's country, each shaded 1-5."""
    totals: dict[str, CountryTotal] = {}
    for report in reports:
        total = totals.setdefault(report["country"], CountryTotal(report["country"]))
        total.reports += 1
        if report.get("amount_lost") is not None and report.get("currency"):
            currency = report["currency"]
            total.losses[currency] = total.losses.get(currency, Decimal(0)) + Decimal(
                report["amount_lost"]
            )
    busiest = max((t.reports for t in totals.values()), default=0)
    for total in totals.values():
        total.shade = max(1, -(-total.reports * SHADES // busiest))
    return totals


def region_map(reports: Iterable[Mapping[str, Any]]) -> RegionMap:
    data = _data()
    totals = country_totals(reports)
    return RegionMap(
        view_box=data["view_box"],
        shapes=[Shape(code, path, totals.get(code)) for code, path in data["countries"].items()],
        context=list(data["context"].values()),
        points={code: (xy[0], xy[1]) for code, xy in data["points"].items()},
        totals=sorted(totals.values(), key=lambda t: (-t.reports, t.code)),
    )
