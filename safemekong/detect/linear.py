"""A hashed linear classifier stored as plain arrays (``.npz``), not as a pickle.

Training uses scikit-learn (see :mod:`safemekong.detect.train`); the shipped artefact is only
the class names, the hashing width, the weights of the features ever seen and the intercepts,
so loading runs no code from the file and needs no particular scikit-learn version.
Scoring hashes the tokens with scikit-learn's ``FeatureHasher`` (MurmurHash3, as in training).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction import FeatureHasher

Tokenizer = Callable[[Any], list[str]]


def hasher(n_features: int) -> FeatureHasher:
    """The one hashing step shared by training and scoring."""
    return FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)


def l2_rows(matrix: Any) -> Any:
    """Scale each row of a sparse matrix to unit length (rows of zeros stay zero)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    from scipy.sparse import diags

    return diags(1.0 / norms) @ matrix


@dataclass
class LinearModel:
    """Softmax (or one-vs-rest logistic) scores over hashed token counts."""

    classes: tuple[str, ...]
    n_features: int
    columns: NDArray[np.int64]  # hashed feature ids with a non-zero weight
    weights: NDArray[np.float32]  # shape (len(columns), len(classes))
    intercept: NDArray[np.float32]
    multinomial: bool = True

    def __post_init__(self) -> None:
        self._hasher = hasher(self.n_features)
        dense = np.zeros((self.n_features, len(self.classes)), dtype=np.float32)
        dense[self.columns] = self.weights
        self._dense = dense

    @classmethod
    def from_estimator(cls, estimator: Any, n_features: int) -> LinearModel:
        """Keep the weights of a fitted scikit-learn linear classifier."""
        coef = np.asarray(estimator.coef_, dtype=np.float32)
        intercept = np.asarray(estimator.intercept_, dtype=np.float32)
        classes = tuple(str(c) for c in estimator.classes_)
        if coef.shape[0] == 1:  # binary: make it two columns, scores as softmax of (0, z)
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.array([0.0, intercept[0]], dtype=np.float32)
        columns = np.flatnonzero(np.any(coef != 0, axis=0)).astype(np.int64)
        return cls(classes, n_features, columns, coef[:, columns].T.copy(), intercept)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            n_features=np.array(self.n_features),
            columns=self.columns,
            weights=self.weights.astype(np.float16),
            intercept=self.intercept,
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                tuple(str(c) for c in data["classes"]),
                int(data["n_features"]),
                data["columns"].astype(np.int64),
                data["weights"].astype(np.float32),
                data["intercept"].astype(np.float32),
            )

    def matrix(self, token_lists: Sequence[list[str]]) -> Any:
        return l2_rows(self._hasher.transform(token_lists))

    def probabilities(self, token_lists: Sequence[list[str]]) -> NDArray[np.float64]:
        """Class probabilities, one row per input, columns in ``classes`` order."""
        logits = np.asarray(self.matrix(token_lists) @ self._dense, dtype=np.float64)
        logits += self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: NDArray[np.float64] = exp / exp.sum(axis=1, keepdims=True)
        return result

    def contributions(self, tokens: list[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The tokens that pushed one input most towards ``label`` (for the verdict's reasons)."""
        column = self.classes.index(label)
        others = [i for i in range(len(self.classes)) if i != column]
        vector = self.matrix([tokens])
        ids = vector.indices
        values = vector.data
        margin = self._dense[ids, column] - self._dense[ids][:, others].mean(axis=1)
        by_id = dict(zip(ids.tolist(), (values * margin).tolist(), strict=True))
        ranked: dict[str, float] = {}
        single = self._hasher.transform([[t] for t in dict.fromkeys(tokens)])
        for token, row in zip(dict.fromkeys(tokens), range(single.shape[0]), strict=True):
            fid = int(single[row].indices[0]) if single[row].nnz else -1
            if fid in by_id:
                ranked[token] = by_id[fid]
        best = sorted(ranked.items(), key=lambda item: -item[1])[:top]
        return [(token, weight) for token, weight in best if weight > 0]
