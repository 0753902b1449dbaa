"""PII detection and redaction: hand-written Persian and Arabic cases per rule, then the generated set."""

from __future__ import annotations

import itertools

import pytest

from app.text import pii_checks as checks
from app.text.pii import PiiMatch, find_pii, redact
from tests.text.pii_cases import (
    KINDS,
    _iban_complete,
    _iranian_id_complete,
    _luhn_complete,
    generate_cases,
    score,
)

# Check digits worked out by hand (and by the registry's published examples), not by the code under test.
VALID_IR_ID = "0499370899"
VALID_SA_ID = "1102345673"
VALID_IQAMA = "2456789011"
VALID_CARD_IR = "6037991234567893"
SHEBA = "IR062960000000100324200001"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("4111111111111111", True), (VALID_CARD_IR, True), ("6037991234567890", False), ("79927398713", True)],
)
def test_luhn(digits: str, expected: bool) -> None:
    assert checks.luhn_valid(digits) is expected


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (VALID_IR_ID, True),
        ("0071234561", True),
        ("0499370898", False),  # last digit off by one
        ("1111111111", False),  # passes the arithmetic, never issued
        ("0000000000", False),
        ("049937089", False),  # nine digits
    ],
)
def test_iranian_national_id(digits: str, expected: bool) -> None:
    assert checks.iranian_national_id_valid(digits) is expected


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (VALID_SA_ID, True),
        (VALID_IQAMA, True),
        ("1102345674", False),
        ("3102345679", False),
        ("0499370899", False),
    ],
)
def test_saudi_national_id(digits: str, expected: bool) -> None:
    assert checks.saudi_national_id_valid(digits) is expected


@pytest.mark.parametrize(
    ("iban", "expected"),
    [
        (SHEBA, True),
        ("SA0380000000608010167519", True),
        ("AE070331234567890123456", True),
        ("GB82WEST12345698765432", True),
        ("KW81CBKU0000000000001234560101", True),
        ("IR072960000000100324200001", False),  # check digits wrong
        ("SA038000000060801016751", False),  # one character short for SA
        ("XX0380000000608010167519", False),  # no such country
    ],
)
def test_iban_check(iban: str, expected: bool) -> None:
    assert checks.iban_valid(iban) is expected


def test_generator_check_digits_agree_with_published_examples() -> None:
    assert _luhn_complete("411111111111111") == "4111111111111111"
    assert _iranian_id_complete("049937089") == VALID_IR_ID
    assert _iban_complete("GB", "WEST12345698765432") == "GB82WEST12345698765432"
    assert _iban_complete("SA", "80000000608010167519") == "SA0380000000608010167519"


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        # e-mail, glued to Persian letters and bidi marks
        ("ایمیلم ali.rezaei@gmail.comهست", "email", "ali.rezaei@gmail.com"),
        ("آدرس ایمیلم\u200fsara_k@chmail.ir\u200f است", "email", "sara_k@chmail.ir"),
        ("بريدي الإلكتروني Ahmed.AlHarbi@stc.com.sa.", "email", "Ahmed.AlHarbi@stc.com.sa"),
        # Iranian phones
        ("شماره موبایلم ۰۹۱۲ ۳۴۵ ۶۷۸۹ هست", "phone", "۰۹۱۲ ۳۴۵ ۶۷۸۹"),
        ("لطفاً با +98 912 345 6789 تماس بگیرید", "phone", "+98 912 345 6789"),
        ("شماره‌ام ۰۰۹۸۹۳۵۱۲۳۴۵۶۷ است", "phone", "۰۰۹۸۹۳۵۱۲۳۴۵۶۷"),
        ("شمارم۰۹۱۲٣٤٥6٧٨٩ـه", "phone", "۰۹۱۲٣٤٥6٧٨٩"),
        ("تلفن دفتر (۰۲۱) ۸۸۷۷-۶۶۵۵ داخلی ۲۳", "phone", "(۰۲۱) ۸۸۷۷-۶۶۵۵"),
        ("(+98) 9351234567 واتساپ", "phone", "(+98) 9351234567"),
        ("تلفن منزل ۸۸۷۷۶۶۵۵ هست", "phone", "۸۸۷۷۶۶۵۵"),
        ("پیگیری سفارش با ۰۹۱۲۱۲۳۴۵۶۷ تماس بگیرید", "phone", "۰۹۱۲۱۲۳۴۵۶۷"),
        ("موبایل‌هام ۰۹۱۲۳۴۵۶۷۸۹/۰۹۳۵۱۲۳۴۵۶۷", "phone", "۰۹۳۵۱۲۳۴۵۶۷"),
        # Gulf, Levant, Egypt
        ("رقم جوالي ٠٥٠١٢٣٤٥٦٧ ولم يتصل أحد", "phone", "٠٥٠١٢٣٤٥٦٧"),
        ("اتصل على +966 50 123 4567 من فضلك", "phone", "+966 50 123 4567"),
        ("رقمي 00971501234567", "phone", "00971501234567"),
        ("هاتف المكتب ٠٤ ١٢٣ ٤٥٦٧", "phone", "٠٤ ١٢٣ ٤٥٦٧"),
        ("واتساب +965 9988 7766", "phone", "+965 9988 7766"),
        ("الرقم +974 3344 5566", "phone", "+974 3344 5566"),
        ("للتواصل +973 3612 3456", "phone", "+973 3612 3456"),
        ("جوالي +968 9123 4567", "phone", "+968 9123 4567"),
        ("رقمي ٠٧٩ ١٢٣ ٤٥٦٧ في عمان", "phone", "٠٧٩ ١٢٣ ٤٥٦٧"),
        ("رقمي +961 3 123 456 في بيروت", "phone", "+961 3 123 456"),
        ("جوالي ٠٩٣٣ ١٢٣ ٤٥٦", "phone", "٠٩٣٣ ١٢٣ ٤٥٦"),
        ("كلمني على 01012345678 يا فندم", "phone", "01012345678"),
        ("رقمي +20 10 1234 5678", "phone", "+20 10 1234 5678"),
        ("رقم الجوال: 966501234567", "phone", "966501234567"),
        ("رقم الهاتف \u200f+966 50 123 4567\u200f شكراً", "phone", "+966 50 123 4567"),
        # cards
        ("شماره کارتم ۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۳ هست", "card", "۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۳"),
        ("تم خصم المبلغ من بطاقتي 4111-1111-1111-1111 مرتين", "card", "4111-1111-1111-1111"),
        ("card ٦١٠٤٣٣٩٨٧٦٥٤٣٢١٠ charged twice", "card", "٦١٠٤٣٣٩٨٧٦٥٤٣٢١٠"),
        ("please refund to 6037 9912 3456 7893", "card", "6037 9912 3456 7893"),
        # IBAN and Sheba
        ("شماره شبا: IR06 2960 0000 0010 0324 2000 01 به نام من", "iban", "IR06 2960 0000 0010 0324 2000 01"),
        ("شبا IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱ رو بزنید", "iban", "IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱"),
        ("شبا ۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱", "iban", "۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱"),
        ("رقم الآيبان SA03 8000 0000 6080 1016 7519 لو سمحتم", "iban", "SA03 8000 0000 6080 1016 7519"),
        ("حولوا إلى AE07-0331-2345-6789-0123-456", "iban", "AE07-0331-2345-6789-0123-456"),
        # national ids
        ("کد ملی من ۰۴۹۹۳۷۰۸۹۹ هست", "national_id_ir", "۰۴۹۹۳۷۰۸۹۹"),
        ("کدملی: ۰۴۹-۹۳۷۰۸۹-۹", "national_id_ir", "۰۴۹-۹۳۷۰۸۹-۹"),
        ("کد ملی ۷۱۲۳۴۵۶۱ رو وارد کردم", "national_id_ir", "۷۱۲۳۴۵۶۱"),  # 0071234561, zeros dropped
        ("رقم الهوية ١١٠٢٣٤٥٦٧٣", "national_id_sa", "١١٠٢٣٤٥٦٧٣"),
        ("رقم الإقامة: 2456789011", "national_id_sa", "2456789011"),
        ("My national ID is 0499370899, سفارش ثبت نمیشه", "national_id_ir", "0499370899"),
    ],
)
def test_finds(text: str, kind: str, span: str) -> None:
    assert (kind, span) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "سفارش ۱۲۳۴۵۶۷۸ هنوز نرسیده",
        "order #98765432 still missing",
        "تاریخ تحویل ۱۴۰۳/۰۲/۱۵ ساعت ۱۴:۳۰",
        "delivered 2024-05-12 at 09:45, paid 12/05/2024",
        "التسليم ١٥.٠٥.٢٠٢٤",
        "قیمت ۲۵۰,۰۰۰ تومان و ۱٬۲۵۰٬۰۰۰ ریال",
        "السعر 1,250 ريال وبعدها ٣٥٠ جنيه",
        "مبلغ 4500000000 ریال کسر شد",
        "وزن ۱۲.۵ کیلو، تخفیف ۲۰٪ و 15%",
        "سال ۱۴۰۲ خریدم، نسخه 2.10.3 نصب است",
        "کد پستی ۱۴۳۵۶۷۸۹۱۳ رو وارد کردم",
        "کد ملی ۰۰۱۲۳۴۵۶۷۸ رو قبول نمیکنه",  # fails the Iranian check
        "کد ملی ۱۱۱۱۱۱۱۱۱۱",  # passes the arithmetic, never issued
        "رقم الهوية 1102345674 غير صحيح",  # fails the Saudi check
        "شماره کارتم ۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۰ بود",  # fails Luhn
        "سفارش ۰۴۹۹۳۷۰۸۹۹ لغو شد",  # passes the Iranian check, but named an order
        "رقم الطلب 1102345673 لم يصل",  # passes the Saudi check, but named an order
        "شماره پیگیری 4111111111111111",  # passes Luhn, but named a tracking code
        "کد رهگیری مرسوله ۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴ رو زدم",
        "رقم التتبع RR123456789SA لا يعمل",
        "شبا IR07 2960 0000 0010 0324 2000 01 رو رد کرد",  # mod-97 fails
        "۳ عدد سفارش دادم ولی ۲ تا رسید",
        "پیج @shop_iran1403 رو فالو کنید",
        "IMEI 356938035643809",
        "الكمية ١٢ قطعة والسعر ٩٩٫٥٠ درهم",
    ],
)
def test_ignores(text: str) -> None:
    assert find_pii(text) == []


def test_redact_replaces_each_match_by_its_placeholder() -> None:
    text = "ایمیلم a.b@mail.ir، موبایلم ۰۹۱۲۱۲۳۴۵۶۷ و کد ملی ۰۴۹۹۳۷۰۸۹۹؛ سفارش ۱۲۳۴۵۶"
    redacted, matches = redact(text)
    assert redacted == "ایمیلم [EMAIL]، موبایلم [PHONE] و کد ملی [NATIONAL_ID]؛ سفارش ۱۲۳۴۵۶"
    assert [m.kind for m in matches] == ["email", "phone", "national_id_ir"]
    assert all(text[m.start : m.end] == m.text for m in matches)


def test_redact_without_pii_returns_the_text() -> None:
    assert redact("سفارش ۱۲۳۴ دیر رسید") == ("سفارش ۱۲۳۴ دیر رسید", [])


CASES = generate_cases()


def test_generated_set_is_large_and_covers_every_kind_and_script() -> None:
    positives = [c for c in CASES if c.gold]
    assert len(positives) >= 600
    assert len(CASES) - len(positives) >= 600
    assert {g.kind for c in positives for g in c.gold} == set(KINDS)
    scripts = {c.note.split(":")[0].split("/")[1] for c in positives}
    assert scripts == {"ascii", "arabic", "persian", "mixed"}
    assert generate_cases() == CASES  # seeded: the same set every run


def test_matches_are_sorted_disjoint_and_quote_the_text() -> None:
    for case in CASES:
        matches = find_pii(case.text)
        assert all(a.end <= b.start for a, b in itertools.pairwise(matches)), case.text
        assert all(case.text[m.start : m.end] == m.text for m in matches)


def test_generated_set_recall_and_precision() -> None:
    overall = score(CASES, find_pii)["overall"]
    assert overall.recall >= 0.99, overall
    assert overall.precision >= 0.98, overall


def test_the_score_can_fail() -> None:
    # A finder that misses everything, and one that flags every digit, must both fall short of the bar.
    assert score(CASES, lambda text: [])["overall"].recall == 0.0
    flag_all = score(CASES, lambda text: [PiiMatch("phone", i, i + 1, c) for i, c in enumerate(text) if c.isdigit()])
    assert flag_all["overall"].precision < 0.98
