"""Summaries against seeded data, every expected value computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.service.conftest import Service
from tests.summaries.seed import Row, seed


def _engine(service: Service) -> Any:
    return service.client.app.state.nazar.engine  # type: ignore[attr-defined]


def _get(service: Service, path: str, **params: Any) -> dict[str, Any]:
    response = service.client.get(path, params=params, headers=service.headers("read"))
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_sentiment_counts_shares_net_and_mean(service: Service) -> None:
    seed(
        _engine(service),
        [
            Row("2026-04-01T10:00:00+03:30", "positive", 0.8),
            Row("2026-04-01T11:00:00+03:30", "positive", 0.6),
            Row("2026-04-02T10:00:00+03:30", "negative", -0.9),
            Row("2026-04-02T12:00:00+03:30", "neutral", 0.1, channel="email"),
        ],
    )
    body = _get(service, "/v1/summaries/sentiment")
    (total,) = body["totals"]
    assert total["count"] == 4
    assert total["counts"] == {"negative": 1, "neutral": 1, "positive": 2}
    assert total["shares"] == {"negative": 25.0, "neutral": 25.0, "positive": 50.0}
    assert total["net_sentiment"] == 25.0  # 50% - 25%
    assert total["mean_score"] == pytest.approx(0.15)  # (0.8 + 0.6 - 0.9 + 0.1) / 4
    daily = _get(service, "/v1/summaries/sentiment", interval="day", calendar="gregorian")
    assert [(row["bucket"], row["count"]) for row in daily["series"]] == [("2026-04-01", 2), ("2026-04-02", 2)]
    by_channel = _get(service, "/v1/summaries/sentiment", interval="day", group_by="channel")
    cells = {(row["bucket"], row["group"]): row["count"] for row in by_channel["series"]}
    # Every group appears in every bucket, empty ones with zero counts and no shares.
    assert cells == {
        ("2026-04-01", "email"): 0,
        ("2026-04-01", "survey"): 2,
        ("2026-04-02", "email"): 1,
        ("2026-04-02", "survey"): 1,
    }
    empty = next(row for row in by_channel["series"] if row["count"] == 0)
    assert empty["net_sentiment"] is None
    assert empty["shares"]["positive"] is None


def test_nps_csat_ces_with_intervals_and_sample_flags(service: Service) -> None:
    nps_answers = [10, 9, 9, 8, 7, 6, 5, 0, 10, 3]
    rows = [Row("2026-05-01T09:00:00Z", nps=value) for value in nps_answers]
    rows += [Row("2026-05-01T09:00:00Z", csat=value) for value in (5, 4, 4, 3, 1)]
    rows += [Row("2026-05-01T09:00:00Z", ces=value, ces_scale=5) for value in (2, 3, 4)]
    rows += [Row("2026-05-01T09:00:00Z", ces=value, ces_scale=7) for value in (6, 7, 2, 5)]
    seed(_engine(service), rows)
    (total,) = _get(service, "/v1/summaries/metrics")["totals"]
    nps = total["nps"]
    # promoters 10,9,9,10 = 4; passives 8,7 = 2; detractors 6,5,0,3 = 4; NPS = 40% - 40% = 0.
    assert (nps["n"], nps["promoters"], nps["passives"], nps["detractors"], nps["value"]) == (10, 4, 2, 4, 0.0)
    # var = (0.4 + 0.4 - 0^2) / 10 = 0.08; 1.96 * sqrt(0.08) * 100 = 55.44
    assert nps["ci"] == [-55.44, 55.44]
    assert nps["insufficient_sample"] is True  # 10 < 30
    csat = total["csat"]
    # 3 of 5 answered are 4-5: 60%; Wilson 95% for 3/5 = [23.07%, 88.24%]
    assert (csat["n"], csat["value"], csat["ci"]) == (5, 60.0, [23.07, 88.24])
    ces = total["ces"]
    # 5-point: mean 3, s = 1, t(0.975, 2) = 4.303: 3 ± 4.303 / sqrt(3) = [0.516, 5.484]
    assert ces["scale_5"] == {"n": 3, "mean": 3.0, "ci": [0.516, 5.484], "insufficient_sample": True}
    # 7-point (never mixed with the 5-point answers): mean 5, s^2 = 14/3, t(0.975, 3) = 3.182: [1.563, 8.437];
    # top-2-box 6-7: 2 of 4 = 50%, Wilson [15%, 85%]
    assert ces["scale_7"]["mean"] == 5.0
    assert ces["scale_7"]["ci"] == [1.563, 8.437]
    assert ces["scale_7"]["top2box"] == {"value": 50.0, "ci": [15.0, 85.0]}


def test_insufficient_sample_flag_lifts_at_the_setting(database_url: str, shipped_analyzer: Any) -> None:
    from tests.service.conftest import start_service

    for service in start_service(database_url, shipped_analyzer, summary_min_sample=10):
        seed(_engine(service), [Row("2026-05-01T09:00:00Z", nps=9) for _ in range(10)])
        (total,) = _get(service, "/v1/summaries/metrics")["totals"]
        assert total["nps"]["value"] == 100.0
        assert total["nps"]["insufficient_sample"] is False
        assert total["csat"]["n"] == 0
        assert total["csat"]["value"] is None
        assert total["csat"]["insufficient_sample"] is True


def test_jalali_month_boundary_in_tehran_time(service: Service) -> None:
    seed(
        _engine(service),
        [
            Row("2026-03-20T20:29:00Z"),  # 23:59 on 29 Esfand 1404 in Tehran (UTC+3:30)
            Row("2026-03-20T20:31:00Z"),  # 00:01 on 1 Farvardin 1405
            Row("2026-04-20T20:29:00Z"),  # 23:59 on 31 Farvardin
            Row("2026-04-20T20:30:00Z"),  # 00:00 on 1 Ordibehesht
        ],
    )
    body = _get(service, "/v1/summaries/sentiment", interval="month", calendar="jalali", timezone="Asia/Tehran")
    assert [(row["bucket"], row["count"]) for row in body["series"]] == [("1404-12", 1), ("1405-01", 2), ("1405-02", 1)]
    farvardin = body["series"][1]
    assert farvardin["start"] == "2026-03-21T00:00:00+03:30"
    assert farvardin["end"] == "2026-04-21T00:00:00+03:30"
    # The same instants in UTC and the Gregorian calendar: all four fall in March/April differently.
    utc = _get(service, "/v1/summaries/sentiment", interval="month", calendar="gregorian", timezone="UTC")
    assert [(row["bucket"], row["count"]) for row in utc["series"]] == [("2026-03", 2), ("2026-04", 2)]
    quarters = _get(service, "/v1/summaries/sentiment", interval="quarter", calendar="jalali")
    assert [(row["bucket"], row["count"]) for row in quarters["series"]] == [("1404-Q4", 1), ("1405-Q1", 3)]
    weeks = _get(service, "/v1/summaries/sentiment", interval="week", calendar="jalali")
    # Jalali weeks start on Saturday: 1 Farvardin 1405 (21 March 2026) is a Saturday, so it opens a week.
    assert weeks["series"][0]["bucket"] == "1404-12-23/w"
    assert weeks["series"][1] == {**weeks["series"][1], "bucket": "1405-01-01/w", "count": 1}


def test_hijri_months_and_time_range_filled_with_empty_buckets(service: Service) -> None:
    seed(_engine(service), [Row("2026-03-19T12:00:00Z"), Row("2026-03-20T12:00:00Z")])  # 30 Ramadan / 1 Shawwal 1447
    body = _get(
        service,
        "/v1/summaries/sentiment",
        interval="month",
        calendar="hijri",
        timezone="Asia/Riyadh",
        created_from="2026-02-01T00:00:00+03:00",
        created_to="2026-05-01T00:00:00+03:00",
    )
    assert [(row["bucket"], row["count"]) for row in body["series"]] == [
        ("1447-08", 0),
        ("1447-09", 1),
        ("1447-10", 1),
        ("1447-11", 0),
    ]


def test_group_by_theme_counts_an_item_once_per_theme(service: Service) -> None:
    seed(
        _engine(service),
        [
            Row(
                "2026-05-01T09:00:00Z", "negative", -0.9, nps=2, themes=[("effort", "negative"), ("trust", "negative")]
            ),
            Row("2026-05-01T09:00:00Z", "positive", 0.9, nps=10, themes=[("empathy", "positive")]),
            Row("2026-05-01T09:00:00Z", "negative", -0.5, nps=5, themes=[("effort", "negative")]),
        ],
    )
    totals = {row["group"]: row for row in _get(service, "/v1/summaries/sentiment", group_by="theme")["totals"]}
    assert {name: row["count"] for name, row in totals.items()} == {"effort": 2, "empathy": 1, "trust": 1}
    metrics = {
        row["group"]: row["nps"]["value"] for row in _get(service, "/v1/summaries/metrics", group_by="theme")["totals"]
    }
    assert metrics == {"effort": -100.0, "empathy": 100.0, "trust": -100.0}


def test_drivers_share_and_impact(service: Service) -> None:
    # 4 answered: detractors 2 (nps 2, 5, both with effort), promoter 1 (10, empathy), passive 1 (8, none).
    seed(
        _engine(service),
        [
            Row("2026-05-01T09:00:00Z", nps=2, themes=[("effort", "negative")]),
            Row("2026-05-01T09:00:00Z", nps=5, themes=[("effort", "negative")]),
            Row("2026-05-01T09:00:00Z", nps=10, themes=[("empathy", "positive")]),
            Row("2026-05-01T09:00:00Z", nps=8),
            Row("2026-05-01T09:00:00Z", csat=5, themes=[("empathy", "positive")]),
            Row("2026-05-01T09:00:00Z", csat=1, themes=[("effort", "negative")]),
        ],
    )
    body = _get(service, "/v1/summaries/drivers")
    assert body["nps"]["overall"]["value"] == -25.0  # (1 - 2) / 4
    drivers = {item["name"]: item for item in body["nps"]["drivers"]}
    effort = drivers["effort"]
    assert effort["share_among_detractors"] == 100.0
    assert effort["share_among_promoters"] == 0.0
    assert effort["nps_with"] == -100.0
    assert effort["nps_without"] == 50.0  # the other two: 1 promoter, 1 passive
    assert effort["impact"] == -75.0  # -25 - 50: effort costs 75 points
    empathy = drivers["empathy"]
    assert (empathy["nps_with"], empathy["nps_without"], empathy["impact"]) == (100.0, -66.67, 41.67)
    assert [item["name"] for item in body["nps"]["drivers"]] == ["effort", "empathy"]  # costliest first
    csat = {item["name"]: item for item in body["csat"]["drivers"]}
    assert body["csat"]["overall"]["value"] == 50.0
    assert (csat["effort"]["csat_with"], csat["effort"]["csat_without"], csat["effort"]["impact"]) == (
        0.0,
        100.0,
        -50.0,
    )


def test_bad_summary_parameters(service: Service) -> None:
    for params in ({"timezone": "Mars/Olympus"}, {"calendar": "mayan"}, {"interval": "fortnight"}, {"group_by": "x"}):
        response = service.client.get("/v1/summaries/sentiment", params=params, headers=service.headers("read"))
        assert response.status_code == 422, params
    assert service.client.get("/v1/summaries/metrics", headers=service.headers("ingest")).status_code == 403


def test_phrases_endpoint_reads_stored_feedback(service: Service) -> None:
    negative = ["پشتیبانی جواب نداد", "سفارشم نرسید و پشتیبانی جواب نداد", "باز هم پشتیبانی جواب نداد"]
    positive = ["کیفیت عالی بود", "ارسال سریع و کیفیت عالی", "کیفیت عالی، ممنون"]
    rows = [Row("2026-05-01T09:00:00Z", "negative", -0.9, text=text) for text in negative]
    rows += [Row("2026-05-01T09:00:00Z", "positive", 0.9, text=text) for text in positive]
    ids = seed(_engine(service), rows)
    body = _get(service, "/v1/summaries/phrases", top=3)
    assert body["documents"] == 6
    persian = body["languages"]["fa"]
    assert persian["negative"][0]["phrase"] == "جواب نداد"
    assert persian["negative"][0]["count"] == 3
    assert persian["positive"][0]["phrase"] == "کیفیت عالی"
    example = persian["negative"][0]["examples"][0]
    assert example["feedback_id"] in ids[:3]
    assert "جواب نداد" in example["quote"]
