"""Storing and reading feedback: create, duplicates, survey answers, filters, cursor pages, erasure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.db.models import Analysis, AuditEntry, Feedback, FeedbackLabel, IssueTag
from tests.service.conftest import Service


def _post(service: Service, **body: Any) -> Any:
    return service.client.post("/v1/feedback", json=body, headers=service.headers("ingest"))


def _count(service: Service, table: Any, *where: Any) -> int:
    engine = service.client.app.state.nazar.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_create_returns_the_item_with_its_analysis(service: Service) -> None:
    text = "گرونه ولی کیفیتش عالیه. فقط ارسال خیلی طول کشید"
    response = _post(
        service, text=text, channel="survey", external_id="r-1", nps=6, ces=5, ces_scale=7, metadata={"order": "A1"}
    )
    assert response.status_code == 201
    item = response.json()
    assert item["status"] == "created"
    assert item["source"] == "ingest-client"  # the key's name when no source is given
    assert item["survey"] == {"nps": 6, "csat": None, "ces": 5, "ces_scale": 7}
    assert item["metadata"] == {"order": "A1"}
    assert item["text"] == text
    analysis = item["analysis"]
    assert analysis["language"] == "fa"
    assert analysis["model_version"].startswith("sentiment=")
    for group in ("themes", "topics"):
        for label in analysis[group]:
            for span in label["evidence"]:
                assert text[span["start"] : span["end"]] == span["text"]
    fetched = service.client.get(f"/v1/feedback/{item['id']}", headers=service.headers("read")).json()
    assert fetched["analysis"] == analysis
    assert _count(service, Analysis, Analysis.feedback_id == item["id"]) == 1


def test_same_source_and_external_id_is_a_duplicate_and_not_reanalysed(service: Service) -> None:
    first = _post(service, text="التوصيل تأخر أسبوعين", source="crm", external_id="e-9")
    second = _post(service, text="نص مختلف تماما", source="crm", external_id="e-9")
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["status"] == "duplicate"
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["text"] == "التوصيل تأخر أسبوعين"
    assert _count(service, Feedback) == 1
    other_source = _post(service, text="التوصيل تأخر أسبوعين", source="zendesk", external_id="e-9")
    assert other_source.status_code == 201


def test_personal_data_is_redacted_in_the_stored_copy(service: Service) -> None:
    item = _post(service, text="شماره من ۰۹۱۲۱۲۳۴۵۶۷ است، لطفا تماس بگیرید").json()
    assert "۰۹۱۲۱۲۳۴۵۶۷" not in item["redacted_text"]
    assert item["analysis"]["pii"]


def test_raw_text_is_not_kept_when_settings_say_so(database_url: str, shipped_analyzer: Any) -> None:
    from tests.service.conftest import start_service

    for service in start_service(database_url, shipped_analyzer, store_raw_text=False):
        item = _post(service, text="ایمیلم ali@example.com هست و سفارشم نرسیده").json()
        assert item["text"] is None
        assert "ali@example.com" not in item["redacted_text"]
        assert "ali@example.com" not in str(item["analysis"])


def test_survey_answers_are_validated(service: Service) -> None:
    cases = [
        {"nps": 11},
        {"nps": -1},
        {"csat": 0},
        {"csat": 6},
        {"ces": 4},  # no scale
        {"ces": 6, "ces_scale": 5},
        {"ces": 3, "ces_scale": 6},
        {"nps": "9"},  # a string is not a number
        {"nps": 7.5},
    ]
    for extra in cases:
        response = _post(service, text="خوب بود", **extra)
        assert response.status_code == 422, extra
        assert response.json()["error"]["code"] in {"validation_error", "invalid_type"}, extra
    assert _count(service, Feedback) == 0


def _seed(service: Service) -> list[dict[str, Any]]:
    rows = [
        {"text": "سفارشم دو هفته دیر رسید و پشتیبانی جواب نداد", "channel": "ticket", "nps": 2, "source": "a"},
        {"text": "خیلی ممنون، پیک خیلی مودب و سریع بود", "channel": "survey", "nps": 10, "source": "a"},
        {"text": "الموظف كان وقحا جدا ولم يحل مشكلتي", "channel": "chat", "csat": 1, "source": "b"},
        {"text": "لطفا فاکتور سفارش ۱۲۳۴ را ایمیل کنید", "channel": "email", "source": "b"},
        {"text": "التطبيق ممتاز وسهل الاستخدام", "channel": "review", "csat": 5, "source": "a"},
    ]
    created = []
    for index, row in enumerate(rows):
        body = {**row, "created_at": f"2026-03-0{index + 1}T10:00:00+03:30", "external_id": f"s-{index}"}
        created.append(_post(service, **body).json())
    return created


def _ids(service: Service, **params: Any) -> list[int]:
    response = service.client.get("/v1/feedback", params=params, headers=service.headers("read"))
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_filters_select_the_right_items(service: Service) -> None:
    items = _seed(service)
    ids = [item["id"] for item in items]
    assert _ids(service) == ids[::-1]  # newest first
    assert _ids(service, channel="chat") == [ids[2]]
    assert set(_ids(service, source="a")) == {ids[0], ids[1], ids[4]}
    assert set(_ids(service, language="ar")) == {ids[2], ids[4]}
    assert _ids(service, nps_min=9) == [ids[1]]
    assert _ids(service, nps_max=6) == [ids[0]]
    assert _ids(service, csat_max=2) == [ids[2]]
    assert _ids(service, text_contains="فاکتور") == [ids[3]]
    assert _ids(service, text_contains="100%_") == []
    # Time range: created_at was given in Tehran time; filters take any offset.
    assert set(_ids(service, created_from="2026-03-02T06:30:00Z", created_to="2026-03-04T06:30:00Z")) == {
        ids[1],
        ids[2],
    }
    negative = set(_ids(service, sentiment="negative"))
    labels = {item["id"]: item["analysis"]["sentiment"]["label"] for item in items}
    assert negative == {i for i, label in labels.items() if label == "negative"}
    for theme in ("effort", "empathy"):
        expected = {item["id"] for item in items if theme in {t["name"] for t in item["analysis"]["themes"]}}
        assert set(_ids(service, theme=theme)) == expected


def test_cursor_pages_cover_everything_once_in_a_stable_order(service: Service) -> None:
    for index in range(7):
        # Equal timestamps on purpose: the id breaks the tie, so pages never skip or repeat.
        _post(service, text=f"پیام شماره {index} درباره ارسال", created_at="2026-05-01T00:00:00Z")
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = service.client.get("/v1/feedback", params=params, headers=service.headers("read")).json()
        seen.extend(item["id"] for item in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 7
    assert seen == sorted(seen, reverse=True)
    bad = service.client.get("/v1/feedback", params={"cursor": "!!!"}, headers=service.headers("read"))
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_cursor"


def test_erasure_removes_text_analyses_labels_and_tags_and_leaves_an_audit_line(service: Service) -> None:
    item = _post(
        service, text="سه بار زنگ زدم و هنوز پولم برنگشته، پشتیبانی هم بی ادب بود", external_id="gdpr-1"
    ).json()
    feedback_id = item["id"]
    assert _count(service, IssueTag, IssueTag.feedback_id == feedback_id) > 0
    assert service.client.delete(f"/v1/feedback/{feedback_id}", headers=service.headers("ingest")).status_code == 403
    assert service.client.delete(f"/v1/feedback/{feedback_id}", headers=service.headers("admin")).status_code == 204
    assert service.client.get(f"/v1/feedback/{feedback_id}", headers=service.headers("read")).status_code == 404
    for table in (Analysis, FeedbackLabel, IssueTag):
        assert _count(service, table, table.feedback_id == feedback_id) == 0  # type: ignore[attr-defined]
    assert _count(service, Feedback) == 0
    assert _count(service, AuditEntry, AuditEntry.target == f"feedback:{feedback_id}") == 1
    issues = service.client.get("/v1/issues", headers=service.headers("read")).json()["items"]
    assert issues == []  # no tag left, so no issue is listed with a count
    assert service.client.delete(f"/v1/feedback/{feedback_id}", headers=service.headers()).status_code == 404
    # The identity is free again: the item can be re-submitted.
    assert _post(service, text="دوباره", external_id="gdpr-1").status_code == 201
