"""The CX corpus: gold labels from two annotation passes plus adjudication, a fixed split, and its sentiment view.

    .venv/bin/python -m app.ml.cx_corpus data/cx      # writes data/cx/gold/ and data/cx/unified/sentiment/

Gold labels, per text: the adjudicated labels where the two passes disagreed, else the first pass's (both agreed on
every label; the first pass's evidence spans are kept). The split is a function of the text id alone, so it never
changes when labels do: 70% train, 10% dev, 20% test (about 400 test texts per language).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["PILLARS", "TOPICS", "build_gold", "read_records", "split_of", "write_gold"]

PILLARS: Final = ("trust", "effort", "empathy", "personalization", "expectations", "resolution")
TOPICS: Final = (
    "delivery",
    "pricing_billing",
    "product_quality",
    "customer_support",
    "payment_checkout",
    "app_website",
    "account_security",
    "returns_refunds",
)
LANGUAGES: Final = ("fa", "ar")
_LABEL_KEYS: Final = ("sentiment", "pillars", "topics")

Record = dict[str, Any]


def split_of(record_id: str) -> str:
    bucket = int(hashlib.sha256(f"nazar-cx-v1|{record_id}".encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 80 else "test"


def read_records(paths: Sequence[Path]) -> dict[str, Record]:
    """Records of JSONL files by id (a later file wins on a repeated id)."""
    records: dict[str, Record] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[str(record["id"])] = record
    return records


def _label_key(record: Record) -> tuple[object, ...]:
    return (
        record["sentiment"],
        tuple(sorted((item["name"], item["sentiment"]) for item in record["pillars"])),
        tuple(sorted((item["name"], item["sentiment"]) for item in record["topics"])),
    )


def build_gold(folder: Path) -> tuple[list[Record], Counter[str]]:
    """Gold records of one language folder, in first-pass order, and how each label set was decided."""
    first = read_records(sorted(folder.glob("[ab]_*.jsonl")))
    second = read_records(sorted((folder / "second_pass").glob("*.jsonl")))
    adjudicated = read_records(sorted((folder / "adjudicated").glob("*.jsonl")))
    decided: Counter[str] = Counter()
    gold = []
    for record_id, record in first.items():
        labels: Record
        if record_id in second and _label_key(record) == _label_key(second[record_id]):
            labels, how = record, "agreed"
        elif record_id in adjudicated:
            labels, how = adjudicated[record_id], "adjudicated"
        else:
            labels, how = record, "first_pass_only"
        decided[how] += 1
        gold.append(
            {
                **{key: value for key, value in record.items() if key not in (*_LABEL_KEYS, "annotator")},
                **{key: labels[key] for key in _LABEL_KEYS},
                "labels_from": how,
                "split": split_of(record_id),
            }
        )
    return gold, decided


def write_gold(cx_dir: Path) -> dict[str, Counter[str]]:
    """Write `gold/cx_<lang>.jsonl` and the sentiment view `unified/sentiment/cx_<lang>.<split>.jsonl`."""
    summary = {}
    (cx_dir / "gold").mkdir(exist_ok=True)
    sentiment_dir = cx_dir / "unified" / "sentiment"
    sentiment_dir.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        gold, decided = build_gold(cx_dir / language)
        _write_jsonl(cx_dir / "gold" / f"cx_{language}.jsonl", gold)
        for split in ("train", "dev", "test"):
            rows = [
                {
                    "id": record["id"],
                    "text": record["text"],
                    "lang": language,
                    "label": record["sentiment"],
                    "source": f"cx_{language}",
                    "domain": record["domain"],
                    "split": split,
                    "channel": record["channel"],
                }
                for record in gold
                if record["split"] == split
            ]
            _write_jsonl(sentiment_dir / f"cx_{language}.{split}.jsonl", rows)
        summary[language] = decided + Counter(f"split_{record['split']}" for record in gold)
    return summary


def _write_jsonl(path: Path, rows: list[Record]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


if __name__ == "__main__":
    for language, counts in write_gold(Path(sys.argv[1] if len(sys.argv) > 1 else "data/cx")).items():
        print(language, dict(sorted(counts.items())))
