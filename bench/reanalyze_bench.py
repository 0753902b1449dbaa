"""Re-analysis throughput: N stored items re-analysed by 1 and by 2 worker processes, on SQLite and PostgreSQL.

Each run seeds N items whose current analysis is an older model's (SQL inserts, not timed), creates a job over all
of them, and starts W worker processes, each running the same drain loop as `nazar worker` (app.jobs.runner.drain
with wait_for_leases) on the shipped models. items/s = N / wall time from the workers' start (models loaded
first, excluded) to the job's switch. Optionally also measures single-message ingestion latency (POST
/v1/tickets/...) against a real `nazar serve` while a job runs and while none does.

    .venv/bin/python bench/reanalyze_bench.py --items 100000 --database both --workers 1 2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, text

from app.db.engine import create_db_engine
from app.db.migrate import upgrade
from app.jobs.store import create_job, job_view
from app.service.feedback_queries import FeedbackFilter

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEXTS = (
    "سفارشم دو هفته دیر رسید و پشتیبانی جواب نداد",
    "کیفیت عالی بود، ممنون از ارسال سریع",
    "الموظف كان وقحا جدا ولم يحل مشكلتي",
    "التوصيل سريع والخدمة ممتازة",
    "لطفا فاکتور خرید را ایمیل کنید",
    "گرونه ولی کیفیتش خوبه، فقط بسته‌بندی ضعیف بود",
    "قالوا لي سيتصلون خلال يومين، واليوم هو اليوم العاشر",
    "هزینه اضافه ازم گرفتن و کسی توضیح نداد",
)


def _seed(engine: Engine, items: int) -> None:
    """Feedback rows with an old analysis each, inserted in bulk (executemany)."""
    rows, analyses = [], []
    for index in range(1, items + 1):
        body = f"{TEXTS[index % len(TEXTS)]}. {TEXTS[(index // len(TEXTS)) % len(TEXTS)]}"
        rows.append({"id": index, "t": body, "c": "2026-06-01 10:00:00", "lang": "fa" if index % 2 else "ar"})
        analyses.append({"id": index})
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO feedback (id, channel, text, redacted_text, normalization_version, metadata, created_at, "
                "received_at, language, sentiment_label, sentiment_score, current_analysis_id) VALUES "
                "(:id, 'survey', :t, :t, 'norm-1', '{}', :c, :c, :lang, 'neutral', 0, :id)"
            ),
            rows,
        )
        connection.execute(
            text(
                "INSERT INTO analysis (id, feedback_id, model_version, normalization_version, language, "
                "sentiment_label, sentiment_score, sentiment_confidence, result, created_at) VALUES "
                "(:id, :id, 'old', 'norm-1', 'fa', 'neutral', 0, 1, '{}', '2026-06-01 10:00:00')"
            ),
            analyses,
        )
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('feedback','id'), (SELECT max(id) FROM feedback))")
            )
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence('analysis','id'), (SELECT max(id) FROM analysis))")
            )
            connection.execute(text("ANALYZE"))


def _worker(url: str, job_id: int, ready: Any, go: Any) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from app.config import get_settings
    from app.jobs.runner import drain
    from app.runtime import build_analyzer
    from app.service.ingest import Ingestor
    from app.service.topics import TopicStore

    engine = create_db_engine(url)
    ingestor = Ingestor(engine, build_analyzer(), TopicStore(engine), store_raw_text=get_settings().store_raw_text)
    ready.release()
    go.wait()
    drain(engine, ingestor, timedelta(seconds=120), job_id=job_id, wait_for_leases=True)


def _run(url: str, items: int, workers: int, chunk: int) -> dict[str, Any]:
    engine = create_db_engine(url)
    upgrade(engine)
    _seed(engine, items)
    from app.runtime import build_analyzer

    version = build_analyzer().model_version
    job_id = create_job(engine, FeedbackFilter(), version, chunk)
    context = multiprocessing.get_context("spawn")
    ready, go = context.Semaphore(0), context.Event()
    processes = [context.Process(target=_worker, args=(url, job_id, ready, go)) for _ in range(workers)]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    view = job_view(engine, job_id)
    assert view is not None
    assert view["state"] == "done", view
    engine.dispose()
    return {
        "items": items,
        "workers": workers,
        "seconds": round(elapsed, 1),
        "items_per_s": round(items / elapsed),
        "items_per_s_per_worker": round(items / elapsed / workers),
        "done": view["done"],
        "failed": view["failed"],
    }


def _database(kind: str, tmp: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        path = tmp / f"reanalyze-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", None
    name = f"nazar_rbench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:5432/{name}", name


def _drop(name: str | None) -> None:
    if name:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--tmp", type=Path, default=Path("/tmp"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    results = []
    for kind in kinds:
        for workers in args.workers:
            url, name = _database(kind, args.tmp)
            try:
                result = {"database": kind, **_run(url, args.items, workers, args.chunk_size)}
            finally:
                _drop(name)
            results.append(result)
            print(
                f"{kind:10s} workers={workers}  {result['items_per_s']:6d} items/s  "
                f"({result['items_per_s_per_worker']} per worker, {result['seconds']} s, failed {result['failed']})",
                flush=True,
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {
            "command": " ".join(sys.argv),
            "results": results,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "median_items_per_s": statistics.median(r["items_per_s"] for r in results) if results else None,
        }
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
