"""Normalisation rules for Persian and Arabic, and the properties that evidence offsets depend on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.normalize import normalize, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("خيلي خوب بود", "خیلی خوب بود"),  # Arabic yeh typed in Persian
        ("كيفيت عالی", "کیفیت عالی"),  # Arabic kaf typed in Persian
        ("عاااااالی بود", "عالی بود"),  # elongation
        ("خیلیییی ممنووون", "خیلی ممنون"),
        ("قیمت ۲۵۰ هزار تومان", "قیمت 250 هزار تومان"),  # Persian digits
        ("مُمتــــاز", "ممتاز"),  # diacritics and kashida
        ("می‌خوام", "می\u200cخوام"),  # ZWNJ inside a word is kept
        ("می‌‌‌خوام", "می\u200cخوام"),  # repeated ZWNJ collapses
        ("کتاب‌ ها", "کتاب ها"),  # ZWNJ before a space goes
        ("  سلام \n\n خوبی؟  ", "سلام خوبی؟"),  # whitespace
        ("عالی بود!!!!!!!", "عالی بود!!!"),  # punctuation runs capped, not removed
        ("همه چیز خوب بود 😍😍", "همه چیز خوب بود 😍😍"),  # emoji kept as signal
        ("مسئول پاسخگو نبود", "مسیول پاسخگو نبود"),  # hamza seat folded for matching
        ("Merci KHEILI", "merci kheili"),
    ],
)
def test_persian(raw: str, expected: str) -> None:
    assert normalize_text(raw, "fa") == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أريد إرجاع الطلب", "اريد ارجاع الطلب"),  # alef forms (not ءريد, unlike pyarabic's hamza rule)
        ("الخدمة ممتازة", "الخدمه ممتازه"),  # teh marbuta
        ("على مستوى", "علي مستوي"),  # alef maksura
        ("مُمْتَازٌ جِدًّا", "ممتاز جدا"),  # harakat, tanwin, shadda
        ("جمييييل", "جميل"),
        ("٣٥٠ جنيه و ٢٫٥ كيلو", "350 جنيه و 2.5 كيلو"),  # Arabic-Indic digits and decimal separator
        ("ﺍﻟﻨﻮﻡ ﻻ", "النوم لا"),  # presentation forms via NFKC
        ("الخدمة\u200f ممتازة\u200e", "الخدمه ممتازه"),  # bidi marks
        ("ما‌كان", "ماكان"),  # ZWNJ means nothing in Arabic
        ("ی ک", "ي ك"),  # Persian letters in Arabic text
    ],
)
def test_arabic(raw: str, expected: str) -> None:
    assert normalize_text(raw, "ar") == expected


def test_persian_keeps_alef_madda_and_arabic_folds_it() -> None:
    assert normalize_text("آب", "fa") == "آب"
    assert normalize_text("آب", "ar") == "اب"


def test_offsets_of_an_elongated_word_cover_the_whole_run() -> None:
    raw = "غذا عاااالی بود"
    mapped = normalize(raw, "fa")
    start = mapped.text.index("عالی")
    begin, end = mapped.to_raw(start, start + len("عالی"))
    assert raw[begin:end] == "عاااالی"


def test_offsets_skip_removed_kashida_and_diacritics() -> None:
    raw = "  الخدمــــة مُمتازة  "
    mapped = normalize(raw, "ar")
    assert mapped.text == "الخدمه ممتازه"
    begin, end = mapped.to_raw(0, len("الخدمه"))
    assert raw[begin:end] == "الخدمــــة"
    begin, end = mapped.to_raw(len("الخدمه "), len(mapped.text))
    assert raw[begin:end] == "مُمتازة"


def test_presentation_form_ligature_maps_to_its_one_raw_character() -> None:
    raw = "ﻻ"  # one code point, two letters after NFKC
    mapped = normalize(raw, "ar")
    assert mapped.text == "لا"
    assert mapped.to_raw(0, 1) == (0, 1)
    assert mapped.to_raw(1, 2) == (0, 1)


def test_agrees_with_hazm_on_the_letters_both_fold() -> None:
    hazm = pytest.importorskip("hazm")
    normalizer = hazm.Normalizer(persian_numbers=False)
    for raw in ["كتاب خيلي خوب بود", "مُمتــاز", "ي ك ى"]:
        assert normalize_text(raw, "fa") == normalizer.normalize(raw)


_ALPHABET = st.sampled_from(
    [
        *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإآؤئءًٌٍَُِّْـ۰۱۲٣٤ 0123!؟?،.\n\t",
        "\u200c",
        "\u200f",
        "\u200d",
        "😀",
        "ﻻ",
        "ﺍ",
        "A",
        "b",
    ]
)
_TEXT = st.text(alphabet=_ALPHABET, max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, language=st.sampled_from(["fa", "ar", "en", "und"]))
def test_fast_and_mapped_paths_agree(text: str, language: str) -> None:
    assert normalize(text, language).text == normalize_text(text, language)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, language=st.sampled_from(["fa", "ar", "und"]))
def test_normalisation_is_idempotent(text: str, language: str) -> None:
    once = normalize_text(text, language)
    assert normalize_text(once, language) == once


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, language=st.sampled_from(["fa", "ar", "und"]))
def test_every_offset_points_into_the_raw_text(text: str, language: str) -> None:
    mapped = normalize(text, language)
    assert mapped.raw == text
    assert len(mapped.starts) == len(mapped.ends) == len(mapped.text)
    for start, end in zip(mapped.starts, mapped.ends, strict=True):
        assert 0 <= start < end <= len(text)
    assert list(mapped.starts) == sorted(mapped.starts)
    for begin in range(len(mapped.text)):
        for finish in range(begin, len(mapped.text) + 1):
            raw_begin, raw_end = mapped.to_raw(begin, finish)
            assert 0 <= raw_begin <= raw_end <= len(text)


def test_offsets_compose_through_cleaning_and_normalisation() -> None:
    from app.text.cleaning import clean

    raw = "<p>سلام،</p><p>ارسال &amp; تحويل خيلييي دير بود</p>\n<blockquote>پیام قبلی</blockquote>"
    mapped = normalize(clean(raw, "email"), "fa")
    assert mapped.raw == raw
    start = mapped.text.index("خیلی دیر")
    begin, end = mapped.to_raw(start, start + len("خیلی دیر"))
    assert raw[begin:end] == "خيلييي دير"
    ampersand = mapped.text.index("&")
    assert raw[slice(*mapped.to_raw(ampersand, ampersand + 1))] == "&amp;"
