"""Seeding stored feedback with chosen labels, times and survey answers (summaries read what is stored, so tests
control exactly what is there and compute the expected numbers by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.db.models import Analysis, Feedback, FeedbackLabel


@dataclass
class Row:
    created_at: str  # ISO 8601 with offset
    label: str = "neutral"
    score: float = 0.0
    channel: str = "survey"
    language: str = "fa"
    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    ces_scale: int | None = None
    themes: list[tuple[str, str]] = field(default_factory=list)  # (name, sentiment)
    topics: list[tuple[str, str]] = field(default_factory=list)
    text: str = "متن نمونه"


def seed(engine: Engine, rows: list[Row]) -> list[int]:
    ids = []
    with Session(engine) as session:
        for row in rows:
            created = datetime.fromisoformat(row.created_at)
            feedback = Feedback(
                channel=row.channel,
                text=row.text,
                redacted_text=row.text,
                normalization_version="norm-1",
                created_at=created,
                received_at=created,
                language=row.language,
                sentiment_label=row.label,
                sentiment_score=row.score,
                nps=row.nps,
                csat=row.csat,
                ces=row.ces,
                ces_scale=row.ces_scale,
            )
            session.add(feedback)
            session.flush()
            assert feedback.id is not None
            result: dict[str, Any] = {"language": row.language, "themes": [], "topics": []}
            analysis = Analysis(
                feedback_id=feedback.id,
                model_version="seed",
                normalization_version="norm-1",
                language=row.language,
                sentiment_label=row.label,
                sentiment_score=row.score,
                sentiment_confidence=1.0,
                result=result,
            )
            session.add(analysis)
            session.flush()
            assert analysis.id is not None
            feedback.current_analysis_id = analysis.id
            for kind, labels in (("theme", row.themes), ("topic", row.topics)):
                for name, sentiment in labels:
                    session.add(
                        FeedbackLabel(
                            analysis_id=analysis.id,
                            feedback_id=feedback.id,
                            kind=kind,
                            name=name,
                            sentiment=sentiment,
                            confidence=0.9,
                        )
                    )
            ids.append(feedback.id)
        session.commit()
    return ids
