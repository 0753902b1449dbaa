"""Channel cleaning: the part of a raw feedback text worth analysing, each character mapped to the raw."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, get_args

from app.text.email_cleaning import clean_email, drop_quoted
from app.text.lines import keep_lines, split_lines, tidy
from app.text.mapped import MappedText, TextBuilder

__all__ = ["CHANNELS", "Channel", "clean"]

Channel = Literal["survey", "email", "social", "ticket", "chat", "review", "other"]
CHANNELS: tuple[Channel, ...] = get_args(Channel)

# One pass over a social post finds everything to rewrite. Order matters where alternatives overlap: a URL is
# consumed whole before its "@" or "#" could be read as a mention or a hashtag.
_SOCIAL = re.compile(
    r"(?P<retweet>^[^\S\n]*RT[^\S\n]+@[A-Za-z0-9_]+:?)"
    # A URL never ends in punctuation: "see https://x.ir/a." keeps its full stop, "(www.x.ir)" its bracket.
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?،؛)\]}'»…])"
    # Handles on X, Instagram and Telegram are ASCII. The look-behind keeps "ali@example.com" whole.
    r"|(?P<mention>(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"
    # A hashtag needs a letter: "#12345" is an order number. ZWNJ belongs inside Persian words; the
    # look-behind keeps "&#1587;" and "page/#top" apart.
    r"|(?<![\w#&/])#(?P<hashtag>[\w\u200c]*[^\W\d_][\w\u200c]*)",
    re.MULTILINE,
)
_UNDERSCORES = re.compile(r"_+")
_BLANKS = " \t\f\v\xa0"  # the horizontal whitespace a removed token takes with it

# Helpdesk lines that only carry a ticket or tracking number ("Ticket #12345", "شماره تیکت: ۱۲۳۴",
# "رقم التذكرة: 5678"). The number (any script's digits) is required, so "Ticket still open" is kept.
_TICKET_ID = re.compile(
    r"\[?\s*(?:"
    r"(?i:(?:ticket|case|request|incident)(?:\s*(?:no\.?|number|id))?)"
    r"|(?:شماره|کد)[\s\u200c]+(?:تیکت|تیكت|درخواست|پیگیری|رهگیری)|تیکت(?:\s+شماره)?"
    r"|رقم\s+(?:التذكرة|الطلب|البلاغ|الشكوى|المرجع)|تذكرة(?:\s+رقم)?"
    r")\s*[:#]?\s*#?\s*[\w-]*\d[\w-]*\s*\]?"
)
# Lines a chat widget writes itself: session start and end, agents joining and leaving.
_CONVERSATION = r"گفت[\s\u200c]*و?[\s\u200c]*گو"  # گفتگو, گفت‌وگو, گفت و گو
_CHAT_SYSTEM = re.compile(
    "|".join(
        [
            r"(?i:chat\s+(?:started|ended|transcript)\b.*)",
            r"(?i:.{1,40}\s(?:has\s+)?(?:joined|left)\s+the\s+(?:chat|conversation)\.?)",
            _CONVERSATION + r"\s+(?:آغاز|شروع|پایان|تمام)\s+(?:شد|یافت)\.?",
            r".{1,40}\s(?:وارد\s+" + _CONVERSATION + r"\s+شد|" + _CONVERSATION + r"\s+را\s+ترک\s+کرد)\.?",
            r"(?:بدأت|انتهت)\s+المحادثة.*",
            r"(?:انضم|انضمت|غادر|غادرت)\s.{1,40}المحادثة\.?",
        ]
    )
)
# "Reply above this line" markers (Zendesk, Freshdesk, translated): below them is the earlier thread.
_REPLY_ABOVE = re.compile(r"(?i:reply\s+above\s+this\s+line)|بالای\s+این\s+خط|فوق\s+هذا\s+السطر")


def clean(raw: str, channel: str | None) -> MappedText:
    """The text to analyse in `raw` from `channel`; an unknown or missing channel only tidies whitespace.

    Never empty unless `raw` is blank: when the channel rules would remove everything (an email that is all
    quote, a post that is only a link), the raw text, tidied, is returned instead.
    """
    rule = _RULES.get(channel.lower(), _tidy_only) if channel else _tidy_only
    cleaned = rule(raw)
    return cleaned if cleaned.text else _tidy_only(raw)


def _tidy_only(raw: str) -> MappedText:
    return tidy(MappedText.identity(raw))


def _clean_social(raw: str) -> MappedText:
    builder = TextBuilder(raw)
    position = 0
    for match in _SOCIAL.finditer(raw):
        start, end = match.span()
        if match.lastgroup == "hashtag":
            builder.copy(position, start)
            _emit_hashtag(builder, raw, *match.span("hashtag"))
        else:
            # A removed token takes the blanks before it ("see https://x.ir." reads "see."), or, at the start
            # of a line, those after it, so "thanks @ali for" and "@ali hi" read "thanks for" and "hi".
            while start > position and raw[start - 1] in _BLANKS:
                start -= 1
            if start == 0 or raw[start - 1] == "\n":
                while end < len(raw) and raw[end] in _BLANKS:
                    end += 1
            builder.copy(position, start)
        position = end
    builder.copy(position, len(raw))
    return tidy(builder.build())


def _emit_hashtag(builder: TextBuilder, raw: str, start: int, end: int) -> None:
    """A hashtag as words: "#" dropped, each inner run of underscores one space (mapped to that run)."""
    position = start
    for run in _UNDERSCORES.finditer(raw, start, end):
        builder.copy(position, run.start())
        if start < run.start() and run.end() < end:
            builder.emit(" ", run.start(), run.end())
        position = run.end()
    builder.copy(position, end)


def _clean_ticket(raw: str) -> MappedText:
    """Helpdesk and chat text without the earlier thread (below a reply marker, or in email-quote form) and
    without the lines the system wrote (ticket numbers, chat events)."""
    lines = split_lines(raw)
    for index, line in enumerate(lines):
        if _REPLY_ABOVE.search(line.probe):
            lines = lines[:index]
            break
    lines = [
        line
        for line in drop_quoted(lines)
        if not (_TICKET_ID.fullmatch(line.probe) or _CHAT_SYSTEM.fullmatch(line.probe))
    ]
    return tidy(keep_lines(MappedText.identity(raw), lines))


_RULES: dict[str, Callable[[str], MappedText]] = {
    "email": clean_email,
    "social": _clean_social,
    "ticket": _clean_ticket,
    "chat": _clean_ticket,
}
