"""JSON-lines analysis: one request per line in, one result (or error object) per line out, in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from app.analysis.pipeline import AnalysisRequest, Analyzer
from app.analysis.validation import InvalidInputError, validate_channel, validate_text

__all__ = ["analyze_lines"]

_KNOWN_FIELDS = frozenset({"text", "id", "channel", "language"})


def _error(request_id: object, code: str, message: str) -> dict[str, Any]:
    return {"id": request_id, "error": {"code": code, "message": message}}


def _parse(line: bytes, max_chars: int) -> AnalysisRequest | dict[str, Any]:
    """A request, or the error object that replaces its result."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        return _error(None, "invalid_utf8", "the line is not valid UTF-8")
    try:
        payload = orjson.loads(decoded)
    except orjson.JSONDecodeError as error:
        return _error(None, "invalid_json", f"the line is not valid JSON: {error}")
    if not isinstance(payload, dict):
        return _error(None, "invalid_json", "each line must be a JSON object")
    request_id = payload.get("id")
    if request_id is not None and not isinstance(request_id, str | int):
        return _error(None, "invalid_type", "id must be a string or an integer")
    unknown = sorted(set(payload) - _KNOWN_FIELDS)
    if unknown:
        return _error(request_id, "unknown_field", f"unknown field(s): {', '.join(unknown)}")
    if "text" not in payload:
        return _error(request_id, "missing_text", 'the object has no "text"')
    try:
        text = validate_text(payload["text"], max_chars)
        channel = validate_channel(payload.get("channel"))
    except InvalidInputError as error:
        return _error(request_id, error.code, error.message)
    language = payload.get("language")
    if language is not None and not isinstance(language, str):
        return _error(request_id, "invalid_type", "language must be a string")
    return AnalysisRequest(
        text=text, id=None if request_id is None else str(request_id), channel=channel, language=language
    )


def analyze_lines(analyzer: Analyzer, lines: Iterable[bytes], batch_size: int = 256) -> Iterator[dict[str, Any]]:
    """Batches valid lines through the models; a bad line yields its error object in place and the run goes on."""
    pending: list[AnalysisRequest | dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        requests = [item for item in pending if isinstance(item, AnalysisRequest)]
        results = iter(analyzer.analyze_batch(requests)) if requests else iter(())
        for item in pending:
            yield next(results).to_json() if isinstance(item, AnalysisRequest) else item
        pending.clear()

    for line in lines:
        if not line.strip():
            continue
        pending.append(_parse(line.rstrip(b"\r\n"), analyzer.max_text_chars))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()
