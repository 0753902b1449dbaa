"""Accuracy and speed of `app.text.langid` on every fa/ar sentiment test text, against plain lingua.

    .venv/bin/python -m bench.langid_eval [--split test|dev] [--data-dir DIR] [--examples N] [--dump-errors F]

Gold is the row's dataset language, so texts that are really English, emoji or another language count as
errors; the error-kind table separates those (label noise by construction) from Persian/Arabic confusions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.text import langid
from app.text.langid import LanguageGuess, detect_languages
from bench.train_langid import DEFAULT_DATA, LANGUAGES, read_texts

BUCKETS = ("1-2 words", "3+ words")
REPEATS = 3


@dataclass(frozen=True, slots=True)
class Run:
    name: str
    predictions: list[str]
    seconds: float


def bucket(text: str) -> str:
    return BUCKETS[0] if len(text.split()) <= 2 else BUCKETS[1]


def run_lingua(texts: Sequence[str]) -> Run:
    from lingua import Language, LanguageDetectorBuilder

    languages = (Language.PERSIAN, Language.ARABIC, Language.ENGLISH)
    detector = LanguageDetectorBuilder.from_languages(*languages).build()
    detector.detect_language_of("warm up")  # loads the models, as our own timing excludes loading
    start = time.perf_counter()
    found = detector.detect_languages_in_parallel_of(list(texts))
    seconds = time.perf_counter() - start
    codes = [language.iso_code_639_1.name.lower() if language else "und" for language in found]
    return Run("lingua fa/ar/en", codes, seconds)


def accuracy_table(runs: Sequence[Run], gold: Sequence[str], texts: Sequence[str]) -> list[str]:
    lines = ["| detector | words | fa | ar | overall | errors |", "|---|---|---:|---:|---:|---:|"]
    buckets = [bucket(text) for text in texts]
    for run in runs:
        for wanted in (*BUCKETS, "all"):
            cells = []
            wrong = 0
            for language in (*LANGUAGES, None):
                rows = [
                    i
                    for i in range(len(texts))
                    if (language is None or gold[i] == language) and wanted in ("all", buckets[i])
                ]
                wrong = sum(run.predictions[i] != gold[i] for i in rows)
                cells.append(f"{100 * (1 - wrong / len(rows)):.2f}% (n={len(rows)})" if rows else "-")
            lines.append(f"| {run.name} | {wanted} | {' | '.join(cells)} | {wrong} |")  # wrong: overall
    return lines


def error_kind(guess: LanguageGuess) -> str:
    if guess.script == "none":
        return "no letters (emoji, digits, punctuation)"
    if guess.romanized:
        return "romanised text, other language than gold"
    if guess.language not in LANGUAGES:
        return "Latin or other-script majority (another language, names, codes)"
    return "fa/ar confusion"


def texts_per_second(texts: Sequence[str]) -> float:
    """Median rate of REPEATS batched runs, each with the word-score cache emptied first (a fresh worker)."""
    rates = []
    for _ in range(REPEATS):
        langid._model().clear_cache()
        start = time.perf_counter()
        detect_languages(texts)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev"))
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--examples", type=int, default=15)
    parser.add_argument("--dump-errors", type=Path, help="write every error (gold, guess, text) to this TSV file")
    args = parser.parse_args()

    rows = list(read_texts(args.data_dir, args.split))
    gold = [language for language, _ in rows]
    texts = [text for _, text in rows]
    print(
        f"{len(texts)} fa/ar texts in the {args.split} splits: {dict(Counter(gold))}, "
        f"{dict(Counter(bucket(t) for t in texts))}\n"
    )

    start = time.perf_counter()
    detect_languages(["سلام"])
    load = time.perf_counter() - start
    start = time.perf_counter()
    detect_languages(["thank you"])
    lingua_load = time.perf_counter() - start

    start = time.perf_counter()
    guesses = detect_languages(texts)
    ours = Run("nazar langid", [guess.language for guess in guesses], time.perf_counter() - start)
    baseline = run_lingua(texts)
    print("## Accuracy (gold = dataset language)\n")
    print("\n".join(accuracy_table([ours, baseline], gold, texts)))

    wrong = [i for i in range(len(texts)) if ours.predictions[i] != gold[i]]
    print(f"\n## Errors of nazar langid: {len(wrong)}\n")
    print("| gold -> guess | count |\n|---|---:|")
    for (expected, got), n in Counter((gold[i], ours.predictions[i]) for i in wrong).most_common(12):
        print(f"| {expected} -> {got} | {n} |")
    print("\n| error kind | count |\n|---|---:|")
    for kind, n in Counter(error_kind(guesses[i]) for i in wrong).most_common():
        print(f"| {kind} | {n} |")
    step = max(1, len(wrong) // max(1, args.examples))
    print(f"\n{args.examples} example errors (every {step}th error):\n")
    for i in wrong[::step][: args.examples]:
        print(f"- {gold[i]} -> {ours.predictions[i]} ({guesses[i].script}): {' '.join(texts[i].split())[:100]}")
    if args.dump_errors:
        lines = [f"{gold[i]}\t{guesses[i]}\t{' '.join(texts[i].split())}" for i in wrong]
        args.dump_errors.write_text("\n".join(lines) + "\n", encoding="utf-8")

    arabic_short = [
        text for text, guess in zip(texts, guesses, strict=True) if guess.script == "arabic" and len(text.split()) <= 8
    ]
    print(f"\n## Throughput (one process, batched; median of {REPEATS} runs, word cache emptied before each)\n")
    print(f"load: n-gram model {load * 1000:.0f} ms; lingua Latin models {lingua_load * 1000:.0f} ms\n")
    print("| run | texts | texts/s |\n|---|---:|---:|")
    print(f"| nazar langid, all {args.split} texts | {len(texts)} | {texts_per_second(texts):,.0f} |")
    print(
        f"| nazar langid, Arabic-script texts of <= 8 words | {len(arabic_short)} | "
        f"{texts_per_second(arabic_short):,.0f} |"
    )
    print(
        f"| lingua fa/ar/en, all {args.split} texts (parallel) | {len(texts)} | {len(texts) / baseline.seconds:,.0f} |"
    )


if __name__ == "__main__":
    main()
