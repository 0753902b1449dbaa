"""Reading labelled sentiment data in the unified JSONL format, with the licence and de-duplication rules.

The format (one JSON object per line, file name `<dataset>.<split>.jsonl`) is the one of `../shared/datasets/unified`
and is also how a user trains on their own feedback: see the README's "Training data" section.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.ml.labels import LABELS
from app.text.normalize import normalize_text

__all__ = [
    "NON_COMMERCIAL",
    "DataDirs",
    "DataFile",
    "Example",
    "as_folders",
    "describe_files",
    "find_files",
    "load_examples",
    "model_selection_files",
    "training_examples",
    "training_files",
]

# CC BY-NC-SA datasets: evaluation only, never in shipped weights (shared/datasets/README.md, licence policy).
NON_COMMERCIAL: Final = frozenset({"armanemo", "parsinlu_sentiment"})


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    language: str
    dataset: str
    split: str


@dataclass(frozen=True, slots=True)
class DataFile:
    path: Path
    dataset: str
    split: str


def _task_dir(data_dir: Path, task: str) -> Path:
    """Accept both the unified root (with `sentiment/` inside) and the task folder itself."""
    nested = data_dir / task
    return nested if nested.is_dir() else data_dir


DataDirs = Path | Sequence[Path]


def as_folders(data_dirs: DataDirs) -> list[Path]:
    return [data_dirs] if isinstance(data_dirs, Path) else list(data_dirs)


def find_files(data_dirs: DataDirs, split: str, task: str = "sentiment") -> list[DataFile]:
    """Every `<dataset>.<split>*.jsonl` file of the task in the given folders (`test` also matches `test_msa`).

    Several folders combine: the public corpora and a company's own labelled feedback, say.
    """
    files = []
    for data_dir in as_folders(data_dirs):
        folder = _task_dir(data_dir, task)
        if not folder.is_dir():
            raise FileNotFoundError(f"no data folder at {folder}")
        for path in sorted(folder.glob("*.jsonl")):
            dataset, _, file_split = path.name.removesuffix(".jsonl").partition(".")
            if file_split.startswith(split):
                files.append(DataFile(path, dataset, file_split))
    return sorted(files, key=lambda data_file: data_file.path.name)


def load_examples(files: Iterable[DataFile]) -> list[Example]:
    examples = []
    for data_file in files:
        for line_number, row in _read_jsonl(data_file.path):
            label = row.get("label")
            if label not in LABELS:
                raise ValueError(f"{data_file.path}:{line_number}: label {label!r} is not one of {LABELS}")
            text = str(row["text"])
            # ArSarcasm-v2 train wraps most tweets in literal quotes and test does not: a surface artefact
            # a classifier would latch onto (datasets README, data-quality notes).
            if len(text) > 1 and text[0] == text[-1] == '"':
                text = text[1:-1]
            examples.append(Example(text, label, str(row.get("lang", "und")), data_file.dataset, data_file.split))
    return examples


def training_files(data_dir: DataDirs) -> list[DataFile]:
    """Every commercial-use train file, plus the dev file of a dataset that has no train split.

    SnappFood ships only dev and test: its dev split is the one chance to learn food-delivery Persian, so it trains
    (the baseline of `nazar eval` gets the same files, so the comparison stays fair).
    """
    train = [f for f in find_files(data_dir, "train") if f.dataset not in NON_COMMERCIAL]
    with_train = {f.dataset for f in train}
    dev_only = [
        f for f in find_files(data_dir, "dev") if f.dataset not in NON_COMMERCIAL and f.dataset not in with_train
    ]
    return sorted(train + dev_only, key=lambda f: f.path.name)


def model_selection_files(data_dir: DataDirs) -> list[DataFile]:
    """Dev files not used for training: early stopping and calibration read these, never test."""
    used = {f.path for f in training_files(data_dir)}
    return [f for f in find_files(data_dir, "dev") if f.path not in used and f.dataset not in NON_COMMERCIAL]


def training_examples(data_dir: DataDirs) -> tuple[list[Example], list[DataFile]]:
    """The training set from `training_files`, de-duplicated across datasets.

    Several public sets share texts (sentipers contains deepsentipers, artwitter copies astd and ajgt); a text
    seen in more than one file is kept once, with the label of the first file in name order.
    """
    files = training_files(data_dir)
    seen: set[str] = set()
    unique = []
    for example in load_examples(files):
        key = normalize_text(example.text, example.language)
        if key and key not in seen:
            seen.add(key)
            unique.append(example)
    return unique, files


def describe_files(files: Iterable[DataFile]) -> list[dict[str, object]]:
    """Path, line count and SHA-256 of each file: recorded with a model so its training data can be checked."""
    described = []
    for data_file in files:
        content = data_file.path.read_bytes()
        described.append(
            {
                "file": data_file.path.name,
                "dataset": data_file.dataset,
                "split": data_file.split,
                "lines": content.count(b"\n"),
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        )
    return described


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.strip():
                yield line_number, json.loads(line)
