"""Jobs survive crashes, with real processes: Celery workers on a real Redis (one SIGKILLed mid-run) and the
in-process runner of a `nazar serve` that is SIGKILLed and started again. Every item ends re-analysed exactly once,
done + failed == total, and the report's counts match the database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import redis
from sqlalchemy import func, select

from app.db.engine import create_db_engine
from app.db.migrate import upgrade
from app.db.models import Analysis, Feedback, Job, JobChunk
from app.runtime import build_analyzer
from tests.fixtures.processes import NAZAR, ROOT, create_key, free_port, offline_env, start_server
from tests.jobs.corpus import seed_old_analyses
from tests.service.conftest import POSTGRES_ADMIN_URL

REDIS_URL = "redis://127.0.0.1:6379/7"


def _require(problem: str | None) -> None:
    if problem is None:
        return
    if os.environ.get("CI"):
        pytest.fail(problem)
    pytest.skip(problem)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            pass
    except psycopg.Error as error:
        _require(f"no PostgreSQL: {error}")
    name = f"nazar_jobs_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def broker() -> str:
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        client.flushdb()
    except redis.RedisError as error:
        _require(f"no Redis at {REDIS_URL}: {error}")
    return REDIS_URL


def _env(database_url: str, **extra: str) -> dict[str, str]:
    return offline_env(database_url, NAZAR_LOG_LEVEL="WARNING", **extra)


def _progress(engine: Any, job_id: int) -> tuple[str, int]:
    with engine.connect() as connection:
        state = connection.execute(select(Job.state).where(Job.id == job_id)).scalar_one()
        done = connection.execute(
            select(func.count()).select_from(JobChunk).where(JobChunk.job_id == job_id, JobChunk.state == "done")
        ).scalar_one()
    return state, int(done)


def _check_exactly_once(engine: Any, job_id: int, version: str, ids: list[int]) -> dict[str, Any]:
    with engine.connect() as connection:
        per_item = dict(
            connection.execute(
                select(Analysis.feedback_id, func.count())
                .where(Analysis.model_version == version)
                .group_by(Analysis.feedback_id)
            ).all()
        )
        current = dict(
            connection.execute(
                select(Feedback.id, Analysis.model_version).join(Analysis, Analysis.id == Feedback.current_analysis_id)
            ).all()
        )
        chunks = connection.execute(
            select(func.sum(JobChunk.done_count), func.sum(JobChunk.failed_count)).where(JobChunk.job_id == job_id)
        ).one()
        report = connection.execute(select(Job.report).where(Job.id == job_id)).scalar_one()
        labels = dict(connection.execute(select(Feedback.id, Feedback.sentiment_label)).all())
    assert per_item == dict.fromkeys(ids, 1)
    assert current == dict.fromkeys(ids, version)
    assert int(chunks[0]) + int(chunks[1]) == len(ids)
    assert report["compared"] == len(ids)
    assert sum(report["sentiment"]["confusion"].values()) == len(ids)
    assert report["sentiment"]["changed"] == sum(label != "neutral" for label in labels.values())
    return dict(report)


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=sink, stderr=sink, start_new_session=True)


def _kill(process: subprocess.Popen[bytes]) -> None:
    # The whole process group: a Celery worker is a parent and its forked pool child.
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_celery_workers_survive_a_sigkill(postgres_url: str, broker: str, tmp_path: Path) -> None:
    engine = create_db_engine(postgres_url)
    upgrade(engine)
    ids = seed_old_analyses(engine, 10_000)
    version = build_analyzer().model_version
    env = _env(postgres_url, CELERY_BROKER_URL=broker, NAZAR_JOB_LEASE_SECONDS="4", NAZAR_JOB_CHUNK_SIZE="200")
    workers = [_start([str(NAZAR), "worker"], env, tmp_path / f"worker-{n}.log") for n in range(2)]
    try:
        created = subprocess.run(
            [str(NAZAR), "reanalyze", "--no-wait"], cwd=ROOT, env=env, capture_output=True, timeout=120, check=True
        )
        job_id = json.loads(created.stdout.decode().splitlines()[0])["id"]
        deadline = time.monotonic() + 120
        while _progress(engine, job_id)[1] < 5:  # both workers busy, a few chunks in
            assert time.monotonic() < deadline, (tmp_path / "worker-0.log").read_text()[-3000:]
            time.sleep(0.1)
        _kill(workers[0])
        while _progress(engine, job_id)[0] == "running":
            assert time.monotonic() < deadline + 120, "the surviving worker did not finish the job"
            time.sleep(0.5)
        assert _progress(engine, job_id)[0] == "done"
        report = _check_exactly_once(engine, job_id, version, ids)
        assert report["total"] == 10_000
    finally:
        for worker in workers:
            if worker.poll() is None:
                _kill(worker)
        engine.dispose()


def test_in_process_runner_finishes_the_job_after_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    ids = seed_old_analyses(engine, 3_000)
    key = create_key(_env(url), "ops", "admin")
    env = _env(url, NAZAR_JOB_LEASE_SECONDS="2", NAZAR_JOB_CHUNK_SIZE="50", NAZAR_JOB_POLL_SECONDS="0.2")
    port = free_port()
    server = start_server(env, port, tmp_path / "serve.log", new_session=True)
    headers = {"Authorization": f"Bearer {key}"}
    try:
        job = httpx.post(f"http://127.0.0.1:{port}/v1/jobs/reanalyze", json={}, headers=headers, timeout=30).json()
        deadline = time.monotonic() + 60
        while _progress(engine, job["id"])[1] < 3:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        _kill(server)
        state, done = _progress(engine, job["id"])
        assert state == "running"
        assert done < 60  # really interrupted mid-job
        server = start_server(env, port, tmp_path / "serve.log", new_session=True)
        while (view := httpx.get(f"http://127.0.0.1:{port}/v1/jobs/{job['id']}", headers=headers).json())[
            "state"
        ] == "running":
            assert time.monotonic() < deadline + 120, view
            time.sleep(0.3)
        assert view["state"] == "done"
        assert view["done"] + view["failed"] == view["total"] == 3_000
        version = build_analyzer().model_version
        _check_exactly_once(engine, job["id"], version, ids)
    finally:
        if server.poll() is None:
            _kill(server)
        engine.dispose()
