"""Hashed word and character n-gram features for a batch of normalised texts, computed in numpy.

Featurisation, not the model, bounds a fastText-style classifier in Python (STACK-NOTES.md), so nothing here loops
over n-grams in Python: a batch becomes one array of code points, every substring hash comes from a prefix hash
(hash of s[a:b] = (H[b] - H[a]) * P^-a, exact in wrapping uint64 arithmetic because P is odd), and the n-gram
windows of every text are taken at once. The hash is stable across processes and machines, unlike `hash()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["FeatureConfig", "HashedFeatures", "featurize"]

_U64 = np.uint64
_PRIME = _U64(0x100000001B3)  # odd, so invertible modulo 2**64
_PRIME_INVERSE = _U64(pow(int(_PRIME), -1, 2**64))
# Distinct salts give a character trigram and a word that happens to equal it different hashes.
_CHAR_SALT = 0x9E3779B97F4A7C15
_WORD_SALT = 0xC2B2AE3D27D4EB4F
_LANGUAGE_SALT = 0x165667B19E3779F9

# Code points below this limit get a precomputed class; anything above (emoji, rare scripts) is a symbol token.
_TABLE_SIZE = 0x10000
_SPACE, _WORD, _SYMBOL = 0, 1, 2


def _character_classes() -> npt.NDArray[np.uint8]:
    classes = np.full(_TABLE_SIZE, _SYMBOL, dtype=np.uint8)
    for code in range(_TABLE_SIZE):
        char = chr(code)
        if char.isspace():
            classes[code] = _SPACE
        elif char.isalnum() or code == 0x200C:  # ZWNJ sits inside Persian words (می‌خوام)
            classes[code] = _WORD
    return classes


_CLASSES = _character_classes()


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    char_orders: tuple[int, ...] = (2, 3, 4, 5)
    word_orders: tuple[int, ...] = (1, 2)


@dataclass(frozen=True, slots=True)
class HashedFeatures:
    """64-bit n-gram hashes of all texts, concatenated; text i owns `hashes[offsets[i]:offsets[i + 1]]`."""

    hashes: npt.NDArray[np.uint64]
    offsets: npt.NDArray[np.int64]

    def owners(self) -> npt.NDArray[np.int64]:
        """The text each hash belongs to."""
        sizes = np.diff(np.append(self.offsets, len(self.hashes)))
        return np.repeat(np.arange(len(self.offsets), dtype=np.int64), sizes)


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64 finaliser: spreads the polynomial hashes over all 64 bits (the vocabulary indexes by prefix)."""
    values = values ^ (values >> _U64(30))
    values = values * _U64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> _U64(27))
    values = values * _U64(0x94D049BB133111EB)
    return values ^ (values >> _U64(31))


def featurize(texts: Sequence[str], languages: Sequence[str], config: FeatureConfig) -> HashedFeatures:
    # Each text is padded with spaces so that n-grams see word starts and ends, as char_wb does.
    padded = [f" {text} " for text in texts]
    lengths = np.fromiter((len(text) for text in padded), dtype=np.int64, count=len(padded))
    code_points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    size = len(code_points)
    owner = np.repeat(np.arange(len(padded), dtype=np.int64), lengths)

    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(size, _PRIME, dtype=np.uint64))
        powers = np.concatenate(([_U64(1)], powers[:-1]))
        inverse = np.cumprod(np.full(size, _PRIME_INVERSE, dtype=np.uint64))
        inverse = np.concatenate(([_U64(1)], inverse[:-1]))
        prefix = np.concatenate(([_U64(0)], np.cumsum(code_points * powers, dtype=np.uint64)))

        def span_hash(starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], salt: int) -> npt.NDArray[np.uint64]:
            raw = (prefix[ends] - prefix[starts]) * inverse[starts]
            return _mix(raw + (ends - starts).astype(np.uint64) * _U64(salt))

        hashes: list[npt.NDArray[np.uint64]] = []
        owners: list[npt.NDArray[np.int64]] = []
        for order in config.char_orders:
            if size < order:
                continue
            starts = np.arange(size - order + 1, dtype=np.int64)
            inside = owner[starts] == owner[starts + order - 1]
            starts = starts[inside]
            hashes.append(span_hash(starts, starts + order, _CHAR_SALT))
            owners.append(owner[starts])

        word_starts, word_ends = _tokens(code_points, owner)
        for order in config.word_orders:
            if len(word_starts) < order:
                continue
            first = np.arange(len(word_starts) - order + 1, dtype=np.int64)
            last = first + order - 1
            same_text = owner[word_starts[first]] == owner[word_starts[last]]
            first, last = first[same_text], last[same_text]
            hashes.append(span_hash(word_starts[first], word_ends[last], _WORD_SALT + order))
            owners.append(owner[word_starts[first]])

        # One feature per text names its language, so the model can learn per-language priors.
        language_codes = np.fromiter(
            (int.from_bytes(language.encode()[:8].ljust(8, b"\0"), "little") for language in languages),
            dtype=np.uint64,
            count=len(languages),
        )
        hashes.append(_mix(language_codes + _U64(_LANGUAGE_SALT)))
        owners.append(np.arange(len(padded), dtype=np.int64))

    all_hashes = np.concatenate(hashes)
    all_owners = np.concatenate(owners)
    order_by_text = np.argsort(all_owners, kind="stable")
    counts = np.bincount(all_owners, minlength=len(padded))
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    return HashedFeatures(all_hashes[order_by_text], offsets)


def _tokens(
    code_points: npt.NDArray[np.uint64], owner: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Start and end of every token: a run of word characters, or a single symbol (punctuation, emoji)."""
    classes = np.where(
        code_points < _TABLE_SIZE,
        _CLASSES[np.minimum(code_points, _TABLE_SIZE - 1).astype(np.int64)],
        _SYMBOL,
    )
    is_word = classes == _WORD
    previous_word = np.concatenate(([False], is_word[:-1]))
    next_word = np.concatenate((is_word[1:], [False]))
    same_as_previous = np.concatenate(([False], owner[1:] == owner[:-1]))
    same_as_next = np.concatenate((owner[:-1] == owner[1:], [False]))
    word_start = is_word & ~(previous_word & same_as_previous)
    word_end = is_word & ~(next_word & same_as_next)
    symbol = classes == _SYMBOL
    starts = np.flatnonzero(word_start | symbol)
    ends = np.flatnonzero(word_end | symbol) + 1
    return starts.astype(np.int64), ends.astype(np.int64)
