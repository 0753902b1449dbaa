"""Summaries and exports over many stored rows on PostgreSQL, through a real `nazar serve` process.

Seeds N feedback rows (default 1,000,000) straight into a fresh PostgreSQL database with SQL (generate_series:
random times over two years, channels, languages, sentiment, survey answers, and theme/topic labels on about 60%
of items), then times each summary endpoint over HTTP (median of R runs after one warm-up) and streams the CSV
export while sampling the server's resident memory.

    .venv/bin/python bench/summaries_bench.py --rows 1000000 --runs 5 --json bench/results/summaries.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
NAZAR = Path(sys.executable).parent / "nazar"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"

SEED_SQL = """
INSERT INTO feedback (id, source, channel, redacted_text, normalization_version, metadata, created_at,
                      received_at, language, sentiment_label, sentiment_score, nps, csat, ces, ces_scale,
                      current_analysis_id)
SELECT g, 'bench', (ARRAY['survey','email','social','ticket','chat','review','other'])[1 + g % 7],
       'نمونه بازخورد شماره ' || g, 'norm-1', '{}'::jsonb,
       now() - random() * interval '730 days', now(), (ARRAY['fa','ar'])[1 + g % 2],
       (ARRAY['negative','neutral','positive'])[1 + floor(random() * 3)::int], random() * 2 - 1,
       CASE WHEN random() < 0.5 THEN floor(random() * 11)::int END,
       CASE WHEN random() < 0.3 THEN 1 + floor(random() * 5)::int END,
       CASE WHEN g % 10 = 0 THEN 1 + floor(random() * 7)::int WHEN g % 10 = 1 THEN 1 + floor(random() * 5)::int END,
       CASE WHEN g % 10 = 0 THEN 7 WHEN g % 10 = 1 THEN 5 END,
       g
FROM generate_series(1, %(rows)s) AS g;
INSERT INTO analysis (id, feedback_id, model_version, normalization_version, language, sentiment_label,
                      sentiment_score, sentiment_confidence, result, created_at)
SELECT id, id, 'bench', 'norm-1', language, sentiment_label, sentiment_score, 0.9, '{}'::jsonb, created_at
FROM feedback;
INSERT INTO feedback_label (analysis_id, feedback_id, kind, name, sentiment, confidence)
SELECT id, id, 'theme',
       (ARRAY['trust','effort','empathy','personalization','expectations','resolution'])[1 + id % 6],
       sentiment_label, 0.8
FROM feedback WHERE id % 5 < 3;
INSERT INTO feedback_label (analysis_id, feedback_id, kind, name, sentiment, confidence)
SELECT id, id, 'topic',
       (ARRAY['delivery','pricing_billing','product_quality','customer_support'])[1 + id % 4],
       sentiment_label, 0.8
FROM feedback WHERE id % 3 = 0;
SELECT setval(pg_get_serial_sequence('feedback', 'id'), %(rows)s);
SELECT setval(pg_get_serial_sequence('analysis', 'id'), %(rows)s);
ANALYZE;
"""

ENDPOINTS = [
    ("sentiment, all", "/v1/summaries/sentiment", {}),
    ("sentiment, monthly, jalali", "/v1/summaries/sentiment", {"interval": "month", "calendar": "jalali"}),
    ("sentiment, weekly by channel", "/v1/summaries/sentiment", {"interval": "week", "group_by": "channel"}),
    ("sentiment, monthly by theme", "/v1/summaries/sentiment", {"interval": "month", "group_by": "theme"}),
    ("metrics, monthly, hijri", "/v1/summaries/metrics", {"interval": "month", "calendar": "hijri"}),
    ("metrics, quarterly by language", "/v1/summaries/metrics", {"interval": "quarter", "group_by": "language"}),
    ("metrics, daily, last 90 days", "/v1/summaries/metrics", {"interval": "day", "created_from": "-90"}),
    ("drivers", "/v1/summaries/drivers", {}),
    ("drivers, one channel", "/v1/summaries/drivers", {"channel": "survey"}),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _resolve(params: dict[str, str]) -> dict[str, str]:
    resolved = dict(params)
    if resolved.get("created_from", "").startswith("-"):
        days = int(resolved["created_from"][1:])
        resolved["created_from"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - days * 86400))
    return resolved


def _time_endpoint(client: httpx.Client, path: str, params: dict[str, str], runs: int) -> dict[str, Any]:
    client.get(path, params=params).raise_for_status()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params=params)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return {"p50_ms": round(1000 * statistics.median(times), 1), "max_ms": round(1000 * max(times), 1)}


def _export(client: httpx.Client, pid: int) -> dict[str, Any]:
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(_rss_kib(pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started, size, lines = time.perf_counter(), 0, 0
    with client.stream("GET", "/v1/exports/feedback.csv", params={"bom": "true"}) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")  # CRLF endings; texts here have no newlines
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "rows": lines - 1,
        "mb": round(size / 1e6, 1),
        "seconds": round(elapsed, 1),
        "rows_per_s": round((lines - 1) / elapsed),
        "rss_mb_start": round(samples[0] / 1024) if samples else None,
        "rss_mb_max": round(max(samples) / 1024) if samples else None,
        "rss_mb_samples": len(samples),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--reuse-database", help="An existing database already seeded by this script (skips seeding; kept afterwards)"
    )
    args = parser.parse_args()

    name = args.reuse_database or f"nazar_sbench_{uuid.uuid4().hex[:8]}"
    if not args.reuse_database:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "DATABASE_URL": url, "NAZAR_LOG_LEVEL": "WARNING"}
    env.pop("NAZAR_DATABASE_URL", None)
    port = _free_port()
    process = None
    try:
        key = subprocess.run(
            [str(NAZAR), "keys", "create", "--name", "bench", "--scope", "read"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        started = time.perf_counter()
        if not args.reuse_database:
            with psycopg.connect(url, autocommit=True) as connection:
                for statement in SEED_SQL.split(";\n"):
                    if statement.strip():
                        connection.execute(statement.replace("%(rows)s", str(args.rows)))
        seed_seconds = time.perf_counter() - started
        print(f"seeded {args.rows:,} rows in {seed_seconds:.0f} s", flush=True)
        process = subprocess.Popen(
            [str(NAZAR), "serve", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.25)
        results: dict[str, Any] = {}
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as client:
            for label, path, params in ENDPOINTS:
                results[label] = _time_endpoint(client, path, _resolve(params), args.runs)
                print(f"{label:34s} p50 {results[label]['p50_ms']:8.1f} ms  max {results[label]['max_ms']:8.1f} ms")
            export = None if args.no_export else _export(client, process.pid)
        if export:
            print(f"export: {export}")
        report = {
            "command": " ".join(sys.argv),
            "rows": args.rows,
            "seed_seconds": round(seed_seconds),
            "endpoints": results,
            "export": export,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        }
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        if not args.reuse_database:
            with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
