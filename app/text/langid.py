"""Language identification for feedback: Persian vs Arabic first, then romanised forms and other languages.

Arabic-script text goes to a character n-gram model trained on the sentiment corpus plus word and keyboard
rules (`langid_ngram`, `langid_words`); lingua is asked only about Latin and Cyrillic text, restricted to a
few languages so that it stays small and fast. `docs/langid.md` has the measurements behind the choices here.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Final

from app.text.langid_ngram import NgramModel, fold_word, keyboard_evidence, script_words, strip_noise
from app.text.langid_words import (
    ARABIC_MARKERS,
    ARABIZI_WEAK_WORDS,
    ARABIZI_WORDS,
    FINGLISH_WEAK_WORDS,
    FINGLISH_WORDS,
    PERSIAN_MARKERS,
    ROMANIZED_NOT_ARABIZI,
)

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["UNDETERMINED", "LanguageGuess", "detect_language", "detect_languages"]

UNDETERMINED: Final = "und"


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What `detect_language` concluded about one text."""

    language: str  # "fa", "ar", another ISO 639-1 code, or "und"
    script: str  # "arabic" | "latin" | "mixed" | "other" | "none"
    romanized: bool  # Latin-script Persian (Finglish) or Arabic (Arabizi)
    confidence: float  # 0..1


_NONE: Final = LanguageGuess(UNDETERMINED, "none", False, 1.0)

_ARABIC_LETTERS = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")
# Letters of any other script: word characters that are neither digits nor Arabic-block nor Latin letters.
_OTHER_LETTERS = re.compile(
    r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
)
_LATIN_TOKENS = re.compile(r"[A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff']+")
_RUNS = re.compile(r"(.)\1{2,}")
_DOUBLES = re.compile(r"(.)\1+")
# A digit standing for a letter (3 = ع, 7 = ح, 2 = ء, 5 = خ, 9 = ق or ص, 6 = ط, 8 = غ) inside or before
# letters, or after at most three: "iphone7" and "note8" are model names, "sa7" is Arabizi.
_ARABIZI_DIGIT = re.compile(r"^(?:[a-z]*[235-9][a-z]+|[a-z]{1,3}[235-9])(?:[a-z]|[235-9])*$")
# ...but not a number with a unit or an ordinal ("8gb", "5mp", "3rd", "9am").
_NUMBER_WITH_UNIT = re.compile(r"^\d+(?:st|nd|rd|th|am|pm|[kmgt]b|mp|mm|cm|km|kg|ml|hz|px|fps|k|g|d|p|x|s)$")

# A second script is "substantial" from this share of the words on. Words, not letters: Persian and Arabic
# leave short vowels unwritten, so their words have fewer letters than the same words in Latin script.
_MIXED_SHARE: Final = 0.2
# Enough words for a confident Persian/Arabic decision; long reviews are cut here to keep batches fast.
_MAX_WORDS: Final = 64
_MAX_CHARS: Final = 1_500
# Weight of one Persian/Arabic marker-list word, in the model's log-odds units; chosen on the dev splits.
_MARKER_WEIGHT: Final = 2.5
# Romanised Persian/Arabic needs this share of the words to be list words (or digit-letters).
_ROMANIZED_SHARE: Final = 0.25

# Letters that only Urdu, Pashto or Sorani Kurdish use. Persian and Arabic typists hit ہ/ھ/ە by accident, so a
# text needs two hits, one of them a letter of the "strong" set, and a few percent of its letters.
_URDU_STRONG: Final = frozenset("ٹڈڑںےۓ")
_URDU_SOFT: Final = frozenset("ہھۂۃ")
_PASHTO: Final = frozenset("ټډړږښګڼېۍځڅ")
_SORANI_STRONG: Final = frozenset("ڕڵۆێ")
_SORANI_SOFT: Final = frozenset("ە")
_OTHER_ARABIC_SHARE: Final = 0.04
_REGIONAL_LETTERS = re.compile(f"[{''.join(sorted(_URDU_STRONG | _PASHTO | _SORANI_STRONG))}]")

# Scripts that (nearly) identify a language; Cyrillic and Latin need a detector.
_SCRIPT_LANGUAGES: Final = {
    "HEBREW": "he",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "TELUGU": "te",
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "ETHIOPIC": "am",
}
# Latin-script feedback to a Persian or Arabic service is mostly English, French (Maghreb) and Turkish; each language in
# lingua's high-accuracy mode costs 15-25 MB, and the process must stay under 600 MB: German and Spanish (46 MB) were
# dropped, so their texts come out as the nearest of these three. Finglish and Arabizi are caught before lingua.
_LATIN_ISO_CODES: Final = ("en", "fr", "tr")
_CYRILLIC_ISO_CODES: Final = ("ru", "uk", "bg", "sr", "mk", "be", "kk", "mn")


def detect_language(text: str) -> LanguageGuess:
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str]) -> list[LanguageGuess]:
    """Guess each text's language; texts that need lingua are sent to it in one parallel batch per script."""
    guesses: list[LanguageGuess | None] = []
    pending: dict[str, list[tuple[int, str, str]]] = {"latin": [], "cyrillic": []}
    for index, text in enumerate(texts):
        guess, request = _guess(text)
        guesses.append(guess)
        if request is not None:
            detector, script, payload = request
            pending[detector].append((index, script, payload))
    for detector, requests in pending.items():
        if requests:
            answers = _lingua(detector).compute_language_confidence_values_in_parallel([p for _, _, p in requests])
            for (index, script, _), values in zip(requests, answers, strict=True):
                if values and values[0].value > 0:
                    top = values[0]
                    code = top.language.iso_code_639_1.name.lower()
                    guesses[index] = LanguageGuess(code, script, False, round(top.value, 4))
                else:
                    guesses[index] = LanguageGuess(UNDETERMINED, script, False, 0.0)
    return [guess if guess is not None else _NONE for guess in guesses]


def _guess(text: str) -> tuple[LanguageGuess | None, tuple[str, str, str] | None]:
    """A finished guess, or the lingua request (detector, script, text) that will finish it."""
    text = text[:_MAX_CHARS]
    if "&" in text:  # HTML entities left by scrapers ("&gt;", "&quot;") would count as Latin words
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text)
    if "@" in text or "http" in text or "www" in text:
        text = strip_noise(text)
    arabic_runs = _ARABIC_LETTERS.findall(text)
    has_latin = _LATIN_LETTERS.search(text) is not None
    other_runs = _OTHER_LETTERS.findall(text)
    if not has_latin and not other_runs:  # the common case, kept cheap
        return (_arabic_script(text, "arabic") if arabic_runs else _NONE), None
    latin_words = sum(map(_latin_word_weight, _LATIN_TOKENS.findall(text))) if has_latin else 0.0
    words = {"arabic": float(len(arabic_runs)), "latin": latin_words, "other": float(len(other_runs))}
    total = sum(words.values())
    if total == 0:  # Latin letters only in product codes ("D5100", "8GB") or lone ones (":D", "<U+2705>")
        return LanguageGuess(UNDETERMINED, "latin", False, 0.0), None
    # On a tie the Arabic script wins: the words in it are the feedback, the Latin ones are often names.
    major, minor = sorted(words, key=lambda name: (words[name], name == "arabic"), reverse=True)[:2]
    script = "mixed" if words[minor] >= _MIXED_SHARE * total else major
    if major == "arabic":
        return _arabic_script(text, script), None
    if major == "latin":
        romanized = _romanized(text, script)
        if romanized is not None:
            return romanized, None
        latin_text = " ".join(_LATIN_LETTERS.findall(text)) if arabic_runs or other_runs else text
        return None, ("latin", script, latin_text)
    name = _other_script_name(other_runs)
    if name == "CYRILLIC":
        return None, ("cyrillic", script, " ".join(other_runs))
    return LanguageGuess(_SCRIPT_LANGUAGES.get(name, UNDETERMINED), script, False, 0.9), None


def _latin_word_weight(token: str) -> float:
    """How much a Latin token counts as a word: codes and lone letters count nothing, acronyms and names half.

    Inside Persian or Arabic feedback, Latin words are mostly product names ("Canon Ixus", "STC", "D5100");
    halving the capitalised ones keeps a list of names from outvoting the sentence around it.
    """
    if any(char.isdigit() for char in token):
        return 1.0 if _is_arabizi_digit_word(token.casefold()) else 0.0
    if len(token) < 2 or not any(char.isalpha() for char in token):
        return 0.0
    return 0.5 if token[0].isupper() else 1.0


def _arabic_script(text: str, script: str) -> LanguageGuess:
    regional = _regional_language(text) if _REGIONAL_LETTERS.search(text) else None
    if regional is not None:
        return LanguageGuess(regional, script, False, 0.9)
    score = _model().score(script_words(text)[:_MAX_WORDS], keyboard_evidence(text))
    confidence = 1.0 / (1.0 + math.exp(-min(abs(score), 30.0)))
    return LanguageGuess("fa" if score > 0 else "ar", script, False, round(confidence, 4))


def _regional_language(text: str) -> str | None:
    """Urdu, Pashto or Sorani when their own letters are frequent enough to rule out a stray keystroke."""
    letters = sum(map(len, _ARABIC_LETTERS.findall(text)))
    urdu_strong = sum(text.count(c) for c in _URDU_STRONG)
    pashto = sum(text.count(c) for c in _PASHTO)
    sorani_strong = sum(text.count(c) for c in _SORANI_STRONG)
    if not (urdu_strong or pashto or sorani_strong):
        return None
    candidates = [
        ("ur", urdu_strong, urdu_strong + sum(text.count(c) for c in _URDU_SOFT)),
        ("ps", pashto, pashto if len(set(text) & _PASHTO) >= 2 else 0),  # decorative Arabic borrows ګ alone
        ("ckb", sorani_strong, sorani_strong + sum(text.count(c) for c in _SORANI_SOFT)),
    ]
    best, strong, hits = max(candidates, key=lambda candidate: candidate[2])
    if strong >= 1 and hits >= 2 and hits >= _OTHER_ARABIC_SHARE * letters:
        return best
    return None


def _romanized(text: str, script: str) -> LanguageGuess | None:
    """Finglish or Arabizi when enough of the Latin words come from the lists (or use digits as letters)."""
    # Accents are dropped for matching: "ãliye" and "mérci" are typing variants of the listed words.
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    words = [token for token in _LATIN_TOKENS.findall(plain) if any(c.isalpha() for c in token)]
    if not words:
        return None
    persian = sum(_listed(w, FINGLISH_WORDS) or _stretched_weak(w, FINGLISH_WEAK_WORDS) for w in words)
    digit_letters = sum(_is_arabizi_digit_word(word) for word in words)
    arabic = digit_letters + sum(_listed(word, ARABIZI_WORDS) for word in words)
    if persian:
        persian += sum(_listed(w, FINGLISH_WEAK_WORDS) and not _stretched_weak(w, FINGLISH_WEAK_WORDS) for w in words)
    if arabic:
        arabic += sum(_listed(word, ARABIZI_WEAK_WORDS) for word in words)
    best = max(persian, arabic)
    share = best / len(words)
    if best == 0 or share < _ROMANIZED_SHARE:
        return None
    language = "ar" if arabic > persian or (arabic == persian and digit_letters) else "fa"
    return LanguageGuess(language, script, True, round(min(0.99, 0.5 + share / 2), 4))


def _listed(word: str, vocabulary: frozenset[str]) -> bool:
    """`word` is in the list as typed or stretched ("aliiie", "kheiliii", "khoooob" match with runs cut)."""
    return word in vocabulary or _RUNS.sub(r"\1", word) in vocabulary or _DOUBLES.sub(r"\1", word) in vocabulary


def _stretched_weak(word: str, vocabulary: frozenset[str]) -> bool:
    """A weak list word typed stretched ("aliiiii", "merciiii") is no longer the English or French word."""
    return _RUNS.search(word) is not None and _listed(word, vocabulary)


def _is_arabizi_digit_word(word: str) -> bool:
    return (
        len(word) >= 3
        and word not in ROMANIZED_NOT_ARABIZI
        and _ARABIZI_DIGIT.match(word) is not None
        and _NUMBER_WITH_UNIT.match(word) is None
    )


def _other_script_name(runs: list[str]) -> str:
    """The commonest Unicode script name among letters that are neither Arabic nor Latin."""
    names: Counter[str] = Counter()
    for run in runs:
        for char in run:
            names[unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]] += 1
    if names["HIRAGANA"] or names["KATAKANA"]:
        return "HIRAGANA"  # Japanese mixes kana with CJK ideographs; kana alone says it is not Chinese
    return names.most_common(1)[0][0] if names else "UNKNOWN"


@cache
def _model() -> NgramModel:
    markers = {fold_word(word): _MARKER_WEIGHT for word in PERSIAN_MARKERS}
    markers.update({fold_word(word): -_MARKER_WEIGHT for word in ARABIC_MARKERS})
    return NgramModel.load(markers=markers)


@cache
def _lingua(kind: str) -> LanguageDetector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    if kind == "latin":
        # Full accuracy costs about 230 MB and 2.5 s at the first Latin text (low-accuracy mode: 16 MB and
        # 0.1 s), but low-accuracy mode misreads short feedback ("thank you" as German): it got 18 of 27
        # short phrases right, against 23.
        isos = [IsoCode639_1.from_str(code) for code in _LATIN_ISO_CODES]
        return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()
    # Cyrillic feedback is rare here: the small low-accuracy models are enough to name the language.
    isos = [IsoCode639_1.from_str(code) for code in _CYRILLIC_ISO_CODES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*isos).with_low_accuracy_mode().build()
