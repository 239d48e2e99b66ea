"""Mule-account features and their score, with the breakdown that produced it.

Features are computed in one SQL pass over the (visible) ledger; the score is a logistic model
whose weights are data (``data/mule_model.json``, trained on the AMLGentex sample with a
time-respecting split by :mod:`safemekong.trail.training`). Every score lists each feature's
value and contribution, and the reasons in words.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import duckdb
import numpy as np

#: Feature name → what it means (the order is the model's).
FEATURES: dict[str, str] = {
    "fan_in": "distinct senders (log)",
    "fan_out": "distinct receivers (log)",
    "pass_through": "share of money received that was sent on",
    "dwell_hours": "median hours between money arriving and leaving (log)",
    "velocity": "transfers per active day (log)",
    "age_days": "days between first and last transfer (log)",
    "round_share": "share of transfers in round amounts (multiples of 100)",
    "reported": "1 when the account is an identifier in a victim report",
}
#: Reason text when a feature pushes the score up by more than this (log-odds).
REASON_THRESHOLD = 0.3

_FEATURE_SQL = """
WITH t AS (SELECT * FROM transfers WHERE {condition}),
legs AS (
    SELECT src AS acct, dst AS other, ts, amount, -1 AS dir FROM t
    UNION ALL SELECT dst, src, ts, amount, 1 FROM t
),
dwell AS (
    SELECT o.acct, median(epoch(o.ts) - epoch(i.ts)) / 3600.0 AS hours
    FROM (SELECT * FROM legs WHERE dir = -1) o
    ASOF JOIN (SELECT * FROM legs WHERE dir = 1) i ON o.acct = i.acct AND o.ts >= i.ts
    GROUP BY o.acct
)
SELECT legs.acct,
       count(DISTINCT other) FILTER (WHERE dir = 1) AS fan_in,
       count(DISTINCT other) FILTER (WHERE dir = -1) AS fan_out,
       coalesce(sum(amount) FILTER (WHERE dir = 1), 0)::DOUBLE AS money_in,
       coalesce(sum(amount) FILTER (WHERE dir = -1), 0)::DOUBLE AS money_out,
       any_value(dwell.hours) AS dwell_hours,
       count(*) AS n,
       (epoch(max(ts)) - epoch(min(ts))) / 86400.0 AS age_days,
       count(DISTINCT CAST(ts AS DATE)) AS active_days,
       avg(CASE WHEN amount % 100 = 0 THEN 1.0 ELSE 0.0 END) AS round_share
FROM legs LEFT JOIN dwell USING (acct)
GROUP BY legs.acct
"""


@dataclass(frozen=True)
class Model:
    """Standardised logistic regression: weights per feature, intercept, means and scales."""

    weights: dict[str, float]
    intercept: float
    mean: dict[str, float]
    scale: dict[str, float]
    trained_on: str = ""

    @classmethod
    def default(cls) -> Model:
        text = resources.files("safemekong.trail").joinpath("data/mule_model.json").read_text()
        return cls.from_json(json.loads(text))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            weights=dict(data["weights"]),
            intercept=float(data["intercept"]),
            mean=dict(data["mean"]),
            scale=dict(data["scale"]),
            trained_on=str(data.get("trained_on", "")),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "trained_on": self.trained_on,
            "intercept": self.intercept,
            "weights": self.weights,
            "mean": self.mean,
            "scale": self.scale,
        }

    def explain(self, values: dict[str, float]) -> dict[str, Any]:
        contributions = {
            name: self.weights.get(name, 0.0)
            * (values[name] - self.mean.get(name, 0.0))
            / self.scale.get(name, 1.0)
            for name in FEATURES
        }
        logit = self.intercept + sum(contributions.values())
        return {
            "score": round(1 / (1 + math.exp(-logit)), 4),
            "breakdown": [
                {
                    "feature": name,
                    "value": round(values[name], 4),
                    "contribution": round(contributions[name], 4),
                }
                for name in FEATURES
            ],
            "reasons": [
                f"{'high' if values[name] > self.mean.get(name, 0.0) else 'low'} "
                f"{FEATURES[name]}: {values[name]:.2f}"
                for name, c in sorted(contributions.items(), key=lambda kv: -kv[1])
                if c > REASON_THRESHOLD
            ],
        }


def _log(value: float) -> float:
    return math.log1p(max(value, 0.0))


def account_features(
    cur: duckdb.DuckDBPyConnection,
    condition: str,
    params: Sequence[Any],
    reported: frozenset[str] = frozenset(),
) -> dict[str, dict[str, float]]:
    """The model's features of every account in the rows selected by ``condition``."""
    rows = cur.execute(_FEATURE_SQL.format(condition=condition), list(params)).fetchall()
    out = {}
    for acct, fan_in, fan_out, money_in, money_out, dwell, n, age, days, rounds in rows:
        out[acct] = {
            "fan_in": _log(fan_in),
            "fan_out": _log(fan_out),
            "pass_through": min(money_out / money_in, 1.0) if money_in > 0 else 0.0,
            "dwell_hours": _log(dwell if dwell is not None else 24 * 30),
            "velocity": _log(n / max(days, 1)),
            "age_days": _log(age),
            "round_share": float(rounds),
            "reported": 1.0 if acct in reported else 0.0,
        }
    return out


def matrix(features: dict[str, dict[str, float]], accounts: Sequence[str]) -> np.ndarray:
    return np.array([[features[a][f] for f in FEATURES] for a in accounts], dtype=float)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    names: Sequence[str] = tuple(FEATURES),
    l2: float = 1.0,
    steps: int = 3000,
) -> Model:
    """Logistic regression by gradient descent on standardised features, classes balanced."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    positive = max(float(y.sum()), 1.0)
    sample_weight = np.where(y == 1, len(y) / (2 * positive), len(y) / (2 * (len(y) - positive)))
    w = np.zeros(z.shape[1])
    b = 0.0
    rate = 0.1
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        error = (p - y) * sample_weight
        w -= rate * (z.T @ error / len(y) + l2 * w / len(y))
        b -= rate * float(error.mean())
    return Model(
        weights={n: float(v) for n, v in zip(names, w, strict=True)},
        intercept=b,
        mean={n: float(v) for n, v in zip(names, mean, strict=True)},
        scale={n: float(v) for n, v in zip(names, scale, strict=True)},
    )


def predict(model: Model, x: np.ndarray) -> np.ndarray:
    """Scores of the rows of ``x`` (columns in :data:`FEATURES` order); absent weights are 0."""
    names = list(FEATURES)
    w = np.array([model.weights.get(n, 0.0) for n in names])
    mean = np.array([model.mean.get(n, 0.0) for n in names])
    scale = np.array([model.scale.get(n, 1.0) for n in names])
    return np.asarray(1 / (1 + np.exp(-(((x - mean) / scale) @ w + model.intercept))))


def rank(
    features: dict[str, dict[str, float]], top: int, model: Model | None = None
) -> list[dict[str, Any]]:
    """The ``top`` accounts by mule score, each with its breakdown and reasons."""
    model = model or Model.default()
    scored = [{"key": acct, **model.explain(values)} for acct, values in features.items()]
    scored.sort(key=lambda s: (-s["score"], s["key"]))
    return scored[:top]
