"""User-defined topics: phrase matching that ignores Persian inflection and Arabic clitics, with raw-text evidence.

How words are compared. Text and phrases go through `normalize` (so ي/ی, ك/ک, diacritics, kashida, elongation and
digit scripts never matter) and are cut into word tokens. A phrase word is reduced to one *key*; a text word is
reduced to a small set of candidate keys; the words match when the phrase key is among the text word's candidates.

- Persian: a text word's candidates are the word and every form left by peeling suffix layers from the outside in
  (possessive clitic, ezafe/indefinite ی, plural, comparative), each layer at most once, each rule with a minimum
  stem length. Phrase words are taken as written (their ZWNJ-joined inflection removed): users write base forms,
  and keeping phrase keys unstemmed is what stops phrase "کار" from matching "کارت" or "سفارش" from matching
  "سفارت" through a shared over-stripped stem.
  hazm is not used here: its Stemmer maps کارت -> کار and سفارشم -> سفار, its Lemmatizer only knows its own
  lexicon (and costs about 1.5 s to import), and neither keeps offsets. A small rule set is predictable and tested.
- Arabic: light stemming on both sides (article forms, conjunction و, one pronoun/plural suffix, stems of at least
  three letters), plus an alternative key for a teh marbuta that became ت before a pronoun (بطاقتي -> بطاقه).
- Other languages: the normalised word itself.

`compile_topics` validates and indexes phrases by their first key once; `match_topics` then looks up each token's
candidates in that index, so cost grows with the text, not with the number of topics.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from app.text.mapped import MappedText
from app.text.normalize import normalize, normalize_text
from app.text.spans import Evidence

__all__ = ["CompiledTopics", "CustomTopic", "TopicMatch", "compile_topics", "match_topics"]

_ZWNJ: Final = "\u200c"
# Letters and digits, with ZWNJ allowed inside a word (Persian "کارت‌ها" is one word).
_WORD: Final = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")


@dataclass(frozen=True, slots=True)
class CustomTopic:
    name: str
    phrases: Mapping[str, Sequence[str]]  # language -> phrases
    exclusions: Mapping[str, Sequence[str]] = field(default_factory=dict)  # a text matching one is not this topic


@dataclass(frozen=True, slots=True)
class TopicMatch:
    name: str
    evidence: tuple[Evidence, ...]  # every matched phrase occurrence, offsets into the raw text


@dataclass(frozen=True, slots=True)
class _Phrase:
    topic: int  # index into CompiledTopics.names
    keys: tuple[str, ...]
    exclusion: bool


@dataclass(frozen=True, slots=True)
class CompiledTopics:
    names: tuple[str, ...]
    # language -> first key -> phrases starting with that key
    index: Mapping[str, Mapping[str, tuple[_Phrase, ...]]]


# ---------------------------------------------------------------------------------------------------------------
# Persian: (suffix, minimum stem length, letters the stem must end with or "" for any), one layer after another.
_FaRule = tuple[str, int, str]
_FA_LAYERS: Final[tuple[tuple[_FaRule, ...], ...]] = (
    # Possessive clitics. Single-letter ت is left out: too many nouns end in it (کارت، قیمت، خدمت).
    (
        ("مان", 2, ""),
        ("تان", 2, ""),
        ("شان", 2, ""),
        ("ام", 2, "ه"),
        ("ات", 2, "ه"),
        ("اش", 2, "ه"),
        ("م", 3, ""),
        ("ش", 3, ""),
    ),
    # Ezafe / indefinite ی: "هدیه‌ای", "دانشجویی", "کارتی".
    (("ای", 2, "ه"), ("یی", 2, "او"), ("ی", 3, "")),
    # Plurals.
    (("ها", 2, ""), ("ان", 3, "")),
    # Comparative and superlative.
    (("ترین", 2, ""), ("تر", 3, "")),
)


def _fa_strip(word: str, rule: _FaRule) -> str | None:
    suffix, min_stem, stem_ends = rule
    if not word.endswith(suffix):
        return None
    stem = word[: -len(suffix)]
    if len(stem) < min_stem or (stem_ends and stem[-1] not in stem_ends):
        return None
    return stem


def _fa_token_keys(word: str) -> frozenset[str]:
    forms = {word.replace(_ZWNJ, "")}
    for layer in _FA_LAYERS:
        peeled = {stem for form in forms for rule in layer if (stem := _fa_strip(form, rule)) is not None}
        forms |= peeled
    return frozenset(forms)


def _fa_phrase_key(word: str) -> str:
    joined = word.replace(_ZWNJ, "")
    head = word.split(_ZWNJ, 1)[0]
    # "کارت‌های" in a phrase means "کارت"; "می‌خواهم" stays whole (not a suffix we know).
    if head != joined and head in _fa_token_keys(word):
        return head
    return joined


# ---------------------------------------------------------------------------------------------------------------
# Arabic light stemming.
_AR_ARTICLES: Final = ("وال", "فال", "بال", "كال", "لل", "ال")
_AR_SUFFIXES: Final = ("هما", "ها", "هم", "كم", "نا", "ات", "ون", "ين", "ه", "ي")
_AR_PRONOUNS: Final = ("هما", "ها", "هم", "كم", "نا", "ه", "ي")
_AR_MIN_STEM: Final = 3


def _ar_strip_prefix(word: str) -> str:
    for article in _AR_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    # و/ف before an article form: "وبالبطاقه", "فللموظف".
    if word[:1] in ("و", "ف"):
        for article in ("بال", "كال", "لل", "ال"):
            if word.startswith(article, 1) and len(word) - 1 - len(article) >= 2:
                return word[1 + len(article) :]
    if word.startswith("و") and len(word) - 1 >= 4:
        return word[1:]
    return word


def _ar_strip_suffix(word: str) -> str:
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _AR_MIN_STEM:
            return word[: -len(suffix)]
    return word


def _ar_phrase_key(word: str) -> str:
    return _ar_strip_suffix(_ar_strip_prefix(word))


def _ar_token_keys(word: str) -> frozenset[str]:
    bare = _ar_strip_prefix(word)
    keys = {_ar_strip_suffix(bare)}
    for pronoun in _AR_PRONOUNS:
        # Teh marbuta is written ت before a pronoun: بطاقتي is بطاقه + ي.
        if bare.endswith("ت" + pronoun) and len(bare) - len(pronoun) - 1 >= _AR_MIN_STEM - 1:
            keys.add(_ar_strip_suffix(bare[: -len(pronoun) - 1] + "ه"))
            break
    return frozenset(keys)


# ---------------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def _token_keys(word: str, language: str) -> frozenset[str]:
    if language == "fa":
        return _fa_token_keys(word)
    if language == "ar":
        return _ar_token_keys(word)
    return frozenset((word,))


def _phrase_variants(phrase: str, language: str) -> list[tuple[str, ...]]:
    """The key sequences a phrase matches. Persian compounds are written three ways (کش بک, کش‌بک, کشبک), so a
    Persian phrase of several words also matches as one word, and a ZWNJ-joined compound also as separate words."""
    keys = _phrase_keys(phrase, language)
    if language != "fa" or not keys:
        return [keys]
    words = _WORD.findall(normalize(phrase, language).text)
    variants = [keys]
    if len(words) > 1:
        variants.append((_fa_phrase_key("".join(word.replace(_ZWNJ, "") for word in words)),))
    parts = [part for word in words for part in word.split(_ZWNJ)]
    if len(parts) > len(words):
        variants.append(tuple(_fa_phrase_key(part) for part in parts))
    return list(dict.fromkeys(variants))


def _phrase_keys(phrase: str, language: str) -> tuple[str, ...]:
    words = _WORD.findall(normalize(phrase, language).text)
    if language == "fa":
        return tuple(_fa_phrase_key(word) for word in words)
    if language == "ar":
        return tuple(_ar_phrase_key(word) for word in words)
    return tuple(words)


def compile_topics(topics: Sequence[CustomTopic]) -> CompiledTopics:
    """Validate `topics` and index their phrases; raise ValueError naming the first problem found."""
    names: list[str] = []
    index: dict[str, dict[str, list[_Phrase]]] = {}
    for number, topic in enumerate(topics):
        name = topic.name.strip()
        if not name:
            raise ValueError(f"topic #{number + 1} has an empty name")
        if name in names:
            raise ValueError(f"topic name {name!r} is used more than once")
        if not topic.phrases:
            raise ValueError(f"topic {name!r} has no phrases")
        for kind, by_language in (("phrases", topic.phrases), ("exclusions", topic.exclusions)):
            for language, phrases in by_language.items():
                if isinstance(phrases, str):
                    raise ValueError(f"topic {name!r}: {kind} for {language!r} must be a list, not a string")
                if kind == "phrases" and not phrases:
                    raise ValueError(f"topic {name!r} has an empty phrase list for {language!r}")
                for phrase in phrases:
                    variants = _phrase_variants(phrase, language)
                    if not variants[0]:
                        raise ValueError(
                            f"topic {name!r}: {kind} for {language!r} include {phrase!r}, which has no words"
                        )
                    for keys in variants:
                        entry = _Phrase(len(names), keys, exclusion=kind == "exclusions")
                        index.setdefault(language, {}).setdefault(keys[0], []).append(entry)
        names.append(name)
    frozen = {
        language: {key: tuple(dict.fromkeys(entries)) for key, entries in by_key.items()}
        for language, by_key in index.items()
    }
    return CompiledTopics(tuple(names), frozen)


def match_topics(compiled: CompiledTopics, text: str | MappedText, language: str) -> list[TopicMatch]:
    """The topics whose phrases occur in `text` (and none of whose exclusions do), in compile order."""
    by_key = compiled.index.get(language)
    if not by_key:
        return []
    # The string-only normaliser is several times faster; offsets are only worked out when something matched.
    normalized = text.text if isinstance(text, MappedText) else text
    normalized = normalize_text(normalized, language)
    tokens = [
        (match.start(), match.end(), _token_keys(match.group(), language)) for match in _WORD.finditer(normalized)
    ]
    spans: dict[int, set[tuple[int, int]]] = {}
    excluded: set[int] = set()
    for position, (start, _, keys) in enumerate(tokens):
        for key in keys:
            for phrase in by_key.get(key, ()):
                last = position + len(phrase.keys) - 1
                if last >= len(tokens) or any(
                    phrase.keys[offset] not in tokens[position + offset][2] for offset in range(1, len(phrase.keys))
                ):
                    continue
                if phrase.exclusion:
                    excluded.add(phrase.topic)
                else:
                    spans.setdefault(phrase.topic, set()).add((start, tokens[last][1]))
    matched = sorted(spans.keys() - excluded)
    if not matched:
        return []
    mapped = normalize(text, language)
    results = []
    for topic in matched:
        evidence = []
        for start, end in sorted(spans[topic]):
            raw_start, raw_end = mapped.to_raw(start, end)
            evidence.append(Evidence(raw_start, raw_end, mapped.raw[raw_start:raw_end]))
        results.append(TopicMatch(compiled.names[topic], tuple(evidence)))
    return results
