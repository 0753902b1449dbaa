"""Streamed exports: every filtered row once, in order, labels included, UTF-8 with an optional BOM for Excel."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tests.service.conftest import Service
from tests.summaries.seed import Row, seed

BOM = b"\xef\xbb\xbf"


def _engine(service: Service) -> Any:
    return service.client.app.state.nazar.engine  # type: ignore[attr-defined]


def _rows() -> list[Row]:
    rows = [
        Row(
            f"2026-05-{1 + index % 28:02d}T09:00:00Z",
            "negative" if index % 3 == 0 else "positive",
            channel="chat" if index % 2 else "survey",
            nps=index % 11,
            themes=[("effort", "negative")] if index % 3 == 0 else [],
            topics=[("delivery", "negative")] if index % 5 == 0 else [],
            text=f'سفارش {index}، "خیلی" دیر رسید,\nخط دوم',
        )
        for index in range(2_500)  # more than two streaming chunks
    ]
    return rows


def test_csv_export_with_bom_round_trips_through_a_csv_reader(service: Service) -> None:
    ids = seed(_engine(service), _rows())
    response = service.client.get(
        "/v1/exports/feedback.csv", params={"bom": "true", "channel": "chat"}, headers=service.headers("read")
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    body = response.content
    assert body.startswith(BOM)
    assert body.count(BOM) == 1
    records = list(csv.DictReader(io.StringIO(body[len(BOM) :].decode("utf-8"), newline="")))
    expected = [feedback_id for index, feedback_id in enumerate(ids) if index % 2]
    assert sorted(int(record["id"]) for record in records) == sorted(expected)
    first = next(record for record in records if record["id"] == str(ids[15]))  # index 15: negative, delivery
    assert first["themes"] == "effort:negative"
    assert first["topics"] == "delivery:negative"
    assert first["redacted_text"] == 'سفارش 15، "خیلی" دیر رسید,\nخط دوم'
    assert first["nps"] == "4"
    stamps = [record["created_at"] for record in records]
    assert stamps == sorted(stamps)


def test_jsonl_export_without_bom_and_with_filters(service: Service) -> None:
    seed(_engine(service), _rows()[:300])
    response = service.client.get(
        "/v1/exports/feedback.jsonl",
        params={"sentiment": "negative", "theme": "effort"},
        headers=service.headers("read"),
    )
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.content.decode("utf-8").splitlines()]
    assert len(lines) == 100  # every third of 300
    assert all(line["sentiment"] == "negative" for line in lines)
    assert all(line["themes"] == [{"name": "effort", "sentiment": "negative"}] for line in lines)
    plain = service.client.get("/v1/exports/feedback.csv", headers=service.headers("read")).content
    assert not plain.startswith(BOM)
    empty = service.client.get("/v1/exports/feedback.csv", params={"language": "xx"}, headers=service.headers("read"))
    assert empty.content.decode("utf-8").strip().startswith("id,created_at")
    assert len(empty.content.decode("utf-8").strip().splitlines()) == 1
