"""The reference every shipped model is measured against: TF-IDF (word 1-2 + char_wb 2-5 grams) + LogisticRegression.

It is trained inside `nazar eval sentiment` on the same training files as the model, and reads the same normalised
text, so the comparison measures the model and not the preprocessing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from app.ml.corpus import Example
from app.ml.labels import LABELS
from app.text.normalize import normalize_text

__all__ = ["TfidfBaseline"]


class TfidfBaseline:
    def __init__(self, seed: int = 13) -> None:
        features = FeatureUnion(
            [
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
                ),
            ]
        )
        self._pipeline = make_pipeline(features, LogisticRegression(max_iter=1000, random_state=seed))

    @property
    def version(self) -> str:
        return "baseline-tfidf-logreg"

    def fit(self, examples: Sequence[Example]) -> TfidfBaseline:
        texts = [normalize_text(example.text, example.language) for example in examples]
        self._pipeline.fit(texts, [example.label for example in examples])
        return self

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str]) -> npt.NDArray[np.float32]:
        probabilities = self._pipeline.predict_proba(list(texts))
        # A class absent from the training data (a user's binary set, say) gets probability 0.
        result = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        for column, label in enumerate(self._pipeline.classes_):
            result[:, LABELS.index(label)] = probabilities[:, column]
        return result
