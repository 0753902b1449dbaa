"""Service fixtures: the real app on a real database file (SQLite) and on a real PostgreSQL server.

Every API test runs on both backends. PostgreSQL tests get a fresh database each; outside CI they are skipped with a
visible reason when no server answers on 127.0.0.1:5432, and in CI (CI=1, set by .ci/run) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from app.analysis.pipeline import Analyzer
from app.api.app import create_app
from app.config import Settings
from app.runtime import build_analyzer
from app.service.keys import create_key

POSTGRES_ADMIN_URL = os.environ.get("NAZAR_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def shipped_analyzer() -> Analyzer:
    return build_analyzer()


def _postgres_available() -> str | None:
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {error}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nazar.db'}"
        return
    problem = _postgres_available()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    name = f"nazar_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Service:
    client: TestClient
    keys: dict[str, str]  # scope -> key
    settings: Settings

    def headers(self, scope: str = "admin", **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[scope]}", **extra}


def start_service(database_url: str, analyzer: Analyzer, **settings: object) -> Iterator[Service]:
    config = Settings(database_url=database_url, **settings)  # type: ignore[arg-type]
    app = create_app(config, analyzer)
    with TestClient(app, raise_server_exceptions=False) as client:
        engine = app.state.nazar.engine
        keys = {scope: create_key(engine, f"{scope}-client", (scope,)).key for scope in ("ingest", "read", "admin")}
        yield Service(client, keys, config)


@pytest.fixture
def service(database_url: str, shipped_analyzer: Analyzer) -> Iterator[Service]:
    yield from start_service(database_url, shipped_analyzer)
