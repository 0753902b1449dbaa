"""Inter-annotator agreement on the CX corpus: Cohen's kappa per label, first pass (A) against the blind second (B).

    .venv/bin/python -m bench.cx_agreement --data data/cx [--markdown data/cx/AGREEMENT.md]

A pillar or topic is compared two ways: present or not (binary kappa), and as one four-way label
(absent / negative / neutral / positive), which also counts disagreement on the pillar's sentiment.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from app.ml.cx_corpus import PILLARS, TOPICS, read_records


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two label sequences; 1.0 when both annotators use a single identical label throughout."""
    if len(first) != len(second) or not first:
        raise ValueError("kappa needs two equally long, non-empty sequences")
    total = len(first)
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / total
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (total * total)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def _label_of(record: dict[str, object], key: str, name: str) -> str:
    for item in record.get(key) or []:  # type: ignore[attr-defined]
        if item.get("name") == name:
            return str(item.get("sentiment"))
    return "absent"


def agreement(first: dict[str, dict[str, object]], second: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    ids = sorted(set(first) & set(second))
    rows: list[dict[str, object]] = []

    def add(label: str, a: list[str], b: list[str]) -> None:
        matches = sum(1 for x, y in zip(a, b, strict=True) if x == y)
        rows.append({"label": label, "n": len(a), "agreement": matches / len(a), "kappa": cohen_kappa(a, b)})

    add("sentiment", [str(first[i]["sentiment"]) for i in ids], [str(second[i]["sentiment"]) for i in ids])
    for key, names in (("pillars", PILLARS), ("topics", TOPICS)):
        for name in names:
            a = [_label_of(first[i], key, name) for i in ids]
            b = [_label_of(second[i], key, name) for i in ids]
            add(
                f"{name} (present)",
                ["absent" if x == "absent" else "present" for x in a],
                ["absent" if x == "absent" else "present" for x in b],
            )
            add(f"{name} (with sentiment)", a, b)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data/cx"))
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    sections = []
    for language in ("fa", "ar"):
        folder = args.data / language
        first = read_records(sorted(folder.glob("[ab]_*.jsonl")))
        second = read_records(sorted((folder / "second_pass").glob("*.jsonl")))
        if not second:
            continue
        rows = agreement(first, second)
        lines = [
            f"### {language} ({rows[0]['n']} texts labelled twice)",
            "",
            "| label | agreement | Cohen's kappa |",
            "|---|---:|---:|",
        ]
        lines += [f"| {r['label']} | {r['agreement']:.3f} | {r['kappa']:.3f} |" for r in rows]
        sections.append("\n".join(lines))
    report = "\n\n".join(sections)
    print(report)
    if args.markdown:
        args.markdown.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
