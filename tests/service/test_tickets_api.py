"""The helpdesk path: a thread of messages, its state, and retries that are safe also when concurrent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from app.db.models import Feedback, Ticket
from app.service.tickets import MessageSummary, ticket_state
from tests.service.conftest import Service


def _message(service: Service, ticket: str, message_id: str, text: str, **extra: Any) -> Any:
    return service.client.post(
        f"/v1/tickets/zendesk/{ticket}/messages",
        json={"message_id": message_id, "text": text, **extra},
        headers=service.headers("ingest"),
    )


def _count(service: Service, table: Any) -> int:
    engine = service.client.app.state.nazar.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_thread_accumulates_state(service: Service) -> None:
    first = _message(service, "T-1", "m1", "سلام، سفارشم یک هفته‌ست نرسیده و کسی جواب نمیده")
    assert first.status_code == 201
    body = first.json()
    assert body["status"] == "created"
    assert body["message"]["message_id"] == "m1"
    assert body["message"]["analysis"]["sentiment"]["label"] == "negative"
    assert body["ticket"]["message_count"] == 1
    assert body["ticket"]["trend"] == "steady"
    assert body["ticket"]["priority"]["level"] in {"normal", "high", "urgent"}
    second = _message(service, "T-1", "m2", "خیلی ممنونم، مشکل حل شد و بسته امروز رسید. عالی بودید").json()
    state = second["ticket"]
    assert state["message_count"] == 2
    assert state["current_sentiment"]["label"] == "positive"
    assert state["trend"] == "improving"
    assert state["priority"]["level"] == "low"
    themes = {theme["name"] for theme in state["themes"]}
    assert themes >= {theme["name"] for theme in body["message"]["analysis"]["themes"]}
    read = service.client.get("/v1/tickets/zendesk/T-1", headers=service.headers("read")).json()
    assert read["message_count"] == 2
    assert service.client.get("/v1/tickets/zendesk/nope", headers=service.headers("read")).status_code == 404


def test_reposting_a_message_is_a_no_op_returning_the_same_result(service: Service) -> None:
    first = _message(service, "T-2", "m1", "الطلب وصل ناقص ولم يرد أحد على اتصالاتي").json()
    again = _message(service, "T-2", "m1", "الطلب وصل ناقص ولم يرد أحد على اتصالاتي")
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["message"] == first["message"]
    assert again.json()["ticket"] == first["ticket"]
    assert _count(service, Feedback) == 1
    # The same message id on another ticket is another message.
    assert _message(service, "T-3", "m1", "الطلب وصل ناقص").status_code == 201


def test_concurrent_posts_of_one_message_store_exactly_one_row(service: Service) -> None:
    text = "برای سومین بار توضیح میدم، کارتم دو بار شارژ شده و هنوز پولم برنگشته"
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: _message(service, "T-9", "m-race", text), range(8)))
    assert sorted(response.status_code for response in responses) == [200] * 7 + [201]
    assert len({response.json()["message"]["id"] for response in responses}) == 1
    assert _count(service, Feedback) == 1
    assert _count(service, Ticket) == 1


def _summary(label: str, score: float, themes: list[dict[str, Any]] | None = None) -> MessageSummary:
    return MessageSummary("m", label, score, themes or [], [])


def test_priority_and_trend_rules() -> None:
    calm = ticket_state([_summary("neutral", 0.0)])
    assert calm["priority"] == {"level": "low", "points": 0, "reasons": []}
    angry = ticket_state(
        [
            _summary("neutral", 0.1),
            _summary("negative", -0.5),
            _summary("negative", -0.9, [{"name": "trust", "sentiment": "negative"}]),
        ]
    )
    assert angry["trend"] == "worsening"
    assert angry["priority"]["reasons"] == [
        "negative",
        "strongly_negative",
        "worsening",
        "trust_or_resolution_problem",
        "repeated_contact",
    ]
    assert angry["priority"]["level"] == "urgent"
    assert ticket_state([_summary("negative", -0.5), _summary("negative", -0.6)])["trend"] == "steady"
