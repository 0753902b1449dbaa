"""Jobs and chunks in the database: creation, leases, progress, cancellation. Both runners (the in-process thread
and Celery workers) go through these functions, so the API shows the same progress either way.

Claiming. A chunk is claimable when it is pending, or running with an expired lease (its worker died). The claim
is one UPDATE .. WHERE state/lease still say claimable, so two workers never both win: on PostgreSQL the row
lock serialises them and the loser's WHERE no longer matches; on SQLite the write lock does the same.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, or_, select, update
from sqlmodel import Session, col

from app.db.models import Feedback, Job, JobChunk, utc_now
from app.service.feedback_queries import FeedbackFilter, filter_conditions

__all__ = [
    "ActiveJobError",
    "Claim",
    "cancel_job",
    "claim_chunk",
    "create_job",
    "job_view",
    "list_jobs",
    "pending_chunks",
    "release_chunk",
    "worker_name",
]

ACTIVE = ("running",)


class ActiveJobError(RuntimeError):
    """A second job while one runs is refused (not queued): two jobs switching the same items' current analysis
    in turn would make the outcome depend on timing."""


@dataclass(frozen=True, slots=True)
class Claim:
    chunk_id: int
    job_id: int
    feedback_ids: list[int]
    model_version: str


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _filter_json(spec: FeedbackFilter) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in spec.__dataclass_fields__:
        value = getattr(spec, name)
        if value is not None:
            body[name] = value.isoformat() if isinstance(value, datetime) else value
    return body


def create_job(engine: Engine, spec: FeedbackFilter, model_version: str, chunk_size: int) -> int:
    """Snapshot the ids the filter selects now (later feedback is analysed at ingestion) and split them."""
    with Session(engine) as session:
        active = session.execute(select(col(Job.id)).where(col(Job.state).in_(ACTIVE))).first()
        if active is not None:
            raise ActiveJobError(f"job {active[0]} is still running; cancel it or wait for it")
        selected = select(col(Feedback.id)).where(*filter_conditions(spec)).order_by(col(Feedback.id))
        ids = [int(row[0]) for row in session.execute(selected)]
        now = utc_now()
        job = Job(
            state="running", model_version=model_version, filter=_filter_json(spec), total=len(ids), started_at=now
        )
        session.add(job)
        session.flush()
        assert job.id is not None
        chunks = [
            JobChunk(job_id=job.id, seq=number, feedback_ids=ids[start : start + chunk_size])
            for number, start in enumerate(range(0, len(ids), chunk_size))
        ]
        session.add_all(chunks)
        if not chunks:
            job.state, job.finished_at = "done", now
            job.report = {"total": 0}
        session.commit()
        return job.id


def claim_chunk(
    engine: Engine, model_version: str, lease: timedelta, worker: str, job_id: int | None = None
) -> Claim | None:
    """Take one claimable chunk of a running job for `model_version` (the models this worker has loaded)."""
    now = utc_now()
    claimable = or_(
        col(JobChunk.state) == "pending",
        (col(JobChunk.state) == "running") & (col(JobChunk.lease_until) < now),
    )
    with Session(engine) as session:
        query = (
            select(col(JobChunk.id), col(JobChunk.job_id), col(JobChunk.feedback_ids))
            .join(Job, col(Job.id) == col(JobChunk.job_id))
            .where(col(Job.state) == "running", col(Job.model_version) == model_version, claimable)
            .order_by(col(JobChunk.job_id), col(JobChunk.seq))
            .limit(1)
        )
        if job_id is not None:
            query = query.where(col(JobChunk.job_id) == job_id)
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True, of=JobChunk)
        row = session.execute(query).first()
        if row is None:
            return None
        claimed = session.execute(
            update(JobChunk)
            .where(col(JobChunk.id) == row.id, claimable)
            .values(state="running", lease_until=now + lease, worker=worker, attempts=col(JobChunk.attempts) + 1)
        )
        session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return Claim(row.id, row.job_id, list(row.feedback_ids), model_version)


def release_chunk(engine: Engine, chunk_id: int, worker: str) -> None:
    """Give a claimed chunk back (after a failed attempt), if this worker still holds it."""
    with Session(engine) as session:
        session.execute(
            update(JobChunk)
            .where(col(JobChunk.id) == chunk_id, col(JobChunk.worker) == worker, col(JobChunk.state) == "running")
            .values(state="pending", lease_until=None, worker=None)
        )
        session.commit()


def pending_chunks(engine: Engine) -> int:
    """Chunks of running jobs not finished yet (the queue depth metric)."""
    with Session(engine) as session:
        query = (
            select(func.count())
            .select_from(JobChunk)
            .join(Job, col(Job.id) == col(JobChunk.job_id))
            .where(col(Job.state) == "running", col(JobChunk.state) != "done")
        )
        return int(session.execute(query).scalar_one())


def cancel_job(engine: Engine, job_id: int) -> bool:
    """Stop a running job: no chunk is claimed any more; chunks being processed finish writing analyses that
    never become current. Returns False when the job is unknown; a finished job stays as it is."""
    with Session(engine) as session:
        job = session.get(Job, job_id)
        if job is None:
            return False
        if job.state == "running":
            job.state, job.finished_at = "cancelled", utc_now()
            session.add(job)
            session.commit()
        return True


def job_view(engine: Engine, job_id: int) -> dict[str, Any] | None:
    with Session(engine) as session:
        job = session.get(Job, job_id)
        if job is None:
            return None
        row = session.execute(
            select(
                func.coalesce(func.sum(JobChunk.done_count), 0),
                func.coalesce(func.sum(JobChunk.failed_count), 0),
                func.count().filter(col(JobChunk.state) == "done"),
                func.count(),
            ).where(col(JobChunk.job_id) == job_id)
        ).one()
        return _view(job, int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def _view(job: Job, done: int, failed: int, chunks_done: int, chunks: int) -> dict[str, Any]:
    now = utc_now()
    started = job.started_at or job.created_at
    elapsed = ((job.finished_at or now) - started).total_seconds()
    rate = (done + failed) / elapsed if elapsed > 0 else None
    remaining = job.total - done - failed
    eta = remaining / rate if rate and job.state == "running" else None
    return {
        "id": job.id,
        "kind": job.kind,
        "state": job.state,
        "model_version": job.model_version,
        "filter": job.filter,
        "total": job.total,
        "done": done,
        "failed": failed,
        "chunks": chunks,
        "chunks_done": chunks_done,
        "rate_per_s": round(rate, 1) if rate else None,
        "eta_s": round(eta, 1) if eta is not None else None,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "error": job.error,
        "has_report": job.report is not None,
    }


def list_jobs(engine: Engine, limit: int) -> list[dict[str, Any]]:
    with Session(engine) as session:
        ids = [int(row[0]) for row in session.execute(select(col(Job.id)).order_by(col(Job.id).desc()).limit(limit))]
    return [view for job_id in ids if (view := job_view(engine, job_id)) is not None]
