"""Celery for scale-out: `nazar worker` processes run drain tasks; all state stays in the database.

Each task drains one job (`app.jobs.runner.drain` with wait_for_leases), so any number of workers on any machines
that share the database split its chunks between them. Celery only distributes the work: a task lost with a
killed worker needs no redelivery, because the surviving drain loops take the dead worker's chunk over when its
lease expires (acks_late is still on, so an idle worker picks up a redelivered task too).
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from celery import Celery

from app.config import get_settings
from app.db.engine import create_db_engine
from app.jobs.runner import drain
from app.service.ingest import Ingestor
from app.service.topics import TopicStore

__all__ = ["celery_app", "drain_job", "enqueue_job"]

celery_app = Celery("nazar", broker=get_settings().celery_broker_url or "redis://127.0.0.1:6379/0")
celery_app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


@lru_cache(maxsize=1)
def _worker_ingestor() -> Ingestor:
    """Built lazily in each worker process (after the prefork), once."""
    from app.runtime import build_analyzer

    settings = get_settings()
    engine = create_db_engine(settings.database_url)
    return Ingestor(engine, build_analyzer(), TopicStore(engine), store_raw_text=settings.store_raw_text)


@celery_app.task(name="nazar.drain_job")  # type: ignore[untyped-decorator]
def drain_job(job_id: int) -> int:
    ingestor = _worker_ingestor()
    lease = timedelta(seconds=get_settings().job_lease_seconds)
    return drain(ingestor.engine, ingestor, lease, job_id=job_id, wait_for_leases=True)


def enqueue_job(job_id: int) -> None:
    for _ in range(get_settings().celery_tasks_per_job):
        drain_job.delay(job_id)
