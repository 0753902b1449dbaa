"""Email bodies cut to what the sender wrote: no quoted replies, forwards, signatures or phone footers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from app.text.html_text import html_to_text, looks_like_html
from app.text.lines import Line, keep_lines, split_lines, tidy
from app.text.mapped import MappedText

__all__ = ["clean_email", "drop_device_footers", "drop_quoted", "drop_signature"]

# Arabic short vowels: some clients write them in their fixed strings ("أُرسلت") and others do not.
_HARAKA: Final = "[\u064b-\u0652]*"
_ZW: Final = r"[\s\u200c]*"  # Persian compounds are written with a space, a zero-width non-joiner or nothing


def _loose(phrase: str) -> str:
    """A regex for an Arabic phrase, matching with or without short vowels and with any inner spacing."""
    return r"\s+".join("".join(re.escape(char) + _HARAKA for char in word) for word in phrase.split())


def _either(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_DIGIT: Final = re.compile(r"\d")  # \d also covers Persian and Arabic-Indic digits
_ARABIC_WROTE: Final = _either(_loose("كتب"), _loose("كتبت"))

# Attribution lines ("On <date>, <name> wrote:") of English, Persian and Arabic Gmail, Apple Mail,
# Thunderbird and Yahoo. All of them put a date there, so a digit is required: "On the form you wrote:" is
# not a header.
_ATTRIBUTION: Final = re.compile(
    _either(
        r"On\s.*\swrote",
        r"در\s.*\sنوشت(?:ه\s+است)?",
        # Arabic Gmail writes the name and address after the verb ("... كتب أحمد <a@example.com>:"); the
        # address is required there so that "في ٢٠٢٣ كتبت لكم عن المشكلة:" stays content.
        r"(?:في|بتاريخ)\s.*\s" + _either(_ARABIC_WROTE, r"تمت\s+كتابة\s+ما\s+يلي\s+بواسطة") + r"(?:\s[^:]*@[^:]*)?",
    )
    + r"\s*:"
)
_ATTRIBUTION_START: Final = ("On", "در", "في", "بتاريخ")  # a cheap filter before the regex
_ATTRIBUTION_CHARS: Final = 300  # longer lines are prose; the bound also keeps the ".*" patterns cheap
# "Ali wrote:" without a date is still an attribution when quoted ">" lines follow it.
_WROTE_COLON: Final = re.compile(r".*" + _either("wrote", "نوشت", _ARABIC_WROTE) + r"\s*:")

# Lines that open an original or forwarded message: "-----Original Message-----", "---------- Forwarded
# message ---------", "---- پیام اصلی ----", "-----الرسالة الأصلية-----". The dashes are required: the bare
# words can be ordinary content.
_DASHES: Final = r"(?:-{2,}|_{2,}|={2,})"
_MARKER: Final = re.compile(
    _either(
        _DASHES
        + r"\s*"
        + _either(
            r"(?i:original\s+message|forwarded\s+message|reply\s+message)",
            r"پیام\s+اصلی",
            r"پیام\s+(?:باز)?ارسال" + _ZW + "شده",
            r"پیام\s+هدایت" + _ZW + "شده",
            _loose("الرسالة الأصلية"),
            r"(?:ال)?" + _loose("رسالة") + r"\s+(?:ال)?" + _either(_loose("محولة"), _loose("معاد توجيهها")),
        )
        + r"\s*:?\s*"
        + _DASHES
        + "?",
        r"(?i:begin\s+forwarded\s+message)\s*:",
    )
)

# Outlook-style header blocks ("From: ... Sent: ... To: ... Subject: ..."), one field per line, in the
# languages Outlook ships. The block starts with the sender; bold markers survive plain-text conversion.
_FROM: Final = re.compile(r"\*{0,2}" + _either("(?i:from)", "از", "فرستنده", "من", "المرسل") + r"\*{0,2}\s*:")
_FIELD: Final = re.compile(
    r"\*{0,2}"
    + _either(
        "(?P<sent>"
        + _either("(?i:sent|date)", "ارسال" + _ZW + "شده", "ارسال", "تاریخ", _loose("أرسلت"), _loose("أرسل"))
        + "|"
        + _either(r"تاريخ\s+الإرسال", "التاريخ", "بتاريخ")
        + ")",
        "(?P<to>" + _either("(?i:to)", "به", "گیرنده", "إلى", "الى") + ")",
        "(?P<subject>" + _either("(?i:subject)", "موضوع", "الموضوع") + ")",
    )
    + r"\*{0,2}\s*:"
)
# An HTML body without line breaks in the header has the other fields on the sender's line.
_INLINE_FIELD: Final = re.compile(r"\s" + _FIELD.pattern)
_HEADER_REACH: Final = 6  # lines after "From:" in which the other fields must appear (To and Cc can wrap)
_HEADER_FIELDS_NEEDED: Final = 2  # of sent, to and subject

# Footers that phones and mail apps append. Only known device and app names count, so that "Sent from
# Tehran, never arrived" stays.
_DEVICE: Final = _either(
    r"(?:(?:my|the|an?)\s+)?(?i:iPhone|iPad|Android|Samsung|Galaxy|Huawei|Xiaomi|BlackBerry|mobile|phone"
    r"|smartphone|Outlook|Yahoo|Mail|Gmail)",
    r"گوشی|آیفون|آی\s*فون|آیپد|تلفن|موبایل|اندروید|سامسونگ",
    r"هاتفي|الهاتف|جوالي|الجوال|جهازي|جهاز|آيفون|أيفون|ايفون",
)
_DEVICE_FOOTER: Final = re.compile(
    _either(
        r"(?i:sent\s+(?:from|via|with))\s+" + _DEVICE,
        r"(?i:get\s+outlook\s+for)",
        "(?:ارسال|فرستاده)" + _ZW + r"شده\s+(?:از|با)\s+(?:طریق\s+)?" + _DEVICE,
        _either(*map(_loose, ["أرسلت", "أرسل", "مرسل", "مرسلة"]), r"تم\s+" + _loose("الإرسال"))
        + r"\s+من\s+(?:الـ\s*)?"
        + _DEVICE,
    )
    + r"(?:\s+\S+){0,3}"
)

# Closings that open a signature. Formal ones may carry the sender's name after a comma ("با احترام، علی");
# thanks-closings must stand alone, since "Thanks, but ..." goes on to say something.
_CLOSING_END: Final = r"[\s,،.!؛:]*"
_NAME_AFTER_COMMA: Final = r"\s*[,،]\s*[^\s\d.!?؟,،:]+(?:\s+[^\s\d.!?؟,،:]+){0,3}"
_FORMAL_CLOSING: Final = re.compile(
    _either(
        r"(?i:(?:best|kind|warm|warmest|with\s+kind)\s+(?:regards|wishes)|regards|best|cheers|sincerely"
        r"|yours\s+(?:sincerely|truly|faithfully)|respectfully)",
        "با" + _ZW + "احترام(?:" + _ZW + "و" + _ZW + "(?:سپاس|تشکر|ادب))?(?:" + _ZW + "فراوان)?",
        "ارادتمند(?:" + _ZW + "شما)?",
        "قربان" + _ZW + "شما",
        "با" + _ZW + "آرزوی" + _ZW + "موفقیت",
        r"مع\s+(?:"
        + _loose("خالص")
        + r"\s+)?"
        + _either(*map(_loose, ["التحية", "التحيات", "تحياتي", "الاحترام", "التقدير"]))
        + r"(?:\s+"
        + _loose("والتقدير")
        + ")?",
        _loose("تحياتي"),
        "و?" + _loose("تفضلوا بقبول") + r"(?:\s+\S+){0,4}",
        "و?" + _loose("تقبلوا") + r"(?:\s+\S+){0,4}",
    )
    + _either(_NAME_AFTER_COMMA, _CLOSING_END)
)
_THANKS_CLOSING: Final = re.compile(
    _either(
        r"(?i:thanks(?:\s+(?:again|and\s+regards|in\s+advance))?|thank\s+you|many\s+thanks)",
        "با" + _ZW + "(?:تشکر|سپاس)(?:" + _ZW + "(?:فراوان|و" + _ZW + "احترام))?",
        "سپاس" + _ZW + "(?:گزارم|گذارم)?",
        "و?" + _loose("شكرا") + r"(?:\s+" + _loose("لكم") + r")?(?:\s+" + _loose("جزيلا") + ")?",
        r"مع\s+" + _loose("الشكر") + r"(?:\s+" + _loose("والتقدير") + ")?",
    )
    + _CLOSING_END
)
# What a line under a closing looks like: a name, a title, a company, a phone number. A long or wordy line,
# or one that asks or exclaims, is content and ends the search for a closing.
_SIGNATURE_LINE_CHARS: Final = 60
_SIGNATURE_LINE_WORDS: Final = 6
_SIGNATURE_LINES: Final = 5  # under a closing
_DELIMITER_REACH: Final = 10  # under a "-- " line, which is a more certain sign


def clean_email(raw: str) -> MappedText:
    """The sender's own text of an email (HTML rendered first), or the whole rendered body if none is left."""
    body = html_to_text(raw) if looks_like_html(raw) else MappedText.identity(raw)
    lines = drop_signature(drop_device_footers(drop_quoted(split_lines(body.text))))
    cleaned = tidy(keep_lines(body, lines))
    return cleaned if cleaned.text else tidy(body)


def drop_quoted(lines: list[Line]) -> list[Line]:
    """Cut from the first quote header or forward marker on; drop ">" lines and the attribution above them."""
    cut = _first_quote_header(lines)
    if cut is not None:
        # Outlook's "____" rule and the blank lines just above a header belong to the quote.
        while cut > 0 and not lines[cut - 1].probe.strip("-_=*"):
            cut -= 1
        lines = lines[:cut]
    kept: list[Line] = []
    for line in lines:
        if line.probe.startswith(">"):
            _drop_attribution(kept)
        else:
            kept.append(line)
    return kept


def drop_device_footers(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not _DEVICE_FOOTER.fullmatch(line.probe)]


def drop_signature(lines: list[Line]) -> list[Line]:
    """Cut a trailing "-- " signature, or a closing ("Best regards,", "با احترام،", "مع التحية،") with the
    lines under it. Only short lines at the very end are passed over, so content is not cut."""
    start = _signature_start(lines, _is_delimiter, _DELIMITER_REACH)
    if start is None:
        start = _signature_start(lines, _is_closing, _SIGNATURE_LINES)
    return lines if start is None else lines[:start]


def _signature_start(lines: list[Line], opens: Callable[[str], bool], reach: int) -> int | None:
    """The last line that `opens` a signature, if only up to `reach` signature-like lines follow it."""
    passed = 0
    for index in range(len(lines) - 1, -1, -1):
        probe = lines[index].probe
        if not probe:
            continue
        if opens(probe):
            return index
        passed += 1
        if passed > reach or not _is_signature_line(probe):
            return None
    return None


def _is_delimiter(probe: str) -> bool:
    return probe == "--"  # the "-- " line of RFC 3676, trailing space trimmed


def _is_closing(probe: str) -> bool:
    return bool(_FORMAL_CLOSING.fullmatch(probe) or _THANKS_CLOSING.fullmatch(probe))


def _drop_attribution(kept: list[Line]) -> None:
    """Drop an "Ali wrote:" (or "... كتب:") line just above quoted lines; blank lines may sit between."""
    index = len(kept) - 1
    while index >= 0 and not kept[index].probe:
        index -= 1
    if index < 0:
        return
    probe = kept[index].probe
    if len(probe) <= _ATTRIBUTION_CHARS and _WROTE_COLON.fullmatch(probe):
        del kept[index:]


def _is_signature_line(probe: str) -> bool:
    return (
        len(probe) <= _SIGNATURE_LINE_CHARS and len(probe.split()) <= _SIGNATURE_LINE_WORDS and probe[-1] not in "?!؟"
    )


def _first_quote_header(lines: list[Line]) -> int | None:
    for index, line in enumerate(lines):
        if line.probe and (
            _MARKER.fullmatch(line.probe) or _is_attribution(lines, index) or _is_header_block(lines, index)
        ):
            return index
    return None


def _is_attribution(lines: list[Line], index: int) -> bool:
    probe = lines[index].probe
    if not probe.startswith(_ATTRIBUTION_START):
        return False
    # Gmail wraps long attributions ("... Ali <\nali@example.com> wrote:"): try the next line joined on.
    candidates = [probe]
    if index + 1 < len(lines):
        candidates.append(f"{probe} {lines[index + 1].probe}")
    return any(
        len(text) <= _ATTRIBUTION_CHARS and _ATTRIBUTION.fullmatch(text) and _DIGIT.search(text) for text in candidates
    )


def _is_header_block(lines: list[Line], index: int) -> bool:
    probe = lines[index].probe
    sender = _FROM.match(probe)
    if sender is None:
        return False
    fields = [*_INLINE_FIELD.finditer(probe, sender.end())]
    for line in lines[index + 1 : index + 1 + _HEADER_REACH]:
        field = _FIELD.match(line.probe)
        if field is not None:
            fields.append(field)
    return len({field.lastgroup for field in fields}) >= _HEADER_FIELDS_NEEDED
