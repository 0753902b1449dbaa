"""Characteristic phrases: hand-made Persian and Arabic corpora with obvious answers, real hazm, hand counts."""

from __future__ import annotations

import random
from importlib import resources

import pytest

from app.summaries.phrases import (
    Phrase,
    PhraseDoc,
    _ar_key,
    _fa_key,
    _find,
    _stopwords,
    _z_score,
    characteristic_phrases,
)
from app.text.normalize import normalize_text

FA = [
    # negative: support did not answer, the order did not arrive (in four spellings of "order")
    PhraseDoc(1, "پشتیبانی جواب نداد. سفارشم نرسید!", "fa", "negative"),
    PhraseDoc(2, "سفارش‌ها هنوز نرسید و پشتیبانی جواب نداد", "fa", "negative"),
    PhraseDoc(3, "سه روز گذشته و سفارشمو نفرستادن، پشتیبانی جواب نداد", "fa", "negative"),
    PhraseDoc(4, "پشتیبانی جواب نداد؛ خیلی بد بود", "fa", "negative"),
    PhraseDoc(5, "سفارشم نرسید", "fa", "negative"),
    PhraseDoc(6, "متاسفانه سفارشات نرسید\nپشتیبانی جواب نداد", "fa", "negative"),
    # positive: good quality, fast delivery
    PhraseDoc(10, "کیفیت عالی بود، ارسال سریع", "fa", "positive"),
    PhraseDoc(11, "کیفیت عالی و ارسال سریع. ممنون", "fa", "positive"),
    PhraseDoc(12, "ارسال سریع بود و کیفیت عالی", "fa", "positive"),
    PhraseDoc(13, "کیفیتش عالی بود ممنون", "fa", "positive"),
    PhraseDoc(14, "ارسال سریع! پشتیبانی هم خوب بود", "fa", "positive"),
    PhraseDoc(15, "ممنون از ارسال سریع و کیفیت عالی", "fa", "positive"),
    # neutral: ignored, although it says the same as the negatives
    PhraseDoc(20, "پشتیبانی جواب نداد ولی مهم نیست", "fa", "neutral"),
]
AR = [
    PhraseDoc(30, "الخدمة ممتازة جداً", "ar", "positive"),
    PhraseDoc(31, "خدمة ممتازة والتوصيل سريع", "ar", "positive"),
    PhraseDoc(32, "شكراً، الخدمة ممتازة", "ar", "positive"),
    PhraseDoc(33, "المنتج كويس والخدمة ممتازة", "ar", "positive"),
    PhraseDoc(34, "التوصيل سريع جدا، شكرا", "ar", "positive"),
    PhraseDoc(40, "التوصيل متأخر والمنتج مش كويس", "ar", "negative"),
    PhraseDoc(41, "للأسف التوصيل متأخر جداً", "ar", "negative"),
    PhraseDoc(42, "المنتج مش كويس", "ar", "negative"),
    PhraseDoc(43, "التوصيل متأخر، والمنتج مش كويس أبداً", "ar", "negative"),
    PhraseDoc(44, "اللي وصلني مش كويس", "ar", "negative"),
]
BY_ID = {doc.id: doc for doc in [*FA, *AR]}


def keys(phrases: list[Phrase]) -> list[str]:
    return [phrase.key for phrase in phrases]


def by_key(phrases: list[Phrase]) -> dict[str, Phrase]:
    return {phrase.key: phrase for phrase in phrases}


@pytest.fixture(scope="module")
def result() -> dict[str, dict[str, list[Phrase]]]:
    return characteristic_phrases([*FA, *AR], min_count=2)


# ---------------------------------------------------------------------------------------------------------------
# What hazm's lemmatizer does with real words, as used for keys (verified by hand against hazm 0.10).


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("سفارشم", "سفارش"),  # hazm alone says "سفار"; the clitic is peeled against hazm's lexicon instead
        ("سفارش‌ها", "سفارش"),  # hazm: suffix after ZWNJ
        ("سفارشها", "سفارش"),
        ("سفارشمو", "سفارش"),
        ("سفارشات", "سفارش"),  # hazm alone says "سفار"
        ("کارت‌ها", "کارت"),
        ("کارتم", "کارت"),  # hazm alone says "کار" (work): a wrong merge
        ("پشتیبانی", "پشتیبانی"),
        ("کیفیتش", "کیفیت"),
        ("خوبه", "خوب"),
        ("می‌خواستم", "خواست"),  # hazm: "خواست#خواه"; the past stem is the key
        ("میخواستم", "خواست"),  # typed without ZWNJ
        ("نمی‌خواستم", "نخواست"),  # hazm drops the negation; the key keeps it
        ("نرسید", "نرسید"),  # hazm: "رسید#رس"
        ("نداد", "نداد"),  # hazm: "داد#ده"
        ("رسیدم", "رسید"),
        ("نرسیده", "نرسیده"),  # in hazm's lexicon as a word of its own
        ("بسته‌بندی", "بستهبندی"),  # ZWNJ is spelling: the key drops it
        ("بستهبندی", "بستهبندی"),
        ("میگه", "میگه"),  # a colloquial verb, not "میگ" + copula
    ],
)
def test_persian_keys(word: str, key: str) -> None:
    assert _fa_key(normalize_text(word, "fa")) == key


@pytest.mark.parametrize("word", ["و", "از", "که", "خیلی", "بود", "کردیم", "داشتم", "سلام", "یه", "هستش", ""])
def test_persian_function_words_have_no_key(word: str) -> None:
    assert _fa_key(normalize_text(word, "fa")) is None


@pytest.mark.parametrize("word", ["عالی", "خوب", "متاسفانه", "نیست", "ندارد", "نبود", "ممنون", "مرسی", "رسید"])
def test_persian_sentiment_words_and_negators_are_not_stop_words(word: str) -> None:
    assert _fa_key(normalize_text(word, "fa")) is not None


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("التوصيل", "توصيل"),
        ("بالخدمة", "خدمه"),
        ("للأسف", "اسف"),
        ("والمنتج", "منتج"),
        ("الله", "الله"),  # "له" would be too short
        ("مش", "مش"),
        ("ما", "ما"),
        ("شكراً", "شكرا"),
        ("اللي", None),
        ("جداً", None),
        ("وأنا", None),  # a stop word behind the conjunction و
        ("فهذا", None),
        ("وصل", "وصل"),  # not و + a stop word
    ],
)
def test_arabic_keys(word: str, key: str | None) -> None:
    assert _ar_key(normalize_text(word, "ar")) == key


def test_arabic_stop_word_file() -> None:
    text = resources.files("app.summaries").joinpath("data", "stopwords_ar.txt").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.startswith("#")
    assert "Nazar" in header
    assert "Apache-2.0" in header
    stopwords = _stopwords("ar")
    assert len(stopwords) >= 200
    assert {"اللي", "ده", "دي", "ايش", "شو", "هيك", "يعني", "عشان", "علشان", "بس", "جدا"} <= stopwords
    # Negators stay out: "مش كويس" is a phrase. So do thanks.
    negators = {"لا", "لم", "لن", "ما", "مش", "مو", "مب", "ليس", "ليست", "مافي", "مفيش", "ماكو", "بدون", "غير"}
    assert not negators & stopwords
    assert "شكرا" not in stopwords


# ---------------------------------------------------------------------------------------------------------------
# Persian.


def test_persian_top_phrases(result: dict[str, dict[str, list[Phrase]]]) -> None:
    positive, negative = result["fa"]["positive"], result["fa"]["negative"]
    assert keys(positive)[:2] == ["ارسال سریع", "کیفیت عالی"]  # equal scores: ties go by key
    assert set(keys(negative)[:3]) == {"جواب نداد", "پشتیبانی جواب", "سفارش"}
    assert not set(keys(positive)) & set(keys(negative))


def test_persian_counts_equal_hand_counts(result: dict[str, dict[str, list[Phrase]]]) -> None:
    positive, negative = by_key(result["fa"]["positive"]), by_key(result["fa"]["negative"])
    # (count, other_count): texts of this polarity and of the other one
    assert (positive["کیفیت عالی"].count, positive["کیفیت عالی"].other_count) == (5, 0)  # 10 11 12 13 15
    assert (positive["ارسال سریع"].count, positive["ارسال سریع"].other_count) == (5, 0)  # 10 11 12 14 15
    assert (positive["ممنون"].count, positive["ممنون"].other_count) == (3, 0)  # 11 13 15
    # The neutral text 20 says "پشتیبانی جواب نداد" too and is not counted.
    assert (negative["جواب نداد"].count, negative["جواب نداد"].other_count) == (5, 0)  # 1 2 3 4 6
    assert negative["نرسید"].count == 4  # 1 2 5 6
    # Text 2 has "هنوز" (a stop word) between the two words, so only 1 5 6 have the bigram.
    assert negative["سفارش نرسید"].count == 3


def test_persian_inflections_merge(result: dict[str, dict[str, list[Phrase]]]) -> None:
    order = by_key(result["fa"]["negative"])["سفارش"]
    # سفارشم (1, 5), سفارش‌ها (2), سفارشمو (3), سفارشات (6): one key, shown as written most often.
    assert order.count == 5
    assert order.phrase == "سفارشم"
    # "کیفیتش" (13) counts with "کیفیت": the bigram is in all five positive texts that mention quality.
    assert by_key(result["fa"]["positive"])["کیفیت عالی"].count == 5


def test_persian_negation_is_kept(result: dict[str, dict[str, list[Phrase]]]) -> None:
    all_keys = {part for polarity in result["fa"].values() for phrase in polarity for part in phrase.key.split(" ")}
    assert "نداد" in all_keys
    assert "نرسید" in all_keys
    assert "داد" not in all_keys
    assert "رسید" not in all_keys


def test_redundant_unigrams_are_dropped(result: dict[str, dict[str, list[Phrase]]]) -> None:
    negative = keys(result["fa"]["negative"])
    # "جواب" and "نداد" occur exactly where "جواب نداد" does; "پشتیبانی" likewise with "پشتیبانی جواب".
    assert "جواب" not in negative
    assert "نداد" not in negative
    assert "پشتیبانی" not in negative
    # "سفارش نرسید" covers 3 of the 5 texts with "سفارش" and 3 of the 4 with "نرسید" (< 80%): all three stay.
    assert {"سفارش", "نرسید", "سفارش نرسید"} <= set(negative)


def test_redundancy_threshold() -> None:
    docs = [PhraseDoc(i, "پشتیبانی جواب نداد", "fa", "negative") for i in range(4)]
    docs += [PhraseDoc(10 + i, "کیفیت عالی", "fa", "positive") for i in range(4)]
    docs.append(PhraseDoc(20, "پول را پس نداد", "fa", "negative"))  # "نداد" without "جواب": 4 of 5 texts
    negative = keys(characteristic_phrases(docs, min_count=1)["fa"]["negative"])
    assert "نداد" not in negative  # 4 / 5 = 80%: redundant
    docs.append(PhraseDoc(21, "هیچ کس نداد", "fa", "negative"))  # now 4 / 6
    negative = keys(characteristic_phrases(docs, min_count=1)["fa"]["negative"])
    assert "نداد" in negative
    assert "جواب نداد" in negative


# ---------------------------------------------------------------------------------------------------------------
# Arabic.


def test_arabic_top_phrases(result: dict[str, dict[str, list[Phrase]]]) -> None:
    positive, negative = result["ar"]["positive"], result["ar"]["negative"]
    assert positive[0].key == "خدمه ممتازه"
    assert positive[0].phrase == "الخدمة ممتازة"  # shown with its own letters, article and all, as written most
    assert negative[0].key == "مش كويس"  # a negator bigram survives
    assert negative[0].phrase == "مش كويس"
    assert "توصيل متاخر" in keys(negative)
    assert by_key(negative)["توصيل متاخر"].phrase == "التوصيل متأخر"


def test_arabic_counts_equal_hand_counts(result: dict[str, dict[str, list[Phrase]]]) -> None:
    positive, negative = by_key(result["ar"]["positive"]), by_key(result["ar"]["negative"])
    # "الخدمة ممتازة" (30, 32), "خدمة ممتازة" (31), "والخدمة ممتازة" (33): the article goes for the key.
    assert (positive["خدمه ممتازه"].count, positive["خدمه ممتازه"].other_count) == (4, 0)
    assert (positive["توصيل سريع"].count, positive["توصيل سريع"].other_count) == (2, 0)  # 31 34
    assert (negative["مش كويس"].count, negative["مش كويس"].other_count) == (4, 0)  # 40 42 43 44
    assert (negative["توصيل متاخر"].count, negative["توصيل متاخر"].other_count) == (3, 0)  # 40 41 43


def test_arabic_short_words_keep_their_article() -> None:
    docs = [PhraseDoc(i, "الله يعطيكم العافية", "ar", "positive") for i in range(3)]
    docs += [PhraseDoc(10 + i, "الطلب ما وصل", "ar", "negative") for i in range(3)]
    result = characteristic_phrases(docs)
    positive = keys(result["ar"]["positive"])
    assert "الله يعطيكم" in positive  # not "له يعطيكم": the rest would be too short to strip
    assert "يعطيكم عافيه" in positive
    assert "ما وصل" in keys(result["ar"]["negative"])


# ---------------------------------------------------------------------------------------------------------------
# Both languages.


def test_stop_words_never_appear(result: dict[str, dict[str, list[Phrase]]]) -> None:
    for language, polarities in result.items():
        stopwords = _stopwords(language)
        for phrases in polarities.values():
            for phrase in phrases:
                for word in phrase.phrase.split(" "):
                    assert normalize_text(word, language) not in stopwords, (language, phrase)
    shown = {
        word
        for polarities in result.values()
        for phrases in polarities.values()
        for p in phrases
        for word in p.phrase.split(" ")
    }
    assert not shown & {"و", "از", "خیلی", "بود", "هم", "هنوز", "جداً", "جدا", "اللي"}


def test_examples_are_quotes_from_the_right_texts(result: dict[str, dict[str, list[Phrase]]]) -> None:
    for language, polarities in result.items():
        for polarity, phrases in polarities.items():
            for phrase in phrases:
                assert 1 <= len(phrase.examples) <= 2
                assert len({quote for _, quote in phrase.examples}) == len(phrase.examples)
                for feedback_id, quote in phrase.examples:
                    doc = BY_ID[feedback_id]
                    assert (doc.language, doc.sentiment) == (language, polarity)
                    assert quote in doc.text
                    # The phrase is in the quote, in this or another written form of its key.
                    assert _find(normalize_text(quote, language), language, tuple(phrase.key.split(" "))) is not None


def test_quotes_are_the_sentence(result: dict[str, dict[str, list[Phrase]]]) -> None:
    examples = dict(by_key(result["fa"]["negative"])["سفارش نرسید"].examples)
    assert examples[1] == "سفارشم نرسید"  # text 1's second sentence, without the "!"
    assert examples[6] == "متاسفانه سفارشات نرسید"  # a line of its own
    # Marks after the last letter belong to the quote: "جداً", not "جدا".
    assert dict(by_key(result["ar"]["positive"])["خدمه ممتازه"].examples)[30] == "الخدمة ممتازة جداً"


def test_long_sentence_is_cut_at_word_boundaries() -> None:
    filler = " ".join(["روز"] * 60)
    text = f"{filler} کیفیت عالی بود {filler}"
    docs = [PhraseDoc(i, text, "fa", "positive") for i in range(3)]
    docs += [PhraseDoc(10 + i, "ارسال خیلی دیر بود", "fa", "negative") for i in range(3)]
    phrase = by_key(characteristic_phrases(docs)["fa"]["positive"])["کیفیت عالی"]
    (feedback_id, quote), *_ = phrase.examples
    assert feedback_id == 0
    assert "کیفیت عالی" in quote
    assert len(quote) <= 160
    start = text.index(quote)
    assert start == 0 or text[start - 1] == " "
    assert start + len(quote) == len(text) or text[start + len(quote)] == " "


def test_candidates_do_not_cross_punctuation_lines_or_placeholders() -> None:
    docs = [
        PhraseDoc(1, "کیفیت عالی. ارسال سریع", "fa", "positive"),
        PhraseDoc(2, "کیفیت عالی\nارسال سریع", "fa", "positive"),
        PhraseDoc(3, "کیفیت عالی [PHONE] ارسال سریع", "fa", "positive"),
        PhraseDoc(4, "کیفیت عالی 3 ارسال سریع", "fa", "positive"),
        PhraseDoc(5, "کیفیت عالی، ارسال سریع", "fa", "positive"),
        PhraseDoc(6, "دیر رسید و خراب بود", "fa", "negative"),
    ]
    positive = keys(characteristic_phrases(docs, min_count=1, top=100)["fa"]["positive"])
    assert "کیفیت عالی" in positive
    assert "ارسال سریع" in positive
    assert "عالی ارسال" not in positive
    assert "phone" not in positive


def test_other_languages_and_neutral_texts_are_ignored() -> None:
    noise = [
        PhraseDoc(100, "پشتیبانی جواب نداد", "en", "negative"),
        PhraseDoc(101, "الخدمة ممتازة", "und", "positive"),
        PhraseDoc(102, "great service", "en", "positive"),
        PhraseDoc(103, "پشتیبانی جواب نداد", "fa", "neutral"),
        PhraseDoc(104, "الخدمة ممتازة", "ar", "mixed"),
    ]
    base = characteristic_phrases([*FA, *AR], min_count=2)
    noisy = characteristic_phrases([*FA, *noise, *AR], min_count=2)
    assert set(noisy) == {"fa", "ar"}
    assert noisy == base
    assert characteristic_phrases(noise[:3]) == {}


def test_a_language_present_only_as_neutral_gives_empty_lists() -> None:
    assert characteristic_phrases([PhraseDoc(1, "سلام", "fa", "neutral")]) == {"fa": {"positive": [], "negative": []}}


def test_empty_input() -> None:
    assert characteristic_phrases([]) == {}


def test_output_is_deterministic() -> None:
    base = characteristic_phrases([*FA, *AR], min_count=2)
    shuffled = [*FA, *AR]
    random.Random(5).shuffle(shuffled)
    again = characteristic_phrases(shuffled, min_count=2)
    for language in base:
        for polarity in base[language]:
            first = [(p.key, p.phrase, p.count, p.other_count, round(p.score, 12)) for p in base[language][polarity]]
            second = [(p.key, p.phrase, p.count, p.other_count, round(p.score, 12)) for p in again[language][polarity]]
            assert first == second


def test_min_count_and_top() -> None:
    phrases = characteristic_phrases([*FA, *AR])  # min_count 3
    assert "توصيل سريع" not in keys(phrases["ar"]["positive"])  # only 2 texts
    assert all(p.count >= 3 for polarities in phrases.values() for ps in polarities.values() for p in ps)
    assert len(characteristic_phrases([*FA, *AR], top=1, min_count=2)["fa"]["negative"]) == 1
    assert characteristic_phrases([*FA, *AR], top=0)["fa"] == {"positive": [], "negative": []}
    with pytest.raises(ValueError, match="top"):
        characteristic_phrases(FA, top=-1)
    with pytest.raises(ValueError, match="min_count"):
        characteristic_phrases(FA, min_count=0)


def test_scores_are_positive_and_sorted(result: dict[str, dict[str, list[Phrase]]]) -> None:
    for polarities in result.values():
        for phrases in polarities.values():
            assert all(p.score > 0 for p in phrases)
            order = [(-p.score, p.key) for p in phrases]
            assert order == sorted(order)


def test_z_score() -> None:
    # Same rate in both polarities: 0, whatever their sizes.
    assert _z_score(10, 5, 2000, 1000) == pytest.approx(0.0, abs=1e-12)
    # Antisymmetric.
    assert _z_score(7, 2, 900, 1100) == pytest.approx(-_z_score(2, 7, 1100, 900))
    # Falls as the other polarity uses the phrase more; rises with the count of a one-sided phrase.
    assert _z_score(5, 0, 1000, 1000) > _z_score(5, 1, 1000, 1000) > _z_score(5, 3, 1000, 1000)
    assert _z_score(50, 0, 1000, 1000) > _z_score(5, 0, 1000, 1000)
    # A language whose whole vocabulary is one phrase stays finite.
    assert _z_score(3, 0, 3, 0) > 0
