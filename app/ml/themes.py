"""The CX themes model: for each of the six pillars and eight topics, absent or present with a sentiment.

One n-gram network (the sentiment model's architecture) with 14 x 4 outputs: a softmax per label over
absent / negative / neutral / positive. A label is reported when P(absent) < 0.5; its confidence is 1 - P(absent)
and its sentiment the most likely of the other three states.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import torch

from app.ml.cx_corpus import PILLARS, TOPICS
from app.ml.ngram import MODEL_CARD_FILE, NgramSentimentModel

__all__ = ["PILLARS", "STATES", "THEME_LABELS", "TOPICS", "LabelPrediction", "ThemesModel"]

THEME_LABELS: Final = (*PILLARS, *TOPICS)
STATES: Final = ("absent", "negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class LabelPrediction:
    name: str
    kind: str  # "pillar" | "topic"
    confidence: float
    sentiment: str


class ThemesModel:
    def __init__(self, network_model: NgramSentimentModel, threshold: float = 0.5) -> None:
        self._model = network_model
        self._threshold = threshold

    @property
    def version(self) -> str:
        return self._model.version

    @property
    def threshold(self) -> float:
        return self._threshold

    @property
    def network_model(self) -> NgramSentimentModel:
        return self._model

    @classmethod
    def load(cls, folder: Path) -> ThemesModel:
        description = json.loads((folder / MODEL_CARD_FILE).read_text())
        return cls(NgramSentimentModel.load(folder), float(description.get("threshold", 0.5)))

    def probabilities(self, texts: Sequence[str], languages: Sequence[str]) -> npt.NDArray[np.float32]:
        """Shape (len(texts), 14, 4): per label, the probabilities of `STATES`."""
        if not texts:
            return np.zeros((0, len(THEME_LABELS), len(STATES)), dtype=np.float32)
        with torch.inference_mode():
            logits = self._model.logits(texts, languages).reshape(len(texts), len(THEME_LABELS), len(STATES))
            result: npt.NDArray[np.float32] = torch.softmax(logits, dim=2).numpy().astype(np.float32)
        return result

    def labels(self, probabilities: npt.NDArray[np.float32]) -> list[list[LabelPrediction]]:
        """The labels present in each text, from `probabilities` rows."""
        found = []
        for row in probabilities:
            present = []
            for index, name in enumerate(THEME_LABELS):
                absent = float(row[index, 0])
                if absent < self._threshold:
                    sentiment = STATES[1 + int(row[index, 1:].argmax())]
                    kind = "pillar" if name in PILLARS else "topic"
                    present.append(LabelPrediction(name, kind, round(1.0 - absent, 4), sentiment))
            found.append(present)
        return found
