"""CONTRACT.md's HTTP interface: health, readiness, stateless analysis, the error shape, bearer auth."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from app.db.models import Feedback
from tests.service.conftest import Service


def _assert_error(body: dict[str, Any], code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]


def test_health_and_ready(service: Service) -> None:
    assert service.client.get("/health").status_code == 200
    response = service.client.get("/ready")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["migrations"] == "ok"
    assert "sentiment=" in checks["models"]


def test_analyze_returns_the_contract_result_with_offsets_into_the_original(service: Service) -> None:
    text = "سلام،   سه هفته‌ست منتظر تماس كارشناس هستم و هنوز خبری نیست!!"
    response = service.client.post("/v1/analyze", json={"text": text, "channel": "chat"}, headers=service.headers())
    assert response.status_code == 200
    result = response.json()
    assert result["language"] == "fa"
    assert result["sentiment"]["label"] in {"negative", "neutral", "positive"}
    assert -1 <= result["sentiment"]["score"] <= 1
    assert 0 <= result["sentiment"]["confidence"] <= 1
    assert isinstance(result["model_version"], str)
    assert result["themes"], "a complaint about waiting should raise a theme"
    for theme in result["themes"]:
        assert theme["name"] in {"trust", "effort", "empathy", "personalization", "expectations", "resolution"}
        assert 0 <= theme["confidence"] <= 1
        for span in theme["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_analyze_echoes_the_id_and_stores_nothing(service: Service) -> None:
    response = service.client.post(
        "/v1/analyze", json={"text": "الخدمة ممتازة", "id": "x-1"}, headers=service.headers("read")
    )
    assert response.status_code == 200
    assert response.json()["id"] == "x-1"
    engine = service.client.app.state.nazar.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Feedback)).scalar_one() == 0


def test_missing_bad_and_revoked_keys_are_401(service: Service) -> None:
    body = {"text": "عالی"}
    _assert_error(service.client.post("/v1/analyze", json=body).json(), "unauthorized")
    response = service.client.post("/v1/analyze", json=body, headers={"Authorization": "Bearer nzr_not-a-key"})
    assert response.status_code == 401
    _assert_error(response.json(), "unauthorized")
    response = service.client.post("/v1/analyze", json=body, headers={"Authorization": "Basic abc"})
    assert response.status_code == 401


def test_unknown_route_uses_the_error_shape(service: Service) -> None:
    response = service.client.get("/v1/nothing-here", headers=service.headers())
    assert response.status_code == 404
    _assert_error(response.json(), "not_found")


def test_request_id_is_returned_and_taken_from_the_caller(service: Service) -> None:
    response = service.client.get("/health", headers={"X-Request-ID": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    generated = service.client.get("/health").headers["x-request-id"]
    assert len(generated) == 32


def test_metrics_count_requests_and_analyses(service: Service) -> None:
    service.client.post("/v1/analyze", json={"text": "پشتیبانی عالی بود"}, headers=service.headers())
    text = service.client.get("/metrics", headers=service.headers()).text
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    latency = ("route", "/v1/analyze"), ("method", "POST"), ("status", "200")
    assert samples[("nazar_http_request_duration_seconds_count", tuple(sorted(latency)))] == 1.0
    analysed = [value for (name, labels), value in samples.items() if name == "nazar_analyses_total"]
    assert analysed == [1.0]
