"""What a running service holds: settings, the database engine, the models and the metrics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy import Engine

from app.api.metrics import Metrics
from app.config import Settings
from app.service.ingest import Ingestor
from app.service.topics import TopicStore

__all__ = ["ServiceState", "get_state"]


@dataclass
class ServiceState:
    settings: Settings
    engine: Engine
    topics: TopicStore
    ingestor: Ingestor
    metrics: Metrics
    # Hands a new job to whoever runs jobs here: the in-process runner, or Celery when a broker is configured.
    start_job: Callable[[int], None] = field(default=lambda _: None)


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.nazar
    return state
