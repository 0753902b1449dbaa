"""One SQLAlchemy engine per process, for SQLite (the embedded default) or PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ARRAY, Connection, Engine, Integer, any_, bindparam, create_engine, event
from sqlalchemy.engine import make_url

__all__ = ["create_db_engine", "id_in", "normalize_database_url", "read_connection"]


def normalize_database_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://) and use the psycopg 3 driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str) -> Engine:
    url = normalize_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None hands transaction control to the `begin` hook below (pysqlite's own is broken).
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None}, pool_size=10
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; NORMAL sync is durable across process crashes (not power loss).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # SQLite has no time zones: summaries bucket by the local day through this function (PostgreSQL: timezone()).
    dbapi_connection.create_function("nazar_local_day", 2, _local_day, deterministic=True)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local_day(stored: str | None, zone: str) -> str | None:
    """The local calendar day of a stored UTC timestamp ('2026-03-01 06:30:00.000000' -> '2026-03-01')."""
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return moment.astimezone(_zone(zone)).date().isoformat()


def _begin_immediate(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another connection
    # wrote in between (busy_timeout does not apply to that upgrade). Taking the write lock up front makes
    # concurrent writers queue on busy_timeout instead. Connections from `read_connection` only read, so they
    # take no lock: under WAL they neither wait for writers nor hold them up (long exports, summaries).
    read_only = connection.get_execution_options().get("nazar_read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def read_connection(engine: Engine) -> Connection:
    """A connection for reads only (on SQLite its transactions take no write lock)."""
    return engine.connect().execution_options(nazar_read_only=True)


def id_in(column: Any, ids: list[int], dialect: str) -> Any:
    """`column IN ids`. On PostgreSQL as `= ANY(array)`, one parameter: psycopg parses a statement with a thousand
    placeholders in Python on every execution, which cost more than running it (re-analysis reports, measured)."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, ids, type_=ARRAY(Integer)))
    return column.in_(ids)
