"""The analysis pipeline end to end on a real (small) model: cleaning, language, redaction, offsets, batching."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.analysis.pipeline import AnalysisRequest, Analyzer
from app.analysis.validation import InvalidInputError, validate_text
from app.ml.ngram import NgramSentimentModel
from app.runtime import build_analyzer


@pytest.fixture
def analyzer(toy_model: NgramSentimentModel) -> Analyzer:
    return Analyzer(toy_model, max_text_chars=500)


def test_result_has_the_contract_shape(analyzer: Analyzer) -> None:
    result = analyzer.analyze("الخدمة سيئة جدا المنتج مكسور", id="x1").to_json()
    assert result["id"] == "x1"
    assert result["language"] == "ar"
    assert result["sentiment"]["label"] == "negative"
    assert -1 <= result["sentiment"]["score"] <= 1
    assert 0 <= result["sentiment"]["confidence"] <= 1
    assert result["themes"] == []
    assert "toy-sentiment" in result["model_version"]
    assert result["normalization_version"] == "norm-1"


def test_email_quotes_do_not_reach_the_model(analyzer: Analyzer) -> None:
    email = (
        "سلام، پشتیبانی عالی بود ممنون واقعا راضی بودم\n\n"
        "در تاریخ ۱۴۰۳/۰۲/۱۵ پشتیبانی نوشت:\n> غذا سرد رسید کیفیتش افتضاح بود پشتیبانی جواب نداد"
    )
    as_email = analyzer.analyze(email, channel="email")
    assert as_email.sentiment.label == "positive"


def test_personal_data_is_redacted_with_offsets_into_the_raw_text(analyzer: Analyzer) -> None:
    text = "با شماره ۰۹۱۲ ۳۴۵ ۶۷۸۹ تماس بگیرید یا ali.rezaei@example.com"
    result = analyzer.analyze(text)
    kinds = {span.kind for span in result.pii}
    assert kinds == {"phone", "email"}
    for span in result.pii:
        assert text[span.start : span.end].strip()
    assert "۰۹۱۲" not in result.redacted_text
    assert "example.com" not in result.redacted_text


def test_a_language_hint_wins_over_detection(analyzer: Analyzer) -> None:
    (result,) = analyzer.analyze_batch([AnalysisRequest(text="ممنون", language="ar")])
    assert result.language == "ar"


def test_batch_results_match_one_by_one_results(analyzer: Analyzer) -> None:
    texts = ["پشتیبانی عالی بود ممنون", "الخدمة سيئة جدا", "سفارش رو کی میارید؟", "أحتاج فاتورة"]
    batch = analyzer.analyze_batch([AnalysisRequest(text=t) for t in texts])
    single = [analyzer.analyze(t) for t in texts]
    assert [r.to_json() for r in batch] == [r.to_json() for r in single]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n", "empty_text"),
        ("a\x00b", "invalid_text"),
        ("\ud800", "invalid_text"),
        ("x" * 501, "text_too_long"),
    ],
)
def test_bad_text_is_refused_with_a_stable_code(analyzer: Analyzer, text: str, code: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        analyzer.analyze(text)
    assert raised.value.code == code


def test_an_unknown_channel_is_refused(analyzer: Analyzer) -> None:
    with pytest.raises(InvalidInputError) as raised:
        analyzer.analyze("سلام", channel="fax")
    assert raised.value.code == "invalid_channel"


_PIECES = [*"ابپتجچخدرزژسشصطعغفقکگلمنوهیيكةأإآؤئء ً ٌ ـ ۱۲٣ 0 !؟.،\n<>&#@", "\u200c", "\u200f", "😀", "ﻻ", "a", "B"]
# Pieces rather than characters, so that entities and tags (which cleaning rewrites) appear whole.
_MIXED = st.lists(
    st.sampled_from([*_PIECES, "&amp;", "<p>", "</p>", "> ", "#شکایت_ها", "ولی "]), min_size=1, max_size=60
).map("".join)


@pytest.fixture(scope="module")
def shipped() -> Analyzer:
    return build_analyzer()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def _has_content(text: str) -> bool:
    try:
        validate_text(text, 10**9)
    except InvalidInputError:
        return False
    return True


@given(text=_MIXED, channel=st.sampled_from([None, "email", "social", "ticket", "chat", "survey", "review", "other"]))
def test_any_text_on_any_channel_analyses_with_evidence_inside_the_raw_text(
    shipped: Analyzer, text: str, channel: str | None
) -> None:
    if not _has_content(text):
        with pytest.raises(InvalidInputError, match="empty"):  # only spaces and invisible marks: refused
            shipped.analyze(text, channel=channel)
        return
    result = shipped.analyze(text, channel=channel)
    assert result.sentiment.label in {"negative", "neutral", "positive"}
    for theme in (*result.themes, *result.topics):
        for span in theme.evidence:
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
    for pii in result.pii:
        assert 0 <= pii.start < pii.end <= len(text)


def test_building_an_analyzer_leaves_autograd_on_for_training_in_the_same_process(shipped: Analyzer) -> None:
    import torch

    assert torch.is_grad_enabled()
