"""What `nazar train themes` and `nazar eval themes` do, on the CX corpus gold labels."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from app.analysis.evidence import evidence_for
from app.ml.themes import PILLARS, ThemesModel
from app.ml.themes_training import Record, load_gold, score_themes, train_themes
from app.text.cleaning import clean
from app.text.normalize import normalize

__all__ = ["evaluate_themes_model", "train_themes_model"]

_THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
# CX corpus channels that the cleaner knows by another name.
_CLEANING_CHANNEL = {"nps_comment": "survey", "csat_comment": "survey"}


def _split(records: list[Record], split: str) -> list[Record]:
    return [record for record in records if record["split"] == split]


def train_themes_model(data: Path, out: Path, *, seed: int, epochs: int, name: str, log: Callable[[str], None]) -> None:
    torch.set_num_threads(1)
    gold = load_gold(data)
    if not gold:
        raise ValueError(f"no gold files under {data / 'gold'}")
    train, dev = _split(gold, "train"), _split(gold, "dev")
    started = time.perf_counter()
    model, history = train_themes(train, dev, name=name, epochs=epochs, seed=seed, log=log)
    # The presence threshold is chosen on dev, like the epoch.
    scores = {t: score_themes(ThemesModel(model.network_model, t), dev)["micro"]["f1"] for t in _THRESHOLDS}
    threshold = max(scores, key=lambda t: (scores[t], -t))
    log(f"dev micro-F1 per threshold: {scores}; using {threshold}")
    model.network_model.save(out, extra={"family": "ngram-themes", "threshold": threshold, "seed": seed})
    files = [
        {"file": str(path), "lines": len(content.splitlines()), "sha256": hashlib.sha256(content).hexdigest()}
        for path in sorted((data / "gold").glob("cx_*.jsonl"))
        for content in [path.read_bytes()]
    ]
    (out / "data.json").write_text(json.dumps({"files": files, "train": len(train), "dev": len(dev)}, indent=2) + "\n")
    metrics = {
        "training_seconds": round(time.perf_counter() - started, 1),
        "history": history,
        "dev_thresholds": scores,
        "threshold": threshold,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    log(f"wrote {out}")


def evaluate_themes_model(
    model_folder: Path, data: Path, json_path: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    model = ThemesModel.load(model_folder)
    test = _split(load_gold(data), "test")
    report: dict[str, Any] = {"model": model.version, "threshold": model.threshold, "languages": {}}
    for language in sorted({record["lang"] for record in test}):
        records = [record for record in test if record["lang"] == language]
        scores = score_themes(model, records)
        scores["evidence_overlap"] = _evidence_overlap(model, records)
        report["languages"][language] = scores
        pillars, topics = scores["pillars_micro"]["f1"], scores["topics_micro"]["f1"]
        log(
            f"{language}: n={scores['n']} micro-F1 {scores['micro']['f1']} | pillars micro {pillars}"
            f" macro {scores['pillars_macro_f1']} | topics micro {topics} macro {scores['topics_macro_f1']}"
            f" | label sentiment acc {scores['label_sentiment_accuracy']}"
            f" | evidence overlap {scores['evidence_overlap']}"
        )
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report


def _evidence_overlap(model: ThemesModel, records: list[Record]) -> float:
    """Share of correctly predicted pillars whose evidence span overlaps one of the gold evidence spans."""
    mapped = [
        normalize(clean(r["text"], _CLEANING_CHANNEL.get(r["channel"], r["channel"])), r["lang"]) for r in records
    ]
    languages = [r["lang"] for r in records]
    predictions = model.labels(model.probabilities([m.text for m in mapped], languages))
    evidence = evidence_for(model, mapped, languages, predictions)
    hits = total = 0
    for record, found, spans in zip(records, predictions, evidence, strict=True):
        gold = {item["name"]: item.get("evidence", []) for item in record["pillars"]}
        for label in found:
            if label.name not in PILLARS or label.name not in gold:
                continue
            total += 1
            gold_spans = [(record["text"].find(e), record["text"].find(e) + len(e)) for e in gold[label.name]]
            predicted = spans.get(label.name, ())
            hits += any(
                p.start < g_end and g_start < p.end for p in predicted for g_start, g_end in gold_spans if g_start >= 0
            )
    return round(hits / total, 4) if total else 0.0
