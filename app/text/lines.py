"""Line selection and whitespace tidying of a `MappedText`, for the cleaning rules that work on lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import NamedTuple

from app.text.mapped import MappedText

__all__ = ["Line", "keep_lines", "keep_spans", "split_lines", "tidy"]

# What pads a line without being content: whitespace, plus the bidi controls and BOM that Gmail and Outlook
# wrap around right-to-left header lines ("‫در تاریخ ... نوشت:‬"), so rules can match the visible text.
_PADDING = " \t\r\f\v\xa0\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"

# Trailing whitespace on a line and blank lines are the only work tidying does inside a text. Most survey
# answers are one line, so a membership test for "\n" spares them even this search.
_UNTIDY = re.compile(r"[^\S\n]\n|\n[^\S\n]*\n")


class Line(NamedTuple):
    """One line of a text: its span `[start, end)` (`end` past the newline, if any) and what it says."""

    start: int
    end: int
    text: str
    probe: str  # `text` without surrounding padding: what the line-matching rules compare


def split_lines(text: str) -> list[Line]:
    """Split on "\\n" only; a "\\r" before it stays on the line, as padding."""
    lines: list[Line] = []
    start = 0
    for piece in text.split("\n"):
        stop = start + len(piece)
        lines.append(Line(start, min(stop + 1, len(text)), piece, piece.strip(_PADDING)))
        start = stop + 1
    return lines


def keep_spans(mapped: MappedText, spans: Iterable[tuple[int, int]]) -> MappedText:
    """The text made of `mapped.text[start:end]` for each span in order; characters keep their raw spans."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if start >= end:
            continue
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    if merged == [(0, len(mapped.text))]:
        return mapped
    # Slicing the parent's offset tuples is exact and far cheaper than composing through a TextBuilder.
    return MappedText(
        "".join([mapped.text[start:end] for start, end in merged]),
        mapped.raw,
        tuple(chain.from_iterable(mapped.starts[start:end] for start, end in merged)),
        tuple(chain.from_iterable(mapped.ends[start:end] for start, end in merged)),
    )


def keep_lines(mapped: MappedText, lines: Iterable[Line]) -> MappedText:
    """The text made of the given lines of `mapped.text` (each with its newline)."""
    return keep_spans(mapped, ((line.start, line.end) for line in lines))


def tidy(mapped: MappedText) -> MappedText:
    """Strip the text's ends and each line's trailing whitespace; collapse runs of blank lines into one."""
    text = mapped.text
    if not text[:1].isspace() and not text[-1:].isspace() and ("\n" not in text or not _UNTIDY.search(text)):
        return mapped
    spans: list[tuple[int, int]] = []
    line_break = -1  # where the "\n" after the last kept line is; -1 until a line is kept
    blank_break = -1  # the "\n" of a blank line seen since then, kept only if more content follows
    for line in split_lines(text):
        content = line.text.rstrip()
        newline_at = line.start + len(line.text)
        if not content:
            if line_break >= 0:
                blank_break = newline_at
            continue
        start = line.start
        if line_break < 0:
            start += len(content) - len(content.lstrip())
        else:
            spans.append((line_break, line_break + 1))
            if blank_break >= 0:
                spans.append((blank_break, blank_break + 1))
        spans.append((start, line.start + len(content)))
        line_break, blank_break = newline_at, -1
    return keep_spans(mapped, spans)
