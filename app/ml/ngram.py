"""The default sentiment model: word and character n-grams, IDF-weighted and pooled (fastText-style), then an MLP."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from torch import nn

from app.ml.features import FeatureConfig, HashedFeatures, featurize
from app.ml.vocabulary import Vocabulary

__all__ = ["NgramConfig", "NgramNetwork", "NgramSentimentModel"]

MODEL_CARD_FILE = "nazar_model.json"
WEIGHTS_FILE = "model.safetensors"


@dataclass(frozen=True, slots=True)
class NgramConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    min_document_frequency: int = 3
    max_vocabulary: int = 1_000_000
    dimension: int = 16
    hidden: int = 64
    dropout: float = 0.2
    # Output width: 3 for sentiment; the themes model uses labels x states.
    classes: int = 3

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NgramConfig:
        features = data["features"]
        return cls(
            features=FeatureConfig(
                char_orders=tuple(features["char_orders"]), word_orders=tuple(features["word_orders"])
            ),
            min_document_frequency=int(data["min_document_frequency"]),
            max_vocabulary=int(data["max_vocabulary"]),
            dimension=int(data["dimension"]),
            hidden=int(data["hidden"]),
            dropout=float(data["dropout"]),
            classes=int(data.get("classes", 3)),
        )


class NgramNetwork(nn.Module):
    idf: torch.Tensor

    def __init__(self, config: NgramConfig, rows: int) -> None:
        super().__init__()
        classes = config.classes
        # Sparse gradients: a batch touches a few thousand of the rows.
        self.embedding = nn.EmbeddingBag(max(rows, 1), config.dimension, mode="sum", sparse=True)
        self.head = nn.Sequential(
            nn.Dropout(config.dropout),
            nn.Linear(config.dimension, config.hidden),
            nn.ReLU(),
            nn.Linear(config.hidden, classes),
        )
        nn.init.uniform_(self.embedding.weight, -0.05, 0.05)
        self.register_buffer("idf", torch.ones(max(rows, 1)))

    def forward(self, rows: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        # Each n-gram weighs its IDF and each text's weights are L2-normalised, as in TF-IDF: with a plain mean,
        # the frequent character bigrams that every text shares would dominate.
        weights = self.idf[rows]
        sizes = torch.diff(offsets, append=torch.tensor([len(rows)]))
        owners = torch.repeat_interleave(torch.arange(len(offsets)), sizes)
        norms = torch.zeros(len(offsets)).index_add_(0, owners, weights * weights).clamp_min(1e-12).sqrt()
        weights = weights / norms[owners]
        logits: torch.Tensor = self.head(self.embedding(rows, offsets, per_sample_weights=weights))
        return logits

    def bags(self, features: HashedFeatures) -> torch.Tensor:
        logits: torch.Tensor = self(
            torch.from_numpy(features.hashes.astype(np.int64)), torch.from_numpy(features.offsets)
        )
        return logits


class NgramSentimentModel:
    """A trained `NgramNetwork` with its vocabulary and configuration (implements `SentimentModel`)."""

    def __init__(self, network: NgramNetwork, vocabulary: Vocabulary, config: NgramConfig, name: str) -> None:
        self._network = network.eval()
        self._vocabulary = vocabulary
        self._config = config
        self._name = name

    @property
    def version(self) -> str:
        return self._name

    def logits(self, texts: Sequence[str], languages: Sequence[str]) -> torch.Tensor:
        """Raw scores; the network's train/eval mode decides whether dropout applies."""
        rows = self._vocabulary.rows(featurize(texts, languages, self._config.features))
        return self._network.bags(rows)

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 3), dtype=np.float32)
        with torch.inference_mode():
            probabilities = torch.softmax(self.logits(texts, languages), dim=1)
        result: npt.NDArray[np.float32] = probabilities.numpy().astype(np.float32)
        return result

    def save(self, folder: Path, extra: dict[str, Any] | None = None) -> None:
        """Float weights in float16 (half the size, same predictions on the dev sets) plus a JSON description."""
        folder.mkdir(parents=True, exist_ok=True)
        tensors = {
            key: value.detach().to(torch.float16).contiguous() for key, value in self._network.state_dict().items()
        }
        tensors["vocabulary.hashes"] = torch.from_numpy(self._vocabulary.hashes.view(np.int64).copy())
        save_file(tensors, folder / WEIGHTS_FILE, metadata={"documents": str(self._vocabulary.documents)})
        description = {"family": "ngram", "name": self._name, "config": self._config.to_json(), **(extra or {})}
        (folder / MODEL_CARD_FILE).write_text(json.dumps(description, ensure_ascii=False, indent=2) + "\n")

    @classmethod
    def load(cls, folder: Path) -> NgramSentimentModel:
        description = json.loads((folder / MODEL_CARD_FILE).read_text())
        if description.get("family") not in ("ngram", "ngram-themes"):
            raise ValueError(f"{folder} holds a {description.get('family')!r} model, not an n-gram one")
        config = NgramConfig.from_json(description["config"])
        with safe_open(folder / WEIGHTS_FILE, framework="pt") as handle:
            documents = int(handle.metadata()["documents"])
        tensors = load_file(folder / WEIGHTS_FILE)
        # Document frequencies only matter for training (the IDF they give is saved as a buffer), so they are not kept.
        hashes = tensors.pop("vocabulary.hashes").numpy().view(np.uint64)
        tensors.pop("vocabulary.document_frequency", None)
        vocabulary = Vocabulary(hashes, np.zeros(len(hashes), dtype=np.int64), documents)
        network = NgramNetwork(config, len(vocabulary))
        network.load_state_dict({key: value.to(torch.float32) for key, value in tensors.items()})
        return cls(network, vocabulary, config, str(description["name"]))
