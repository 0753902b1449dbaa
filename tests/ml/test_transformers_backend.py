"""TransformersSentimentModel over tiny, randomly initialised BERT checkpoints built here: no downloads."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import torch
from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

from app.ml.labels import LABELS
from app.ml.transformers_backend import TransformersSentimentModel, resolve_label_map

SENTENCES = [
    "این محصول عالی بود و زود رسید",
    "خیلی بد بود، دیگر سفارش نمی‌دهم",
    "بسته‌بندی معمولی بود",
    "المنتج ممتاز جدا وانصح به",
    "الخدمة سيئة للغاية والتوصيل متأخر",
    "السعر مقبول 120 ريال",
]
LANGUAGES = ["fa", "fa", "fa", "ar", "ar", "ar"]


def _tokenizer() -> PreTrainedTokenizerFast:
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
    tokenizer.train_from_iterator(SENTENCES, trainers.WordPieceTrainer(vocab_size=300, special_tokens=specials))
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        special_tokens=[("[CLS]", tokenizer.token_to_id("[CLS]")), ("[SEP]", tokenizer.token_to_id("[SEP]"))],
    )
    return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )


def _checkpoint(folder: Path, id2label: dict[int, str]) -> BertForSequenceClassification:
    tokenizer = _tokenizer()
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        id2label=id2label,
        label2id={label: index for index, label in id2label.items()},
        initializer_range=0.5,  # large random weights, so that the outputs differ clearly between columns
    )
    torch.manual_seed(7)
    model = BertForSequenceClassification(config)
    model.eval()  # type: ignore[no-untyped-call]
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return model


def _direct_probabilities(model: BertForSequenceClassification, folder: Path) -> npt.NDArray[np.float32]:
    tokenizer = PreTrainedTokenizerFast.from_pretrained(folder, local_files_only=True)
    encoded = tokenizer(SENTENCES, padding=True, return_tensors="pt")
    with torch.inference_mode():
        probabilities: npt.NDArray[np.float32] = torch.softmax(model(**encoded).logits, dim=-1).numpy()
    return probabilities


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
def test_label_map_reorders_columns(tmp_path: Path) -> None:
    model = _checkpoint(tmp_path, {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    direct = _direct_probabilities(model, tmp_path)
    label_map = {"LABEL_0": "positive", "LABEL_1": "negative", "LABEL_2": "neutral"}

    sentiment = TransformersSentimentModel(tmp_path, label_map=label_map, batch_size=4)
    probabilities = sentiment.predict_proba(SENTENCES, LANGUAGES)

    assert probabilities.shape == (len(SENTENCES), 3)
    assert probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    for checkpoint_index, ours in enumerate(label_map.values()):
        np.testing.assert_allclose(probabilities[:, LABELS.index(ours)], direct[:, checkpoint_index], atol=1e-5)
    assert not np.allclose(probabilities, direct, atol=1e-3)  # the permutation really moved something
    assert sentiment.version == f"transformers:{tmp_path.name}"


@pytest.mark.usefixtures("no_network")
def test_our_labels_need_no_map_and_batching_keeps_order(tmp_path: Path) -> None:
    model = _checkpoint(tmp_path, {0: "Negative", 1: "Neutral", 2: "Positive"})
    direct = _direct_probabilities(model, tmp_path)

    one_batch = TransformersSentimentModel(tmp_path, batch_size=64).predict_proba(SENTENCES, LANGUAGES)
    small_batches = TransformersSentimentModel(tmp_path, batch_size=1).predict_proba(SENTENCES, LANGUAGES)

    np.testing.assert_allclose(one_batch, direct, atol=1e-5)
    np.testing.assert_allclose(small_batches, direct, atol=1e-5)


@pytest.mark.usefixtures("no_network")
def test_two_label_checkpoint_has_no_neutral(tmp_path: Path) -> None:
    model = _checkpoint(tmp_path, {0: "NEG", 1: "POS"})
    direct = _direct_probabilities(model, tmp_path)

    sentiment = TransformersSentimentModel(tmp_path, label_map={"NEG": "negative", "POS": "positive"})
    probabilities = sentiment.predict_proba(SENTENCES, LANGUAGES)

    assert np.all(probabilities[:, LABELS.index("neutral")] == 0.0)
    np.testing.assert_allclose(probabilities[:, LABELS.index("negative")], direct[:, 0], atol=1e-5)
    np.testing.assert_allclose(probabilities[:, LABELS.index("positive")], direct[:, 1], atol=1e-5)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_empty_input(tmp_path: Path) -> None:
    _checkpoint(tmp_path, {0: "negative", 1: "neutral", 2: "positive"})
    assert TransformersSentimentModel(tmp_path).predict_proba([], []).shape == (0, 3)


@pytest.mark.parametrize(
    "label_map",
    [
        None,  # LABEL_0.. are not our labels
        {"LABEL_0": "negative", "LABEL_1": "positive"},  # LABEL_2 unmapped
        {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "happy"},  # not one of ours
        {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "neutral"},  # nothing is positive
        {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive", "LABEL_9": "positive"},
    ],
)
def test_bad_label_map_is_refused(tmp_path: Path, label_map: dict[str, str] | None) -> None:
    _checkpoint(tmp_path, {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    with pytest.raises(ValueError, match="label"):
        TransformersSentimentModel(tmp_path, label_map=label_map)


def test_many_checkpoint_labels_may_feed_one_of_ours() -> None:
    stars = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]
    label_map = dict(zip(stars, ["negative", "negative", "neutral", "positive", "positive"], strict=True))
    assert resolve_label_map(stars, label_map) == [0, 0, 1, 2, 2]


def test_missing_checkpoint_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"config\.json"):
        TransformersSentimentModel(tmp_path)


def test_texts_and_languages_must_match(tmp_path: Path) -> None:
    _checkpoint(tmp_path, {0: "negative", 1: "neutral", 2: "positive"})
    with pytest.raises(ValueError, match="length"):
        TransformersSentimentModel(tmp_path).predict_proba(SENTENCES, LANGUAGES[:2])
