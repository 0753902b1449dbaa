"""Re-analysis jobs (admin): start, follow, cancel, and read the diff report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import ConfigDict, Field
from sqlmodel import Session

from app.api.auth import require_scope
from app.api.body import StrictJsonRoute
from app.api.errors import ApiError
from app.api.schemas import Channel, StrictBody
from app.api.state import ServiceState, get_state
from app.db.models import ApiKey, Job
from app.jobs.store import ActiveJobError, cancel_job, create_job, job_view, list_jobs
from app.service.feedback_queries import FeedbackFilter

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], route_class=StrictJsonRoute)

State = Annotated[ServiceState, Depends(get_state)]
Admin = Annotated[ApiKey, Depends(require_scope("admin"))]


class JobFilterIn(StrictBody):
    channel: Channel | None = None
    source: str | None = None
    language: str | None = None
    sentiment: str | None = Field(default=None, pattern="^(negative|neutral|positive)$")
    theme: str | None = None
    topic: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


class ReanalyzeIn(StrictBody):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"filter": {"language": "fa", "channel": "ticket"}}]}
    )

    filter: JobFilterIn = Field(default_factory=JobFilterIn)
    model_version: str | None = Field(default=None, description="Default: the models this service has loaded.")
    chunk_size: int | None = Field(default=None, ge=1, le=100_000)


@router.post("/reanalyze", status_code=202, summary="Re-analyse stored feedback with the current models")
def start_reanalysis(body: ReanalyzeIn, state: State, _: Admin) -> dict[str, Any]:
    loaded = state.ingestor.analyzer.model_version
    version = body.model_version or loaded
    if version != loaded:
        raise ApiError(
            422, "model_not_loaded", f"this deployment runs {loaded!r}; start it with the models of {version!r}"
        )
    spec = FeedbackFilter(**body.filter.model_dump())
    try:
        job_id = create_job(state.engine, spec, version, body.chunk_size or state.settings.job_chunk_size)
    except ActiveJobError as error:
        raise ApiError(409, "job_active", str(error)) from error
    state.start_job(job_id)
    view = job_view(state.engine, job_id)
    assert view is not None
    return view


@router.get("", summary="Recent jobs, newest first")
def jobs(state: State, _: Admin, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    return {"items": list_jobs(state.engine, limit)}


@router.get("/{job_id}", summary="State, total, done, failed, rate and ETA")
def job(job_id: int, state: State, _: Admin) -> dict[str, Any]:
    view = job_view(state.engine, job_id)
    if view is None:
        raise ApiError(404, "not_found", f"no job with id {job_id}")
    return view


@router.post("/{job_id}/cancel", summary="Stop claiming chunks; nothing switches")
def cancel(job_id: int, state: State, _: Admin) -> dict[str, Any]:
    if not cancel_job(state.engine, job_id):
        raise ApiError(404, "not_found", f"no job with id {job_id}")
    view = job_view(state.engine, job_id)
    assert view is not None
    return view


@router.get("/{job_id}/report", summary="The diff report of a finished job")
def report(job_id: int, state: State, _: Admin, response: Response) -> dict[str, Any]:
    with Session(state.engine) as session:
        found = session.get(Job, job_id)
        if found is None:
            raise ApiError(404, "not_found", f"no job with id {job_id}")
        if found.report is None:
            raise ApiError(409, "report_not_ready", f"job {job_id} is {found.state}; the report comes when it is done")
        return {"job_id": job_id, **found.report}
