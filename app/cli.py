"""The `nazar` command line: a thin layer over the same analysis, training and evaluation functions the service uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = ["app", "main"]

# Nothing in Nazar may reach a model hub; set before transformers is ever imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(help="Nazar: Persian and Arabic customer-feedback analysis.", no_args_is_help=True)
train_app = typer.Typer(help="Train models from labelled data in the unified JSONL format.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate models on the test splits of labelled data.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for the HTTP service (shown once, stored hashed).", no_args_is_help=True)
db_app = typer.Typer(help="The service database: migrations.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
app.add_typer(keys_app, name="keys")
app.add_typer(db_app, name="db")


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


def _migrated_engine() -> Engine:
    from app.config import get_settings
    from app.db.engine import create_db_engine
    from app.db.migrate import upgrade

    engine = create_db_engine(get_settings().database_url)
    upgrade(engine)
    return engine


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: settings, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: settings, 8000).")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (each loads the models, ~0.6 GB).")] = 1,
) -> None:
    """Run the HTTP service. On a database with no API keys, first creates an admin key and prints it once."""
    import uvicorn

    from app.api.observability import configure_logging
    from app.config import get_settings
    from app.service.keys import count_keys, create_key

    settings = get_settings()
    configure_logging(settings.log_level)
    # uvicorn's --workers start fresh processes that build the app from the factory: this tells them to set up
    # the same JSON logging (see app.api.app).
    os.environ["NAZAR_JSON_LOGS"] = "1"
    engine = _migrated_engine()
    if count_keys(engine) == 0:
        created = create_key(engine, "initial-admin", ("admin",))
        typer.echo(
            "\nNo API keys existed, so an admin key was created. It is shown only this once; keep it:\n\n"
            f"    {created.key}\n\n"
            "Use it as 'Authorization: Bearer <key>'. Make narrower keys with: nazar keys create --name NAME "
            "--scope ingest|read|admin\n",
            err=True,
        )
    engine.dispose()
    uvicorn.run(
        "app.api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        access_log=False,  # the service logs each request itself, as JSON with a request id
        log_config=None,
    )


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="Who uses the key (it is also the default feedback source).")],
    scope: Annotated[list[str], typer.Option(help="ingest | read | admin; repeatable. admin includes the others.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print a JSON object instead of the bare key.")] = False,
) -> None:
    """Create a key. The key alone goes to stdout (for KEY=$(nazar keys create ...)); it is never shown again."""
    from app.service.keys import create_key

    try:
        created = create_key(_migrated_engine(), name, tuple(scope))
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    if json_output:
        _print_json({"id": created.id, "name": created.name, "scopes": list(created.scopes), "key": created.key})
    else:
        typer.echo(created.key)
    typer.echo(f"key {created.id} '{created.name}' ({' '.join(created.scopes)}): store it now", err=True)


@keys_app.command("list")
def keys_list() -> None:
    """Keys with their ids, names, scopes and state (never the keys themselves)."""
    from app.service.keys import list_keys

    for row in list_keys(_migrated_engine()):
        _print_json(
            {
                "id": row.id,
                "name": row.name,
                "prefix": row.prefix,
                "scopes": row.scopes.split(),
                "created_at": row.created_at.isoformat(),
                "revoked": row.revoked_at is not None,
            }
        )


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[int, typer.Argument(help="The key's id (see `nazar keys list`).")]) -> None:
    """Revoke a key: requests with it get 401 from then on."""
    from app.service.keys import revoke_key

    if not revoke_key(_migrated_engine(), key_id):
        typer.echo(f"no live key with id {key_id}", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"key {key_id} revoked", err=True)


@app.command()
def reanalyze(
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this detected language.")] = None,
    sentiment: Annotated[str | None, typer.Option(help="Only items whose current label is this.")] = None,
    theme: Annotated[str | None, typer.Option(help="Only items with this theme.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only items with this topic (model or custom).")] = None,
    created_from: Annotated[str | None, typer.Option(help="ISO 8601, inclusive.")] = None,
    created_to: Annotated[str | None, typer.Option(help="ISO 8601, exclusive.")] = None,
    chunk_size: Annotated[int | None, typer.Option(help="Items per chunk (default: settings).")] = None,
    wait: Annotated[bool, typer.Option(help="With Celery: wait for the job and print progress.")] = True,
) -> None:
    """Re-analyse stored feedback with the models loaded here. Without a broker the job runs in this process
    (cron-friendly); with CELERY_BROKER_URL it is queued for `nazar worker` processes. Prints JSON lines."""
    from datetime import datetime, timedelta

    from app.config import get_settings
    from app.jobs.runner import drain
    from app.jobs.store import ActiveJobError, create_job, job_view
    from app.runtime import build_analyzer
    from app.service.feedback_queries import FeedbackFilter
    from app.service.ingest import Ingestor
    from app.service.topics import TopicStore

    settings = get_settings()
    engine = _migrated_engine()
    analyzer = build_analyzer()
    spec = FeedbackFilter(
        channel=channel,
        source=source,
        language=language,
        sentiment=sentiment,
        theme=theme,
        topic=topic,
        created_from=datetime.fromisoformat(created_from) if created_from else None,
        created_to=datetime.fromisoformat(created_to) if created_to else None,
    )
    try:
        job_id = create_job(engine, spec, analyzer.model_version, chunk_size or settings.job_chunk_size)
    except ActiveJobError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from error
    _print_json(job_view(engine, job_id))
    if settings.celery_broker_url:
        from app.jobs.celery_app import enqueue_job

        enqueue_job(job_id)
        if not wait:
            return
        import time

        while (view := job_view(engine, job_id)) is not None and view["state"] == "running":
            time.sleep(2)
            _print_json(view)
    else:
        ingestor = Ingestor(engine, analyzer, TopicStore(engine), store_raw_text=settings.store_raw_text)
        drain(engine, ingestor, timedelta(seconds=settings.job_lease_seconds), job_id=job_id, wait_for_leases=True)
    final = job_view(engine, job_id)
    _print_json(final)
    if final is None or final["state"] != "done":
        raise typer.Exit(code=1)


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Worker processes (each loads the models, ~0.6 GB).")] = 1,
) -> None:
    """A Celery worker for re-analysis jobs (needs CELERY_BROKER_URL and the service's DATABASE_URL)."""
    from app.api.observability import configure_logging
    from app.config import get_settings

    settings = get_settings()
    if not settings.celery_broker_url:
        typer.echo("set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) to run workers", err=True)
        raise typer.Exit(code=2)
    configure_logging(settings.log_level)
    _migrated_engine().dispose()
    from app.jobs.celery_app import celery_app

    celery_app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Migrate the database up (the service also does this when it starts)."""
    from app.config import get_settings
    from app.db.engine import create_db_engine
    from app.db.migrate import current_revision, upgrade

    engine = create_db_engine(get_settings().database_url)
    upgrade(engine, revision)
    typer.echo(f"database at revision {current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision, or base.")]) -> None:
    """Migrate the database down (base removes every table)."""
    from app.config import get_settings
    from app.db.engine import create_db_engine
    from app.db.migrate import current_revision, downgrade

    engine = create_db_engine(get_settings().database_url)
    downgrade(engine, revision)
    typer.echo(f"database at revision {current_revision(engine)}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
