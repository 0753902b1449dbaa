"""The `nazar` command line: a thin layer over the same analysis, training and evaluation functions the service uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer

__all__ = ["app", "main"]

# Nothing in Nazar may reach a model hub; set before transformers is ever imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(help="Nazar: Persian and Arabic customer-feedback analysis.", no_args_is_help=True)
train_app = typer.Typer(help="Train models from labelled data in the unified JSONL format.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate models on the test splits of labelled data.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


def _print_json(payload: object) -> None:
    sys.stdout.buffer.write(orjson.dumps(payload) + b"\n")


@app.command()
def analyze(
    text: Annotated[str | None, typer.Argument(help="The text to analyse.")] = None,
    input: Annotated[
        str | None,
        typer.Option("--input", "-i", help='A JSONL file (or - for stdin): one {"text", "id", "channel"} per line.'),
    ] = None,
    channel: Annotated[
        str | None, typer.Option(help="survey | email | social | ticket | chat | review | other")
    ] = None,
    model: Annotated[Path | None, typer.Option(help="Sentiment model folder (default: settings).")] = None,
) -> None:
    """Analyse one text, or a JSONL stream, printing one JSON result per line."""
    from app.analysis.jsonl import analyze_lines
    from app.analysis.validation import InvalidInputError
    from app.runtime import build_analyzer

    if (text is None) == (input is None):
        raise typer.BadParameter("give either a TEXT argument or --input FILE (use - for stdin)")
    analyzer = build_analyzer(model)
    if text is not None:
        try:
            result = analyzer.analyze(text, channel=channel)
        except InvalidInputError as error:
            _print_json({"error": {"code": error.code, "message": error.message}})
            raise typer.Exit(code=2) from error
        _print_json(result.to_json())
        return
    if input == "-":
        for payload in analyze_lines(analyzer, sys.stdin.buffer):
            _print_json(payload)
        return
    with Path(str(input)).open("rb") as stream:
        for payload in analyze_lines(analyzer, stream):
            _print_json(payload)


@train_app.command("sentiment")
def train_sentiment(
    data: Annotated[
        list[Path], typer.Option(help="Unified data root, or a folder of <dataset>.<split>.jsonl files; repeatable.")
    ],
    out: Annotated[Path, typer.Option(help="Where to write the model folder.")],
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic for a given seed).")] = 13,
    epochs: Annotated[int, typer.Option(help="Training epochs (the best on dev is kept).")] = 3,
    name: Annotated[str | None, typer.Option(help="Model version name (default: the folder name).")] = None,
    weight: Annotated[
        list[str] | None,
        typer.Option(help="DATASET=FACTOR: weigh a dataset's examples more (or less); repeatable."),
    ] = None,
) -> None:
    """Train the n-gram sentiment model and write weights, config, data manifest and metrics to OUT."""
    from app.ml.sentiment_cli import train_sentiment_model

    train_sentiment_model(
        data, out, seed=seed, epochs=epochs, name=name or out.name, dataset_weights=_factors(weight), log=typer.echo
    )


def _factors(items: list[str] | None) -> dict[str, float]:
    factors: dict[str, float] = {}
    for item in items or []:
        dataset, _, factor = item.partition("=")
        try:
            value = float(factor)
        except ValueError:
            value = 0.0
        if not dataset or value <= 0:
            raise typer.BadParameter(f"expected DATASET=FACTOR with a positive factor, got {item!r}")
        factors[dataset] = value
    return factors


@train_app.command("themes")
def train_themes(
    data: Annotated[Path, typer.Option(help="The CX corpus folder (with gold/cx_<lang>.jsonl).")] = Path("data/cx"),
    out: Annotated[Path, typer.Option(help="Where to write the model folder.")] = Path("models/themes"),
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic for a given seed).")] = 13,
    epochs: Annotated[int, typer.Option(help="Training epochs (the best on dev is kept).")] = 20,
    name: Annotated[str | None, typer.Option(help="Model version name (default: the folder name).")] = None,
) -> None:
    """Train the CX themes model (six pillars and eight topics, each with a sentiment) on the corpus's train split."""
    from app.ml.themes_cli import train_themes_model

    train_themes_model(data, out, seed=seed, epochs=epochs, name=name or out.name, log=typer.echo)


@eval_app.command("themes")
def eval_themes(
    model: Annotated[Path, typer.Option(help="The themes model folder to evaluate.")],
    data: Annotated[Path, typer.Option(help="The CX corpus folder (with gold/cx_<lang>.jsonl).")],
    json_path: Annotated[Path, typer.Option("--json", help="Write the full report here.")],
) -> None:
    """Per language, on the CX test split: precision/recall/F1 per label, micro and macro, evidence overlap."""
    from app.ml.themes_cli import evaluate_themes_model

    evaluate_themes_model(model, data, json_path, log=typer.echo)


@eval_app.command("sentiment")
def eval_sentiment(
    model: Annotated[Path, typer.Option(help="The model folder to evaluate.")],
    data: Annotated[
        list[Path], typer.Option(help="Unified data root, or a folder of <dataset>.<split>.jsonl files; repeatable.")
    ],
    json_path: Annotated[Path, typer.Option("--json", help="Write the full report here.")],
    baseline: Annotated[
        bool, typer.Option(help="Also train and score the TF-IDF + LogisticRegression baseline.")
    ] = True,
) -> None:
    """Score MODEL on every test split in DATA, beside a baseline trained on the same training data."""
    from app.ml.sentiment_cli import evaluate_sentiment_model

    evaluate_sentiment_model(model, data, json_path, with_baseline=baseline, log=typer.echo)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
