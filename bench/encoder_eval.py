"""Test macro-F1, speed and size of a transformers sentiment checkpoint (the from-scratch encoder or another).

    .venv/bin/python -m bench.encoder_eval --model DIR --data ../shared/datasets/unified --json FILE
        [--threads 1] [--bf16] [--batch 256] [--max-length 64]

Quality: every sentiment test file, scored as `nazar eval sentiment` scores it (binary datasets on their two
labels). Speed counts normalisation too: texts/s on batches of `--batch` raw texts, and the latency of one raw
text at a time (p50, p90). The machine is shared, so the load average at the start goes with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from app.ml.corpus import Example, find_files, load_examples
from app.ml.evaluation import evaluate_on_files, mean_macro_f1
from app.ml.transformers_backend import MANIFEST_NAME, TransformersSentimentModel
from app.text.normalize import normalize_text

_SPEED_TEXTS = 4096
_LATENCY_TEXTS = 300
_SEED = 13


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True, help="where the results go")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast inference")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--max-length", type=int, default=64)
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    load_average = os.getloadavg()
    started = time.perf_counter()
    model = TransformersSentimentModel(args.model, max_length=args.max_length, batch_size=args.batch, bf16=args.bf16)
    load_seconds = time.perf_counter() - started

    test_files = find_files(args.data, "test")
    results = evaluate_on_files(model, test_files)
    everything = load_examples(test_files)
    sample = random.Random(_SEED).sample(everything, min(_SPEED_TEXTS, len(everything)))
    report: dict[str, Any] = {
        "model": model.version,
        "model_dir": str(args.model.resolve()),
        "setup": {
            "threads": args.threads,
            "bf16": args.bf16,
            "batch": args.batch,
            "max_length": args.max_length,
            "torch": torch.__version__,
            "cpu": platform.processor() or platform.machine(),
            "load_average_at_start": [round(value, 2) for value in load_average],
        },
        "test": results,
        "mean_macro_f1": round(mean_macro_f1(results), 4),
        "throughput_texts_per_s": round(_throughput(model, sample, args.batch), 1),
        "latency_ms": _latency(model, sample[:_LATENCY_TEXTS]),
        "load_seconds": round(load_seconds, 2),
        "size": _size(args.model),
        "training": _training_record(args.model),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(_table(report))


def _predict_raw(model: TransformersSentimentModel, examples: Sequence[Example]) -> None:
    texts = [normalize_text(example.text, example.language) for example in examples]
    model.predict_proba(texts, [example.language for example in examples])


def _throughput(model: TransformersSentimentModel, examples: Sequence[Example], batch: int) -> float:
    _predict_raw(model, examples[:batch])  # warm-up: first calls allocate and pick kernels
    started = time.perf_counter()
    for start in range(0, len(examples), batch):
        _predict_raw(model, examples[start : start + batch])
    return len(examples) / (time.perf_counter() - started)


def _latency(model: TransformersSentimentModel, examples: Sequence[Example]) -> dict[str, float]:
    for example in examples[:10]:
        _predict_raw(model, [example])
    timings = []
    for example in examples:
        started = time.perf_counter()
        _predict_raw(model, [example])
        timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=10)
    return {"p50": round(statistics.median(timings), 2), "p90": round(cuts[8], 2), "n": len(timings)}


def _size(folder: Path) -> dict[str, float]:
    files = [path for path in folder.iterdir() if path.is_file()]
    weights = sum(path.stat().st_size for path in files if path.suffix == ".safetensors")
    return {
        "folder_mb": round(sum(path.stat().st_size for path in files) / 1e6, 2),
        "weights_mb": round(weights / 1e6, 2),
    }


def _training_record(folder: Path) -> dict[str, Any] | None:
    manifest = folder / MANIFEST_NAME
    if not manifest.is_file():
        return None
    described = json.loads(manifest.read_text(encoding="utf-8"))
    return {key: described.get(key) for key in ("architecture", "training", "normalization")}


def _table(report: dict[str, Any]) -> str:
    lines = ["| dataset | lang | n | labels | accuracy | macro-F1 |", "|---|---|---:|---|---:|---:|"]
    for name, result in report["test"].items():
        labels = "/".join(label[:3] for label in result["labels"])
        lines.append(
            f"| {name} | {result['language']} | {result['n']} | {labels} | {result['accuracy']:.4f} "
            f"| {result['macro_f1']:.4f} |"
        )
    lines.append(f"| **mean** | | | | | **{report['mean_macro_f1']:.4f}** |")
    latency = report["latency_ms"]
    lines.append(
        f"\n{report['throughput_texts_per_s']} texts/s at batch {report['setup']['batch']}; one text p50 "
        f"{latency['p50']} ms, p90 {latency['p90']} ms; weights {report['size']['weights_mb']} MB "
        f"(folder {report['size']['folder_mb']} MB); {report['setup']['threads']} thread(s), "
        f"bf16={report['setup']['bf16']}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
