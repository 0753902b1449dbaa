"""Choosing and loading a sentiment backend from a model folder, never touching the network."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from app.ml.model import SentimentModel
from app.ml.ngram import MODEL_CARD_FILE, NgramSentimentModel

__all__ = ["load_sentiment_model"]


def load_sentiment_model(folder: Path, label_map: Mapping[str, str] | None = None) -> SentimentModel:
    """A Nazar n-gram folder (nazar_model.json says "ngram") or any local Hugging Face checkpoint."""
    description_file = folder / MODEL_CARD_FILE
    family = json.loads(description_file.read_text()).get("family") if description_file.exists() else "transformers"
    if family == "ngram":
        return NgramSentimentModel.load(folder)
    if family == "transformers":
        # Imported here: transformers costs a second and ~300 MB to import, and the default model never needs it.
        from app.ml.transformers_backend import TransformersSentimentModel

        if label_map is None and description_file.exists():
            label_map = json.loads(description_file.read_text()).get("label_map")
        return TransformersSentimentModel(folder, label_map=label_map)
    raise ValueError(f"{description_file} names an unknown model family {family!r}")
