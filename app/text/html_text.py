"""Plain text of an HTML mail body, each character mapped back to the markup or entity it came from."""

from __future__ import annotations

import re
from html import unescape
from html.entities import html5

from app.text.mapped import MappedText, TextBuilder

__all__ = ["html_to_text", "looks_like_html"]

# Structural tags every HTML mail client emits. Asking for one of these, rather than any "<word>", keeps plain
# text that merely quotes an address ("Ali <ali@example.com>") or writes "a <b> c" off the HTML path.
_HTML_HINT = re.compile(
    r"<(?:html|body|head|p|div|br|span|table|td|font|blockquote|meta|style)\b[^<>]*>"
    r"|</(?:p|div|span|td|font|b|a)>",
    re.IGNORECASE,
)

# One regex for every markup token; whatever lies between two tokens is text. Written by hand rather than with
# html.parser so each token's exact raw span is known without converting (line, column) positions back.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comments, Outlook's <!--[if mso]> blocks included; unclosed runs to the end
    r"|<[!?][^>]*>"  # doctype, <![if ...]>, <?xml ...?>
    # A tag; quoted attribute values may contain ">". A tag never holds a bare "<", so a stray "<a" in the
    # text fails at the next "<" instead of scanning on to the end of the body.
    r"|<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>"
    # Digit counts are bounded because html.unescape would call int() on the whole run.
    r"|&(?P<entity>#[0-9]{1,10};?|#[xX][0-9A-Fa-f]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)",
    re.DOTALL,
)
# HTML's collapsible whitespace (a raw U+00A0 is content, not layout) that needs rewriting: a lone " " between
# two words already renders as itself and stays inside the word's piece, so a text run costs few pieces.
_SPACE_RUN = re.compile(r"[ \t\r\n\f]{2,}|[\t\r\n\f]")

# Elements whose content is never text to a reader: scripts and styles are raw text (no markup inside), so the
# renderer jumps straight to their end tag.
_RAW_TEXT_END = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
# Parsed but not shown. <blockquote> in a mail body is, in practice, the quoted earlier message (Gmail, Apple
# Mail, Thunderbird), which the email rules would drop anyway; dropping it here also covers attributions they
# do not recognise.
_HIDDEN = frozenset({"head", "title", "blockquote", "xml", "template", "noscript"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "center", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "table", "tr", "ul",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})  # adjacent cells must not run their words together


def looks_like_html(raw: str) -> bool:
    return _HTML_HINT.search(raw) is not None


def html_to_text(raw: str) -> MappedText:
    """Render `raw` as text: hidden parts dropped, block tags as line breaks, whitespace collapsed, entities
    decoded.

    A decoded entity spans its whole "&...;" in `raw`, a line break the tag that caused it, and a collapsed
    space the whitespace run it replaced; every other character is copied one to one.
    """
    return _Renderer(raw).render()


def _decode(entity: str) -> str | None:
    """The text of "&" + `entity`, or None if it names no entity (browsers then show it as it is)."""
    if entity.startswith("#"):
        return unescape("&" + entity)  # also maps 0, surrogates and C1 controls the way browsers do
    return html5.get(entity)  # keys with ";" and the legacy names that may omit it ("amp", "nbsp")


class _Renderer:
    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._pieces: list[tuple[str, int, int]] = []  # (text, raw start, raw end), in order
        self._open_hidden: dict[str, int] = {}
        self._hidden_depth = 0

    def render(self) -> MappedText:
        raw = self._raw
        position = 0
        while True:
            token = _TOKEN.search(raw, position)
            text_end = len(raw) if token is None else token.start()
            if not self._hidden_depth and position < text_end:
                self._text(position, text_end)
            if token is None:
                break
            position = self._token(token)
        builder = TextBuilder(raw)
        for text, start, end in self._pieces:
            builder.emit(text, start, end)
        return builder.build()

    def _token(self, token: re.Match[str]) -> int:
        """Handle one markup token; return where rendering continues."""
        name = token["name"]
        if name is not None:
            return self._tag(name.lower(), bool(token["close"]), token)
        entity = token["entity"]
        if entity is not None and not self._hidden_depth:
            decoded = _decode(entity)
            if decoded is None:
                self._word(token.start(), token.end())
            elif not decoded:
                pass  # control characters such as &#1; render as nothing
            elif decoded.isspace():
                self._space(token.start(), token.end())  # &nbsp; is layout in mail bodies, not meaning
            else:
                self._pieces.append((decoded, token.start(), token.end()))
        return token.end()

    def _tag(self, name: str, closing: bool, token: re.Match[str]) -> int:
        start, end = token.span()
        raw_end = _RAW_TEXT_END.get(name)
        if raw_end is not None and not closing:
            found = raw_end.search(self._raw, end)
            return len(self._raw) if found is None else found.end()
        if name in _HIDDEN:
            self._toggle_hidden(name, closing)
        elif name == "body" and not closing:
            self._close_hidden("head")  # a <head> left open ends where the body starts
        elif self._hidden_depth:
            pass
        elif name == "br":
            self._newline(start, end, always=True)
        elif name in _BLOCK:
            self._newline(start, end, always=False)
        elif name in _CELL:
            self._space(start, end)
        return end

    def _toggle_hidden(self, name: str, closing: bool) -> None:
        if not closing:
            self._open_hidden[name] = self._open_hidden.get(name, 0) + 1
            self._hidden_depth += 1
        elif self._open_hidden.get(name, 0):
            self._open_hidden[name] -= 1
            self._hidden_depth -= 1

    def _close_hidden(self, name: str) -> None:
        self._hidden_depth -= self._open_hidden.pop(name, 0)

    def _text(self, start: int, end: int) -> None:
        position = start
        for run in _SPACE_RUN.finditer(self._raw, start, end):
            self._word(position, run.start())
            self._space(run.start(), run.end())
            position = run.end()
        self._word(position, end)

    def _word(self, start: int, end: int) -> None:
        # A lone space at an edge of a text run may meet a line start or another space, so it collapses like
        # any run; between the runs found by _SPACE_RUN, words never start or end with one.
        raw = self._raw
        if start < end and raw[start] == " ":
            self._space(start, start + 1)
            start += 1
        trailing = start < end and raw[end - 1] == " "
        if trailing:
            end -= 1
        if start < end:
            self._pieces.append((raw[start:end], start, end))
        if trailing:
            self._space(end, end + 1)

    def _space(self, start: int, end: int) -> None:
        # One space between words; none at the start of a line, where it would only be indentation.
        if self._pieces and self._pieces[-1][0][-1] not in " \n":
            self._pieces.append((" ", start, end))

    def _newline(self, start: int, end: int, *, always: bool) -> None:
        # A block boundary needs a line break only if the text is not at a line start; <br> always is one.
        if self._pieces and self._pieces[-1][0] == " ":
            self._pieces.pop()
        if always or (self._pieces and self._pieces[-1][0][-1] != "\n"):
            self._pieces.append(("\n", start, end))
