"""Shared fixtures: a small real n-gram model trained on the toy corpus (seconds), for pipeline tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ml.ngram import NgramConfig, NgramSentimentModel
from app.ml.sentiment_cli import train_sentiment_model
from tests.fixtures.corpus import write_corpus


@pytest.fixture(scope="session")
def toy_model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = write_corpus(tmp_path_factory.mktemp("toy-corpus"))
    out = tmp_path_factory.mktemp("toy-model") / "toy-sentiment"
    config = NgramConfig(min_document_frequency=1, dimension=16, hidden=16)
    train_sentiment_model(corpus, out, seed=3, epochs=15, name="toy-sentiment", config=config, log=lambda _: None)
    return out


@pytest.fixture(scope="session")
def toy_model(toy_model_folder: Path) -> NgramSentimentModel:
    return NgramSentimentModel.load(toy_model_folder)
