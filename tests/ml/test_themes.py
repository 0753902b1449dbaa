"""The themes model: training on gold-format records, thresholds, and evidence spans into the raw text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.analysis.evidence import clause_spans
from app.analysis.pipeline import Analyzer
from app.ml.ngram import NgramSentimentModel
from app.ml.themes import ThemesModel
from app.ml.themes_cli import evaluate_themes_model, train_themes_model

_REFUND = {"name": "resolution", "sentiment": "negative", "evidence": ["پولم برنگشته"]}
_POLITE = {"name": "empathy", "sentiment": "positive", "evidence": ["خیلی مودب"]}
_EXAMPLES = [
    ("پولم برنگشته", [_REFUND], [{"name": "returns_refunds", "sentiment": "negative"}]),
    ("کارمند خیلی مودب بود", [_POLITE], [{"name": "customer_support", "sentiment": "positive"}]),
    ("آدرس رو عوض کنید لطفا", [], [{"name": "delivery", "sentiment": "neutral"}]),
    (
        "کارمند خیلی مودب بود ولی پولم برنگشته",
        [_POLITE, _REFUND],
        [{"name": "returns_refunds", "sentiment": "negative"}],
    ),
]


@pytest.fixture(scope="module")
def themes_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cx = tmp_path_factory.mktemp("cx")
    (cx / "gold").mkdir()
    rows = []
    for n in range(120):
        text, pillars, topics = _EXAMPLES[n % len(_EXAMPLES)]
        rows.append(
            {
                "id": f"fa-{n}",
                "lang": "fa",
                "text": f"{text} {n}",
                "channel": "ticket",
                "domain": "banking",
                "sentiment": "negative",
                "pillars": pillars,
                "topics": topics,
                "split": ("train", "train", "train", "dev", "test")[n % 5],
            }
        )
    (cx / "gold" / "cx_fa.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path_factory.mktemp("model") / "themes"
    train_themes_model(cx, out, seed=1, epochs=20, name="toy-themes", log=lambda _: None)
    evaluate_themes_model(out, cx, out / "eval.json", log=lambda _: None)
    return out


def test_training_learns_the_labels_and_eval_reports_them(themes_folder: Path) -> None:
    report = json.loads((themes_folder / "eval.json").read_text())
    scores = report["languages"]["fa"]
    assert scores["micro"]["f1"] > 0.9
    assert scores["labels"]["resolution"]["recall"] > 0.9
    assert scores["evidence_overlap"] > 0.9
    assert json.loads((themes_folder / "nazar_model.json").read_text())["threshold"] in (0.5, 0.6, 0.7, 0.8)


def test_the_analyzer_returns_pillars_and_topics_with_evidence_in_the_raw_text(
    themes_folder: Path, toy_model: NgramSentimentModel
) -> None:
    analyzer = Analyzer(toy_model, themes_model=ThemesModel.load(themes_folder))
    raw = "کارمند خیلی مــودب بود، ولی پولم برنگشتــه!!"
    result = analyzer.analyze(raw)
    pillars = {theme.name: theme for theme in result.themes}
    assert set(pillars) >= {"empathy", "resolution"}
    assert pillars["resolution"].sentiment == "negative"
    for theme in (*result.themes, *result.topics):
        for span in theme.evidence:
            assert raw[span.start : span.end] == span.text
    assert "برنگشت" in pillars["resolution"].evidence[0].text
    assert "مــودب" in pillars["empathy"].evidence[0].text
    assert "themes=toy-themes" in result.model_version


def test_clauses_split_at_punctuation_and_contrast_words() -> None:
    text = "غذا خوب بود، ولی دیر رسید. ممنون"
    assert [text[a:b] for a, b in clause_spans(text)] == ["غذا خوب بود", "دیر رسید", "ممنون"]
    assert clause_spans("  ...  ") == []
