"""Feedback: store one or a batch, read one or a filtered page, erase one."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlmodel import Session

from app.analysis.validation import InvalidInputError
from app.api.auth import require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import ApiError, input_error, validation_details, validation_error_code
from app.api.filters import feedback_filter
from app.api.schemas import BatchIn, FeedbackIn
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey
from app.service.feedback_queries import (
    FeedbackFilter,
    InvalidCursorError,
    erase_feedback,
    get_feedback,
    list_feedback,
)
from app.service.idempotency import (
    IdempotencyConflictError,
    Replay,
    StoredResponse,
    find_record,
    request_hash,
    save_record,
)
from app.service.ingest import IngestOutcome, NewFeedback

router = APIRouter(prefix="/v1", tags=["feedback"], route_class=StrictJsonRoute)

State = Annotated[ServiceState, Depends(get_state)]


def to_new_feedback(body: FeedbackIn, default_source: str) -> NewFeedback:
    return NewFeedback(
        text=body.text,
        channel=body.channel,
        source=body.source or default_source,
        external_id=body.external_id,
        created_at=body.created_at,
        customer_ref=body.customer_ref,
        language=body.language,
        metadata=body.metadata,
        nps=body.nps,
        csat=body.csat,
        ces=body.ces,
        ces_scale=body.ces_scale,
    )


def _count(state: ServiceState, outcomes: list[IngestOutcome]) -> None:
    for outcome in outcomes:
        state.metrics.ingested.labels(outcome.status).inc()


@router.post("/feedback", status_code=201, summary="Store one item and return it with its analysis (ingest)")
def create_feedback(
    body: FeedbackIn, response: Response, state: State, key: Annotated[ApiKey, Depends(require_scope("ingest"))]
) -> dict[str, Any]:
    (outcome,) = state.ingestor.ingest([to_new_feedback(body, key.name)])
    _count(state, [outcome])
    if outcome.error is not None:
        raise input_error(outcome.error)
    assert outcome.feedback_id is not None
    view = get_feedback(state.engine, outcome.feedback_id)
    assert view is not None
    if outcome.status == "duplicate":
        response.status_code = 200
    else:
        state.metrics.count_analyses([(view["analysis"]["language"], view["analysis"]["sentiment"]["label"])])
    return {"status": outcome.status, **view}


def _parse_item(raw: dict[str, Any], default_source: str) -> NewFeedback | InvalidInputError:
    try:
        return to_new_feedback(FeedbackIn.model_validate(raw), default_source)
    except ValidationError as error:
        details = validation_details(error.errors())
        _, code, message = validation_error_code(details)
        return InvalidInputError(code, message)


def _batch_body(outcomes: list[IngestOutcome], items: list[NewFeedback | InvalidInputError]) -> dict[str, Any]:
    results = []
    for index, (outcome, item) in enumerate(zip(outcomes, items, strict=True)):
        entry: dict[str, Any] = {"index": index, "status": outcome.status}
        if isinstance(item, NewFeedback) and item.external_id is not None:
            entry["external_id"] = item.external_id
        if outcome.feedback_id is not None:
            entry["id"] = outcome.feedback_id
        if outcome.error is not None:
            entry["error"] = {"code": outcome.error.code, "message": outcome.error.message}
        results.append(entry)
    return {
        "created": sum(o.status == "created" for o in outcomes),
        "duplicates": sum(o.status == "duplicate" for o in outcomes),
        "errors": sum(o.status == "error" for o in outcomes),
        "items": results,
    }


@router.post(
    "/feedback/batch",
    summary="Store many items; a result per item; safe to retry with an Idempotency-Key (ingest)",
    response_class=JSONResponse,
)
def create_feedback_batch(
    body: BatchIn,
    state: State,
    key: Annotated[ApiKey, Depends(require_scope("ingest"))],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    limit = state.settings.max_batch_items
    if not body.items:
        raise ApiError(422, "empty_batch", "the batch has no items")
    if len(body.items) > limit:
        raise ApiError(413, "batch_too_large", f"the batch has {len(body.items)} items; the limit is {limit}")
    assert key.id is not None
    api_key_id = key.id
    ttl = timedelta(hours=state.settings.idempotency_ttl_hours)
    digest = request_hash(body.items)
    if idempotency_key is not None:
        try:
            stored = find_record(state.engine, api_key_id, idempotency_key, digest, ttl)
        except IdempotencyConflictError as error:
            raise ApiError(422, "idempotency_key_reused", str(error)) from error
        if stored is not None:
            return JSONResponse(stored.body, stored.status_code, headers={"Idempotent-Replayed": "true"})
    items = [_parse_item(raw, key.name) for raw in body.items]

    def finalize(session: Session, outcomes: list[IngestOutcome]) -> None:
        if idempotency_key is not None:
            response = StoredResponse(200, _batch_body(outcomes, items))
            save_record(session, api_key_id, idempotency_key, digest, response, ttl)

    try:
        outcomes = state.ingestor.ingest(items, finalize)
    except Replay as replay:
        return JSONResponse(replay.response.body, replay.response.status_code, headers={"Idempotent-Replayed": "true"})
    except IdempotencyConflictError as error:
        raise ApiError(422, "idempotency_key_reused", str(error)) from error
    _count(state, outcomes)
    return JSONResponse(_batch_body(outcomes, items), 200)


@router.get("/feedback", summary="Filtered feedback, newest first, with a cursor (read)")
def search_feedback(
    state: State,
    _: Annotated[ApiKey, Depends(require_scope("read"))],
    spec: Annotated[FeedbackFilter, Depends(feedback_filter)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    try:
        items, next_cursor = list_feedback(state.engine, spec, limit, cursor)
    except InvalidCursorError as error:
        raise ApiError(422, "invalid_cursor", str(error)) from error
    return {"items": items, "next_cursor": next_cursor}


@router.get("/feedback/{feedback_id}", summary="One item with its current analysis (read)")
def read_feedback(
    feedback_id: int, state: State, _: Annotated[ApiKey, Depends(require_scope("read"))]
) -> dict[str, Any]:
    view = get_feedback(state.engine, feedback_id)
    if view is None:
        raise ApiError(404, "not_found", f"no feedback with id {feedback_id}")
    return view


@router.delete("/feedback/{feedback_id}", status_code=204, summary="Erase an item and everything derived (admin)")
def delete_feedback(
    feedback_id: int, state: State, key: Annotated[ApiKey, Depends(require_scope("admin"))]
) -> Response:
    if not erase_feedback(state.engine, feedback_id, key.id):
        raise ApiError(404, "not_found", f"no feedback with id {feedback_id}")
    return Response(status_code=204)
