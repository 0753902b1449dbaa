"""The most characteristic phrases of positive and of negative feedback, per language (Persian and Arabic).

For a marketing summary: which words and two-word phrases customers use *more* when they are happy than when they
are not, and the other way round. Pure functions over `PhraseDoc`s; no database, no HTTP.

Method
1. Text. Line breaks and PII placeholders ("[PHONE]") become breaks, then the text goes through the analysis
   normaliser `normalize_text` (ي/ی, ك/ک, digit scripts, diacritics, kashida, elongation and ZWNJ never split one
   word into several). Words are runs of letters, with ZWNJ allowed inside a Persian word; one-letter words go.
2. Keys. Each word is reduced to a counting key (`_fa_key`, `_ar_key`): Persian through hazm's lexicon and verb
   table (negation kept), Arabic by removing the article. Stop words (`_stopwords`) get no key.
3. Candidates. Unigrams, and bigrams of two adjacent kept words. A stop word, a one-letter word, or anything that
   is not a letter or a space (punctuation . ، , ! ? ؟ ؛ ; :, digits, emoji, placeholders, line breaks) ends a
   run, so no bigram spans a clause or a removed word. A bigram's key is its two keys joined by a space.
4. Counts. Document frequency per polarity and language: a phrase counts once per text; neutral texts, and texts
   in a language other than fa/ar, are ignored.
5. Score. The log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi and Quinn (2008, "Fightin'
   Words", section 3.5), as a z-score; see `_z_score` for the formula and the choice of prior.
6. Selection. Per polarity: phrases seen in at least `min_count` texts of that polarity with z > 0, highest z
   first, ties by key. A unigram is dropped from a list that also holds one of its bigrams when the bigram covers at
   least 80% of the unigram's texts ("جواب نداد" makes "نداد" redundant); see `_select`.
7. Display. The phrase is shown in its most frequent written form in that polarity (normalised; Arabic keeps its
   own letters ة/أ/ى), and with up to two quotes: the sentence around an occurrence, cut to at most 160 characters at
   word boundaries, always a verbatim substring of the stored text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final

from app.text.mapped import MappedText
from app.text.normalize import normalize, normalize_text
from app.text.pii import PLACEHOLDERS

__all__ = ["Phrase", "PhraseDoc", "characteristic_phrases"]

_LANGUAGES: Final = ("fa", "ar")
_MIN_WORD: Final = 2  # one-letter words (و, ب, separated clitics) are dropped
_POLARITIES: Final = ("positive", "negative")
_ZWNJ: Final = "\u200c"

# Tokens: a word (group 1: letters, with ZWNJ inside a Persian word, "سفارش‌ها"; digits and "_" are not letters)
# or a break (group 1 empty): a run of anything that is neither a letter, a space nor a ZWNJ, i.e. punctuation,
# symbols, emoji, digits. The clause punctuation . ، , ! ? ؟ ؛ ; : is a subset. Words with only spaces between them
# are adjacent. One findall per text gives both, which is most of the speed of the counting loop.
_TOKENS: Final = re.compile(r"([^\W\d_]+(?:\u200c[^\W\d_]+)*)|(?:[^\w\s\u200c]|[\d_])+")
# normalize_text folds every kind of white space into " ", so line breaks are turned into a clause mark first.
_LINE_BREAKS: Final = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
_LINE_MARK: Final = "؛"
# Redaction placeholders would otherwise read as the Latin words "phone", "email", ... They become U+FFFC, which
# splits runs (not a letter) but not sentences, so a quote may still run across "[PHONE]".
_PLACEHOLDER: Final = re.compile("|".join(re.escape(mark) for mark in sorted(set(PLACEHOLDERS.values()))))
_PLACEHOLDER_MARK: Final = "\ufffc"
# Sentence ends for quotes (in the normalised text, where line breaks are already the Arabic semicolon).
_SENTENCE_END: Final = re.compile(r"[.!?؟؛;…]")

# Combining marks (harakat, tanwin) and format characters (ZWNJ, bidi marks): part of the word before them.
_MARKS: Final = frozenset({"Mn", "Me", "Cf"})
_QUOTE_LIMIT: Final = 160
_EXAMPLES: Final = 2
# Texts examined per phrase for its quotes: identical texts (copy-pasted complaints) are skipped, but not forever.
_EXAMPLE_ATTEMPTS: Final = 20

# Monroe et al.'s informative prior: each phrase's pseudo-count is this multiple of its own count over both
# polarities (see `_z_score`).
_PRIOR_SCALE: Final = 1.0
# A unigram is redundant next to a selected bigram that occurs in at least 4/5 of its texts.
_REDUNDANT_NUMERATOR: Final = 4
_REDUNDANT_DENOMINATOR: Final = 5


@dataclass(frozen=True, slots=True)
class PhraseDoc:
    id: int
    text: str  # the (PII-redacted) feedback text as stored
    language: str  # "fa", "ar", or anything else (ignored)
    sentiment: str  # "negative" | "neutral" | "positive"


@dataclass(frozen=True, slots=True)
class Phrase:
    phrase: str  # display form: the most frequent written form in this polarity, words joined by a space
    key: str  # the normalised/lemmatised key used for counting
    count: int  # texts of this polarity containing it
    other_count: int  # texts of the opposite polarity containing it
    score: float  # log-odds z-score towards this polarity (> 0)
    examples: tuple[tuple[int, str], ...]  # up to 2 (feedback id, verbatim quote around the phrase)


def characteristic_phrases(
    docs: Sequence[PhraseDoc], *, top: int = 20, min_count: int = 3
) -> dict[str, dict[str, list[Phrase]]]:
    """{language: {"positive": [...], "negative": [...]}} for the languages fa and ar present in `docs`."""
    if top < 0:
        raise ValueError(f"top must be >= 0, got {top}")
    if min_count < 1:
        raise ValueError(f"min_count must be >= 1, got {min_count}")
    result: dict[str, dict[str, list[Phrase]]] = {}
    for language in _LANGUAGES:
        indexes = [index for index, doc in enumerate(docs) if doc.language == language]
        if not indexes:
            continue
        sides = {polarity: _Side() for polarity in _POLARITIES}
        for index in indexes:
            side = sides.get(docs[index].sentiment)
            if side is not None:
                _count_text(docs[index].text, language, index, side)
        positive, negative = sides["positive"], sides["negative"]
        result[language] = {
            "positive": _phrases(positive, negative, docs, language, top, min_count),
            "negative": _phrases(negative, positive, docs, language, top, min_count),
        }
    return result


# ---------------------------------------------------------------------------------------------------------------
# Counting.


@dataclass(slots=True)
class _Side:
    """The counts of one polarity in one language."""

    document_frequency: Counter[str] = field(default_factory=Counter)
    # (key, written form) -> occurrences, for the display form.
    written: Counter[tuple[str | None, str]] = field(default_factory=Counter)
    # (index into docs, keys in that text), in input order, to find example texts.
    texts: list[tuple[int, set[str]]] = field(default_factory=list)


def _prepare(text: str) -> str:
    return _PLACEHOLDER.sub(_PLACEHOLDER_MARK, _LINE_BREAKS.sub(_LINE_MARK, text))


def _prepare_mapped(text: str) -> MappedText:
    # The same two substitutions as `_prepare`, keeping the map back to the stored text.
    mapped = MappedText.identity(text).sub(_LINE_BREAKS, lambda _: _LINE_MARK)
    return mapped.sub(_PLACEHOLDER, lambda _: _PLACEHOLDER_MARK)


def _count_text(text: str, language: str, index: int, side: _Side) -> None:
    prepared = _prepare(text)
    tokens = _TOKENS.findall(normalize_text(prepared, language))
    # Arabic is shown with its own letters: the "und" table differs from the Arabic one only in letter folding
    # (ة -> ه, أ -> ا, ...), which maps letters to letters, so both texts split into the same tokens. Should they
    # not (an elongation only the folding exposes), the normalised words are shown.
    forms = tokens
    if language == "ar":
        spelled = _TOKENS.findall(normalize_text(prepared, "und"))
        if len(spelled) == len(tokens):
            forms = spelled
    # One key per token: None for a break (""), a one-letter word or a stop word, all of which end a run.
    keys = list(map(_KEY_FUNCTIONS[language], tokens))
    bigrams = [
        (f"{first} {second}", f"{first_form} {second_form}")
        for first, second, first_form, second_form in zip(keys, keys[1:], forms, forms[1:], strict=False)
        if first and second
    ]
    present = set(filter(None, keys))
    present.update(key for key, _ in bigrams)
    side.document_frequency.update(present)
    # Unigram forms are counted unfiltered (it runs in C); the (None, form) entries are never looked up.
    side.written.update(zip(keys, forms, strict=True))
    side.written.update(bigrams)
    side.texts.append((index, present))


# ---------------------------------------------------------------------------------------------------------------
# Scoring and selection.


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    count: int
    other_count: int
    score: float


def _z_score(count: int, other_count: int, total: int, other_total: int) -> float:
    """Monroe, Colaresi & Quinn (2008) eq. 22 and 24: the log-odds ratio of a phrase in this polarity against the
    other, with an informative Dirichlet prior, divided by its standard deviation.

    delta = log((y_i + a) / (n_i + a0 - y_i - a)) - log((y_j + a) / (n_j + a0 - y_j - a)),
    var(delta) ~= 1 / (y_i + a) + 1 / (y_j + a), z = delta / sqrt(var),

    with y the phrase's document frequencies, n the totals over all phrases of the language, and the prior
    a = _PRIOR_SCALE * (y_i + y_j), a0 = _PRIOR_SCALE * (n_i + n_j): the pooled counts of both polarities are the
    background, the usual choice when no outside corpus is at hand. Why scale 1 rather than a faint prior such as
    0.01: with a faint prior the 1 / (y_j + a) term of a phrase never seen in the other polarity explodes, and a
    phrase in 5 positive and 1 negative text outranks one in 5 positive and none (z 1.47 against 1.03, 1,000
    phrases a side). With scale 1, z falls as the other polarity's count rises, grows with the square root of the
    count for one-sided phrases, and is 0 for a phrase used at the same rate in both polarities, whatever their
    sizes.
    """
    alpha = _PRIOR_SCALE * (count + other_count)
    alpha0 = _PRIOR_SCALE * (total + other_total)
    here, there = count + alpha, other_count + alpha
    # The rest of the mass is positive unless a language has a single phrase; keep the log finite then.
    rest_here = max(total + alpha0 - here, 1e-9)
    rest_there = max(other_total + alpha0 - there, 1e-9)
    delta = math.log(here / rest_here) - math.log(there / rest_there)
    return delta / math.sqrt(1.0 / here + 1.0 / there)


def _phrases(
    side: _Side, other: _Side, docs: Sequence[PhraseDoc], language: str, top: int, min_count: int
) -> list[Phrase]:
    total = sum(side.document_frequency.values())
    other_total = sum(other.document_frequency.values())
    candidates = []
    for key, count in side.document_frequency.items():
        if count < min_count:
            continue
        other_count = other.document_frequency.get(key, 0)
        score = _z_score(count, other_count, total, other_total)
        if score > 0:
            candidates.append(_Candidate(key, count, other_count, score))
    candidates.sort(key=lambda candidate: (-candidate.score, candidate.key))
    chosen = _select(candidates, top)
    shown = _display_forms(side, {candidate.key for candidate in chosen})
    quotes = _Quotes(docs, language)
    return [
        Phrase(
            phrase=shown[candidate.key],
            key=candidate.key,
            count=candidate.count,
            other_count=candidate.other_count,
            score=candidate.score,
            examples=quotes.examples(side, candidate.key),
        )
        for candidate in chosen
    ]


def _select(ranked: Sequence[_Candidate], top: int) -> list[_Candidate]:
    """The first `top` of `ranked`, without unigrams made redundant by a selected bigram.

    Dropping a unigram lets the next phrase in, which may be a bigram that makes another unigram redundant, so this
    repeats until nothing changes. It ends: the dropped set only grows (a selected bigram stays selected, as removing
    phrases only moves later ones up).
    """
    dropped: set[str] = set()
    while True:
        chosen = [candidate for candidate in ranked if candidate.key not in dropped][:top]
        unigram_counts = {candidate.key: candidate.count for candidate in chosen if " " not in candidate.key}
        redundant = {
            part
            for candidate in chosen
            if " " in candidate.key
            for part in candidate.key.split(" ")
            if part in unigram_counts
            and candidate.count * _REDUNDANT_DENOMINATOR >= unigram_counts[part] * _REDUNDANT_NUMERATOR
        }
        if not redundant:
            return chosen
        dropped |= redundant


def _display_forms(side: _Side, keys: set[str]) -> dict[str, str]:
    # Most frequent written form; ties go to the alphabetically first so the output is deterministic.
    best: dict[str, tuple[int, str]] = {}
    for (key, form), count in side.written.items():
        if key is not None and key in keys:
            current = best.get(key)
            if current is None or count > current[0] or (count == current[0] and form < current[1]):
                best[key] = (count, form)
    return {key: form for key, (_, form) in best.items()}


class _Quotes:
    """Verbatim quotes around phrase occurrences, normalising each example text once (with offsets, the slow way)."""

    def __init__(self, docs: Sequence[PhraseDoc], language: str) -> None:
        self._docs = docs
        self._language = language
        self._mapped: dict[int, MappedText] = {}

    def examples(self, side: _Side, key: str) -> tuple[tuple[int, str], ...]:
        parts = tuple(key.split(" "))
        found: list[tuple[int, str]] = []
        attempts = 0
        for index, keys in side.texts:
            if key not in keys:
                continue
            attempts += 1
            quote = self._quote(index, parts)
            if quote and all(quote != seen for _, seen in found):
                found.append((self._docs[index].id, quote))
            if len(found) == _EXAMPLES or attempts == _EXAMPLE_ATTEMPTS:
                break
        return tuple(found)

    def _quote(self, index: int, parts: tuple[str, ...]) -> str | None:
        mapped = self._mapped.get(index)
        if mapped is None:
            mapped = normalize(_prepare_mapped(self._docs[index].text), self._language)
            self._mapped[index] = mapped
        occurrence = _find(mapped.text, self._language, parts)
        if occurrence is None:  # cannot happen: the text's keys came from the same text and rules
            return None
        start, end = occurrence
        sentence_start = 0
        for match in _SENTENCE_END.finditer(mapped.text, 0, start):
            sentence_start = match.end()
        following = _SENTENCE_END.search(mapped.text, end)
        sentence_end = following.start() if following else len(mapped.text)
        low, high = mapped.to_raw(sentence_start, sentence_end)
        phrase_low, phrase_high = mapped.to_raw(start, end)
        raw = mapped.raw
        # Normalisation dropped the marks after the last letter (the tanwin of "جداً"): give them back.
        high, phrase_high = _after_marks(raw, high), _after_marks(raw, phrase_high)
        return _cut(raw, low, high, phrase_low, phrase_high)


def _after_marks(text: str, position: int) -> int:
    while position < len(text) and (text[position] == "\u0640" or unicodedata.category(text[position]) in _MARKS):
        position += 1
    return position


def _find(text: str, language: str, parts: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of the first run of adjacent kept words in `text` whose keys are `parts` (same rules as counting)."""
    key_of = _KEY_FUNCTIONS[language]
    run: list[tuple[str, int]] = []  # (key, start) of the kept words since the last break
    for match in _TOKENS.finditer(text):
        key = key_of(match.group(1) or "")
        if key is None:
            run = []
            continue
        run.append((key, match.start()))
        if len(run) >= len(parts) and tuple(key for key, _ in run[-len(parts) :]) == parts:
            return run[-len(parts)][1], match.end()
    return None


def _cut(raw: str, low: int, high: int, phrase_low: int, phrase_high: int) -> str:
    """raw[low:high] around the phrase, at most `_QUOTE_LIMIT` characters, cut at white space, stripped."""
    if high - low > _QUOTE_LIMIT:
        slack = max(_QUOTE_LIMIT - (phrase_high - phrase_low), 0)
        start = max(low, phrase_low - slack // 2)
        end = min(high, max(start + _QUOTE_LIMIT, phrase_high))
        start = max(low, min(start, end - _QUOTE_LIMIT, phrase_low))  # room left on the right goes to the left
        if start > low and not raw[start - 1].isspace():
            space = _first_space(raw, start, phrase_low)
            start = space + 1 if space is not None else phrase_low
        if end < high and not raw[end].isspace():
            space = _last_space(raw, phrase_high, end)
            end = space if space is not None else phrase_high
        low, high = start, end
    return raw[low:high].strip()


def _first_space(text: str, start: int, end: int) -> int | None:
    for position in range(start, end):
        if text[position].isspace():
            return position
    return None


def _last_space(text: str, start: int, end: int) -> int | None:
    for position in range(end - 1, start - 1, -1):
        if text[position].isspace():
            return position
    return None


# ---------------------------------------------------------------------------------------------------------------
# Keys and stop words.

# Persian stop words: hazm's list (news-domain, 389 words) minus what carries the meaning in customer feedback,
# plus colloquial function words it lacks.
_FA_KEEP: Final = frozenset(
    {
        # Evaluations: "کیفیت عالی", "بسته‌بندی مناسب", "سایز کوچک" are exactly what the summary is for.
        *("عالی", "خوب", "خوبی", "بهتر", "بهترین", "مناسب", "کامل", "کافی", "متاسفانه", "بزرگ", "کوچک"),
        # Negators and negated verbs: "موجود نیست", "ارزش ندارد", "بدون مشکل" must not lose their negation.
        *("نه", "هیچ", "بدون", "عدم", "غیر", "نبود", "نباید", "ندارد", "ندارند", "نیست", "نیستند", "نمی‌شود"),
        # Delivery is the event customers report: "سفارشم رسید" (hazm lists رسید as a news verb).
        *("رسید", "رسیدن"),
    }
)
# Pure function words of informal Persian. Sentiment-bearing politeness stays: ممنون, مرسی, تشکر are evidence of a
# happy customer. خیلی (in hazm's list) and اصلا, واقعا, کلا are intensifiers: they strengthen either polarity, so
# they add nothing to the word they modify and would pair with it ("خیلی خوب" next to "خوب").
_FA_EXTRA: Final = (
    *("سلام", "درود", "باسلام", "لطفا", "خانم", "آقا", "جناب", "بنده"),
    *("یه", "اون", "اونا", "اینا", "اونجا", "ایشون", "اینو", "اونو", "اینم", "اونم", "منم", "توی", "برا", "واسه"),
    *("واسم", "بهم", "بهش", "بهمون", "بهتون", "ازش", "ازم", "ازتون", "باهاش", "باهم", "دیگه", "الان", "ها", "های"),
    *("اصلا", "واقعا", "کلا", "همش", "چی", "چیه", "کی", "کجا", "چطور", "چجوری", "ای", "ام"),
    *("هست", "هستش", "هستم", "هستین", "هستید", "بودم", "بودیم", "بودش", "میشه", "می‌شه", "بشه", "باشه", "شدم"),
    *("شدیم", "کنین", "کردیم", "کردین", "کردید", "دارم", "داره", "دارید", "دارین", "دارن"),
)
_AR_STOPWORDS_FILE: Final = "stopwords_ar.txt"


@lru_cache(maxsize=2)
def _stopwords(language: str) -> frozenset[str]:
    """Stop words normalised like the text, so they match whatever spelling the customer used."""
    if language == "fa":
        from hazm import stopwords_list  # heavy import, only when Persian text is seen

        # Multi-word entries ("آمده_است") can never equal one word; they are skipped.
        words: list[str] = [word for word in stopwords_list() if "_" not in word and word not in _FA_KEEP]
        words.extend(_FA_EXTRA)
    else:
        text = resources.files("app.summaries").joinpath("data", _AR_STOPWORDS_FILE).read_text(encoding="utf-8")
        words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(normalize_text(word, language) for word in words)


@dataclass(frozen=True, slots=True)
class _FaLexicon:
    words: Container[str]  # hazm's lexicon (nouns, adjectives, some participles)
    verbs: Mapping[str, str]  # every conjugated form -> "past#present" stems
    stem: Callable[[str], str]  # hazm's suffix-stripping Stemmer


@lru_cache(maxsize=1)
def _fa_lexicon() -> _FaLexicon:
    # Building hazm's Lemmatizer expands every verb into its conjugations: about 1.5 s, once per process.
    from hazm import Lemmatizer

    lemmatizer = Lemmatizer()
    return _FaLexicon(words=lemmatizer.words, verbs=lemmatizer.verbs, stem=lemmatizer.stemmer.stem)


# Clitics and plural endings written without ZWNJ, peeled only when what remains is a hazm lexicon word of at least
# three letters: possessive/object "سفارشم", "سفارشمو", "کارتمون", plural "سفارشات", "سفارشها", colloquial copula
# "خوبه", "گرونه". Longest first. Bare ت and ی are not here: too many words end in them (کارت, قیمت, پشتیبانی).
_FA_CLITICS: Final = (
    *("مونو", "تونو", "شونو", "های", "مون", "تون", "شون", "مان", "تان", "شان"),
    *("ها", "مو", "شو", "ات", "م", "ش", "ه"),
)
_FA_MIN_STEM: Final = 3
# Colloquial third-person verbs end in ه too ("میگه", "میره", "میده"): not a copula, so ه is never peeled from a
# word that starts like an imperfective verb.
_FA_VERB_PREFIXES: Final = ("نمی", "می")


@lru_cache(maxsize=1 << 17)
def _fa_key(word: str) -> str | None:
    """The counting key of a normalised Persian word, or None for a stop word, a one-letter word or "" (a break)."""
    stopwords = _stopwords("fa")
    if len(word) < _MIN_WORD or word in stopwords:
        return None
    lemma = _fa_lemma(word)
    if lemma in stopwords:  # "کردیم" -> کرد, "داشتم" -> داشت: inflections of listed function verbs
        return None
    # ZWNJ is spelling, not meaning: "بسته‌بندی" and "بستهبندی" count together.
    return lemma.replace(_ZWNJ, "")


def _fa_lemma(word: str) -> str:
    """hazm-based lemma, kept predictable. What hazm 0.10's Lemmatizer does, and what is taken from it:

    - lexicon words are their own lemma ("پشتیبانی", "نرسیده", "رسیده", "محصولات" stay as they are); kept.
    - a conjugated verb becomes "past#present" ("می‌خواستم" -> "خواست#خواه", "کردم" -> "کرد#کن"); the key is the
      past stem. hazm also strips the negation ("نرسید" -> "رسید#رس", "نداد" -> "داد#ده"), which would merge "جواب
      نداد" with "جواب داد", so a negated form keys as "ن" + past stem ("نرسید", "نداد", "نخواست").
    - otherwise its Stemmer strips endings and keeps the result if it is a lexicon word: right for a suffix joined
      by ZWNJ ("سفارش‌ها" -> "سفارش", "کارت‌ها" -> "کارت", "سریع‌تر" -> "سریع"), wrong without one ("سفارشم" ->
      "سفار", "کارتم" -> "کار", "سفارشات" -> "سفار"). Only the ZWNJ case is used; words written without ZWNJ go
      through `_FA_CLITICS` instead ("سفارشم", "سفارشمو", "سفارشات" -> "سفارش", "کارتم" -> "کارت").
    - anything else is its own lemma ("نیومد", "میشه").
    """
    lexicon = _fa_lexicon()
    if _ZWNJ not in word:
        # "میخواستم" is "می‌خواستم" typed without ZWNJ. Only verb-table hits count, so "میز" stays "میز".
        for prefix in _FA_VERB_PREFIXES:
            if word.startswith(prefix):
                joined = f"{prefix}{_ZWNJ}{word[len(prefix) :]}"
                if joined in lexicon.verbs:
                    word = joined
                break
    if word in lexicon.words:
        return word
    verb = lexicon.verbs.get(word)
    if verb is not None:
        return _fa_verb_key(word, verb, lexicon.verbs)
    stem = _fa_zwnj_stem(word, lexicon)
    if stem is not None:
        return stem
    for clitic in _FA_CLITICS:
        if word.endswith(clitic) and not (clitic == "ه" and word.startswith(_FA_VERB_PREFIXES)):
            rest = word[: -len(clitic)].rstrip(_ZWNJ)
            if len(rest.replace(_ZWNJ, "")) < _FA_MIN_STEM:
                continue
            if rest in lexicon.words:
                return rest
            stem = _fa_zwnj_stem(rest, lexicon)  # "سفارش‌هامو" -> "سفارش‌ها" -> "سفارش"
            if stem is not None:
                return stem
    return word


def _fa_zwnj_stem(word: str, lexicon: _FaLexicon) -> str | None:
    if _ZWNJ not in word:
        return None
    stem = lexicon.stem(word)
    return stem if stem in lexicon.words and word.startswith(stem + _ZWNJ) else None


def _fa_verb_key(word: str, verb: str, verbs: Mapping[str, str]) -> str:
    past, _, present = verb.partition("#")
    if not past:  # "#است", "#هست": the copula has no past stem in hazm's table
        return present or word
    # Persian negation is a ن- prefix. If neither stem starts with ن, a form starting with ن is negated. If one
    # does (نوشت, نشست), the form is negated when it is ن + stem, or ن + a form of the same verb.
    if past.startswith("ن") or present.startswith("ن"):
        stems = (f"ن{past}", f"ن{present}") if present else (f"ن{past}",)
        negated = word.startswith(stems) or verbs.get(word[1:]) == verb
    else:
        negated = word.startswith("ن")
    return f"ن{past}" if negated else past


# Article forms (with و, ب, ف, ك before ال, and لل), longest first; removed for the key only.
_AR_ARTICLES: Final = ("وال", "بال", "فال", "كال", "لل", "ال")
_AR_MIN_STEM: Final = 3


@lru_cache(maxsize=1 << 17)
def _ar_key(word: str) -> str | None:
    """The counting key of a normalised Arabic word ("التوصيل" -> "توصيل"), or None for a stop word, a one-letter
    word or "" (a break)."""
    stopwords = _stopwords("ar")
    if len(word) < _MIN_WORD or word in stopwords:
        return None
    # The conjunctions و/ف are written joined to the next word: "وأنا", "فهذا" are stop words too. (Only for this
    # test: the key keeps them, as stripping و would also cut words that start with it, "وصل", "وقت".)
    if word[0] in "وف" and word[1:] in stopwords:
        return None
    key = word
    for article in _AR_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _AR_MIN_STEM:
            key = word[len(article) :]
            break
    return None if key in stopwords else key


_KEY_FUNCTIONS: Final[dict[str, Callable[[str], str | None]]] = {"fa": _fa_key, "ar": _ar_key}
