"""Train and evaluate the mule scorer on AMLGentex with a time-respecting split.

Features come from the first ``split`` days of the ledger and are labelled by the accounts in
suspicious (SAR) transfers of those days; the test uses the later days only, so no label or
transfer from the future reaches training. ``python -m safemekong.trail.training TX_LOG``
writes the shipped model (``data/mule_model.json``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from safemekong.trail import formats, loading, mules
from safemekong.trail.ledger import Ledger

#: Train on days [0, 50), test on [50, 100): windows of equal length, so counts compare.
SPLIT_DAY = 50
DEGREE_FEATURES = ("fan_in", "fan_out")
MODEL_PATH = Path(__file__).parent / "data" / "mule_model.json"


@dataclass
class Window:
    accounts: list[str]
    x: np.ndarray
    y: np.ndarray


def _window(ledger: Ledger, first: int, last: int) -> Window:
    cur = ledger.cursor()
    start = f"DATE '{formats.AMLGENTEX_EPOCH}' + {first}"
    end = f"DATE '{formats.AMLGENTEX_EPOCH}' + {last}"
    features = mules.account_features(cur, f"ts >= {start} AND ts < {end}", [])
    sar = {
        row[0]
        for row in cur.execute(
            f"""SELECT k FROM (SELECT t.src AS k, t.ts FROM transfers t JOIN labels l
                ON t.line = l.line WHERE l.sar UNION ALL SELECT t.dst, t.ts FROM transfers t
                JOIN labels l ON t.line = l.line WHERE l.sar) WHERE ts >= {start} AND ts < {end}"""
        ).fetchall()
    }
    cur.close()
    accounts = sorted(features)
    y = np.array([1.0 if a in sar else 0.0 for a in accounts])
    return Window(accounts, mules.matrix(features, accounts), y)


def load_amlgentex(tx_log: Path) -> Ledger:
    """An in-memory ledger of the AMLGentex transfers with their SAR labels by line."""
    ledger = Ledger(":memory:")
    cur = ledger.cursor()
    staged = formats.read(cur, tx_log, "amlgentex")
    loading.load_staged(
        cur, staged, file=tx_log.name, fmt="amlgentex", agency_id=None, scope_id=None
    )
    cur.execute("CREATE TABLE labels AS SELECT line, isSAR = '1' AS sar FROM raw")
    cur.close()
    return ledger


def scores(y: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = float(((predicted == 1) & (y == 1)).sum())
    fp = float(((predicted == 1) & (y == 0)).sum())
    fn = float(((predicted == 0) & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    candidates = np.unique(np.round(p, 3))
    return float(max(candidates, key=lambda t: scores(y, (p >= t).astype(float))["f1"]))


def _rules(x: np.ndarray) -> np.ndarray:
    """Rules-only baseline: passes most money on and has several counterparties."""
    names = list(mules.FEATURES)
    pass_through = x[:, names.index("pass_through")]
    fan = np.maximum(x[:, names.index("fan_in")], x[:, names.index("fan_out")])
    return np.asarray((pass_through >= 0.9) & (fan >= np.log1p(5)), dtype=float)


def evaluate(tx_log: Path, split: int = SPLIT_DAY, last: int = 100) -> dict[str, Any]:
    """Train on days [0, split), test on [split, last); ours, a degree-only LR and rules."""
    ledger = load_amlgentex(tx_log)
    train, test = _window(ledger, 0, split), _window(ledger, split, last)
    ledger.close()
    names = list(mules.FEATURES)
    model = mules.fit(train.x, train.y)
    threshold = _best_threshold(train.y, mules.predict(model, train.x))
    degree_cols = [names.index(n) for n in DEGREE_FEATURES]
    degree = mules.fit(train.x[:, degree_cols], train.y, DEGREE_FEATURES)
    degree_threshold = _best_threshold(train.y, mules.predict(degree, train.x))
    model = mules.Model(
        weights=model.weights,
        intercept=model.intercept - float(np.log(threshold / (1 - threshold)))
        if 0 < threshold < 1
        else model.intercept,
        mean=model.mean,
        scale=model.scale,
        trained_on=f"AMLGentex small2k, days 0-{split - 1} (time-respecting split)",
    )
    return {
        "model": model,
        "train": {"accounts": len(train.y), "positives": int(train.y.sum())},
        "test": {"accounts": len(test.y), "positives": int(test.y.sum())},
        "ours": scores(test.y, (mules.predict(model, test.x) >= 0.5).astype(float)),
        "logistic_degree_only": scores(
            test.y, (mules.predict(degree, test.x) >= degree_threshold).astype(float)
        ),
        "rules_only": scores(test.y, _rules(test.x)),
    }


def main(argv: list[str]) -> None:
    result = evaluate(Path(argv[0]))
    MODEL_PATH.parent.mkdir(exist_ok=True)
    MODEL_PATH.write_text(json.dumps(result["model"].to_json(), indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "model"}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
