"""Write atomicity, no N+1 reads, and logs without customer text."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog
from sqlalchemy import event, func, select
from sqlmodel import Session

from app.api.observability import configure_logging
from app.db.models import Analysis, Feedback, IssueTag
from app.service.ingest import IngestOutcome, NewFeedback
from tests.service.conftest import Service


def _engine(service: Service) -> Any:
    return service.client.app.state.nazar.engine  # type: ignore[attr-defined]


def _count(service: Service, table: Any) -> int:
    with _engine(service).connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_failure_before_commit_leaves_nothing_behind(service: Service) -> None:
    ingestor = service.client.app.state.nazar.ingestor  # type: ignore[attr-defined]
    items = [NewFeedback(text=f"ارسال {index} روز طول کشید و پشتیبانی جواب نداد") for index in range(5)]

    def crash(_: Session, outcomes: list[IngestOutcome]) -> None:
        assert all(outcome.feedback_id for outcome in outcomes)  # rows were written (flushed) ...
        raise RuntimeError("the process dies here")  # ... and then the request fails before commit

    with pytest.raises(RuntimeError):
        ingestor.ingest(items, crash)
    for table in (Feedback, Analysis, IssueTag):
        assert _count(service, table) == 0
    assert [outcome.status for outcome in ingestor.ingest(items)] == ["created"] * 5


def _statements(service: Service, params: dict[str, Any], path: str = "/v1/feedback") -> int:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(_engine(service), "before_cursor_execute", record)
    try:
        assert service.client.get(path, params=params, headers=service.headers("read")).status_code == 200
    finally:
        event.remove(_engine(service), "before_cursor_execute", record)
    return len(seen)


def test_list_endpoints_issue_a_fixed_number_of_queries(service: Service) -> None:
    items = [{"text": f"سفارش {index} دیر رسید و پشتیبانی پاسخ نداد"} for index in range(30)]
    service.client.post("/v1/feedback/batch", json={"items": items}, headers=service.headers("ingest"))
    assert _statements(service, {"limit": 2}) == _statements(service, {"limit": 30})
    assert _statements(service, {"limit": 1}, "/v1/issues") == _statements(service, {"limit": 50}, "/v1/issues")


@pytest.fixture
def json_logs() -> Iterator[None]:
    configure_logging("INFO")
    yield
    logging.getLogger().handlers = []
    structlog.reset_defaults()


@pytest.mark.usefixtures("json_logs")
def test_request_logs_are_json_with_a_request_id_and_no_text(
    service: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO")  # after capsys took stderr over, so the handler writes into the capture
    secret = "متن محرمانه مشتری درباره کارت ۶۰۳۷۹۹۷۵۹۹۹۹۹۹۹۹"
    service.client.post(
        "/v1/feedback", json={"text": secret}, headers=service.headers("ingest", **{"X-Request-ID": "r-1"})
    )
    output = capsys.readouterr().err
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    assert requests
    assert requests[-1]["request_id"] == "r-1"
    assert requests[-1]["route"] == "/v1/feedback"
    assert requests[-1]["status"] == 201
    assert "محرمانه" not in output
