"""API keys: random tokens shown once, stored as SHA-256 hashes, each with scopes.

A key is 32 random bytes, so a fast hash is enough: slow password hashes (argon2, bcrypt) exist to stop guessing of
low-entropy secrets, and here they would only add milliseconds to every request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Engine, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from app.db.engine import read_connection
from app.db.models import ApiKey, utc_now

__all__ = ["SCOPES", "CreatedKey", "authenticate", "count_keys", "create_key", "hash_key", "list_keys", "revoke_key"]

SCOPES: Final = ("ingest", "read", "admin")
_KEY_PREFIX: Final = "nzr_"


@dataclass(frozen=True, slots=True)
class CreatedKey:
    id: int
    name: str
    scopes: tuple[str, ...]
    key: str  # the only time the clear key exists outside the client


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(engine: Engine, name: str, scopes: tuple[str, ...]) -> CreatedKey:
    name = name.strip()
    if not name:
        raise ValueError("a key needs a name")
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise ValueError(f"scopes must be among {', '.join(SCOPES)} (got {', '.join(scopes) or 'none'})")
    key = _KEY_PREFIX + secrets.token_urlsafe(32)
    ordered = tuple(scope for scope in SCOPES if scope in scopes)
    row = ApiKey(name=name, prefix=key[:12], key_hash=hash_key(key), scopes=" ".join(ordered))
    with Session(engine) as session:
        session.add(row)
        session.commit()
        assert row.id is not None
        return CreatedKey(row.id, name, ordered, key)


def authenticate(engine: Engine, key: str) -> ApiKey | None:
    """The live key row for `key`, or None (unknown or revoked). Read on every request, so a revocation takes
    effect at once; one indexed lookup on a read-only connection (no write lock on SQLite)."""
    table = ApiKey.__table__  # type: ignore[attr-defined]
    with read_connection(engine) as connection:
        row = connection.execute(sa_select(table).where(table.c.key_hash == hash_key(key))).first()
    if row is None or row.revoked_at is not None:
        return None
    return ApiKey(**row._mapping)


def revoke_key(engine: Engine, key_id: int) -> bool:
    with Session(engine) as session:
        row = session.get(ApiKey, key_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utc_now()
        session.add(row)
        session.commit()
        return True


def list_keys(engine: Engine) -> list[ApiKey]:
    with Session(engine) as session:
        rows = list(session.exec(select(ApiKey).order_by(ApiKey.id)))  # type: ignore[arg-type]
        for row in rows:
            session.expunge(row)
        return rows


def count_keys(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(ApiKey)).one())
