"""The FastAPI application: `create_app()` builds one from settings (and, in tests, a shared analyzer)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import structlog
from fastapi import FastAPI

from app.analysis.pipeline import Analyzer
from app.api.body import BodySizeLimit
from app.api.errors import install_error_handlers
from app.api.metrics import Metrics
from app.api.observability import RequestContext, configure_logging
from app.api.routes import analyze, dashboard, feedback, issues, jobs, summaries, system, tickets, topics
from app.api.state import ServiceState
from app.config import Settings, get_settings
from app.db.engine import create_db_engine
from app.db.migrate import upgrade
from app.jobs.runner import InProcessRunner
from app.jobs.store import pending_chunks
from app.service.ingest import Ingestor
from app.service.topics import TopicStore
from app.summaries.aggregate import ensure_local_day_statistics

__all__ = ["create_app"]


def _waker(runner: InProcessRunner) -> Callable[[int], None]:
    return lambda _job_id: runner.wake()


def _runner_name(settings: Settings) -> str:
    return "celery" if settings.celery_broker_url else "in-process"


log = structlog.get_logger("nazar.service")

_DESCRIPTION = """
Nazar turns Persian and Arabic customer feedback into sentiment, the six CX pillars (trust, effort, empathy,
personalization, expectations, resolution), operational topics and tagged issues, with evidence offsets into the
text exactly as submitted.

Authenticate with `Authorization: Bearer <key>` (create keys with `nazar keys create --name NAME --scope SCOPE`).
Scopes: `ingest` (write feedback, tickets, issue status), `read` (feedback, issues, topics), `admin` (everything,
plus erasure, custom topics and metrics). Every error is `{"error": {"code", "message", "details"}}`.
"""


def create_app(settings: Settings | None = None, analyzer: Analyzer | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if os.environ.get("NAZAR_JSON_LOGS") == "1":
            configure_logging(settings.log_level)
        engine = create_db_engine(settings.database_url)
        if settings.auto_migrate:
            upgrade(engine)
            ensure_local_day_statistics(engine, settings.summary_timezone)
        models = analyzer
        if models is None:
            from app.runtime import build_analyzer

            models = build_analyzer()
        topic_store = TopicStore(engine)
        ingestor = Ingestor(engine, models, topic_store, store_raw_text=settings.store_raw_text)
        metrics.watch_queue(lambda: pending_chunks(engine))
        runner = None
        start_job: Callable[[int], None]
        if settings.celery_broker_url:
            from app.jobs.celery_app import enqueue_job

            start_job = enqueue_job
        else:
            runner = InProcessRunner(
                engine, ingestor, timedelta(seconds=settings.job_lease_seconds), settings.job_poll_seconds
            )
            runner.start()
            start_job = _waker(runner)
        app.state.nazar = ServiceState(settings, engine, topic_store, ingestor, metrics, start_job)
        log.info("started", database=engine.dialect.name, models=models.model_version, jobs=_runner_name(settings))
        try:
            yield
        finally:
            if runner is not None:
                runner.stop()
            engine.dispose()

    app = FastAPI(
        title="Nazar",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    for module in (system, analyze, feedback, tickets, issues, topics, summaries, jobs, dashboard):
        app.include_router(module.router)
    # Outermost first: the request context sees every response, including a refused oversized body.
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestContext, metrics=metrics)
    return app
