"""Classification metrics for the sentiment evaluation (accuracy, macro-F1, per-class F1)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["classification_report"]


def classification_report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, object]:
    """n, accuracy, macro-F1 over `labels`, and F1 per label.

    Macro-F1 averages over the labels given (a binary dataset passes its two), including a label that was never
    predicted (F1 0), as scikit-learn's `f1_score(average="macro", labels=...)` does.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    per_class: dict[str, float] = {}
    for label in labels:
        true_positive = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        gold_count = sum(1 for g in gold if g == label)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        per_class[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(per_class.values()) / len(per_class), 4) if per_class else 0.0,
        "f1": {label: round(value, 4) for label, value in per_class.items()},
    }
