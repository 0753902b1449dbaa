"""Every route × (no key, a key without the scope, a key with it). The table must cover every route the app has."""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.conftest import Service

# (method, path) -> the scope it needs; None: open. "any": every valid key.
REQUIRED = {
    ("GET", "/health"): None,
    ("GET", "/ready"): None,
    ("GET", "/metrics"): "admin",
    ("POST", "/v1/analyze"): "any",
    ("POST", "/v1/feedback"): "ingest",
    ("POST", "/v1/feedback/batch"): "ingest",
    ("GET", "/v1/feedback"): "read",
    ("GET", "/v1/feedback/{feedback_id}"): "read",
    ("DELETE", "/v1/feedback/{feedback_id}"): "admin",
    ("POST", "/v1/tickets/{source}/{external_id}/messages"): "ingest",
    ("GET", "/v1/tickets/{source}/{external_id}"): "read",
    ("GET", "/v1/issues"): "read",
    ("GET", "/v1/issues/{issue_id}"): "read",
    ("PATCH", "/v1/issues/{issue_id}"): "ingest",
    ("POST", "/v1/topics"): "admin",
    ("GET", "/v1/topics"): "read",
    ("GET", "/v1/topics/{topic_id}"): "read",
    ("DELETE", "/v1/topics/{topic_id}"): "admin",
    ("GET", "/v1/summaries/sentiment"): "read",
    ("GET", "/v1/summaries/metrics"): "read",
    ("GET", "/v1/summaries/drivers"): "read",
    ("GET", "/v1/exports/feedback.csv"): "read",
    ("GET", "/v1/exports/feedback.jsonl"): "read",
    ("GET", "/v1/summaries/phrases"): "read",
    ("POST", "/v1/jobs/reanalyze"): "admin",
    ("GET", "/v1/jobs"): "admin",
    ("GET", "/v1/jobs/{job_id}"): "admin",
    ("POST", "/v1/jobs/{job_id}/cancel"): "admin",
    ("GET", "/v1/jobs/{job_id}/report"): "admin",
}
BODIES: dict[str, Any] = {
    "/v1/analyze": {"text": "خوب بود"},
    "/v1/feedback": {"text": "خوب بود"},
    "/v1/feedback/batch": {"items": [{"text": "خوب بود"}]},
    "/v1/tickets/{source}/{external_id}/messages": {"message_id": "m", "text": "خوب بود"},
    "/v1/issues/{issue_id}": {"status": "resolved"},
    "/v1/topics": {"name": "t", "phrases": {"fa": ["کش بک"]}},
    "/v1/jobs/reanalyze": {},
}
PATHS = {
    "{job_id}": "1",
    "{feedback_id}": "1",
    "{issue_id}": "1",
    "{topic_id}": "1",
    "{source}": "desk",
    "{external_id}": "t-1",
}


def _url(path: str) -> str:
    for name, value in PATHS.items():
        path = path.replace(name, value)
    return path


def test_the_table_covers_every_route(service: Service) -> None:
    # The OpenAPI document lists every route (included routers are not expanded in app.routes any more).
    schema = service.client.get("/openapi.json").json()
    routes = {(method.upper(), path) for path, operations in schema["paths"].items() for method in operations}
    assert routes == set(REQUIRED)


@pytest.mark.parametrize(("method", "path"), sorted(REQUIRED))
def test_route_scopes(service: Service, method: str, path: str) -> None:
    required = REQUIRED[(method, path)]
    url, body = _url(path), BODIES.get(path)

    def call(headers: dict[str, str]) -> int:
        return service.client.request(method, url, json=body, headers=headers).status_code

    if required is None:
        assert call({}) == 200
        return
    assert call({}) == 401
    wrong = [scope for scope in ("ingest", "read") if required not in ("any", scope)]
    for scope in wrong:
        assert call(service.headers(scope)) == 403, scope
    allowed = ["ingest", "read", "admin"] if required == "any" else sorted({required, "admin"})
    for scope in allowed:
        assert call(service.headers(scope)) not in {401, 403}, scope
