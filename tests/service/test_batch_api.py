"""POST /v1/feedback/batch: per-item outcomes, partial success, duplicates, and Idempotency-Key retries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from app.db.models import Feedback
from tests.service.conftest import Service


def _stored(service: Service) -> int:
    engine = service.client.app.state.nazar.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Feedback)).scalar_one())


def _batch(service: Service, items: list[Any], key: str | None = None) -> Any:
    headers = service.headers("ingest", **({"Idempotency-Key": key} if key else {}))
    return service.client.post("/v1/feedback/batch", json={"items": items}, headers=headers)


def test_valid_items_are_stored_and_bad_ones_reported_in_place(service: Service) -> None:
    items = [
        {"text": "ارسال خیلی کند بود", "external_id": "b-1"},
        {"text": ""},
        {"text": "خوب", "nps": 12},
        "not an object",
        {"text": "ممتاز", "surprise": True},
        {"text": "التوصيل سريع", "external_id": "b-1"},  # same identity as the first: a duplicate
        {"text": "x" * (service.settings.max_text_chars + 1)},
        {"text": "الخدمة سيئة", "external_id": "b-2", "channel": "chat"},
    ]
    response = _batch(service, items)
    assert response.status_code in {200, 422}
    if response.status_code == 422:  # a non-object item fails the envelope: the contract is the per-item path
        items[3] = {"text": 5}
        response = _batch(service, items)
    body = response.json()
    statuses = [item["status"] for item in body["items"]]
    assert statuses == ["created", "error", "error", "error", "error", "duplicate", "error", "created"]
    codes = [item.get("error", {}).get("code") for item in body["items"]]
    assert codes[1] == "empty_text"
    assert codes[4] == "unknown_field"
    assert codes[6] == "text_too_long"
    assert body["items"][5]["id"] == body["items"][0]["id"]
    assert (body["created"], body["duplicates"], body["errors"]) == (2, 1, 5)
    assert _stored(service) == 2


def test_idempotency_key_replays_the_first_response(service: Service) -> None:
    items = [{"text": "پشتیبانی جواب نداد"}, {"text": "عالی بود"}]  # no external ids: only the key protects them
    first = _batch(service, items, key="req-1")
    again = _batch(service, items, key="req-1")
    assert again.status_code == first.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert _stored(service) == 2
    reused = _batch(service, [{"text": "چیز دیگر"}], key="req-1")
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert _batch(service, items).json()["created"] == 2  # without the key it is a new request
    assert _stored(service) == 4


def test_concurrent_retries_with_one_key_store_once(service: Service) -> None:
    items = [{"text": f"پیام همزمان {index}"} for index in range(20)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: _batch(service, items, key="same"), range(4)))
    assert all(response.status_code == 200 for response in responses)
    assert all(response.json() == responses[0].json() for response in responses)
    assert sum(response.headers.get("idempotent-replayed") == "true" for response in responses) == 3
    assert _stored(service) == 20


def test_concurrent_batches_with_overlapping_external_ids_store_each_once(service: Service) -> None:
    items = [{"text": f"نظر {index}", "external_id": f"o-{index}"} for index in range(30)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        responses = list(pool.map(lambda shift: _batch(service, items[shift:] + items[:shift]), (0, 10, 20)))
    assert all(response.status_code == 200 for response in responses)
    assert sum(response.json()["created"] for response in responses) == 30
    assert _stored(service) == 30
