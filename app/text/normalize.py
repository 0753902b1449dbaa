"""Persian and Arabic normalisation for matching and modelling, with an offset map back to the raw text.

Why not hazm's `Normalizer` on this path: it keeps no offset map (evidence spans must index the raw text), it
rewrites Arabic letters into Persian ones whatever the language, and it costs 0.2-0.3 ms a text, most of the
analysis budget (STACK-NOTES.md). The character rules below follow hazm's for Persian (ي/ك/ى folding, diacritics,
kashida, repeated letters, ZWNJ tidying) and add what Arabic needs; `tests/text/test_normalize.py` checks that the
two agree on the letters they both touch.

Two entry points share one set of tables and patterns, so they cannot drift apart:
`normalize_text` (string only, the hot path of batch inference) and `normalize` (keeps offsets, for evidence).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from app.text.mapped import MappedText

__all__ = ["NORMALIZATION_VERSION", "normalize", "normalize_text"]

# Bump whenever a rule below changes: it is stored with every analysis so results stay explainable.
NORMALIZATION_VERSION: Final = "norm-1"

_ZWNJ: Final = "\u200c"

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic annotation marks, Persian hamza-above (U+0654) and
# friends: they vary freely in user text and carry almost no sentiment.
_DIACRITICS: Final = [
    *range(0x0610, 0x061B),
    *range(0x064B, 0x0660),
    0x0670,
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
]
# Tatweel (kashida) only stretches a word; bidi and format controls are invisible and break matching.
# ZWJ, soft hyphen and BOM are dropped; ZWNJ is meaningful in Persian and handled per language.
_INVISIBLE: Final = [
    0x0640,
    0x200B,
    0x200D,
    0x200E,
    0x200F,
    0x00AD,
    0xFEFF,
    *range(0x202A, 0x202F),
    0x2066,
    0x2067,
    0x2068,
    0x2069,
    0x061C,
    0xFE0E,
]

_DIGITS: Final = {
    **{0x0660 + i: str(i) for i in range(10)},
    **{0x06F0 + i: str(i) for i in range(10)},
    0x066B: ".",  # Arabic decimal separator
    0x066C: ",",  # Arabic thousands separator
    0x066A: "%",
}

# Letter folding for matching. Persian keeps آ (a letter of its own); Arabic folds all alef forms to bare alef and
# teh marbuta to heh, the usual light normalisation for Arabic retrieval.
_PERSIAN_LETTERS: Final = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ې": "ی",
    "ۍ": "ی",
    "ے": "ی",
    "ك": "ک",
    "ڪ": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
}
_ARABIC_LETTERS: Final = {
    "ی": "ي",
    "ى": "ي",
    "ې": "ي",
    "ۍ": "ي",
    "ے": "ي",
    "ک": "ك",
    "ڪ": "ك",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
}

# Presentation forms (ﻻ, ﺍﻟﻨﻮﻡ), full-width Latin and ligatures occur in real tweets; NFKC gives the plain letters.
_COMPATIBILITY_RANGES: Final = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFC), (0xFF01, 0xFF5E)]


def _build_table(letters: dict[str, str]) -> dict[int, str]:
    table: dict[int, str] = dict.fromkeys([*_DIACRITICS, *_INVISIBLE], "")
    table.update(_DIGITS)
    table.update({ord(source): target for source, target in letters.items()})
    for low, high in _COMPATIBILITY_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            if not unicodedata.name(char, ""):
                continue
            expanded = unicodedata.normalize("NFKC", char)
            if expanded != char:
                table[code] = "".join(table.get(ord(part), part) for part in expanded).lower()
    # Latin capitals: Finglish and English are compared case-insensitively.
    table.update({code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)})
    return table


_TABLES: Final = {
    "fa": _build_table(_PERSIAN_LETTERS),
    "ar": _build_table(_ARABIC_LETTERS),
    "und": _build_table({}),
}
for _table in (_TABLES["ar"], _TABLES["und"]):
    # Arabic has no ZWNJ; in other text it is noise. Persian keeps it (tidied below).
    _table[ord(_ZWNJ)] = ""

# A letter typed three or more times in a row is emphasis ("عاااالی", "خیلیییی"): keep one. Doubled letters are
# legitimate (الله، شدّت), so runs of two stay.
_ELONGATION: Final = re.compile(r"([^\W\d_])\1{2,}")
_PUNCTUATION_RUN: Final = re.compile(r"([!?؟.،,])\1{3,}")
# ZWNJ only joins letters: drop it at word edges and collapse repeats.
_ZWNJ_RUN: Final = re.compile(r"\u200c+")
_SPACES: Final = re.compile(r"\s+")
_EDGES: Final = re.compile(r"^\s+|\s+$")


def _language_key(language: str) -> str:
    return language if language in _TABLES else "und"


def normalize_text(text: str, language: str) -> str:
    """The normalised form of `text` (same result as `normalize(text, language).text`, much faster)."""
    key = _language_key(language)
    text = text.translate(_TABLES[key])
    text = _ELONGATION.sub(r"\1", text)
    text = _PUNCTUATION_RUN.sub(r"\1\1\1", text)
    if key == "fa":
        text = _ZWNJ_RUN.sub(_fa_zwnj, text)
    text = _EDGES.sub("", text)
    return _SPACES.sub(" ", text)


def normalize(text: str | MappedText, language: str) -> MappedText:
    """Normalise `text` for `language` ("fa", "ar", anything else), keeping the map back to the raw text.

    Given a `MappedText` (say, an e-mail after its quotes were removed), the result maps onto its raw text.
    """
    mapped = text if isinstance(text, MappedText) else MappedText.identity(text)
    key = _language_key(language)
    mapped = mapped.translate(_TABLES[key])
    mapped = mapped.sub(_ELONGATION, lambda match: match.group(1))
    mapped = mapped.sub(_PUNCTUATION_RUN, lambda match: match.group(1) * 3)
    if key == "fa":
        mapped = mapped.sub(_ZWNJ_RUN, _fa_zwnj)
    mapped = mapped.sub(_EDGES, lambda match: "")
    return mapped.sub(_SPACES, lambda match: " ")


def _fa_zwnj(match: re.Match[str]) -> str:
    # A run inside a word collapses to one ZWNJ; at a word edge it goes.
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else " "
    after = text[match.end()] if match.end() < len(text) else " "
    inside_word = before.isalpha() and after.isalpha()
    return _ZWNJ if inside_word else ""
