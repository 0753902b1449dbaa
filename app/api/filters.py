"""The feedback filters, as query parameters shared by listing, summaries and exports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query

from app.api.schemas import Channel
from app.service.feedback_queries import FeedbackFilter

__all__ = ["feedback_filter"]


def feedback_filter(
    channel: Channel | None = None,
    source: str | None = None,
    language: str | None = None,
    sentiment: Annotated[str | None, Query(pattern="^(negative|neutral|positive)$")] = None,
    theme: str | None = None,
    topic: Annotated[str | None, Query(description="A model topic or a custom topic")] = None,
    created_from: Annotated[datetime | None, Query(description="Inclusive, ISO 8601")] = None,
    created_to: Annotated[datetime | None, Query(description="Exclusive, ISO 8601")] = None,
    nps_min: Annotated[int | None, Query(ge=0, le=10)] = None,
    nps_max: Annotated[int | None, Query(ge=0, le=10)] = None,
    csat_min: Annotated[int | None, Query(ge=1, le=5)] = None,
    csat_max: Annotated[int | None, Query(ge=1, le=5)] = None,
    ces_min: Annotated[int | None, Query(ge=1, le=7)] = None,
    ces_max: Annotated[int | None, Query(ge=1, le=7)] = None,
    ces_scale: Annotated[int | None, Query(ge=5, le=7)] = None,
    text_contains: Annotated[str | None, Query(max_length=200)] = None,
) -> FeedbackFilter:
    return FeedbackFilter(
        channel=channel,
        source=source,
        language=language,
        sentiment=sentiment,
        theme=theme,
        topic=topic,
        created_from=created_from,
        created_to=created_to,
        nps_min=nps_min,
        nps_max=nps_max,
        csat_min=csat_min,
        csat_max=csat_max,
        ces_min=ces_min,
        ces_max=ces_max,
        ces_scale=ces_scale,
        text_contains=text_contains,
    )
