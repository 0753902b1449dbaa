"""Cohen's kappa as the CX corpus agreement report computes it, against scikit-learn's implementation."""

from __future__ import annotations

import random

import pytest
from sklearn.metrics import cohen_kappa_score

from bench.cx_agreement import agreement, cohen_kappa


def test_kappa_matches_scikit_learn_on_random_labels() -> None:
    generator = random.Random(4)
    for _ in range(20):
        first = [generator.choice("abc") for _ in range(60)]
        second = [x if generator.random() < 0.7 else generator.choice("abc") for x in first]
        assert cohen_kappa(first, second) == pytest.approx(cohen_kappa_score(first, second))


def test_kappa_is_one_for_identical_and_about_zero_for_independent_labels() -> None:
    assert cohen_kappa(["a", "b", "a"], ["a", "b", "a"]) == 1.0
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == pytest.approx(0.0)


def test_pillar_sentiment_disagreement_counts_only_in_the_four_way_label() -> None:
    first = {
        "1": {"sentiment": "negative", "pillars": [{"name": "effort", "sentiment": "negative"}], "topics": []},
        "2": {"sentiment": "neutral", "pillars": [], "topics": []},
    }
    second = {
        "1": {"sentiment": "negative", "pillars": [{"name": "effort", "sentiment": "positive"}], "topics": []},
        "2": {"sentiment": "neutral", "pillars": [], "topics": []},
    }
    rows = {row["label"]: row for row in agreement(first, second)}  # type: ignore[arg-type]
    assert rows["effort (present)"]["agreement"] == 1.0
    assert rows["effort (with sentiment)"]["agreement"] == 0.5
