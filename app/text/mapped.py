"""Text derived from a raw input that remembers, for every character, where it came from in the raw text.

Every text step (channel cleaning, normalisation) produces a `MappedText`, and steps compose, so an offset found on
the text the models read can always be turned back into a span of the text exactly as the user submitted it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["MappedText", "TextBuilder"]


@dataclass(frozen=True, slots=True)
class MappedText:
    """`text` plus, for each character `text[i]`, the raw span `[starts[i], ends[i])` it was made from.

    A character copied from the raw text has a one-character span; a character that replaced several raw characters
    (a collapsed elongation, an HTML entity) spans all of them; several characters made from one raw character (a
    ligature expanded by NFKC) each span that one character.
    """

    text: str
    raw: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, raw: str) -> MappedText:
        positions = tuple(range(len(raw)))
        return cls(raw, raw, positions, tuple(range(1, len(raw) + 1)))

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to the half-open span of `raw` that produced it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) is outside a text of length {len(self.text)}")
        if start == end:
            anchor = self.starts[start] if start < len(self.starts) else len(self.raw)
            return anchor, anchor
        return self.starts[start], max(self.ends[start:end])

    def then(self, derived: MappedText) -> MappedText:
        """Compose: `derived` was made from `self.text`; return it mapped onto `self.raw`."""
        if derived.raw != self.text:
            raise ValueError("the derived text was not made from this text")
        starts = tuple(self.starts[s] for s in derived.starts)
        ends = tuple(self.ends[e - 1] for e in derived.ends)
        return MappedText(derived.text, self.raw, starts, ends)

    def translate(self, table: dict[int, str]) -> MappedText:
        """Like `str.translate`, keeping offsets: each character maps to zero or more characters."""
        if _one_to_one(table, self.text):
            # Every character becomes exactly one character (the common case: letter unification, digits), so
            # the offsets do not move; building and composing a map character by character would cost 10x.
            translated = self.text.translate(table)
            return self if translated == self.text else MappedText(translated, self.raw, self.starts, self.ends)
        builder = TextBuilder(self.text)
        for index, char in enumerate(self.text):
            builder.emit(table.get(ord(char), char), index, index + 1)
        return self.then(builder.build())

    def sub(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> MappedText:
        """Like `pattern.sub(replace, text)`, keeping offsets: a replacement spans the whole match it replaced."""
        if pattern.search(self.text) is None:
            return self
        builder = TextBuilder(self.text)
        position = 0
        for match in pattern.finditer(self.text):
            builder.copy(position, match.start())
            builder.emit(replace(match), match.start(), match.end())
            position = match.end()
        builder.copy(position, len(self.text))
        return self.then(builder.build())


_RESIZING: dict[int, re.Pattern[str]] = {}


def _one_to_one(table: dict[int, str], text: str) -> bool:
    """True when no character of `text` is deleted or expanded by `table`."""
    key = id(table)
    pattern = _RESIZING.get(key)
    if pattern is None:
        resizing = [chr(code) for code, value in table.items() if value is None or len(value) != 1]
        pattern = (
            re.compile("[" + "".join(re.escape(char) for char in resizing) + "]") if resizing else re.compile(r"(?!)")
        )
        _RESIZING[key] = pattern
    return pattern.search(text) is None


class TextBuilder:
    """Builds a `MappedText` from pieces of a source text, each tagged with the source span it stands for."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._pieces: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def copy(self, start: int, end: int) -> None:
        """Append `source[start:end]` unchanged, one-to-one."""
        if start >= end:
            return
        self._pieces.append(self._source[start:end])
        self._starts.extend(range(start, end))
        self._ends.extend(range(start + 1, end + 1))

    def emit(self, text: str, start: int, end: int) -> None:
        """Append `text` as the rendering of `source[start:end]` (an empty `text` drops that span)."""
        if not text:
            return
        if text == self._source[start:end]:
            self.copy(start, end)
            return
        self._pieces.append(text)
        self._starts.extend([start] * len(text))
        self._ends.extend([end] * len(text))

    def build(self) -> MappedText:
        return MappedText("".join(self._pieces), self._source, tuple(self._starts), tuple(self._ends))
