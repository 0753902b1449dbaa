"""Tagged issues: list, read with linked feedback, change status."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from app.api.auth import require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import ApiError
from app.api.schemas import IssuePatch
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey
from app.service.issue_queries import IssueFilter, get_issue, list_issues, set_issue_status

router = APIRouter(prefix="/v1/issues", tags=["issues"], route_class=StrictJsonRoute)

State = Annotated[ServiceState, Depends(get_state)]


@router.get("", summary="Issues with counts and trends, by count or growth (read)")
def search_issues(
    state: State,
    _: Annotated[ApiKey, Depends(require_scope("read"))],
    theme: str | None = None,
    topic: str | None = None,
    status: Literal["open", "acknowledged", "resolved"] | None = None,
    language: str | None = None,
    seen_from: Annotated[datetime | None, Query(description="Count mentions from here (inclusive)")] = None,
    seen_to: Annotated[datetime | None, Query(description="... up to here (exclusive)")] = None,
    window_days: Annotated[int, Query(ge=1, le=365, description="Trend: last window against the one before")] = 7,
    sort: Literal["count", "growth", "last_seen"] = "count",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    spec = IssueFilter(theme, topic, status, language, seen_from, seen_to, window_days)
    return {"items": list_issues(state.engine, spec, sort, limit)}


@router.get("/{issue_id}", summary="One issue with its latest linked feedback (read)")
def read_issue(
    issue_id: int,
    state: State,
    _: Annotated[ApiKey, Depends(require_scope("read"))],
    feedback_limit: Annotated[int, Query(ge=1, le=500)] = 20,
    window_days: Annotated[int, Query(ge=1, le=365)] = 7,
) -> dict[str, Any]:
    view = get_issue(state.engine, issue_id, feedback_limit, window_days)
    if view is None:
        raise ApiError(404, "not_found", f"no issue with id {issue_id}")
    return view


@router.patch("/{issue_id}", summary="Set an issue's status: open, acknowledged, resolved (ingest)")
def update_issue(
    issue_id: int, body: IssuePatch, state: State, key: Annotated[ApiKey, Depends(require_scope("ingest"))]
) -> dict[str, Any]:
    if not set_issue_status(state.engine, issue_id, body.status, key.id):
        raise ApiError(404, "not_found", f"no issue with id {issue_id}")
    view = get_issue(state.engine, issue_id)
    assert view is not None
    return view
