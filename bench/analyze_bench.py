"""Analysis throughput, one-text latency and memory of the shipped pipeline, on real corpus texts.

    .venv/bin/python -m bench.analyze_bench --data ../shared/datasets/unified

Reports medians over repeats, and the ratio against hazm's Normalizer alone on the same texts in the same process
(a reference point for "what normalising in Python costs").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path

import torch

from app.analysis.pipeline import AnalysisRequest
from app.ml.corpus import find_files, load_examples
from app.runtime import build_analyzer


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/unified"))
    parser.add_argument("--texts", type=int, default=25_600)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    rss_before = _rss_mb()
    analyzer = build_analyzer()
    rss_loaded = _rss_mb()
    examples = load_examples(find_files(args.data, "test"))
    step = max(1, len(examples) // args.texts)
    texts = [example.text for example in examples[::step]][: args.texts]

    requests = [AnalysisRequest(text=text) for text in texts]
    analyzer.analyze_batch(requests[: args.batch])  # warm-up
    batch_rates = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for begin in range(0, len(requests), args.batch):
            analyzer.analyze_batch(requests[begin : begin + args.batch])
        batch_rates.append(len(requests) / (time.perf_counter() - started))

    latencies = []
    for text in texts[:2000]:
        started = time.perf_counter()
        analyzer.analyze(text)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    rss_after = _rss_mb()

    from hazm import Normalizer  # the reference: hazm's normaliser alone, same texts, same process

    normalizer = Normalizer()
    hazm_rates = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for text in texts:
            normalizer.normalize(text)
        hazm_rates.append(len(texts) / (time.perf_counter() - started))

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, {args.threads} threads",
        "model_version": analyzer.model_version,
        "texts": len(texts),
        "mean_chars": round(statistics.fmean(len(text) for text in texts), 1),
        "batch": args.batch,
        "analyze_batch_texts_per_s_median": round(statistics.median(batch_rates)),
        "analyze_one_latency_ms_p50": round(latencies[len(latencies) // 2], 3),
        "analyze_one_latency_ms_p99": round(latencies[int(len(latencies) * 0.99)], 3),
        "hazm_normalizer_only_texts_per_s_median": round(statistics.median(hazm_rates)),
        "ratio_full_analysis_vs_hazm_normalizer": round(
            statistics.median(batch_rates) / statistics.median(hazm_rates), 2
        ),
        "rss_mb_python_and_imports": round(rss_before),
        "rss_mb_models_loaded": round(rss_loaded),
        "rss_mb_after_run": round(rss_after),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
