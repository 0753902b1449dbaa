"""Marketing summaries (sentiment over time, NPS / CSAT / CES, drivers, phrases) and streamed exports."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from app.api.auth import require_scope
from app.api.errors import ApiError
from app.api.filters import feedback_filter
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey
from app.service.feedback_queries import FeedbackFilter
from app.summaries.aggregate import BucketGroup, GroupBy, day_counts, roll_up
from app.summaries.calendars import CalendarName, Interval
from app.summaries.drivers import drivers
from app.summaries.export import export_csv, export_jsonl
from app.summaries.phrase_docs import phrase_docs
from app.summaries.phrases import Phrase, characteristic_phrases
from app.summaries.stats import ces_summary, csat_summary, nps_summary, sentiment_summary

router = APIRouter(tags=["summaries"])

State = Annotated[ServiceState, Depends(get_state)]
Reader = Annotated[ApiKey, Depends(require_scope("read"))]
Spec = Annotated[FeedbackFilter, Depends(feedback_filter)]


def _zone(state: ServiceState, timezone: str | None) -> str:
    name = timezone or state.settings.summary_timezone
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ApiError(422, "invalid_timezone", f"unknown time zone {name!r} (use an IANA name)") from error
    return name


def _bucket_fields(item: BucketGroup, zone: str) -> dict[str, Any]:
    if item.bucket is None:
        return {"bucket": "all", "start": None, "end": None, "group": item.group}
    tz = ZoneInfo(zone)
    start = datetime.combine(item.bucket.start, time(), tz).isoformat()
    end = datetime.combine(item.bucket.end, time(), tz).isoformat()
    return {"bucket": item.bucket.key, "start": start, "end": end, "group": item.group}


def _rows(
    state: ServiceState,
    spec: FeedbackFilter,
    interval: Interval | None,
    zone: str,
    calendar: CalendarName,
    group_by: GroupBy | None,
) -> tuple[list[BucketGroup], list[BucketGroup]]:
    days = day_counts(state.engine, spec, zone, group_by)
    return roll_up(days, interval, calendar, zone, spec), roll_up(days, None, calendar, zone, spec)


Params = dict[str, Any]


def _params(interval: Interval | None, zone: str, calendar: CalendarName, group_by: GroupBy | None) -> Params:
    return {"interval": interval, "timezone": zone, "calendar": calendar, "group_by": group_by}


@router.get("/v1/summaries/sentiment", summary="Sentiment counts, shares, net sentiment and mean score (read)")
def sentiment(
    state: State,
    _: Reader,
    spec: Spec,
    interval: Interval | None = None,
    timezone: Annotated[str | None, Query(description="IANA zone; default from settings")] = None,
    calendar: CalendarName = "gregorian",
    group_by: GroupBy | None = None,
) -> dict[str, Any]:
    zone = _zone(state, timezone)
    series, totals = _rows(state, spec, interval, zone, calendar, group_by)
    return {
        **_params(interval, zone, calendar, group_by),
        "series": [{**_bucket_fields(item, zone), **sentiment_summary(item.counts)} for item in series],
        "totals": [{"group": item.group, **sentiment_summary(item.counts)} for item in totals],
    }


def _metrics(item: BucketGroup, min_n: int) -> dict[str, Any]:
    counts = item.counts
    return {
        "responses": counts.count,
        "nps": nps_summary(counts.promoters, counts.detractors, counts.nps_n, min_n),
        "csat": csat_summary(counts.csat_satisfied, counts.csat_n, min_n),
        "ces": ces_summary(counts, min_n),
    }


@router.get("/v1/summaries/metrics", summary="NPS, CSAT and CES with 95% intervals (read)")
def metrics(
    state: State,
    _: Reader,
    spec: Spec,
    interval: Interval | None = None,
    timezone: str | None = None,
    calendar: CalendarName = "gregorian",
    group_by: GroupBy | None = None,
) -> dict[str, Any]:
    zone = _zone(state, timezone)
    min_n = state.settings.summary_min_sample
    series, totals = _rows(state, spec, interval, zone, calendar, group_by)
    return {
        **_params(interval, zone, calendar, group_by),
        "min_sample": min_n,
        "series": [{**_bucket_fields(item, zone), **_metrics(item, min_n)} for item in series],
        "totals": [{"group": item.group, **_metrics(item, min_n)} for item in totals],
    }


@router.get("/v1/summaries/drivers", summary="What each theme and topic costs or wins in NPS and CSAT (read)")
def nps_drivers(state: State, _: Reader, spec: Spec) -> dict[str, Any]:
    return {
        "min_sample": state.settings.summary_min_sample,
        **drivers(state.engine, spec, state.settings.summary_min_sample),
    }


@router.get("/v1/summaries/phrases", summary="Most characteristic phrases of positive and negative feedback (read)")
def phrases(
    state: State,
    _: Reader,
    spec: Spec,
    top: Annotated[int, Query(ge=1, le=100)] = 20,
    min_count: Annotated[int, Query(ge=1, le=1000)] = 3,
    sample: Annotated[int, Query(ge=100, le=100_000, description="Newest items read")] = 20_000,
) -> dict[str, Any]:
    docs = phrase_docs(state.engine, spec, sample)
    found = characteristic_phrases(docs, top=top, min_count=min_count)
    return {
        "documents": len(docs),
        "languages": {
            language: {polarity: [_phrase(item) for item in items] for polarity, items in sides.items()}
            for language, sides in found.items()
        },
    }


def _phrase(item: Phrase) -> dict[str, Any]:
    return {
        "phrase": item.phrase,
        "count": item.count,
        "other_count": item.other_count,
        "score": round(item.score, 3),
        "examples": [{"feedback_id": feedback_id, "quote": quote} for feedback_id, quote in item.examples],
    }


def _filename(extension: str) -> str:
    return f"nazar-feedback-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.{extension}"


@router.get("/v1/exports/feedback.csv", summary="Filtered feedback as CSV, streamed (read)")
def export_feedback_csv(
    state: State,
    _: Reader,
    spec: Spec,
    bom: Annotated[bool, Query(description="Start with a UTF-8 BOM so that Excel reads Persian and Arabic")] = False,
) -> StreamingResponse:
    return StreamingResponse(
        export_csv(state.engine, spec, bom=bom),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename("csv")}"'},
    )


@router.get("/v1/exports/feedback.jsonl", summary="Filtered feedback as JSON lines, streamed (read)")
def export_feedback_jsonl(state: State, _: Reader, spec: Spec) -> StreamingResponse:
    return StreamingResponse(
        export_jsonl(state.engine, spec),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{_filename("jsonl")}"'},
    )
