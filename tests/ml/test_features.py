"""Hashed n-gram featurisation: stable, independent of batch composition, and faithful to the text."""

from __future__ import annotations

import json
import subprocess
import sys

from app.ml.features import FeatureConfig, featurize

CONFIG = FeatureConfig()


def _features_of(texts: list[str], languages: list[str], index: int) -> list[int]:
    features = featurize(texts, languages, CONFIG)
    end = features.offsets[index + 1] if index + 1 < len(texts) else len(features.hashes)
    return sorted(features.hashes[features.offsets[index] : end].tolist())


def test_a_text_gets_the_same_features_whatever_else_is_in_the_batch() -> None:
    alone = _features_of(["سرویس عالی بود"], ["fa"], 0)
    in_batch = _features_of(["الخدمة سيئة", "سرویس عالی بود", "ok"], ["ar", "fa", "en"], 1)
    assert alone == in_batch


def test_feature_count_matches_the_n_grams_of_the_text() -> None:
    text = "ab cd"  # padded " ab cd ": 7 chars
    chars = sum(7 - n + 1 for n in (2, 3, 4, 5))
    words = 2 + 1  # two unigrams, one bigram
    assert len(_features_of([text], ["en"], 0)) == chars + words + 1  # + the language feature


def test_emoji_and_punctuation_are_tokens_of_their_own() -> None:
    with_emoji = _features_of(["عالی 😍"], ["fa"], 0)
    without = _features_of(["عالی"], ["fa"], 0)
    assert len(with_emoji) > len(without)


def test_language_changes_exactly_one_feature() -> None:
    persian = _features_of(["خوب"], ["fa"], 0)
    arabic = _features_of(["خوب"], ["ar"], 0)
    assert len(set(persian) ^ set(arabic)) == 2


def test_hashes_are_stable_across_processes() -> None:
    code = (
        "from app.ml.features import featurize, FeatureConfig;"
        "print(featurize(['سلام دنیا'], ['fa'], FeatureConfig()).hashes.tolist())"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == featurize(["سلام دنیا"], ["fa"], CONFIG).hashes.tolist()


def test_empty_batch_and_empty_text() -> None:
    features = featurize(["", "x"], ["und", "en"], CONFIG)
    assert features.offsets.tolist() == [0, 2]  # "  ": one bigram + language; then " x "
    assert features.owners().tolist() == [0, 0] + [1] * (len(features.hashes) - 2)
    assert len(featurize([], [], CONFIG).hashes) == 0
