"""A hashed linear classifier stored as plain arrays (``.npz``), not as a pickle.

Training uses scikit-learn (see :mod:`safemekong.detect.train`); the shipped artefact is only
the class names, the hashing width, the weights of the features ever seen and the intercepts,
so loading runs no code from the file and needs no particular scikit-learn version.
Scoring hashes the tokens with scikit-learn's ``FeatureHasher`` (MurmurHash3, as in training).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction import FeatureHasher
from sklearn.utils import murmurhash3_32

Tokenizer = Callable[[Any], list[str]]


def hasher(n_features: int) -> FeatureHasher:
    """The one hashing step shared by training and scoring."""
    return FeatureHasher(n_features=n_features, input_type="string", alternate_sign=False)


@lru_cache(maxsize=262144)
def feature_id(token: str, n_features: int) -> int:
    """The column ``FeatureHasher`` puts ``token`` in (signed MurmurHash3, seed 0, abs, mod)."""
    return abs(int(murmurhash3_32(token, seed=0))) % n_features


def l2_rows(matrix: Any) -> Any:
    """Scale each row of a CSR matrix to unit length, in place (rows of zeros stay zero)."""
    matrix = matrix.tocsr()
    counts = np.diff(matrix.indptr)
    squares = matrix.data.astype(np.float64) ** 2
    starts = matrix.indptr[:-1][counts > 0]
    norms = np.zeros(len(counts))
    norms[counts > 0] = np.sqrt(np.add.reduceat(squares, starts)) if len(starts) else 0.0
    norms[norms == 0] = 1.0
    matrix.data = matrix.data / np.repeat(norms, counts)
    return matrix


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
        counts = Counter(tokens)
        unique = list(counts)
        if not unique:
            return []
        fids = np.array([feature_id(t, self.n_features) for t in unique], dtype=np.int64)
        value = np.array([counts[t] for t in unique], dtype=np.float64)
        value /= np.sqrt((value**2).sum())
        rows = self._dense[fids]
        margin = rows[:, column] - rows[:, others].mean(axis=1)
        scores = value * margin
        best = np.argsort(-scores)[:top]
        return [(unique[i], float(scores[i])) for i in best if scores[i] > 0]
