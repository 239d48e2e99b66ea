"""The shipped linear model format: arrays only, same scores after a save and load."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from safemekong.detect.linear import LinearModel
from safemekong.detect.train import fit_linear, group_split, threshold_at_fpr


def test_saved_model_scores_like_the_trained_one(tmp_path: Path) -> None:
    docs = [["a", "b"], ["a", "c"], ["x", "y"], ["x", "z"]] * 10
    labels = ["good", "good", "bad", "bad"] * 10
    model = fit_linear(docs, labels, 2**10)
    model.save(tmp_path / "m.npz")
    loaded = LinearModel.load(tmp_path / "m.npz")
    assert loaded.classes == model.classes
    assert np.allclose(loaded.probabilities(docs), model.probabilities(docs), atol=1e-3)
    assert loaded.probabilities([["x", "y"]])[0, loaded.classes.index("bad")] > 0.5
    assert loaded.contributions(["x", "y"], "bad")[0][0] in {"x", "y"}


def test_group_split_keeps_each_family_on_one_side() -> None:
    keys = [f"family{i % 17}" for i in range(200)]
    train, test = group_split(keys)
    assert {keys[i] for i in train}.isdisjoint({keys[i] for i in test})
    assert train and test


def test_threshold_keeps_false_positive_rate() -> None:
    benign = [i / 1000 for i in range(1000)]
    threshold = threshold_at_fpr(benign, 0.01)
    assert sum(score >= threshold for score in benign) <= 10


def test_feature_ids_match_the_hasher_used_in_training() -> None:
    from safemekong.detect.linear import feature_id, hasher

    tokens = ["^kai", "tld=vip", "⟨url⟩", "体育", "w=gacor", "x" * 40]
    matrix = hasher(2**20).transform([[t] for t in tokens])
    assert [int(matrix[i].indices[0]) for i in range(len(tokens))] == [
        feature_id(t, 2**20) for t in tokens
    ]
