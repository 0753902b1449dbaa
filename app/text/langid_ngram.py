"""Persian-vs-Arabic character n-gram scorer: the featuriser shared by `bench/train_langid.py` and `langid`.

The model is a two-class multinomial naive Bayes reduced to what inference needs: one log-likelihood ratio
(Persian over Arabic) per character n-gram and per frequent whole word, so a text's score is a plain sum.
Features never cross a word boundary, so the score is a sum of cached per-word scores, which is what makes
batches of short texts fast.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

__all__ = [
    "MODEL_PATH",
    "NGRAM_ORDERS",
    "NgramModel",
    "fold_word",
    "keyboard_evidence",
    "ngrams",
    "script_words",
    "strip_noise",
]

MODEL_PATH: Final = Path(__file__).parent / "data" / "langid_fa_ar.json"
NGRAM_ORDERS: Final = (1, 2, 3, 4)

# URLs, e-mail addresses and @handles are Latin noise inside otherwise Arabic-script text.
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\S+|@\w+", re.IGNORECASE)
_ZWNJ: Final = "\u200c"
_REPEATS = re.compile(r"(.)\1{2,}")
_SPLIT = re.compile(r"[^\u0621-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08ff\u200c۰٠]+")
_CACHE_LIMIT: Final = 200_000  # words (tens of MB at most); real feedback repeats its words a lot


def _word_char_map() -> dict[int, str]:
    # Keyboard choice is not language: Persian is often typed on Arabic layouts (a third of the Persian
    # training texts use ي/ك), so the n-grams see one folded yeh and kaf and the keyboard is weighed once per
    # text (`keyboard_evidence`); Urdu heh forms fold to heh because Persian and Arabic typists hit them by
    # accident. Diacritics and tatweel vanish so that they do not split words. Each digit system collapses to
    # one symbol, because which one a writer uses is a signal. `_SPLIT` then cuts at everything else.
    table: dict[int, str] = {ord(a): b for a, b in zip("يكڪھہ", "یککهه", strict=True)}
    for code in range(0x0600, 0x0700):
        char = chr(code)
        if 0x06F0 <= code <= 0x06F9:
            table[code] = "۰"
        elif 0x0660 <= code <= 0x0669:
            table[code] = "٠"
        elif unicodedata.category(char) == "Mn" or code == 0x0640:
            table[code] = ""
    return table


_WORD_CHARS: Final = _word_char_map()


def strip_noise(text: str) -> str:
    """`text` without URLs, e-mail addresses and @handles."""
    return _NOISE.sub(" ", text)


def fold_word(word: str) -> str:
    """A word as `script_words` returns it, for matching word lists."""
    words = script_words(word)
    return words[0] if len(words) == 1 else word


def script_words(text: str) -> list[str]:
    """The Arabic-script words of `text`, folded for the n-gram model (expects NFKC text without URLs)."""
    text = _REPEATS.sub(r"\1", text.translate(_WORD_CHARS))
    return [word for raw in _SPLIT.split(text) if (word := raw.strip(_ZWNJ))]


def ngrams(word: str) -> list[str]:
    """Character n-grams of the space-padded word, plus the padded word itself when no n-gram covers it."""
    padded = f" {word} "
    size = len(padded)
    grams = [padded[start : start + order] for order in NGRAM_ORDERS for start in range(size - order + 1)]
    if size > NGRAM_ORDERS[-1]:
        grams.append(padded)
    return grams


def keyboard_evidence(text: str) -> str | None:
    """Which yeh/kaf the writer's keyboard produced: "persian", "arabic" or None when neither appears."""
    if "ی" in text or "ک" in text:
        return "persian"
    if "ي" in text or "ك" in text:
        return "arabic"
    return None


@dataclass(slots=True)
class NgramModel:
    """Log-likelihood ratios log P(g | fa) - log P(g | ar); a positive score means Persian.

    `markers` adds a fixed weight to whole words (folded like `script_words` output) known to belong to one
    language, the rule-based half of the Persian/Arabic decision.
    """

    weights: dict[str, float]
    keyboard: dict[str, float]
    bias: float
    markers: dict[str, float] = field(default_factory=dict)
    _word_scores: dict[str, float] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: Path = MODEL_PATH, markers: dict[str, float] | None = None) -> NgramModel:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={gram: float(w) for gram, w in payload["weights"].items()},
            keyboard={name: float(w) for name, w in payload["keyboard"].items()},
            bias=float(payload["bias"]),
            markers=dict(markers or {}),
        )

    def clear_cache(self) -> None:
        self._word_scores.clear()

    def word_score(self, word: str) -> float:
        score = self._word_scores.get(word)
        if score is None:
            # dict.get gives None for an n-gram the model dropped; filter(None, ...) skips it at C speed.
            score = self.markers.get(word, 0.0) + sum(filter(None, map(self.weights.get, ngrams(word))))
            if len(self._word_scores) >= _CACHE_LIMIT:
                self._word_scores.clear()
            self._word_scores[word] = score
        return score

    def score(self, words: list[str], keyboard: str | None) -> float:
        total = self.bias + (self.keyboard.get(keyboard, 0.0) if keyboard else 0.0)
        cached = self._word_scores.get
        for word in words:
            score = cached(word)
            total += self.word_score(word) if score is None else score
        return total
