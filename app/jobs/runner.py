"""Running jobs: the drain loop both runners share, and the in-process runner (a thread of the service).

A drain loop claims a chunk, processes it, and tries to finish its job, until nothing is claimable. With
`wait_for_leases` it keeps waiting while other workers hold chunks of the job, so that when one of them dies the
survivors take its chunk over once the lease expires; without it (the in-process poller) it simply returns and
polls again later. A job whose last chunk was committed by a worker that died before finishing the job is
finished by the next loop that looks (`finish_stalled_jobs`).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import structlog
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from app.db.models import Job, JobChunk
from app.jobs.store import claim_chunk, release_chunk, worker_name
from app.jobs.work import finish_job_if_complete, process_chunk
from app.service.ingest import Ingestor

__all__ = ["InProcessRunner", "drain", "finish_stalled_jobs"]

log = structlog.get_logger("nazar.jobs")


def finish_stalled_jobs(engine: Engine) -> None:
    with Session(engine) as session:
        running = [int(row[0]) for row in session.execute(select(col(Job.id)).where(col(Job.state) == "running"))]
    for job_id in running:
        finish_job_if_complete(engine, job_id)


def _job_unfinished(engine: Engine, job_id: int) -> bool:
    with Session(engine) as session:
        state = session.execute(select(col(Job.state)).where(col(Job.id) == job_id)).scalar_one_or_none()
        if state != "running":
            return False
        left = session.execute(
            select(func.count())
            .select_from(JobChunk)
            .where(col(JobChunk.job_id) == job_id, col(JobChunk.state) != "done")
        ).scalar_one()
        return bool(left)


def drain(
    engine: Engine,
    ingestor: Ingestor,
    lease: timedelta,
    *,
    job_id: int | None = None,
    wait_for_leases: bool = False,
    stop: threading.Event | None = None,
    poll: float = 0.5,
) -> int:
    """Process chunks until none is left to claim; returns how many this loop processed."""
    worker = worker_name()
    version = ingestor.analyzer.model_version
    processed = 0
    while stop is None or not stop.is_set():
        claim = claim_chunk(engine, version, lease, worker, job_id)
        if claim is None:
            finish_stalled_jobs(engine)
            if wait_for_leases and job_id is not None and _job_unfinished(engine, job_id):
                time.sleep(poll)
                continue
            break
        try:
            if process_chunk(engine, ingestor, claim, worker):
                processed += 1
        except DBAPIError:
            # A database error (a deadlock, a dropped connection) fails this attempt only: the chunk goes back to
            # pending and is claimed again; its transaction rolled back, so nothing is half-written.
            log.exception("chunk_failed", job=claim.job_id, chunk=claim.chunk_id)
            release_chunk(engine, claim.chunk_id, worker)
            continue
        finish_job_if_complete(engine, claim.job_id)
    return processed


class InProcessRunner:
    """Polls for work in a daemon thread of the service process (the embedded setup needs nothing else)."""

    def __init__(self, engine: Engine, ingestor: Ingestor, lease: timedelta, poll_seconds: float) -> None:
        self._engine = engine
        self._ingestor = ingestor
        self._lease = lease
        self._poll = poll_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nazar-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                drain(self._engine, self._ingestor, self._lease, stop=self._stop)
            except Exception:  # a database hiccup must not kill the runner; the chunk's lease will expire
                log.exception("runner_error")
            self._wake.wait(self._poll)
            self._wake.clear()
