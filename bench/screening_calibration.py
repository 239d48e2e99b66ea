"""Fit the screening score's calibration table: raw score → observed match rate.

Binned isotonic regression (pool-adjacent-violators over 20 equal-width bins) on one half of
the pair benchmark (even rows); the other half (odd rows) measures the calibration error.
Writes safemekong/screening/data/calibration.csv, which scoring.calibrate() interpolates.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from bench.screening_pairs import ROOT

TABLE = ROOT / "safemekong" / "screening" / "data" / "calibration.csv"
BINS = 20


def isotonic_knots(scored: Sequence[tuple[float, bool]]) -> list[tuple[float, float]]:
    """(raw score, calibrated) knots: bin centres with the pooled, monotone match rate."""
    counts = [0] * BINS
    hits = [0] * BINS
    for score, match in scored:
        b = min(int(score * BINS), BINS - 1)
        counts[b] += 1
        hits[b] += int(match)
    blocks: list[list[float]] = []  # [rate, weight, first bin, last bin]
    for b in range(BINS):
        if counts[b] == 0:
            continue
        blocks.append([hits[b] / counts[b], counts[b], b, b])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            rate2, w2, _, last = blocks.pop()
            rate1, w1, first, _ = blocks.pop()
            blocks.append([(rate1 * w1 + rate2 * w2) / (w1 + w2), w1 + w2, first, last])
    knots = []
    for rate, _, first, last in blocks:
        for b in range(int(first), int(last) + 1):
            if counts[b]:
                knots.append(((b + 0.5) / BINS, round(rate, 4)))
    return [(0.0, knots[0][1]), *knots, (1.0, knots[-1][1])]


def write_table(knots: list[tuple[float, float]], path: Path = TABLE) -> None:
    with path.open("w", newline="") as handle:
        handle.write(
            "# Calibration of the screening score (bench/screening_calibration.py): raw score\n"
            "# (name similarity plus features) to the match rate observed at that score on half\n"
            "# of bench/out/screening_pairs.csv (built by bench/screening_pairs.py).\n"
            "# Interpolated linearly between knots.\n"
        )
        writer = csv.writer(handle)
        writer.writerow(["raw", "calibrated"])
        writer.writerows(knots)
