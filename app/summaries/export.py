"""Streaming exports of filtered feedback as CSV or JSON lines, in constant memory.

Rows come from a server-side cursor (PostgreSQL) or a lazily read SQLite cursor, 1,000 at a time; each chunk's
labels are fetched with one query. The text exported is the redacted text: exports leave the service, so personal
data stays behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any, Final

import orjson
from sqlalchemy import Engine, select

from app.db.engine import read_connection
from app.db.models import FEEDBACK_TABLE, LABEL_TABLE
from app.service.feedback_queries import FeedbackFilter, filter_conditions

__all__ = ["COLUMNS", "export_csv", "export_jsonl"]

_F = FEEDBACK_TABLE.c
_L = LABEL_TABLE.c
_CHUNK: Final = 1000
COLUMNS: Final = (
    "id",
    "created_at",
    "received_at",
    "channel",
    "source",
    "external_id",
    "customer_ref",
    "language",
    "sentiment",
    "sentiment_score",
    "nps",
    "csat",
    "ces",
    "ces_scale",
    "themes",
    "topics",
    "custom_topics",
    "redacted_text",
)


def _records(engine: Engine, spec: FeedbackFilter) -> Iterator[dict[str, Any]]:
    query = (
        select(
            _F.id,
            _F.created_at,
            _F.received_at,
            _F.channel,
            _F.source,
            _F.external_id,
            _F.customer_ref,
            _F.language,
            _F.sentiment_label,
            _F.sentiment_score,
            _F.nps,
            _F.csat,
            _F.ces,
            _F.ces_scale,
            _F.redacted_text,
            _F.current_analysis_id,
        )
        .where(*filter_conditions(spec))
        .order_by(_F.created_at, _F.id)
    )
    with read_connection(engine) as connection:
        result = connection.execution_options(stream_results=True, yield_per=_CHUNK).execute(query)
        for chunk in result.partitions(_CHUNK):
            analysis_ids = [row.current_analysis_id for row in chunk if row.current_analysis_id is not None]
            labels: dict[int, dict[str, list[dict[str, str]]]] = {}
            if analysis_ids:
                with read_connection(engine) as side:  # a second connection: the first is busy streaming
                    for label in side.execute(
                        select(_L.analysis_id, _L.kind, _L.name, _L.sentiment)
                        .where(_L.analysis_id.in_(analysis_ids))
                        .order_by(_L.id)
                    ):
                        group = {"theme": "themes", "topic": "topics"}.get(label.kind, "custom_topics")
                        labels.setdefault(label.analysis_id, {}).setdefault(group, []).append(
                            {"name": label.name, "sentiment": label.sentiment}
                        )
            for row in chunk:
                found = labels.get(row.current_analysis_id, {})
                yield {
                    "id": row.id,
                    "created_at": row.created_at.isoformat(),
                    "received_at": row.received_at.isoformat(),
                    "channel": row.channel,
                    "source": row.source,
                    "external_id": row.external_id,
                    "customer_ref": row.customer_ref,
                    "language": row.language,
                    "sentiment": row.sentiment_label,
                    "sentiment_score": row.sentiment_score,
                    "nps": row.nps,
                    "csat": row.csat,
                    "ces": row.ces,
                    "ces_scale": row.ces_scale,
                    "themes": found.get("themes", []),
                    "topics": found.get("topics", []),
                    "custom_topics": found.get("custom_topics", []),
                    "redacted_text": row.redacted_text,
                }


def export_jsonl(engine: Engine, spec: FeedbackFilter) -> Iterator[bytes]:
    buffer = bytearray()
    for record in _records(engine, spec):
        buffer += orjson.dumps(record) + b"\n"
        if len(buffer) >= 64 * 1024:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "|".join(f"{item['name']}:{item['sentiment']}" for item in value)
    return "" if value is None else value


def export_csv(engine: Engine, spec: FeedbackFilter, *, bom: bool) -> Iterator[bytes]:
    """RFC 4180 CSV in UTF-8; with `bom`, a UTF-8 byte order mark first so that Excel reads Persian and Arabic
    correctly. Labels are `name:sentiment` joined by `|`."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    prefix = b"\xef\xbb\xbf" if bom else b""
    for record in _records(engine, spec):
        writer.writerow([_cell(record[column]) for column in COLUMNS])
        if text.tell() >= 64 * 1024:
            yield prefix + text.getvalue().encode("utf-8")
            prefix = b""
            text.seek(0)
            text.truncate()
    yield prefix + text.getvalue().encode("utf-8")
