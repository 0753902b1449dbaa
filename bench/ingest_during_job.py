"""Single-message ingestion latency while a re-analysis job runs inside the service, against the same service idle.

Seeds N items with an older model's analysis into a fresh SQLite file (or a PostgreSQL database), starts a real
`nazar serve` (its in-process runner does the job), sends M ticket messages one after another and records each
latency; then starts a re-analysis job over the N items and sends M more while it runs (the job must still be
running at the end, or the run says so). Median, p90 and p99 of both, and their ratio.

    .venv/bin/python bench/ingest_during_job.py --items 30000 --messages 300 --json bench/results/ingest_during_job.json
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reanalyze_bench import _seed

from app.db.engine import create_db_engine
from app.db.migrate import upgrade

NAZAR = Path(sys.executable).parent / "nazar"
TEXT = "سلام، سفارشم {n} روز دیر رسید و پشتیبانی هم جواب نمی‌دهد"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _latencies(client: httpx.Client, count: int, tag: str) -> list[float]:
    times = []
    for index in range(count):
        body = {"message_id": f"{tag}-{index}", "text": TEXT.format(n=index % 9 + 2)}
        started = time.perf_counter()
        response = client.post(f"/v1/tickets/bench/{tag}-{index % 40}/messages", json=body)
        times.append(1000 * (time.perf_counter() - started))
        response.raise_for_status()
    return times


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1),
        "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/during.db"
        engine = create_db_engine(url)
        upgrade(engine)
        _seed(engine, args.items)
        engine.dispose()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "NAZAR_DATABASE_URL": url, "NAZAR_LOG_LEVEL": "WARNING"}
        key = subprocess.run(
            [str(NAZAR), "keys", "create", "--name", "bench", "--scope", "admin"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        port = _free_port()
        server = subprocess.Popen(
            [str(NAZAR), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(240):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.25)
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
                _latencies(client, 30, "warm")
                idle = _latencies(client, args.messages, "idle")
                job = client.post("/v1/jobs/reanalyze", json={}).json()
                time.sleep(1.0)
                during = _latencies(client, args.messages, "busy")
                state = client.get(f"/v1/jobs/{job['id']}").json()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=60)
    report: dict[str, Any] = {
        "command": " ".join(sys.argv),
        "items": args.items,
        "messages": args.messages,
        "idle": _summary(idle),
        "during_job": _summary(during),
        "job_state_after": {key: state[key] for key in ("state", "done", "total")},
    }
    report["p50_ratio"] = round(report["during_job"]["p50_ms"] / report["idle"]["p50_ms"], 2)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
