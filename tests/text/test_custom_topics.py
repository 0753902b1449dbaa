"""Custom topics: inflection-aware Persian matching, light Arabic stemming, exclusions and raw-text evidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.custom_topics import CompiledTopics, CustomTopic, compile_topics, match_topics
from app.text.mapped import MappedText

TOPICS = compile_topics(
    [
        CustomTopic("gift_card", {"fa": ["کارت هدیه", "گیفت کارت"], "ar": ["بطاقة هدية"]}),
        CustomTopic("work", {"fa": ["کار"]}),
        CustomTopic("delay", {"fa": ["تاخیر"], "ar": ["تأخير"]}),
        CustomTopic("refund", {"ar": ["استرجاع"], "fa": ["بازگشت وجه"]}, exclusions={"fa": ["بازگشت وجه انجام شد"]}),
        CustomTopic("price", {"fa": ["قیمت"]}, exclusions={"fa": ["قیمت مناسب"], "ar": ["سعر"]}),
    ]
)


def names(text: str, language: str, topics: CompiledTopics = TOPICS) -> list[str]:
    return [match.name for match in match_topics(topics, text, language)]


def assert_evidence_indexes_raw(text: str, language: str) -> None:
    for match in match_topics(TOPICS, text, language):
        for evidence in match.evidence:
            assert 0 <= evidence.start < evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    "text",
    [
        "کارت هدیه",
        "کارت‌های هدیه‌ام کار نکرد",  # plural + ezafe, possessive after ZWNJ
        "کارتهای هدیه",  # plural written without ZWNJ
        "کارت‌هایمان هدیه‌ای نبود",
        "كارت هديه",  # Arabic kaf and yeh typed in Persian
        "كـــارتِ هَدیه",  # kashida and diacritics
        "گیفت کارتم",
    ],
)
def test_persian_inflections_match(text: str) -> None:
    assert "gift_card" in names(text, "fa")
    assert_evidence_indexes_raw(text, "fa")


@pytest.mark.parametrize("text", ["تاخیییر داشت", "تأخیر زیاد", "تاخیرها"])
def test_persian_elongation_and_plural(text: str) -> None:
    assert names(text, "fa") == ["delay"]


@pytest.mark.parametrize("text", ["کارت من گم شد", "کارتم رسید", "کارتن", "کاربر"])
def test_short_phrase_does_not_match_a_longer_word(text: str) -> None:
    assert "work" not in names(text, "fa")


@pytest.mark.parametrize("text", ["کار نمی‌کند", "کارها عقب افتاده", "کارهایم", "کارم را راه انداختند"])
def test_short_phrase_matches_its_inflections(text: str) -> None:
    assert "work" in names(text, "fa")


def test_multi_word_phrase_needs_order_and_adjacency() -> None:
    assert "gift_card" not in names("هدیه کارت", "fa")
    assert "gift_card" not in names("کارت بانکی هدیه", "fa")
    assert "gift_card" not in names("کارت. هدیه", "ar")  # phrases are per language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بطاقة هدية", ["gift_card"]),
        ("بطاقه هديه", ["gift_card"]),
        ("البطاقة الهدية لا تعمل", ["gift_card"]),
        # "with the gift card": conjunction + preposition + article on the first word, article on the second.
        ("وبالبطاقة الهدية", ["gift_card"]),
        ("بطاقتي هدية", ["gift_card"]),  # teh marbuta written ت before a pronoun
        ("بطاقات الهدايا", []),  # broken plural is out of reach of light stemming
        ("الاسترجاع صعب", ["refund"]),
        ("استرجاعها مستحيل", ["refund"]),
        ("واسترجاع المبلغ", ["refund"]),
        ("تأخيـــــر كبير", ["delay"]),
        ("التأخير", ["delay"]),
    ],
)
def test_arabic_light_stemming(text: str, expected: list[str]) -> None:
    assert names(text, "ar") == expected
    assert_evidence_indexes_raw(text, "ar")


def test_exclusion_removes_the_topic() -> None:
    assert names("بازگشت وجه هنوز نیامده", "fa") == ["refund"]
    assert names("بازگشت وجه انجام شد، ممنون", "fa") == []
    assert names("قیمت بالاست", "fa") == ["price"]
    assert names("قیمت مناسبی داشت", "fa") == []  # exclusions are inflection-aware too
    # An exclusion in another language does not apply.
    assert names("قیمت سعر", "fa") == ["price"]


def test_topic_without_phrases_in_the_language_does_not_match() -> None:
    assert names("کار", "ar") == []
    assert names("استرجاع", "fa") == []
    assert names("کارت هدیه", "en") == []


def test_evidence_spans_cover_the_raw_words() -> None:
    raw = "سلام، كـــارتِ هديه‌ام و گیفت کارتم هر دو تاخیییر داشت"
    matches = {match.name: match.evidence for match in match_topics(TOPICS, raw, "fa")}
    assert [item.text for item in matches["gift_card"]] == ["كـــارتِ هديه\u200cام", "گیفت کارتم"]
    assert [item.text for item in matches["delay"]] == ["تاخیییر"]
    for evidence in (*matches["gift_card"], *matches["delay"]):
        assert raw[evidence.start : evidence.end] == evidence.text
    assert matches["gift_card"][0].start == raw.index("كـــارتِ")


def test_every_occurrence_is_evidence_in_order() -> None:
    raw = "کار اول، کار دوم و کارها"
    (match,) = match_topics(TOPICS, raw, "fa")
    assert [(item.start, item.text) for item in match.evidence] == [(0, "کار"), (9, "کار"), (19, "کارها")]


def test_mapped_text_input_maps_to_its_raw() -> None:
    raw = "  کارت هدیه  "
    mapped = MappedText.identity(raw)
    (match,) = match_topics(TOPICS, mapped, "fa")
    assert match.evidence[0].start == 2
    assert match.evidence[0].text == "کارت هدیه"


@pytest.mark.parametrize(
    ("topics", "message"),
    [
        ([CustomTopic(" ", {"fa": ["کار"]})], "empty name"),
        ([CustomTopic("a", {"fa": ["کار"]}), CustomTopic("a", {"fa": ["بار"]})], "more than once"),
        ([CustomTopic("a", {})], "no phrases"),
        ([CustomTopic("a", {"fa": []})], "empty phrase list"),
        ([CustomTopic("a", {"fa": ["  ...  "]})], "no words"),
        ([CustomTopic("a", {"fa": "کار"})], "must be a list"),
        ([CustomTopic("a", {"fa": ["کار"]}, exclusions={"fa": [""]})], "no words"),
    ],
)
def test_compile_refuses_bad_topics(topics: list[CustomTopic], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compile_topics(topics)


def test_empty_input_and_no_topics() -> None:
    assert match_topics(compile_topics([]), "کارت هدیه", "fa") == []
    assert match_topics(TOPICS, "", "fa") == []


_ALPHABET = st.sampled_from(list("کارتهدیگفبطقةيكـًَُِّ ‌\u200c۱۲٣4ـاستجعوﻻ،.!"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, max_size=60), language=st.sampled_from(["fa", "ar"]))
def test_evidence_always_lies_in_the_raw_text(text: str, language: str) -> None:
    for match in match_topics(TOPICS, text, language):
        assert match.evidence
        for evidence in match.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    ("phrase", "texts"),
    [
        ("کش بک", ("کش بک نگرفتم", "کش‌بک نگرفتم", "کشبک نگرفتم")),
        ("کش‌بک", ("کش بک نگرفتم", "کش‌بک نگرفتم", "کشبک نگرفتم")),
        # Written solid, the phrase gives no hint where the parts meet: it matches solid and ZWNJ forms only.
        ("کشبک", ("کش‌بک نگرفتم", "کشبک نگرفتم")),
    ],
)
def test_persian_compounds_match_with_space_zwnj_or_nothing_between_their_parts(
    phrase: str, texts: tuple[str, ...]
) -> None:
    compiled = compile_topics([CustomTopic("cashback", {"fa": [phrase]})])
    assert match_topics(compiled, "کش و بک", "fa") == []
    for text in texts:
        (match,) = match_topics(compiled, text, "fa")
        (span,) = match.evidence
        assert text[span.start : span.end] in {"کش بک", "کش‌بک", "کشبک"}, (phrase, text)
