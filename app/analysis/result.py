"""The analysis result of CONTRACT.md, as plain dataclasses with a JSON form (no web framework needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.ml.model import SentimentPrediction
from app.text.spans import Evidence

__all__ = ["AnalysisResult", "Evidence", "PiiSpan", "Theme"]


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    confidence: float
    sentiment: str
    evidence: tuple[Evidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "confidence": self.confidence,
            "sentiment": self.sentiment,
            "evidence": [item.to_json() for item in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class PiiSpan:
    kind: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    id: str | None
    language: str
    script: str
    romanized: bool
    sentiment: SentimentPrediction
    model_version: str
    normalization_version: str
    redacted_text: str
    pii: tuple[PiiSpan, ...] = ()
    themes: tuple[Theme, ...] = ()
    topics: tuple[Theme, ...] = ()
    channel: str | None = None
    # Matches of user-defined topics (the service passes its set; None: no set was given, and the key is left out).
    custom_topics: tuple[Theme, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id} if self.id is not None else {}
        body.update(
            {
                "language": self.language,
                "script": self.script,
                "romanized": self.romanized,
                "sentiment": {
                    "label": self.sentiment.label,
                    "score": self.sentiment.score,
                    "confidence": self.sentiment.confidence,
                },
                "themes": [theme.to_json() for theme in self.themes],
                "topics": [topic.to_json() for topic in self.topics],
                "model_version": self.model_version,
                "normalization_version": self.normalization_version,
                "redacted_text": self.redacted_text,
                "pii": [span.to_json() for span in self.pii],
            }
        )
        if self.channel is not None:
            body["channel"] = self.channel
        if self.custom_topics is not None:
            body["custom_topics"] = [topic.to_json() for topic in self.custom_topics]
        body.update(self.extra)
        return body
