"""Custom topics: user-defined phrase lists matched against every new feedback item."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from app.api.auth import require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import ApiError
from app.api.schemas import TopicIn
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey, CustomTopicRow
from app.service.topics import TopicExistsError

router = APIRouter(prefix="/v1/topics", tags=["topics"], route_class=StrictJsonRoute)

State = Annotated[ServiceState, Depends(get_state)]


def _view(row: CustomTopicRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "phrases": row.phrases,
        "exclusions": row.exclusions,
        "created_at": row.created_at.isoformat(),
    }


@router.post("", status_code=201, summary="Define a topic; new feedback is matched at once (admin)")
def create_topic(body: TopicIn, state: State, _: Annotated[ApiKey, Depends(require_scope("admin"))]) -> dict[str, Any]:
    try:
        row = state.topics.create(body.name, body.phrases, body.exclusions)
    except TopicExistsError as error:
        raise ApiError(409, "topic_exists", str(error)) from error
    except ValueError as error:
        raise ApiError(422, "invalid_topic", str(error)) from error
    return _view(row)


@router.get("", summary="All custom topics (read)")
def list_topics(state: State, _: Annotated[ApiKey, Depends(require_scope("read"))]) -> dict[str, Any]:
    return {"items": [_view(row) for row in state.topics.list()]}


@router.get("/{topic_id}", summary="One custom topic (read)")
def read_topic(topic_id: int, state: State, _: Annotated[ApiKey, Depends(require_scope("read"))]) -> dict[str, Any]:
    row = state.topics.get(topic_id)
    if row is None:
        raise ApiError(404, "not_found", f"no topic with id {topic_id}")
    return _view(row)


@router.delete("/{topic_id}", status_code=204, summary="Delete a custom topic (admin)")
def delete_topic(topic_id: int, state: State, _: Annotated[ApiKey, Depends(require_scope("admin"))]) -> Response:
    if not state.topics.delete(topic_id):
        raise ApiError(404, "not_found", f"no topic with id {topic_id}")
    return Response(status_code=204)
