"""Language identification on real feedback shapes: short Persian, Persian on Arabic keyboards, dialects, Latin."""

from __future__ import annotations

import pytest

from app.text.langid import LanguageGuess, detect_language, detect_languages

PERSIAN = [
    "ممنون",
    "مرسی",
    "عالی بود",
    "خیلی بد",
    "میخوام",
    "عالیه",
    "غذا سرد بود و دیر رسید",
    "پیک خیلی دیر اومد، دیگه سفارش نمیدم",
    "کیفیت گوشی نسبت به قیمتش عالیه",
    "نمی‌دونم چرا هنوز ارسال نشده",
]
PERSIAN_ON_ARABIC_KEYBOARD = [
    "خيلي خوب بود ممنون",
    "كيفيت خوبي داره",
    "اين گوشي رو پيشنهاد ميكنم",
    "خيلي بد",
]
ARABIC = [
    "الخدمة ممتازة والتوصيل سريع",  # MSA
    "هذا المنتج سيء جدا ولا أنصح به",  # MSA
    "شكرا جزيلا",
    "الخدمة وحشة قوي",  # Egyptian
    "مش عاجبني الاكل خالص",  # Egyptian
    "وايد زين",  # Gulf
    "شلون الطلب تأخر كذا",  # Gulf
    "كتير منيح",  # Levantine
    "بدي رجع الطلب هيك ما بيصير",  # Levantine
    "الماكلة بزاف زوينة",  # Maghrebi
]
FINGLISH = [
    "merci kheili khoob bood",
    "ghaza sard bood va peyk dir oomad",
    "mamnoon az sefaresh",
    "kheiliiii aliiii",
]
ARABIZI = [
    "3ala fekra el service 7elw",
    "ya3ni mesh tamam",
    "inshallah",
    "shukran habibi",
]


@pytest.mark.parametrize("text", PERSIAN + PERSIAN_ON_ARABIC_KEYBOARD)
def test_persian_in_arabic_script(text: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script, guess.romanized) == ("fa", "arabic", False)
    assert 0.5 < guess.confidence <= 1.0


@pytest.mark.parametrize("text", ARABIC)
def test_arabic_standard_and_dialects(text: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script, guess.romanized) == ("ar", "arabic", False)
    assert 0.5 < guess.confidence <= 1.0


@pytest.mark.parametrize("text", FINGLISH)
def test_finglish_is_romanized_persian(text: str) -> None:
    assert detect_language(text) == LanguageGuess("fa", "latin", True, detect_language(text).confidence)


@pytest.mark.parametrize("text", ARABIZI)
def test_arabizi_is_romanized_arabic(text: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script, guess.romanized) == ("ar", "latin", True)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The food was cold and the delivery was late", "en"),
        ("thank you very much", "en"),
        ("Le service était très bien, merci beaucoup", "fr"),
        ("Ürün çok güzel, teşekkürler", "tr"),
    ],
)
def test_other_latin_languages_are_not_romanized(text: str, language: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script, guess.romanized) == (language, "latin", False)


def test_a_latin_language_outside_the_loaded_set_is_still_not_persian_arabic_or_romanized() -> None:
    guess = detect_language("Das Essen war kalt und kam zu spät")  # German is not loaded (memory budget)
    assert guess.language not in {"fa", "ar", "und"}
    assert (guess.script, guess.romanized) == ("latin", False)


@pytest.mark.parametrize(
    "text",
    ["I love the new iPhone 7", "mp3 player with 5g and 3d sound, great price", "The 2nd order was fine"],
)
def test_digits_in_english_are_not_arabizi(text: str) -> None:
    guess = detect_language(text)
    assert guess.language == "en"
    assert not guess.romanized


@pytest.mark.parametrize("text", ["", "   \n\t", "12345", "۱۲۳۴", "!!!؟؟", "😀😀👍", "❤️🌹 10/10"])
def test_nothing_to_identify(text: str) -> None:
    assert detect_language(text) == LanguageGuess("und", "none", False, 1.0)


@pytest.mark.parametrize("text", ["D5100 8GB", "5G", ":D"])
def test_product_codes_and_emoticons_are_undetermined(text: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script) == ("und", "latin")


def test_a_little_latin_inside_persian_is_not_mixed() -> None:
    guess = detect_language("سفارشم با DHL ارسال شد ولی خیلی دیر رسید")
    assert (guess.language, guess.script) == ("fa", "arabic")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("گوشی iphone رو دیروز خریدم ولی battery خیلی ضعیفه", "fa"),
        ("الجوال iphone ممتاز بس battery ضعيفة", "ar"),
        ("great app و خیلی خوبه", "fa"),  # a tie in words goes to the Arabic script
        ("the delivery was late and the food was cold, خیلی بد بود", "en"),
    ],
)
def test_mixed_script_takes_the_majority(text: str, language: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script) == (language, "mixed")


def test_brand_names_do_not_outvote_the_sentence() -> None:
    guess = detect_language("کیفیت Samsung Galaxy Note بهتر از این گوشی است")
    assert guess.language == "fa"


def test_urls_and_handles_are_ignored() -> None:
    guess = detect_language("@snappfood https://example.com/order/123 غذا سرد بود")
    assert (guess.language, guess.script) == ("fa", "arabic")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("یہ کھانا بہت اچھا ہے", "ur"),
        ("ډېر ښه خدمت دی", "ps"),
        ("خزمەتگوزاری زۆر باشە", "ckb"),
    ],
)
def test_regional_arabic_script_languages(text: str, language: str) -> None:
    assert detect_language(text).language == language


def test_a_stray_regional_letter_is_still_persian() -> None:
    assert detect_language("عالیہ بود ممنون").language == "fa"


@pytest.mark.parametrize(
    ("text", "language"),
    [("Очень хорошо, спасибо", "ru"), ("这个很好", "zh"), ("とても良いです", "ja"), ("שירות מצוין", "he")],
)
def test_other_scripts(text: str, language: str) -> None:
    guess = detect_language(text)
    assert (guess.language, guess.script) == (language, "other")


def test_presentation_forms_and_diacritics() -> None:
    assert detect_language("ﺍﻟﺨﺪﻣﺔ ﻣﻤﺘﺎﺯﺓ").language == "ar"  # Arabic presentation forms, NFKC-folded
    assert detect_language("الخِدْمَةُ مُمْتَازَةٌ جِدًّا").language == "ar"
    assert detect_language("عاااااالی بووووود").language == "fa"


def test_batch_gives_the_same_answers_as_one_by_one() -> None:
    texts = [*PERSIAN, *PERSIAN_ON_ARABIC_KEYBOARD, *ARABIC, *FINGLISH, *ARABIZI, "", "thank you", "Спасибо"]
    assert detect_languages(texts) == [detect_language(text) for text in texts]
    assert detect_languages([]) == []
