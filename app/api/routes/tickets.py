"""The helpdesk path: post a ticket's messages one by one and get the message's tags and the ticket's state."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from app.api.auth import require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import ApiError, input_error
from app.api.schemas import TicketMessageIn
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey
from app.service.feedback_queries import find_ticket, message_and_ticket, ticket_summary
from app.service.ingest import NewFeedback

router = APIRouter(prefix="/v1/tickets", tags=["tickets"], route_class=StrictJsonRoute)

State = Annotated[ServiceState, Depends(get_state)]
Segment = Annotated[str, Path(min_length=1, max_length=200)]


@router.post(
    "/{source}/{external_id}/messages",
    status_code=201,
    summary="Analyse and store a ticket message; re-posting a message_id returns the stored result (ingest)",
)
def post_message(
    source: Segment,
    external_id: Segment,
    body: TicketMessageIn,
    response: Response,
    state: State,
    _: Annotated[ApiKey, Depends(require_scope("ingest"))],
) -> dict[str, Any]:
    ticket_id = state.ingestor.ensure_ticket(source, external_id)
    item = NewFeedback(
        text=body.text,
        channel=body.channel,
        source=source,
        created_at=body.created_at,
        customer_ref=body.customer_ref,
        language=body.language,
        metadata=body.metadata,
        ticket_id=ticket_id,
        message_id=body.message_id,
    )
    (outcome,) = state.ingestor.ingest([item])
    state.metrics.ingested.labels(outcome.status).inc()
    if outcome.error is not None:
        raise input_error(outcome.error)
    assert outcome.feedback_id is not None
    message, ticket = message_and_ticket(state.engine, outcome.feedback_id, ticket_id)
    if outcome.status == "duplicate":
        response.status_code = 200
    return {"status": outcome.status, "message": message, "ticket": ticket}


@router.get("/{source}/{external_id}", summary="A ticket's current state (read)")
def get_ticket(
    source: Segment, external_id: Segment, state: State, _: Annotated[ApiKey, Depends(require_scope("read"))]
) -> dict[str, Any]:
    ticket_id = find_ticket(state.engine, source, external_id)
    if ticket_id is None:
        raise ApiError(404, "not_found", "no such ticket")
    return ticket_summary(state.engine, ticket_id)
