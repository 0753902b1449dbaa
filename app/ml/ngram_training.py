"""Training the n-gram sentiment model: seeded, deterministic, early-stopped on the dev sets."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import torch
from torch import nn

from app.ml.corpus import Example
from app.ml.features import HashedFeatures, featurize
from app.ml.labels import LABELS
from app.ml.ngram import NgramConfig, NgramNetwork, NgramSentimentModel
from app.ml.vocabulary import Vocabulary
from app.text.normalize import normalize_text

__all__ = ["TrainingOptions", "train_ngram"]


@dataclass(frozen=True, slots=True)
class TrainingOptions:
    epochs: int = 3
    batch_size: int = 64
    embedding_learning_rate: float = 0.05
    head_learning_rate: float = 0.003
    seed: int = 13
    # Each dataset's examples weigh in proportion to size**balance: 1 keeps the corpus as it is, 0 makes every
    # dataset count the same. MARSA alone is a third of the corpus; a little balancing helps the small sets.
    balance: float = 0.5
    # Extra factor per dataset name, on top of the balancing above: in-domain data (the CX corpus, a company's own
    # labelled feedback) is small next to the public corpora and deserves more than its share.
    dataset_weights: tuple[tuple[str, float], ...] = ()


EpochCallback = Callable[[int, NgramSentimentModel], float]


def train_ngram(
    examples: Sequence[Example],
    config: NgramConfig,
    options: TrainingOptions,
    name: str,
    score_epoch: EpochCallback | None = None,
    log: Callable[[str], None] = print,
) -> tuple[NgramSentimentModel, list[dict[str, float]]]:
    """Train on `examples`; if `score_epoch` is given, keep the epoch it scores best (dev macro-F1)."""
    _seed_everything(options.seed)
    texts = [normalize_text(example.text, example.language) for example in examples]
    languages = [example.language for example in examples]
    targets = torch.tensor([LABELS.index(example.label) for example in examples])
    weights = torch.from_numpy(_example_weights(examples, options.balance, dict(options.dataset_weights)))

    vocabulary = Vocabulary.build(
        _batches(texts, languages, config), config.min_document_frequency, config.max_vocabulary
    )
    log(f"vocabulary: {len(vocabulary)} n-grams in at least {config.min_document_frequency} texts")
    network = NgramNetwork(config, len(vocabulary))
    network.idf.copy_(torch.from_numpy(vocabulary.idf()))
    model = NgramSentimentModel(network, vocabulary, config, name)

    sparse_optimizer = torch.optim.SparseAdam(list(network.embedding.parameters()), lr=options.embedding_learning_rate)
    dense_optimizer = torch.optim.AdamW(network.head.parameters(), lr=options.head_learning_rate, weight_decay=1e-4)
    # fastText's schedule: the learning rate falls linearly to zero over all steps.
    total_steps = options.epochs * -(-len(texts) // options.batch_size)
    schedules = [
        torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: max(0.0, 1 - step / total_steps))
        for optimizer in (sparse_optimizer, dense_optimizer)
    ]
    loss_function = nn.CrossEntropyLoss(reduction="none")
    order_generator = random.Random(options.seed)

    history: list[dict[str, float]] = []
    best_score, best_state = -1.0, None
    for epoch in range(1, options.epochs + 1):
        started = time.perf_counter()
        network.train()
        order = list(range(len(texts)))
        order_generator.shuffle(order)
        total_loss = 0.0
        for begin in range(0, len(order), options.batch_size):
            batch = order[begin : begin + options.batch_size]
            features = featurize([texts[i] for i in batch], [languages[i] for i in batch], config.features)
            rows = vocabulary.rows(features)
            losses = loss_function(network.bags(rows), targets[batch])
            batch_weights = weights[batch]
            loss = (losses * batch_weights).sum() / batch_weights.sum()
            sparse_optimizer.zero_grad()
            dense_optimizer.zero_grad()
            loss.backward()
            sparse_optimizer.step()  # type: ignore[no-untyped-call]
            dense_optimizer.step()
            for schedule in schedules:
                schedule.step()
            total_loss += loss.item() * len(batch)
        network.eval()
        record = {
            "epoch": float(epoch),
            "loss": round(total_loss / len(order), 4),
            "seconds": round(time.perf_counter() - started, 1),
        }
        if score_epoch is not None:
            score = score_epoch(epoch, model)
            record["dev_macro_f1"] = round(score, 4)
            if score >= best_score:  # on a tie, the later epoch has seen more data
                best_score = score
                best_state = {key: value.clone() for key, value in network.state_dict().items()}
        history.append(record)
        log(f"epoch {epoch}: {record}")
    if best_state is not None:
        network.load_state_dict(best_state)
    return model, history


def _batches(texts: Sequence[str], languages: Sequence[str], config: NgramConfig) -> Iterator[HashedFeatures]:
    for begin in range(0, len(texts), 2048):
        yield featurize(texts[begin : begin + 2048], languages[begin : begin + 2048], config.features)


def _example_weights(examples: Sequence[Example], balance: float, factors: dict[str, float]) -> npt.NDArray[np.float32]:
    datasets = np.array([example.dataset for example in examples])
    _, dataset_index, dataset_sizes = np.unique(datasets, return_inverse=True, return_counts=True)
    weights = (dataset_sizes.astype(np.float64) ** (balance - 1.0))[dataset_index]
    weights *= np.array([factors.get(example.dataset, 1.0) for example in examples])
    normalised: npt.NDArray[np.float32] = (weights / weights.mean()).astype(np.float32)
    return normalised


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
