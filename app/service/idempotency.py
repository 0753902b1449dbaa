"""Idempotency-Key records: a retried request with the same key and body gets the first response back.

The record is written in the same transaction as the items (see `Ingestor.ingest`'s `finalize`), so a stored
response always describes committed items, and a request that crashed before committing left no record: its retry
simply runs. Two concurrent requests with one key: the second blocks on the unique index (PostgreSQL) or on the
write lock (SQLite), then finds the record and replays it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from app.db.models import IdempotencyRecord, utc_now

__all__ = ["IdempotencyConflictError", "Replay", "StoredResponse", "find_record", "request_hash", "save_record"]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


class Replay(Exception):  # noqa: N818  (control flow, not an error)
    """Raised inside the write transaction when another request with this key committed first."""

    def __init__(self, response: StoredResponse) -> None:
        super().__init__("replay")
        self.response = response


class IdempotencyConflictError(ValueError):
    """The key was used before with a different body."""


def request_hash(payload: Any) -> str:
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _lookup(session: Session, api_key_id: int, key: str, digest: str, ttl: timedelta) -> StoredResponse | None:
    record = session.exec(
        select(IdempotencyRecord).where(IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key)
    ).first()
    if record is None:
        return None
    if record.created_at < utc_now() - ttl:
        session.execute(delete(IdempotencyRecord).where(col(IdempotencyRecord.id) == record.id))
        return None
    if record.request_hash != digest:
        raise IdempotencyConflictError("this Idempotency-Key was used with a different request body")
    return StoredResponse(record.status_code, record.response)


def find_record(engine: Engine, api_key_id: int, key: str, digest: str, ttl: timedelta) -> StoredResponse | None:
    with Session(engine) as session:
        found = _lookup(session, api_key_id, key, digest, ttl)
        session.commit()  # commits the removal of an expired record
        return found


def save_record(
    session: Session, api_key_id: int, key: str, digest: str, response: StoredResponse, ttl: timedelta
) -> None:
    """Inside the write transaction: replay if someone committed this key meanwhile, else record `response`."""
    existing = _lookup(session, api_key_id, key, digest, ttl)
    if existing is not None:
        raise Replay(existing)
    session.add(
        IdempotencyRecord(
            api_key_id=api_key_id,
            key=key,
            request_hash=digest,
            status_code=response.status_code,
            response=response.body,
        )
    )
