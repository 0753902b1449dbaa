"""A seconds-long smoke run of the from-scratch encoder trainer on a tiny synthetic corpus."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from app.ml.encoder import train_encoder
from app.ml.labels import LABELS
from app.ml.transformers_backend import TransformersSentimentModel

_WORDS = {
    ("fa", "positive"): ["عالی", "خوب", "ممنون", "راضی"],
    ("fa", "neutral"): ["معمولی", "متوسط", "رسید", "سفارش"],
    ("fa", "negative"): ["بد", "افتضاح", "دیر", "ناراضی"],
    ("ar", "positive"): ["ممتاز", "رائع", "جميل", "شكرا"],
    ("ar", "negative"): ["سيء", "متأخر", "رديء", "مزعج"],
}
_TOPICS = {
    "fa": ["غذا", "پیک", "بسته‌بندی", "قیمت", "کیفیت"],
    "ar": ["الخدمة", "المنتج", "التوصيل", "السعر", "الفندق"],
}


def _rows(dataset: str, language: str, labels: tuple[str, ...], count: int, split: str) -> list[dict[str, str]]:
    rows = []
    combos = itertools.cycle(itertools.product(labels, _TOPICS[language], range(4)))
    for index, (label, topic, variant) in zip(range(count), combos, strict=False):
        words = _WORDS[(language, label)]
        text = f"{topic} {words[variant]} {words[(variant + index) % 4]} {index % 7}"
        row_id = f"{dataset}-{split}-{index}"
        rows.append(
            {"id": row_id, "text": text, "lang": language, "label": label}
            | {"source": dataset, "domain": "reviews", "split": split}
        )
    return rows


def _write(folder: Path, dataset: str, split: str, rows: list[dict[str, str]]) -> None:
    lines = (json.dumps(row, ensure_ascii=False) for row in rows)
    (folder / f"{dataset}.{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """200 examples: a three-label Persian set and a binary Arabic one, each with train and dev files."""
    folder = tmp_path / "sentiment"
    folder.mkdir()
    _write(folder, "shop", "train", _rows("shop", "fa", tuple(LABELS), 80, "train"))
    _write(folder, "shop", "dev", _rows("shop", "fa", tuple(LABELS), 30, "dev"))
    _write(folder, "tweets", "train", _rows("tweets", "ar", ("negative", "positive"), 60, "train"))
    _write(folder, "tweets", "dev", _rows("tweets", "ar", ("negative", "positive"), 30, "dev"))
    return tmp_path


def _train(corpus: Path, out: Path) -> dict[str, object]:
    return train_encoder(
        corpus, out, layers=1, hidden=32, heads=2, max_length=16, epochs=3.0, batch_size=16, vocab_size=300
    )


@pytest.mark.slow
def test_trains_saves_and_loads_back(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "encoder"
    metrics = _train(corpus, out)

    for name in ("config.json", "model.safetensors", "tokenizer.json", "nazar_model.json", "metrics.json"):
        assert (out / name).is_file(), name
    assert json.loads((out / "metrics.json").read_text(encoding="utf-8")) == metrics
    manifest = json.loads((out / "nazar_model.json").read_text(encoding="utf-8"))
    assert manifest["family"] == "transformers"
    assert [f["file"] for f in manifest["trained_on"]] == ["shop.train.jsonl", "tweets.train.jsonl"]

    dev = metrics["dev"]
    assert isinstance(dev, dict)
    assert set(dev) == {"shop", "tweets"}
    assert set(dev["tweets"]["f1"]) == {"negative", "positive"}  # binary: scored on its two labels
    assert set(dev["shop"]["f1"]) == set(LABELS)
    assert all(0.0 <= report["macro_f1"] <= 1.0 for report in dev.values())

    model = TransformersSentimentModel(out)
    probabilities = model.predict_proba(["غذا عالی بود", "الخدمة سيئة"], ["fa", "ar"])
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert model.version == "transformers:encoder"


@pytest.mark.slow
def test_same_seed_same_model(corpus: Path, tmp_path: Path) -> None:
    texts, languages = ["غذا عالی بود", "پیک دیر رسید", "الخدمة سيئة"], ["fa", "fa", "ar"]
    runs = []
    for name in ("first", "second"):
        _train(corpus, tmp_path / name)
        runs.append(TransformersSentimentModel(tmp_path / name).predict_proba(texts, languages))
    np.testing.assert_array_equal(runs[0], runs[1])
    first, second = ((tmp_path / name / "tokenizer.json").read_bytes() for name in ("first", "second"))
    assert first == second
