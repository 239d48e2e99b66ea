"""Pairwise precision and recall of operations against ground truth."""

from __future__ import annotations

import pytest

from safemekong.intel.quality import pairwise_scores


def test_perfect_clustering_scores_one() -> None:
    scores = pairwise_scores({1: "a", 2: "a", 3: "b"}, {1: "x", 2: "x", 3: None})
    assert (scores.precision, scores.recall) == (1.0, 1.0)


def test_a_wrong_merge_costs_precision_and_a_split_costs_recall() -> None:
    truth = {1: "x", 2: "x", 3: "y", 4: "y"}
    merged = pairwise_scores({1: "a", 2: "a", 3: "a", 4: "a"}, truth)
    assert merged.recall == 1.0 and merged.precision == pytest.approx(2 / 6)
    split = pairwise_scores({1: "a", 2: "b", 3: "c", 4: "c"}, truth)
    assert split.precision == 1.0 and split.recall == pytest.approx(1 / 2)


def test_truth_singletons_are_separate_clusters() -> None:
    scores = pairwise_scores({1: "a", 2: "a"}, {1: None, 2: None})
    assert scores.true_pairs == 0 and scores.precision == 0.0
