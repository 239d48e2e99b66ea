"""Correlation quality against ground truth: pairwise precision and recall of clusterings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    """Counts of same-cluster pairs and the precision and recall they give."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(
    predicted: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable | None]
) -> PairwiseScores:
    """Score ``predicted`` clusters against ``truth`` over the items both name.

    A pair of items is *true* when truth puts both in the same cluster (``None`` means a
    singleton), *predicted* when the prediction does; precision and recall are over pairs.
    """
    items = [item for item in truth if item in predicted]
    truth_labels = {
        item: truth[item] if truth[item] is not None else ("singleton", item) for item in items
    }
    true_sizes = Counter(truth_labels.values())
    predicted_sizes = Counter(predicted[item] for item in items)
    joint = Counter((truth_labels[item], predicted[item]) for item in items)
    return PairwiseScores(
        true_pairs=sum(_pairs(n) for n in true_sizes.values()),
        predicted_pairs=sum(_pairs(n) for n in predicted_sizes.values()),
        correct_pairs=sum(_pairs(n) for n in joint.values()),
    )
