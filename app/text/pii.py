"""Find and redact personal data (e-mails, phones, cards, IBANs, national ids) in Persian and Arabic text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from app.text import pii_checks as checks

__all__ = ["PLACEHOLDERS", "PiiMatch", "find_pii", "redact"]

PLACEHOLDERS: Final[dict[str, str]] = {
    "email": "[EMAIL]",
    "phone": "[PHONE]",
    "card": "[CARD]",
    "iban": "[IBAN]",
    "national_id_ir": "[NATIONAL_ID]",
    "national_id_sa": "[NATIONAL_ID]",
}


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str


# Character for character, so offsets found on the ASCII-digit copy are offsets into the text as given.
_ASCII_DIGITS: Final = str.maketrans(
    {chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)},
)
# Stands in for an e-mail or IBAN already found: no digit, letter or separator, so no number runs through it.
_MASK: Final = "\ufffc"

_EMAIL: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_\-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9])"
)
_IBAN_START: Final = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[ \-]?[0-9]{2}")
_IBAN_BODY: Final = re.compile(r"(?:[ \-]?[A-Za-z0-9])+")
_DIGIT_RUN: Final = re.compile(r"[0-9]+")
_WORD: Final = re.compile(r"[^\s\d:#\-.،,;()\[\]«»\"'!?؟/+*=|\ufffc]+")

# Characters people put between the digit groups of one number (bidi marks arrive when copying from RTL apps).
_GAP_CHARS: Final = frozenset(" \u00a0\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069-.()")
_BIDI: Final = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# A number tied by / : , ٫ ٬ to a short one is part of a date, a time, a ratio or a thousands-separated
# amount; tied to a long one ("۰۹۱۲.../۰۹۳۵...") it is one of a list.
_TIED_BEFORE: Final = re.compile(r"(?<![0-9])[0-9]{1,4}[/:,٫٬]$")
_TIED_AFTER: Final = re.compile(r"[/:,٫٬][0-9]{1,4}(?![0-9])")

# Word stems (matched inside the last few words before a number) that say what the number is. Words are
# compared with ي/ك folded to ی/ک (see `_words_before`), as Persian typed on Arabic keyboards has them.
_NOT_PII_STEMS: Final = (
    "سفارش", "order", "طلب", "رهگیری", "پیگیری", "تتبع", "track", "شحن", "فاکتور", "فاتور", "invoice",
    "مرسول", "بارنامه", "تیکت", "ticket", "تذکر", "پستی", "postal", "رمز", "zip", "reference", "مرجع",
    "حواله", "تراکنش", "معامل", "transaction", "بارکد", "بارکود", "barcode", "کالا", "sku", "serial", "سریال",
    "تسلسل", "imei",
)  # fmt: skip
_ID_STEMS: Final = (
    "ملی", "شناسنامه", "هویت", "هویة", "اقام", "إقام", "السجل", "احوال", "أحوال", "national", "iqama",
)  # fmt: skip
# Which side an id keyword points to, when a number passes both the Iranian and the Saudi check.
_IRANIAN_ID_STEMS: Final = ("ملی", "شناسنامه", "melli", "iran")
_SAUDI_ID_STEMS: Final = ("اقام", "إقام", "السجل", "iqama", "saudi")
_PHONE_STEMS: Final = (
    "تلفن", "موبایل", "همراه", "تماس", "واتساپ", "واتس", "جوال", "هاتف", "اتصال", "اتصل",
    "تواصل", "phone", "mobile", "tel", "call", "whatsapp", "contact",
)  # fmt: skip
_SHEBA_STEMS: Final = ("شبا", "sheba", "shaba", "iban", "ایبان", "آیبان")
# Kinds that only a check digit vouches for, so that words after the number may still overrule them.
_CHECK_ONLY: Final = frozenset(("card", "national_id_ir", "national_id_sa"))
_CLAUSE_ENDS: Final = frozenset("،,.;؛!?؟\n" + _MASK)
# Words that end a number's label: in "پیگیری سفارش با ۰۹۱۲..." the phone is given for the order.
_LINKERS: Final = frozenset(
    ("با", "به", "از", "یا", "و", "بر", "على", "عبر", "أو", "او", "إلى", "الى",
     "to", "on", "at", "with", "or", "and", "via")
)  # fmt: skip
# Words right after a number that make it an amount or a quantity, never an identifier (folded too).
_UNIT_STEMS: Final = (
    "تومان", "تومن", "ریال", "جنیه", "درهم", "دینار", "دولار", "لیرة", "لیر", "یورو", "هزار",
    "میلیون", "ملیون", "ألف", "الف", "عدد", "قطعة", "حبة", "کیلو", "گرم", "غرام",
    "sar", "aed", "irr", "irt", "usd", "egp", "kwd", "qar", "kg", "$", "€", "%", "٪",
)  # fmt: skip

_FOLD: Final = str.maketrans("\u064a\u0643", "\u06cc\u06a9")
# پ چ ژ گ ک ی and the ZWNJ are written only in Persian; ي ك ة ى only in Arabic. Next, the digits' script.
_PERSIAN_MARKS: Final = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u200c]")
_ARABIC_MARKS: Final = re.compile("[\u064a\u0643\u0629\u0649]")
_PERSIAN_DIGITS: Final = re.compile("[\u06f0-\u06f9]")
_ARABIC_DIGITS: Final = re.compile("[\u0660-\u0669]")
_ARABIC_SCRIPT: Final = re.compile("[\u0621-\u064a]")


def find_pii(text: str) -> list[PiiMatch]:
    """Every e-mail, phone, card, IBAN and national id in `text`, sorted by start and never overlapping."""
    latin = text.translate(_ASCII_DIGITS)
    spans = [*_emails(text), *_ibans(latin)]
    masked = list(latin)
    for _, start, end in spans:
        masked[start:end] = _MASK * (end - start)
    spans.extend(_numbers("".join(masked), _language(text)))
    return [PiiMatch(kind, start, end, text[start:end]) for kind, start, end in sorted(spans, key=lambda s: s[1])]


def redact(text: str) -> tuple[str, list[PiiMatch]]:
    """`text` with every match replaced by its kind's placeholder, and the matches (offsets into `text`)."""
    matches = find_pii(text)
    pieces: list[str] = []
    position = 0
    for match in matches:
        pieces.extend((text[position : match.start], PLACEHOLDERS[match.kind]))
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces), matches


def _language(text: str) -> str | None:
    """'fa', 'ar' or None (no Arabic script): by the letters only one language writes, then by the digits.

    Persian is rarely written without ی or ک, so Arabic script that shows no Persian sign at all is Arabic.
    """
    for persian, arabic in ((_PERSIAN_MARKS, _ARABIC_MARKS), (_PERSIAN_DIGITS, _ARABIC_DIGITS)):
        balance = len(persian.findall(text)) - len(arabic.findall(text))
        if balance:
            return "fa" if balance > 0 else "ar"
    return "ar" if _ARABIC_SCRIPT.search(text) else None


def _emails(text: str) -> list[tuple[str, int, int]]:
    # On the text as given: a Persian digit glued to an address is not part of it.
    return [("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]


def _ibans(latin: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    position = 0
    while head := _IBAN_START.search(latin, position):
        position = head.start() + 1
        length = checks.IBAN_LENGTHS.get(head.group()[:2].upper())
        body = _IBAN_BODY.match(latin, head.end())
        if length is None or body is None:
            continue
        # The body pattern runs on into following words; keep exactly as many characters as the country uses.
        compact = [latin[head.start() : head.start() + 2], latin[head.end() - 2 : head.end()]]
        end = head.end()
        for index in range(body.start(), body.end()):
            if len(compact) == length - 2:
                break
            if latin[index].isalnum():
                compact.append(latin[index])
                end = index + 1
        if len(compact) < length - 2 or (end < len(latin) and latin[end].isascii() and latin[end].isalnum()):
            continue
        if checks.iban_valid("".join(compact)):
            found.append(("iban", head.start(), end))
            position = end
    return found


def _numbers(latin: str, language: str | None) -> list[tuple[str, int, int]]:
    """Digit groups joined by separators, then the longest runs of groups (cut at spaces) that are PII."""
    chunks: list[list[re.Match[str]]] = []
    for run in _DIGIT_RUN.finditer(latin):
        if chunks and _joins(latin[chunks[-1][-1].end() : run.start()]):
            chunks[-1].append(run)
        else:
            chunks.append([run])
    found: list[tuple[str, int, int]] = []
    for chunk in chunks:
        if _glued(latin, chunk[0].start() - 1) or _glued(latin, chunk[-1].end()):
            continue  # the digits of a code like "SA03 4500 ..." or "RR123456789IR": no number of its own
        # Two numbers typed one after the other ("سفارش ۱۲۳۴ ۰۹۱۲۱۲۳۴۵۶۷") arrive as one chunk; a dash or a
        # dot inside a number is never a place to cut it.
        cuts = [0] + [i for i in range(1, len(chunk)) if _cuts(latin[chunk[i - 1].end() : chunk[i].start()])]
        if _card_shaped(tuple(len(run.group()) for run in chunk)):
            cuts = [0]  # a card number that failed its check is not a phone number in its tail
        ends = [c - 1 for c in cuts[1:]] + [len(chunk) - 1]
        position = 0
        for first in cuts:
            if first < position:
                continue
            for last in reversed([e for e in ends if e >= first]):
                groups = chunk[first : last + 1]
                hit = _classify(latin, groups, language, opens=first == 0, whole=len(groups) == len(chunk))
                if hit:
                    found.append(hit)
                    position = last + 1
                    break
    return found


def _card_shaped(lengths: tuple[int, ...]) -> bool:
    """Grouped the way cards are printed: fours with a shorter tail, or Amex/Diners 4-6-5 and 4-6-4."""
    if not 13 <= sum(lengths) <= 19:
        return False
    return (len(lengths) >= 3 and set(lengths[:-1]) == {4}) or lengths in ((4, 6, 5), (4, 6, 4))


def _glued(latin: str, index: int) -> bool:
    return 0 <= index < len(latin) and latin[index].isascii() and latin[index].isalpha()


def _joins(gap: str) -> bool:
    if not 1 <= len(gap.strip(_BIDI)) <= 3 or not set(gap) <= _GAP_CHARS:
        return False
    return sum(gap.count(c) for c in "-.") <= 1 and gap.count("(") <= 1 and gap.count(")") <= 1


def _cuts(gap: str) -> bool:
    return any(c.isspace() for c in gap)


def _classify(
    latin: str, groups: list[re.Match[str]], language: str | None, *, opens: bool, whole: bool
) -> tuple[str, int, int] | None:
    start, end = groups[0].start(), groups[-1].end()
    before = latin[start - 1] if start else ""
    if latin[end : end + 1] == "@":
        return None
    if _TIED_BEFORE.search(latin[max(0, start - 6) : start]) or _TIED_AFTER.match(latin, end):
        return None
    digits = "".join(g.group() for g in groups)
    lengths = tuple(len(g.group()) for g in groups)
    if _date_like(lengths):
        return None
    lead = start
    if opens:  # take in "+98", "(+98)" and "(021)" openings
        lead = start - 1 if before == "(" else start
        lead = lead - 1 if latin[lead - 1 : lead] == "+" else lead
        lead = lead - 1 if lead != start and latin[lead - 1 : lead] == "(" else lead
    if "+" in latin[lead:start]:
        # A "+" settles it: a phone number or nothing.
        return ("phone", lead, end) if checks.international_phone(digits, any_country=True) else None
    if digits.startswith("00") and checks.international_phone(digits[2:], any_country=False):
        return "phone", lead, end
    words = _words_before(latin, lead)
    if _has_stem(words, _NOT_PII_STEMS) or "#" in latin[max(0, lead - 3) : lead] or _unit_after(latin, end):
        return None
    kind = _kind_of_digits(digits, lengths, words, language, whole=whole)
    if kind in _CHECK_ONLY and not _has_stem(words, _ID_STEMS) and _has_stem(_words_after(latin, end), _NOT_PII_STEMS):
        return None  # "۱۲۳۴۵۶۷۸۹۰ رو برای پیگیری دادن": named after the fact, and only a check digit vouched
    return (kind, lead, end) if kind else None


def _kind_of_digits(
    digits: str, lengths: tuple[int, ...], words: list[str], language: str | None, *, whole: bool
) -> str | None:
    size = len(digits)
    if 13 <= size <= 19:
        # Only a whole chunk: a 19-digit string failing Luhn has a 16-digit head that passes one time in ten.
        if (
            whole
            and (len(lengths) == 1 or _card_shaped(lengths))
            and digits[0] in "23456"
            and checks.luhn_valid(digits)
        ):
            return "card"
        return None
    if size == 24 and _has_stem(words, _SHEBA_STEMS) and checks.iban_valid("IR" + digits):
        return "iban"  # a Sheba typed without "IR": its first two digits are the check digits
    id_shaped = lengths in ((size,), (3, 6, 1))
    said_id, said_phone = _has_stem(words, _ID_STEMS), _has_stem(words, _PHONE_STEMS)
    if id_shaped and 8 <= size <= 10 and (said_id or not said_phone):
        id_kind = _national_id_kind(digits, words, language)
        # Under an id keyword a number that fails the checks is a mistyped id, not a phone. Without one, in
        # text of neither language, a phone format (a fixed prefix) says more than a check that 1 in 11 pass.
        if said_id:
            return id_kind
        if id_kind and (language is not None or not checks.national_phone(digits, None, bare_code=False)):
            return id_kind
    # Ids are written in one piece (or 3-6-1): a grouped number, or one the words call a phone, is a phone in
    # either side's format.
    side = language if id_shaped and not said_phone else None
    if checks.national_phone(digits, side, bare_code=whole):
        return "phone"
    if not said_phone:
        return None
    # Only where the words before say "phone": an Iranian mobile without its 0, and an 8-digit local number
    # (a Tehran landline without area code; Kuwait, Qatar, Bahrain and Oman numbers are 8 digits at home).
    if size == 10 and digits[0] == "9" and language != "ar":
        return "phone"
    return "phone" if size == 8 and digits[0] != "0" else None


def _national_id_kind(digits: str, words: list[str], language: str | None) -> str | None:
    """Iranian or Saudi id, or None; leading zeros the writer dropped come back only under an id keyword."""
    keyword = _has_stem(words, _ID_STEMS)
    if len(digits) < 10 and not keyword:
        return None
    digits = digits.zfill(10)
    # Without a keyword an id is only believed on its own side of the Gulf: a random ten-digit number passes
    # the Iranian check one time in eleven, and in Arabic text a 0-led number is more likely a phone or order.
    iranian = checks.iranian_national_id_valid(digits) and (keyword or language != "ar")
    saudi = checks.saudi_national_id_valid(digits) and (keyword or language != "fa")
    if iranian and saudi:
        says_sa, says_ir = _has_stem(words, _SAUDI_ID_STEMS), _has_stem(words, _IRANIAN_ID_STEMS)
        saudi = (says_sa and not says_ir) or (says_sa == says_ir and language == "ar")
        iranian = not saudi
    if iranian:
        return "national_id_ir"
    return "national_id_sa" if saudi else None


def _words_before(latin: str, start: int) -> list[str]:
    """The last three words naming the number at `start`: not reaching back past another number, an e-mail or
    IBAN, the end of a clause ("الطلب متأخر، رقمي ...") or a linking word ("پیگیری سفارش با ...")."""
    window = latin[max(0, start - 40) : start]
    barrier = max((i for i, c in enumerate(window) if c.isdigit() or c in _CLAUSE_ENDS), default=-1)
    words = [w.lower().translate(_FOLD) for w in _WORD.findall(window[barrier + 1 :])][-3:]
    linker_at = max((i for i, w in enumerate(words) if w in _LINKERS), default=-1)
    return words[linker_at + 1 :]


def _words_after(latin: str, end: int) -> list[str]:
    window = latin[end : end + 40]
    barrier = min((i for i, c in enumerate(window) if c.isdigit() or c in _CLAUSE_ENDS), default=len(window))
    return [w.lower().translate(_FOLD) for w in _WORD.findall(window[:barrier])][:3]


def _has_stem(words: list[str], stems: tuple[str, ...]) -> bool:
    return any(stem in word for word in words for stem in stems)


def _unit_after(latin: str, end: int) -> bool:
    following = latin[end : end + 16].lstrip(" \u00a0\u200c" + _BIDI).lower().translate(_FOLD)
    return any(following.startswith(stem) for stem in _UNIT_STEMS)


def _date_like(lengths: tuple[int, ...]) -> bool:
    """d-m-y, y-m-d and friends (the separators were already limited to spaces, dots and dashes)."""
    if len(lengths) != 3:
        return False
    short = {1, 2}
    return (lengths[0] in short and lengths[1] in short and lengths[2] in (2, 4)) or (
        lengths[0] == 4 and lengths[1] in short and lengths[2] in short
    )
