"""Scoring a sentiment model per dataset, the way `nazar eval sentiment` reports it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from app.ml.corpus import DataFile, Example, load_examples
from app.ml.labels import LABELS
from app.ml.metrics import classification_report
from app.ml.model import SentimentModel
from app.text.normalize import normalize_text

__all__ = ["dataset_labels", "evaluate_on_files", "mean_macro_f1", "predicted_labels"]

_BINARY = ("negative", "positive")


def dataset_labels(examples: Sequence[Example]) -> tuple[str, ...]:
    """The labels a dataset is scored on: its own two when it has no neutral class (SnappFood, AJGT, ArTwitter)."""
    present = {example.label for example in examples}
    return _BINARY if present <= set(_BINARY) else LABELS


def predicted_labels(probabilities: npt.NDArray[np.float32], labels: Sequence[str]) -> list[str]:
    """Argmax over the columns of `labels` only, so a binary dataset never receives a neutral prediction."""
    columns = [LABELS.index(label) for label in labels]
    winners = probabilities[:, columns].argmax(axis=1)
    return [labels[int(w)] for w in winners]


def evaluate_on_files(
    model: SentimentModel, files: Sequence[DataFile], batch_size: int = 512
) -> dict[str, dict[str, object]]:
    """Per dataset: n, accuracy, macro-F1 and per-class F1 of `model` on the given files."""
    by_dataset: dict[str, list[Example]] = defaultdict(list)
    for example in load_examples(files):
        by_dataset[example.dataset].append(example)
    results: dict[str, dict[str, object]] = {}
    for dataset, examples in sorted(by_dataset.items()):
        texts = [normalize_text(example.text, example.language) for example in examples]
        languages = [example.language for example in examples]
        probabilities = np.concatenate(
            [
                model.predict_proba(texts[i : i + batch_size], languages[i : i + batch_size])
                for i in range(0, len(texts), batch_size)
            ]
        )
        labels = dataset_labels(examples)
        report = classification_report([e.label for e in examples], predicted_labels(probabilities, labels), labels)
        results[dataset] = {"language": examples[0].language, "labels": list(labels), **report}
    return results


def mean_macro_f1(results: dict[str, dict[str, object]]) -> float:
    scores = [float(report["macro_f1"]) for report in results.values()]  # type: ignore[arg-type]
    return sum(scores) / len(scores) if scores else 0.0
