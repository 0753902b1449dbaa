"""Tagged issues: negative mentions become tags, grouped by pillar × topic per language, with triage status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from app.analysis.result import AnalysisResult, PiiSpan, Theme
from app.ml.model import SentimentPrediction
from app.service.issues import plan_tags, trend_of
from app.text.pii import redact
from app.text.spans import Evidence
from tests.service.conftest import Service


def _result(
    themes: list[Theme], topics: list[Theme], label: str = "negative", text: str = "", pii: tuple[PiiSpan, ...] = ()
) -> AnalysisResult:
    return AnalysisResult(
        id=None,
        language="fa",
        script="arabic",
        romanized=False,
        sentiment=SentimentPrediction(label, -0.8, 0.9),  # type: ignore[arg-type]
        model_version="m",
        normalization_version="n",
        redacted_text=redact(text)[0],
        pii=pii,
        themes=tuple(themes),
        topics=tuple(topics),
    )


def test_tags_pair_each_negative_pillar_with_the_strongest_negative_topic() -> None:
    text = "ارسال دیر بود و هزینه اضافه گرفتن. شماره من 09121234567"
    spans = (Evidence(0, 12, text[0:12]),)
    phone = (PiiSpan("phone", text.index("0912"), len(text)),)
    with_phone = (Evidence(35, len(text), text[35:]),)
    result = _result(
        [Theme("effort", 0.9, "negative", spans), Theme("trust", 0.7, "negative"), Theme("empathy", 0.8, "positive")],
        [Theme("delivery", 0.95, "negative"), Theme("pricing_billing", 0.6, "negative", with_phone)],
        text=text,
        pii=phone,
    )
    tags = plan_tags(result)
    keys = [(tag.kind, tag.name, tag.group_key) for tag in tags]
    assert keys == [
        ("theme", "effort", "fa|effort|delivery"),
        ("theme", "trust", "fa|trust|delivery"),
        ("topic", "delivery", "fa|effort|delivery"),
        ("topic", "pricing_billing", "fa|effort|pricing_billing"),
    ]
    assert tags[0].quote == text[0:12]
    assert tags[1].quote.startswith("ارسال دیر بود")  # no evidence: the redacted text ...
    assert "09121234567" not in tags[1].quote  # ... without the phone number
    assert tags[3].quote.startswith("شماره من")  # evidence that touches personal data is redacted
    assert "09121234567" not in tags[3].quote
    assert plan_tags(_result([Theme("empathy", 0.8, "positive")], [], "positive")) == []


def test_trend_needs_a_real_change() -> None:
    assert trend_of(0, 0) == "steady"
    assert trend_of(1, 0) == "steady"
    assert trend_of(5, 1) == "rising"
    assert trend_of(10, 11) == "steady"
    assert trend_of(2, 10) == "falling"


def _post(service: Service, text: str, days_ago: int, language: str | None = None) -> dict[str, Any]:
    created = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat()
    body: dict[str, Any] = {"text": text, "created_at": created}
    if language:
        body["language"] = language
    response = service.client.post("/v1/feedback", json=body, headers=service.headers("ingest"))
    assert response.status_code == 201
    return dict(response.json())


def test_issues_group_count_trend_and_link_feedback(service: Service) -> None:
    waits = [
        "سفارشم ده روزه نرسیده و هر بار میگن فردا",
        "دو هفته‌ست منتظر ارسال سفارشم هستم",
        "پیک سه روز دیر اومد، خیلی معطل شدم",
        "بسته هنوز نرسیده، یک هفته گذشته",
    ]
    posted = [_post(service, text, days_ago) for text, days_ago in zip(waits, (1, 2, 3, 10), strict=True)]
    arabic_complaint = _post(service, "موظف خدمة العملاء كان وقح جدا ولم يحل مشكلتي", 1)
    _post(service, "خیلی عالی بود، ممنون", 1)
    issues = service.client.get("/v1/issues", headers=service.headers("read")).json()["items"]
    assert issues, "negative feedback must raise issues"
    counts = [issue["count"] for issue in issues]
    assert counts == sorted(counts, reverse=True)
    top = issues[0]
    linked = {item["id"] for item in posted}
    detail = service.client.get(f"/v1/issues/{top['id']}", headers=service.headers("read")).json()
    assert {item["id"] for item in detail["feedback"]} <= linked  # the top issue is a Persian waiting one
    assert detail["count"] == len(detail["feedback"])
    assert top["language"] == "fa"
    assert top["first_seen"] <= top["last_seen"]
    assert 1 <= len(top["examples"]) <= 3
    assert top["recent"] + top["previous"] <= top["mentions"]
    for example in top["examples"]:
        assert example["quote"]
    arabic = service.client.get("/v1/issues", params={"language": "ar"}, headers=service.headers("read")).json()
    assert arabic["items"]
    assert all(issue["language"] == "ar" for issue in arabic["items"])
    arabic_detail = service.client.get(f"/v1/issues/{arabic['items'][0]['id']}", headers=service.headers("read"))
    assert [item["id"] for item in arabic_detail.json()["feedback"]] == [arabic_complaint["id"]]
    by_growth = service.client.get("/v1/issues", params={"sort": "growth"}, headers=service.headers("read")).json()
    growth = [issue["growth"] for issue in by_growth["items"]]
    assert growth == sorted(growth, reverse=True)
    old_only = service.client.get(
        "/v1/issues",
        params={"seen_to": (datetime.now(UTC) - timedelta(days=5)).isoformat()},
        headers=service.headers("read"),
    ).json()["items"]
    assert all(issue["count"] == 1 for issue in old_only)


def test_status_changes_are_validated_filtered_and_scoped(service: Service) -> None:
    _post(service, "موظف خدمة العملاء كان وقح جدا ولم يحل مشكلتي", 0)
    issue = service.client.get("/v1/issues", headers=service.headers("read")).json()["items"][0]
    path = f"/v1/issues/{issue['id']}"
    assert (
        service.client.patch(path, json={"status": "acknowledged"}, headers=service.headers("read")).status_code == 403
    )
    bad = service.client.patch(path, json={"status": "closed"}, headers=service.headers("ingest"))
    assert bad.status_code == 422
    changed = service.client.patch(path, json={"status": "acknowledged"}, headers=service.headers("ingest")).json()
    assert changed["status"] == "acknowledged"
    assert changed["status_changed_at"] is not None
    listed = service.client.get("/v1/issues", params={"status": "acknowledged"}, headers=service.headers("read"))
    assert [item["id"] for item in listed.json()["items"]] == [issue["id"]]
    assert (
        service.client.patch("/v1/issues/99999", json={"status": "open"}, headers=service.headers()).status_code == 404
    )
