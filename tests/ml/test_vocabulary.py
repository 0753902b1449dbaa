"""The exact n-gram vocabulary: document frequencies, the min-df cut, the size cap and the row lookup."""

from __future__ import annotations

import numpy as np

from app.ml.features import HashedFeatures
from app.ml.vocabulary import Vocabulary


def _bags(*bags: list[int]) -> HashedFeatures:
    hashes = np.array([h for bag in bags for h in bag], dtype=np.uint64)
    offsets = np.cumsum([0, *[len(bag) for bag in bags[:-1]]]).astype(np.int64)
    return HashedFeatures(hashes, offsets)


def test_document_frequency_counts_each_text_once() -> None:
    vocabulary = Vocabulary.build([_bags([5, 5, 5, 7], [5, 9]), _bags([9, 11])], 2, 100)
    assert vocabulary.hashes.tolist() == [5, 9]
    assert vocabulary.document_frequency.tolist() == [2, 2]
    assert vocabulary.documents == 3


def test_the_cap_keeps_the_most_frequent_and_stays_sorted() -> None:
    vocabulary = Vocabulary.build([_bags([1, 2, 3], [2, 3], [3, 2**63 + 4], [2**63 + 4])], 1, 2)
    assert vocabulary.hashes.tolist() == [2, 3]


def test_rows_map_known_hashes_and_drop_unknown_ones() -> None:
    vocabulary = Vocabulary(np.array([10, 20, 2**63 + 30], dtype=np.uint64), np.array([1, 1, 1]), 3)
    rows = vocabulary.rows(_bags([20, 99, 10], [7], [2**63 + 30, 20]))
    assert rows.hashes.tolist() == [1, 0, 2, 1]
    assert rows.offsets.tolist() == [0, 2, 2]


def test_idf_is_higher_for_rarer_n_grams() -> None:
    vocabulary = Vocabulary(np.array([1, 2], dtype=np.uint64), np.array([100, 2]), 100)
    common, rare = vocabulary.idf()
    assert rare > common >= 1.0
