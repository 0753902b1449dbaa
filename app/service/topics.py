"""Custom topics kept in the database, compiled once and re-compiled only when the set changes.

Several service processes may share the database, so a process cannot rely on having seen every change itself:
before matching it reads (count, max id) of the topic table, which identifies the set because ids are never
reused, and recompiles when that differs from what it compiled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence

from sqlalchemy import Engine, func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db.models import CustomTopicRow
from app.text.custom_topics import CompiledTopics, CustomTopic, compile_topics

__all__ = ["TopicExistsError", "TopicStore"]


class TopicExistsError(ValueError):
    pass


class TopicStore:
    def __init__(self, engine: Engine, recheck_seconds: float = 1.0) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._compiled: CompiledTopics = compile_topics([])
        self._version: tuple[int, int] = (0, 0)
        # The set is re-read at most this often: changes made through this process apply at once (create and
        # delete reset the clock), changes made through another process within a second.
        self._recheck = recheck_seconds
        self._checked_at = float("-inf")

    def create(
        self, name: str, phrases: Mapping[str, Sequence[str]], exclusions: Mapping[str, Sequence[str]]
    ) -> CustomTopicRow:
        """Validate (ValueError with the reason) and store a topic."""
        name = name.strip()
        compile_topics([CustomTopic(name, phrases, exclusions)])
        row = CustomTopicRow(
            name=name,
            phrases={language: list(items) for language, items in phrases.items()},
            exclusions={language: list(items) for language, items in exclusions.items()},
        )
        with Session(self._engine) as session:
            session.add(row)
            try:
                session.commit()
            except IntegrityError as error:
                raise TopicExistsError(f"a topic named {name!r} exists already") from error
            session.refresh(row)
            self._changed()
            return row

    def list(self) -> list[CustomTopicRow]:
        with Session(self._engine) as session:
            return list(session.exec(select(CustomTopicRow).order_by(col(CustomTopicRow.id))))

    def get(self, topic_id: int) -> CustomTopicRow | None:
        with Session(self._engine) as session:
            return session.get(CustomTopicRow, topic_id)

    def delete(self, topic_id: int) -> bool:
        with Session(self._engine) as session:
            row = session.get(CustomTopicRow, topic_id)
            if row is None:
                return False
            session.delete(row)
            session.commit()
            self._changed()
            return True

    def compiled(self) -> CompiledTopics:
        """The current set, compiled (cheap when unchanged: one small query at most once a second)."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked_at < self._recheck:
                return self._compiled
        with Session(self._engine.execution_options(nazar_read_only=True)) as session:
            count, max_id = session.execute(
                sa_select(func.count(), func.coalesce(func.max(CustomTopicRow.id), 0))
            ).one()
            version = (int(count), int(max_id))
            with self._lock:
                if version == self._version:
                    self._checked_at = now
                    return self._compiled
            rows = list(session.exec(select(CustomTopicRow).order_by(col(CustomTopicRow.id))))
        compiled = compile_topics([CustomTopic(row.name, row.phrases, row.exclusions) for row in rows])
        with self._lock:
            self._compiled, self._version, self._checked_at = compiled, version, now
        return compiled

    def _changed(self) -> None:
        with self._lock:
            self._checked_at = float("-inf")
