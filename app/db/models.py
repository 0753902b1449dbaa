"""The service's tables (SQLModel). Migrations in `app/db/migrations` create exactly these; a test checks they agree.

Shape of the data:
- `feedback` is one submitted item. Columns that list filters use (language, sentiment) are copied from its
  *current* analysis so that filtering never joins the analysis history.
- `analysis` keeps one row per (feedback, model version): re-analysis adds rows, it never overwrites them.
- `feedback_label` has one row per theme, topic or custom topic of an analysis: theme/topic filters and issue
  grouping read it instead of parsing JSON.
- `issue_tag` is one negative mention; `issue` groups tags (see `app.service.issues`).
- `ticket` is a helpdesk thread; its messages are `feedback` rows pointing at it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from app.db.types import UTCDateTime

__all__ = [
    "Analysis",
    "ApiKey",
    "AuditEntry",
    "CustomTopicRow",
    "Feedback",
    "FeedbackLabel",
    "IdempotencyRecord",
    "Issue",
    "IssueTag",
    "Job",
    "JobChunk",
    "Ticket",
    "utc_now",
]

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _timestamp(*, nullable: bool = False, index: bool = False) -> Any:
    column: Column[datetime] = Column(UTCDateTime(), nullable=nullable, index=index)
    if nullable:
        return Field(default=None, sa_column=column)
    return Field(default_factory=utc_now, sa_column=column)


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    prefix: str = Field(max_length=16)  # the first characters, shown in listings so people can tell keys apart
    key_hash: str = Field(max_length=64, unique=True)  # sha256 of the whole key; the key itself is never stored
    scopes: str = Field(max_length=100)  # space-separated: ingest read admin
    created_at: datetime = _timestamp()
    revoked_at: datetime | None = _timestamp(nullable=True)


class Ticket(SQLModel, table=True):
    __tablename__ = "ticket"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_ticket_source_external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=200)
    external_id: str = Field(max_length=200)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Feedback(SQLModel, table=True):
    __tablename__ = "feedback"
    __table_args__ = (
        # Idempotency of ingestion: one row per (source, external_id); NULL external ids never collide.
        UniqueConstraint("source", "external_id", name="uq_feedback_source_external_id"),
        UniqueConstraint("ticket_id", "message_id", name="uq_feedback_ticket_message"),
        # The list endpoint's stable order and cursor: newest first, id breaking ties.
        Index("ix_feedback_created_id", "created_at", "id"),
        Index("ix_feedback_channel_created", "channel", "created_at"),
        Index("ix_feedback_language_created", "language", "created_at"),
        Index("ix_feedback_sentiment_created", "sentiment_label", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str | None = Field(default=None, max_length=200, index=True)
    external_id: str | None = Field(default=None, max_length=200)
    ticket_id: int | None = Field(default=None, foreign_key="ticket.id", index=True)
    message_id: str | None = Field(default=None, max_length=200)
    channel: str = Field(max_length=20)
    text: str | None = None  # the raw text, only when settings.store_raw_text
    redacted_text: str
    normalization_version: str = Field(max_length=40)
    customer_ref: str | None = Field(default=None, max_length=200, index=True)
    language_hint: str | None = Field(default=None, max_length=8)
    metadata_: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", JSONType, nullable=False))
    nps: int | None = Field(default=None, index=True)
    csat: int | None = Field(default=None, index=True)
    ces: int | None = None
    ces_scale: int | None = None
    created_at: datetime = _timestamp()
    received_at: datetime = _timestamp()
    # Copied from the current analysis (see module docstring).
    current_analysis_id: int | None = Field(default=None, index=True)
    language: str | None = Field(default=None, max_length=8)
    sentiment_label: str | None = Field(default=None, max_length=10)
    sentiment_score: float | None = None


class Analysis(SQLModel, table=True):
    __tablename__ = "analysis"
    __table_args__ = (UniqueConstraint("feedback_id", "model_version", name="uq_analysis_feedback_model"),)

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    model_version: str = Field(max_length=200)
    normalization_version: str = Field(max_length=40)
    language: str = Field(max_length=8)
    sentiment_label: str = Field(max_length=10)
    sentiment_score: float
    sentiment_confidence: float
    result: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))  # the analysis result JSON
    created_at: datetime = _timestamp()
    job_id: int | None = Field(default=None, index=True)  # the re-analysis job that wrote it, if any


class FeedbackLabel(SQLModel, table=True):
    __tablename__ = "feedback_label"
    __table_args__ = (Index("ix_feedback_label_name_analysis", "name", "analysis_id"),)

    id: int | None = Field(default=None, primary_key=True)
    analysis_id: int = Field(foreign_key="analysis.id", index=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    kind: str = Field(max_length=10)  # theme | topic | custom
    name: str = Field(max_length=100)
    sentiment: str = Field(max_length=10)
    confidence: float


class Issue(SQLModel, table=True):
    __tablename__ = "issue"
    __table_args__ = (UniqueConstraint("group_key", name="uq_issue_group_key"),)

    id: int | None = Field(default=None, primary_key=True)
    group_key: str = Field(max_length=300)  # see app.service.issues.group_key
    theme: str | None = Field(default=None, max_length=100, index=True)
    topic: str | None = Field(default=None, max_length=100, index=True)
    language: str = Field(max_length=8, index=True)
    status: str = Field(default="open", max_length=20, index=True)
    title: str = Field(max_length=300)
    created_at: datetime = _timestamp()
    status_changed_at: datetime | None = _timestamp(nullable=True)


class IssueTag(SQLModel, table=True):
    __tablename__ = "issue_tag"
    __table_args__ = (
        Index("ix_issue_tag_issue_seen", "issue_id", "seen_at"),
        UniqueConstraint("analysis_id", "kind", "name", name="uq_issue_tag_mention"),
    )

    id: int | None = Field(default=None, primary_key=True)
    issue_id: int = Field(foreign_key="issue.id")
    feedback_id: int = Field(foreign_key="feedback.id", index=True)
    analysis_id: int = Field(foreign_key="analysis.id", index=True)
    kind: str = Field(max_length=10)  # theme | topic | custom
    name: str = Field(max_length=100)
    confidence: float
    quote: str  # the evidence, with personal data redacted
    seen_at: datetime = _timestamp()  # the feedback's created_at: trends follow when customers spoke


class CustomTopicRow(SQLModel, table=True):
    __tablename__ = "custom_topic"
    # AUTOINCREMENT on SQLite: ids are never reused, so (count, max id) identifies the set of topics (cache key).
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    phrases: dict[str, list[str]] = Field(sa_column=Column(JSONType, nullable=False))
    exclusions: dict[str, list[str]] = Field(sa_column=Column(JSONType, nullable=False))
    created_at: datetime = _timestamp()


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("api_key_id", "key", name="uq_idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_key.id")
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)  # a retry must send the same body
    status_code: int
    response: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    created_at: datetime = _timestamp(index=True)


class Job(SQLModel, table=True):
    """A re-analysis job. Its work is split into `job_chunk` rows; progress is the sum over them."""

    __tablename__ = "job"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default="reanalyze", max_length=20)
    state: str = Field(max_length=20, index=True)  # running | done | cancelled | failed
    model_version: str = Field(max_length=200)
    filter: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    total: int = 0
    created_at: datetime = _timestamp()
    started_at: datetime | None = _timestamp(nullable=True)
    finished_at: datetime | None = _timestamp(nullable=True)
    error: str | None = None
    report: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONType, nullable=True))


class JobChunk(SQLModel, table=True):
    """A slice of a job's items. Claimed under a lease, so a chunk whose worker died is taken up again."""

    __tablename__ = "job_chunk"
    __table_args__ = (Index("ix_job_chunk_job_state", "job_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id")
    seq: int
    feedback_ids: list[int] = Field(sa_column=Column(JSONType, nullable=False))
    state: str = Field(default="pending", max_length=20)  # pending | running | done
    attempts: int = 0
    worker: str | None = Field(default=None, max_length=200)
    lease_until: datetime | None = _timestamp(nullable=True)
    done_count: int = 0
    failed_count: int = 0
    finished_at: datetime | None = _timestamp(nullable=True)


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _timestamp(index=True)
    action: str = Field(max_length=50)
    target: str = Field(max_length=200)
    api_key_id: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))


# The same tables for SQLAlchemy core (bulk writes, aggregates, streaming reads). One definition here instead of
# an alias in every module; typed Any because SQLModel does not type `__table__` and core column access is dynamic.
FEEDBACK_TABLE: Any = Feedback.__table__  # type: ignore[attr-defined]
ANALYSIS_TABLE: Any = Analysis.__table__  # type: ignore[attr-defined]
LABEL_TABLE: Any = FeedbackLabel.__table__  # type: ignore[attr-defined]
TAG_TABLE: Any = IssueTag.__table__  # type: ignore[attr-defined]
