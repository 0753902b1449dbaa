"""Gold labels of the CX corpus: agreement keeps the first pass, disagreement takes the adjudication; fixed split."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from app.ml.cx_corpus import build_gold, split_of, write_gold


def _record(record_id: str, sentiment: str, pillars: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {
        "id": record_id,
        "lang": "fa",
        "text": f"متن {record_id}",
        "channel": "survey",
        "domain": "banking",
        "register": "formal",
        "sentiment": sentiment,
        "pillars": pillars or [],
        "topics": [],
    }


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def test_gold_takes_agreed_first_pass_labels_and_adjudicated_ones_where_passes_differ(tmp_path: Path) -> None:
    folder = tmp_path / "fa"
    effort = [{"name": "effort", "sentiment": "negative", "evidence": ["متن"]}]
    _write(
        folder / "a_001.jsonl", [_record("1", "negative", effort), _record("2", "neutral"), _record("3", "positive")]
    )
    _write(
        folder / "second_pass" / "a_001.jsonl",
        [_record("1", "negative", effort), _record("2", "negative"), _record("3", "positive", effort)],
    )
    _write(folder / "adjudicated" / "part1.jsonl", [{"id": "2", "sentiment": "negative", "pillars": [], "topics": []}])
    gold, decided = build_gold(folder)
    by_id = {record["id"]: record for record in gold}
    assert by_id["1"]["pillars"] == effort
    assert by_id["1"]["labels_from"] == "agreed"
    assert by_id["2"]["sentiment"] == "negative"
    assert by_id["2"]["labels_from"] == "adjudicated"
    assert by_id["3"]["labels_from"] == "first_pass_only"  # not adjudicated yet: the first pass stands
    assert decided == Counter({"agreed": 1, "adjudicated": 1, "first_pass_only": 1})
    assert all(record["split"] == split_of(str(record["id"])) for record in gold)


def test_split_is_stable_and_roughly_seventy_ten_twenty() -> None:
    splits = Counter(split_of(f"fa-a-{n:04d}") for n in range(4000))
    assert split_of("fa-a-0001") == split_of("fa-a-0001")
    assert 0.66 < splits["train"] / 4000 < 0.74
    assert 0.17 < splits["test"] / 4000 < 0.23


def test_write_gold_produces_the_unified_sentiment_view(tmp_path: Path) -> None:
    for language in ("fa", "ar"):
        _write(tmp_path / language / "a_001.jsonl", [_record(f"{language}-{n}", "neutral") for n in range(30)])
    write_gold(tmp_path)
    view = [
        json.loads(line)
        for split in ("train", "dev", "test")
        for line in (tmp_path / "unified" / "sentiment" / f"cx_fa.{split}.jsonl").read_text().splitlines()
    ]
    assert len(view) == 30
    assert {row["label"] for row in view} == {"neutral"}
    assert {row["source"] for row in view} == {"cx_fa"}
