"""What a running service holds: settings, the database engine, the models and the metrics."""

from __future__ import annotations

from dataclasses import dataclass

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


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.nazar
    return state
