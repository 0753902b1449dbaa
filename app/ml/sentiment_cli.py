"""What `nazar train sentiment` and `nazar eval sentiment` do: train or score, and write the records to disk."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from app.ml.baseline import TfidfBaseline
from app.ml.corpus import DataDirs, as_folders, describe_files, find_files, model_selection_files, training_examples
from app.ml.evaluation import evaluate_on_files, mean_macro_f1
from app.ml.loading import load_sentiment_model
from app.ml.ngram import NgramConfig
from app.ml.ngram_training import TrainingOptions, train_ngram

__all__ = ["evaluate_sentiment_model", "format_comparison", "train_sentiment_model"]

DATA_MANIFEST_FILE = "data.json"
METRICS_FILE = "metrics.json"

Log = Callable[[str], None]


def _write_json(path: Path, payload: object) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def train_sentiment_model(
    data: DataDirs,
    out: Path,
    *,
    seed: int,
    epochs: int,
    name: str,
    config: NgramConfig | None = None,
    dataset_weights: dict[str, float] | None = None,
    log: Log = print,
) -> dict[str, Any]:
    # One thread: on a 2-core machine the sparse updates are memory-bound and a second thread only adds noise,
    # and a fixed thread count keeps float reductions, and so the weights, identical between runs.
    torch.set_num_threads(1)
    examples, files = training_examples(data)
    if not examples:
        raise ValueError(f"no training examples found under {data}")
    dev_files = model_selection_files(data)
    log(f"training on {len(examples)} unique texts from {len(files)} files; {len(dev_files)} dev files pick the epoch")

    def score_epoch(epoch: int, model: Any) -> float:
        return mean_macro_f1(evaluate_on_files(model, dev_files))

    started = time.perf_counter()
    model, history = train_ngram(
        examples,
        config or NgramConfig(),
        TrainingOptions(epochs=epochs, seed=seed, dataset_weights=tuple(sorted((dataset_weights or {}).items()))),
        name,
        score_epoch=score_epoch if dev_files else None,
        log=log,
    )
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    model.save(out, extra={"seed": seed, "epochs": epochs, "dataset_weights": dataset_weights or {}})
    _write_json(
        out / DATA_MANIFEST_FILE,
        {
            "examples": len(examples),
            "files": describe_files(files),
            "model_selection_files": describe_files(dev_files),
        },
    )
    metrics = {
        "training_seconds": round(seconds, 1),
        "machine": f"{platform.machine()}, torch {torch.__version__}, 1 thread",
        "history": history,
        "dev": evaluate_on_files(model, dev_files) if dev_files else {},
    }
    _write_json(out / METRICS_FILE, metrics)
    log(f"wrote {out} in {seconds:.0f} s")
    return metrics


def evaluate_sentiment_model(
    model_folder: Path, data: DataDirs, json_path: Path, *, with_baseline: bool, log: Log = print
) -> dict[str, Any]:
    model = load_sentiment_model(model_folder)
    test_files = find_files(data, "test")
    if not test_files:
        raise ValueError(f"no test files found under {data}")
    report: dict[str, Any] = {
        "model": model.version,
        "data": [str(folder) for folder in as_folders(data)],
        "test_files": describe_files(test_files),
    }
    report["results"] = evaluate_on_files(model, test_files)
    if with_baseline:
        torch.set_num_threads(1)
        examples, train_files = training_examples(data)
        started = time.perf_counter()
        baseline = TfidfBaseline().fit(examples)
        log(f"baseline trained on {len(examples)} texts in {time.perf_counter() - started:.0f} s")
        report["baseline"] = {"name": baseline.version, "results": evaluate_on_files(baseline, test_files)}
        report["same_training_data"] = _same_training_data(model_folder, describe_files(train_files))
        report["summary"] = _summary(report["results"], report["baseline"]["results"])
    _write_json(json_path, report)
    log(format_comparison(report))
    return report


def _same_training_data(model_folder: Path, baseline_files: list[dict[str, object]]) -> bool | None:
    """Whether the model's recorded training files are byte-identical to the baseline's (None: not recorded)."""
    manifest_path = model_folder / DATA_MANIFEST_FILE
    if not manifest_path.exists():
        return None
    recorded = json.loads(manifest_path.read_text())["files"]
    return {f["sha256"] for f in recorded} == {f["sha256"] for f in baseline_files}


def _summary(model_results: dict[str, Any], baseline_results: dict[str, Any]) -> dict[str, Any]:
    deltas = {name: model_results[name]["macro_f1"] - baseline_results[name]["macro_f1"] for name in model_results}
    return {
        "mean_macro_f1": round(mean_macro_f1(model_results), 4),
        "baseline_mean_macro_f1": round(mean_macro_f1(baseline_results), 4),
        "mean_delta": round(sum(deltas.values()) / len(deltas), 4),
        "datasets_below_baseline": sorted(name for name, delta in deltas.items() if delta < 0),
    }


def format_comparison(report: dict[str, Any]) -> str:
    """A Markdown table: one row per dataset, the model beside the baseline (used in the model card)."""
    baseline = report.get("baseline", {}).get("results", {})
    lines = [
        "| dataset | lang | n | accuracy | macro-F1 | baseline acc | baseline macro-F1 | delta |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result in report["results"].items():
        base = baseline.get(name)
        if base:
            delta = f"{result['macro_f1'] - base['macro_f1']:+.4f}"
            base_cells = f"{base['accuracy']:.4f} | {base['macro_f1']:.4f} | {delta}"
        else:
            base_cells = "- | - | -"
        lines.append(
            f"| {name} | {result['language']} | {result['n']} | {result['accuracy']:.4f} | {result['macro_f1']:.4f} | "
            f"{base_cells} |"
        )
    if "summary" in report:
        summary = report["summary"]
        lines.append(
            f"| **mean** | | | | **{summary['mean_macro_f1']:.4f}** | | **{summary['baseline_mean_macro_f1']:.4f}** | "
            f"**{summary['mean_delta']:+.4f}** |"
        )
    return "\n".join(lines)
