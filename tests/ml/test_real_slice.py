"""Training and evaluation smoke test on a small slice of the real public corpus (when ../shared is beside us)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.ml.ngram import NgramConfig
from app.ml.sentiment_cli import evaluate_sentiment_model, train_sentiment_model

UNIFIED = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "unified" / "sentiment"


@pytest.fixture(scope="module")
def real_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not UNIFIED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared datasets at {UNIFIED}")
        pytest.skip(f"the shared datasets are not at {UNIFIED}")
    folder = tmp_path_factory.mktemp("slice")
    for dataset in ("snappfood", "marsa"):
        for split, count in (("train", 1500), ("dev", 300), ("test", 300)):
            source = UNIFIED / f"{dataset}.{split}.jsonl"
            if dataset == "snappfood" and split == "train":
                source = UNIFIED / "snappfood.dev.jsonl"  # SnappFood has no train split
            lines = source.read_text(encoding="utf-8").splitlines()[:count]
            (folder / f"{dataset}.{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_model_trained_on_a_real_slice_beats_chance_and_is_reported_beside_the_baseline(
    real_slice: Path, tmp_path: Path
) -> None:
    model_folder = tmp_path / "model"
    config = NgramConfig(min_document_frequency=2)
    train_sentiment_model(real_slice, model_folder, seed=1, epochs=3, name="slice", config=config, log=lambda _: None)
    report_path = tmp_path / "eval.json"
    evaluate_sentiment_model(model_folder, real_slice, report_path, with_baseline=True, log=lambda _: None)
    report = json.loads(report_path.read_text())
    snappfood = report["results"]["snappfood"]
    assert snappfood["labels"] == ["negative", "positive"]  # binary dataset, scored on its own two labels
    assert snappfood["macro_f1"] > 0.6  # chance is 0.5
    assert report["results"]["marsa"]["macro_f1"] > 0.4  # three classes, chance about 0.33
    assert set(report["baseline"]["results"]) == {"marsa", "snappfood"}
