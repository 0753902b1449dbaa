"""Re-analysis jobs with the in-process runner, on SQLite and PostgreSQL: exactly-once results, the switch at
the end, the diff report against the database, idempotent chunks, cancellation, and refusal of a second job."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.models import Analysis, Feedback, IssueTag
from app.jobs.runner import drain
from app.jobs.store import ActiveJobError, claim_chunk, create_job, job_view, worker_name
from app.jobs.work import process_chunk
from app.service.feedback_queries import FeedbackFilter
from tests.jobs.corpus import seed_old_analyses
from tests.service.conftest import Service, start_service


def _engine(service: Service) -> Any:
    return service.client.app.state.nazar.engine  # type: ignore[attr-defined]


def _ingestor(service: Service) -> Any:
    return service.client.app.state.nazar.ingestor  # type: ignore[attr-defined]


def _wait(service: Service, job_id: int, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = service.client.get(f"/v1/jobs/{job_id}", headers=service.headers()).json()
        if view["state"] != "running":
            return dict(view)
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {view}")


def _scalar(engine: Any, query: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(query).scalar_one()


def test_a_job_reanalyses_every_item_once_and_switches_at_the_end(database_url: str, shipped_analyzer: Any) -> None:
    for service in start_service(database_url, shipped_analyzer, job_chunk_size=7, job_poll_seconds=0.2):
        engine = _engine(service)
        ids = seed_old_analyses(engine, 60)
        version = shipped_analyzer.model_version
        response = service.client.post("/v1/jobs/reanalyze", json={}, headers=service.headers())
        assert response.status_code == 202
        job = response.json()
        assert (job["total"], job["chunks"], job["model_version"]) == (60, 9, version)
        view = _wait(service, job["id"])
        assert view["state"] == "done"
        assert view["done"] + view["failed"] == view["total"] == 60
        assert view["failed"] == 0
        per_item = select(Analysis.feedback_id, func.count()).where(Analysis.model_version == version)
        with engine.connect() as connection:
            counts = dict(connection.execute(per_item.group_by(Analysis.feedback_id)).all())
            current = dict(
                connection.execute(
                    select(Feedback.id, Analysis.model_version).join(
                        Analysis, Analysis.id == Feedback.current_analysis_id
                    )
                ).all()
            )
        assert counts == dict.fromkeys(ids, 1)  # exactly one new analysis per item
        assert current == dict.fromkeys(ids, version)  # and it is the current one
        assert _scalar(engine, select(func.count()).select_from(Analysis)) == 120  # history kept
        report = service.client.get(f"/v1/jobs/{job['id']}/report", headers=service.headers()).json()
        assert report["compared"] == 60
        assert sum(report["sentiment"]["confusion"].values()) == 60
        new_labels = dict(
            _all(engine, select(Feedback.id, Feedback.sentiment_label))  # denormalised copy switched too
        )
        assert report["sentiment"]["changed"] == sum(label != "neutral" for label in new_labels.values())
        assert len(report["examples"]) == min(10, report["sentiment"]["changed"])
        assert report["switched"] == 60
        # Issues count the tags of current analyses only: the old analyses had none.
        assert _scalar(engine, select(func.count()).select_from(IssueTag)) > 0
        listed = service.client.get("/v1/feedback", params={"sentiment": "negative"}, headers=service.headers())
        assert len(listed.json()["items"]) == sum(label == "negative" for label in new_labels.values())
        listed_jobs = service.client.get("/v1/jobs", headers=service.headers()).json()["items"]
        assert [item["id"] for item in listed_jobs] == [job["id"]]


def _all(engine: Any, query: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(query).all())


def test_a_chunk_run_twice_writes_its_rows_once(service: Service) -> None:
    engine, ingestor = _engine(service), _ingestor(service)
    service.client.app.state.nazar.start_job = lambda _: None  # type: ignore[attr-defined]
    seed_old_analyses(engine, 10)
    version = ingestor.analyzer.model_version
    job_id = create_job(engine, FeedbackFilter(), version, chunk_size=10)
    lease = timedelta(seconds=60)
    first = claim_chunk(engine, version, lease, "worker-a", job_id)
    assert first is not None
    assert claim_chunk(engine, version, lease, "worker-b", job_id) is None  # leased
    assert process_chunk(engine, ingestor, first, "worker-a")
    rerun = process_chunk(engine, ingestor, first, "worker-a")  # a retry after success
    assert rerun
    assert _scalar(engine, select(func.count()).where(Analysis.model_version == version)) == 10
    view = job_view(engine, job_id)
    assert view is not None
    assert view["done"] == 10


def test_an_expired_lease_is_taken_over_and_the_slow_worker_loses(service: Service) -> None:
    engine, ingestor = _engine(service), _ingestor(service)
    seed_old_analyses(engine, 5)
    version = ingestor.analyzer.model_version
    job_id = create_job(engine, FeedbackFilter(), version, chunk_size=5)
    slow = claim_chunk(engine, version, timedelta(seconds=-1), "slow", job_id)  # lease already expired
    assert slow is not None
    fast = claim_chunk(engine, version, timedelta(seconds=60), "fast", job_id)
    assert fast is not None
    assert fast.chunk_id == slow.chunk_id
    assert process_chunk(engine, ingestor, fast, "fast")
    assert not process_chunk(engine, ingestor, slow, "slow")  # its lease is gone: nothing written twice
    assert _scalar(engine, select(func.count()).where(Analysis.model_version == version)) == 5


def test_cancel_stops_claiming_and_switches_nothing(service: Service) -> None:
    engine, ingestor = _engine(service), _ingestor(service)
    seed_old_analyses(engine, 30)
    version = ingestor.analyzer.model_version
    job_id = create_job(engine, FeedbackFilter(), version, chunk_size=10)
    with pytest.raises(ActiveJobError):
        create_job(engine, FeedbackFilter(), version, chunk_size=10)
    refused = service.client.post("/v1/jobs/reanalyze", json={}, headers=service.headers())
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "job_active"
    claim = claim_chunk(engine, version, timedelta(seconds=60), worker_name(), job_id)
    assert claim is not None
    assert service.client.post(f"/v1/jobs/{job_id}/cancel", headers=service.headers()).json()["state"] == "cancelled"
    assert process_chunk(engine, ingestor, claim, worker_name())  # the chunk in flight finishes ...
    assert drain(engine, ingestor, timedelta(seconds=60), job_id=job_id) == 0  # ... and nothing else starts
    view = job_view(engine, job_id)
    assert view is not None
    assert (view["state"], view["done"], view["total"]) == ("cancelled", 10, 30)
    switched = _scalar(
        engine,
        select(func.count())
        .select_from(Feedback)
        .join(Analysis, Analysis.id == Feedback.current_analysis_id)
        .where(Analysis.model_version == version),
    )
    assert switched == 0
    report = service.client.get(f"/v1/jobs/{job_id}/report", headers=service.headers())
    assert report.status_code == 409
    assert service.client.post("/v1/jobs/reanalyze", json={}, headers=service.headers()).status_code == 202


def test_job_requests_are_validated_and_admin_only(service: Service) -> None:
    wrong = service.client.post("/v1/jobs/reanalyze", json={"model_version": "nope"}, headers=service.headers())
    assert wrong.status_code == 422
    assert wrong.json()["error"]["code"] == "model_not_loaded"
    assert (
        service.client.post("/v1/jobs/reanalyze", json={"filter": {"x": 1}}, headers=service.headers()).status_code
        == 422
    )
    assert service.client.post("/v1/jobs/reanalyze", json={}, headers=service.headers("read")).status_code == 403
    assert service.client.get("/v1/jobs/999", headers=service.headers()).status_code == 404
