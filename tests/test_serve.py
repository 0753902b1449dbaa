"""`nazar serve` and `nazar keys` through their real entry points: a real uvicorn process on a fresh SQLite file."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fixtures.processes import NAZAR, ROOT, free_port, offline_env, start_server


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return offline_env(f"sqlite:///{tmp_path / 'service.db'}")


@pytest.fixture
def server(environment: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port, log = free_port(), tmp_path / "serve.log"
    process = start_server(environment, port, log)
    try:
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_first_start_prints_one_admin_key_that_works(server: tuple[str, Path]) -> None:
    base, log = server
    keys = re.findall(r"nzr_[A-Za-z0-9_-]{20,}", log.read_text())
    assert len(keys) == 1
    assert httpx.get(f"{base}/ready").status_code == 200
    body = {"text": "پشتیبانی خیلی دیر جواب داد", "channel": "ticket"}
    assert httpx.post(f"{base}/v1/analyze", json=body).status_code == 401
    response = httpx.post(f"{base}/v1/analyze", json=body, headers={"Authorization": f"Bearer {keys[0]}"})
    assert response.status_code == 200
    assert response.json()["language"] == "fa"
    assert keys[0] not in log.read_text().split(keys[0], 1)[1]  # shown once, never logged again


def test_keys_created_on_the_command_line_work_and_revoke(
    server: tuple[str, Path], environment: dict[str, str]
) -> None:
    base, _ = server
    created = subprocess.run(
        [str(NAZAR), "keys", "create", "--name", "helpdesk", "--scope", "ingest"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    key = created.stdout.strip()
    assert re.fullmatch(r"nzr_[A-Za-z0-9_-]+", key)
    headers = {"Authorization": f"Bearer {key}"}
    posted = httpx.post(f"{base}/v1/feedback", json={"text": "التوصيل متأخر"}, headers=headers)
    assert posted.status_code == 201
    assert posted.json()["source"] == "helpdesk"
    assert httpx.get(f"{base}/v1/feedback", headers=headers).status_code == 403
    listed = subprocess.run(
        [str(NAZAR), "keys", "list"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=True
    )
    assert key not in listed.stdout
    key_id = next(line for line in listed.stdout.splitlines() if '"helpdesk"' in line).split('"id":')[1].split(",")[0]
    subprocess.run(
        [str(NAZAR), "keys", "revoke", key_id], cwd=ROOT, env=environment, capture_output=True, timeout=60, check=True
    )
    assert httpx.post(f"{base}/v1/feedback", json={"text": "x"}, headers=headers).status_code == 401
    refused = subprocess.run(
        [str(NAZAR), "keys", "create", "--name", "x", "--scope", "root"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0
