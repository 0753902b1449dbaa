"""Rules every submitted text must pass, shared by the CLI and the HTTP API so both refuse the same inputs."""

from __future__ import annotations

import re
from typing import Final

__all__ = ["CHANNELS", "InvalidInputError", "validate_channel", "validate_text"]

CHANNELS: Final = ("survey", "email", "social", "ticket", "chat", "review", "other")
# Anything but whitespace and invisible format marks (ZWNJ/ZWJ, LRM/RLM and the Arabic letter mark, bidi
# embeddings and isolates, word joiner, BOM): a text made only of those has nothing to analyse.
_CONTENT: Final = re.compile(r"[^\s\u200b-\u200f\u061c\u202a-\u202e\u2060-\u2069\ufeff]")


class InvalidInputError(ValueError):
    """A text or field that cannot be analysed; `code` is a stable snake_case string for clients."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def validate_text(text: object, max_chars: int) -> str:
    if not isinstance(text, str):
        raise InvalidInputError("invalid_type", f"text must be a string, not {type(text).__name__}")
    if "\x00" in text:
        raise InvalidInputError("invalid_text", "text contains a NUL character")
    try:
        text.encode("utf-8")  # C-speed check for lone surrogates, which JSON escapes can smuggle in
    except UnicodeEncodeError as error:
        raise InvalidInputError("invalid_text", "text contains a lone surrogate (not valid Unicode)") from error
    if _CONTENT.search(text) is None:
        raise InvalidInputError("empty_text", "text is empty (only spaces or invisible marks)")
    if len(text) > max_chars:
        raise InvalidInputError("text_too_long", f"text has {len(text)} characters; the limit is {max_chars}")
    return text


def validate_channel(channel: object) -> str | None:
    if channel is None:
        return None
    if not isinstance(channel, str) or channel not in CHANNELS:
        raise InvalidInputError("invalid_channel", f"channel must be one of {', '.join(CHANNELS)}")
    return channel
