"""A `SentimentModel` over any local Hugging Face sequence-classification checkpoint (never the network)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from app.ml.labels import LABELS

if TYPE_CHECKING:
    import torch

__all__ = ["MANIFEST_NAME", "TransformersSentimentModel", "forbid_hub_access", "resolve_label_map"]

# Written next to the weights by our own trainers: which family loads them and how their labels read.
MANIFEST_NAME: Final = "nazar_model.json"


def forbid_hub_access() -> None:
    """Call before importing transformers: local checkpoints only, never a download."""
    # huggingface_hub reads these once, when it is first imported: set them before transformers comes in.
    # Without them `from_pretrained` spends about 50 s failing to reach the hub before it reads the disk.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def resolve_label_map(checkpoint_labels: Sequence[str], label_map: Mapping[str, str] | None) -> list[int]:
    """For each checkpoint output (in id order), the index in `LABELS` it adds its probability to.

    Several checkpoint labels may feed one of ours (a 5-star model: "1 star" and "2 stars" both negative).
    Every checkpoint label must be mapped, and negative and positive must both be reached; neutral may be
    missing (a two-label checkpoint), and then its probability is 0.
    """
    if label_map is None:
        ours = {label.lower() for label in checkpoint_labels}
        if not ours <= set(LABELS):
            raise ValueError(
                f"the checkpoint's labels {list(checkpoint_labels)} are not ours {list(LABELS)}: pass a "
                'label_map, e.g. {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"}'
            )
        label_map = {label: label.lower() for label in checkpoint_labels}
    unknown = sorted(set(label_map) - set(checkpoint_labels))
    if unknown:
        raise ValueError(f"label_map names {unknown}, not among the checkpoint's {list(checkpoint_labels)}")
    unmapped = [label for label in checkpoint_labels if label not in label_map]
    if unmapped:
        raise ValueError(f"label_map leaves the checkpoint's labels {unmapped} unmapped")
    wrong = sorted({target for target in label_map.values() if target not in LABELS})
    if wrong:
        raise ValueError(f"label_map targets {wrong} are not among {list(LABELS)}")
    columns = [LABELS.index(label_map[label]) for label in checkpoint_labels]
    for required in ("negative", "positive"):
        if LABELS.index(required) not in columns:
            raise ValueError(f"label_map gives no checkpoint label for {required!r}")
    return columns


def _manifest_label_map(path: Path) -> dict[str, str] | None:
    manifest = path / MANIFEST_NAME
    if not manifest.is_file():
        return None
    label_map = json.loads(manifest.read_text(encoding="utf-8")).get("label_map")
    return {str(key): str(value) for key, value in label_map.items()} if label_map else None


class TransformersSentimentModel:
    """Loads the checkpoint once, in eval mode; inference is batched, length-sorted and gradient-free.

    The default label map is the one in the checkpoint's `nazar_model.json` (our own trainers write it), else
    its `id2label` when that already names our labels. `bf16` runs the model under bfloat16 autocast: about 3
    times the texts/s of float32 for a small encoder on a CPU with AVX-512 BF16 (STACK-NOTES.md), with
    probabilities that differ in the second or third decimal.
    """

    def __init__(
        self,
        path: Path,
        label_map: Mapping[str, str] | None = None,
        max_length: int = 128,
        batch_size: int = 32,
        bf16: bool = False,
    ) -> None:
        forbid_hub_access()
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as transformers_logging

        path = Path(path)
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"no Hugging Face checkpoint (config.json) at {path}")
        if batch_size < 1 or max_length < 2:
            raise ValueError("batch_size must be >= 1 and max_length >= 2")
        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        self._path = path
        self._tokenizer: Any = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self._model: Any = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True)
        self._model.eval()
        id2label = self._model.config.id2label
        checkpoint_labels = [str(id2label[index]) for index in range(len(id2label))]
        self._columns = resolve_label_map(checkpoint_labels, label_map or _manifest_label_map(path))
        self._max_length = min(max_length, *self._position_limits())
        self._batch_size = batch_size
        self._bf16 = bf16

    @property
    def version(self) -> str:
        return f"transformers:{self._path.resolve().name}"

    def predict_proba(self, texts: Sequence[str], languages: Sequence[str]) -> npt.NDArray[np.float32]:
        if len(texts) != len(languages):
            raise ValueError("texts and languages differ in length")
        import torch

        output = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        # Batching texts of similar length keeps padding, and so wasted attention, small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), self._batch_size):
                chunk = order[start : start + self._batch_size]
                probabilities = self._checkpoint_probabilities([texts[i] for i in chunk])
                np.add.at(output, (np.array(chunk)[:, None], np.array(self._columns)[None, :]), probabilities)
        return output

    def _checkpoint_probabilities(self, texts: list[str]) -> npt.NDArray[np.float32]:
        import torch

        encoded = self._tokenizer(
            texts, padding=True, truncation=True, max_length=self._max_length, return_tensors="pt"
        )
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
            logits: torch.Tensor = self._model(**encoded).logits
        probabilities: npt.NDArray[np.float32] = torch.softmax(logits.float(), dim=-1).numpy()
        return probabilities

    def _position_limits(self) -> list[int]:
        # A model trained on short inputs has no position embeddings past them: never feed it longer ones.
        limits = []
        positions = getattr(self._model.config, "max_position_embeddings", None)
        if isinstance(positions, int) and positions > 0:
            limits.append(positions)
        tokenizer_limit = getattr(self._tokenizer, "model_max_length", None)
        if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < 1_000_000:
            limits.append(tokenizer_limit)
        return limits
