"""Analysis throughput, one-text latency and memory of the shipped pipeline, on real corpus texts.

    .venv/bin/python -m bench.analyze_bench --data ../shared/datasets/unified

Texts are every k-th test-split text of the unified corpus. Before timing, the analyzer warms up on a disjoint
slice of training texts, as a running service would (the language-ID word cache fills, lingua loads its Latin
model). Reports medians over repeats, and the ratio against hazm's Normalizer alone on the same texts in the same
process (a reference point for "what normalising in Python costs").
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
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
    raise RuntimeError("no VmRSS in /proc/self/status")


# Runs the real CLI and reports its own peak RSS (VmHWM) at exit. getrusage(RUSAGE_CHILDREN) would be wrong here:
# a forked child counts the parent's copy-on-write pages before it execs.
_CHILD = """
import atexit, runpy, sys
def report():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("PEAK_RSS_KB " + line.split()[1] + "\\n")
atexit.register(report)
sys.argv = ["nazar", "analyze", "--input", sys.argv[1]]
runpy.run_module("app.cli", run_name="__main__")
"""


def _cli_peak_rss_mb(texts: list[str]) -> float:
    """Peak RSS of a fresh `nazar analyze --input` process over the same texts: the real footprint."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for index, text in enumerate(texts):
            handle.write(json.dumps({"id": str(index), "text": text}, ensure_ascii=False) + "\n")
        path = handle.name
    try:
        completed = subprocess.run(
            [sys.executable, "-c", _CHILD, path],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.unlink(path)
    peak = [line for line in completed.stderr.splitlines() if line.startswith("PEAK_RSS_KB ")]
    return int(peak[-1].split()[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/unified"))
    parser.add_argument("--texts", type=int, default=25_600)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, help="torch threads (default: the NAZAR_TORCH_THREADS setting)")
    parser.add_argument("--no-themes", action="store_true", help="sentiment only (NAZAR_THEMES_MODEL empty)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.threads:
        os.environ["NAZAR_TORCH_THREADS"] = str(args.threads)
    if args.no_themes:
        os.environ["NAZAR_THEMES_MODEL"] = ""

    # The corpus is read and trimmed first, so that the RSS figures below are the analyzer's, not the bench data's.
    examples = load_examples(find_files(args.data, "test"))
    step = max(1, len(examples) // args.texts)
    texts = [example.text for example in examples[::step]][: args.texts]
    warm_up_texts = [e.text for e in load_examples(find_files(args.data, "train"))[:: step * 4][: args.texts // 2]]
    del examples
    gc.collect()
    rss_before = _rss_mb()
    analyzer = build_analyzer()
    rss_loaded = _rss_mb()

    requests = [AnalysisRequest(text=text) for text in texts]
    for begin in range(0, len(warm_up_texts), args.batch):
        analyzer.analyze_batch([AnalysisRequest(text=text) for text in warm_up_texts[begin : begin + args.batch]])
    analyzer.analyze("thank you, the delivery was fast")  # lingua's Latin model, loaded once in a service
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
    cli_peak = _cli_peak_rss_mb(texts)

    from hazm import Normalizer  # the reference: hazm's normaliser alone, same texts, same process

    normalizer = Normalizer()
    hazm_rates = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        for text in texts:
            normalizer.normalize(text)
        hazm_rates.append(len(texts) / (time.perf_counter() - started))

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}",
        "torch_threads": torch.get_num_threads(),
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
        "rss_mb_before_analyzer": round(rss_before),
        "rss_mb_analyzer_built": round(rss_loaded),
        "rss_mb_after_run": round(rss_after),
        "cli_analyze_jsonl_peak_rss_mb": round(cli_peak),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
