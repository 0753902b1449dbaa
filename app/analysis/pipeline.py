"""The analysis pipeline: raw text -> cleaned -> language -> normalised -> sentiment (+ themes), batched."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.analysis.evidence import evidence_for
from app.analysis.result import AnalysisResult, Evidence, PiiSpan, Theme
from app.analysis.validation import validate_channel, validate_text
from app.ml.model import SentimentModel, predictions_from_probabilities
from app.ml.themes import LabelPrediction, ThemesModel
from app.text.cleaning import clean
from app.text.custom_topics import CompiledTopics, match_topics
from app.text.langid import detect_languages
from app.text.mapped import MappedText
from app.text.normalize import NORMALIZATION_VERSION, normalize, normalize_text
from app.text.pii import redact

__all__ = ["AnalysisRequest", "Analyzer"]


@dataclass(frozen=True, slots=True)
class AnalysisRequest:
    text: str
    id: str | None = None
    channel: str | None = None
    language: str | None = None  # a hint from the caller; detection decides when absent


class Analyzer:
    """Holds the loaded models; every caller (CLI, API, batch jobs) analyses through one of these."""

    def __init__(
        self, sentiment_model: SentimentModel, max_text_chars: int = 20_000, themes_model: ThemesModel | None = None
    ) -> None:
        self._sentiment = sentiment_model
        self._themes = themes_model
        self._max_text_chars = max_text_chars

    @property
    def max_text_chars(self) -> int:
        return self._max_text_chars

    @property
    def model_version(self) -> str:
        themes = f";themes={self._themes.version}" if self._themes is not None else ""
        return f"sentiment={self._sentiment.version}{themes};text={NORMALIZATION_VERSION}"

    def analyze(self, text: str, *, channel: str | None = None, id: str | None = None) -> AnalysisResult:
        return self.analyze_batch([AnalysisRequest(text=text, id=id, channel=channel)])[0]

    def analyze_batch(
        self, requests: Sequence[AnalysisRequest], custom_topics: CompiledTopics | None = None
    ) -> list[AnalysisResult]:
        """Analyse many texts at once (the models are batched). Raises `InvalidInputError` for a bad request.

        With `custom_topics`, each result also lists the user-defined topics it matches; their sentiment is the
        text's overall sentiment (a phrase match says what the text is about, not how it feels about it).
        """
        for request in requests:
            validate_text(request.text, self._max_text_chars)
            validate_channel(request.channel)
        cleaned = [clean(request.text, request.channel) for request in requests]
        guesses = detect_languages([text.text for text in cleaned])
        languages = [request.language or guess.language for request, guess in zip(requests, guesses, strict=True)]
        normalized = [normalize_text(text.text, language) for text, language in zip(cleaned, languages, strict=True)]
        sentiments = predictions_from_probabilities(self._sentiment.predict_proba(normalized, languages))
        themes = self._find_themes(cleaned, normalized, languages)
        results = []
        for request, cleaned_text, guess, language, sentiment, (pillars, topics) in zip(
            requests, cleaned, guesses, languages, sentiments, themes, strict=True
        ):
            redacted_text, pii = redact(request.text)
            custom = None
            if custom_topics is not None:
                custom = tuple(
                    Theme(match.name, 1.0, sentiment.label, match.evidence)
                    for match in match_topics(custom_topics, cleaned_text, language)
                )
            results.append(
                AnalysisResult(
                    id=request.id,
                    language=language,
                    script=guess.script,
                    romanized=guess.romanized,
                    sentiment=sentiment,
                    model_version=self.model_version,
                    normalization_version=NORMALIZATION_VERSION,
                    redacted_text=redacted_text,
                    pii=tuple(PiiSpan(match.kind, match.start, match.end) for match in pii),
                    themes=pillars,
                    topics=topics,
                    channel=request.channel,
                    custom_topics=custom,
                )
            )
        return results

    def _find_themes(
        self, cleaned: Sequence[MappedText], normalized: Sequence[str], languages: Sequence[str]
    ) -> list[tuple[tuple[Theme, ...], tuple[Theme, ...]]]:
        """Pillars and topics per text, each with evidence spans in the raw text."""
        if self._themes is None:
            return [((), ()) for _ in normalized]
        predictions = self._themes.labels(self._themes.probabilities(normalized, languages))
        with_labels = [index for index, found in enumerate(predictions) if found]
        # Offsets are only needed where there is evidence to point at: the mapped normalisation is the slow path.
        mapped = [normalize(cleaned[index], languages[index]) for index in with_labels]
        spans = evidence_for(
            self._themes, mapped, [languages[i] for i in with_labels], [predictions[i] for i in with_labels]
        )
        evidence_of = dict(zip(with_labels, spans, strict=True))
        results = []
        for index, found in enumerate(predictions):
            themes = [_theme(item, evidence_of.get(index, {})) for item in found]
            results.append(
                (
                    tuple(t for t, item in zip(themes, found, strict=True) if item.kind == "pillar"),
                    tuple(t for t, item in zip(themes, found, strict=True) if item.kind == "topic"),
                )
            )
        return results


def _theme(item: LabelPrediction, evidence: dict[str, tuple[Evidence, ...]]) -> Theme:
    return Theme(item.name, item.confidence, item.sentiment, evidence.get(item.name, ()))
