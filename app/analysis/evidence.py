"""Evidence for predicted themes: the clause of the text that the themes model scores highest for each label.

Clauses are cut from the normalised text (at sentence punctuation, line breaks and the contrast words that join two
judgements: ولی، اما، لكن، بس، but), scored by the same model, and mapped back through the offset maps, so
every span indexes the text exactly as submitted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from app.ml.themes import THEME_LABELS, LabelPrediction, ThemesModel
from app.text.mapped import MappedText
from app.text.spans import Evidence

__all__ = ["clause_spans", "evidence_for"]

_CLAUSE_BREAK: Final = re.compile(r"[.!?؟؛;\n]+|[،,](?=\s)|\s(?:ولی|اما|لكنه|لكن|بس|but|however)\s", re.IGNORECASE)
_TRIM: Final = " \t\n.,،;؛!?؟:-\u200c"


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty clause spans of a normalised text, trimmed of spaces and punctuation."""
    spans = []
    position = 0
    for match in [*_CLAUSE_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        start = position
        while start < end and text[start] in _TRIM:
            start += 1
        stop = end
        while stop > start and text[stop - 1] in _TRIM:
            stop -= 1
        if stop > start:
            spans.append((start, stop))
        position = match.end() if match else len(text)
    return spans


def evidence_for(
    model: ThemesModel,
    normalized: Sequence[MappedText],
    languages: Sequence[str],
    predictions: Sequence[Sequence[LabelPrediction]],
) -> list[dict[str, tuple[Evidence, ...]]]:
    """For each text, label name -> evidence spans in the raw text (one batched model call over all clauses)."""
    owners: list[int] = []
    spans: list[tuple[int, int]] = []
    for index, (mapped, found) in enumerate(zip(normalized, predictions, strict=True)):
        if found:
            for span in clause_spans(mapped.text) or [(0, len(mapped.text))]:
                owners.append(index)
                spans.append(span)
    clause_texts = [normalized[owner].text[start:end] for owner, (start, end) in zip(owners, spans, strict=True)]
    probabilities = model.probabilities(clause_texts, [languages[owner] for owner in owners])
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for row, owner in enumerate(owners):
        for label in predictions[owner]:
            presence = 1.0 - float(probabilities[row, THEME_LABELS.index(label.name), 0])
            key = (owner, label.name)
            if key not in best or presence > best[key][0]:
                best[key] = (presence, row)
    evidence: list[dict[str, tuple[Evidence, ...]]] = [{} for _ in normalized]
    for (owner, name), (_, row) in best.items():
        mapped = normalized[owner]
        raw_start, raw_end = mapped.to_raw(*spans[row])
        evidence[owner][name] = (Evidence(raw_start, raw_end, mapped.raw[raw_start:raw_end]),)
    return evidence
