"""Reading stored feedback: one item, filtered pages with a stable cursor, a ticket's thread, and erasure."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from app.db.models import Analysis, AuditEntry, Feedback, FeedbackLabel, IssueTag, Ticket
from app.db.types import as_utc
from app.service.tickets import MessageSummary, ticket_state
from app.service.views import feedback_view

__all__ = [
    "FeedbackFilter",
    "InvalidCursorError",
    "erase_feedback",
    "filter_conditions",
    "find_ticket",
    "get_feedback",
    "list_feedback",
    "message_and_ticket",
    "ticket_summary",
    "with_analyses",
]


class InvalidCursorError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    channel: str | None = None
    source: str | None = None
    language: str | None = None
    sentiment: str | None = None
    theme: str | None = None
    topic: str | None = None  # a model topic or a custom topic
    created_from: datetime | None = None  # inclusive
    created_to: datetime | None = None  # exclusive
    nps_min: int | None = None
    nps_max: int | None = None
    csat_min: int | None = None
    csat_max: int | None = None
    ces_min: int | None = None
    ces_max: int | None = None
    ces_scale: int | None = None
    text_contains: str | None = None


def _has_label(kinds: Sequence[str], name: str) -> ColumnElement[bool]:
    # Labels of the *current* analysis only: history must not leak into filters.
    return exists().where(
        col(FeedbackLabel.analysis_id) == col(Feedback.current_analysis_id),
        col(FeedbackLabel.name) == name,
        col(FeedbackLabel.kind).in_(kinds),
    )


def filter_conditions(spec: FeedbackFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    equal = {
        Feedback.channel: spec.channel,
        Feedback.source: spec.source,
        Feedback.language: spec.language,
        Feedback.sentiment_label: spec.sentiment,
        Feedback.ces_scale: spec.ces_scale,
    }
    for column, value in equal.items():
        if value is not None:
            conditions.append(col(column) == value)
    if spec.theme is not None:
        conditions.append(_has_label(("theme",), spec.theme))
    if spec.topic is not None:
        conditions.append(_has_label(("topic", "custom"), spec.topic))
    if spec.created_from is not None:
        conditions.append(col(Feedback.created_at) >= as_utc(spec.created_from))
    if spec.created_to is not None:
        conditions.append(col(Feedback.created_at) < as_utc(spec.created_to))
    for column, low, high in (
        (Feedback.nps, spec.nps_min, spec.nps_max),
        (Feedback.csat, spec.csat_min, spec.csat_max),
        (Feedback.ces, spec.ces_min, spec.ces_max),
    ):
        if low is not None:
            conditions.append(col(column) >= low)
        if high is not None:
            conditions.append(col(column) <= high)
    if spec.text_contains:
        # Plain substring search (LIKE with the wildcards escaped); the redacted text is searched too so that it
        # also works when raw text is not kept.
        pattern = "%" + spec.text_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(
            or_(col(Feedback.text).like(pattern, escape="\\"), col(Feedback.redacted_text).like(pattern, escape="\\"))
        )
    return conditions


def _encode_cursor(created_at: datetime, feedback_id: int) -> str:
    raw = f"{as_utc(created_at).isoformat()}|{feedback_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, _, identifier = raw.partition("|")
        return as_utc(datetime.fromisoformat(stamp)), int(identifier)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidCursorError("the cursor is not one this API returned") from error


def with_analyses(session: Session, rows: Sequence[Feedback]) -> list[dict[str, Any]]:
    """Views of `rows` with their current analyses, fetched in one query (no N+1)."""
    wanted = [row.current_analysis_id for row in rows if row.current_analysis_id is not None]
    analyses = {}
    if wanted:
        for analysis in session.exec(select(Analysis).where(col(Analysis.id).in_(wanted))):
            analyses[analysis.id] = analysis
    return [feedback_view(row, analyses.get(row.current_analysis_id)) for row in rows]


def list_feedback(
    engine: Engine, spec: FeedbackFilter, limit: int, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page, newest first (created_at, then id, both descending), and the cursor of the next page or None."""
    conditions = filter_conditions(spec)
    if cursor:
        after_time, after_id = _decode_cursor(cursor)
        conditions.append(
            or_(
                col(Feedback.created_at) < after_time,
                and_(col(Feedback.created_at) == after_time, col(Feedback.id) < after_id),
            )
        )
    query = (
        select(Feedback)
        .where(*conditions)
        .order_by(col(Feedback.created_at).desc(), col(Feedback.id).desc())
        .limit(limit + 1)
    )
    with Session(engine) as session:
        rows = list(session.exec(query))
        page, more = rows[:limit], len(rows) > limit
        items = with_analyses(session, page)
    last = page[-1] if page else None
    next_cursor = _encode_cursor(last.created_at, last.id) if more and last and last.id is not None else None
    return items, next_cursor


def get_feedback(engine: Engine, feedback_id: int) -> dict[str, Any] | None:
    with Session(engine.execution_options(nazar_read_only=True)) as session:
        row = session.get(Feedback, feedback_id)
        if row is None:
            return None
        return with_analyses(session, [row])[0]


def erase_feedback(engine: Engine, feedback_id: int, api_key_id: int | None) -> bool:
    """Delete the item with every analysis, label and issue tag; leave only an audit line (no text in it)."""
    with Session(engine) as session:
        row = session.get(Feedback, feedback_id)
        if row is None:
            return False
        detail = {"source": row.source, "external_id": row.external_id, "ticket_id": row.ticket_id}
        for table in (IssueTag, FeedbackLabel, Analysis):
            session.execute(delete(table).where(col(table.feedback_id) == feedback_id))
        session.delete(row)
        session.add(
            AuditEntry(action="feedback.erased", target=f"feedback:{feedback_id}", api_key_id=api_key_id, detail=detail)
        )
        session.commit()
        return True


def ticket_summary(engine: Engine, ticket_id: int) -> dict[str, Any]:
    """The ticket's identity and state, computed from its messages' current analyses."""
    with Session(engine.execution_options(nazar_read_only=True)) as session:
        return _ticket_summary(session, ticket_id)


def message_and_ticket(engine: Engine, feedback_id: int, ticket_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ticket message's view and its ticket's state, read in one session."""
    with Session(engine.execution_options(nazar_read_only=True)) as session:
        row = session.get(Feedback, feedback_id)
        assert row is not None
        return with_analyses(session, [row])[0], _ticket_summary(session, ticket_id)


def _ticket_summary(session: Session, ticket_id: int) -> dict[str, Any]:
    ticket = session.get(Ticket, ticket_id)
    assert ticket is not None
    query = (
        select(Feedback.message_id, Analysis.sentiment_label, Analysis.sentiment_score, Analysis.result)
        .join(Analysis, col(Analysis.id) == col(Feedback.current_analysis_id))
        .where(Feedback.ticket_id == ticket_id)
        .order_by(col(Feedback.created_at), col(Feedback.id))
    )
    messages = [
        MessageSummary(str(message_id), label, score, result.get("themes", []), result.get("topics", []))
        for message_id, label, score, result in session.exec(query)
    ]
    body: dict[str, Any] = {"id": ticket.id, "source": ticket.source, "external_id": ticket.external_id}
    if messages:
        body.update(ticket_state(messages))
    else:
        body["message_count"] = 0
    return body


def find_ticket(engine: Engine, source: str, external_id: str) -> int | None:
    with Session(engine) as session:
        return session.exec(select(Ticket.id).where(Ticket.source == source, Ticket.external_id == external_id)).first()
