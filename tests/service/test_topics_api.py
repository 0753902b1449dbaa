"""Custom topics over the API: defined once, matched in every new item at once, filterable, removable."""

from __future__ import annotations

from typing import Any

from tests.service.conftest import Service

LOYALTY = {
    "name": "loyalty_points",
    "phrases": {"fa": ["امتیاز باشگاه", "کش بک"], "ar": ["نقاط الولاء"]},
    "exclusions": {"fa": ["امتیاز فیلم"]},
}


def _feedback(service: Service, text: str) -> dict[str, Any]:
    response = service.client.post("/v1/feedback", json={"text": text}, headers=service.headers("ingest"))
    assert response.status_code == 201
    return dict(response.json())


def test_a_new_topic_matches_new_feedback_with_evidence(service: Service) -> None:
    created = service.client.post("/v1/topics", json=LOYALTY, headers=service.headers("admin"))
    assert created.status_code == 201
    topic_id = created.json()["id"]
    text = "امتیازهای باشگاهم هنوز اضافه نشده و کش‌بک هم نگرفتم"
    item = _feedback(service, text)
    (match,) = item["analysis"]["custom_topics"]
    assert match["name"] == "loyalty_points"
    spans = [(span["start"], span["end"]) for span in match["evidence"]]
    assert [text[start:end] for start, end in spans] == ["امتیازهای باشگاهم", "کش‌بک"]
    arabic = _feedback(service, "لم تضف نقاط الولاء إلى حسابي حتى الآن")
    assert [topic["name"] for topic in arabic["analysis"]["custom_topics"]] == ["loyalty_points"]
    excluded = _feedback(service, "امتیاز باشگاه و امتیاز فیلم هر دو کم بود")
    assert excluded["analysis"]["custom_topics"] == []
    unrelated = _feedback(service, "ارسال سریع بود")
    listed = service.client.get(
        "/v1/feedback", params={"topic": "loyalty_points"}, headers=service.headers("read")
    ).json()
    assert {row["id"] for row in listed["items"]} == {item["id"], arabic["id"]}
    assert unrelated["id"] not in {row["id"] for row in listed["items"]}
    analysed = service.client.post("/v1/analyze", json={"text": text}, headers=service.headers("read")).json()
    assert [topic["name"] for topic in analysed["custom_topics"]] == ["loyalty_points"]
    assert service.client.delete(f"/v1/topics/{topic_id}", headers=service.headers("admin")).status_code == 204
    assert _feedback(service, text)["analysis"]["custom_topics"] == []


def test_topic_definitions_are_validated(service: Service) -> None:
    headers = service.headers("admin")
    assert service.client.post("/v1/topics", json=LOYALTY, headers=headers).status_code == 201
    duplicate = service.client.post("/v1/topics", json=LOYALTY, headers=headers)
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "topic_exists"
    no_words = service.client.post("/v1/topics", json={"name": "x", "phrases": {"fa": ["!!!"]}}, headers=headers)
    assert no_words.status_code == 422
    assert no_words.json()["error"]["code"] == "invalid_topic"
    empty = service.client.post("/v1/topics", json={"name": "y", "phrases": {}}, headers=headers)
    assert empty.status_code == 422
    as_string = service.client.post("/v1/topics", json={"name": "z", "phrases": {"fa": "کش بک"}}, headers=headers)
    assert as_string.status_code == 422
    assert service.client.post("/v1/topics", json=LOYALTY, headers=service.headers("read")).status_code == 403
    names = [row["name"] for row in service.client.get("/v1/topics", headers=service.headers("read")).json()["items"]]
    assert names == ["loyalty_points"]
    assert service.client.delete("/v1/topics/999", headers=headers).status_code == 404
