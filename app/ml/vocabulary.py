"""The n-gram vocabulary of a trained model: which hashed n-grams get an embedding row, and their IDF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.ml.features import HashedFeatures

__all__ = ["Vocabulary"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """N-grams seen in at least `min_document_frequency` training texts, as sorted 64-bit hashes.

    An exact vocabulary instead of the hashing trick: 2.3 of the 3.6 million distinct n-grams in the public corpus
    occur in a single text, and with hashing they share rows with the useful ones. Like TF-IDF's `min_df`, they are
    simply left out here. Looking a hash up is one `searchsorted` over the whole batch.
    """

    hashes: npt.NDArray[np.uint64]
    document_frequency: npt.NDArray[np.int64]
    documents: int

    def __len__(self) -> int:
        return len(self.hashes)

    @classmethod
    def build(cls, batches: Iterable[HashedFeatures], min_document_frequency: int, max_size: int) -> Vocabulary:
        unique_per_batch = []
        documents = 0
        for features in batches:
            documents += len(features.offsets)
            # An n-gram counts once per text however often it repeats there: pair it with its text, deduplicate.
            pairs = np.unique(np.stack([features.owners().astype(np.uint64), features.hashes], axis=1), axis=0)
            unique_per_batch.append(pairs[:, 1])
        hashes, counts = np.unique(np.concatenate(unique_per_batch), return_counts=True)
        keep = counts >= min_document_frequency
        hashes, counts = hashes[keep], counts[keep]
        if len(hashes) > max_size:
            # The most frequent n-grams win; ties broken by hash so the choice is deterministic.
            chosen = np.lexsort((hashes, -counts))[:max_size]
            chosen.sort()
            hashes, counts = hashes[chosen], counts[chosen]
        return cls(hashes, counts.astype(np.int64), documents)

    def idf(self) -> npt.NDArray[np.float32]:
        idf: npt.NDArray[np.float32] = (
            np.log((self.documents + 1) / (self.document_frequency + 1)) + 1
        ).astype(np.float32)
        return idf

    def rows(self, features: HashedFeatures) -> HashedFeatures:
        """The same bags with each hash replaced by its row number; n-grams outside the vocabulary are dropped."""
        if len(self.hashes) == 0 or len(features.hashes) == 0:
            return HashedFeatures(np.zeros(0, dtype=np.uint64), np.zeros(len(features.offsets), dtype=np.int64))
        positions = np.searchsorted(self.hashes, features.hashes)
        positions = np.minimum(positions, len(self.hashes) - 1)
        known = self.hashes[positions] == features.hashes
        kept_per_text = np.bincount(features.owners()[known], minlength=len(features.offsets))
        offsets = np.concatenate(([0], np.cumsum(kept_per_text)[:-1])).astype(np.int64)
        return HashedFeatures(positions[known].astype(np.uint64), offsets)
