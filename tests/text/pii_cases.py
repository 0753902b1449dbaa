"""Seeded generator of labelled Persian and Arabic PII sentences: positives with gold spans, negatives."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

__all__ = ["KINDS", "Case", "Gold", "KindScore", "generate_cases", "score"]

KINDS = ("email", "phone", "card", "iban", "national_id_ir", "national_id_sa")


@dataclass(frozen=True, slots=True)
class Gold:
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    gold: tuple[Gold, ...]
    note: str  # the template and the fillers that made it, to read failures by


class Span(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(slots=True)
class KindScore:
    gold: int = 0
    found: int = 0  # gold items overlapped by a prediction of the same kind
    predicted: int = 0
    correct: int = 0  # predictions overlapping a gold item (of the same kind, except in the overall row)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def score(cases: Iterable[Case], find: Callable[[str], Iterable[Span]]) -> dict[str, KindScore]:
    """Span-level scores per kind and "overall".

    A gold item is found by an overlapping prediction of its kind; a prediction is wrong when it overlaps no
    gold item (in a kind's own row: no gold item of that kind).
    """
    scores = {kind: KindScore() for kind in (*KINDS, "overall")}
    for case in cases:
        predicted = list(find(case.text))
        for gold in case.gold:
            hit = any(p.kind == gold.kind and p.start < gold.end and gold.start < p.end for p in predicted)
            for key in (gold.kind, "overall"):
                scores[key].gold += 1
                scores[key].found += hit
        for p in predicted:
            overlapping = [g for g in case.gold if p.start < g.end and g.start < p.end]
            scores[p.kind].predicted += 1
            scores[p.kind].correct += any(g.kind == p.kind for g in overlapping)
            scores["overall"].predicted += 1
            scores["overall"].correct += bool(overlapping)
    return scores


# --- check digits, written apart from app.text.pii_checks so that a bug there cannot agree with itself here


def _luhn_complete(body: str) -> str:
    """`body` plus the digit that makes the whole pass the Luhn check."""
    total = 0
    for offset, char in enumerate(reversed(body)):
        doubled = int(char) * 2 if offset % 2 == 0 else int(char)
        total += doubled // 10 + doubled % 10
    return body + str((10 - total % 10) % 10)


def _iranian_id_complete(body: str) -> str:
    weighted = sum(int(char) * weight for char, weight in zip(body, range(10, 1, -1), strict=True))
    remainder = weighted % 11
    return body + str(remainder if remainder < 2 else 11 - remainder)


def _iban_complete(country: str, bban: str) -> str:
    numeric = "".join(str(ord(c) - 55) if c.isalpha() else c for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def _ean13_complete(body: str) -> str:
    total = sum(int(char) * (3 if index % 2 else 1) for index, char in enumerate(body))
    return body + str((10 - total % 10) % 10)


# --- digits in the scripts people type ---

_SCRIPT_ZERO = {"ascii": 0x30, "arabic": 0x660, "persian": 0x6F0}
_SCRIPT_WEIGHTS = {
    "fa": {"ascii": 35, "persian": 40, "arabic": 10, "mixed": 15},
    "ar": {"ascii": 40, "arabic": 40, "persian": 5, "mixed": 15},
    "en": {"ascii": 70, "persian": 10, "arabic": 10, "mixed": 10},
}


def _in_script(value: str, script: str, rng: random.Random) -> str:
    def convert(char: str) -> str:
        if not char.isascii() or not char.isdigit():
            return char
        chosen = rng.choice(list(_SCRIPT_ZERO)) if script == "mixed" else script
        return chr(_SCRIPT_ZERO[chosen] + int(char))

    return "".join(convert(char) for char in value)


def _digits(rng: random.Random, count: int, first: str = "0123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(count - 1)) if count else ""


def _grouped(value: str, sizes: Iterable[int], separator: str) -> str:
    pieces, position = [], 0
    for size in sizes:
        pieces.append(value[position : position + size])
        position += size
    if position < len(value):
        pieces.append(value[position:])
    return separator.join(p for p in pieces if p)


# --- PII values (ASCII digits; the caller puts them in a script) ---

_IR_MOBILE_PREFIXES = (
    "910", "911", "912", "913", "915", "917", "919", "901", "902", "930", "933", "935", "936", "937", "938",
    "939", "990", "991", "992", "921", "922",
)  # fmt: skip
_IR_AREA_CODES = (
    "21", "26", "31", "51", "41", "71", "61", "11", "13", "17", "23", "24", "25", "28", "34", "35", "38",
    "44", "45", "56", "58", "66", "74", "76", "77", "81", "83", "84", "86", "87",
)  # fmt: skip


def _iran_phone(rng: random.Random) -> str:
    if rng.random() < 0.7:
        op, sub = rng.choice(_IR_MOBILE_PREFIXES), _digits(rng, 7)
        return rng.choice(
            [
                f"0{op}{sub}",
                f"0{op} {sub[:3]} {sub[3:]}",
                f"0{op}-{sub[:3]}-{sub[3:]}",
                f"0{op} {sub}",
                f"0{op}.{sub[:3]}.{sub[3:]}",
                f"+98 {op} {sub[:3]} {sub[3:]}",
                f"+98{op}{sub}",
                f"0098 {op} {sub}",
                f"0098{op}{sub}",
                f"+98 ({op}) {sub[:3]}-{sub[3:]}",
                f"(+98) {op}{sub}",
                f"+98-{op}-{sub}",
                f"98{op}{sub}",
            ]
        )
    area, local = rng.choice(_IR_AREA_CODES), _digits(rng, 8, "2345678")
    return rng.choice(
        [
            f"0{area}-{local}",
            f"0{area} {local[:4]} {local[4:]}",
            f"(0{area}) {local}",
            f"(0{area}) {local[:4]}-{local[4:]}",
            f"0{area}{local}",
            f"+98 {area} {local}",
            f"+98 {area} {local[:4]} {local[4:]}",
        ]
    )


def _arab_phone(rng: random.Random) -> str:
    country = rng.choice(["SA", "SA", "SA", "AE", "AE", "KW", "QA", "BH", "OM", "JO", "LB", "SY", "EG", "EG"])
    if country in ("SA", "AE"):
        code = "966" if country == "SA" else "971"
        if rng.random() < 0.8:
            nsn = "5" + rng.choice("0345689" if country == "SA" else "024568") + _digits(rng, 7)
        else:
            area = "1" + rng.choice("1234567") if country == "SA" else rng.choice("23467")
            nsn = area + _digits(rng, 7)
        trunk = "0" + nsn
        return rng.choice(
            [
                trunk,
                _grouped(trunk, (3, 3, 4) if len(trunk) == 10 else (2, 3, 4), " "),
                _grouped(trunk, (3, 3, 4) if len(trunk) == 10 else (2, 3, 4), "-"),
                f"+{code} {_grouped(nsn, (2, 3, 4) if len(nsn) == 9 else (1, 3, 4), ' ')}",
                f"+{code}{nsn}",
                f"00{code} {nsn}",
                f"00{code}{nsn}",
                f"+{code}-{_grouped(nsn, (2, 3, 4), '-')}",
                f"{code}{nsn}" if nsn.startswith("5") else trunk,
            ]
        )
    if country in ("KW", "QA", "BH", "OM"):
        code, first = {"KW": ("965", "569"), "QA": ("974", "3567"), "BH": ("973", "3"), "OM": ("968", "79")}[country]
        nsn = _digits(rng, 8, first)
        return rng.choice([f"+{code} {nsn[:4]} {nsn[4:]}", f"00{code}{nsn}", f"+{code}{nsn}", f"{code}{nsn}"])
    if country == "JO":
        nsn = "7" + rng.choice("789") + _digits(rng, 7)
        return rng.choice([f"0{nsn}", f"0{nsn[:2]} {nsn[2:5]} {nsn[5:]}", f"+962 {nsn[0]} {nsn[1:5]} {nsn[5:]}"])
    if country == "LB":
        if rng.random() < 0.5:
            nsn = "3" + _digits(rng, 6)
            return rng.choice([f"0{nsn[0]} {nsn[1:4]} {nsn[4:]}", f"+961 {nsn[0]} {nsn[1:4]} {nsn[4:]}"])
        nsn = "7" + rng.choice("016") + _digits(rng, 6)
        return f"+961 {nsn[:2]} {nsn[2:5]} {nsn[5:]}"
    if country == "SY":
        nsn = "9" + rng.choice("3456789") + _digits(rng, 7)
        return rng.choice([f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"0{nsn}", f"+963 {nsn[:3]} {nsn[3:6]} {nsn[6:]}"])
    if rng.random() < 0.8:
        nsn = "1" + rng.choice("0125") + _digits(rng, 8)
        return rng.choice(
            [
                f"0{nsn}",
                f"0{nsn[:2]} {nsn[2:6]} {nsn[6:]}",
                f"+20 {nsn[:2]} {nsn[2:6]} {nsn[6:]}",
                f"0020{nsn}",
                f"+20{nsn}",
                f"20{nsn}",
            ]
        )
    nsn = "2" + _digits(rng, 8, "23456789")
    return rng.choice([f"0{nsn[0]} {nsn[1:5]} {nsn[5:]}", f"+20 {nsn[0]} {nsn[1:5]} {nsn[5:]}"])


def _local_phone(rng: random.Random, side: str) -> str:
    """What people give when the country is obvious: 8 digits (Tehran landline; Gulf numbers at home)."""
    number = _digits(rng, 8, "2345678" if side == "fa" else "569")
    return rng.choice([number, f"{number[:4]} {number[4:]}", f"{number[:4]}-{number[4:]}"])


_IRANIAN_BINS = (
    "603799", "610433", "589210", "627412", "622106", "502229", "627353", "639346", "603770", "628023",
    "589463", "627648", "621986", "639607", "502938", "504706", "636214", "603769", "627760", "606373",
    "585983", "627381", "505785", "636949",
)  # fmt: skip
_CARD_PREFIXES = (
    *[(bin_, 16) for bin_ in _IRANIAN_BINS],
    ("4", 16), ("4", 16), ("4", 13), ("51", 16), ("53", 16), ("55", 16), ("2221", 16), ("2720", 16),
    ("34", 15), ("37", 15), ("6011", 16), ("62", 16), ("62", 19), ("588845", 16), ("446404", 16),
)  # fmt: skip


def _card(rng: random.Random) -> str:
    prefix, length = rng.choice(_CARD_PREFIXES)
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    if length == 15:
        return rng.choice([number, _grouped(number, (4, 6, 5), " "), _grouped(number, (4, 6, 5), "-")])
    return rng.choice(
        [
            number,
            _grouped(number, (4, 4, 4, 4), " "),
            _grouped(number, (4, 4, 4, 4), "-"),
            _grouped(number, (4,) * 4, "  "),
        ]
    )


def _iban_value(rng: random.Random, country: str) -> str:
    bban = {
        "IR": lambda: "0" + rng.choice(["17", "12", "55", "56", "62", "15", "18", "19", "16", "57"]) + _digits(rng, 19),
        "SA": lambda: rng.choice(["80", "10", "20", "45", "15", "05"]) + _digits(rng, 18),
        "AE": lambda: rng.choice(["033", "026", "030", "035"]) + _digits(rng, 16),
        "KW": lambda: rng.choice(["NBOK", "CBKU", "GULB"]) + _digits(rng, 22),
        "QA": lambda: rng.choice(["QNBA", "DOHB"]) + _digits(rng, 21),
        "BH": lambda: rng.choice(["NBOB", "BBKU"]) + _digits(rng, 14),
        "JO": lambda: rng.choice(["CBJO", "ARAB"]) + _digits(rng, 22),
        "EG": lambda: _digits(rng, 25),
        "TR": lambda: _digits(rng, 5) + "0" + _digits(rng, 16),
        "DE": lambda: _digits(rng, 18),
        "GB": lambda: rng.choice(["NWBK", "BARC", "HBUK"]) + _digits(rng, 14),
    }[country]()
    return _iban_complete(country, bban)


def _iban(rng: random.Random, side: str) -> str:
    country = rng.choice(["IR"] * 6 + ["SA", "AE", "GB", "DE"] if side == "fa" else ["SA"] * 4 + ["AE"] * 2 +
                         ["KW", "QA", "BH", "JO", "EG", "TR", "DE", "GB", "IR"])  # fmt: skip
    value = _iban_value(rng, country)
    return rng.choice(
        [
            value,
            _grouped(value, (4,) * 8, " "),
            _grouped(value, (4,) * 8, " "),
            _grouped(value, (4,) * 8, "-"),
        ]
    )


def _iranian_id(rng: random.Random) -> str:
    while True:
        body = rng.choice(["00", "01", "02", "03", "04", "05", "06", "07", "08", "1", "2", "3", "4", "5", "6"])
        body += _digits(rng, 9 - len(body))
        if not body.startswith("000") and len(set(body)) > 1:
            break
    value = _iranian_id_complete(body)
    return rng.choice([value, value, value, f"{value[:3]}-{value[3:9]}-{value[9]}"])


def _saudi_id(rng: random.Random) -> str:
    return _luhn_complete(rng.choice("12") + _digits(rng, 8))


_LOCALS = (
    "ali.rezaei", "m.hosseini92", "sara_k", "ahmed.alharbi", "fatima.ali", "n.moradi", "omar1990",
    "reza+shop", "h.karimi", "khalid.o", "mona-saeed", "zahra.ahmadi77", "yousef_2024", "info.mehdi",
)  # fmt: skip
_DOMAINS = (
    "gmail.com", "yahoo.com", "outlook.sa", "mail.ir", "company.co.ae", "chmail.ir", "hotmail.com",
    "stc.com.sa", "ut.ac.ir", "icloud.com", "gmail.co.uk", "proton.me",
)  # fmt: skip


def _email(rng: random.Random) -> str:
    return f"{rng.choice(_LOCALS)}{rng.choice(['', '', str(rng.randint(1, 99))])}@{rng.choice(_DOMAINS)}"


# --- look-alikes that are not PII ---


def _order_number(rng: random.Random, side: str) -> str:
    roll = rng.random()
    if roll < 0.15:  # ten digits that pass the Iranian check: only the keyword makes them an order number
        return _iranian_id_complete(_digits(rng, 9, "123456789"))
    if roll < 0.25:  # and ten that pass the Saudi check
        return _luhn_complete(rng.choice("12") + _digits(rng, 8))
    if roll < 0.35:  # sixteen that pass Luhn
        return _luhn_complete(_digits(rng, 15, "3456"))
    return _digits(rng, rng.randint(5, 12), "123456789")


def _bad_luhn_card(rng: random.Random) -> str:
    prefix, length = rng.choice(_CARD_PREFIXES)
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    number = number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)
    return rng.choice([number, _grouped(number, (4,) * 5, " "), _grouped(number, (4,) * 5, "-")])


def _bad_id(rng: random.Random, side: str) -> str:
    while True:
        value = _digits(rng, 10, "12" if side == "ar" else "0123456789")
        fails_ir = _iranian_id_complete(value[:9]) != value
        fails_sa = _luhn_complete(value[:9]) != value
        if fails_ir and fails_sa:
            return value


def _bad_iban(rng: random.Random, side: str) -> str:
    value = _iban_value(rng, "IR" if side == "fa" else "SA")
    value = value[:2] + f"{(int(value[2:4]) + rng.randint(1, 90)) % 97 + 2:02d}" + value[4:]
    return _grouped(value, (4,) * 8, " ") if rng.random() < 0.5 else value


_FILLERS: dict[str, Callable[[random.Random, str], str]] = {
    "order": _order_number,
    "bad_card": lambda rng, side: _bad_luhn_card(rng),
    "bad_id": _bad_id,
    "bad_iban": _bad_iban,
    "short": lambda rng, side: _digits(rng, rng.randint(2, 4), "123456789"),
    "eight": lambda rng, side: _digits(rng, 8, "123456789"),
    "bare10": lambda rng, side: _digits(rng, 10, "3456789"),
    "bare16": lambda rng, side: _digits(rng, 16, "3456789"),
    "bare10any": lambda rng, side: _digits(rng, 10, "0123456789" if side == "fa" else "123456789"),
    "tracking": lambda rng, side: rng.choice(
        [
            _digits(rng, 24),
            _digits(rng, rng.randint(12, 20)),
            f"RR{_digits(rng, 9)}IR",
            f"EE{_digits(rng, 9)}SA",
        ]
    ),
    "postal": lambda rng, side: (
        rng.choice([_digits(rng, 10, "13456789"), f"{_digits(rng, 5, '13456789')}-{_digits(rng, 5)}"])
        if side == "fa"
        else _digits(rng, 5, "123456789")
    ),
    "ean": lambda rng, side: _ean13_complete(rng.choice(["626", "628", "622", "690"]) + _digits(rng, 9)),
    "date": lambda rng, side: rng.choice(
        [
            f"14{rng.randint(0, 3):02d}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
            f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2025",
            f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-2024",
            f"1445/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}",
        ]
    ),
    "time": lambda rng, side: f"{rng.randint(0, 23)}:{rng.choice(['00', '15', '30', '45'])}",
    "price": lambda rng, side: rng.choice(
        [
            f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}",
            f"{rng.randint(1, 99)}٬{rng.randint(0, 999):03d}٬000",
            f"{rng.randint(1, 9)},{rng.randint(0, 999):03d},{rng.randint(0, 999):03d}",
            str(rng.randint(10, 99) * 1000),
            f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}",
            f"{rng.randint(1, 9)}٫{rng.randint(1, 9)}",
            str(rng.randint(1, 9) * 10**9 + rng.randint(0, 9) * 10**8),
        ]
    ),
    "percent": lambda rng, side: rng.choice(
        [f"{rng.randint(5, 70)}%", f"{rng.randint(5, 70)}٪", f"٪{rng.randint(5, 70)}"]
    ),
    "year": lambda rng, side: str(
        rng.choice([rng.randint(1398, 1404), rng.randint(2019, 2025), rng.randint(1440, 1446)])
    ),
    "version": lambda rng, side: f"{rng.randint(1, 20)}.{rng.randint(0, 12)}.{rng.randint(0, 30)}",
    "qty": lambda rng, side: str(rng.randint(1, 50)),
}

# --- templates: {slot} is a PII value (gold), {=slot} a look-alike (not gold) ---

_PII_SLOTS: dict[str, tuple[str, Callable[[random.Random, str], str]]] = {
    "phone": ("phone", lambda rng, side: _iran_phone(rng) if side == "fa" else _arab_phone(rng)),
    "phone_fa": ("phone", lambda rng, side: _iran_phone(rng)),
    "local_phone": ("phone", lambda rng, side: _local_phone(rng, side)),
    "phone_ar": ("phone", lambda rng, side: _arab_phone(rng)),
    "any_phone": ("phone", lambda rng, side: _iran_phone(rng) if rng.random() < 0.5 else _arab_phone(rng)),
    "email": ("email", lambda rng, side: _email(rng)),
    "card": ("card", lambda rng, side: _card(rng)),
    "iban": ("iban", _iban),
    "sheba_digits": ("iban", lambda rng, side: _iban_value(rng, "IR")[2:]),
    "nid_ir": ("national_id_ir", lambda rng, side: _iranian_id(rng)),
    "nid_sa": ("national_id_sa", lambda rng, side: _saudi_id(rng)),
}

_POSITIVE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "fa": (
        "سلام، شماره موبایلم {phone} هست، لطفاً تماس بگیرید.",
        "پیک زنگ نزد! شمارم {phone} بود و کسی تماس نگرفت",
        "با شماره {phone} چند بار تماس گرفتم، کسی جواب نداد.",
        "لطفاً به {phone} پیامک بزنید",
        "سفارش {=order} رو ثبت کردم ولی کسی با {phone} تماس نگرفت",
        "شماره جدیدم: {phone}",
        "تلفن ثابت:{phone} (ساعت {=time} تا {=time})",
        "از {=date} تا حالا منتظرم، شماره‌ام {phone} ـه",
        "همکارتون با شماره {phone} تماس گرفت و گفت هزینه {=price} تومان میشه",
        "{phone} این شماره منه، پشتیبانی جواب بده",
        "واتساپ دارم: \u200f{phone}\u200f",
        "شماره سفارش {=order} - موبایل {phone}",
        "تلفن منزل {local_phone} هست، عصرها تماس بگیرید",
        "اگه موبایلم خاموش بود با تلفن محل کارم {local_phone} تماس بگیرید",
        "ایمیلم {email} هست",
        "لطفاً فاکتور رو به {email} بفرستید",
        "ایمیل:{email}",
        "آدرس ایمیلم\u200f{email}\u200f است",
        "به ایمیل «{email}» جواب بدید، {=qty} روزه منتظرم",
        "ایمیلم{email}ه",
        "شماره کارتم {card} هست، مبلغ رو برگردونید",
        "پول از کارت {card} کم شد ولی سفارش {=order} ثبت نشد",
        "لطفاً {=price} تومان رو به کارت {card} واریز کنید",
        "کارت به کارت کردم به {card} ولی تایید نشد",
        "شماره شبا: {iban}",
        "لطفاً وجه رو به شبای {iban} برگردونید",
        "شبا {sheba_digits} به نام خودم",
        "حساب من {iban} به نام محمد",
        "کد ملی من {nid_ir} هست",
        "کدملی: {nid_ir}",
        "برای احراز هویت کد ملی {nid_ir} رو وارد کردم ولی خطا داد",
        "شماره ملی {nid_ir} ثبت شده",
        "{nid_ir} کد ملیمه، سفارش {=order} به نامم ثبت کنید",
        "ایمیلم {email} و موبایلم {phone} هست",
        "کد ملی {nid_ir}، شماره تماس {phone}",
        "کارت {card} و شبا {iban} هر دو به نام منه",
        "سفارش {=order} به مبلغ {=price} تومان در تاریخ {=date}؛ شماره تماسم {phone}",
    ),
    "ar": (
        "أرجو التواصل معي على الرقم {phone} بخصوص الطلب",
        "رقم جوالي {phone} ولم يتصل بي أحد",
        "اتصلت على خدمة العملاء من رقمي {phone} أكثر من مرة بدون رد",
        "المندوب ما رد على هاتفي {phone} يوم {=date}",
        "واتساب: {phone}",
        "جوالي {local_phone} اتصلوا بعد العصر",
        "للتواصل هاتف {local_phone}",
        "يرجى الاتصال على {phone} بعد الساعة {=time}",
        "طلبي رقم {=order} تأخر، تواصلوا معي على {phone}",
        "دفعت {=price} ريال ولم يصل الطلب، رقمي {phone}",
        "{phone} هذا رقمي، أرجو الرد",
        "الرجاء إرسال رسالة إلى\u200f{phone}",
        "بريدي الإلكتروني {email}",
        "راسلوني على {email} من فضلكم",
        "أرسلت شكوى من {email} ولم يرد أحد منذ {=qty} أيام",
        "الإيميل:{email}",
        "تم خصم المبلغ من بطاقتي {card} مرتين",
        "رقم البطاقة {card} والمبلغ {=price} ريال",
        "استرجعوا المبلغ إلى البطاقة {card}",
        "رقم الآيبان {iban}",
        "حولوا المبلغ إلى حسابي {iban} لو سمحتم",
        "IBAN: {iban}",
        "رقم الهوية {nid_sa}",
        "رقم الإقامة: {nid_sa}",
        "سجلت برقم هويتي {nid_sa} ولم يقبل النظام",
        "السجل المدني {nid_sa}",
        "{nid_sa} رقم هويتي، الطلب {=order} باسمي",
        "رقم الهوية {nid_sa} وجوالي {phone}",
        "بريدي {email} ورقمي {phone}",
        "حولت من البطاقة {card} إلى الآيبان {iban}",
        "الطلب رقم {=order} بقيمة {=price} ريال، للتواصل {phone}",
    ),
    "en": (
        "Please call me at {phone_fa}, سفارشم هنوز نرسیده",
        "my number is {phone_ar} — الطلب متأخر جداً",
        "contact: {any_phone} / {email}",
        "email me: {email} لطفاً",
        "My national ID is {nid_ir}, سفارش ثبت نمیشه",
        "My iqama number is {nid_sa}, الطلب لم يصل",
        "card {card} was charged twice, order #{=order}",
    ),
}

_NEGATIVE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "fa": (
        "سفارش {=order} هنوز نرسیده",
        "شماره سفارشم {=order} هست، کی میرسه؟",
        "سفارش شماره #{=order} لغو شد ولی پولم برنگشت",
        "کد رهگیری مرسوله {=tracking} رو زدم ولی چیزی نشون نمیده",
        "کد پیگیری {=order} رو پشتیبانی داد",
        "فاکتور {=order} اشتباه صادر شده",
        "تاریخ تحویل {=date} بود ولی الان {=date} شده",
        "ساعت {=time} قرار بود بیاد، ساعت {=time} اومد",
        "قیمت {=price} تومان برای این کالا زیاده",
        "{=price} ریال کسر شد",
        "{=percent} تخفیف دادن ولی باز گرونه",
        "سال {=year} خریدم و هنوز گارانتی داره",
        "کد پستی {=postal} رو درست وارد کردم",
        "اپلیکیشن نسخه {=version} مدام کرش میکنه",
        "{=qty} عدد سفارش دادم ولی {=qty} تا رسید",
        "شماره کارتم {=bad_card} بود ولی درگاه خطا داد",
        "کد ملی {=bad_id} رو قبول نمیکنه",
        "شبا {=bad_iban} رو سیستم رد کرد",
        "بارکد {=ean} روی جعبه با فاکتور نمیخونه",
        "موجودی {=eight} ریال نشون میده، فاکتور {=bare10}",
        "اتاق {=short}، طبقه {=short}، واحد {=short}",
        "تراکنش {=bare16} ناموفق بود",
        "شماره {=bare10} رو برای پیگیری دادن",
        "پیج اینستاگرام @shop_iran{=short} رو فالو کنید",
        "کد تخفیف OFF{=year} کار نمیکنه",
        # Numbers nobody names: only check digits decide, so about one in ten is flagged (a known cost).
        "لطفاً {=bare10any} رو چک کنید",
        "{=bare16} رو زدم خطا داد",
        "روز {=date} ساعت {=time} مبلغ {=price} تومان پرداخت کردم، سفارش {=order}",
    ),
    "ar": (
        "رقم الطلب {=order} لم يصل بعد",
        "طلبي رقم #{=order} تأخر كثيراً",
        "رقم التتبع {=tracking} لا يعمل",
        "الفاتورة رقم {=order} فيها خطأ",
        "تاريخ الطلب {=date} والتوصيل {=date}",
        "وصل المندوب الساعة {=time}",
        "السعر {=price} ريال مبالغ فيه",
        "دفعت {=price} جنيه",
        "خصم {=percent} فقط؟",
        "اشتريته سنة {=year}",
        "الرمز البريدي {=postal}",
        "بعد تحديث التطبيق {=version} لا يفتح",
        "الكمية {=qty} قطع والمستلم {=qty}",
        "رقم الهوية {=bad_id} غير مقبول",
        "رقم البطاقة {=bad_card} مرفوض",
        "آيبان {=bad_iban} خاطئ حسب البنك",
        "الباركود {=ean} لا يطابق",
        "المعاملة {=bare16} لم تكتمل",
        "المرجع {=bare10} من البنك",
        "راجعوا {=bare10any} لو سمحتم",  # unnamed: only check digits decide
        "الطلب {=order} بتاريخ {=date} الساعة {=time} بمبلغ {=price} ريال",
    ),
    "en": (
        "order #{=order} still not here",
        "tracking: 1Z999AA1{=eight} — الشحنة متأخرة",
        "version {=version} crashes, لطفاً درست کنید",
        "invoice INV-{=year}-{=short} فيها خطأ",
        "paid {=price} SAR on {=date} at {=time}",
    ),
}


def _fill(template: str, side: str, rng: random.Random) -> Case:
    script = rng.choices(list(_SCRIPT_WEIGHTS[side]), weights=list(_SCRIPT_WEIGHTS[side].values()))[0]
    pieces: list[str] = []
    gold: list[Gold] = []
    length = 0
    position = 0
    for slot in re.finditer(r"\{(=?)(\w+)\}", template):
        pieces.append(template[position : slot.start()])
        length += slot.start() - position
        position = slot.end()
        lookalike, name = slot.group(1) == "=", slot.group(2)
        if lookalike:
            value = _in_script(_FILLERS[name](rng, side), script, rng)
        else:
            kind, make = _PII_SLOTS[name]
            raw = make(rng, side)
            value = raw if kind == "email" else _in_script(raw, script, rng)
            gold.append(Gold(kind, length, length + len(value)))
        pieces.append(value)
        length += len(value)
    pieces.append(template[position:])
    return Case("".join(pieces), tuple(gold), f"{side}/{script}: {template}")


def generate_cases(seed: int = 1403, positives: int = 720, negatives: int = 720) -> list[Case]:
    """`positives` sentences with gold PII spans and `negatives` with none, the same for the same seed."""
    rng = random.Random(seed)
    sides = ("fa", "fa", "ar", "ar", "en")
    cases: list[Case] = []
    for count, templates in ((positives, _POSITIVE_TEMPLATES), (negatives, _NEGATIVE_TEMPLATES)):
        for index in range(count):
            side = sides[index % len(sides)]
            cases.append(_fill(rng.choice(templates[side]), side, rng))
    return cases
