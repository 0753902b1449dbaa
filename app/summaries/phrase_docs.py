"""The feedback the phrases summary reads: the newest filtered items with a positive or negative label."""

from __future__ import annotations

from sqlalchemy import Engine, select

from app.db.engine import read_connection
from app.db.models import FEEDBACK_TABLE
from app.service.feedback_queries import FeedbackFilter, filter_conditions
from app.summaries.phrases import PhraseDoc

__all__ = ["phrase_docs"]

_F = FEEDBACK_TABLE.c


def phrase_docs(engine: Engine, spec: FeedbackFilter, limit: int) -> list[PhraseDoc]:
    """At most `limit` items, newest first. The redacted text is read: quotes leave the service."""
    query = (
        select(_F.id, _F.redacted_text, _F.language, _F.sentiment_label)
        .where(
            *filter_conditions(spec), _F.sentiment_label.in_(("positive", "negative")), _F.language.in_(("fa", "ar"))
        )
        .order_by(_F.created_at.desc(), _F.id.desc())
        .limit(limit)
    )
    with read_connection(engine) as connection:
        return [
            PhraseDoc(row.id, row.redacted_text, row.language, row.sentiment_label) for row in connection.execute(query)
        ]
