"""Training, saving, loading and evaluating the n-gram sentiment model on small corpora."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.ml.corpus import NON_COMMERCIAL, training_examples, training_files
from app.ml.ngram import NgramConfig, NgramSentimentModel
from app.ml.sentiment_cli import evaluate_sentiment_model, train_sentiment_model
from tests.fixtures.corpus import write_corpus

SMALL = NgramConfig(min_document_frequency=1, dimension=16, hidden=16)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def trained(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "toy"
    train_sentiment_model(corpus, out, seed=3, epochs=15, name="toy", config=SMALL, log=lambda _: None)
    return out


def test_training_writes_weights_config_data_manifest_and_metrics(trained: Path, corpus: Path) -> None:
    assert {p.name for p in trained.iterdir()} >= {
        "model.safetensors",
        "nazar_model.json",
        "data.json",
        "metrics.json",
    }
    manifest = json.loads((trained / "data.json").read_text())
    files = {entry["file"]: entry for entry in manifest["files"]}
    assert set(files) == {"toyar.train.jsonl", "toyfa.train.jsonl"}
    assert files["toyfa.train.jsonl"]["lines"] == 120
    assert len(files["toyfa.train.jsonl"]["sha256"]) == 64
    metrics = json.loads((trained / "metrics.json").read_text())
    assert len(metrics["history"]) == 15
    assert set(metrics["dev"]) == {"toyar", "toyfa"}


def test_the_trained_model_learns_the_toy_task(trained: Path) -> None:
    model = NgramSentimentModel.load(trained)
    probabilities = model.predict_proba(
        ["پشتیبانی عالی بود ممنون واقعا راضی بودم", "الخدمة سيئة جدا المنتج مكسور"], ["fa", "ar"]
    )
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert probabilities[0].argmax() == 2
    assert probabilities[1].argmax() == 0


def test_training_is_deterministic_for_a_seed(corpus: Path, tmp_path: Path, trained: Path) -> None:
    again = tmp_path / "again"
    train_sentiment_model(corpus, again, seed=3, epochs=15, name="toy", config=SMALL, log=lambda _: None)
    assert (again / "model.safetensors").read_bytes() == (trained / "model.safetensors").read_bytes()


def test_evaluation_reports_model_and_baseline_per_dataset(trained: Path, corpus: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "eval.json"
    evaluate_sentiment_model(trained, corpus, report_path, with_baseline=True, log=lambda _: None)
    report = json.loads(report_path.read_text())
    assert set(report["results"]) == {"toyar", "toyfa"}
    for name in ("toyar", "toyfa"):
        result = report["results"][name]
        assert result["n"] == 30
        assert set(result["f1"]) == {"negative", "neutral", "positive"}
        assert 0.0 <= result["macro_f1"] <= 1.0
        assert name in report["baseline"]["results"]
    assert report["same_training_data"] is True
    assert report["data"] == [str(corpus)]
    assert "mean_delta" in report["summary"]


def test_non_commercial_datasets_never_train(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "parsinlu_sentiment.train.jsonl").write_text(
        json.dumps({"text": "عالی", "lang": "fa", "label": "positive", "split": "train"}) + "\n"
    )
    assert "parsinlu_sentiment" in NON_COMMERCIAL
    assert all(f.dataset != "parsinlu_sentiment" for f in training_files(corpus))
    examples, _ = training_examples(corpus)
    assert all(e.dataset != "parsinlu_sentiment" for e in examples)


def test_a_dataset_without_train_trains_on_its_dev_split(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    (corpus / "toyfa.train.jsonl").unlink()
    names = [f.path.name for f in training_files(corpus)]
    assert "toyfa.dev.jsonl" in names


def test_a_bad_label_is_refused_with_its_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    with (corpus / "toyfa.train.jsonl").open("a") as handle:
        handle.write(json.dumps({"text": "x", "lang": "fa", "label": "great", "split": "train"}) + "\n")
    with pytest.raises(ValueError, match=r"toyfa\.train\.jsonl:121"):
        training_examples(corpus)
