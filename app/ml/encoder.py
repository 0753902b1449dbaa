"""Trains the small BERT-shaped sentiment encoder from scratch on our corpus: own WordPiece vocabulary, CPU.

The result is an ordinary Hugging Face checkpoint plus `nazar_model.json`, so `TransformersSentimentModel`
loads it like any other. With `time_budget_s` the learning rate decays to zero when the budget runs out
(whichever of steps or time is further along), so a budget-stopped run still ends on a fully decayed schedule;
it is then reproducible only up to where the clock stopped it. Without a budget, a seed fixes the run.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import torch
from tokenizers import Tokenizer

from app.ml.corpus import describe_files, model_selection_files, training_examples
from app.ml.evaluation import evaluate_on_files, mean_macro_f1
from app.ml.labels import LABELS
from app.ml.transformers_backend import MANIFEST_NAME, TransformersSentimentModel, forbid_hub_access
from app.ml.wordpiece import train_wordpiece
from app.text.normalize import NORMALIZATION_VERSION, normalize_text

__all__ = ["train_encoder"]

logger = logging.getLogger(__name__)

_WARMUP_FRACTION: Final = 0.06
# Examples are length-sorted inside pools of this many batches: little padding, yet batches stay mixed.
_POOL_BATCHES: Final = 50
_LOG_EVERY: Final = 200


def train_encoder(
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int = 13,
    layers: int = 4,
    hidden: int = 256,
    heads: int = 4,
    max_length: int = 64,
    epochs: float = 1.0,
    time_budget_s: float | None = None,
    limit: int | None = None,
    batch_size: int = 32,
    learning_rate: float = 5e-4,
    vocab_size: int = 16_000,
    bf16: bool = True,
) -> dict[str, Any]:
    """Train on `training_examples(data_dir)`, save into `out_dir`, and return (and write) the dev metrics.

    `epochs` may be fractional; `limit` trains on a seeded random sample of that many examples.

    `bf16` runs forward and backward under bfloat16 autocast with float32 weights: 2.3 times the steps per
    second of float32 on this machine's CPU (AVX-512 BF16); turn it off on a CPU without bfloat16 support.
    """
    started = time.monotonic()
    examples, files = training_examples(data_dir)
    if limit is not None:
        examples = random.Random(seed).sample(examples, min(limit, len(examples)))
    if not examples:
        raise ValueError(f"no training examples under {data_dir}")
    texts = [normalize_text(e.text, e.language) for e in examples]
    targets = [LABELS.index(e.label) for e in examples]
    logger.info("training on %d examples from %d files", len(texts), len(files))

    tokenizer = train_wordpiece(texts, vocab_size)
    token_ids = _encode(tokenizer, texts, max_length)
    torch.manual_seed(seed)
    model = _build_model(tokenizer, layers=layers, hidden=hidden, heads=heads, max_length=max_length)
    plan = _TrainingPlan(batch_size, learning_rate, epochs, time_budget_s, seed, bf16)
    training = _fit(model, token_ids, targets, plan)

    out_dir.mkdir(parents=True, exist_ok=True)
    # transformers writes safetensors by default (the only format in 5.x), so no flag is needed here.
    model.save_pretrained(out_dir)
    _wrap_tokenizer(tokenizer, max_length).save_pretrained(out_dir)
    architecture = {
        "layers": layers,
        "hidden": hidden,
        "heads": heads,
        "max_length": max_length,
        "vocab_size": tokenizer.get_vocab_size(),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    manifest = {
        "family": "transformers",
        "label_map": {label: label for label in LABELS},
        "trained_on": describe_files(files),
        "normalization": NORMALIZATION_VERSION,
        "architecture": architecture,
        "training": training | {"seed": seed, "examples": len(texts), "limit": limit},
    }
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

    trained = TransformersSentimentModel(out_dir, max_length=max_length, batch_size=128)
    # The same scoring as `nazar eval sentiment` (binary datasets on their two labels), on the dev files that
    # training did not read.
    dev = evaluate_on_files(trained, model_selection_files(data_dir))
    metrics = {
        "dev": dev,
        "dev_macro_f1_mean": round(mean_macro_f1(dev), 4),
        "architecture": architecture,
        "training": manifest["training"],
        "seconds_total": round(time.monotonic() - started, 1),
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    return metrics


def _encode(tokenizer: Tokenizer, texts: Sequence[str], max_length: int) -> list[list[int]]:
    # A copy carries the truncation, so the saved tokenizer.json has none: callers pass max_length themselves.
    truncating = Tokenizer.from_str(tokenizer.to_str())
    truncating.enable_truncation(max_length)
    return [encoding.ids for encoding in truncating.encode_batch(list(texts))]


def _wrap_tokenizer(tokenizer: Tokenizer, max_length: int) -> Any:
    forbid_hub_access()
    from transformers import PreTrainedTokenizerFast

    wrapped: Any = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tokenizer,
        model_max_length=max_length,
        pad_token="[PAD]",
        unk_token="[UNK]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    return wrapped


def _build_model(tokenizer: Tokenizer, *, layers: int, hidden: int, heads: int, max_length: int) -> Any:
    forbid_hub_access()
    from transformers import BertConfig, BertForSequenceClassification

    config = BertConfig(
        vocab_size=tokenizer.get_vocab_size(),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=4 * hidden,
        max_position_embeddings=max_length,
        pad_token_id=tokenizer.token_to_id("[PAD]"),
        id2label={index: str(label) for index, label in enumerate(LABELS)},
        label2id={str(label): index for index, label in enumerate(LABELS)},
        problem_type="single_label_classification",
    )
    return BertForSequenceClassification(config)


@dataclass(frozen=True, slots=True)
class _TrainingPlan:
    batch_size: int
    learning_rate: float
    epochs: float
    time_budget_s: float | None
    seed: int
    bf16: bool


@dataclass(frozen=True, slots=True)
class _Schedule:
    """Linear warm-up over the first steps, then linear decay to zero at the last step or the time budget."""

    total_steps: int
    warmup_steps: int
    time_budget_s: float | None

    def factor(self, step: int, elapsed_s: float) -> float:
        if step < self.warmup_steps:
            return (step + 1) / self.warmup_steps
        progress = step / self.total_steps
        if self.time_budget_s:
            progress = max(progress, elapsed_s / self.time_budget_s)
        # step >= warmup_steps here, and step < total_steps, so the warm-up fraction is below 1.
        return min(1.0, max(0.0, 1.0 - progress) / (1.0 - self.warmup_steps / self.total_steps))


def _epoch_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * _POOL_BATCHES
    batches: list[list[int]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lengths.__getitem__)
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _collate(token_ids: Sequence[list[int]], batch: Sequence[int], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(token_ids[i]) for i in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, index in enumerate(batch):
        sequence = token_ids[index]
        ids[row, : len(sequence)] = torch.tensor(sequence, dtype=torch.long)
        mask[row, : len(sequence)] = 1
    return ids, mask


def _optimizer(model: torch.nn.Module, learning_rate: float) -> torch.optim.AdamW:
    # No weight decay on biases and LayerNorm weights (the usual BERT recipe).
    decayed = [p for name, p in model.named_parameters() if p.ndim > 1 and "LayerNorm" not in name]
    plain = [p for name, p in model.named_parameters() if not (p.ndim > 1 and "LayerNorm" not in name)]
    groups = [{"params": decayed, "weight_decay": 0.01}, {"params": plain, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=learning_rate, betas=(0.9, 0.98), eps=1e-6)


def _fit(model: Any, token_ids: list[list[int]], targets: list[int], plan: _TrainingPlan) -> dict[str, Any]:
    rng = random.Random(plan.seed)
    lengths = [len(ids) for ids in token_ids]
    steps_per_epoch = math.ceil(len(token_ids) / plan.batch_size)
    total_steps = max(1, math.ceil(plan.epochs * steps_per_epoch))
    schedule = _Schedule(total_steps, max(1, int(_WARMUP_FRACTION * total_steps)), plan.time_budget_s)
    optimizer = _optimizer(model, plan.learning_rate)
    pad_id = int(model.config.pad_token_id)
    model.train()
    step, seen, running_loss, stopped_by = 0, 0, float("nan"), "epochs"
    loop_started = time.monotonic()
    while step < total_steps:
        for batch in _epoch_batches(lengths, plan.batch_size, rng):
            elapsed = time.monotonic() - loop_started
            if step >= total_steps:
                break
            if plan.time_budget_s is not None and elapsed >= plan.time_budget_s:
                stopped_by = "time_budget"
                break
            for group in optimizer.param_groups:
                group["lr"] = plan.learning_rate * schedule.factor(step, elapsed)
            ids, mask = _collate(token_ids, batch, pad_id)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=plan.bf16):
                logits = model(input_ids=ids, attention_mask=mask).logits
            gold = torch.tensor([targets[i] for i in batch])
            loss = torch.nn.functional.cross_entropy(logits.float(), gold)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            value = float(loss.item())
            running_loss = value if math.isnan(running_loss) else 0.98 * running_loss + 0.02 * value
            step, seen = step + 1, seen + len(batch)
            if step % _LOG_EVERY == 0:
                logger.info("step %d/%d loss %.4f elapsed %.0fs", step, total_steps, running_loss, elapsed)
        if stopped_by == "time_budget":
            break
    model.eval()
    return {
        "steps": step,
        "planned_steps": total_steps,
        "epochs_done": round(seen / len(token_ids), 3),
        "stopped_by": stopped_by,
        "loop_seconds": round(time.monotonic() - loop_started, 1),
        "final_loss": round(running_loss, 4),
        "batch_size": plan.batch_size,
        "learning_rate": plan.learning_rate,
        "bf16": plan.bf16,
    }
