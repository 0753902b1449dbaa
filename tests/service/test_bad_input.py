"""Every limit and every kind of bad input: a 4xx in the contract's error shape, and nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.models import Feedback
from tests.service.conftest import Service, start_service

JSON = {"content-type": "application/json"}


def _stored(service: Service) -> int:
    engine = service.client.app.state.nazar.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Feedback)).scalar_one())


def _check(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code, body
    assert set(body["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/feedback"])
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 422, "empty_text"),
        ({"text": " \n\u200c "}, 422, "empty_text"),
        ({"text": "سلام\x00دنیا"}, 422, "invalid_text"),
        ({"text": 42}, 422, "invalid_type"),
        ({"text": ["a"]}, 422, "invalid_type"),
        ({"text": None}, 422, "invalid_type"),
        ({}, 422, "missing_field"),
        ({"text": "خوب", "colour": "blue"}, 422, "unknown_field"),
        ({"text": "خوب", "channel": "fax"}, 422, "invalid_channel"),
        ({"text": "خوب", "channel": 3}, 422, "invalid_channel"),
        ({"text": "خوب", "language": "Persian"}, 422, "validation_error"),
    ],
)
def test_bad_bodies(service: Service, path: str, body: dict[str, Any], status: int, code: str) -> None:
    _check(service.client.post(path, json=body, headers=service.headers()), status, code)
    assert _stored(service) == 0


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/feedback"])
def test_text_over_the_limit_is_413(service: Service, path: str) -> None:
    limit = service.settings.max_text_chars
    assert service.client.post(path, json={"text": "ب" * limit}, headers=service.headers()).status_code in {200, 201}
    _check(service.client.post(path, json={"text": "ب" * (limit + 1)}, headers=service.headers()), 413, "text_too_long")


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b'{"text": "\xd8\xb3\xff"}', 422, "invalid_utf8"),
        (b'{"text": "\\ud800 lone"}', 422, "invalid_text"),
        (b'{"text": "unterminated', 400, "invalid_json"),
        (b"[1, 2]", 422, "invalid_type"),
    ],
)
def test_undecodable_bodies(service: Service, raw: bytes, status: int, code: str) -> None:
    for path in ("/v1/analyze", "/v1/feedback", "/v1/tickets/desk/t-1/messages"):
        _check(service.client.post(path, content=raw, headers=service.headers(**JSON)), status, code)
    assert _stored(service) == 0


def test_nul_bytes_anywhere_are_refused(service: Service) -> None:
    body = {"text": "ok", "metadata": {"note\x00": "x"}}
    _check(service.client.post("/v1/feedback", json=body, headers=service.headers()), 422, "invalid_text")
    body = {"text": "ok", "external_id": "a\x00b"}
    _check(service.client.post("/v1/feedback", json=body, headers=service.headers()), 422, "invalid_text")
    assert _stored(service) == 0


def test_body_over_the_limit_is_413(database_url: str, shipped_analyzer: Any) -> None:
    for service in start_service(database_url, shipped_analyzer, max_body_bytes=4096):
        big = {"items": [{"text": "سلام " * 100} for _ in range(20)]}
        _check(service.client.post("/v1/feedback/batch", json=big, headers=service.headers()), 413, "body_too_large")

        def chunks() -> Any:  # no Content-Length: the limit is enforced while the body streams in
            for _ in range(10):
                yield b" " * 1000

        response = service.client.post(
            "/v1/feedback", content=chunks(), headers=service.headers(**JSON, **{"transfer-encoding": "chunked"})
        )
        _check(response, 413, "body_too_large")
        assert _stored(service) == 0


def test_batch_over_the_limit_is_413_and_writes_nothing(database_url: str, shipped_analyzer: Any) -> None:
    for service in start_service(database_url, shipped_analyzer, max_batch_items=5):
        items = [{"text": f"پیام {index}"} for index in range(6)]
        response = service.client.post("/v1/feedback/batch", json={"items": items}, headers=service.headers())
        _check(response, 413, "batch_too_large")
        _check(
            service.client.post("/v1/feedback/batch", json={"items": []}, headers=service.headers()), 422, "empty_batch"
        )
        assert _stored(service) == 0
