"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.api.auth import require_scope
from app.api.errors import ApiError
from app.api.state import ServiceState, get_state
from app.db.migrate import current_revision, head_revision
from app.db.models import ApiKey

router = APIRouter(tags=["system"])


@router.get("/health", summary="The process is up")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Database reachable, migrations current, models loaded")
def ready(state: Annotated[ServiceState, Depends(get_state)]) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
        current, head = current_revision(state.engine), head_revision()
        checks["migrations"] = "ok" if current == head else f"at {current}, head is {head}"
    except SQLAlchemyError as error:
        checks["database"] = f"unreachable: {type(error).__name__}"
        checks["migrations"] = "unknown"
    checks["models"] = state.ingestor.analyzer.model_version
    if checks["database"] != "ok" or checks["migrations"] != "ok":
        raise ApiError(503, "not_ready", "the service is not ready", checks)
    return {"status": "ready", "checks": checks}


@router.get("/metrics", summary="Prometheus metrics (admin key)", response_class=Response)
def metrics(
    state: Annotated[ServiceState, Depends(get_state)], _: Annotated[ApiKey, Depends(require_scope("admin"))]
) -> Response:
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
