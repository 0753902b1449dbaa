"""The sentiment model interface every backend implements, and the turn from probabilities into a result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from app.ml.labels import LABELS, Label

__all__ = ["SentimentModel", "SentimentPrediction", "predictions_from_probabilities"]


@dataclass(frozen=True, slots=True)
class SentimentPrediction:
    label: Label
    score: float  # P(positive) - P(negative), in [-1, 1]
    confidence: float  # probability of the chosen label, in [0, 1]


class SentimentModel(Protocol):
    """A trained sentiment classifier. Inputs are texts already normalised by `app.text.normalize`."""

    @property
    def version(self) -> str:
        """Names the weights, e.g. "ngram-sentiment-2026.11": recorded with every analysis."""
        ...

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str]) -> npt.NDArray[np.float32]:
        """Probabilities of shape (len(texts), 3), columns in `LABELS` order, rows summing to 1."""
        ...


def predictions_from_probabilities(probabilities: npt.NDArray[np.float32]) -> list[SentimentPrediction]:
    negative, positive = LABELS.index("negative"), LABELS.index("positive")
    winners = probabilities.argmax(axis=1)
    scores = np.clip(probabilities[:, positive] - probabilities[:, negative], -1.0, 1.0)
    return [
        SentimentPrediction(LABELS[int(w)], round(float(s), 4), round(float(row[w]), 4))
        for w, s, row in zip(winners, scores, probabilities, strict=True)
    ]
