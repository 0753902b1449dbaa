"""The command line through its real entry points, as CONTRACT.md describes it, on the shipped model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAZAR = Path(sys.executable).parent / "nazar"
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}


def _run(
    *args: str, stdin: bytes | None = None, entry: tuple[str, ...] = (str(NAZAR),)
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*entry, *args], input=stdin, capture_output=True, cwd=ROOT, env=OFFLINE, timeout=120)


def _lines(output: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines()]


def test_analyze_one_text_prints_the_contract_result() -> None:
    text = "الخدمة سيئة جدا والموظف كان وقح"
    completed = _run("analyze", text)
    assert completed.returncode == 0, completed.stderr.decode()
    (result,) = _lines(completed.stdout)
    assert result["language"] == "ar"
    sentiment = result["sentiment"]
    assert isinstance(sentiment, dict)
    assert sentiment["label"] == "negative"
    assert -1 <= sentiment["score"] <= 0
    assert 0 <= sentiment["confidence"] <= 1
    themes = result["themes"]
    assert isinstance(themes, list)
    pillars = {"trust", "effort", "empathy", "personalization", "expectations", "resolution"}
    assert {theme["name"] for theme in themes} <= pillars
    assert "empathy" in {theme["name"] for theme in themes}  # a rude employee
    for theme in [*themes, *result["topics"]]:  # type: ignore[misc]
        assert theme["sentiment"] in {"negative", "neutral", "positive"}
        assert 0 <= theme["confidence"] <= 1
        for span in theme["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]
    assert isinstance(result["model_version"], str)
    assert result["model_version"]


def test_python_dash_m_entry_point_works_too() -> None:
    completed = _run("analyze", "غذا خیلی خوشمزه بود و سریع رسید", entry=(sys.executable, "-m", "app.cli"))
    assert completed.returncode == 0, completed.stderr.decode()
    (result,) = _lines(completed.stdout)
    assert result["language"] == "fa"
    assert result["sentiment"]["label"] == "positive"  # type: ignore[index]


def test_jsonl_from_stdin_keeps_order_and_reports_bad_lines_in_place() -> None:
    lines = [
        json.dumps({"id": "a", "text": "پشتیبانی عالی بود، ممنون", "channel": "survey"}, ensure_ascii=False),
        "this is not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "text": "x", "channel": "fax"}),
        json.dumps({"id": 5, "text": 42}),
        json.dumps({"id": "f", "text": "خوب", "colour": "red"}),
        json.dumps({"id": "g", "text": "a\u0000b"}),
        json.dumps({"id": "h", "text": "الخدمة سيئة جدا والتوصيل متأخر", "channel": "ticket"}, ensure_ascii=False),
    ]
    payload = ("\n".join(lines) + "\n").encode() + b'{"id": "i", "text": "\xff\xfe"}\n'
    completed = _run("analyze", "--input", "-", stdin=payload)
    assert completed.returncode == 0, completed.stderr.decode()
    results = _lines(completed.stdout)
    assert [r.get("id") for r in results] == ["a", None, "c", "d", 5, "f", "g", "h", None]
    codes = [r["error"]["code"] if "error" in r else None for r in results]  # type: ignore[index]
    assert codes == [
        None,
        "invalid_json",
        "empty_text",
        "invalid_channel",
        "invalid_type",
        "unknown_field",
        "invalid_text",
        None,
        "invalid_utf8",
    ]
    assert results[0]["channel"] == "survey"
    assert results[7]["sentiment"]["label"] == "negative"  # type: ignore[index]


def test_jsonl_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"id": str(i), "text": f"سفارش شماره {i} دیر رسید"}, ensure_ascii=False) for i in range(300)
        ),
        encoding="utf-8",
    )
    completed = _run("analyze", "--input", str(source))
    assert completed.returncode == 0, completed.stderr.decode()
    results = _lines(completed.stdout)
    assert [r["id"] for r in results] == [str(i) for i in range(300)]


def test_an_empty_text_argument_is_a_clear_error() -> None:
    completed = _run("analyze", "   ")
    assert completed.returncode == 2
    (result,) = _lines(completed.stdout)
    assert result["error"]["code"] == "empty_text"  # type: ignore[index]


@pytest.mark.parametrize("args", [(), ("analyze",), ("analyze", "x", "--input", "-")])
def test_wrong_usage_exits_non_zero(args: tuple[str, ...]) -> None:
    assert _run(*args).returncode != 0


@pytest.mark.parametrize("weight", ["cx_fa", "cx_fa=-1", "=2", "cx_fa=x"])
def test_a_malformed_dataset_weight_is_refused_by_name(weight: str) -> None:
    completed = _run("train", "sentiment", "--data", ".", "--out", "/tmp/never", "--weight", weight)
    assert completed.returncode == 2
    assert "DATASET=FACTOR" in completed.stderr.decode()


def test_an_empty_themes_setting_turns_themes_off() -> None:
    completed = subprocess.run(
        [str(NAZAR), "analyze", "الموظف كان وقح"],
        capture_output=True,
        cwd=ROOT,
        env={**OFFLINE, "NAZAR_THEMES_MODEL": ""},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    (result,) = _lines(completed.stdout)
    assert result["themes"] == []
    assert "themes=" not in str(result["model_version"])
